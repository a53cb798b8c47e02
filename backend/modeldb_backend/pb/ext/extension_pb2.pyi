from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from modeldb_backend.pb.common import common_pb2 as _common_pb2
from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as _experiment_run_service_pb2
from modeldb_backend.pb.registry import stage_service_pb2 as _stage_service_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ColumnKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COLUMN_EMPTY: _ClassVar[ColumnKind]
    COLUMN_BOOL: _ClassVar[ColumnKind]
    COLUMN_INT: _ClassVar[ColumnKind]
    COLUMN_DOUBLE: _ClassVar[ColumnKind]
    COLUMN_STRING: _ClassVar[ColumnKind]
    COLUMN_JSON: _ClassVar[ColumnKind]

class RunStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RUN_STATUS_UNSPECIFIED: _ClassVar[RunStatus]
    RUNNING: _ClassVar[RunStatus]
    FINISHED: _ClassVar[RunStatus]
    FAILED: _ClassVar[RunStatus]
    KILLED: _ClassVar[RunStatus]
COLUMN_EMPTY: ColumnKind
COLUMN_BOOL: ColumnKind
COLUMN_INT: ColumnKind
COLUMN_DOUBLE: ColumnKind
COLUMN_STRING: ColumnKind
COLUMN_JSON: ColumnKind
RUN_STATUS_UNSPECIFIED: RunStatus
RUNNING: RunStatus
FINISHED: RunStatus
FAILED: RunStatus
KILLED: RunStatus

class QueryRuns(_message.Message):
    __slots__ = ("project_id", "experiment_id", "experiment_run_ids", "query", "order_by", "page_number", "page_limit", "ids_only", "workspace_name", "columns")
    class Response(_message.Message):
        __slots__ = ("experiment_runs", "total_records", "states")
        EXPERIMENT_RUNS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        STATES_FIELD_NUMBER: _ClassVar[int]
        experiment_runs: _containers.RepeatedCompositeFieldContainer[_experiment_run_service_pb2.ExperimentRun]
        total_records: int
        states: _containers.RepeatedCompositeFieldContainer[RunState]
        def __init__(self, experiment_runs: _Optional[_Iterable[_Union[_experiment_run_service_pb2.ExperimentRun, _Mapping]]] = ..., total_records: _Optional[int] = ..., states: _Optional[_Iterable[_Union[RunState, _Mapping]]] = ...) -> None: ...
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPERIMENT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPERIMENT_RUN_IDS_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    ORDER_BY_FIELD_NUMBER: _ClassVar[int]
    PAGE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PAGE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    IDS_ONLY_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    COLUMNS_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    experiment_id: str
    experiment_run_ids: _containers.RepeatedScalarFieldContainer[str]
    query: str
    order_by: _containers.RepeatedScalarFieldContainer[str]
    page_number: int
    page_limit: int
    ids_only: bool
    workspace_name: str
    columns: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, project_id: _Optional[str] = ..., experiment_id: _Optional[str] = ..., experiment_run_ids: _Optional[_Iterable[str]] = ..., query: _Optional[str] = ..., order_by: _Optional[_Iterable[str]] = ..., page_number: _Optional[int] = ..., page_limit: _Optional[int] = ..., ids_only: _Optional[bool] = ..., workspace_name: _Optional[str] = ..., columns: _Optional[_Iterable[str]] = ...) -> None: ...

