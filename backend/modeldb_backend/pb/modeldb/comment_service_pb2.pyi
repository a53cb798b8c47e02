from google.api import annotations_pb2 as _annotations_pb2
from modeldb_backend.pb.uac import uac_pb2 as _uac_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EntityComment(_message.Message):
    __slots__ = ("id", "entity_id", "entity_name", "comments")
    ID_FIELD_NUMBER: _ClassVar[int]
    ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    ENTITY_NAME_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    id: str
    entity_id: str
    entity_name: str
    comments: _containers.RepeatedCompositeFieldContainer[Comment]
    def __init__(self, id: _Optional[str] = ..., entity_id: _Optional[str] = ..., entity_name: _Optional[str] = ..., comments: _Optional[_Iterable[_Union[Comment, _Mapping]]] = ...) -> None: ...

class Comment(_message.Message):
    __slots__ = ("id", "user_id", "date_time", "message", "user_info", "verta_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_TIME_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    USER_INFO_FIELD_NUMBER: _ClassVar[int]
    VERTA_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    user_id: str
    date_time: int
    message: str
    user_info: _uac_pb2.UserInfo
    verta_id: str
    def __init__(self, id: _Optional[str] = ..., user_id: _Optional[str] = ..., date_time: _Optional[int] = ..., message: _Optional[str] = ..., user_info: _Optional[_Union[_uac_pb2.UserInfo, _Mapping]] = ..., verta_id: _Optional[str] = ...) -> None: ...

class AddComment(_message.Message):
    __slots__ = ("entity_id", "date_time", "message")
    class Response(_message.Message):
        __slots__ = ("comment",)
        COMMENT_FIELD_NUMBER: _ClassVar[int]
        comment: Comment
        def __init__(self, comment: _Optional[_Union[Comment, _Mapping]] = ...) -> None: ...
    ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_TIME_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    entity_id: str
    date_time: int
    message: str
    def __init__(self, entity_id: _Optional[str] = ..., date_time: _Optional[int] = ..., message: _Optional[str] = ...) -> None: ...

class UpdateComment(_message.Message):
    __slots__ = ("id", "entity_id", "date_time", "message")
    class Response(_message.Message):
        __slots__ = ("comment",)
        COMMENT_FIELD_NUMBER: _ClassVar[int]
        comment: Comment
        def __init__(self, comment: _Optional[_Union[Comment, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_TIME_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    id: str
    entity_id: str
    date_time: int
    message: str
    def __init__(self, id: _Optional[str] = ..., entity_id: _Optional[str] = ..., date_time: _Optional[int] = ..., message: _Optional[str] = ...) -> None: ...

class DeleteComment(_message.Message):
    __slots__ = ("id", "entity_id")
    class Response(_message.Message):
        __slots__ = ("status",)
        STATUS_FIELD_NUMBER: _ClassVar[int]
        status: bool
        def __init__(self, status: _Optional[bool] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    entity_id: str
    def __init__(self, id: _Optional[str] = ..., entity_id: _Optional[str] = ...) -> None: ...

class GetComments(_message.Message):
    __slots__ = ("entity_id",)
    class Response(_message.Message):
        __slots__ = ("comments",)
        COMMENTS_FIELD_NUMBER: _ClassVar[int]
        comments: _containers.RepeatedCompositeFieldContainer[Comment]
        def __init__(self, comments: _Optional[_Iterable[_Union[Comment, _Mapping]]] = ...) -> None: ...
    ENTITY_ID_FIELD_NUMBER: _ClassVar[int]
    entity_id: str
    def __init__(self, entity_id: _Optional[str] = ...) -> None: ...
