"""The model registry (ModelDB's RegistryService and StageService): registered models, their versions, stages,
labels and locks, from notebooks.

    version = client.register(run, "churn", stage="staging")  # the model is created on first use
    model = client.model("churn")
    model.versions()                      # DataFrame: version, stage, run, created, labels, lock, id, run_id
    model.version("v1").promote("production", comment="beats the baseline on the holdout set")
    model.version("v1").history()         # DataFrame: time, actor, action, from_stage, to_stage, comment, changes
    client.models_df()                    # DataFrame: name, versions, latest, production, staging, labels, ...

A version made by `register` is created from its run (`experiment_run_id`): the backend copies the run's model
artifact, artifacts, datasets, code and environment by reference and links the two both ways. Stage changes go
through StageService's updateStage, so each one is in the version's activity log and audit trail (who, when,
from which stage). Everything goes through `client.call(...)`, so it works the same embedded and remote.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from google.protobuf import field_mask_pb2

from modeldb_backend.pb.common import common_pb2
from modeldb_backend.pb.registry import registry_service_pb2 as rpb
from modeldb_backend.pb.registry import stage_service_pb2 as spb

from .entities import _Numbered
from .errors import AlreadyExistsError, NotFoundError
from .protos import from_ms
from .values import check_tags
from .versioning import WORKSPACE

if TYPE_CHECKING:
    import datetime as dt

    import pandas as pd

    from .client import Client
    from .entities import ExperimentRun
    from .protos import TypedRequest

PAGE_SIZE = 1000
VERSION_NAME = re.compile(r"v(\d+)")  # generated version names: v1, v2, ...
VERSION_ATTEMPTS = 5  # another process may take the next generated name first
Stage = spb.StageEnum.Stage
Lock = rpb.ModelVersionLockLevelEnum.ModelVersionLockLevel
# The stages a version can be moved to (UNASSIGNED only marks "never set"; StageService refuses it as a target).
STAGES: dict[str, Stage] = {
    "development": spb.StageEnum.DEVELOPMENT,
    "staging": spb.StageEnum.STAGING,
    "production": spb.StageEnum.PRODUCTION,
    "archived": spb.StageEnum.ARCHIVED,
}
TARGET_STAGES = tuple(STAGES)
LOCKS: dict[str, Lock] = {
    "open": rpb.ModelVersionLockLevelEnum.OPEN,
    "closed": rpb.ModelVersionLockLevelEnum.CLOSED,
    "redact": rpb.ModelVersionLockLevelEnum.REDACT,
}
LOCK_LEVELS = tuple(LOCKS)


# --- words for enum values --------------------------------------------------------------------------------------


def stage_word(stage: int) -> str:
    """A stage number as the lower-case word the API takes and shows ('production')."""
    return spb.StageEnum.Stage.Name(stage).lower() if stage in spb.StageEnum.Stage.values() else str(stage)


def stage_number(stage: str | int) -> Stage:
    """'staging' (any case) or a StageEnum number → the number; only stages a version can be moved to."""
    word = stage_word(stage) if isinstance(stage, int) and not isinstance(stage, bool) else stage
    if not isinstance(word, str) or word.strip().lower() not in TARGET_STAGES:
        typed = str(word).strip().lower()
        close = [s for s in TARGET_STAGES if typed and s.startswith(typed)] or difflib.get_close_matches(
            typed, TARGET_STAGES, n=1
        )
        hint = f"; did you mean {close[0]!r}?" if close else "."
        if typed == "unassigned":
            hint = " (it only marks a version whose stage was never set)."
        raise ValueError(f"unknown stage {stage!r}{hint} A version can be moved to {', '.join(TARGET_STAGES)}")
    return STAGES[word.strip().lower()]


def lock_word(level: int) -> str:
    known = rpb.ModelVersionLockLevelEnum.ModelVersionLockLevel
    return known.Name(level).lower() if level in known.values() else str(level)


def lock_number(level: str) -> Lock:
    word = level.strip().lower() if isinstance(level, str) else level
    if word not in LOCK_LEVELS:
        raise ValueError(f"unknown lock level {level!r}: one of {', '.join(LOCK_LEVELS)}")
    return LOCKS[str(word)]


# --- identifications ---------------------------------------------------------------------------------------------


def _by_name(name: str) -> rpb.RegisteredModelIdentification:
    named = rpb.RegisteredModelNamedIdentification(name=name, workspace_name=WORKSPACE)
    return rpb.RegisteredModelIdentification(named_id=named)


def _by_id(model_id: int) -> rpb.RegisteredModelIdentification:
    return rpb.RegisteredModelIdentification(registered_model_id=model_id)


def _version_ident(version_id: int, model_id: int = 0) -> rpb.ModelVersionIdentification:
    return rpb.ModelVersionIdentification(model_version_id=version_id, model_id=_by_id(model_id) if model_id else None)


def _only(*fields: str) -> field_mask_pb2.FieldMask:
    """An update of just these fields (without a mask an update replaces every field, as a PUT does)."""
    return field_mask_pb2.FieldMask(paths=list(fields))


def all_pages(client: Client, request: Any, field: str) -> list[Any]:
    """Every item of a registry find (FindRegisteredModel, FindModelVersion), page after page."""
    out: list[Any] = []
    number = 1
    while True:
        request.pagination.CopyFrom(common_pb2.Pagination(page_number=number, page_limit=PAGE_SIZE))
        answer = client.call(request)
        items = list(getattr(answer, field))
        out.extend(items)
        if len(items) < PAGE_SIZE or len(out) >= answer.total_records:
            return out
        number += 1


# --- registered models -----------------------------------------------------------------------------------------


def find_model(client: Client, name: str) -> RegisteredModel | None:
    """The registered model `name`, or None."""
    try:
        found = client.call(rpb.GetRegisteredModelRequest(id=_by_name(name))).registered_model
    except NotFoundError:
        return None
    return RegisteredModel(client, found) if found.id else None


def get_model(client: Client, name: str | None = None, id: int | None = None) -> RegisteredModel:
    """The registered model by name (or id); NotFoundError names what exists."""
    if id is not None:
        return RegisteredModel(client, client.call(rpb.GetRegisteredModelRequest(id=_by_id(int(id)))).registered_model)
    if not name:
        raise ValueError("give the model's name (or id=)")
    found = find_model(client, name)
    if found is None:
        known = sorted(m.name for m in all_pages(client, rpb.FindRegisteredModelRequest(), "registered_models"))
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise NotFoundError(
            f"no registered model named {name!r}{hint} (register a run with client.register(run, name))"
        )
    return found


def get_or_create_model(
    client: Client, name: str, description: str | None = None, labels: Iterable[str] | None = None
) -> RegisteredModel:
    if not isinstance(name, str) or not name.strip():
        raise ValueError("a registered model needs a name, e.g. client.register(run, 'churn')")

    def create() -> RegisteredModel:
        model = rpb.RegisteredModel(name=name, description=description or "", labels=check_tags(labels or []))
        request = rpb.SetRegisteredModel(id=_by_name(""), registered_model=model)
        return RegisteredModel(client, client.call(request, rpc="CreateRegisteredModel").registered_model)

    model, _created = client._get_or_create(lambda: find_model(client, name), create)
    return model


def models(client: Client) -> list[RegisteredModel]:
    """Every registered model, by name."""
    found = all_pages(client, rpb.FindRegisteredModelRequest(workspace_name=WORKSPACE), "registered_models")
    return sorted((RegisteredModel(client, m) for m in found), key=lambda m: m.name)


class RegisteredModel(_Numbered):
    """A registered model: a name under which versions of a model are kept, each with a stage."""

    _msg: rpb.RegisteredModel

    @property
    def description(self) -> str:
        return str(self._msg.description)

    @property
    def labels(self) -> list[str]:
        return sorted(self._msg.labels)

    @property
    def created(self) -> dt.datetime | None:
        return from_ms(int(self._msg.time_created))

    @property
    def message(self) -> rpb.RegisteredModel:
        return self._msg

    def refresh(self) -> RegisteredModel:
        self._msg = self._client.call(rpb.GetRegisteredModelRequest(id=_by_id(self.id))).registered_model
        return self

    # --- versions ---------------------------------------------------------------------------------------------

    def version_list(self) -> list[ModelVersion]:
        """Every version of the model, oldest first."""
        request = rpb.FindModelVersionRequest(id=_by_id(self.id))
        found = all_pages(self._client, request, "model_versions")
        return [ModelVersion(self._client, v, self) for v in sorted(found, key=lambda v: (v.time_created, v.id))]

    def versions(self) -> pd.DataFrame:
        """One row per version, oldest first: version, stage, run (its name), created, labels, lock, id, run_id."""
        from .registry_frames import versions_frame

        return versions_frame(self._client, self.version_list())

    def version(self, ref: str | int) -> ModelVersion:
        """A version by its name (a str, e.g. 'v2') or its id (an int)."""
        if isinstance(ref, int) and not isinstance(ref, bool):
            found = self._client.call(rpb.GetModelVersionRequest(id=_version_ident(ref))).model_version
            if found.registered_model_id != self.id:
                raise NotFoundError(f"model version {ref} is not a version of {self.name!r}")
            return ModelVersion(self._client, found, self)
        if not isinstance(ref, str) or not ref:
            raise TypeError(f"a version is named by its name (str) or id (int), got {ref!r}")
        query = common_pb2.KeyValueQuery(key="version", operator=common_pb2.OperatorEnum.EQ)
        query.value.string_value = ref
        request = rpb.FindModelVersionRequest(id=_by_id(self.id), predicates=[query])
        found_list = all_pages(self._client, request, "model_versions")
        if not found_list:
            names = [v.name for v in self.version_list()]
            listed = ", ".join(names[-20:]) or "none yet"
            raise NotFoundError(f"model {self.name!r} has no version {ref!r} (its versions: {listed})")
        return ModelVersion(self._client, found_list[0], self)

    def create_version(
        self,
        run: ExperimentRun | str | None = None,
        version: str | None = None,
        labels: Iterable[str] | None = None,
        description: str | None = None,
    ) -> ModelVersion:
        """A new version, from `run` (an ExperimentRun or a run id) when given; without `version`, the next free
        name v1, v2, ... A taken name is AlreadyExistsError."""
        run_id = run if isinstance(run, str) or run is None else run.id
        if version is not None and (not isinstance(version, str) or not version.strip()):
            raise ValueError(f"a version name must be non-empty text, got {version!r}")
        message = rpb.ModelVersion(labels=check_tags(labels or []), description=description or "")
        if run_id:
            message.experiment_run_id = run_id
        if version is not None:
            return self._create(message, version)
        for attempt in range(VERSION_ATTEMPTS):
            try:
                return self._create(message, self._next_name())
            except AlreadyExistsError:  # another process took that name meanwhile: take the next one
                if attempt == VERSION_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _next_name(self) -> str:
        numbers = [int(m.group(1)) for v in self.version_list() if (m := VERSION_NAME.fullmatch(v.name))]
        return f"v{max(numbers, default=0) + 1}"

    def _create(self, message: rpb.ModelVersion, name: str) -> ModelVersion:
        message.version = name
        request = rpb.SetModelVersion(id=_version_ident(0, self.id), model_version=message)
        try:
            created = self._client.call(request, rpc="CreateModelVersion").model_version
        except AlreadyExistsError as exc:
            raise AlreadyExistsError(f"model {self.name!r} already has a version {name!r}", code=exc.code) from None
        return ModelVersion(self._client, created, self)

    # --- the model itself ---------------------------------------------------------------------------------------

    def add_labels(self, labels: Iterable[str]) -> RegisteredModel:
        wanted = sorted(set(self.refresh().labels) | set(check_tags(list(labels))))
        request = rpb.SetRegisteredModel(
            id=_by_id(self.id), registered_model=rpb.RegisteredModel(labels=wanted), update_mask=_only("labels")
        )
        self._msg = self._client.call(request, rpc="UpdateRegisteredModel").registered_model
        return self

    def activities(self) -> pd.DataFrame:
        """The stage activity log of every version of the model (StageService findActivities), oldest first."""
        from .registry_frames import activities_frame

        request = spb.FindActivitiesRequest(registered_model_id=self.id)
        return activities_frame(list(self._client.call(request).activities), self.version_list())

    def delete(self) -> None:
        """Delete the model and its versions."""
        self._client.call(rpb.DeleteRegisteredModelRequest(id=_by_id(self.id)))


class ModelVersion:
    """One version of a registered model: its stage, lock, labels and the run it came from."""

    def __init__(self, client: Client, message: rpb.ModelVersion, model: RegisteredModel | None = None) -> None:
        self._client = client
        self._msg = message
        self._model = model
        self.id = int(message.id)

    @property
    def name(self) -> str:
        return str(self._msg.version)

    @property
    def stage(self) -> str:
        return stage_word(self._msg.stage)

    @property
    def lock_level(self) -> str:
        return lock_word(self._msg.lock_level)

    @property
    def labels(self) -> list[str]:
        return sorted(self._msg.labels)

    @property
    def description(self) -> str:
        return str(self._msg.description)

    @property
    def created(self) -> dt.datetime | None:
        return from_ms(int(self._msg.time_created))

    @property
    def run_id(self) -> str | None:
        return str(self._msg.experiment_run_id) or None

    @property
    def message(self) -> rpb.ModelVersion:
        return self._msg

    @property
    def model(self) -> RegisteredModel:
        if self._model is None:
            self._model = get_model(self._client, id=int(self._msg.registered_model_id))
        return self._model

    @property
    def run(self) -> ExperimentRun | None:
        """The run the version was registered from (None for a version made without one)."""
        run_id = self.run_id
        return self._client._run_by_id(run_id) if run_id else None

    def __repr__(self) -> str:
        return f"<ModelVersion {self.name!r} of model id={int(self._msg.registered_model_id)} stage={self.stage}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ModelVersion) and other.id == self.id

    def __hash__(self) -> int:
        return hash(("ModelVersion", self.id))

    def refresh(self) -> ModelVersion:
        self._msg = self._client.call(rpb.GetModelVersionRequest(id=_version_ident(self.id))).model_version
        return self

    def promote(self, stage: str | int, comment: str | None = None) -> ModelVersion:
        """Move the version to `stage` (development, staging, production or archived), with an optional comment;
        the change is in `history()`. Moving to the stage it is in is refused (InvalidArgumentError)."""
        if comment is not None and not isinstance(comment, str):
            raise TypeError(f"comment must be text, got {type(comment).__name__}")
        request = spb.UpdateStageRequest(model_version_id=self.id, stage=stage_number(stage), comment=comment or "")
        # StageService answers an Activity, not a nested Response: tell the type checker what comes back.
        self._client.call(cast("TypedRequest[spb.Activity]", request))
        return self.refresh()

    def lock(self, level: str) -> ModelVersion:
        """Set the lock level: 'open' (editable), 'closed' (no more changes) or 'redact'."""
        request = rpb.SetLockModelVersionRequest(id=_version_ident(self.id), lock_level=lock_number(level))
        self._client.call(request)
        return self.refresh()

    def add_labels(self, labels: Iterable[str]) -> ModelVersion:
        wanted = sorted(set(self.refresh().labels) | set(check_tags(list(labels))))
        ident = _version_ident(self.id, int(self._msg.registered_model_id))
        request = rpb.SetModelVersion(
            id=ident, model_version=rpb.ModelVersion(labels=wanted), update_mask=_only("labels")
        )
        self._msg = self._client.call(request, rpc="UpdateModelVersion").model_version
        return self

    def activities(self) -> list[spb.Activity]:
        """StageService's activity log of the version (stage changes, transitions, comments), oldest first."""
        return list(self._client.call(spb.FindActivitiesRequest(model_version_id=self.id)).activities)

    def history(self) -> pd.DataFrame:
        """Every recorded change of the version, oldest first: time, actor, action (the RPC), from_stage,
        to_stage, comment, changes (the audit record). Answers "who promoted it, when, from what"."""
        from .registry_frames import history_frame

        return history_frame(self._client, self.id)

    def delete(self) -> None:
        self._client.call(rpb.DeleteModelVersionRequest(id=_version_ident(self.id)))


def register(
    client: Client,
    run: ExperimentRun | str,
    model_name: str,
    version: str | None = None,
    stage: str | int | None = None,
    labels: Iterable[str] | None = None,
    description: str | None = None,
) -> ModelVersion:
    """Register `run` (an ExperimentRun or its id) as a new version of the model `model_name` (created when
    missing); `stage` then moves it there. Bad input is refused before anything is written."""
    target = stage_number(stage) if stage is not None else None
    checked_labels = check_tags(list(labels or []))
    run_id = run if isinstance(run, str) else getattr(run, "id", None)
    if not isinstance(run_id, str) or not run_id:
        raise TypeError(f"register takes a run (ExperimentRun) or a run id, got {run!r}")
    client.flush_for_reading()  # the version copies what the run has: what this client logged must be stored
    client._run_by_id(run_id)  # NotFoundError for an unknown run, before a model is created
    model = get_or_create_model(client, model_name)
    created = model.create_version(run_id, version, checked_labels, description)
    return created.promote(target) if target is not None else created