class QueryRunColumns(_message.Message):
    __slots__ = ("project_id", "experiment_id", "experiment_run_ids", "query", "order_by", "page_number", "page_limit", "workspace_name", "columns")
    class Response(_message.Message):
        __slots__ = ("total_records", "ids", "names", "project_ids", "experiment_ids", "descriptions", "owners", "date_created", "date_updated", "statuses", "start_times", "end_times", "tag_counts", "tags", "key_columns", "entity_names")
        class EntityNamesEntry(_message.Message):
            __slots__ = ("key", "value")
            KEY_FIELD_NUMBER: _ClassVar[int]
            VALUE_FIELD_NUMBER: _ClassVar[int]
            key: str
            value: str
            def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        IDS_FIELD_NUMBER: _ClassVar[int]
        NAMES_FIELD_NUMBER: _ClassVar[int]
        PROJECT_IDS_FIELD_NUMBER: _ClassVar[int]
        EXPERIMENT_IDS_FIELD_NUMBER: _ClassVar[int]
        DESCRIPTIONS_FIELD_NUMBER: _ClassVar[int]
        OWNERS_FIELD_NUMBER: _ClassVar[int]
        DATE_CREATED_FIELD_NUMBER: _ClassVar[int]
        DATE_UPDATED_FIELD_NUMBER: _ClassVar[int]
        STATUSES_FIELD_NUMBER: _ClassVar[int]
        START_TIMES_FIELD_NUMBER: _ClassVar[int]
        END_TIMES_FIELD_NUMBER: _ClassVar[int]
        TAG_COUNTS_FIELD_NUMBER: _ClassVar[int]
        TAGS_FIELD_NUMBER: _ClassVar[int]
        KEY_COLUMNS_FIELD_NUMBER: _ClassVar[int]
        ENTITY_NAMES_FIELD_NUMBER: _ClassVar[int]
        total_records: int
        ids: _containers.RepeatedScalarFieldContainer[str]
        names: _containers.RepeatedScalarFieldContainer[str]
        project_ids: _containers.RepeatedScalarFieldContainer[str]
        experiment_ids: _containers.RepeatedScalarFieldContainer[str]
        descriptions: _containers.RepeatedScalarFieldContainer[str]
        owners: _containers.RepeatedScalarFieldContainer[str]
        date_created: _containers.RepeatedScalarFieldContainer[int]
        date_updated: _containers.RepeatedScalarFieldContainer[int]
        statuses: _containers.RepeatedScalarFieldContainer[RunStatus]
        start_times: _containers.RepeatedScalarFieldContainer[int]
        end_times: _containers.RepeatedScalarFieldContainer[int]
        tag_counts: _containers.RepeatedScalarFieldContainer[int]
        tags: _containers.RepeatedScalarFieldContainer[str]
        key_columns: _containers.RepeatedCompositeFieldContainer[KeyColumn]
        entity_names: _containers.ScalarMap[str, str]
        def __init__(self, total_records: _Optional[int] = ..., ids: _Optional[_Iterable[str]] = ..., names: _Optional[_Iterable[str]] = ..., project_ids: _Optional[_Iterable[str]] = ..., experiment_ids: _Optional[_Iterable[str]] = ..., descriptions: _Optional[_Iterable[str]] = ..., owners: _Optional[_Iterable[str]] = ..., date_created: _Optional[_Iterable[int]] = ..., date_updated: _Optional[_Iterable[int]] = ..., statuses: _Optional[_Iterable[_Union[RunStatus, str]]] = ..., start_times: _Optional[_Iterable[int]] = ..., end_times: _Optional[_Iterable[int]] = ..., tag_counts: _Optional[_Iterable[int]] = ..., tags: _Optional[_Iterable[str]] = ..., key_columns: _Optional[_Iterable[_Union[KeyColumn, _Mapping]]] = ..., entity_names: _Optional[_Mapping[str, str]] = ...) -> None: ...
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPERIMENT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPERIMENT_RUN_IDS_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    ORDER_BY_FIELD_NUMBER: _ClassVar[int]
    PAGE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PAGE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    COLUMNS_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    experiment_id: str
    experiment_run_ids: _containers.RepeatedScalarFieldContainer[str]
    query: str
    order_by: _containers.RepeatedScalarFieldContainer[str]
    page_number: int
    page_limit: int
    workspace_name: str
    columns: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, project_id: _Optional[str] = ..., experiment_id: _Optional[str] = ..., experiment_run_ids: _Optional[_Iterable[str]] = ..., query: _Optional[str] = ..., order_by: _Optional[_Iterable[str]] = ..., page_number: _Optional[int] = ..., page_limit: _Optional[int] = ..., workspace_name: _Optional[str] = ..., columns: _Optional[_Iterable[str]] = ...) -> None: ...

