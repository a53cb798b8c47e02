from modeldb_backend.pb.common import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class FlagEnum(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    UNDEFINED: _ClassVar[FlagEnum]
    TRUE: _ClassVar[FlagEnum]
    FALSE: _ClassVar[FlagEnum]

class ResourceVisibility(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    UNKNOWN: _ClassVar[ResourceVisibility]
    ORG_DEFAULT: _ClassVar[ResourceVisibility]
    ORG_CUSTOM: _ClassVar[ResourceVisibility]
    PRIVATE: _ClassVar[ResourceVisibility]
    WORKSPACE_DEFAULT: _ClassVar[ResourceVisibility]
UNDEFINED: FlagEnum
TRUE: FlagEnum
FALSE: FlagEnum
UNKNOWN: ResourceVisibility
ORG_DEFAULT: ResourceVisibility
ORG_CUSTOM: ResourceVisibility
PRIVATE: ResourceVisibility
WORKSPACE_DEFAULT: ResourceVisibility

class IdServiceProviderEnum(_message.Message):
    __slots__ = ()
    class IdServiceProvider(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        UNKNOWN: _ClassVar[IdServiceProviderEnum.IdServiceProvider]
        GITHUB: _ClassVar[IdServiceProviderEnum.IdServiceProvider]
        BITBUCKET: _ClassVar[IdServiceProviderEnum.IdServiceProvider]
        GOOGLE: _ClassVar[IdServiceProviderEnum.IdServiceProvider]
        VERTA: _ClassVar[IdServiceProviderEnum.IdServiceProvider]
        SAML: _ClassVar[IdServiceProviderEnum.IdServiceProvider]
        AD_OAUTH2: _ClassVar[IdServiceProviderEnum.IdServiceProvider]
        LDAP: _ClassVar[IdServiceProviderEnum.IdServiceProvider]
        OKTA_SCIM: _ClassVar[IdServiceProviderEnum.IdServiceProvider]
        AD_SCIM: _ClassVar[IdServiceProviderEnum.IdServiceProvider]
        SCIM: _ClassVar[IdServiceProviderEnum.IdServiceProvider]
    UNKNOWN: IdServiceProviderEnum.IdServiceProvider
    GITHUB: IdServiceProviderEnum.IdServiceProvider
    BITBUCKET: IdServiceProviderEnum.IdServiceProvider
    GOOGLE: IdServiceProviderEnum.IdServiceProvider
    VERTA: IdServiceProviderEnum.IdServiceProvider
    SAML: IdServiceProviderEnum.IdServiceProvider
    AD_OAUTH2: IdServiceProviderEnum.IdServiceProvider
    LDAP: IdServiceProviderEnum.IdServiceProvider
    OKTA_SCIM: IdServiceProviderEnum.IdServiceProvider
    AD_SCIM: IdServiceProviderEnum.IdServiceProvider
    SCIM: IdServiceProviderEnum.IdServiceProvider
    def __init__(self) -> None: ...

class VertaUserInfo(_message.Message):
    __slots__ = ("individual_user", "username", "refresh_timestamp", "last_login_timestamp", "user_id", "publicProfile", "workspace_id", "default_workspace_id", "description")
    INDIVIDUAL_USER_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    REFRESH_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    LAST_LOGIN_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PUBLICPROFILE_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    individual_user: bool
    username: str
    refresh_timestamp: int
    last_login_timestamp: int
    user_id: str
    publicProfile: FlagEnum
    workspace_id: str
    default_workspace_id: int
    description: str
    def __init__(self, individual_user: _Optional[bool] = ..., username: _Optional[str] = ..., refresh_timestamp: _Optional[int] = ..., last_login_timestamp: _Optional[int] = ..., user_id: _Optional[str] = ..., publicProfile: _Optional[_Union[FlagEnum, str]] = ..., workspace_id: _Optional[str] = ..., default_workspace_id: _Optional[int] = ..., description: _Optional[str] = ...) -> None: ...

class UserInfo(_message.Message):
    __slots__ = ("user_id", "full_name", "first_name", "last_name", "email", "id_service_provider", "roles", "image_url", "dev_key", "verta_info", "secondary_dev_key", "disabled", "job_title", "company", "created_at")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    FULL_NAME_FIELD_NUMBER: _ClassVar[int]
    FIRST_NAME_FIELD_NUMBER: _ClassVar[int]
    LAST_NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    ID_SERVICE_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    IMAGE_URL_FIELD_NUMBER: _ClassVar[int]
    DEV_KEY_FIELD_NUMBER: _ClassVar[int]
    VERTA_INFO_FIELD_NUMBER: _ClassVar[int]
    SECONDARY_DEV_KEY_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    JOB_TITLE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    full_name: str
    first_name: str
    last_name: str
    email: str
    id_service_provider: IdServiceProviderEnum.IdServiceProvider
    roles: _containers.RepeatedScalarFieldContainer[str]
    image_url: str
    dev_key: str
    verta_info: VertaUserInfo
    secondary_dev_key: str
    disabled: bool
    job_title: str
    company: str
    created_at: int
    def __init__(self, user_id: _Optional[str] = ..., full_name: _Optional[str] = ..., first_name: _Optional[str] = ..., last_name: _Optional[str] = ..., email: _Optional[str] = ..., id_service_provider: _Optional[_Union[IdServiceProviderEnum.IdServiceProvider, str]] = ..., roles: _Optional[_Iterable[str]] = ..., image_url: _Optional[str] = ..., dev_key: _Optional[str] = ..., verta_info: _Optional[_Union[VertaUserInfo, _Mapping]] = ..., secondary_dev_key: _Optional[str] = ..., disabled: _Optional[bool] = ..., job_title: _Optional[str] = ..., company: _Optional[str] = ..., created_at: _Optional[int] = ...) -> None: ...

class CollaboratorPermissions(_message.Message):
    __slots__ = ("collaborator_type", "can_deploy", "can_predict")
    COLLABORATOR_TYPE_FIELD_NUMBER: _ClassVar[int]
    CAN_DEPLOY_FIELD_NUMBER: _ClassVar[int]
    CAN_PREDICT_FIELD_NUMBER: _ClassVar[int]
    collaborator_type: _common_pb2.CollaboratorTypeEnum.CollaboratorType
    can_deploy: _common_pb2.TernaryEnum.Ternary
    can_predict: _common_pb2.TernaryEnum.Ternary
    def __init__(self, collaborator_type: _Optional[_Union[_common_pb2.CollaboratorTypeEnum.CollaboratorType, str]] = ..., can_deploy: _Optional[_Union[_common_pb2.TernaryEnum.Ternary, str]] = ..., can_predict: _Optional[_Union[_common_pb2.TernaryEnum.Ternary, str]] = ...) -> None: ...
