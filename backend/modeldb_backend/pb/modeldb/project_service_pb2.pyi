from google.api import annotations_pb2 as _annotations_pb2
from modeldb_backend.pb.common import common_pb2 as _common_pb2
from modeldb_backend.pb.modeldb import common_pb2 as _common_pb2_1
from modeldb_backend.pb.uac import uac_pb2 as _uac_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ProjectVisibility(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PRIVATE: _ClassVar[ProjectVisibility]
    PUBLIC: _ClassVar[ProjectVisibility]
    ORG_SCOPED_PUBLIC: _ClassVar[ProjectVisibility]
PRIVATE: ProjectVisibility
PUBLIC: ProjectVisibility
ORG_SCOPED_PUBLIC: ProjectVisibility

class Project(_message.Message):
    __slots__ = ("id", "name", "description", "date_created", "date_updated", "short_name", "readme_text", "project_visibility", "workspace_id", "workspace_type", "workspace_service_id", "custom_permission", "visibility", "attributes", "tags", "owner", "owner_id", "group_owner_id", "code_version_snapshot", "artifacts", "version_number")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DATE_CREATED_FIELD_NUMBER: _ClassVar[int]
    DATE_UPDATED_FIELD_NUMBER: _ClassVar[int]
    SHORT_NAME_FIELD_NUMBER: _ClassVar[int]
    README_TEXT_FIELD_NUMBER: _ClassVar[int]
    PROJECT_VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_TYPE_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_SERVICE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_PERMISSION_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_VERSION_SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    ARTIFACTS_FIELD_NUMBER: _ClassVar[int]
    VERSION_NUMBER_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    description: str
    date_created: int
    date_updated: int
    short_name: str
    readme_text: str
    project_visibility: ProjectVisibility
    workspace_id: str
    workspace_type: _common_pb2.WorkspaceTypeEnum.WorkspaceType
    workspace_service_id: int
    custom_permission: _uac_pb2.CollaboratorPermissions
    visibility: _uac_pb2.ResourceVisibility
    attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    tags: _containers.RepeatedScalarFieldContainer[str]
    owner: str
    owner_id: int
    group_owner_id: _common_pb2.GroupId
    code_version_snapshot: _common_pb2.CodeVersion
    artifacts: _containers.RepeatedCompositeFieldContainer[_common_pb2.Artifact]
    version_number: int
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., date_created: _Optional[int] = ..., date_updated: _Optional[int] = ..., short_name: _Optional[str] = ..., readme_text: _Optional[str] = ..., project_visibility: _Optional[_Union[ProjectVisibility, str]] = ..., workspace_id: _Optional[str] = ..., workspace_type: _Optional[_Union[_common_pb2.WorkspaceTypeEnum.WorkspaceType, str]] = ..., workspace_service_id: _Optional[int] = ..., custom_permission: _Optional[_Union[_uac_pb2.CollaboratorPermissions, _Mapping]] = ..., visibility: _Optional[_Union[_uac_pb2.ResourceVisibility, str]] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., tags: _Optional[_Iterable[str]] = ..., owner: _Optional[str] = ..., owner_id: _Optional[int] = ..., group_owner_id: _Optional[_Union[_common_pb2.GroupId, _Mapping]] = ..., code_version_snapshot: _Optional[_Union[_common_pb2.CodeVersion, _Mapping]] = ..., artifacts: _Optional[_Iterable[_Union[_common_pb2.Artifact, _Mapping]]] = ..., version_number: _Optional[int] = ...) -> None: ...

class CreateProject(_message.Message):
    __slots__ = ("name", "description", "attributes", "tags", "readme_text", "project_visibility", "artifacts", "workspace_name", "date_created", "custom_permission", "visibility")
    class Response(_message.Message):
        __slots__ = ("project",)
        PROJECT_FIELD_NUMBER: _ClassVar[int]
        project: Project
        def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    README_TEXT_FIELD_NUMBER: _ClassVar[int]
    PROJECT_VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    ARTIFACTS_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    DATE_CREATED_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_PERMISSION_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    tags: _containers.RepeatedScalarFieldContainer[str]
    readme_text: str
    project_visibility: ProjectVisibility
    artifacts: _containers.RepeatedCompositeFieldContainer[_common_pb2.Artifact]
    workspace_name: str
    date_created: int
    custom_permission: _uac_pb2.CollaboratorPermissions
    visibility: _uac_pb2.ResourceVisibility
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., tags: _Optional[_Iterable[str]] = ..., readme_text: _Optional[str] = ..., project_visibility: _Optional[_Union[ProjectVisibility, str]] = ..., artifacts: _Optional[_Iterable[_Union[_common_pb2.Artifact, _Mapping]]] = ..., workspace_name: _Optional[str] = ..., date_created: _Optional[int] = ..., custom_permission: _Optional[_Union[_uac_pb2.CollaboratorPermissions, _Mapping]] = ..., visibility: _Optional[_Union[_uac_pb2.ResourceVisibility, str]] = ...) -> None: ...