class KeyColumn(_message.Message):
    __slots__ = ("field", "key", "kind", "rows", "bools", "doubles", "strings")
    FIELD_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    BOOLS_FIELD_NUMBER: _ClassVar[int]
    DOUBLES_FIELD_NUMBER: _ClassVar[int]
    STRINGS_FIELD_NUMBER: _ClassVar[int]
    field: str
    key: str
    kind: ColumnKind
    rows: _containers.RepeatedScalarFieldContainer[int]
    bools: _containers.RepeatedScalarFieldContainer[bool]
    doubles: _containers.RepeatedScalarFieldContainer[float]
    strings: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, field: _Optional[str] = ..., key: _Optional[str] = ..., kind: _Optional[_Union[ColumnKind, str]] = ..., rows: _Optional[_Iterable[int]] = ..., bools: _Optional[_Iterable[bool]] = ..., doubles: _Optional[_Iterable[float]] = ..., strings: _Optional[_Iterable[str]] = ...) -> None: ...

class RunState(_message.Message):
    __slots__ = ("run_id", "status", "start_time", "end_time", "heartbeat", "heartbeat_timeout_ms")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    status: RunStatus
    start_time: int
    end_time: int
    heartbeat: int
    heartbeat_timeout_ms: int
    def __init__(self, run_id: _Optional[str] = ..., status: _Optional[_Union[RunStatus, str]] = ..., start_time: _Optional[int] = ..., end_time: _Optional[int] = ..., heartbeat: _Optional[int] = ..., heartbeat_timeout_ms: _Optional[int] = ...) -> None: ...

class SetRunStatus(_message.Message):
    __slots__ = ("run_id", "status", "end_time", "heartbeat_timeout_ms")
    class Response(_message.Message):
        __slots__ = ("state",)
        STATE_FIELD_NUMBER: _ClassVar[int]
        state: RunState
        def __init__(self, state: _Optional[_Union[RunState, _Mapping]] = ...) -> None: ...
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    status: RunStatus
    end_time: int
    heartbeat_timeout_ms: int
    def __init__(self, run_id: _Optional[str] = ..., status: _Optional[_Union[RunStatus, str]] = ..., end_time: _Optional[int] = ..., heartbeat_timeout_ms: _Optional[int] = ...) -> None: ...

class GetRunStates(_message.Message):
    __slots__ = ("run_ids",)
    class Response(_message.Message):
        __slots__ = ("states",)
        STATES_FIELD_NUMBER: _ClassVar[int]
        states: _containers.RepeatedCompositeFieldContainer[RunState]
        def __init__(self, states: _Optional[_Iterable[_Union[RunState, _Mapping]]] = ...) -> None: ...
    RUN_IDS_FIELD_NUMBER: _ClassVar[int]
    run_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, run_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class Heartbeat(_message.Message):
    __slots__ = ("run_ids",)
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    RUN_IDS_FIELD_NUMBER: _ClassVar[int]
    run_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, run_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class MetricPoint(_message.Message):
    __slots__ = ("key", "step", "value", "timestamp")
    KEY_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    key: str
    step: int
    value: float
    timestamp: int
    def __init__(self, key: _Optional[str] = ..., step: _Optional[int] = ..., value: _Optional[float] = ..., timestamp: _Optional[int] = ...) -> None: ...

class LogBatch(_message.Message):
    __slots__ = ("run_id", "idempotency_key", "hyperparameters", "attributes", "metrics", "tags", "metric_points", "observations")
    class Response(_message.Message):
        __slots__ = ("applied",)
        APPLIED_FIELD_NUMBER: _ClassVar[int]
        applied: bool
        def __init__(self, applied: _Optional[bool] = ...) -> None: ...
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    HYPERPARAMETERS_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    METRICS_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    METRIC_POINTS_FIELD_NUMBER: _ClassVar[int]
    OBSERVATIONS_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    idempotency_key: str
    hyperparameters: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    metrics: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    tags: _containers.RepeatedScalarFieldContainer[str]
    metric_points: _containers.RepeatedCompositeFieldContainer[MetricPoint]
    observations: _containers.RepeatedCompositeFieldContainer[_experiment_run_service_pb2.Observation]
    def __init__(self, run_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., hyperparameters: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., metrics: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., tags: _Optional[_Iterable[str]] = ..., metric_points: _Optional[_Iterable[_Union[MetricPoint, _Mapping]]] = ..., observations: _Optional[_Iterable[_Union[_experiment_run_service_pb2.Observation, _Mapping]]] = ...) -> None: ...

