from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LineageEntryEnum(_message.Message):
    __slots__ = ()
    class LineageEntryType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        UNKNOWN: _ClassVar[LineageEntryEnum.LineageEntryType]
        EXPERIMENT_RUN: _ClassVar[LineageEntryEnum.LineageEntryType]
        DATASET_VERSION: _ClassVar[LineageEntryEnum.LineageEntryType]
    UNKNOWN: LineageEntryEnum.LineageEntryType
    EXPERIMENT_RUN: LineageEntryEnum.LineageEntryType
    DATASET_VERSION: LineageEntryEnum.LineageEntryType
    def __init__(self) -> None: ...

class LineageEntry(_message.Message):
    __slots__ = ("type", "external_id")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    type: LineageEntryEnum.LineageEntryType
    external_id: str
    def __init__(self, type: _Optional[_Union[LineageEntryEnum.LineageEntryType, str]] = ..., external_id: _Optional[str] = ...) -> None: ...

class LineageEntryBatch(_message.Message):
    __slots__ = ("items",)
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[LineageEntry]
    def __init__(self, items: _Optional[_Iterable[_Union[LineageEntry, _Mapping]]] = ...) -> None: ...

class AddLineage(_message.Message):
    __slots__ = ("input", "output")
    class Response(_message.Message):
        __slots__ = ("status",)
        STATUS_FIELD_NUMBER: _ClassVar[int]
        status: bool
        def __init__(self, status: _Optional[bool] = ...) -> None: ...
    INPUT_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_FIELD_NUMBER: _ClassVar[int]
    input: _containers.RepeatedCompositeFieldContainer[LineageEntry]
    output: _containers.RepeatedCompositeFieldContainer[LineageEntry]
    def __init__(self, input: _Optional[_Iterable[_Union[LineageEntry, _Mapping]]] = ..., output: _Optional[_Iterable[_Union[LineageEntry, _Mapping]]] = ...) -> None: ...

class DeleteLineage(_message.Message):
    __slots__ = ("input", "output")
    class Response(_message.Message):
        __slots__ = ("status",)
        STATUS_FIELD_NUMBER: _ClassVar[int]
        status: bool
        def __init__(self, status: _Optional[bool] = ...) -> None: ...
    INPUT_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_FIELD_NUMBER: _ClassVar[int]
    input: _containers.RepeatedCompositeFieldContainer[LineageEntry]
    output: _containers.RepeatedCompositeFieldContainer[LineageEntry]
    def __init__(self, input: _Optional[_Iterable[_Union[LineageEntry, _Mapping]]] = ..., output: _Optional[_Iterable[_Union[LineageEntry, _Mapping]]] = ...) -> None: ...

class FindAllInputs(_message.Message):
    __slots__ = ("items",)
    class Response(_message.Message):
        __slots__ = ("inputs",)
        INPUTS_FIELD_NUMBER: _ClassVar[int]
        inputs: _containers.RepeatedCompositeFieldContainer[LineageEntryBatch]
        def __init__(self, inputs: _Optional[_Iterable[_Union[LineageEntryBatch, _Mapping]]] = ...) -> None: ...
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[LineageEntry]
    def __init__(self, items: _Optional[_Iterable[_Union[LineageEntry, _Mapping]]] = ...) -> None: ...

class FindAllOutputs(_message.Message):
    __slots__ = ("items",)
    class Response(_message.Message):
        __slots__ = ("outputs",)
        OUTPUTS_FIELD_NUMBER: _ClassVar[int]
        outputs: _containers.RepeatedCompositeFieldContainer[LineageEntryBatch]
        def __init__(self, outputs: _Optional[_Iterable[_Union[LineageEntryBatch, _Mapping]]] = ...) -> None: ...
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[LineageEntry]
    def __init__(self, items: _Optional[_Iterable[_Union[LineageEntry, _Mapping]]] = ...) -> None: ...

class FindAllInputsOutputs(_message.Message):
    __slots__ = ("items",)
    class Response(_message.Message):
        __slots__ = ("inputs", "outputs")
        INPUTS_FIELD_NUMBER: _ClassVar[int]
        OUTPUTS_FIELD_NUMBER: _ClassVar[int]
        inputs: _containers.RepeatedCompositeFieldContainer[LineageEntryBatch]
        outputs: _containers.RepeatedCompositeFieldContainer[LineageEntryBatch]
        def __init__(self, inputs: _Optional[_Iterable[_Union[LineageEntryBatch, _Mapping]]] = ..., outputs: _Optional[_Iterable[_Union[LineageEntryBatch, _Mapping]]] = ...) -> None: ...
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[LineageEntry]
    def __init__(self, items: _Optional[_Iterable[_Union[LineageEntry, _Mapping]]] = ...) -> None: ...
