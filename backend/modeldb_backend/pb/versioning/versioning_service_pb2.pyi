from google.api import annotations_pb2 as _annotations_pb2
from modeldb_backend.pb.common import common_pb2 as _common_pb2
from modeldb_backend.pb.uac import uac_pb2 as _uac_pb2
from modeldb_backend.pb.versioning import versioning_pb2 as _versioning_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class BlobType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    UNKNOWN: _ClassVar[BlobType]
    DATASET_BLOB: _ClassVar[BlobType]
    ENVIRONMENT_BLOB: _ClassVar[BlobType]
    CODE_BLOB: _ClassVar[BlobType]
    CONFIG_BLOB: _ClassVar[BlobType]
UNKNOWN: BlobType
DATASET_BLOB: BlobType
ENVIRONMENT_BLOB: BlobType
CODE_BLOB: BlobType
CONFIG_BLOB: BlobType

class Commit(_message.Message):
    __slots__ = ("parent_shas", "message", "date_created", "author", "commit_sha", "date_updated", "version_number")
    PARENT_SHAS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    DATE_CREATED_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    COMMIT_SHA_FIELD_NUMBER: _ClassVar[int]
    DATE_UPDATED_FIELD_NUMBER: _ClassVar[int]
    VERSION_NUMBER_FIELD_NUMBER: _ClassVar[int]
    parent_shas: _containers.RepeatedScalarFieldContainer[str]
    message: str
    date_created: int
    author: str
    commit_sha: str
    date_updated: int
    version_number: int
    def __init__(self, parent_shas: _Optional[_Iterable[str]] = ..., message: _Optional[str] = ..., date_created: _Optional[int] = ..., author: _Optional[str] = ..., commit_sha: _Optional[str] = ..., date_updated: _Optional[int] = ..., version_number: _Optional[int] = ...) -> None: ...

class InternalFolderElement(_message.Message):
    __slots__ = ("element_sha", "element_name")
    ELEMENT_SHA_FIELD_NUMBER: _ClassVar[int]
    ELEMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    element_sha: str
    element_name: str
    def __init__(self, element_sha: _Optional[str] = ..., element_name: _Optional[str] = ...) -> None: ...

class InternalFolder(_message.Message):
    __slots__ = ("blobs", "sub_folders")
    BLOBS_FIELD_NUMBER: _ClassVar[int]
    SUB_FOLDERS_FIELD_NUMBER: _ClassVar[int]
    blobs: _containers.RepeatedCompositeFieldContainer[InternalFolderElement]
    sub_folders: _containers.RepeatedCompositeFieldContainer[InternalFolderElement]
    def __init__(self, blobs: _Optional[_Iterable[_Union[InternalFolderElement, _Mapping]]] = ..., sub_folders: _Optional[_Iterable[_Union[InternalFolderElement, _Mapping]]] = ...) -> None: ...

class FolderElement(_message.Message):
    __slots__ = ("element_name",)
    ELEMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    element_name: str
    def __init__(self, element_name: _Optional[str] = ...) -> None: ...

class Folder(_message.Message):
    __slots__ = ("blobs", "sub_folders")
    BLOBS_FIELD_NUMBER: _ClassVar[int]
    SUB_FOLDERS_FIELD_NUMBER: _ClassVar[int]
    blobs: _containers.RepeatedCompositeFieldContainer[FolderElement]
    sub_folders: _containers.RepeatedCompositeFieldContainer[FolderElement]
    def __init__(self, blobs: _Optional[_Iterable[_Union[FolderElement, _Mapping]]] = ..., sub_folders: _Optional[_Iterable[_Union[FolderElement, _Mapping]]] = ...) -> None: ...

class Blob(_message.Message):
    __slots__ = ("dataset", "environment", "code", "config")
    DATASET_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENT_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    dataset: _versioning_pb2.DatasetBlob
    environment: _versioning_pb2.EnvironmentBlob
    code: _versioning_pb2.CodeBlob
    config: _versioning_pb2.ConfigBlob
    def __init__(self, dataset: _Optional[_Union[_versioning_pb2.DatasetBlob, _Mapping]] = ..., environment: _Optional[_Union[_versioning_pb2.EnvironmentBlob, _Mapping]] = ..., code: _Optional[_Union[_versioning_pb2.CodeBlob, _Mapping]] = ..., config: _Optional[_Union[_versioning_pb2.ConfigBlob, _Mapping]] = ...) -> None: ...

