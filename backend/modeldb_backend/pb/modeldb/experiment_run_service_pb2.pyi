from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from modeldb_backend.pb.common import common_pb2 as _common_pb2
from modeldb_backend.pb.modeldb import common_pb2 as _common_pb2_1
from modeldb_backend.pb.versioning import versioning_pb2 as _versioning_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ExperimentRun(_message.Message):
    __slots__ = ("id", "project_id", "experiment_id", "name", "description", "date_created", "date_updated", "start_time", "end_time", "code_version", "code_version_snapshot", "parent_id", "environment", "tags", "attributes", "hyperparameters", "artifacts", "datasets", "metrics", "observations", "features", "job_id", "owner", "owner_id", "group_owner_id", "versioned_inputs", "code_version_from_blob", "version_number")
    class CodeVersionFromBlobEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _common_pb2.CodeVersion
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_common_pb2.CodeVersion, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPERIMENT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DATE_CREATED_FIELD_NUMBER: _ClassVar[int]
    DATE_UPDATED_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    CODE_VERSION_FIELD_NUMBER: _ClassVar[int]
    CODE_VERSION_SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENT_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    HYPERPARAMETERS_FIELD_NUMBER: _ClassVar[int]
    ARTIFACTS_FIELD_NUMBER: _ClassVar[int]
    DATASETS_FIELD_NUMBER: _ClassVar[int]
    METRICS_FIELD_NUMBER: _ClassVar[int]
    OBSERVATIONS_FIELD_NUMBER: _ClassVar[int]
    FEATURES_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    VERSIONED_INPUTS_FIELD_NUMBER: _ClassVar[int]
    CODE_VERSION_FROM_BLOB_FIELD_NUMBER: _ClassVar[int]
    VERSION_NUMBER_FIELD_NUMBER: _ClassVar[int]
    id: str
    project_id: str
    experiment_id: str
    name: str
    description: str
    date_created: int
    date_updated: int
    start_time: int
    end_time: int
    code_version: str
    code_version_snapshot: _common_pb2.CodeVersion
    parent_id: str
    environment: _versioning_pb2.EnvironmentBlob
    tags: _containers.RepeatedScalarFieldContainer[str]
    attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    hyperparameters: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    artifacts: _containers.RepeatedCompositeFieldContainer[_common_pb2.Artifact]
    datasets: _containers.RepeatedCompositeFieldContainer[_common_pb2.Artifact]
    metrics: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    observations: _containers.RepeatedCompositeFieldContainer[Observation]
    features: _containers.RepeatedCompositeFieldContainer[_common_pb2_1.Feature]
    job_id: str
    owner: str
    owner_id: int
    group_owner_id: _common_pb2.GroupId
    versioned_inputs: VersioningEntry
    code_version_from_blob: _containers.MessageMap[str, _common_pb2.CodeVersion]
    version_number: int
    def __init__(self, id: _Optional[str] = ..., project_id: _Optional[str] = ..., experiment_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., date_created: _Optional[int] = ..., date_updated: _Optional[int] = ..., start_time: _Optional[int] = ..., end_time: _Optional[int] = ..., code_version: _Optional[str] = ..., code_version_snapshot: _Optional[_Union[_common_pb2.CodeVersion, _Mapping]] = ..., parent_id: _Optional[str] = ..., environment: _Optional[_Union[_versioning_pb2.EnvironmentBlob, _Mapping]] = ..., tags: _Optional[_Iterable[str]] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., hyperparameters: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., artifacts: _Optional[_Iterable[_Union[_common_pb2.Artifact, _Mapping]]] = ..., datasets: _Optional[_Iterable[_Union[_common_pb2.Artifact, _Mapping]]] = ..., metrics: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., observations: _Optional[_Iterable[_Union[Observation, _Mapping]]] = ..., features: _Optional[_Iterable[_Union[_common_pb2_1.Feature, _Mapping]]] = ..., job_id: _Optional[str] = ..., owner: _Optional[str] = ..., owner_id: _Optional[int] = ..., group_owner_id: _Optional[_Union[_common_pb2.GroupId, _Mapping]] = ..., versioned_inputs: _Optional[_Union[VersioningEntry, _Mapping]] = ..., code_version_from_blob: _Optional[_Mapping[str, _common_pb2.CodeVersion]] = ..., version_number: _Optional[int] = ...) -> None: ...

