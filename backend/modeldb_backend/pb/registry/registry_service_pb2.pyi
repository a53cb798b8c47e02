from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from modeldb_backend.pb.common import common_pb2 as _common_pb2
from modeldb_backend.pb.registry import stage_service_pb2 as _stage_service_pb2
from modeldb_backend.pb.uac import uac_pb2 as _uac_pb2
from modeldb_backend.pb.versioning import versioning_pb2 as _versioning_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DataTypeEnum(_message.Message):
    __slots__ = ()
    class DataType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        UNKNOWN: _ClassVar[DataTypeEnum.DataType]
        OTHER: _ClassVar[DataTypeEnum.DataType]
        AUDIO: _ClassVar[DataTypeEnum.DataType]
        IMAGE: _ClassVar[DataTypeEnum.DataType]
        TABULAR: _ClassVar[DataTypeEnum.DataType]
        TEXT: _ClassVar[DataTypeEnum.DataType]
        VIDEO: _ClassVar[DataTypeEnum.DataType]
    UNKNOWN: DataTypeEnum.DataType
    OTHER: DataTypeEnum.DataType
    AUDIO: DataTypeEnum.DataType
    IMAGE: DataTypeEnum.DataType
    TABULAR: DataTypeEnum.DataType
    TEXT: DataTypeEnum.DataType
    VIDEO: DataTypeEnum.DataType
    def __init__(self) -> None: ...

class ActionTypeEnum(_message.Message):
    __slots__ = ()
    class ActionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        UNKNOWN: _ClassVar[ActionTypeEnum.ActionType]
        OTHER: _ClassVar[ActionTypeEnum.ActionType]
        CLASSIFICATION: _ClassVar[ActionTypeEnum.ActionType]
        CLUSTERING: _ClassVar[ActionTypeEnum.ActionType]
        DETECTION: _ClassVar[ActionTypeEnum.ActionType]
        REGRESSION: _ClassVar[ActionTypeEnum.ActionType]
        TRANSCRIPTION: _ClassVar[ActionTypeEnum.ActionType]
        TRANSLATION: _ClassVar[ActionTypeEnum.ActionType]
    UNKNOWN: ActionTypeEnum.ActionType
    OTHER: ActionTypeEnum.ActionType
    CLASSIFICATION: ActionTypeEnum.ActionType
    CLUSTERING: ActionTypeEnum.ActionType
    DETECTION: ActionTypeEnum.ActionType
    REGRESSION: ActionTypeEnum.ActionType
    TRANSCRIPTION: ActionTypeEnum.ActionType
    TRANSLATION: ActionTypeEnum.ActionType
    def __init__(self) -> None: ...

class TaskTypeEnum(_message.Message):
    __slots__ = ()
    class TaskType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        UNKNOWN: _ClassVar[TaskTypeEnum.TaskType]
        OTHER: _ClassVar[TaskTypeEnum.TaskType]
        CLASSIFICATION: _ClassVar[TaskTypeEnum.TaskType]
        CLUSTERING: _ClassVar[TaskTypeEnum.TaskType]
        DETECTION: _ClassVar[TaskTypeEnum.TaskType]
        REGRESSION: _ClassVar[TaskTypeEnum.TaskType]
        TRANSCRIPTION: _ClassVar[TaskTypeEnum.TaskType]
        TRANSLATION: _ClassVar[TaskTypeEnum.TaskType]
    UNKNOWN: TaskTypeEnum.TaskType
    OTHER: TaskTypeEnum.TaskType
    CLASSIFICATION: TaskTypeEnum.TaskType
    CLUSTERING: TaskTypeEnum.TaskType
    DETECTION: TaskTypeEnum.TaskType
    REGRESSION: TaskTypeEnum.TaskType
    TRANSCRIPTION: TaskTypeEnum.TaskType
    TRANSLATION: TaskTypeEnum.TaskType
    def __init__(self) -> None: ...

