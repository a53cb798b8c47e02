from google.api import annotations_pb2 as _annotations_pb2
from modeldb_backend.pb.common import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class IDTypeEnum(_message.Message):
    __slots__ = ()
    class IDType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        UNKNOWN: _ClassVar[IDTypeEnum.IDType]
        VERSIONING_REPOSITORY: _ClassVar[IDTypeEnum.IDType]
        VERSIONING_COMMIT: _ClassVar[IDTypeEnum.IDType]
        VERSIONING_REPO_COMMIT_BLOB: _ClassVar[IDTypeEnum.IDType]
        VERSIONING_REPO_COMMIT: _ClassVar[IDTypeEnum.IDType]
    UNKNOWN: IDTypeEnum.IDType
    VERSIONING_REPOSITORY: IDTypeEnum.IDType
    VERSIONING_COMMIT: IDTypeEnum.IDType
    VERSIONING_REPO_COMMIT_BLOB: IDTypeEnum.IDType
    VERSIONING_REPO_COMMIT: IDTypeEnum.IDType
    def __init__(self) -> None: ...

class IdentificationType(_message.Message):
    __slots__ = ("id_type", "int_id", "string_id")
    ID_TYPE_FIELD_NUMBER: _ClassVar[int]
    INT_ID_FIELD_NUMBER: _ClassVar[int]
    STRING_ID_FIELD_NUMBER: _ClassVar[int]
    id_type: IDTypeEnum.IDType
    int_id: int
    string_id: str
    def __init__(self, id_type: _Optional[_Union[IDTypeEnum.IDType, str]] = ..., int_id: _Optional[int] = ..., string_id: _Optional[str] = ...) -> None: ...