class NewRun(_message.Message):
    __slots__ = ("id", "project_id", "experiment_id", "name", "description", "date_created", "start_time", "hyperparameters", "attributes", "metrics", "tags", "metric_points", "observations", "status", "end_time", "heartbeat_timeout_ms")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPERIMENT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DATE_CREATED_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    HYPERPARAMETERS_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    METRICS_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    METRIC_POINTS_FIELD_NUMBER: _ClassVar[int]
    OBSERVATIONS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    id: str
    project_id: str
    experiment_id: str
    name: str
    description: str
    date_created: int
    start_time: int
    hyperparameters: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    metrics: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    tags: _containers.RepeatedScalarFieldContainer[str]
    metric_points: _containers.RepeatedCompositeFieldContainer[MetricPoint]
    observations: _containers.RepeatedCompositeFieldContainer[_experiment_run_service_pb2.Observation]
    status: RunStatus
    end_time: int
    heartbeat_timeout_ms: int
    def __init__(self, id: _Optional[str] = ..., project_id: _Optional[str] = ..., experiment_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., date_created: _Optional[int] = ..., start_time: _Optional[int] = ..., hyperparameters: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., metrics: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., tags: _Optional[_Iterable[str]] = ..., metric_points: _Optional[_Iterable[_Union[MetricPoint, _Mapping]]] = ..., observations: _Optional[_Iterable[_Union[_experiment_run_service_pb2.Observation, _Mapping]]] = ..., status: _Optional[_Union[RunStatus, str]] = ..., end_time: _Optional[int] = ..., heartbeat_timeout_ms: _Optional[int] = ...) -> None: ...

class CreateRuns(_message.Message):
    __slots__ = ("runs",)
    class Response(_message.Message):
        __slots__ = ("created", "existing")
        CREATED_FIELD_NUMBER: _ClassVar[int]
        EXISTING_FIELD_NUMBER: _ClassVar[int]
        created: int
        existing: int
        def __init__(self, created: _Optional[int] = ..., existing: _Optional[int] = ...) -> None: ...
    RUNS_FIELD_NUMBER: _ClassVar[int]
    runs: _containers.RepeatedCompositeFieldContainer[NewRun]
    def __init__(self, runs: _Optional[_Iterable[_Union[NewRun, _Mapping]]] = ...) -> None: ...

class GetMetricHistory(_message.Message):
    __slots__ = ("run_ids", "keys")
    class Response(_message.Message):
        __slots__ = ("series",)
        SERIES_FIELD_NUMBER: _ClassVar[int]
        series: _containers.RepeatedCompositeFieldContainer[MetricSeries]
        def __init__(self, series: _Optional[_Iterable[_Union[MetricSeries, _Mapping]]] = ...) -> None: ...
    RUN_IDS_FIELD_NUMBER: _ClassVar[int]
    KEYS_FIELD_NUMBER: _ClassVar[int]
    run_ids: _containers.RepeatedScalarFieldContainer[str]
    keys: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, run_ids: _Optional[_Iterable[str]] = ..., keys: _Optional[_Iterable[str]] = ...) -> None: ...

class MetricSeries(_message.Message):
    __slots__ = ("run_id", "key", "steps", "values", "timestamps")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    STEPS_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMPS_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    key: str
    steps: _containers.RepeatedScalarFieldContainer[int]
    values: _containers.RepeatedScalarFieldContainer[float]
    timestamps: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, run_id: _Optional[str] = ..., key: _Optional[str] = ..., steps: _Optional[_Iterable[int]] = ..., values: _Optional[_Iterable[float]] = ..., timestamps: _Optional[_Iterable[int]] = ...) -> None: ...

