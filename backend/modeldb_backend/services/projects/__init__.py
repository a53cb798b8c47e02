"""ProjectService: projects, their metadata and deep copies (finders and artifact URLs live with the shared
helpers in services/finders.py and services/artifacts/)."""
