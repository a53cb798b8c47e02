from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as _experiment_run_service_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class QueryRuns(_message.Message):
    __slots__ = ("project_id", "experiment_id", "experiment_run_ids", "query", "order_by", "page_number", "page_limit", "ids_only", "workspace_name")
    class Response(_message.Message):
        __slots__ = ("experiment_runs", "total_records")
        EXPERIMENT_RUNS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        experiment_runs: _containers.RepeatedCompositeFieldContainer[_experiment_run_service_pb2.ExperimentRun]
        total_records: int
        def __init__(self, experiment_runs: _Optional[_Iterable[_Union[_experiment_run_service_pb2.ExperimentRun, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPERIMENT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPERIMENT_RUN_IDS_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    ORDER_BY_FIELD_NUMBER: _ClassVar[int]
    PAGE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PAGE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    IDS_ONLY_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    experiment_id: str
    experiment_run_ids: _containers.RepeatedScalarFieldContainer[str]
    query: str
    order_by: _containers.RepeatedScalarFieldContainer[str]
    page_number: int
    page_limit: int
    ids_only: bool
    workspace_name: str
    def __init__(self, project_id: _Optional[str] = ..., experiment_id: _Optional[str] = ..., experiment_run_ids: _Optional[_Iterable[str]] = ..., query: _Optional[str] = ..., order_by: _Optional[_Iterable[str]] = ..., page_number: _Optional[int] = ..., page_limit: _Optional[int] = ..., ids_only: _Optional[bool] = ..., workspace_name: _Optional[str] = ...) -> None: ...

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
