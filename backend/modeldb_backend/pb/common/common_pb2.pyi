from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TernaryEnum(_message.Message):
    __slots__ = ()
    class Ternary(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        UNKNOWN: _ClassVar[TernaryEnum.Ternary]
        TRUE: _ClassVar[TernaryEnum.Ternary]
        FALSE: _ClassVar[TernaryEnum.Ternary]
    UNKNOWN: TernaryEnum.Ternary
    TRUE: TernaryEnum.Ternary
    FALSE: TernaryEnum.Ternary
    def __init__(self) -> None: ...

class KeyValue(_message.Message):
    __slots__ = ("key", "value", "value_type")
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    VALUE_TYPE_FIELD_NUMBER: _ClassVar[int]
    key: str
    value: _struct_pb2.Value
    value_type: ValueTypeEnum.ValueType
    def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., value_type: _Optional[_Union[ValueTypeEnum.ValueType, str]] = ...) -> None: ...

class ValueTypeEnum(_message.Message):
    __slots__ = ()
    class ValueType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STRING: _ClassVar[ValueTypeEnum.ValueType]
        NUMBER: _ClassVar[ValueTypeEnum.ValueType]
        LIST: _ClassVar[ValueTypeEnum.ValueType]
        BLOB: _ClassVar[ValueTypeEnum.ValueType]
    STRING: ValueTypeEnum.ValueType
    NUMBER: ValueTypeEnum.ValueType
    LIST: ValueTypeEnum.ValueType
    BLOB: ValueTypeEnum.ValueType
    def __init__(self) -> None: ...

class CollaboratorTypeEnum(_message.Message):
    __slots__ = ()
    class CollaboratorType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        READ_ONLY: _ClassVar[CollaboratorTypeEnum.CollaboratorType]
        READ_WRITE: _ClassVar[CollaboratorTypeEnum.CollaboratorType]
    READ_ONLY: CollaboratorTypeEnum.CollaboratorType
    READ_WRITE: CollaboratorTypeEnum.CollaboratorType
    def __init__(self) -> None: ...