class BlobExpanded(_message.Message):
    __slots__ = ("location", "blob", "attributes")
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    BLOB_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    location: _containers.RepeatedScalarFieldContainer[str]
    blob: Blob
    attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    def __init__(self, location: _Optional[_Iterable[str]] = ..., blob: _Optional[_Union[Blob, _Mapping]] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ...) -> None: ...

class BlobDiff(_message.Message):
    __slots__ = ("location", "status", "dataset", "environment", "code", "config")
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DATASET_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENT_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    location: _containers.RepeatedScalarFieldContainer[str]
    status: _versioning_pb2.DiffStatusEnum.DiffStatus
    dataset: _versioning_pb2.DatasetDiff
    environment: _versioning_pb2.EnvironmentDiff
    code: _versioning_pb2.CodeDiff
    config: _versioning_pb2.ConfigDiff
    def __init__(self, location: _Optional[_Iterable[str]] = ..., status: _Optional[_Union[_versioning_pb2.DiffStatusEnum.DiffStatus, str]] = ..., dataset: _Optional[_Union[_versioning_pb2.DatasetDiff, _Mapping]] = ..., environment: _Optional[_Union[_versioning_pb2.EnvironmentDiff, _Mapping]] = ..., code: _Optional[_Union[_versioning_pb2.CodeDiff, _Mapping]] = ..., config: _Optional[_Union[_versioning_pb2.ConfigDiff, _Mapping]] = ...) -> None: ...

class RepositoryVisibilityEnum(_message.Message):
    __slots__ = ()
    class RepositoryVisibility(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        PRIVATE: _ClassVar[RepositoryVisibilityEnum.RepositoryVisibility]
        PUBLIC: _ClassVar[RepositoryVisibilityEnum.RepositoryVisibility]
        ORG_SCOPED_PUBLIC: _ClassVar[RepositoryVisibilityEnum.RepositoryVisibility]
    PRIVATE: RepositoryVisibilityEnum.RepositoryVisibility
    PUBLIC: RepositoryVisibilityEnum.RepositoryVisibility
    ORG_SCOPED_PUBLIC: RepositoryVisibilityEnum.RepositoryVisibility
    def __init__(self) -> None: ...

class Repository(_message.Message):
    __slots__ = ("id", "name", "date_created", "date_updated", "workspace_id", "workspace_type", "workspace_service_id", "repository_visibility", "owner", "owner_id", "group_owner_id", "description", "attributes", "custom_permission", "visibility", "version_number")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DATE_CREATED_FIELD_NUMBER: _ClassVar[int]
    DATE_UPDATED_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_TYPE_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_SERVICE_ID_FIELD_NUMBER: _ClassVar[int]
    REPOSITORY_VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_PERMISSION_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    VERSION_NUMBER_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    date_created: int
    date_updated: int
    workspace_id: str
    workspace_type: _common_pb2.WorkspaceTypeEnum.WorkspaceType
    workspace_service_id: int
    repository_visibility: RepositoryVisibilityEnum.RepositoryVisibility
    owner: str
    owner_id: int
    group_owner_id: _common_pb2.GroupId
    description: str
    attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
    custom_permission: _uac_pb2.CollaboratorPermissions
    visibility: _uac_pb2.ResourceVisibility
    version_number: int
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., date_created: _Optional[int] = ..., date_updated: _Optional[int] = ..., workspace_id: _Optional[str] = ..., workspace_type: _Optional[_Union[_common_pb2.WorkspaceTypeEnum.WorkspaceType, str]] = ..., workspace_service_id: _Optional[int] = ..., repository_visibility: _Optional[_Union[RepositoryVisibilityEnum.RepositoryVisibility, str]] = ..., owner: _Optional[str] = ..., owner_id: _Optional[int] = ..., group_owner_id: _Optional[_Union[_common_pb2.GroupId, _Mapping]] = ..., description: _Optional[str] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ..., custom_permission: _Optional[_Union[_uac_pb2.CollaboratorPermissions, _Mapping]] = ..., visibility: _Optional[_Union[_uac_pb2.ResourceVisibility, str]] = ..., version_number: _Optional[int] = ...) -> None: ...

