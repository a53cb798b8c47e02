from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from modeldb_backend.pb.common import common_pb2 as _common_pb2
from modeldb_backend.pb.modeldb import dataset_service_pb2 as _dataset_service_pb2
from modeldb_backend.pb.versioning import versioning_pb2 as _versioning_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DatasetVersion(_message.Message):
    __slots__ = ("id", "parent_id", "dataset_id", "time_logged", "description", "tags", "dataset_type", "attributes", "owner", "owner_id", "group_owner_id", "version", "raw_dataset_version_info", "path_dataset_version_info", "query_dataset_version_info", "time_updated", "dataset_blob", "version_number")
    ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_LOGGED_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    DATASET_TYPE_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    RAW_DATASET_VERSION_INFO_FIELD_NUMBER: _ClassVar[int]
    PATH_DATASET_VERSION_INFO_FIELD_NUMBER: _ClassVar[int]
    QUERY_DATASET_VERSION_INFO_FIELD_NUMBER: _ClassVar[int]
    TIME_UPDATED_FIELD_NUMBER: _ClassVar[int]
    DATASET_BLOB_FIELD_NUMBER: _ClassVar[int]
    VERSION_NUMBER_FIELD_NUMBER: _ClassVar[int]
    id: str
    parent_id: str
    dataset_id: str
    time_logged: int
    description: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    dataset_type: _dataset_service_pb2.DatasetTypeEnum.DatasetType
    attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    owner: str
    owner_id: int
    group_owner_id: _common_pb2.GroupId
    version: int
    raw_dataset_version_info: RawDatasetVersionInfo
    path_dataset_version_info: PathDatasetVersionInfo
    query_dataset_version_info: QueryDatasetVersionInfo
    time_updated: int
    dataset_blob: _versioning_pb2.DatasetBlob
    version_number: int
    def __init__(self, id: _Optional[str] = ..., parent_id: _Optional[str] = ..., dataset_id: _Optional[str] = ..., time_logged: _Optional[int] = ..., description: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., dataset_type: _Optional[_Union[_dataset_service_pb2.DatasetTypeEnum.DatasetType, str]] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., owner: _Optional[str] = ..., owner_id: _Optional[int] = ..., group_owner_id: _Optional[_Union[_common_pb2.GroupId, _Mapping]] = ..., version: _Optional[int] = ..., raw_dataset_version_info: _Optional[_Union[RawDatasetVersionInfo, _Mapping]] = ..., path_dataset_version_info: _Optional[_Union[PathDatasetVersionInfo, _Mapping]] = ..., query_dataset_version_info: _Optional[_Union[QueryDatasetVersionInfo, _Mapping]] = ..., time_updated: _Optional[int] = ..., dataset_blob: _Optional[_Union[_versioning_pb2.DatasetBlob, _Mapping]] = ..., version_number: _Optional[int] = ...) -> None: ...

class QueryDatasetVersionInfo(_message.Message):
    __slots__ = ("query", "query_template", "query_parameters", "data_source_uri", "execution_timestamp", "num_records")
    QUERY_FIELD_NUMBER: _ClassVar[int]
    QUERY_TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    QUERY_PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    DATA_SOURCE_URI_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    NUM_RECORDS_FIELD_NUMBER: _ClassVar[int]
    query: str
    query_template: str
    query_parameters: _containers.RepeatedCompositeFieldContainer[QueryParameter]
    data_source_uri: str
    execution_timestamp: int
    num_records: int
    def __init__(self, query: _Optional[str] = ..., query_template: _Optional[str] = ..., query_parameters: _Optional[_Iterable[_Union[QueryParameter, _Mapping]]] = ..., data_source_uri: _Optional[str] = ..., execution_timestamp: _Optional[int] = ..., num_records: _Optional[int] = ...) -> None: ...

class QueryParameter(_message.Message):
    __slots__ = ("parameter_name", "parameter_type", "value")
    PARAMETER_NAME_FIELD_NUMBER: _ClassVar[int]
    PARAMETER_TYPE_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    parameter_name: str
    parameter_type: _common_pb2.ValueTypeEnum.ValueType
    value: _struct_pb2.Value
    def __init__(self, parameter_name: _Optional[str] = ..., parameter_type: _Optional[_Union[_common_pb2.ValueTypeEnum.ValueType, str]] = ..., value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ...) -> None: ...