class CollaboratorTypeEnumWithDefaultEnum(_message.Message):
    __slots__ = ()
    class CollaboratorTypeEnumWithDefault(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        UNKNOWN: _ClassVar[CollaboratorTypeEnumWithDefaultEnum.CollaboratorTypeEnumWithDefault]
        READ_WRITE: _ClassVar[CollaboratorTypeEnumWithDefaultEnum.CollaboratorTypeEnumWithDefault]
        READ_ONLY: _ClassVar[CollaboratorTypeEnumWithDefaultEnum.CollaboratorTypeEnumWithDefault]
    UNKNOWN: CollaboratorTypeEnumWithDefaultEnum.CollaboratorTypeEnumWithDefault
    READ_WRITE: CollaboratorTypeEnumWithDefaultEnum.CollaboratorTypeEnumWithDefault
    READ_ONLY: CollaboratorTypeEnumWithDefaultEnum.CollaboratorTypeEnumWithDefault
    def __init__(self) -> None: ...

class EntitiesEnum(_message.Message):
    __slots__ = ()
    class EntitiesTypes(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        UNKNOWN: _ClassVar[EntitiesEnum.EntitiesTypes]
        ORGANIZATION: _ClassVar[EntitiesEnum.EntitiesTypes]
        TEAM: _ClassVar[EntitiesEnum.EntitiesTypes]
        USER: _ClassVar[EntitiesEnum.EntitiesTypes]
        GROUP: _ClassVar[EntitiesEnum.EntitiesTypes]
    UNKNOWN: EntitiesEnum.EntitiesTypes
    ORGANIZATION: EntitiesEnum.EntitiesTypes
    TEAM: EntitiesEnum.EntitiesTypes
    USER: EntitiesEnum.EntitiesTypes
    GROUP: EntitiesEnum.EntitiesTypes
    def __init__(self) -> None: ...

class ModelDBResourceEnum(_message.Message):
    __slots__ = ()
    class ModelDBServiceResourceTypes(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        UNKNOWN: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        ALL: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        PROJECT: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        EXPERIMENT: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        EXPERIMENT_RUN: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        DATASET: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        DATASET_VERSION: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        DASHBOARD: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        REPOSITORY: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        REGISTERED_MODEL: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        REGISTERED_MODEL_VERSION: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        MONITORED_ENTITY: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        NOTIFICATION_CHANNEL: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        ENDPOINT: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        BUILD: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        ORGANIZATION: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        TEAM: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        WORKSPACE: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        USER: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        SERVICE_ACCOUNT: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        CONTAINER_REGISTRY_CONFIGURATION: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        STAGE: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
        PROFILER: _ClassVar[ModelDBResourceEnum.ModelDBServiceResourceTypes]
    UNKNOWN: ModelDBResourceEnum.ModelDBServiceResourceTypes
    ALL: ModelDBResourceEnum.ModelDBServiceResourceTypes
    PROJECT: ModelDBResourceEnum.ModelDBServiceResourceTypes
    EXPERIMENT: ModelDBResourceEnum.ModelDBServiceResourceTypes
    EXPERIMENT_RUN: ModelDBResourceEnum.ModelDBServiceResourceTypes
    DATASET: ModelDBResourceEnum.ModelDBServiceResourceTypes
    DATASET_VERSION: ModelDBResourceEnum.ModelDBServiceResourceTypes
    DASHBOARD: ModelDBResourceEnum.ModelDBServiceResourceTypes
    REPOSITORY: ModelDBResourceEnum.ModelDBServiceResourceTypes
    REGISTERED_MODEL: ModelDBResourceEnum.ModelDBServiceResourceTypes
    REGISTERED_MODEL_VERSION: ModelDBResourceEnum.ModelDBServiceResourceTypes
    MONITORED_ENTITY: ModelDBResourceEnum.ModelDBServiceResourceTypes
    NOTIFICATION_CHANNEL: ModelDBResourceEnum.ModelDBServiceResourceTypes
    ENDPOINT: ModelDBResourceEnum.ModelDBServiceResourceTypes
    BUILD: ModelDBResourceEnum.ModelDBServiceResourceTypes
    ORGANIZATION: ModelDBResourceEnum.ModelDBServiceResourceTypes
    TEAM: ModelDBResourceEnum.ModelDBServiceResourceTypes
    WORKSPACE: ModelDBResourceEnum.ModelDBServiceResourceTypes
    USER: ModelDBResourceEnum.ModelDBServiceResourceTypes
    SERVICE_ACCOUNT: ModelDBResourceEnum.ModelDBServiceResourceTypes
    CONTAINER_REGISTRY_CONFIGURATION: ModelDBResourceEnum.ModelDBServiceResourceTypes
    STAGE: ModelDBResourceEnum.ModelDBServiceResourceTypes
    PROFILER: ModelDBResourceEnum.ModelDBServiceResourceTypes
    def __init__(self) -> None: ...

class Pagination(_message.Message):
    __slots__ = ("page_number", "page_limit")
    PAGE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PAGE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    page_number: int
    page_limit: int
    def __init__(self, page_number: _Optional[int] = ..., page_limit: _Optional[int] = ...) -> None: ...

class WorkspaceTypeEnum(_message.Message):
    __slots__ = ()
    class WorkspaceType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        UNKNOWN: _ClassVar[WorkspaceTypeEnum.WorkspaceType]
        ORGANIZATION: _ClassVar[WorkspaceTypeEnum.WorkspaceType]
        USER: _ClassVar[WorkspaceTypeEnum.WorkspaceType]
    UNKNOWN: WorkspaceTypeEnum.WorkspaceType
    ORGANIZATION: WorkspaceTypeEnum.WorkspaceType
    USER: WorkspaceTypeEnum.WorkspaceType
    def __init__(self) -> None: ...

class ArtifactTypeEnum(_message.Message):
    __slots__ = ()
    class ArtifactType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        IMAGE: _ClassVar[ArtifactTypeEnum.ArtifactType]
        MODEL: _ClassVar[ArtifactTypeEnum.ArtifactType]
        TENSORBOARD: _ClassVar[ArtifactTypeEnum.ArtifactType]
        DATA: _ClassVar[ArtifactTypeEnum.ArtifactType]
        BLOB: _ClassVar[ArtifactTypeEnum.ArtifactType]
        STRING: _ClassVar[ArtifactTypeEnum.ArtifactType]
        CODE: _ClassVar[ArtifactTypeEnum.ArtifactType]
        CONTAINER: _ClassVar[ArtifactTypeEnum.ArtifactType]
    IMAGE: ArtifactTypeEnum.ArtifactType
    MODEL: ArtifactTypeEnum.ArtifactType
    TENSORBOARD: ArtifactTypeEnum.ArtifactType
    DATA: ArtifactTypeEnum.ArtifactType
    BLOB: ArtifactTypeEnum.ArtifactType
    STRING: ArtifactTypeEnum.ArtifactType
    CODE: ArtifactTypeEnum.ArtifactType
    CONTAINER: ArtifactTypeEnum.ArtifactType
    def __init__(self) -> None: ...

class Artifact(_message.Message):
    __slots__ = ("key", "path", "path_only", "artifact_type", "linked_artifact_id", "filename_extension", "serialization", "artifact_subtype", "upload_completed")
    KEY_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    PATH_ONLY_FIELD_NUMBER: _ClassVar[int]
    ARTIFACT_TYPE_FIELD_NUMBER: _ClassVar[int]
    LINKED_ARTIFACT_ID_FIELD_NUMBER: _ClassVar[int]
    FILENAME_EXTENSION_FIELD_NUMBER: _ClassVar[int]
    SERIALIZATION_FIELD_NUMBER: _ClassVar[int]
    ARTIFACT_SUBTYPE_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_COMPLETED_FIELD_NUMBER: _ClassVar[int]
    key: str
    path: str
    path_only: bool
    artifact_type: ArtifactTypeEnum.ArtifactType
    linked_artifact_id: str
    filename_extension: str
    serialization: str
    artifact_subtype: str
    upload_completed: bool
    def __init__(self, key: _Optional[str] = ..., path: _Optional[str] = ..., path_only: _Optional[bool] = ..., artifact_type: _Optional[_Union[ArtifactTypeEnum.ArtifactType, str]] = ..., linked_artifact_id: _Optional[str] = ..., filename_extension: _Optional[str] = ..., serialization: _Optional[str] = ..., artifact_subtype: _Optional[str] = ..., upload_completed: _Optional[bool] = ...) -> None: ...

class KeyValueQuery(_message.Message):
    __slots__ = ("key", "value", "value_type", "operator")
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    VALUE_TYPE_FIELD_NUMBER: _ClassVar[int]
    OPERATOR_FIELD_NUMBER: _ClassVar[int]
    key: str
    value: _struct_pb2.Value
    value_type: ValueTypeEnum.ValueType
    operator: OperatorEnum.Operator
    def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., value_type: _Optional[_Union[ValueTypeEnum.ValueType, str]] = ..., operator: _Optional[_Union[OperatorEnum.Operator, str]] = ...) -> None: ...

class ArtifactPart(_message.Message):
    __slots__ = ("part_number", "etag")
    PART_NUMBER_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    part_number: int
    etag: str
    def __init__(self, part_number: _Optional[int] = ..., etag: _Optional[str] = ...) -> None: ...

class OperatorEnum(_message.Message):
    __slots__ = ()
    class Operator(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        EQ: _ClassVar[OperatorEnum.Operator]
        NE: _ClassVar[OperatorEnum.Operator]
        GT: _ClassVar[OperatorEnum.Operator]
        GTE: _ClassVar[OperatorEnum.Operator]
        LT: _ClassVar[OperatorEnum.Operator]
        LTE: _ClassVar[OperatorEnum.Operator]
        CONTAIN: _ClassVar[OperatorEnum.Operator]
        NOT_CONTAIN: _ClassVar[OperatorEnum.Operator]
        IN: _ClassVar[OperatorEnum.Operator]
        NOT_IN: _ClassVar[OperatorEnum.Operator]
    EQ: OperatorEnum.Operator
    NE: OperatorEnum.Operator
    GT: OperatorEnum.Operator
    GTE: OperatorEnum.Operator
    LT: OperatorEnum.Operator
    LTE: OperatorEnum.Operator
    CONTAIN: OperatorEnum.Operator
    NOT_CONTAIN: OperatorEnum.Operator
    IN: OperatorEnum.Operator
    NOT_IN: OperatorEnum.Operator
    def __init__(self) -> None: ...

class VisibilityEnum(_message.Message):
    __slots__ = ()
    class Visibility(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        PRIVATE: _ClassVar[VisibilityEnum.Visibility]
        PUBLIC: _ClassVar[VisibilityEnum.Visibility]
        ORG_SCOPED_PUBLIC: _ClassVar[VisibilityEnum.Visibility]
        ORG_DEFAULT: _ClassVar[VisibilityEnum.Visibility]
    PRIVATE: VisibilityEnum.Visibility
    PUBLIC: VisibilityEnum.Visibility
    ORG_SCOPED_PUBLIC: VisibilityEnum.Visibility
    ORG_DEFAULT: VisibilityEnum.Visibility
    def __init__(self) -> None: ...

class CodeVersion(_message.Message):
    __slots__ = ("git_snapshot", "code_archive", "date_logged")
    GIT_SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    CODE_ARCHIVE_FIELD_NUMBER: _ClassVar[int]
    DATE_LOGGED_FIELD_NUMBER: _ClassVar[int]
    git_snapshot: GitSnapshot
    code_archive: Artifact
    date_logged: int
    def __init__(self, git_snapshot: _Optional[_Union[GitSnapshot, _Mapping]] = ..., code_archive: _Optional[_Union[Artifact, _Mapping]] = ..., date_logged: _Optional[int] = ...) -> None: ...

class GitSnapshot(_message.Message):
    __slots__ = ("filepaths", "repo", "hash", "is_dirty")
    FILEPATHS_FIELD_NUMBER: _ClassVar[int]
    REPO_FIELD_NUMBER: _ClassVar[int]
    HASH_FIELD_NUMBER: _ClassVar[int]
    IS_DIRTY_FIELD_NUMBER: _ClassVar[int]
    filepaths: _containers.RepeatedScalarFieldContainer[str]
    repo: str
    hash: str
    is_dirty: TernaryEnum.Ternary
    def __init__(self, filepaths: _Optional[_Iterable[str]] = ..., repo: _Optional[str] = ..., hash: _Optional[str] = ..., is_dirty: _Optional[_Union[TernaryEnum.Ternary, str]] = ...) -> None: ...

class Empty(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GroupId(_message.Message):
    __slots__ = ("org_id", "group_id")
    ORG_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    org_id: str
    group_id: str
    def __init__(self, org_id: _Optional[str] = ..., group_id: _Optional[str] = ...) -> None: ...
