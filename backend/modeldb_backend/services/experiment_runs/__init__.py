"""ExperimentRunService: `rpcs.ExperimentRunRpcs` assembles one mixin per area (lifecycle, logged values,
code and artifacts, dataset links); `changes` holds the helpers they (and ExtensionService) share."""