class RawDatasetVersionInfo(_message.Message):
    __slots__ = ("size", "features", "num_records", "object_path", "checksum")
    SIZE_FIELD_NUMBER: _ClassVar[int]
    FEATURES_FIELD_NUMBER: _ClassVar[int]
    NUM_RECORDS_FIELD_NUMBER: _ClassVar[int]
    OBJECT_PATH_FIELD_NUMBER: _ClassVar[int]
    CHECKSUM_FIELD_NUMBER: _ClassVar[int]
    size: int
    features: _containers.RepeatedScalarFieldContainer[str]
    num_records: int
    object_path: str
    checksum: str
    def __init__(self, size: _Optional[int] = ..., features: _Optional[_Iterable[str]] = ..., num_records: _Optional[int] = ..., object_path: _Optional[str] = ..., checksum: _Optional[str] = ...) -> None: ...

class PathLocationTypeEnum(_message.Message):
    __slots__ = ()
    class PathLocationType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        LOCAL_FILE_SYSTEM: _ClassVar[PathLocationTypeEnum.PathLocationType]
        NETWORK_FILE_SYSTEM: _ClassVar[PathLocationTypeEnum.PathLocationType]
        HADOOP_FILE_SYSTEM: _ClassVar[PathLocationTypeEnum.PathLocationType]
        S3_FILE_SYSTEM: _ClassVar[PathLocationTypeEnum.PathLocationType]
    LOCAL_FILE_SYSTEM: PathLocationTypeEnum.PathLocationType
    NETWORK_FILE_SYSTEM: PathLocationTypeEnum.PathLocationType
    HADOOP_FILE_SYSTEM: PathLocationTypeEnum.PathLocationType
    S3_FILE_SYSTEM: PathLocationTypeEnum.PathLocationType
    def __init__(self) -> None: ...

class PathDatasetVersionInfo(_message.Message):
    __slots__ = ("location_type", "size", "dataset_part_infos", "base_path")
    LOCATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    DATASET_PART_INFOS_FIELD_NUMBER: _ClassVar[int]
    BASE_PATH_FIELD_NUMBER: _ClassVar[int]
    location_type: PathLocationTypeEnum.PathLocationType
    size: int
    dataset_part_infos: _containers.RepeatedCompositeFieldContainer[DatasetPartInfo]
    base_path: str
    def __init__(self, location_type: _Optional[_Union[PathLocationTypeEnum.PathLocationType, str]] = ..., size: _Optional[int] = ..., dataset_part_infos: _Optional[_Iterable[_Union[DatasetPartInfo, _Mapping]]] = ..., base_path: _Optional[str] = ...) -> None: ...

class DatasetPartInfo(_message.Message):
    __slots__ = ("path", "size", "checksum", "last_modified_at_source")
    PATH_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    CHECKSUM_FIELD_NUMBER: _ClassVar[int]
    LAST_MODIFIED_AT_SOURCE_FIELD_NUMBER: _ClassVar[int]
    path: str
    size: int
    checksum: str
    last_modified_at_source: int
    def __init__(self, path: _Optional[str] = ..., size: _Optional[int] = ..., checksum: _Optional[str] = ..., last_modified_at_source: _Optional[int] = ...) -> None: ...

class CreateDatasetVersion(_message.Message):
    __slots__ = ("dataset_id", "parent_id", "description", "tags", "dataset_type", "attributes", "version", "raw_dataset_version_info", "path_dataset_version_info", "query_dataset_version_info", "time_created", "dataset_blob")
    class Response(_message.Message):
        __slots__ = ("dataset_version",)
        DATASET_VERSION_FIELD_NUMBER: _ClassVar[int]
        dataset_version: DatasetVersion
        def __init__(self, dataset_version: _Optional[_Union[DatasetVersion, _Mapping]] = ...) -> None: ...
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    DATASET_TYPE_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    RAW_DATASET_VERSION_INFO_FIELD_NUMBER: _ClassVar[int]
    PATH_DATASET_VERSION_INFO_FIELD_NUMBER: _ClassVar[int]
    QUERY_DATASET_VERSION_INFO_FIELD_NUMBER: _ClassVar[int]
    TIME_CREATED_FIELD_NUMBER: _ClassVar[int]
    DATASET_BLOB_FIELD_NUMBER: _ClassVar[int]
    dataset_id: str
    parent_id: str
    description: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    dataset_type: _dataset_service_pb2.DatasetTypeEnum.DatasetType
    attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    version: int
    raw_dataset_version_info: RawDatasetVersionInfo
    path_dataset_version_info: PathDatasetVersionInfo
    query_dataset_version_info: QueryDatasetVersionInfo
    time_created: int
    dataset_blob: _versioning_pb2.DatasetBlob
    def __init__(self, dataset_id: _Optional[str] = ..., parent_id: _Optional[str] = ..., description: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., dataset_type: _Optional[_Union[_dataset_service_pb2.DatasetTypeEnum.DatasetType, str]] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., version: _Optional[int] = ..., raw_dataset_version_info: _Optional[_Union[RawDatasetVersionInfo, _Mapping]] = ..., path_dataset_version_info: _Optional[_Union[PathDatasetVersionInfo, _Mapping]] = ..., query_dataset_version_info: _Optional[_Union[QueryDatasetVersionInfo, _Mapping]] = ..., time_created: _Optional[int] = ..., dataset_blob: _Optional[_Union[_versioning_pb2.DatasetBlob, _Mapping]] = ...) -> None: ...

