"""ExperimentService: experiments and their metadata (finders and artifact URLs are shared, see services/)."""