class ListRepositoriesRequest(_message.Message):
    __slots__ = ("workspace_name", "pagination")
    class Response(_message.Message):
        __slots__ = ("repositories", "total_records")
        REPOSITORIES_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        repositories: _containers.RepeatedCompositeFieldContainer[Repository]
        total_records: int
        def __init__(self, repositories: _Optional[_Iterable[_Union[Repository, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    PAGINATION_FIELD_NUMBER: _ClassVar[int]
    workspace_name: str
    pagination: _common_pb2.Pagination
    def __init__(self, workspace_name: _Optional[str] = ..., pagination: _Optional[_Union[_common_pb2.Pagination, _Mapping]] = ...) -> None: ...

class GetRepositoryRequest(_message.Message):
    __slots__ = ("id",)
    class Response(_message.Message):
        __slots__ = ("repository",)
        REPOSITORY_FIELD_NUMBER: _ClassVar[int]
        repository: Repository
        def __init__(self, repository: _Optional[_Union[Repository, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    id: _versioning_pb2.RepositoryIdentification
    def __init__(self, id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ...) -> None: ...

class SetRepository(_message.Message):
    __slots__ = ("id", "repository")
    class Response(_message.Message):
        __slots__ = ("repository",)
        REPOSITORY_FIELD_NUMBER: _ClassVar[int]
        repository: Repository
        def __init__(self, repository: _Optional[_Union[Repository, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    REPOSITORY_FIELD_NUMBER: _ClassVar[int]
    id: _versioning_pb2.RepositoryIdentification
    repository: Repository
    def __init__(self, id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., repository: _Optional[_Union[Repository, _Mapping]] = ...) -> None: ...

class DeleteRepositoryRequest(_message.Message):
    __slots__ = ("repository_id",)
    class Response(_message.Message):
        __slots__ = ("status",)
        STATUS_FIELD_NUMBER: _ClassVar[int]
        status: bool
        def __init__(self, status: _Optional[bool] = ...) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ...) -> None: ...

class ListCommitsRequest(_message.Message):
    __slots__ = ("repository_id", "pagination", "commit_base", "commit_head")
    class Response(_message.Message):
        __slots__ = ("commits", "total_records")
        COMMITS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        commits: _containers.RepeatedCompositeFieldContainer[Commit]
        total_records: int
        def __init__(self, commits: _Optional[_Iterable[_Union[Commit, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    PAGINATION_FIELD_NUMBER: _ClassVar[int]
    COMMIT_BASE_FIELD_NUMBER: _ClassVar[int]
    COMMIT_HEAD_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    pagination: _common_pb2.Pagination
    commit_base: str
    commit_head: str
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., pagination: _Optional[_Union[_common_pb2.Pagination, _Mapping]] = ..., commit_base: _Optional[str] = ..., commit_head: _Optional[str] = ...) -> None: ...

class GetCommitRequest(_message.Message):
    __slots__ = ("repository_id", "commit_sha")
    class Response(_message.Message):
        __slots__ = ("commit",)
        COMMIT_FIELD_NUMBER: _ClassVar[int]
        commit: Commit
        def __init__(self, commit: _Optional[_Union[Commit, _Mapping]] = ...) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    COMMIT_SHA_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    commit_sha: str
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., commit_sha: _Optional[str] = ...) -> None: ...

class CreateCommitRequest(_message.Message):
    __slots__ = ("repository_id", "commit", "blobs", "commit_base", "diffs")
    class Response(_message.Message):
        __slots__ = ("commit",)
        COMMIT_FIELD_NUMBER: _ClassVar[int]
        commit: Commit
        def __init__(self, commit: _Optional[_Union[Commit, _Mapping]] = ...) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    COMMIT_FIELD_NUMBER: _ClassVar[int]
    BLOBS_FIELD_NUMBER: _ClassVar[int]
    COMMIT_BASE_FIELD_NUMBER: _ClassVar[int]
    DIFFS_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    commit: Commit
    blobs: _containers.RepeatedCompositeFieldContainer[BlobExpanded]
    commit_base: str
    diffs: _containers.RepeatedCompositeFieldContainer[BlobDiff]
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., commit: _Optional[_Union[Commit, _Mapping]] = ..., blobs: _Optional[_Iterable[_Union[BlobExpanded, _Mapping]]] = ..., commit_base: _Optional[str] = ..., diffs: _Optional[_Iterable[_Union[BlobDiff, _Mapping]]] = ...) -> None: ...

class DeleteCommitRequest(_message.Message):
    __slots__ = ("repository_id", "commit_sha")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    COMMIT_SHA_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    commit_sha: str
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., commit_sha: _Optional[str] = ...) -> None: ...

class ListCommitBlobsRequest(_message.Message):
    __slots__ = ("repository_id", "commit_sha", "location_prefix")
    class Response(_message.Message):
        __slots__ = ("blobs", "total_records")
        BLOBS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        blobs: _containers.RepeatedCompositeFieldContainer[BlobExpanded]
        total_records: int
        def __init__(self, blobs: _Optional[_Iterable[_Union[BlobExpanded, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    COMMIT_SHA_FIELD_NUMBER: _ClassVar[int]
    LOCATION_PREFIX_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    commit_sha: str
    location_prefix: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., commit_sha: _Optional[str] = ..., location_prefix: _Optional[_Iterable[str]] = ...) -> None: ...

class GetCommitComponentRequest(_message.Message):
    __slots__ = ("repository_id", "commit_sha", "location")
    class Response(_message.Message):
        __slots__ = ("folder", "blob", "attributes")
        FOLDER_FIELD_NUMBER: _ClassVar[int]
        BLOB_FIELD_NUMBER: _ClassVar[int]
        ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
        folder: Folder
        blob: Blob
        attributes: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValue]
        def __init__(self, folder: _Optional[_Union[Folder, _Mapping]] = ..., blob: _Optional[_Union[Blob, _Mapping]] = ..., attributes: _Optional[_Iterable[_Union[_common_pb2.KeyValue, _Mapping]]] = ...) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    COMMIT_SHA_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    commit_sha: str
    location: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., commit_sha: _Optional[str] = ..., location: _Optional[_Iterable[str]] = ...) -> None: ...

class ComputeRepositoryDiffRequest(_message.Message):
    __slots__ = ("repository_id", "commit_a", "commit_b", "replace_a_with_common_ancestor", "branch_a", "branch_b")
    class Response(_message.Message):
        __slots__ = ("diffs",)
        DIFFS_FIELD_NUMBER: _ClassVar[int]
        diffs: _containers.RepeatedCompositeFieldContainer[BlobDiff]
        def __init__(self, diffs: _Optional[_Iterable[_Union[BlobDiff, _Mapping]]] = ...) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    COMMIT_A_FIELD_NUMBER: _ClassVar[int]
    COMMIT_B_FIELD_NUMBER: _ClassVar[int]
    REPLACE_A_WITH_COMMON_ANCESTOR_FIELD_NUMBER: _ClassVar[int]
    BRANCH_A_FIELD_NUMBER: _ClassVar[int]
    BRANCH_B_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    commit_a: str
    commit_b: str
    replace_a_with_common_ancestor: bool
    branch_a: str
    branch_b: str
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., commit_a: _Optional[str] = ..., commit_b: _Optional[str] = ..., replace_a_with_common_ancestor: _Optional[bool] = ..., branch_a: _Optional[str] = ..., branch_b: _Optional[str] = ...) -> None: ...

class ListCommitsLogRequest(_message.Message):
    __slots__ = ("repository_id", "branch", "commit_sha")
    class Response(_message.Message):
        __slots__ = ("commits", "total_records")
        COMMITS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        commits: _containers.RepeatedCompositeFieldContainer[Commit]
        total_records: int
        def __init__(self, commits: _Optional[_Iterable[_Union[Commit, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    BRANCH_FIELD_NUMBER: _ClassVar[int]
    COMMIT_SHA_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    branch: str
    commit_sha: str
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., branch: _Optional[str] = ..., commit_sha: _Optional[str] = ...) -> None: ...

class ListBranchesRequest(_message.Message):
    __slots__ = ("repository_id",)
    class Response(_message.Message):
        __slots__ = ("branches", "total_records")
        BRANCHES_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        branches: _containers.RepeatedScalarFieldContainer[str]
        total_records: int
        def __init__(self, branches: _Optional[_Iterable[str]] = ..., total_records: _Optional[int] = ...) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ...) -> None: ...

class GetBranchRequest(_message.Message):
    __slots__ = ("repository_id", "branch")
    class Response(_message.Message):
        __slots__ = ("commit",)
        COMMIT_FIELD_NUMBER: _ClassVar[int]
        commit: Commit
        def __init__(self, commit: _Optional[_Union[Commit, _Mapping]] = ...) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    BRANCH_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    branch: str
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., branch: _Optional[str] = ...) -> None: ...

class SetBranchRequest(_message.Message):
    __slots__ = ("repository_id", "branch", "commit_sha")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    BRANCH_FIELD_NUMBER: _ClassVar[int]
    COMMIT_SHA_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    branch: str
    commit_sha: str
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., branch: _Optional[str] = ..., commit_sha: _Optional[str] = ...) -> None: ...

class DeleteBranchRequest(_message.Message):
    __slots__ = ("repository_id", "branch")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    BRANCH_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    branch: str
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., branch: _Optional[str] = ...) -> None: ...

class ListTagsRequest(_message.Message):
    __slots__ = ("repository_id",)
    class Response(_message.Message):
        __slots__ = ("tags", "total_records")
        TAGS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        tags: _containers.RepeatedScalarFieldContainer[str]
        total_records: int
        def __init__(self, tags: _Optional[_Iterable[str]] = ..., total_records: _Optional[int] = ...) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ...) -> None: ...

class GetTagRequest(_message.Message):
    __slots__ = ("repository_id", "tag")
    class Response(_message.Message):
        __slots__ = ("commit",)
        COMMIT_FIELD_NUMBER: _ClassVar[int]
        commit: Commit
        def __init__(self, commit: _Optional[_Union[Commit, _Mapping]] = ...) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    tag: str
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., tag: _Optional[str] = ...) -> None: ...

class SetTagRequest(_message.Message):
    __slots__ = ("repository_id", "tag", "commit_sha")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    COMMIT_SHA_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    tag: str
    commit_sha: str
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., tag: _Optional[str] = ..., commit_sha: _Optional[str] = ...) -> None: ...

class DeleteTagRequest(_message.Message):
    __slots__ = ("repository_id", "tag")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    tag: str
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., tag: _Optional[str] = ...) -> None: ...

class MergeRepositoryCommitsRequest(_message.Message):
    __slots__ = ("repository_id", "commit_sha_a", "commit_sha_b", "content", "branch_a", "branch_b", "is_dry_run")
    class Response(_message.Message):
        __slots__ = ("commit", "conflicts", "common_base")
        COMMIT_FIELD_NUMBER: _ClassVar[int]
        CONFLICTS_FIELD_NUMBER: _ClassVar[int]
        COMMON_BASE_FIELD_NUMBER: _ClassVar[int]
        commit: Commit
        conflicts: _containers.RepeatedCompositeFieldContainer[BlobDiff]
        common_base: Commit
        def __init__(self, commit: _Optional[_Union[Commit, _Mapping]] = ..., conflicts: _Optional[_Iterable[_Union[BlobDiff, _Mapping]]] = ..., common_base: _Optional[_Union[Commit, _Mapping]] = ...) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    COMMIT_SHA_A_FIELD_NUMBER: _ClassVar[int]
    COMMIT_SHA_B_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    BRANCH_A_FIELD_NUMBER: _ClassVar[int]
    BRANCH_B_FIELD_NUMBER: _ClassVar[int]
    IS_DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    commit_sha_a: str
    commit_sha_b: str
    content: Commit
    branch_a: str
    branch_b: str
    is_dry_run: bool
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., commit_sha_a: _Optional[str] = ..., commit_sha_b: _Optional[str] = ..., content: _Optional[_Union[Commit, _Mapping]] = ..., branch_a: _Optional[str] = ..., branch_b: _Optional[str] = ..., is_dry_run: _Optional[bool] = ...) -> None: ...

class RevertRepositoryCommitsRequest(_message.Message):
    __slots__ = ("repository_id", "commit_to_revert_sha", "base_commit_sha", "content")
    class Response(_message.Message):
        __slots__ = ("commit",)
        COMMIT_FIELD_NUMBER: _ClassVar[int]
        commit: Commit
        def __init__(self, commit: _Optional[_Union[Commit, _Mapping]] = ...) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    COMMIT_TO_REVERT_SHA_FIELD_NUMBER: _ClassVar[int]
    BASE_COMMIT_SHA_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    commit_to_revert_sha: str
    base_commit_sha: str
    content: Commit
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., commit_to_revert_sha: _Optional[str] = ..., base_commit_sha: _Optional[str] = ..., content: _Optional[_Union[Commit, _Mapping]] = ...) -> None: ...

class FindRepositories(_message.Message):
    __slots__ = ("repo_ids", "workspace_name", "predicates", "page_number", "page_limit")
    class Response(_message.Message):
        __slots__ = ("repositories", "total_records")
        REPOSITORIES_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        repositories: _containers.RepeatedCompositeFieldContainer[Repository]
        total_records: int
        def __init__(self, repositories: _Optional[_Iterable[_Union[Repository, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    REPO_IDS_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    PREDICATES_FIELD_NUMBER: _ClassVar[int]
    PAGE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PAGE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    repo_ids: _containers.RepeatedScalarFieldContainer[int]
    workspace_name: str
    predicates: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValueQuery]
    page_number: int
    page_limit: int
    def __init__(self, repo_ids: _Optional[_Iterable[int]] = ..., workspace_name: _Optional[str] = ..., predicates: _Optional[_Iterable[_Union[_common_pb2.KeyValueQuery, _Mapping]]] = ..., page_number: _Optional[int] = ..., page_limit: _Optional[int] = ...) -> None: ...

class FindRepositoriesBlobs(_message.Message):
    __slots__ = ("repo_ids", "workspace_name", "location_prefix", "blob_type", "commits", "page_number", "page_limit", "predicates")
    class Response(_message.Message):
        __slots__ = ("blobs", "total_records")
        BLOBS_FIELD_NUMBER: _ClassVar[int]
        TOTAL_RECORDS_FIELD_NUMBER: _ClassVar[int]
        blobs: _containers.RepeatedCompositeFieldContainer[BlobExpanded]
        total_records: int
        def __init__(self, blobs: _Optional[_Iterable[_Union[BlobExpanded, _Mapping]]] = ..., total_records: _Optional[int] = ...) -> None: ...
    REPO_IDS_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    LOCATION_PREFIX_FIELD_NUMBER: _ClassVar[int]
    BLOB_TYPE_FIELD_NUMBER: _ClassVar[int]
    COMMITS_FIELD_NUMBER: _ClassVar[int]
    PAGE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PAGE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    PREDICATES_FIELD_NUMBER: _ClassVar[int]
    repo_ids: _containers.RepeatedScalarFieldContainer[int]
    workspace_name: str
    location_prefix: _containers.RepeatedScalarFieldContainer[str]
    blob_type: _containers.RepeatedScalarFieldContainer[BlobType]
    commits: _containers.RepeatedScalarFieldContainer[str]
    page_number: int
    page_limit: int
    predicates: _containers.RepeatedCompositeFieldContainer[_common_pb2.KeyValueQuery]
    def __init__(self, repo_ids: _Optional[_Iterable[int]] = ..., workspace_name: _Optional[str] = ..., location_prefix: _Optional[_Iterable[str]] = ..., blob_type: _Optional[_Iterable[_Union[BlobType, str]]] = ..., commits: _Optional[_Iterable[str]] = ..., page_number: _Optional[int] = ..., page_limit: _Optional[int] = ..., predicates: _Optional[_Iterable[_Union[_common_pb2.KeyValueQuery, _Mapping]]] = ...) -> None: ...

class GetUrlForBlobVersioned(_message.Message):
    __slots__ = ("repository_id", "commit_sha", "location", "path_dataset_component_blob_path", "method", "part_number")
    class Response(_message.Message):
        __slots__ = ("url", "multipart_upload_ok")
        URL_FIELD_NUMBER: _ClassVar[int]
        MULTIPART_UPLOAD_OK_FIELD_NUMBER: _ClassVar[int]
        url: str
        multipart_upload_ok: bool
        def __init__(self, url: _Optional[str] = ..., multipart_upload_ok: _Optional[bool] = ...) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    COMMIT_SHA_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    PATH_DATASET_COMPONENT_BLOB_PATH_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    PART_NUMBER_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    commit_sha: str
    location: _containers.RepeatedScalarFieldContainer[str]
    path_dataset_component_blob_path: str
    method: str
    part_number: int
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., commit_sha: _Optional[str] = ..., location: _Optional[_Iterable[str]] = ..., path_dataset_component_blob_path: _Optional[str] = ..., method: _Optional[str] = ..., part_number: _Optional[int] = ...) -> None: ...

class CommitVersionedBlobArtifactPart(_message.Message):
    __slots__ = ("repository_id", "commit_sha", "location", "path_dataset_component_blob_path", "artifact_part")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    COMMIT_SHA_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    PATH_DATASET_COMPONENT_BLOB_PATH_FIELD_NUMBER: _ClassVar[int]
    ARTIFACT_PART_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    commit_sha: str
    location: _containers.RepeatedScalarFieldContainer[str]
    path_dataset_component_blob_path: str
    artifact_part: _common_pb2.ArtifactPart
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., commit_sha: _Optional[str] = ..., location: _Optional[_Iterable[str]] = ..., path_dataset_component_blob_path: _Optional[str] = ..., artifact_part: _Optional[_Union[_common_pb2.ArtifactPart, _Mapping]] = ...) -> None: ...

class GetCommittedVersionedBlobArtifactParts(_message.Message):
    __slots__ = ("repository_id", "commit_sha", "location", "path_dataset_component_blob_path")
    class Response(_message.Message):
        __slots__ = ("artifact_parts",)
        ARTIFACT_PARTS_FIELD_NUMBER: _ClassVar[int]
        artifact_parts: _containers.RepeatedCompositeFieldContainer[_common_pb2.ArtifactPart]
        def __init__(self, artifact_parts: _Optional[_Iterable[_Union[_common_pb2.ArtifactPart, _Mapping]]] = ...) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    COMMIT_SHA_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    PATH_DATASET_COMPONENT_BLOB_PATH_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    commit_sha: str
    location: _containers.RepeatedScalarFieldContainer[str]
    path_dataset_component_blob_path: str
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., commit_sha: _Optional[str] = ..., location: _Optional[_Iterable[str]] = ..., path_dataset_component_blob_path: _Optional[str] = ...) -> None: ...

class CommitMultipartVersionedBlobArtifact(_message.Message):
    __slots__ = ("repository_id", "commit_sha", "location", "path_dataset_component_blob_path")
    class Response(_message.Message):
        __slots__ = ()
        def __init__(self) -> None: ...
    REPOSITORY_ID_FIELD_NUMBER: _ClassVar[int]
    COMMIT_SHA_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    PATH_DATASET_COMPONENT_BLOB_PATH_FIELD_NUMBER: _ClassVar[int]
    repository_id: _versioning_pb2.RepositoryIdentification
    commit_sha: str
    location: _containers.RepeatedScalarFieldContainer[str]
    path_dataset_component_blob_path: str
    def __init__(self, repository_id: _Optional[_Union[_versioning_pb2.RepositoryIdentification, _Mapping]] = ..., commit_sha: _Optional[str] = ..., location: _Optional[_Iterable[str]] = ..., path_dataset_component_blob_path: _Optional[str] = ...) -> None: ...
