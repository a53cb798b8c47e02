"""ExperimentRunService: `rpcs.ExperimentRunRpcs` assembles one mixin per area (lifecycle, logged values,
code and artifacts, dataset links); finds and lists are in `finders`, links to versioning commits in
`versioned_inputs` (rows: `versioned_input_rows`, code versions: `code_from_blobs`), artifact URLs and multipart
uploads in services/artifacts/urls.py; `changes` holds the helpers the mixins (and ExtensionService) share."""