class DeleteProject(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("status",)
        STATUS_FIELD_NUMBER: _ClassVar[int]
        status: bool
        def __init__(self, status: _Optional[bool] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class UpdateProjectName(_message.Message):
    __slots__ = ("id", "name")
    class Response(_message.Message):
        __slots__ = ("project",)
        PROJECT_FIELD_NUMBER: _ClassVar[int]
        project: Project
        def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class UpdateProjectDescription(_message.Message):
    __slots__ = ("id", "description")
    class Response(_message.Message):
        __slots__ = ("project",)
        PROJECT_FIELD_NUMBER: _ClassVar[int]
        project: Project
        def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    id: str
    description: str
    def __init__(self, id: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class AddProjectTags(_message.Message):
    __slots__ = ("id", "tags")
    class Response(_message.Message):
        __slots__ = ("project",)
        PROJECT_FIELD_NUMBER: _ClassVar[int]
        project: Project
        def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    id: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ...) -> None: ...

class DeleteProjectTags(_message.Message):
    __slots__ = ("id", "tags", "delete_all")
    class Response(_message.Message):
        __slots__ = ("project",)
        PROJECT_FIELD_NUMBER: _ClassVar[int]
        project: Project
        def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    DELETE_ALL_FIELD_NUMBER: _ClassVar[int]
    id: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    delete_all: bool
    def __init__(self, id: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., delete_all: _Optional[bool] = ...) -> None: ...

class AddProjectTag(_message.Message):
    __slots__ = ("id", "tag")
    class Response(_message.Message):
        __slots__ = ("project",)
        PROJECT_FIELD_NUMBER: _ClassVar[int]
        project: Project
        def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    tag: str
    def __init__(self, id: _Optional[str] = ..., tag: _Optional[str] = ...) -> None: ...

class DeleteProjectTag(_message.Message):
    __slots__ = ("id", "tag")
    class Response(_message.Message):
        __slots__ = ("project",)
        PROJECT_FIELD_NUMBER: _ClassVar[int]
        project: Project
        def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    tag: str
    def __init__(self, id: _Optional[str] = ..., tag: _Optional[str] = ...) -> None: ...

class GetProjectAttributes(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("attributes",)
        ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
        attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
        def __init__(self, attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class AddProjectAttributes(_message.Message):
    __slots__ = ("id", "attributes")
    class Response(_message.Message):
        __slots__ = ("project",)
        PROJECT_FIELD_NUMBER: _ClassVar[int]
        project: Project
        def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    id: str
    attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    def __init__(self, id: _Optional[str] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ...) -> None: ...

class UpdateProjectAttributes(_message.Message):
    __slots__ = ("id", "attribute")
    class Response(_message.Message):
        __slots__ = ("project",)
        PROJECT_FIELD_NUMBER: _ClassVar[int]
        project: Project
        def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTE_FIELD_NUMBER: _ClassVar[int]
    id: str
    attribute: _common_pb2.KeyValue
    def __init__(self, id: _Optional[str] = ..., attribute: _Optional[_Union[_common_pb2.KeyValue, _Mapping]] = ...) -> None: ...

class DeleteProjectAttributes(_message.Message):
    __slots__ = ("id", "attribute_keys", "delete_all")
    class Response(_message.Message):
        __slots__ = ("project",)
        PROJECT_FIELD_NUMBER: _ClassVar[int]
        project: Project
        def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTE_KEYS_FIELD_NUMBER: _ClassVar[int]
    DELETE_ALL_FIELD_NUMBER: _ClassVar[int]
    id: str
    attribute_keys: _containers.RepeatedScalarFieldContainer[str]
    delete_all: bool
    def __init__(self, id: _Optional[str] = ..., attribute_keys: _Optional[_Iterable[str]] = ..., delete_all: _Optional[bool] = ...) -> None: ...

class LogProjectCodeVersion(_message.Message):
    __slots__ = ("id", "code_version")
    class Response(_message.Message):
        __slots__ = ("project",)
        PROJECT_FIELD_NUMBER: _ClassVar[int]
        project: Project
        def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    CODE_VERSION_FIELD_NUMBER: _ClassVar[int]
    id: str
    code_version: _common_pb2.CodeVersion
    def __init__(self, id: _Optional[str] = ..., code_version: _Optional[_Union[_common_pb2.CodeVersion, _Mapping]] = ...) -> None: ...

class GetProjectCodeVersion(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("code_version",)
        CODE_VERSION_FIELD_NUMBER: _ClassVar[int]
        code_version: _common_pb2.CodeVersion
        def __init__(self, code_version: _Optional[_Union[_common_pb2.CodeVersion, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetProjects(_message.Message):
    __slots__ = ("page_number", "page_limit", "ascending", "sort_key", "workspace_name")
    class Response(_message.Message):
        __slots__ = ("projects", "total_records")
        PROJECTS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        projects: _containers.RepeatedCompositeFieldContainer[Project]
        total_records: int
        def __init__(self, projects: _Optional[_Iterable[_Union[Project, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
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

class GetPublicProjects(_message.Message):
    __slots__ = ("user_id", "workspace_name")
    class Response(_message.Message):
        __slots__ = ("projects",)
        PROJECTS_FIELD_NUMBER: _ClassVar[int]
        projects: _containers.RepeatedCompositeFieldContainer[Project]
        def __init__(self, projects: _Optional[_Iterable[_Union[Project, _Mapping]]] = ...) -> None: ...
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    workspace_name: str
    def __init__(self, user_id: _Optional[str] = ..., workspace_name: _Optional[str] = ...) -> None: ...

class GetProjectById(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("project",)
        PROJECT_FIELD_NUMBER: _ClassVar[int]
        project: Project
        def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetProjectByName(_message.Message):
    __slots__ = ("name", "workspace_name")
    class Response(_message.Message):
        __slots__ = ("project_by_user", "shared_projects")
        PROJECT_BY_USER_FIELD_NUMBER: _ClassVar[int]
        SHARED_PROJECTS_FIELD_NUMBER: _ClassVar[int]
        project_by_user: Project
        shared_projects: _containers.RepeatedCompositeFieldContainer[Project]
        def __init__(self, project_by_user: _Optional[_Union[Project, _Mapping]] = ..., shared_projects: _Optional[_Iterable[_Union[Project, _Mapping]]] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    workspace_name: str
    def __init__(self, name: _Optional[str] = ..., workspace_name: _Optional[str] = ...) -> None: ...

class Empty(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class VerifyConnectionResponse(_message.Message):
    __slots__ = ("status",)
    STATUS_FIELD_NUMBER: _ClassVar[int]
    status: bool
    def __init__(self, status: _Optional[bool] = ...) -> None: ...

class DeepCopyProject(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("project",)
        PROJECT_FIELD_NUMBER: _ClassVar[int]
        project: Project
        def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class MetricsSummary(_message.Message):
    __slots__ = ("key", "min_value", "max_value")
    KEY_FIELD_NUMBER: _ClassVar[int]
    MIN_VALUE_FIELD_NUMBER: _ClassVar[int]
    MAX_VALUE_FIELD_NUMBER: _ClassVar[int]
    key: str
    min_value: float
    max_value: float
    def __init__(self, key: _Optional[str] = ..., min_value: _Optional[float] = ..., max_value: _Optional[float] = ...) -> None: ...

class LastModifiedExperimentRunSummary(_message.Message):
    __slots__ = ("name", "last_updated_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    LAST_UPDATED_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    last_updated_time: int
    def __init__(self, name: _Optional[str] = ..., last_updated_time: _Optional[int] = ...) -> None: ...

class GetSummary(_message.Message):
    __slots__ = ("entityId",)
    class Response(_message.Message):
        __slots__ = ("name", "last_updated_time", "total_experiment", "total_experiment_runs", "last_modified_experimentRun_summary", "metrics")
        NAME_FIELD_NUMBER: _ClassVar[int]
        LAST_UPDATED_TIME_FIELD_NUMBER: _ClassVar[int]
        TOTAL_EXPERIMENT_FIELD_NUMBER: _ClassVar[int]
        TOTAL_EXPERIMENT_RUNS_FIELD_NUMBER: _ClassVar[int]
        LAST_MODIFIED_EXPERIMENTRUN_SUMMARY_FIELD_NUMBER: _ClassVar[int]
        METRICS_FIELD_NUMBER: _ClassVar[int]
        name: str
        last_updated_time: int
        total_experiment: int
        total_experiment_runs: int
        last_modified_experimentRun_summary: LastModifiedExperimentRunSummary
        metrics: _containers.RepeatedCompositeFieldContainer[MetricsSummary]
        def __init__(self, name: _Optional[str] = ..., last_updated_time: _Optional[int] = ..., total_experiment: _Optional[int] = ..., total_experiment_runs: _Optional[int] = ..., last_modified_experimentRun_summary: _Optional[_Union[LastModifiedExperimentRunSummary, _Mapping]] = ..., metrics: _Optional[_Iterable[_Union[MetricsSummary, _Mapping]]] = ...) -> None: ...
    ENTITYID_FIELD_NUMBER: _ClassVar[int]
    entityId: str
    def __init__(self, entityId: _Optional[str] = ...) -> None: ...

class SetProjectReadme(_message.Message):
    __slots__ = ("id", "readme_text")
    class Response(_message.Message):
        __slots__ = ("project",)
        PROJECT_FIELD_NUMBER: _ClassVar[int]
        project: Project
        def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    README_TEXT_FIELD_NUMBER: _ClassVar[int]
    id: str
    readme_text: str
    def __init__(self, id: _Optional[str] = ..., readme_text: _Optional[str] = ...) -> None: ...

class GetProjectReadme(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("readme_text",)
        README_TEXT_FIELD_NUMBER: _ClassVar[int]
        readme_text: str
        def __init__(self, readme_text: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class SetProjectShortName(_message.Message):
    __slots__ = ("id", "short_name")
    class Response(_message.Message):
        __slots__ = ("project",)
        PROJECT_FIELD_NUMBER: _ClassVar[int]
        project: Project
        def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    SHORT_NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    short_name: str
    def __init__(self, id: _Optional[str] = ..., short_name: _Optional[str] = ...) -> None: ...

class GetProjectShortName(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("short_name",)
        SHORT_NAME_FIELD_NUMBER: _ClassVar[int]
        short_name: str
        def __init__(self, short_name: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetProjectDatasetCount(_message.Message):
    __slots__ = ("project_id",)
    class Response(_message.Message):
        __slots__ = ("dataset_count",)
        DATASET_COUNT_FIELD_NUMBER: _ClassVar[int]
        dataset_count: int
        def __init__(self, dataset_count: _Optional[int] = ...) -> None: ...
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    def __init__(self, project_id: _Optional[str] = ...) -> None: ...

class FindProjects(_message.Message):
    __slots__ = ("project_ids", "predicates", "ids_only", "workspace_name", "page_number", "page_limit", "ascending", "sort_key")
    class Response(_message.Message):
        __slots__ = ("projects", "total_records")
        PROJECTS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        projects: _containers.RepeatedCompositeFieldContainer[Project]
        total_records: int
        def __init__(self, projects: _Optional[_Iterable[_Union[Project, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    PROJECT_IDS_FIELD_NUMBER: _ClassVar[int]
    PREDICATES_FIELD_NUMBER: _ClassVar[int]
    IDS_ONLY_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    PAGE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PAGE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    ASCENDING_FIELD_NUMBER: _ClassVar[int]
    SORT_KEY_FIELD_NUMBER: _ClassVar[int]
    project_ids: _containers.RepeatedScalarFieldContainer[str]
    predicates: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValueQuery]
    ids_only: bool
    workspace_name: str
    page_number: int
    page_limit: int
    ascending: bool
    sort_key: str
    def __init__(self, project_ids: _Optional[_Iterable[str]] = ..., predicates: _Optional[_Iterable[_Union[_common_pb2.KeyValueQuery, _Mapping]]] = ..., ids_only: _Optional[bool] = ..., workspace_name: _Optional[str] = ..., page_number: _Optional[int] = ..., page_limit: _Optional[int] = ..., ascending: _Optional[bool] = ..., sort_key: _Optional[str] = ...) -> None: ...

class LogProjectArtifacts(_message.Message):
    __slots__ = ("id", "artifacts")
    class Response(_message.Message):
        __slots__ = ("project",)
        PROJECT_FIELD_NUMBER: _ClassVar[int]
        project: Project
        def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ARTIFACTS_FIELD_NUMBER: _ClassVar[int]
    id: str
    artifacts: _containers.RepeatedCompositeFieldContainer[_common_pb2.Artifact]
    def __init__(self, id: _Optional[str] = ..., artifacts: _Optional[_Iterable[_Union[_common_pb2.Artifact, _Mapping]]] = ...) -> None: ...

class DeleteProjectArtifact(_message.Message):
    __slots__ = ("id", "key")
    class Response(_message.Message):
        __slots__ = ("project",)
        PROJECT_FIELD_NUMBER: _ClassVar[int]
        project: Project
        def __init__(self, project: _Optional[_Union[Project, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    id: str
    key: str
    def __init__(self, id: _Optional[str] = ..., key: _Optional[str] = ...) -> None: ...

class DeleteProjects(_message.Message):
    __slots__ = ("ids",)
    class Response(_message.Message):
        __slots__ = ("status",)
        STATUS_FIELD_NUMBER: _ClassVar[int]
        status: bool
        def __init__(self, status: _Optional[bool] = ...) -> None: ...
    IDS_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ids: _Optional[_Iterable[str]] = ...) -> None: ...
