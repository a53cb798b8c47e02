from google.api import annotations_pb2 as _annotations_pb2
from modeldb_backend.pb.common import common_pb2 as _common_pb2
from modeldb_backend.pb.modeldb import common_pb2 as _common_pb2_1
from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as _experiment_run_service_pb2
from modeldb_backend.pb.modeldb import experiment_service_pb2 as _experiment_service_pb2
from modeldb_backend.pb.uac import uac_pb2 as _uac_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Dataset(_message.Message):
    __slots__ = ("id", "name", "owner", "owner_id", "group_owner_id", "description", "tags", "dataset_visibility", "dataset_type", "attributes", "time_created", "time_updated", "workspace_id", "workspace_type", "workspace_service_id", "custom_permission", "visibility", "version_number")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    DATASET_VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    DATASET_TYPE_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    TIME_CREATED_FIELD_NUMBER: _ClassVar[int]
    TIME_UPDATED_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_TYPE_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_SERVICE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_PERMISSION_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    VERSION_NUMBER_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    owner: str
    owner_id: int
    group_owner_id: _common_pb2.GroupId
    description: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    dataset_visibility: DatasetVisibilityEnum.DatasetVisibility
    dataset_type: DatasetTypeEnum.DatasetType
    attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    time_created: int
    time_updated: int
    workspace_id: str
    workspace_type: _common_pb2.WorkspaceTypeEnum.WorkspaceType
    workspace_service_id: int
    custom_permission: _uac_pb2.CollaboratorPermissions
    visibility: _uac_pb2.ResourceVisibility
    version_number: int
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., owner: _Optional[str] = ..., owner_id: _Optional[int] = ..., group_owner_id: _Optional[_Union[_common_pb2.GroupId, _Mapping]] = ..., description: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., dataset_visibility: _Optional[_Union[DatasetVisibilityEnum.DatasetVisibility, str]] = ..., dataset_type: _Optional[_Union[DatasetTypeEnum.DatasetType, str]] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., time_created: _Optional[int] = ..., time_updated: _Optional[int] = ..., workspace_id: _Optional[str] = ..., workspace_type: _Optional[_Union[_common_pb2.WorkspaceTypeEnum.WorkspaceType, str]] = ..., workspace_service_id: _Optional[int] = ..., custom_permission: _Optional[_Union[_uac_pb2.CollaboratorPermissions, _Mapping]] = ..., visibility: _Optional[_Union[_uac_pb2.ResourceVisibility, str]] = ..., version_number: _Optional[int] = ...) -> None: ...

class DatasetTypeEnum(_message.Message):
    __slots__ = ()
    class DatasetType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        RAW: _ClassVar[DatasetTypeEnum.DatasetType]
        PATH: _ClassVar[DatasetTypeEnum.DatasetType]
        QUERY: _ClassVar[DatasetTypeEnum.DatasetType]
    RAW: DatasetTypeEnum.DatasetType
    PATH: DatasetTypeEnum.DatasetType
    QUERY: DatasetTypeEnum.DatasetType
    def __init__(self) -> None: ...