class GetAllDatasetVersionsByDatasetId(_message.Message):
    __slots__ = ("dataset_id", "page_number", "page_limit", "ascending", "sort_key")
    class Response(_message.Message):
        __slots__ = ("dataset_versions", "total_records")
        DATASET_VERSIONS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        dataset_versions: _containers.RepeatedCompositeFieldContainer[DatasetVersion]
        total_records: int
        def __init__(self, dataset_versions: _Optional[_Iterable[_Union[DatasetVersion, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PAGE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    ASCENDING_FIELD_NUMBER: _ClassVar[int]
    SORT_KEY_FIELD_NUMBER: _ClassVar[int]
    dataset_id: str
    page_number: int
    page_limit: int
    ascending: bool
    sort_key: str
    def __init__(self, dataset_id: _Optional[str] = ..., page_number: _Optional[int] = ..., page_limit: _Optional[int] = ..., ascending: _Optional[bool] = ..., sort_key: _Optional[str] = ...) -> None: ...

class DeleteDatasetVersion(_message.Message):
    __slots__ = ("id", "dataset_id")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    dataset_id: str
    def __init__(self, id: _Optional[str] = ..., dataset_id: _Optional[str] = ...) -> None: ...

class DeleteDatasetVersions(_message.Message):
    __slots__ = ("ids", "dataset_id")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    IDS_FIELD_NUMBER: _ClassVar[int]
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[str]
    dataset_id: str
    def __init__(self, ids: _Optional[_Iterable[str]] = ..., dataset_id: _Optional[str] = ...) -> None: ...

class GetLatestDatasetVersionByDatasetId(_message.Message):
    __slots__ = ("dataset_id", "ascending", "sort_key")
    class Response(_message.Message):
        __slots__ = ("dataset_version",)
        DATASET_VERSION_FIELD_NUMBER: _ClassVar[int]
        dataset_version: DatasetVersion
        def __init__(self, dataset_version: _Optional[_Union[DatasetVersion, _Mapping]] = ...) -> None: ...
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    ASCENDING_FIELD_NUMBER: _ClassVar[int]
    SORT_KEY_FIELD_NUMBER: _ClassVar[int]
    dataset_id: str
    ascending: bool
    sort_key: str
    def __init__(self, dataset_id: _Optional[str] = ..., ascending: _Optional[bool] = ..., sort_key: _Optional[str] = ...) -> None: ...

class FindDatasetVersions(_message.Message):
    __slots__ = ("dataset_id", "dataset_version_ids", "predicates", "ids_only", "page_number", "page_limit", "ascending", "sort_key", "workspace_name")
    class Response(_message.Message):
        __slots__ = ("dataset_versions", "total_records")
        DATASET_VERSIONS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        dataset_versions: _containers.RepeatedCompositeFieldContainer[DatasetVersion]
        total_records: int
        def __init__(self, dataset_versions: _Optional[_Iterable[_Union[DatasetVersion, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    DATASET_VERSION_IDS_FIELD_NUMBER: _ClassVar[int]
    PREDICATES_FIELD_NUMBER: _ClassVar[int]
    IDS_ONLY_FIELD_NUMBER: _ClassVar[int]
    PAGE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PAGE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    ASCENDING_FIELD_NUMBER: _ClassVar[int]
    SORT_KEY_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    dataset_id: str
    dataset_version_ids: _containers.RepeatedScalarFieldContainer[str]
    predicates: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValueQuery]
    ids_only: bool
    page_number: int
    page_limit: int
    ascending: bool
    sort_key: str
    workspace_name: str
    def __init__(self, dataset_id: _Optional[str] = ..., dataset_version_ids: _Optional[_Iterable[str]] = ..., predicates: _Optional[_Iterable[_Union[_common_pb2.KeyValueQuery, _Mapping]]] = ..., ids_only: _Optional[bool] = ..., page_number: _Optional[int] = ..., page_limit: _Optional[int] = ..., ascending: _Optional[bool] = ..., sort_key: _Optional[str] = ..., workspace_name: _Optional[str] = ...) -> None: ...

class UpdateDatasetVersionDescription(_message.Message):
    __slots__ = ("id", "description", "dataset_id")
    class Response(_message.Message):
        __slots__ = ("dataset_version",)
        DATASET_VERSION_FIELD_NUMBER: _ClassVar[int]
        dataset_version: DatasetVersion
        def __init__(self, dataset_version: _Optional[_Union[DatasetVersion, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    description: str
    dataset_id: str
    def __init__(self, id: _Optional[str] = ..., description: _Optional[str] = ..., dataset_id: _Optional[str] = ...) -> None: ...

class AddDatasetVersionTags(_message.Message):
    __slots__ = ("id", "tags", "dataset_id")
    class Response(_message.Message):
        __slots__ = ("dataset_version",)
        DATASET_VERSION_FIELD_NUMBER: _ClassVar[int]
        dataset_version: DatasetVersion
        def __init__(self, dataset_version: _Optional[_Union[DatasetVersion, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    dataset_id: str
    def __init__(self, id: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., dataset_id: _Optional[str] = ...) -> None: ...

class DeleteDatasetVersionTags(_message.Message):
    __slots__ = ("id", "tags", "delete_all", "dataset_id")
    class Response(_message.Message):
        __slots__ = ("dataset_version",)
        DATASET_VERSION_FIELD_NUMBER: _ClassVar[int]
        dataset_version: DatasetVersion
        def __init__(self, dataset_version: _Optional[_Union[DatasetVersion, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    DELETE_ALL_FIELD_NUMBER: _ClassVar[int]
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    delete_all: bool
    dataset_id: str
    def __init__(self, id: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., delete_all: _Optional[bool] = ..., dataset_id: _Optional[str] = ...) -> None: ...

class AddDatasetVersionAttributes(_message.Message):
    __slots__ = ("id", "attributes", "dataset_id")
    class Response(_message.Message):
        __slots__ = ("dataset_version",)
        DATASET_VERSION_FIELD_NUMBER: _ClassVar[int]
        dataset_version: DatasetVersion
        def __init__(self, dataset_version: _Optional[_Union[DatasetVersion, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    dataset_id: str
    def __init__(self, id: _Optional[str] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., dataset_id: _Optional[str] = ...) -> None: ...

class UpdateDatasetVersionAttributes(_message.Message):
    __slots__ = ("id", "attribute", "dataset_id")
    class Response(_message.Message):
        __slots__ = ("dataset_version",)
        DATASET_VERSION_FIELD_NUMBER: _ClassVar[int]
        dataset_version: DatasetVersion
        def __init__(self, dataset_version: _Optional[_Union[DatasetVersion, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTE_FIELD_NUMBER: _ClassVar[int]
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    attribute: _common_pb2.KeyValue
    dataset_id: str
    def __init__(self, id: _Optional[str] = ..., attribute: _Optional[_Union[_common_pb2.KeyValue, _Mapping]] = ..., dataset_id: _Optional[str] = ...) -> None: ...

class GetDatasetVersionAttributes(_message.Message):
    __slots__ = ("id", "attribute_keys", "get_all", "dataset_id")
    class Response(_message.Message):
        __slots__ = ("attributes",)
        ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
        attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
        def __init__(self, attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTE_KEYS_FIELD_NUMBER: _ClassVar[int]
    GET_ALL_FIELD_NUMBER: _ClassVar[int]
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    attribute_keys: _containers.RepeatedScalarFieldContainer[str]
    get_all: bool
    dataset_id: str
    def __init__(self, id: _Optional[str] = ..., attribute_keys: _Optional[_Iterable[str]] = ..., get_all: _Optional[bool] = ..., dataset_id: _Optional[str] = ...) -> None: ...

class DeleteDatasetVersionAttributes(_message.Message):
    __slots__ = ("id", "attribute_keys", "delete_all", "dataset_id")
    class Response(_message.Message):
        __slots__ = ("dataset_version",)
        DATASET_VERSION_FIELD_NUMBER: _ClassVar[int]
        dataset_version: DatasetVersion
        def __init__(self, dataset_version: _Optional[_Union[DatasetVersion, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTE_KEYS_FIELD_NUMBER: _ClassVar[int]
    DELETE_ALL_FIELD_NUMBER: _ClassVar[int]
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    attribute_keys: _containers.RepeatedScalarFieldContainer[str]
    delete_all: bool
    dataset_id: str
    def __init__(self, id: _Optional[str] = ..., attribute_keys: _Optional[_Iterable[str]] = ..., delete_all: _Optional[bool] = ..., dataset_id: _Optional[str] = ...) -> None: ...

class GetUrlForDatasetBlobVersioned(_message.Message):
    __slots__ = ("dataset_id", "dataset_version_id", "path_dataset_component_blob_path", "method", "part_number", "workspace_name")
    class Response(_message.Message):
        __slots__ = ("url", "multipart_upload_ok")
        URL_FIELD_NUMBER: _ClassVar[int]
        MULTIPART_UPLOAD_OK_FIELD_NUMBER: _ClassVar[int]
        url: str
        multipart_upload_ok: bool
        def __init__(self, url: _Optional[str] = ..., multipart_upload_ok: _Optional[bool] = ...) -> None: ...
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    DATASET_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_DATASET_COMPONENT_BLOB_PATH_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    PART_NUMBER_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    dataset_id: str
    dataset_version_id: str
    path_dataset_component_blob_path: str
    method: str
    part_number: int
    workspace_name: str
    def __init__(self, dataset_id: _Optional[str] = ..., dataset_version_id: _Optional[str] = ..., path_dataset_component_blob_path: _Optional[str] = ..., method: _Optional[str] = ..., part_number: _Optional[int] = ..., workspace_name: _Optional[str] = ...) -> None: ...

class CommitVersionedDatasetBlobArtifactPart(_message.Message):
    __slots__ = ("dataset_id", "dataset_version_id", "path_dataset_component_blob_path", "artifact_part")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    DATASET_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_DATASET_COMPONENT_BLOB_PATH_FIELD_NUMBER: _ClassVar[int]
    ARTIFACT_PART_FIELD_NUMBER: _ClassVar[int]
    dataset_id: str
    dataset_version_id: str
    path_dataset_component_blob_path: str
    artifact_part: _common_pb2.ArtifactPart
    def __init__(self, dataset_id: _Optional[str] = ..., dataset_version_id: _Optional[str] = ..., path_dataset_component_blob_path: _Optional[str] = ..., artifact_part: _Optional[_Union[_common_pb2.ArtifactPart, _Mapping]] = ...) -> None: ...

class GetCommittedVersionedDatasetBlobArtifactParts(_message.Message):
    __slots__ = ("dataset_id", "dataset_version_id", "path_dataset_component_blob_path")
    class Response(_message.Message):
        __slots__ = ("artifact_parts",)
        ARTIFACT_PARTS_FIELD_NUMBER: _ClassVar[int]
        artifact_parts: _containers.RepeatedCompositeFieldContainer[_common_pb2.ArtifactPart]
        def __init__(self, artifact_parts: _Optional[_Iterable[_Union[_common_pb2.ArtifactPart, _Mapping]]] = ...) -> None: ...
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    DATASET_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_DATASET_COMPONENT_BLOB_PATH_FIELD_NUMBER: _ClassVar[int]
    dataset_id: str
    dataset_version_id: str
    path_dataset_component_blob_path: str
    def __init__(self, dataset_id: _Optional[str] = ..., dataset_version_id: _Optional[str] = ..., path_dataset_component_blob_path: _Optional[str] = ...) -> None: ...

class CommitMultipartVersionedDatasetBlobArtifact(_message.Message):
    __slots__ = ("dataset_id", "dataset_version_id", "path_dataset_component_blob_path")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    DATASET_ID_FIELD_NUMBER: _ClassVar[int]
    DATASET_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_DATASET_COMPONENT_BLOB_PATH_FIELD_NUMBER: _ClassVar[int]
    dataset_id: str
    dataset_version_id: str
    path_dataset_component_blob_path: str
    def __init__(self, dataset_id: _Optional[str] = ..., dataset_version_id: _Optional[str] = ..., path_dataset_component_blob_path: _Optional[str] = ...) -> None: ...

class GetDatasetVersionById(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("dataset_version",)
        DATASET_VERSION_FIELD_NUMBER: _ClassVar[int]
        dataset_version: DatasetVersion
        def __init__(self, dataset_version: _Optional[_Union[DatasetVersion, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...