class GetLabelsRequest(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("labels",)
        LABELS_FIELD_NUMBER: _ClassVar[int]
        labels: _containers.RepeatedScalarFieldContainer[str]
        def __init__(self, labels: _Optional[_Iterable[str]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: IdentificationType
    def __init__(self, id: _Optional[_Union[IdentificationType, _Mapping]] = ...) -> None: ...

class GetLabelIdsRequest(_message.Message):
    __slots__ = ("labels", "operator")
    class Response(_message.Message):
        __slots__ = ("ids",)
        IDS_FIELD_NUMBER: _ClassVar[int]
        ids: _containers.RepeatedCompositeFieldContainer[IdentificationType]
        def __init__(self, ids: _Optional[_Iterable[_Union[IdentificationType, _Mapping]]] = ...) -> None: ...
    LABELS_FIELD_NUMBER: _ClassVar[int]
    OPERATOR_FIELD_NUMBER: _ClassVar[int]
    labels: _containers.RepeatedScalarFieldContainer[str]
    operator: _common_pb2.OperatorEnum.Operator
    def __init__(self, labels: _Optional[_Iterable[str]] = ..., operator: _Optional[_Union[_common_pb2.OperatorEnum.Operator, str]] = ...) -> None: ...

class AddLabelsRequest(_message.Message):
    __slots__ = ("id", "labels")
    class Response(_message.Message):
        __slots__ = ("status",)
        STATUS_FIELD_NUMBER: _ClassVar[int]
        status: bool
        def __init__(self, status: _Optional[bool] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    id: IdentificationType
    labels: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[_Union[IdentificationType, _Mapping]] = ..., labels: _Optional[_Iterable[str]] = ...) -> None: ...

class DeleteLabelsRequest(_message.Message):
    __slots__ = ("id", "labels", "delete_all")
    class Response(_message.Message):
        __slots__ = ("status",)
        STATUS_FIELD_NUMBER: _ClassVar[int]
        status: bool
        def __init__(self, status: _Optional[bool] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    DELETE_ALL_FIELD_NUMBER: _ClassVar[int]
    id: IdentificationType
    labels: _containers.RepeatedScalarFieldContainer[str]
    delete_all: bool
    def __init__(self, id: _Optional[_Union[IdentificationType, _Mapping]] = ..., labels: _Optional[_Iterable[str]] = ..., delete_all: _Optional[bool] = ...) -> None: ...

class GetPropertyRequest(_message.Message):
    __slots__ = ("id", "key")
    class Response(_message.Message):
        __slots__ = ("value",)
        VALUE_FIELD_NUMBER: _ClassVar[int]
        value: str
        def __init__(self, value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    id: IdentificationType
    key: str
    def __init__(self, id: _Optional[_Union[IdentificationType, _Mapping]] = ..., key: _Optional[str] = ...) -> None: ...

class AddPropertyRequest(_message.Message):
    __slots__ = ("id", "key", "value")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    id: IdentificationType
    key: str
    value: str
    def __init__(self, id: _Optional[_Union[IdentificationType, _Mapping]] = ..., key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...

class DeletePropertyRequest(_message.Message):
    __slots__ = ("id", "key")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    id: IdentificationType
    key: str
    def __init__(self, id: _Optional[_Union[IdentificationType, _Mapping]] = ..., key: _Optional[str] = ...) -> None: ...

class KeyValueStringProperty(_message.Message):
    __slots__ = ("key", "value")
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    key: str
    value: str
    def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...

class AddKeyValuePropertiesRequest(_message.Message):
    __slots__ = ("id", "property_name", "key_value_property")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    PROPERTY_NAME_FIELD_NUMBER: _ClassVar[int]
    KEY_VALUE_PROPERTY_FIELD_NUMBER: _ClassVar[int]
    id: IdentificationType
    property_name: str
    key_value_property: _containers.RepeatedCompositeFieldContainer[KeyValueStringProperty]
    def __init__(self, id: _Optional[_Union[IdentificationType, _Mapping]] = ..., property_name: _Optional[str] = ..., key_value_property: _Optional[_Iterable[_Union[KeyValueStringProperty, _Mapping]]] = ...) -> None: ...

class GetKeyValuePropertiesRequest(_message.Message):
    __slots__ = ("id", "property_name", "keys", "getAll")
    class Response(_message.Message):
        __slots__ = ("key_value_property",)
        KEY_VALUE_PROPERTY_FIELD_NUMBER: _ClassVar[int]
        key_value_property: _containers.RepeatedCompositeFieldContainer[KeyValueStringProperty]
        def __init__(self, key_value_property: _Optional[_Iterable[_Union[KeyValueStringProperty, _Mapping]]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    PROPERTY_NAME_FIELD_NUMBER: _ClassVar[int]
    KEYS_FIELD_NUMBER: _ClassVar[int]
    GETALL_FIELD_NUMBER: _ClassVar[int]
    id: IdentificationType
    property_name: str
    keys: _containers.RepeatedScalarFieldContainer[str]
    getAll: bool
    def __init__(self, id: _Optional[_Union[IdentificationType, _Mapping]] = ..., property_name: _Optional[str] = ..., keys: _Optional[_Iterable[str]] = ..., getAll: _Optional[bool] = ...) -> None: ...

class DeleteKeyValuePropertiesRequest(_message.Message):
    __slots__ = ("id", "property_name", "keys", "deleteAll")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    PROPERTY_NAME_FIELD_NUMBER: _ClassVar[int]
    KEYS_FIELD_NUMBER: _ClassVar[int]
    DELETEALL_FIELD_NUMBER: _ClassVar[int]
    id: IdentificationType
    property_name: str
    keys: _containers.RepeatedScalarFieldContainer[str]
    deleteAll: bool
    def __init__(self, id: _Optional[_Union[IdentificationType, _Mapping]] = ..., property_name: _Optional[str] = ..., keys: _Optional[_Iterable[str]] = ..., deleteAll: _Optional[bool] = ...) -> None: ...

class GenerateRandomNameRequest(_message.Message):
    __slots__ = ()
    class Response(_message.Message):
        __slots__ = ("name",)
        NAME_FIELD_NUMBER: _ClassVar[int]
        name: str
        def __init__(self, name: _Optional[str] = ...) -> None: ...
    def __init__(self) -> None: ...
