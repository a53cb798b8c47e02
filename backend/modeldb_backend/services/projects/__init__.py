"""ProjectService: the RPCs (`rpcs`), finds and lists (`finders`), deep copies (`deep_copy`); artifact URLs
are shared with the other entities in services/artifacts/urls.py."""
