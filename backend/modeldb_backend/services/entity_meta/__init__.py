"""Metadata that ProjectService and ExperimentService share: the rules (`rules`) and the tag, attribute,
code-version and artifact RPCs written once for both (`rpcs`)."""
