from modeldb_backend.pb.common import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Feature(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetAttributes(_message.Message):
    __slots__ = ("id", "attribute_keys", "get_all")
    class Response(_message.Message):
        __slots__ = ("attributes",)
        ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
        attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
        def __init__(self, attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTE_KEYS_FIELD_NUMBER: _ClassVar[int]
    GET_ALL_FIELD_NUMBER: _ClassVar[int]
    id: str
    attribute_keys: _containers.RepeatedScalarFieldContainer[str]
    get_all: bool
    def __init__(self, id: _Optional[str] = ..., attribute_keys: _Optional[_Iterable[str]] = ..., get_all: _Optional[bool] = ...) -> None: ...

class AddAttributes(_message.Message):
    __slots__ = ("id", "attribute")
    class Response(_message.Message):
        __slots__ = ("status",)
        STATUS_FIELD_NUMBER: _ClassVar[int]
        status: bool
        def __init__(self, status: _Optional[bool] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTE_FIELD_NUMBER: _ClassVar[int]
    id: str
    attribute: _common_pb2.KeyValue
    def __init__(self, id: _Optional[str] = ..., attribute: _Optional[_Union[_common_pb2.KeyValue, _Mapping]] = ...) -> None: ...

class GetTags(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("tags",)
        TAGS_FIELD_NUMBER: _ClassVar[int]
        tags: _containers.RepeatedScalarFieldContainer[str]
        def __init__(self, tags: _Optional[_Iterable[str]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetUrlForArtifact(_message.Message):
    __slots__ = ("id", "key", "method", "artifact_type", "part_number")
    class Response(_message.Message):
        __slots__ = ("url", "fields", "multipart_upload_ok")
        class FieldsEntry(_message.Message):
            __slots__ = ("key", "value")
            KEY_FIELD_NUMBER: _ClassVar[int]
            VALUE_FIELD_NUMBER: _ClassVar[int]
            key: str
            value: str
            def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
        URL_FIELD_NUMBER: _ClassVar[int]
        FIELDS_FIELD_NUMBER: _ClassVar[int]
        MULTIPART_UPLOAD_OK_FIELD_NUMBER: _ClassVar[int]
        url: str
        fields: _containers.ScalarMap[str, str]
        multipart_upload_ok: bool
        def __init__(self, url: _Optional[str] = ..., fields: _Optional[_Mapping[str, str]] = ..., multipart_upload_ok: _Optional[bool] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    ARTIFACT_TYPE_FIELD_NUMBER: _ClassVar[int]
    PART_NUMBER_FIELD_NUMBER: _ClassVar[int]
    id: str
    key: str
    method: str
    artifact_type: _common_pb2.ArtifactTypeEnum.ArtifactType
    part_number: int
    def __init__(self, id: _Optional[str] = ..., key: _Optional[str] = ..., method: _Optional[str] = ..., artifact_type: _Optional[_Union[_common_pb2.ArtifactTypeEnum.ArtifactType, str]] = ..., part_number: _Optional[int] = ...) -> None: ...

class CommitArtifactPart(_message.Message):
    __slots__ = ("id", "key", "artifact_part")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    ARTIFACT_PART_FIELD_NUMBER: _ClassVar[int]
    id: str
    key: str
    artifact_part: _common_pb2.ArtifactPart
    def __init__(self, id: _Optional[str] = ..., key: _Optional[str] = ..., artifact_part: _Optional[_Union[_common_pb2.ArtifactPart, _Mapping]] = ...) -> None: ...

class GetCommittedArtifactParts(_message.Message):
    __slots__ = ("id", "key")
    class Response(_message.Message):
        __slots__ = ("artifact_parts",)
        ARTIFACT_PARTS_FIELD_NUMBER: _ClassVar[int]
        artifact_parts: _containers.RepeatedCompositeFieldContainer[_common_pb2.ArtifactPart]
        def __init__(self, artifact_parts: _Optional[_Iterable[_Union[_common_pb2.ArtifactPart, _Mapping]]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    id: str
    key: str
    def __init__(self, id: _Optional[str] = ..., key: _Optional[str] = ...) -> None: ...

class CommitMultipartArtifact(_message.Message):
    __slots__ = ("id", "key")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    id: str
    key: str
    def __init__(self, id: _Optional[str] = ..., key: _Optional[str] = ...) -> None: ...

class GetArtifacts(_message.Message):
    __slots__ = ("id", "key")
    class Response(_message.Message):
        __slots__ = ("artifacts",)
        ARTIFACTS_FIELD_NUMBER: _ClassVar[int]
        artifacts: _containers.RepeatedCompositeFieldContainer[_common_pb2.Artifact]
        def __init__(self, artifacts: _Optional[_Iterable[_Union[_common_pb2.Artifact, _Mapping]]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    id: str
    key: str
    def __init__(self, id: _Optional[str] = ..., key: _Optional[str] = ...) -> None: ...