class DownsampleMetricHistory(_message.Message):
    __slots__ = ("run_ids", "keys", "buckets", "steps", "timestamps")
    class Response(_message.Message):
        __slots__ = ("series",)
        SERIES_FIELD_NUMBER: _ClassVar[int]
        series: _containers.RepeatedCompositeFieldContainer[DownsampledSeries]
        def __init__(self, series: _Optional[_Iterable[_Union[DownsampledSeries, _Mapping]]] = ...) -> None: ...
    RUN_IDS_FIELD_NUMBER: _ClassVar[int]
    KEYS_FIELD_NUMBER: _ClassVar[int]
    BUCKETS_FIELD_NUMBER: _ClassVar[int]
    STEPS_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMPS_FIELD_NUMBER: _ClassVar[int]
    run_ids: _containers.RepeatedScalarFieldContainer[str]
    keys: _containers.RepeatedScalarFieldContainer[str]
    buckets: int
    steps: Int64Range
    timestamps: Int64Range
    def __init__(self, run_ids: _Optional[_Iterable[str]] = ..., keys: _Optional[_Iterable[str]] = ..., buckets: _Optional[int] = ..., steps: _Optional[_Union[Int64Range, _Mapping]] = ..., timestamps: _Optional[_Union[Int64Range, _Mapping]] = ...) -> None: ...

class Int64Range(_message.Message):
    __slots__ = ("start", "end")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    start: int
    end: int
    def __init__(self, start: _Optional[int] = ..., end: _Optional[int] = ...) -> None: ...

class DownsampledSeries(_message.Message):
    __slots__ = ("run_id", "key", "step_from", "bucket_width", "points", "buckets", "counts", "first_steps", "first_values", "last_steps", "last_values", "min_values", "max_values")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    STEP_FROM_FIELD_NUMBER: _ClassVar[int]
    BUCKET_WIDTH_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    BUCKETS_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    FIRST_STEPS_FIELD_NUMBER: _ClassVar[int]
    FIRST_VALUES_FIELD_NUMBER: _ClassVar[int]
    LAST_STEPS_FIELD_NUMBER: _ClassVar[int]
    LAST_VALUES_FIELD_NUMBER: _ClassVar[int]
    MIN_VALUES_FIELD_NUMBER: _ClassVar[int]
    MAX_VALUES_FIELD_NUMBER: _ClassVar[int]
    run_id: str
    key: str
    step_from: int
    bucket_width: int
    points: int
    buckets: _containers.RepeatedScalarFieldContainer[int]
    counts: _containers.RepeatedScalarFieldContainer[int]
    first_steps: _containers.RepeatedScalarFieldContainer[int]
    first_values: _containers.RepeatedScalarFieldContainer[float]
    last_steps: _containers.RepeatedScalarFieldContainer[int]
    last_values: _containers.RepeatedScalarFieldContainer[float]
    min_values: _containers.RepeatedScalarFieldContainer[float]
    max_values: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, run_id: _Optional[str] = ..., key: _Optional[str] = ..., step_from: _Optional[int] = ..., bucket_width: _Optional[int] = ..., points: _Optional[int] = ..., buckets: _Optional[_Iterable[int]] = ..., counts: _Optional[_Iterable[int]] = ..., first_steps: _Optional[_Iterable[int]] = ..., first_values: _Optional[_Iterable[float]] = ..., last_steps: _Optional[_Iterable[int]] = ..., last_values: _Optional[_Iterable[float]] = ..., min_values: _Optional[_Iterable[float]] = ..., max_values: _Optional[_Iterable[float]] = ...) -> None: ...

