"""ExperimentService: the RPCs (`rpcs`) and finds and lists (`finders`); artifact URLs are shared with the
other entities in services/artifacts/urls.py."""