class VersioningEntry(_message.Message):
    __slots__ = ("repository_id", "commit", "key_location_map")
    class KeyLocationMapEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: Location
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[Location, _Mapping]] = ...) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    COMMIT_FIELD_NUMBER: _ClassVar[int]
    KEY_LOCATION_MAP_FIELD_NUMBER: _ClassVar[int]
    repository_id: int
    commit: str
    key_location_map: _containers.MessageMap[str, Location]
    def __init__(self, repository_id: _Optional[int] = ..., commit: _Optional[str] = ..., key_location_map: _Optional[_Mapping[str, Location]] = ...) -> None: ...

class Location(_message.Message):
    __slots__ = ("location",)
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    location: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, location: _Optional[_Iterable[str]] = ...) -> None: ...

class LogVersionedInput(_message.Message):
    __slots__ = ("id", "versioned_inputs")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    VERSIONED_INPUTS_FIELD_NUMBER: _ClassVar[int]
    id: str
    versioned_inputs: VersioningEntry
    def __init__(self, id: _Optional[str] = ..., versioned_inputs: _Optional[_Union[VersioningEntry, _Mapping]] = ...) -> None: ...

class GetVersionedInput(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("versioned_inputs",)
        VERSIONED_INPUTS_FIELD_NUMBER: _ClassVar[int]
        versioned_inputs: VersioningEntry
        def __init__(self, versioned_inputs: _Optional[_Union[VersioningEntry, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class Observation(_message.Message):
    __slots__ = ("attribute", "artifact", "timestamp", "epoch_number")
    ATTRIBUTE_FIELD_NUMBER: _ClassVar[int]
    ARTIFACT_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    EPOCH_NUMBER_FIELD_NUMBER: _ClassVar[int]
    attribute: _common_pb2.KeyValue
    artifact: _common_pb2.Artifact
    timestamp: int
    epoch_number: _struct_pb2.Value
    def __init__(self, attribute: _Optional[_Union[_common_pb2.KeyValue, _Mapping]] = ..., artifact: _Optional[_Union[_common_pb2.Artifact, _Mapping]] = ..., timestamp: _Optional[int] = ..., epoch_number: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ...) -> None: ...

class CreateExperimentRun(_message.Message):
    __slots__ = ("id", "project_id", "experiment_id", "name", "description", "date_created", "date_updated", "start_time", "end_time", "code_version", "code_version_snapshot", "parent_id", "tags", "attributes", "hyperparameters", "artifacts", "datasets", "metrics", "observations", "features", "versioned_inputs")
    class Response(_message.Message):
        __slots__ = ("experiment_run",)
        EXPERIMENT_RUN_FIELD_NUMBER: _ClassVar[int]
        experiment_run: ExperimentRun
        def __init__(self, experiment_run: _Optional[_Union[ExperimentRun, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPERIMENT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DATE_CREATED_FIELD_NUMBER: _ClassVar[int]
    DATE_UPDATED_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    CODE_VERSION_FIELD_NUMBER: _ClassVar[int]
    CODE_VERSION_SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    HYPERPARAMETERS_FIELD_NUMBER: _ClassVar[int]
    ARTIFACTS_FIELD_NUMBER: _ClassVar[int]
    DATASETS_FIELD_NUMBER: _ClassVar[int]
    METRICS_FIELD_NUMBER: _ClassVar[int]
    OBSERVATIONS_FIELD_NUMBER: _ClassVar[int]
    FEATURES_FIELD_NUMBER: _ClassVar[int]
    VERSIONED_INPUTS_FIELD_NUMBER: _ClassVar[int]
    id: str
    project_id: str
    experiment_id: str
    name: str
    description: str
    date_created: int
    date_updated: int
    start_time: int
    end_time: int
    code_version: str
    code_version_snapshot: _common_pb2.CodeVersion
    parent_id: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    hyperparameters: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    artifacts: _containers.RepeatedCompositeFieldContainer[_common_pb2.Artifact]
    datasets: _containers.RepeatedCompositeFieldContainer[_common_pb2.Artifact]
    metrics: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    observations: _containers.RepeatedCompositeFieldContainer[Observation]
    features: _containers.RepeatedCompositeFieldContainer[_common_pb2_1.Feature]
    versioned_inputs: VersioningEntry
    def __init__(self, id: _Optional[str] = ..., project_id: _Optional[str] = ..., experiment_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., date_created: _Optional[int] = ..., date_updated: _Optional[int] = ..., start_time: _Optional[int] = ..., end_time: _Optional[int] = ..., code_version: _Optional[str] = ..., code_version_snapshot: _Optional[_Union[_common_pb2.CodeVersion, _Mapping]] = ..., parent_id: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., hyperparameters: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., artifacts: _Optional[_Iterable[_Union[_common_pb2.Artifact, _Mapping]]] = ..., datasets: _Optional[_Iterable[_Union[_common_pb2.Artifact, _Mapping]]] = ..., metrics: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., observations: _Optional[_Iterable[_Union[Observation, _Mapping]]] = ..., features: _Optional[_Iterable[_Union[_common_pb2_1.Feature, _Mapping]]] = ..., versioned_inputs: _Optional[_Union[VersioningEntry, _Mapping]] = ...) -> None: ...

class DeleteExperimentRun(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("status",)
        STATUS_FIELD_NUMBER: _ClassVar[int]
        status: bool
        def __init__(self, status: _Optional[bool] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetExperimentRunsInProject(_message.Message):
    __slots__ = ("project_id", "page_number", "page_limit", "ascending", "sort_key")
    class Response(_message.Message):
        __slots__ = ("experiment_runs", "total_records")
        EXPERIMENT_RUNS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        experiment_runs: _containers.RepeatedCompositeFieldContainer[ExperimentRun]
        total_records: int
        def __init__(self, experiment_runs: _Optional[_Iterable[_Union[ExperimentRun, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PAGE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    ASCENDING_FIELD_NUMBER: _ClassVar[int]
    SORT_KEY_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    page_number: int
    page_limit: int
    ascending: bool
    sort_key: str
    def __init__(self, project_id: _Optional[str] = ..., page_number: _Optional[int] = ..., page_limit: _Optional[int] = ..., ascending: _Optional[bool] = ..., sort_key: _Optional[str] = ...) -> None: ...

class GetExperimentRunsInExperiment(_message.Message):
    __slots__ = ("experiment_id", "page_number", "page_limit", "ascending", "sort_key")
    class Response(_message.Message):
        __slots__ = ("experiment_runs", "total_records")
        EXPERIMENT_RUNS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        experiment_runs: _containers.RepeatedCompositeFieldContainer[ExperimentRun]
        total_records: int
        def __init__(self, experiment_runs: _Optional[_Iterable[_Union[ExperimentRun, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    EXPERIMENT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PAGE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    ASCENDING_FIELD_NUMBER: _ClassVar[int]
    SORT_KEY_FIELD_NUMBER: _ClassVar[int]
    experiment_id: str
    page_number: int
    page_limit: int
    ascending: bool
    sort_key: str
    def __init__(self, experiment_id: _Optional[str] = ..., page_number: _Optional[int] = ..., page_limit: _Optional[int] = ..., ascending: _Optional[bool] = ..., sort_key: _Optional[str] = ...) -> None: ...

class GetExperimentRunById(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("experiment_run",)
        EXPERIMENT_RUN_FIELD_NUMBER: _ClassVar[int]
        experiment_run: ExperimentRun
        def __init__(self, experiment_run: _Optional[_Union[ExperimentRun, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetExperimentRunByName(_message.Message):
    __slots__ = ("name", "experiment_id")
    class Response(_message.Message):
        __slots__ = ("experiment_run",)
        EXPERIMENT_RUN_FIELD_NUMBER: _ClassVar[int]
        experiment_run: ExperimentRun
        def __init__(self, experiment_run: _Optional[_Union[ExperimentRun, _Mapping]] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXPERIMENT_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    experiment_id: str
    def __init__(self, name: _Optional[str] = ..., experiment_id: _Optional[str] = ...) -> None: ...

class UpdateExperimentRunName(_message.Message):
    __slots__ = ("id", "name")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class UpdateExperimentRunDescription(_message.Message):
    __slots__ = ("id", "description")
    class Response(_message.Message):
        __slots__ = ("experiment_run",)
        EXPERIMENT_RUN_FIELD_NUMBER: _ClassVar[int]
        experiment_run: ExperimentRun
        def __init__(self, experiment_run: _Optional[_Union[ExperimentRun, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    id: str
    description: str
    def __init__(self, id: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class AddExperimentRunTags(_message.Message):
    __slots__ = ("id", "tags")
    class Response(_message.Message):
        __slots__ = ("experiment_run",)
        EXPERIMENT_RUN_FIELD_NUMBER: _ClassVar[int]
        experiment_run: ExperimentRun
        def __init__(self, experiment_run: _Optional[_Union[ExperimentRun, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    id: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ...) -> None: ...

class DeleteExperimentRunTags(_message.Message):
    __slots__ = ("id", "tags", "delete_all")
    class Response(_message.Message):
        __slots__ = ("experiment_run",)
        EXPERIMENT_RUN_FIELD_NUMBER: _ClassVar[int]
        experiment_run: ExperimentRun
        def __init__(self, experiment_run: _Optional[_Union[ExperimentRun, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    DELETE_ALL_FIELD_NUMBER: _ClassVar[int]
    id: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    delete_all: bool
    def __init__(self, id: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., delete_all: _Optional[bool] = ...) -> None: ...

class AddExperimentRunTag(_message.Message):
    __slots__ = ("id", "tag")
    class Response(_message.Message):
        __slots__ = ("experiment_run",)
        EXPERIMENT_RUN_FIELD_NUMBER: _ClassVar[int]
        experiment_run: ExperimentRun
        def __init__(self, experiment_run: _Optional[_Union[ExperimentRun, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    tag: str
    def __init__(self, id: _Optional[str] = ..., tag: _Optional[str] = ...) -> None: ...

class DeleteExperimentRunTag(_message.Message):
    __slots__ = ("id", "tag")
    class Response(_message.Message):
        __slots__ = ("experiment_run",)
        EXPERIMENT_RUN_FIELD_NUMBER: _ClassVar[int]
        experiment_run: ExperimentRun
        def __init__(self, experiment_run: _Optional[_Union[ExperimentRun, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    tag: str
    def __init__(self, id: _Optional[str] = ..., tag: _Optional[str] = ...) -> None: ...

class AddExperimentRunAttributes(_message.Message):
    __slots__ = ("id", "attributes")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    id: str
    attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    def __init__(self, id: _Optional[str] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ...) -> None: ...

class DeleteExperimentRunAttributes(_message.Message):
    __slots__ = ("id", "attribute_keys", "delete_all")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTE_KEYS_FIELD_NUMBER: _ClassVar[int]
    DELETE_ALL_FIELD_NUMBER: _ClassVar[int]
    id: str
    attribute_keys: _containers.RepeatedScalarFieldContainer[str]
    delete_all: bool
    def __init__(self, id: _Optional[str] = ..., attribute_keys: _Optional[_Iterable[str]] = ..., delete_all: _Optional[bool] = ...) -> None: ...

class LogExperimentRunCodeVersion(_message.Message):
    __slots__ = ("id", "code_version", "overwrite")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    CODE_VERSION_FIELD_NUMBER: _ClassVar[int]
    OVERWRITE_FIELD_NUMBER: _ClassVar[int]
    id: str
    code_version: _common_pb2.CodeVersion
    overwrite: bool
    def __init__(self, id: _Optional[str] = ..., code_version: _Optional[_Union[_common_pb2.CodeVersion, _Mapping]] = ..., overwrite: _Optional[bool] = ...) -> None: ...

class GetExperimentRunCodeVersion(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("code_version",)
        CODE_VERSION_FIELD_NUMBER: _ClassVar[int]
        code_version: _common_pb2.CodeVersion
        def __init__(self, code_version: _Optional[_Union[_common_pb2.CodeVersion, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class LogObservation(_message.Message):
    __slots__ = ("id", "observation")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    OBSERVATION_FIELD_NUMBER: _ClassVar[int]
    id: str
    observation: Observation
    def __init__(self, id: _Optional[str] = ..., observation: _Optional[_Union[Observation, _Mapping]] = ...) -> None: ...

class LogObservations(_message.Message):
    __slots__ = ("id", "observations")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    OBSERVATIONS_FIELD_NUMBER: _ClassVar[int]
    id: str
    observations: _containers.RepeatedCompositeFieldContainer[Observation]
    def __init__(self, id: _Optional[str] = ..., observations: _Optional[_Iterable[_Union[Observation, _Mapping]]] = ...) -> None: ...

class GetObservations(_message.Message):
    __slots__ = ("id", "observation_key")
    class Response(_message.Message):
        __slots__ = ("observations",)
        OBSERVATIONS_FIELD_NUMBER: _ClassVar[int]
        observations: _containers.RepeatedCompositeFieldContainer[Observation]
        def __init__(self, observations: _Optional[_Iterable[_Union[Observation, _Mapping]]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    OBSERVATION_KEY_FIELD_NUMBER: _ClassVar[int]
    id: str
    observation_key: str
    def __init__(self, id: _Optional[str] = ..., observation_key: _Optional[str] = ...) -> None: ...

class DeleteObservations(_message.Message):
    __slots__ = ("id", "observation_keys", "delete_all")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    OBSERVATION_KEYS_FIELD_NUMBER: _ClassVar[int]
    DELETE_ALL_FIELD_NUMBER: _ClassVar[int]
    id: str
    observation_keys: _containers.RepeatedScalarFieldContainer[str]
    delete_all: bool
    def __init__(self, id: _Optional[str] = ..., observation_keys: _Optional[_Iterable[str]] = ..., delete_all: _Optional[bool] = ...) -> None: ...

class LogMetric(_message.Message):
    __slots__ = ("id", "metric")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    METRIC_FIELD_NUMBER: _ClassVar[int]
    id: str
    metric: _common_pb2.KeyValue
    def __init__(self, id: _Optional[str] = ..., metric: _Optional[_Union[_common_pb2.KeyValue, _Mapping]] = ...) -> None: ...

class LogMetrics(_message.Message):
    __slots__ = ("id", "metrics")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    METRICS_FIELD_NUMBER: _ClassVar[int]
    id: str
    metrics: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    def __init__(self, id: _Optional[str] = ..., metrics: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ...) -> None: ...

class GetMetrics(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("metrics",)
        METRICS_FIELD_NUMBER: _ClassVar[int]
        metrics: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
        def __init__(self, metrics: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteMetrics(_message.Message):
    __slots__ = ("id", "metric_keys", "delete_all")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    METRIC_KEYS_FIELD_NUMBER: _ClassVar[int]
    DELETE_ALL_FIELD_NUMBER: _ClassVar[int]
    id: str
    metric_keys: _containers.RepeatedScalarFieldContainer[str]
    delete_all: bool
    def __init__(self, id: _Optional[str] = ..., metric_keys: _Optional[_Iterable[str]] = ..., delete_all: _Optional[bool] = ...) -> None: ...

class LogDataset(_message.Message):
    __slots__ = ("id", "dataset", "overwrite")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    DATASET_FIELD_NUMBER: _ClassVar[int]
    OVERWRITE_FIELD_NUMBER: _ClassVar[int]
    id: str
    dataset: _common_pb2.Artifact
    overwrite: bool
    def __init__(self, id: _Optional[str] = ..., dataset: _Optional[_Union[_common_pb2.Artifact, _Mapping]] = ..., overwrite: _Optional[bool] = ...) -> None: ...

class LogDatasets(_message.Message):
    __slots__ = ("id", "datasets", "overwrite")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    DATASETS_FIELD_NUMBER: _ClassVar[int]
    OVERWRITE_FIELD_NUMBER: _ClassVar[int]
    id: str
    datasets: _containers.RepeatedCompositeFieldContainer[_common_pb2.Artifact]
    overwrite: bool
    def __init__(self, id: _Optional[str] = ..., datasets: _Optional[_Iterable[_Union[_common_pb2.Artifact, _Mapping]]] = ..., overwrite: _Optional[bool] = ...) -> None: ...

class GetDatasets(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("datasets",)
        DATASETS_FIELD_NUMBER: _ClassVar[int]
        datasets: _containers.RepeatedCompositeFieldContainer[_common_pb2.Artifact]
        def __init__(self, datasets: _Optional[_Iterable[_Union[_common_pb2.Artifact, _Mapping]]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class LogArtifact(_message.Message):
    __slots__ = ("id", "artifact")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ARTIFACT_FIELD_NUMBER: _ClassVar[int]
    id: str
    artifact: _common_pb2.Artifact
    def __init__(self, id: _Optional[str] = ..., artifact: _Optional[_Union[_common_pb2.Artifact, _Mapping]] = ...) -> None: ...

class LogArtifacts(_message.Message):
    __slots__ = ("id", "artifacts")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ARTIFACTS_FIELD_NUMBER: _ClassVar[int]
    id: str
    artifacts: _containers.RepeatedCompositeFieldContainer[_common_pb2.Artifact]
    def __init__(self, id: _Optional[str] = ..., artifacts: _Optional[_Iterable[_Union[_common_pb2.Artifact, _Mapping]]] = ...) -> None: ...

class DeleteArtifact(_message.Message):
    __slots__ = ("id", "key")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    id: str
    key: str
    def __init__(self, id: _Optional[str] = ..., key: _Optional[str] = ...) -> None: ...

class LogHyperparameter(_message.Message):
    __slots__ = ("id", "hyperparameter")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    HYPERPARAMETER_FIELD_NUMBER: _ClassVar[int]
    id: str
    hyperparameter: _common_pb2.KeyValue
    def __init__(self, id: _Optional[str] = ..., hyperparameter: _Optional[_Union[_common_pb2.KeyValue, _Mapping]] = ...) -> None: ...

class LogHyperparameters(_message.Message):
    __slots__ = ("id", "hyperparameters")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    HYPERPARAMETERS_FIELD_NUMBER: _ClassVar[int]
    id: str
    hyperparameters: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    def __init__(self, id: _Optional[str] = ..., hyperparameters: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ...) -> None: ...

class GetHyperparameters(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("hyperparameters",)
        HYPERPARAMETERS_FIELD_NUMBER: _ClassVar[int]
        hyperparameters: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
        def __init__(self, hyperparameters: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteHyperparameters(_message.Message):
    __slots__ = ("id", "hyperparameter_keys", "delete_all")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    HYPERPARAMETER_KEYS_FIELD_NUMBER: _ClassVar[int]
    DELETE_ALL_FIELD_NUMBER: _ClassVar[int]
    id: str
    hyperparameter_keys: _containers.RepeatedScalarFieldContainer[str]
    delete_all: bool
    def __init__(self, id: _Optional[str] = ..., hyperparameter_keys: _Optional[_Iterable[str]] = ..., delete_all: _Optional[bool] = ...) -> None: ...

class LogAttribute(_message.Message):
    __slots__ = ("id", "attribute")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTE_FIELD_NUMBER: _ClassVar[int]
    id: str
    attribute: _common_pb2.KeyValue
    def __init__(self, id: _Optional[str] = ..., attribute: _Optional[_Union[_common_pb2.KeyValue, _Mapping]] = ...) -> None: ...

class LogAttributes(_message.Message):
    __slots__ = ("id", "attributes")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    id: str
    attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    def __init__(self, id: _Optional[str] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ...) -> None: ...

class LogEnvironment(_message.Message):
    __slots__ = ("id", "environment")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENT_FIELD_NUMBER: _ClassVar[int]
    id: str
    environment: _versioning_pb2.EnvironmentBlob
    def __init__(self, id: _Optional[str] = ..., environment: _Optional[_Union[_versioning_pb2.EnvironmentBlob, _Mapping]] = ...) -> None: ...

class FindExperimentRuns(_message.Message):
    __slots__ = ("project_id", "experiment_id", "experiment_run_ids", "predicates", "ids_only", "page_number", "page_limit", "ascending", "sort_key", "workspace_name")
    class Response(_message.Message):
        __slots__ = ("experiment_runs", "total_records")
        EXPERIMENT_RUNS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        experiment_runs: _containers.RepeatedCompositeFieldContainer[ExperimentRun]
        total_records: int
        def __init__(self, experiment_runs: _Optional[_Iterable[_Union[ExperimentRun, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPERIMENT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPERIMENT_RUN_IDS_FIELD_NUMBER: _ClassVar[int]
    PREDICATES_FIELD_NUMBER: _ClassVar[int]
    IDS_ONLY_FIELD_NUMBER: _ClassVar[int]
    PAGE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PAGE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    ASCENDING_FIELD_NUMBER: _ClassVar[int]
    SORT_KEY_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    experiment_id: str
    experiment_run_ids: _containers.RepeatedScalarFieldContainer[str]
    predicates: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValueQuery]
    ids_only: bool
    page_number: int
    page_limit: int
    ascending: bool
    sort_key: str
    workspace_name: str
    def __init__(self, project_id: _Optional[str] = ..., experiment_id: _Optional[str] = ..., experiment_run_ids: _Optional[_Iterable[str]] = ..., predicates: _Optional[_Iterable[_Union[_common_pb2.KeyValueQuery, _Mapping]]] = ..., ids_only: _Optional[bool] = ..., page_number: _Optional[int] = ..., page_limit: _Optional[int] = ..., ascending: _Optional[bool] = ..., sort_key: _Optional[str] = ..., workspace_name: _Optional[str] = ...) -> None: ...

class SortExperimentRuns(_message.Message):
    __slots__ = ("experiment_run_ids", "sort_key", "ascending", "ids_only")
    class Response(_message.Message):
        __slots__ = ("experiment_runs", "total_records")
        EXPERIMENT_RUNS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        experiment_runs: _containers.RepeatedCompositeFieldContainer[ExperimentRun]
        total_records: int
        def __init__(self, experiment_runs: _Optional[_Iterable[_Union[ExperimentRun, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    EXPERIMENT_RUN_IDS_FIELD_NUMBER: _ClassVar[int]
    SORT_KEY_FIELD_NUMBER: _ClassVar[int]
    ASCENDING_FIELD_NUMBER: _ClassVar[int]
    IDS_ONLY_FIELD_NUMBER: _ClassVar[int]
    experiment_run_ids: _containers.RepeatedScalarFieldContainer[str]
    sort_key: str
    ascending: bool
    ids_only: bool
    def __init__(self, experiment_run_ids: _Optional[_Iterable[str]] = ..., sort_key: _Optional[str] = ..., ascending: _Optional[bool] = ..., ids_only: _Optional[bool] = ...) -> None: ...

class TopExperimentRunsSelector(_message.Message):
    __slots__ = ("project_id", "experiment_id", "experiment_run_ids", "sort_key", "ascending", "top_k", "ids_only")
    class Response(_message.Message):
        __slots__ = ("experiment_runs",)
        EXPERIMENT_RUNS_FIELD_NUMBER: _ClassVar[int]
        experiment_runs: _containers.RepeatedCompositeFieldContainer[ExperimentRun]
        def __init__(self, experiment_runs: _Optional[_Iterable[_Union[ExperimentRun, _Mapping]]] = ...) -> None: ...
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPERIMENT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPERIMENT_RUN_IDS_FIELD_NUMBER: _ClassVar[int]
    SORT_KEY_FIELD_NUMBER: _ClassVar[int]
    ASCENDING_FIELD_NUMBER: _ClassVar[int]
    TOP_K_FIELD_NUMBER: _ClassVar[int]
    IDS_ONLY_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    experiment_id: str
    experiment_run_ids: _containers.RepeatedScalarFieldContainer[str]
    sort_key: str
    ascending: bool
    top_k: int
    ids_only: bool
    def __init__(self, project_id: _Optional[str] = ..., experiment_id: _Optional[str] = ..., experiment_run_ids: _Optional[_Iterable[str]] = ..., sort_key: _Optional[str] = ..., ascending: _Optional[bool] = ..., top_k: _Optional[int] = ..., ids_only: _Optional[bool] = ...) -> None: ...

class LogJobId(_message.Message):
    __slots__ = ("id", "job_id")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    job_id: str
    def __init__(self, id: _Optional[str] = ..., job_id: _Optional[str] = ...) -> None: ...

class GetJobId(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("job_id",)
        JOB_ID_FIELD_NUMBER: _ClassVar[int]
        job_id: str
        def __init__(self, job_id: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetChildrenExperimentRuns(_message.Message):
    __slots__ = ("experiment_run_id", "page_number", "page_limit", "ascending", "sort_key")
    class Response(_message.Message):
        __slots__ = ("experiment_runs", "total_records")
        EXPERIMENT_RUNS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        experiment_runs: _containers.RepeatedCompositeFieldContainer[ExperimentRun]
        total_records: int
        def __init__(self, experiment_runs: _Optional[_Iterable[_Union[ExperimentRun, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    EXPERIMENT_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PAGE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    ASCENDING_FIELD_NUMBER: _ClassVar[int]
    SORT_KEY_FIELD_NUMBER: _ClassVar[int]
    experiment_run_id: str
    page_number: int
    page_limit: int
    ascending: bool
    sort_key: str
    def __init__(self, experiment_run_id: _Optional[str] = ..., page_number: _Optional[int] = ..., page_limit: _Optional[int] = ..., ascending: _Optional[bool] = ..., sort_key: _Optional[str] = ...) -> None: ...

class SetParentExperimentRunId(_message.Message):
    __slots__ = ("experiment_run_id", "parent_id")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    EXPERIMENT_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    experiment_run_id: str
    parent_id: str
    def __init__(self, experiment_run_id: _Optional[str] = ..., parent_id: _Optional[str] = ...) -> None: ...

class GetExperimentRunsByDatasetVersionId(_message.Message):
    __slots__ = ("dataset_version_id", "page_number", "page_limit", "ascending", "sort_key")
    class Response(_message.Message):
        __slots__ = ("experiment_runs", "total_records")
        EXPERIMENT_RUNS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        experiment_runs: _containers.RepeatedCompositeFieldContainer[ExperimentRun]
        total_records: int
        def __init__(self, experiment_runs: _Optional[_Iterable[_Union[ExperimentRun, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    DATASET_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PAGE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    ASCENDING_FIELD_NUMBER: _ClassVar[int]
    SORT_KEY_FIELD_NUMBER: _ClassVar[int]
    dataset_version_id: str
    page_number: int
    page_limit: int
    ascending: bool
    sort_key: str
    def __init__(self, dataset_version_id: _Optional[str] = ..., page_number: _Optional[int] = ..., page_limit: _Optional[int] = ..., ascending: _Optional[bool] = ..., sort_key: _Optional[str] = ...) -> None: ...

class DeleteExperimentRuns(_message.Message):
    __slots__ = ("ids",)
    class Response(_message.Message):
        __slots__ = ("status",)
        STATUS_FIELD_NUMBER: _ClassVar[int]
        status: bool
        def __init__(self, status: _Optional[bool] = ...) -> None: ...
    IDS_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ListCommitExperimentRunsRequest(_message.Message):
    __slots__ = ("repository_id", "pagination", "commit_sha")
    class Response(_message.Message):
        __slots__ = ("runs", "total_records")
        RUNS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        runs: _containers.RepeatedCompositeFieldContainer[ExperimentRun]
        total_records: int
        def __init__(self, runs: _Optional[_Iterable[_Union[ExperimentRun, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    PAGINATION_FIELD_NUMBER: _ClassVar[int]
    COMMIT_SHA_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    pagination: _common_pb2.Pagination
    commit_sha: str
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., pagination: _Optional[_Union[_common_pb2.Pagination, _Mapping]] = ..., commit_sha: _Optional[str] = ...) -> None: ...

class ListBlobExperimentRunsRequest(_message.Message):
    __slots__ = ("repository_id", "pagination", "commit_sha", "location")
    class Response(_message.Message):
        __slots__ = ("runs", "total_records")
        RUNS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        runs: _containers.RepeatedCompositeFieldContainer[ExperimentRun]
        total_records: int
        def __init__(self, runs: _Optional[_Iterable[_Union[ExperimentRun, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    PAGINATION_FIELD_NUMBER: _ClassVar[int]
    COMMIT_SHA_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    pagination: _common_pb2.Pagination
    commit_sha: str
    location: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., pagination: _Optional[_Union[_common_pb2.Pagination, _Mapping]] = ..., commit_sha: _Optional[str] = ..., location: _Optional[_Iterable[str]] = ...) -> None: ...

class CloneExperimentRun(_message.Message):
    __slots__ = ("src_experiment_run_id", "dest_experiment_run_name", "dest_experiment_id")
    class Response(_message.Message):
        __slots__ = ("run",)
        RUN_FIELD_NUMBER: _ClassVar[int]
        run: ExperimentRun
        def __init__(self, run: _Optional[_Union[ExperimentRun, _Mapping]] = ...) -> None: ...
    SRC_EXPERIMENT_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    DEST_EXPERIMENT_RUN_NAME_FIELD_NUMBER: _ClassVar[int]
    DEST_EXPERIMENT_ID_FIELD_NUMBER: _ClassVar[int]
    src_experiment_run_id: str
    dest_experiment_run_name: str
    dest_experiment_id: str
    def __init__(self, src_experiment_run_id: _Optional[str] = ..., dest_experiment_run_name: _Optional[str] = ..., dest_experiment_id: _Optional[str] = ...) -> None: ...