class DatasetVisibilityEnum(_message.Message):
    __slots__ = ()
    class DatasetVisibility(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        PRIVATE: _ClassVar[DatasetVisibilityEnum.DatasetVisibility]
        PUBLIC: _ClassVar[DatasetVisibilityEnum.DatasetVisibility]
        ORG_SCOPED_PUBLIC: _ClassVar[DatasetVisibilityEnum.DatasetVisibility]
    PRIVATE: DatasetVisibilityEnum.DatasetVisibility
    PUBLIC: DatasetVisibilityEnum.DatasetVisibility
    ORG_SCOPED_PUBLIC: DatasetVisibilityEnum.DatasetVisibility
    def __init__(self) -> None: ...

class CreateDataset(_message.Message):
    __slots__ = ("name", "description", "tags", "attributes", "dataset_visibility", "dataset_type", "workspace_name", "time_created", "custom_permission", "visibility")
    class Response(_message.Message):
        __slots__ = ("dataset",)
        DATASET_FIELD_NUMBER: _ClassVar[int]
        dataset: Dataset
        def __init__(self, dataset: _Optional[_Union[Dataset, _Mapping]] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    DATASET_VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    DATASET_TYPE_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    TIME_CREATED_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_PERMISSION_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    dataset_visibility: DatasetVisibilityEnum.DatasetVisibility
    dataset_type: DatasetTypeEnum.DatasetType
    workspace_name: str
    time_created: int
    custom_permission: _uac_pb2.CollaboratorPermissions
    visibility: _uac_pb2.ResourceVisibility
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., dataset_visibility: _Optional[_Union[DatasetVisibilityEnum.DatasetVisibility, str]] = ..., dataset_type: _Optional[_Union[DatasetTypeEnum.DatasetType, str]] = ..., workspace_name: _Optional[str] = ..., time_created: _Optional[int] = ..., custom_permission: _Optional[_Union[_uac_pb2.CollaboratorPermissions, _Mapping]] = ..., visibility: _Optional[_Union[_uac_pb2.ResourceVisibility, str]] = ...) -> None: ...

class GetAllDatasets(_message.Message):
    __slots__ = ("page_number", "page_limit", "ascending", "sort_key", "workspace_name")
    class Response(_message.Message):
        __slots__ = ("datasets", "total_records")
        DATASETS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        datasets: _containers.RepeatedCompositeFieldContainer[Dataset]
        total_records: int
        def __init__(self, datasets: _Optional[_Iterable[_Union[Dataset, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    PAGE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PAGE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    ASCENDING_FIELD_NUMBER: _ClassVar[int]
    SORT_KEY_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    page_number: int
    page_limit: int
    ascending: bool
    sort_key: str
    workspace_name: str
    def __init__(self, page_number: _Optional[int] = ..., page_limit: _Optional[int] = ..., ascending: _Optional[bool] = ..., sort_key: _Optional[str] = ..., workspace_name: _Optional[str] = ...) -> None: ...

class GetDatasetById(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("dataset",)
        DATASET_FIELD_NUMBER: _ClassVar[int]
        dataset: Dataset
        def __init__(self, dataset: _Optional[_Union[Dataset, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetDatasetByName(_message.Message):
    __slots__ = ("name", "workspace_name")
    class Response(_message.Message):
        __slots__ = ("dataset_by_user", "shared_datasets")
        DATASET_BY_USER_FIELD_NUMBER: _ClassVar[int]
        SHARED_DATASETS_FIELD_NUMBER: _ClassVar[int]
        dataset_by_user: Dataset
        shared_datasets: _containers.RepeatedCompositeFieldContainer[Dataset]
        def __init__(self, dataset_by_user: _Optional[_Union[Dataset, _Mapping]] = ..., shared_datasets: _Optional[_Iterable[_Union[Dataset, _Mapping]]] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    workspace_name: str
    def __init__(self, name: _Optional[str] = ..., workspace_name: _Optional[str] = ...) -> None: ...

class DeleteDataset(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("status",)
        STATUS_FIELD_NUMBER: _ClassVar[int]
        status: bool
        def __init__(self, status: _Optional[bool] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteDatasets(_message.Message):
    __slots__ = ("ids",)
    class Response(_message.Message):
        __slots__ = ("status",)
        STATUS_FIELD_NUMBER: _ClassVar[int]
        status: bool
        def __init__(self, status: _Optional[bool] = ...) -> None: ...
    IDS_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ids: _Optional[_Iterable[str]] = ...) -> None: ...

class FindDatasets(_message.Message):
    __slots__ = ("dataset_ids", "predicates", "ids_only", "workspace_name", "page_number", "page_limit", "ascending", "sort_key")
    class Response(_message.Message):
        __slots__ = ("datasets", "total_records")
        DATASETS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        datasets: _containers.RepeatedCompositeFieldContainer[Dataset]
        total_records: int
        def __init__(self, datasets: _Optional[_Iterable[_Union[Dataset, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    DATASET_IDS_FIELD_NUMBER: _ClassVar[int]
    PREDICATES_FIELD_NUMBER: _ClassVar[int]
    IDS_ONLY_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    PAGE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PAGE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    ASCENDING_FIELD_NUMBER: _ClassVar[int]
    SORT_KEY_FIELD_NUMBER: _ClassVar[int]
    dataset_ids: _containers.RepeatedScalarFieldContainer[str]
    predicates: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValueQuery]
    ids_only: bool
    workspace_name: str
    page_number: int
    page_limit: int
    ascending: bool
    sort_key: str
    def __init__(self, dataset_ids: _Optional[_Iterable[str]] = ..., predicates: _Optional[_Iterable[_Union[_common_pb2.KeyValueQuery, _Mapping]]] = ..., ids_only: _Optional[bool] = ..., workspace_name: _Optional[str] = ..., page_number: _Optional[int] = ..., page_limit: _Optional[int] = ..., ascending: _Optional[bool] = ..., sort_key: _Optional[str] = ...) -> None: ...

class UpdateDatasetName(_message.Message):
    __slots__ = ("id", "name")
    class Response(_message.Message):
        __slots__ = ("dataset",)
        DATASET_FIELD_NUMBER: _ClassVar[int]
        dataset: Dataset
        def __init__(self, dataset: _Optional[_Union[Dataset, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class UpdateDatasetDescription(_message.Message):
    __slots__ = ("id", "description")
    class Response(_message.Message):
        __slots__ = ("dataset",)
        DATASET_FIELD_NUMBER: _ClassVar[int]
        dataset: Dataset
        def __init__(self, dataset: _Optional[_Union[Dataset, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    id: str
    description: str
    def __init__(self, id: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class AddDatasetTags(_message.Message):
    __slots__ = ("id", "tags")
    class Response(_message.Message):
        __slots__ = ("dataset",)
        DATASET_FIELD_NUMBER: _ClassVar[int]
        dataset: Dataset
        def __init__(self, dataset: _Optional[_Union[Dataset, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    id: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ...) -> None: ...

class DeleteDatasetTags(_message.Message):
    __slots__ = ("id", "tags", "delete_all")
    class Response(_message.Message):
        __slots__ = ("dataset",)
        DATASET_FIELD_NUMBER: _ClassVar[int]
        dataset: Dataset
        def __init__(self, dataset: _Optional[_Union[Dataset, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    DELETE_ALL_FIELD_NUMBER: _ClassVar[int]
    id: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    delete_all: bool
    def __init__(self, id: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., delete_all: _Optional[bool] = ...) -> None: ...

class AddDatasetAttributes(_message.Message):
    __slots__ = ("id", "attributes")
    class Response(_message.Message):
        __slots__ = ("dataset",)
        DATASET_FIELD_NUMBER: _ClassVar[int]
        dataset: Dataset
        def __init__(self, dataset: _Optional[_Union[Dataset, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    id: str
    attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    def __init__(self, id: _Optional[str] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ...) -> None: ...

class UpdateDatasetAttributes(_message.Message):
    __slots__ = ("id", "attribute")
    class Response(_message.Message):
        __slots__ = ("dataset",)
        DATASET_FIELD_NUMBER: _ClassVar[int]
        dataset: Dataset
        def __init__(self, dataset: _Optional[_Union[Dataset, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTE_FIELD_NUMBER: _ClassVar[int]
    id: str
    attribute: _common_pb2.KeyValue
    def __init__(self, id: _Optional[str] = ..., attribute: _Optional[_Union[_common_pb2.KeyValue, _Mapping]] = ...) -> None: ...

class DeleteDatasetAttributes(_message.Message):
    __slots__ = ("id", "attribute_keys", "delete_all")
    class Response(_message.Message):
        __slots__ = ("dataset",)
        DATASET_FIELD_NUMBER: _ClassVar[int]
        dataset: Dataset
        def __init__(self, dataset: _Optional[_Union[Dataset, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTE_KEYS_FIELD_NUMBER: _ClassVar[int]
    DELETE_ALL_FIELD_NUMBER: _ClassVar[int]
    id: str
    attribute_keys: _containers.RepeatedScalarFieldContainer[str]
    delete_all: bool
    def __init__(self, id: _Optional[str] = ..., attribute_keys: _Optional[_Iterable[str]] = ..., delete_all: _Optional[bool] = ...) -> None: ...

class LastExperimentByDatasetId(_message.Message):
    __slots__ = ("dataset_id",)
    class Response(_message.Message):
        __slots__ = ("experiment",)
        EXPERIMENT_FIELD_NUMBER: _ClassVar[int]
        experiment: _experiment_service_pb2.Experiment
        def __init__(self, experiment: _Optional[_Union[_experiment_service_pb2.Experiment, _Mapping]] = ...) -> None: ...
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    dataset_id: str
    def __init__(self, dataset_id: _Optional[str] = ...) -> None: ...

class GetExperimentRunByDataset(_message.Message):
    __slots__ = ("dataset_id",)
    class Response(_message.Message):
        __slots__ = ("experiment_runs",)
        EXPERIMENT_RUNS_FIELD_NUMBER: _ClassVar[int]
        experiment_runs: _containers.RepeatedCompositeFieldContainer[_experiment_run_service_pb2.ExperimentRun]
        def __init__(self, experiment_runs: _Optional[_Iterable[_Union[_experiment_run_service_pb2.ExperimentRun, _Mapping]]] = ...) -> None: ...
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    dataset_id: str
    def __init__(self, dataset_id: _Optional[str] = ...) -> None: ...
