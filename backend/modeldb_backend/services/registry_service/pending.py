"""RegistryService and StageService RPCs still being written (issue 15): they answer 501 with this reason.

Each helper removes its RPCs from here as it implements them; when this is empty the module goes.
"""

from __future__ import annotations

BEING_BUILT = "being built: the model registry is in progress"

PENDING: dict[str, str] = {
    name: BEING_BUILT
    for name in (
        # RegistryService: registered models and versions (models.py, versions.py)
        "FindRegisteredModel",
        "GetRegisteredModel",
        "GetRegisteredModelCount",
        "CreateRegisteredModel",
        "UpdateRegisteredModel",
        "DeleteRegisteredModel",
        "FindModelVersion",
        "GetModelVersion",
        "CreateModelVersion",
        "UpdateModelVersion",
        "SetLockModelVersion",
        "DeleteModelVersion",
    )
}