class AuditRecord(_message.Message):
    __slots__ = ("id", "timestamp", "actor", "action", "entity_type", "entity_id", "changes")
    ID_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    ENTITY_TYPE_FIELD_NUMBER: _ClassVar[int]
    ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    id: int
    timestamp: int
    actor: str
    action: str
    entity_type: str
    entity_id: str
    changes: _struct_pb2.Struct
    def __init__(self, id: _Optional[int] = ..., timestamp: _Optional[int] = ..., actor: _Optional[str] = ..., action: _Optional[str] = ..., entity_type: _Optional[str] = ..., entity_id: _Optional[str] = ..., changes: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class FindAuditRecords(_message.Message):
    __slots__ = ("entity_id", "entity_type", "action", "since", "until", "page_number", "page_limit", "descending", "actor")
    class Response(_message.Message):
        __slots__ = ("records", "total_records")
        RECORDS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        records: _containers.RepeatedCompositeFieldContainer[AuditRecord]
        total_records: int
        def __init__(self, records: _Optional[_Iterable[_Union[AuditRecord, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    ENTITY_TYPE_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    PAGE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PAGE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    DESCENDING_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    entity_id: str
    entity_type: str
    action: str
    since: int
    until: int
    page_number: int
    page_limit: int
    descending: bool
    actor: str
    def __init__(self, entity_id: _Optional[str] = ..., entity_type: _Optional[str] = ..., action: _Optional[str] = ..., since: _Optional[int] = ..., until: _Optional[int] = ..., page_number: _Optional[int] = ..., page_limit: _Optional[int] = ..., descending: _Optional[bool] = ..., actor: _Optional[str] = ...) -> None: ...

class RunModelVersion(_message.Message):
    __slots__ = ("registered_model_id", "registered_model_name", "model_version_id", "version", "stage", "time_created")
    REGISTERED_MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_MODEL_NAME_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    TIME_CREATED_FIELD_NUMBER: _ClassVar[int]
    registered_model_id: int
    registered_model_name: str
    model_version_id: int
    version: str
    stage: _stage_service_pb2.StageEnum.Stage
    time_created: int
    def __init__(self, registered_model_id: _Optional[int] = ..., registered_model_name: _Optional[str] = ..., model_version_id: _Optional[int] = ..., version: _Optional[str] = ..., stage: _Optional[_Union[_stage_service_pb2.StageEnum.Stage, str]] = ..., time_created: _Optional[int] = ...) -> None: ...

class ListRunModelVersions(_message.Message):
    __slots__ = ("experiment_run_id",)
    class Response(_message.Message):
        __slots__ = ("model_versions",)
        MODEL_VERSIONS_FIELD_NUMBER: _ClassVar[int]
        model_versions: _containers.RepeatedCompositeFieldContainer[RunModelVersion]
        def __init__(self, model_versions: _Optional[_Iterable[_Union[RunModelVersion, _Mapping]]] = ...) -> None: ...
    EXPERIMENT_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    experiment_run_id: str
    def __init__(self, experiment_run_id: _Optional[str] = ...) -> None: ...

class GetModelVersionSource(_message.Message):
    __slots__ = ("model_version_id",)
    class Response(_message.Message):
        __slots__ = ("experiment_run_id", "experiment_run_name", "project_id", "experiment_id", "run_deleted", "versioned_inputs", "datasets")
        EXPERIMENT_RUN_ID_FIELD_NUMBER: _ClassVar[int]
        EXPERIMENT_RUN_NAME_FIELD_NUMBER: _ClassVar[int]
        PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
        EXPERIMENT_ID_FIELD_NUMBER: _ClassVar[int]
        RUN_DELETED_FIELD_NUMBER: _ClassVar[int]
        VERSIONED_INPUTS_FIELD_NUMBER: _ClassVar[int]
        DATASETS_FIELD_NUMBER: _ClassVar[int]
        experiment_run_id: str
        experiment_run_name: str
        project_id: str
        experiment_id: str
        run_deleted: bool
        versioned_inputs: _experiment_run_service_pb2.VersioningEntry
        datasets: _containers.RepeatedCompositeFieldContainer[_common_pb2.Artifact]
        def __init__(self, experiment_run_id: _Optional[str] = ..., experiment_run_name: _Optional[str] = ..., project_id: _Optional[str] = ..., experiment_id: _Optional[str] = ..., run_deleted: _Optional[bool] = ..., versioned_inputs: _Optional[_Union[_experiment_run_service_pb2.VersioningEntry, _Mapping]] = ..., datasets: _Optional[_Iterable[_Union[_common_pb2.Artifact, _Mapping]]] = ...) -> None: ...
    MODEL_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    model_version_id: int
    def __init__(self, model_version_id: _Optional[int] = ...) -> None: ...
