"""ExperimentRunService: `rpcs.ExperimentRunRpcs` assembles one mixin per area (lifecycle, logged values,
code and artifacts, dataset links); finds and lists are in `finders`, artifact URLs and multipart uploads in
services/artifacts/urls.py; `changes` holds the helpers the mixins (and ExtensionService) share."""