class ChecklistItemValue(_message.Message):
    __slots__ = ("id", "completed", "evidence", "model_version_id", "checklist_template_id", "checklist_template_item_id", "time_created", "time_updated", "created_by_id", "updated_by_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    CHECKLIST_TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    CHECKLIST_TEMPLATE_ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_CREATED_FIELD_NUMBER: _ClassVar[int]
    TIME_UPDATED_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_ID_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    completed: bool
    evidence: str
    model_version_id: int
    checklist_template_id: int
    checklist_template_item_id: int
    time_created: int
    time_updated: int
    created_by_id: int
    updated_by_id: int
    def __init__(self, id: _Optional[int] = ..., completed: _Optional[bool] = ..., evidence: _Optional[str] = ..., model_version_id: _Optional[int] = ..., checklist_template_id: _Optional[int] = ..., checklist_template_item_id: _Optional[int] = ..., time_created: _Optional[int] = ..., time_updated: _Optional[int] = ..., created_by_id: _Optional[int] = ..., updated_by_id: _Optional[int] = ...) -> None: ...

class CustomAttributeTargetTypeEnum(_message.Message):
    __slots__ = ()
    class CustomAttributeTargetType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        UNKNOWN: _ClassVar[CustomAttributeTargetTypeEnum.CustomAttributeTargetType]
        REGISTERED_MODEL: _ClassVar[CustomAttributeTargetTypeEnum.CustomAttributeTargetType]
        REGISTERED_MODEL_VERSION: _ClassVar[CustomAttributeTargetTypeEnum.CustomAttributeTargetType]
        CHECKLIST_TEMPLATE: _ClassVar[CustomAttributeTargetTypeEnum.CustomAttributeTargetType]
    UNKNOWN: CustomAttributeTargetTypeEnum.CustomAttributeTargetType
    REGISTERED_MODEL: CustomAttributeTargetTypeEnum.CustomAttributeTargetType
    REGISTERED_MODEL_VERSION: CustomAttributeTargetTypeEnum.CustomAttributeTargetType
    CHECKLIST_TEMPLATE: CustomAttributeTargetTypeEnum.CustomAttributeTargetType
    def __init__(self) -> None: ...

class CustomAttributeValue(_message.Message):
    __slots__ = ("id", "custom_attribute_definition_id", "target_id", "target_type", "selected_value", "time_created", "time_updated", "created_by_id", "updated_by_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_ATTRIBUTE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_TYPE_FIELD_NUMBER: _ClassVar[int]
    SELECTED_VALUE_FIELD_NUMBER: _ClassVar[int]
    TIME_CREATED_FIELD_NUMBER: _ClassVar[int]
    TIME_UPDATED_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_ID_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    custom_attribute_definition_id: int
    target_id: str
    target_type: CustomAttributeTargetTypeEnum.CustomAttributeTargetType
    selected_value: str
    time_created: int
    time_updated: int
    created_by_id: int
    updated_by_id: int
    def __init__(self, id: _Optional[int] = ..., custom_attribute_definition_id: _Optional[int] = ..., target_id: _Optional[str] = ..., target_type: _Optional[_Union[CustomAttributeTargetTypeEnum.CustomAttributeTargetType, str]] = ..., selected_value: _Optional[str] = ..., time_created: _Optional[int] = ..., time_updated: _Optional[int] = ..., created_by_id: _Optional[int] = ..., updated_by_id: _Optional[int] = ...) -> None: ...

class RegisteredModel(_message.Message):
    __slots__ = ("id", "name", "time_created", "time_updated", "description", "labels", "visibility", "workspace_id", "readme_text", "owner", "owner_id", "group_owner_id", "attributes", "workspace_service_id", "custom_permission", "resource_visibility", "artifacts", "readme_text_updated", "version_number", "data_type", "action_type", "task_type", "custom_attribute_values", "pii")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TIME_CREATED_FIELD_NUMBER: _ClassVar[int]
    TIME_UPDATED_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    README_TEXT_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_SERVICE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_PERMISSION_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    ARTIFACTS_FIELD_NUMBER: _ClassVar[int]
    README_TEXT_UPDATED_FIELD_NUMBER: _ClassVar[int]
    VERSION_NUMBER_FIELD_NUMBER: _ClassVar[int]
    DATA_TYPE_FIELD_NUMBER: _ClassVar[int]
    ACTION_TYPE_FIELD_NUMBER: _ClassVar[int]
    TASK_TYPE_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_ATTRIBUTE_VALUES_FIELD_NUMBER: _ClassVar[int]
    PII_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    time_created: int
    time_updated: int
    description: str
    labels: _containers.RepeatedScalarFieldContainer[str]
    visibility: _common_pb2.VisibilityEnum.Visibility
    workspace_id: str
    readme_text: str
    owner: str
    owner_id: int
    group_owner_id: _common_pb2.GroupId
    attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    workspace_service_id: int
    custom_permission: _uac_pb2.CollaboratorPermissions
    resource_visibility: _uac_pb2.ResourceVisibility
    artifacts: _containers.RepeatedCompositeFieldContainer[_common_pb2.Artifact]
    readme_text_updated: bool
    version_number: int
    data_type: DataTypeEnum.DataType
    action_type: ActionTypeEnum.ActionType
    task_type: TaskTypeEnum.TaskType
    custom_attribute_values: _containers.RepeatedCompositeFieldContainer[CustomAttributeValue]
    pii: bool
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., time_created: _Optional[int] = ..., time_updated: _Optional[int] = ..., description: _Optional[str] = ..., labels: _Optional[_Iterable[str]] = ..., visibility: _Optional[_Union[_common_pb2.VisibilityEnum.Visibility, str]] = ..., workspace_id: _Optional[str] = ..., readme_text: _Optional[str] = ..., owner: _Optional[str] = ..., owner_id: _Optional[int] = ..., group_owner_id: _Optional[_Union[_common_pb2.GroupId, _Mapping]] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., workspace_service_id: _Optional[int] = ..., custom_permission: _Optional[_Union[_uac_pb2.CollaboratorPermissions, _Mapping]] = ..., resource_visibility: _Optional[_Union[_uac_pb2.ResourceVisibility, str]] = ..., artifacts: _Optional[_Iterable[_Union[_common_pb2.Artifact, _Mapping]]] = ..., readme_text_updated: _Optional[bool] = ..., version_number: _Optional[int] = ..., data_type: _Optional[_Union[DataTypeEnum.DataType, str]] = ..., action_type: _Optional[_Union[ActionTypeEnum.ActionType, str]] = ..., task_type: _Optional[_Union[TaskTypeEnum.TaskType, str]] = ..., custom_attribute_values: _Optional[_Iterable[_Union[CustomAttributeValue, _Mapping]]] = ..., pii: _Optional[bool] = ...) -> None: ...

class FindRegisteredModelRequest(_message.Message):
    __slots__ = ("workspace_name", "predicates", "pagination", "ascending", "sort_key", "ids")
    class Response(_message.Message):
        __slots__ = ("registered_models", "total_records")
        REGISTERED_MODELS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        registered_models: _containers.RepeatedCompositeFieldContainer[RegisteredModel]
        total_records: int
        def __init__(self, registered_models: _Optional[_Iterable[_Union[RegisteredModel, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    PREDICATES_FIELD_NUMBER: _ClassVar[int]
    PAGINATION_FIELD_NUMBER: _ClassVar[int]
    ASCENDING_FIELD_NUMBER: _ClassVar[int]
    SORT_KEY_FIELD_NUMBER: _ClassVar[int]
    IDS_FIELD_NUMBER: _ClassVar[int]
    workspace_name: str
    predicates: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValueQuery]
    pagination: _common_pb2.Pagination
    ascending: bool
    sort_key: str
    ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, workspace_name: _Optional[str] = ..., predicates: _Optional[_Iterable[_Union[_common_pb2.KeyValueQuery, _Mapping]]] = ..., pagination: _Optional[_Union[_common_pb2.Pagination, _Mapping]] = ..., ascending: _Optional[bool] = ..., sort_key: _Optional[str] = ..., ids: _Optional[_Iterable[int]] = ...) -> None: ...

class GetRegisteredModelRequest(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("registered_model",)
        REGISTERED_MODEL_FIELD_NUMBER: _ClassVar[int]
        registered_model: RegisteredModel
        def __init__(self, registered_model: _Optional[_Union[RegisteredModel, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: RegisteredModelIdentification
    def __init__(self, id: _Optional[_Union[RegisteredModelIdentification, _Mapping]] = ...) -> None: ...

class GetRegisteredModelCountRequest(_message.Message):
    __slots__ = ("project_id",)
    class Response(_message.Message):
        __slots__ = ("registered_model_count",)
        REGISTERED_MODEL_COUNT_FIELD_NUMBER: _ClassVar[int]
        registered_model_count: int
        def __init__(self, registered_model_count: _Optional[int] = ...) -> None: ...
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    def __init__(self, project_id: _Optional[str] = ...) -> None: ...

class RegisteredModelNamedIdentification(_message.Message):
    __slots__ = ("name", "workspace_name")
    NAME_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    workspace_name: str
    def __init__(self, name: _Optional[str] = ..., workspace_name: _Optional[str] = ...) -> None: ...

class RegisteredModelIdentification(_message.Message):
    __slots__ = ("named_id", "registered_model_id")
    NAMED_ID_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    named_id: RegisteredModelNamedIdentification
    registered_model_id: int
    def __init__(self, named_id: _Optional[_Union[RegisteredModelNamedIdentification, _Mapping]] = ..., registered_model_id: _Optional[int] = ...) -> None: ...

class SetRegisteredModel(_message.Message):
    __slots__ = ("id", "registered_model", "update_mask")
    class Response(_message.Message):
        __slots__ = ("registered_model",)
        REGISTERED_MODEL_FIELD_NUMBER: _ClassVar[int]
        registered_model: RegisteredModel
        def __init__(self, registered_model: _Optional[_Union[RegisteredModel, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_MODEL_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    id: RegisteredModelIdentification
    registered_model: RegisteredModel
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, id: _Optional[_Union[RegisteredModelIdentification, _Mapping]] = ..., registered_model: _Optional[_Union[RegisteredModel, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class DeleteRegisteredModelRequest(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: RegisteredModelIdentification
    def __init__(self, id: _Optional[_Union[RegisteredModelIdentification, _Mapping]] = ...) -> None: ...

class ModelVersionLockLevelEnum(_message.Message):
    __slots__ = ()
    class ModelVersionLockLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        UNKNOWN: _ClassVar[ModelVersionLockLevelEnum.ModelVersionLockLevel]
        OPEN: _ClassVar[ModelVersionLockLevelEnum.ModelVersionLockLevel]
        CLOSED: _ClassVar[ModelVersionLockLevelEnum.ModelVersionLockLevel]
        REDACT: _ClassVar[ModelVersionLockLevelEnum.ModelVersionLockLevel]
    UNKNOWN: ModelVersionLockLevelEnum.ModelVersionLockLevel
    OPEN: ModelVersionLockLevelEnum.ModelVersionLockLevel
    CLOSED: ModelVersionLockLevelEnum.ModelVersionLockLevel
    REDACT: ModelVersionLockLevelEnum.ModelVersionLockLevel
    def __init__(self) -> None: ...

class ModelVersion(_message.Message):
    __slots__ = ("id", "registered_model_id", "version", "time_updated", "time_created", "description", "experiment_run_id", "labels", "model", "environment", "docker_metadata", "artifacts", "archived", "readme_text", "apis", "owner", "owner_id", "group_owner_id", "attributes", "stage", "lock_level", "datasets", "code_blob_map", "readme_text_updated", "version_number", "redirect_metadata", "input_description", "hide_input_label", "output_description", "hide_output_label", "external_deployments", "checklist_item_values", "custom_attribute_values")
    class CodeBlobMapEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _versioning_pb2.CodeBlob
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_versioning_pb2.CodeBlob, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    TIME_UPDATED_FIELD_NUMBER: _ClassVar[int]
    TIME_CREATED_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    EXPERIMENT_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENT_FIELD_NUMBER: _ClassVar[int]
    DOCKER_METADATA_FIELD_NUMBER: _ClassVar[int]
    ARTIFACTS_FIELD_NUMBER: _ClassVar[int]
    ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    README_TEXT_FIELD_NUMBER: _ClassVar[int]
    APIS_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    LOCK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    DATASETS_FIELD_NUMBER: _ClassVar[int]
    CODE_BLOB_MAP_FIELD_NUMBER: _ClassVar[int]
    README_TEXT_UPDATED_FIELD_NUMBER: _ClassVar[int]
    VERSION_NUMBER_FIELD_NUMBER: _ClassVar[int]
    REDIRECT_METADATA_FIELD_NUMBER: _ClassVar[int]
    INPUT_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    HIDE_INPUT_LABEL_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    HIDE_OUTPUT_LABEL_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_DEPLOYMENTS_FIELD_NUMBER: _ClassVar[int]
    CHECKLIST_ITEM_VALUES_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_ATTRIBUTE_VALUES_FIELD_NUMBER: _ClassVar[int]
    id: int
    registered_model_id: int
    version: str
    time_updated: int
    time_created: int
    description: str
    experiment_run_id: str
    labels: _containers.RepeatedScalarFieldContainer[str]
    model: _common_pb2.Artifact
    environment: _versioning_pb2.EnvironmentBlob
    docker_metadata: DockerMetadata
    artifacts: _containers.RepeatedCompositeFieldContainer[_common_pb2.Artifact]
    archived: _common_pb2.TernaryEnum.Ternary
    readme_text: str
    apis: _containers.RepeatedScalarFieldContainer[str]
    owner: str
    owner_id: int
    group_owner_id: _common_pb2.GroupId
    attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    stage: _stage_service_pb2.StageEnum.Stage
    lock_level: ModelVersionLockLevelEnum.ModelVersionLockLevel
    datasets: _containers.RepeatedCompositeFieldContainer[_common_pb2.Artifact]
    code_blob_map: _containers.MessageMap[str, _versioning_pb2.CodeBlob]
    readme_text_updated: bool
    version_number: int
    redirect_metadata: str
    input_description: str
    hide_input_label: bool
    output_description: str
    hide_output_label: bool
    external_deployments: _containers.RepeatedCompositeFieldContainer[ExternalDeployment]
    checklist_item_values: _containers.RepeatedCompositeFieldContainer[ChecklistItemValue]
    custom_attribute_values: _containers.RepeatedCompositeFieldContainer[CustomAttributeValue]
    def __init__(self, id: _Optional[int] = ..., registered_model_id: _Optional[int] = ..., version: _Optional[str] = ..., time_updated: _Optional[int] = ..., time_created: _Optional[int] = ..., description: _Optional[str] = ..., experiment_run_id: _Optional[str] = ..., labels: _Optional[_Iterable[str]] = ..., model: _Optional[_Union[_common_pb2.Artifact, _Mapping]] = ..., environment: _Optional[_Union[_versioning_pb2.EnvironmentBlob, _Mapping]] = ..., docker_metadata: _Optional[_Union[DockerMetadata, _Mapping]] = ..., artifacts: _Optional[_Iterable[_Union[_common_pb2.Artifact, _Mapping]]] = ..., archived: _Optional[_Union[_common_pb2.TernaryEnum.Ternary, str]] = ..., readme_text: _Optional[str] = ..., apis: _Optional[_Iterable[str]] = ..., owner: _Optional[str] = ..., owner_id: _Optional[int] = ..., group_owner_id: _Optional[_Union[_common_pb2.GroupId, _Mapping]] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., stage: _Optional[_Union[_stage_service_pb2.StageEnum.Stage, str]] = ..., lock_level: _Optional[_Union[ModelVersionLockLevelEnum.ModelVersionLockLevel, str]] = ..., datasets: _Optional[_Iterable[_Union[_common_pb2.Artifact, _Mapping]]] = ..., code_blob_map: _Optional[_Mapping[str, _versioning_pb2.CodeBlob]] = ..., readme_text_updated: _Optional[bool] = ..., version_number: _Optional[int] = ..., redirect_metadata: _Optional[str] = ..., input_description: _Optional[str] = ..., hide_input_label: _Optional[bool] = ..., output_description: _Optional[str] = ..., hide_output_label: _Optional[bool] = ..., external_deployments: _Optional[_Iterable[_Union[ExternalDeployment, _Mapping]]] = ..., checklist_item_values: _Optional[_Iterable[_Union[ChecklistItemValue, _Mapping]]] = ..., custom_attribute_values: _Optional[_Iterable[_Union[CustomAttributeValue, _Mapping]]] = ...) -> None: ...

class DockerMetadata(_message.Message):
    __slots__ = ("request_port", "request_path", "health_path")
    REQUEST_PORT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_PATH_FIELD_NUMBER: _ClassVar[int]
    HEALTH_PATH_FIELD_NUMBER: _ClassVar[int]
    request_port: int
    request_path: str
    health_path: str
    def __init__(self, request_port: _Optional[int] = ..., request_path: _Optional[str] = ..., health_path: _Optional[str] = ...) -> None: ...

class SetLockModelVersionRequest(_message.Message):
    __slots__ = ("id", "lock_level")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    LOCK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    id: ModelVersionIdentification
    lock_level: ModelVersionLockLevelEnum.ModelVersionLockLevel
    def __init__(self, id: _Optional[_Union[ModelVersionIdentification, _Mapping]] = ..., lock_level: _Optional[_Union[ModelVersionLockLevelEnum.ModelVersionLockLevel, str]] = ...) -> None: ...

class ModelVersionIdentification(_message.Message):
    __slots__ = ("model_version_id", "model_id")
    MODEL_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    model_version_id: int
    model_id: RegisteredModelIdentification
    def __init__(self, model_version_id: _Optional[int] = ..., model_id: _Optional[_Union[RegisteredModelIdentification, _Mapping]] = ...) -> None: ...

class GetModelVersionRequest(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("model_version",)
        MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
        model_version: ModelVersion
        def __init__(self, model_version: _Optional[_Union[ModelVersion, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: ModelVersionIdentification
    def __init__(self, id: _Optional[_Union[ModelVersionIdentification, _Mapping]] = ...) -> None: ...

class FindModelVersionRequest(_message.Message):
    __slots__ = ("id", "predicates", "pagination", "ascending", "sort_key", "ids")
    class Response(_message.Message):
        __slots__ = ("model_versions", "total_records")
        MODEL_VERSIONS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        model_versions: _containers.RepeatedCompositeFieldContainer[ModelVersion]
        total_records: int
        def __init__(self, model_versions: _Optional[_Iterable[_Union[ModelVersion, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    PREDICATES_FIELD_NUMBER: _ClassVar[int]
    PAGINATION_FIELD_NUMBER: _ClassVar[int]
    ASCENDING_FIELD_NUMBER: _ClassVar[int]
    SORT_KEY_FIELD_NUMBER: _ClassVar[int]
    IDS_FIELD_NUMBER: _ClassVar[int]
    id: RegisteredModelIdentification
    predicates: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValueQuery]
    pagination: _common_pb2.Pagination
    ascending: bool
    sort_key: str
    ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, id: _Optional[_Union[RegisteredModelIdentification, _Mapping]] = ..., predicates: _Optional[_Iterable[_Union[_common_pb2.KeyValueQuery, _Mapping]]] = ..., pagination: _Optional[_Union[_common_pb2.Pagination, _Mapping]] = ..., ascending: _Optional[bool] = ..., sort_key: _Optional[str] = ..., ids: _Optional[_Iterable[int]] = ...) -> None: ...

class SetModelVersion(_message.Message):
    __slots__ = ("id", "model_version", "update_mask")
    class Response(_message.Message):
        __slots__ = ("model_version",)
        MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
        model_version: ModelVersion
        def __init__(self, model_version: _Optional[_Union[ModelVersion, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    id: ModelVersionIdentification
    model_version: ModelVersion
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, id: _Optional[_Union[ModelVersionIdentification, _Mapping]] = ..., model_version: _Optional[_Union[ModelVersion, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class DeleteModelVersionRequest(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: ModelVersionIdentification
    def __init__(self, id: _Optional[_Union[ModelVersionIdentification, _Mapping]] = ...) -> None: ...

class GetUrlForArtifact(_message.Message):
    __slots__ = ("model_version_id", "key", "method", "artifact_type", "part_number")
    class Response(_message.Message):
        __slots__ = ("url", "multipart_upload_ok", "fields")
        class FieldsEntry(_message.Message):
            __slots__ = ("key", "value")
            KEY_FIELD_NUMBER: _ClassVar[int]
            VALUE_FIELD_NUMBER: _ClassVar[int]
            key: str
            value: str
            def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
        URL_FIELD_NUMBER: _ClassVar[int]
        MULTIPART_UPLOAD_OK_FIELD_NUMBER: _ClassVar[int]
        FIELDS_FIELD_NUMBER: _ClassVar[int]
        url: str
        multipart_upload_ok: bool
        fields: _containers.ScalarMap[str, str]
        def __init__(self, url: _Optional[str] = ..., multipart_upload_ok: _Optional[bool] = ..., fields: _Optional[_Mapping[str, str]] = ...) -> None: ...
    MODEL_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    ARTIFACT_TYPE_FIELD_NUMBER: _ClassVar[int]
    PART_NUMBER_FIELD_NUMBER: _ClassVar[int]
    model_version_id: int
    key: str
    method: str
    artifact_type: _common_pb2.ArtifactTypeEnum.ArtifactType
    part_number: int
    def __init__(self, model_version_id: _Optional[int] = ..., key: _Optional[str] = ..., method: _Optional[str] = ..., artifact_type: _Optional[_Union[_common_pb2.ArtifactTypeEnum.ArtifactType, str]] = ..., part_number: _Optional[int] = ...) -> None: ...

class CommitArtifactPart(_message.Message):
    __slots__ = ("model_version_id", "key", "artifact_part")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    MODEL_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    ARTIFACT_PART_FIELD_NUMBER: _ClassVar[int]
    model_version_id: int
    key: str
    artifact_part: _common_pb2.ArtifactPart
    def __init__(self, model_version_id: _Optional[int] = ..., key: _Optional[str] = ..., artifact_part: _Optional[_Union[_common_pb2.ArtifactPart, _Mapping]] = ...) -> None: ...

class GetCommittedArtifactParts(_message.Message):
    __slots__ = ("model_version_id", "key")
    class Response(_message.Message):
        __slots__ = ("artifact_parts",)
        ARTIFACT_PARTS_FIELD_NUMBER: _ClassVar[int]
        artifact_parts: _containers.RepeatedCompositeFieldContainer[_common_pb2.ArtifactPart]
        def __init__(self, artifact_parts: _Optional[_Iterable[_Union[_common_pb2.ArtifactPart, _Mapping]]] = ...) -> None: ...
    MODEL_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    model_version_id: int
    key: str
    def __init__(self, model_version_id: _Optional[int] = ..., key: _Optional[str] = ...) -> None: ...

class CommitMultipartArtifact(_message.Message):
    __slots__ = ("model_version_id", "key")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    MODEL_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    model_version_id: int
    key: str
    def __init__(self, model_version_id: _Optional[int] = ..., key: _Optional[str] = ...) -> None: ...

class LogDatasetsInModelVersion(_message.Message):
    __slots__ = ("model_version_id", "datasets")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    MODEL_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    DATASETS_FIELD_NUMBER: _ClassVar[int]
    model_version_id: int
    datasets: _containers.RepeatedCompositeFieldContainer[_common_pb2.Artifact]
    def __init__(self, model_version_id: _Optional[int] = ..., datasets: _Optional[_Iterable[_Union[_common_pb2.Artifact, _Mapping]]] = ...) -> None: ...

class LogCodeBlobInModelVersion(_message.Message):
    __slots__ = ("model_version_id", "code_blob_map")
    class CodeBlobMapEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _versioning_pb2.CodeBlob
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_versioning_pb2.CodeBlob, _Mapping]] = ...) -> None: ...
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    MODEL_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_BLOB_MAP_FIELD_NUMBER: _ClassVar[int]
    model_version_id: int
    code_blob_map: _containers.MessageMap[str, _versioning_pb2.CodeBlob]
    def __init__(self, model_version_id: _Optional[int] = ..., code_blob_map: _Optional[_Mapping[str, _versioning_pb2.CodeBlob]] = ...) -> None: ...

class LogAttributesInModelVersion(_message.Message):
    __slots__ = ("model_version_id", "attributes")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    MODEL_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    model_version_id: int
    attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    def __init__(self, model_version_id: _Optional[int] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ...) -> None: ...

class LogDockerMetadataInModelVersion(_message.Message):
    __slots__ = ("model_version_id", "docker_metadata")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    MODEL_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    DOCKER_METADATA_FIELD_NUMBER: _ClassVar[int]
    model_version_id: int
    docker_metadata: DockerMetadata
    def __init__(self, model_version_id: _Optional[int] = ..., docker_metadata: _Optional[_Union[DockerMetadata, _Mapping]] = ...) -> None: ...

class LocationTypeEnum(_message.Message):
    __slots__ = ()
    class LocationType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        UNKNOWN: _ClassVar[LocationTypeEnum.LocationType]
        CLOUD_PROVIDER: _ClassVar[LocationTypeEnum.LocationType]
        INTERNAL_PRIVATE_NETWORK: _ClassVar[LocationTypeEnum.LocationType]
        DEVICE: _ClassVar[LocationTypeEnum.LocationType]
    UNKNOWN: LocationTypeEnum.LocationType
    CLOUD_PROVIDER: LocationTypeEnum.LocationType
    INTERNAL_PRIVATE_NETWORK: LocationTypeEnum.LocationType
    DEVICE: LocationTypeEnum.LocationType
    def __init__(self) -> None: ...

class ExternalDeployment(_message.Message):
    __slots__ = ("id", "model_version_id", "time_created", "time_updated", "location_deployed", "url_path_title", "description", "location_type", "cloud_provider")
    ID_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_CREATED_FIELD_NUMBER: _ClassVar[int]
    TIME_UPDATED_FIELD_NUMBER: _ClassVar[int]
    LOCATION_DEPLOYED_FIELD_NUMBER: _ClassVar[int]
    URL_PATH_TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LOCATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    CLOUD_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    id: int
    model_version_id: int
    time_created: int
    time_updated: int
    location_deployed: str
    url_path_title: str
    description: str
    location_type: LocationTypeEnum.LocationType
    cloud_provider: str
    def __init__(self, id: _Optional[int] = ..., model_version_id: _Optional[int] = ..., time_created: _Optional[int] = ..., time_updated: _Optional[int] = ..., location_deployed: _Optional[str] = ..., url_path_title: _Optional[str] = ..., description: _Optional[str] = ..., location_type: _Optional[_Union[LocationTypeEnum.LocationType, str]] = ..., cloud_provider: _Optional[str] = ...) -> None: ...

class ExternalDeploymentRequest(_message.Message):
    __slots__ = ("external_deployment_id",)
    class Response(_message.Message):
        __slots__ = ("external_deployment",)
        EXTERNAL_DEPLOYMENT_FIELD_NUMBER: _ClassVar[int]
        external_deployment: ExternalDeployment
        def __init__(self, external_deployment: _Optional[_Union[ExternalDeployment, _Mapping]] = ...) -> None: ...
    EXTERNAL_DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    external_deployment_id: int
    def __init__(self, external_deployment_id: _Optional[int] = ...) -> None: ...

class Empty(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeleteModelVersionArtifactRequest(_message.Message):
    __slots__ = ("model_version_id", "artifact_key")
    MODEL_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    ARTIFACT_KEY_FIELD_NUMBER: _ClassVar[int]
    model_version_id: int
    artifact_key: str
    def __init__(self, model_version_id: _Optional[int] = ..., artifact_key: _Optional[str] = ...) -> None: ...
