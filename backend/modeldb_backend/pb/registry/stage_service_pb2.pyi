from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class StageEnum(_message.Message):
    __slots__ = ()
    class Stage(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        UNKNOWN: _ClassVar[StageEnum.Stage]
        DEVELOPMENT: _ClassVar[StageEnum.Stage]
        STAGING: _ClassVar[StageEnum.Stage]
        PRODUCTION: _ClassVar[StageEnum.Stage]
        ARCHIVED: _ClassVar[StageEnum.Stage]
        UNASSIGNED: _ClassVar[StageEnum.Stage]
    UNKNOWN: StageEnum.Stage
    DEVELOPMENT: StageEnum.Stage
    STAGING: StageEnum.Stage
    PRODUCTION: StageEnum.Stage
    ARCHIVED: StageEnum.Stage
    UNASSIGNED: StageEnum.Stage
    def __init__(self) -> None: ...

class TransitionStateEnum(_message.Message):
    __slots__ = ()
    class TransitionState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        UNKNOWN: _ClassVar[TransitionStateEnum.TransitionState]
        APPROVED: _ClassVar[TransitionStateEnum.TransitionState]
        REJECTED: _ClassVar[TransitionStateEnum.TransitionState]
        PENDING: _ClassVar[TransitionStateEnum.TransitionState]
        CLOSED: _ClassVar[TransitionStateEnum.TransitionState]
        COMMITTED: _ClassVar[TransitionStateEnum.TransitionState]
    UNKNOWN: TransitionStateEnum.TransitionState
    APPROVED: TransitionStateEnum.TransitionState
    REJECTED: TransitionStateEnum.TransitionState
    PENDING: TransitionStateEnum.TransitionState
    CLOSED: TransitionStateEnum.TransitionState
    COMMITTED: TransitionStateEnum.TransitionState
    def __init__(self) -> None: ...

class Transition(_message.Message):
    __slots__ = ("source_stage", "desired_stage", "state", "id")
    SOURCE_STAGE_FIELD_NUMBER: _ClassVar[int]
    DESIRED_STAGE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    source_stage: StageEnum.Stage
    desired_stage: StageEnum.Stage
    state: TransitionStateEnum.TransitionState
    id: int
    def __init__(self, source_stage: _Optional[_Union[StageEnum.Stage, str]] = ..., desired_stage: _Optional[_Union[StageEnum.Stage, str]] = ..., state: _Optional[_Union[TransitionStateEnum.TransitionState, str]] = ..., id: _Optional[int] = ...) -> None: ...

class ApprovalOfTransition(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RejectionOfTransition(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CloseOfTransition(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class StageUpdate(_message.Message):
    __slots__ = ("stage",)
    STAGE_FIELD_NUMBER: _ClassVar[int]
    stage: StageEnum.Stage
    def __init__(self, stage: _Optional[_Union[StageEnum.Stage, str]] = ...) -> None: ...

class Activity(_message.Message):
    __slots__ = ("id", "model_version_id", "author_id", "time_created", "comment", "transition", "approval", "rejection", "close", "update", "activity_state")
    ID_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_CREATED_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    TRANSITION_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_FIELD_NUMBER: _ClassVar[int]
    REJECTION_FIELD_NUMBER: _ClassVar[int]
    CLOSE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_STATE_FIELD_NUMBER: _ClassVar[int]
    id: int
    model_version_id: int
    author_id: str
    time_created: int
    comment: str
    transition: Transition
    approval: ApprovalOfTransition
    rejection: RejectionOfTransition
    close: CloseOfTransition
    update: StageUpdate
    activity_state: TransitionStateEnum.TransitionState
    def __init__(self, id: _Optional[int] = ..., model_version_id: _Optional[int] = ..., author_id: _Optional[str] = ..., time_created: _Optional[int] = ..., comment: _Optional[str] = ..., transition: _Optional[_Union[Transition, _Mapping]] = ..., approval: _Optional[_Union[ApprovalOfTransition, _Mapping]] = ..., rejection: _Optional[_Union[RejectionOfTransition, _Mapping]] = ..., close: _Optional[_Union[CloseOfTransition, _Mapping]] = ..., update: _Optional[_Union[StageUpdate, _Mapping]] = ..., activity_state: _Optional[_Union[TransitionStateEnum.TransitionState, str]] = ...) -> None: ...

class CreateTransitionRequest(_message.Message):
    __slots__ = ("model_version_id", "desired_stage", "comment")
    MODEL_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    DESIRED_STAGE_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    model_version_id: int
    desired_stage: StageEnum.Stage
    comment: str
    def __init__(self, model_version_id: _Optional[int] = ..., desired_stage: _Optional[_Union[StageEnum.Stage, str]] = ..., comment: _Optional[str] = ...) -> None: ...

class ApproveTransitionRequest(_message.Message):
    __slots__ = ("transition_id", "comment")
    TRANSITION_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    transition_id: int
    comment: str
    def __init__(self, transition_id: _Optional[int] = ..., comment: _Optional[str] = ...) -> None: ...

class RejectTransitionRequest(_message.Message):
    __slots__ = ("transition_id", "comment")
    TRANSITION_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    transition_id: int
    comment: str
    def __init__(self, transition_id: _Optional[int] = ..., comment: _Optional[str] = ...) -> None: ...

class CloseTransitionRequest(_message.Message):
    __slots__ = ("transition_id", "comment")
    TRANSITION_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    transition_id: int
    comment: str
    def __init__(self, transition_id: _Optional[int] = ..., comment: _Optional[str] = ...) -> None: ...

class CommitTransitionRequest(_message.Message):
    __slots__ = ("transition_id", "comment")
    TRANSITION_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    transition_id: int
    comment: str
    def __init__(self, transition_id: _Optional[int] = ..., comment: _Optional[str] = ...) -> None: ...

class CreateCommentRequest(_message.Message):
    __slots__ = ("model_version_id", "comment")
    MODEL_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    model_version_id: int
    comment: str
    def __init__(self, model_version_id: _Optional[int] = ..., comment: _Optional[str] = ...) -> None: ...

class FindActivitiesRequest(_message.Message):
    __slots__ = ("registered_model_id", "model_version_id")
    class Response(_message.Message):
        __slots__ = ("activities",)
        ACTIVITIES_FIELD_NUMBER: _ClassVar[int]
        activities: _containers.RepeatedCompositeFieldContainer[Activity]
        def __init__(self, activities: _Optional[_Iterable[_Union[Activity, _Mapping]]] = ...) -> None: ...
    REGISTERED_MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    registered_model_id: int
    model_version_id: int
    def __init__(self, registered_model_id: _Optional[int] = ..., model_version_id: _Optional[int] = ...) -> None: ...

class FindTransitionsRequest(_message.Message):
    __slots__ = ("registered_model_id", "model_version_id", "state")
    class Response(_message.Message):
        __slots__ = ("activities",)
        ACTIVITIES_FIELD_NUMBER: _ClassVar[int]
        activities: _containers.RepeatedCompositeFieldContainer[Activity]
        def __init__(self, activities: _Optional[_Iterable[_Union[Activity, _Mapping]]] = ...) -> None: ...
    REGISTERED_MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    registered_model_id: int
    model_version_id: int
    state: _containers.RepeatedScalarFieldContainer[TransitionStateEnum.TransitionState]
    def __init__(self, registered_model_id: _Optional[int] = ..., model_version_id: _Optional[int] = ..., state: _Optional[_Iterable[_Union[TransitionStateEnum.TransitionState, str]]] = ...) -> None: ...

class UpdateStageRequest(_message.Message):
    __slots__ = ("model_version_id", "stage", "comment")
    MODEL_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    model_version_id: int
    stage: StageEnum.Stage
    comment: str
    def __init__(self, model_version_id: _Optional[int] = ..., stage: _Optional[_Union[StageEnum.Stage, str]] = ..., comment: _Optional[str] = ...) -> None: ...
