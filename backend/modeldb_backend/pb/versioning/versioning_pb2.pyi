from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DatasetBlob(_message.Message):
    __slots__ = ("s3", "path", "query")
    S3_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    s3: S3DatasetBlob
    path: PathDatasetBlob
    query: QueryDatasetBlob
    def __init__(self, s3: _Optional[_Union[S3DatasetBlob, _Mapping]] = ..., path: _Optional[_Union[PathDatasetBlob, _Mapping]] = ..., query: _Optional[_Union[QueryDatasetBlob, _Mapping]] = ...) -> None: ...

class QueryDatasetBlob(_message.Message):
    __slots__ = ("components",)
    COMPONENTS_FIELD_NUMBER: _ClassVar[int]
    components: _containers.RepeatedCompositeFieldContainer[QueryDatasetComponentBlob]
    def __init__(self, components: _Optional[_Iterable[_Union[QueryDatasetComponentBlob, _Mapping]]] = ...) -> None: ...

class QueryDatasetComponentBlob(_message.Message):
    __slots__ = ("query", "data_source_uri", "execution_timestamp", "num_records")
    QUERY_FIELD_NUMBER: _ClassVar[int]
    DATA_SOURCE_URI_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    NUM_RECORDS_FIELD_NUMBER: _ClassVar[int]
    query: str
    data_source_uri: str
    execution_timestamp: int
    num_records: int
    def __init__(self, query: _Optional[str] = ..., data_source_uri: _Optional[str] = ..., execution_timestamp: _Optional[int] = ..., num_records: _Optional[int] = ...) -> None: ...

class PathDatasetComponentBlob(_message.Message):
    __slots__ = ("path", "size", "last_modified_at_source", "sha256", "md5", "internal_versioned_path", "base_path")
    PATH_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    LAST_MODIFIED_AT_SOURCE_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    MD5_FIELD_NUMBER: _ClassVar[int]
    INTERNAL_VERSIONED_PATH_FIELD_NUMBER: _ClassVar[int]
    BASE_PATH_FIELD_NUMBER: _ClassVar[int]
    path: str
    size: int
    last_modified_at_source: int
    sha256: str
    md5: str
    internal_versioned_path: str
    base_path: str
    def __init__(self, path: _Optional[str] = ..., size: _Optional[int] = ..., last_modified_at_source: _Optional[int] = ..., sha256: _Optional[str] = ..., md5: _Optional[str] = ..., internal_versioned_path: _Optional[str] = ..., base_path: _Optional[str] = ...) -> None: ...

class PathDatasetBlob(_message.Message):
    __slots__ = ("components",)
    COMPONENTS_FIELD_NUMBER: _ClassVar[int]
    components: _containers.RepeatedCompositeFieldContainer[PathDatasetComponentBlob]
    def __init__(self, components: _Optional[_Iterable[_Union[PathDatasetComponentBlob, _Mapping]]] = ...) -> None: ...

class S3DatasetComponentBlob(_message.Message):
    __slots__ = ("path", "s3_version_id")
    PATH_FIELD_NUMBER: _ClassVar[int]
    S3_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    path: PathDatasetComponentBlob
    s3_version_id: str
    def __init__(self, path: _Optional[_Union[PathDatasetComponentBlob, _Mapping]] = ..., s3_version_id: _Optional[str] = ...) -> None: ...

class S3DatasetBlob(_message.Message):
    __slots__ = ("components",)
    COMPONENTS_FIELD_NUMBER: _ClassVar[int]
    components: _containers.RepeatedCompositeFieldContainer[S3DatasetComponentBlob]
    def __init__(self, components: _Optional[_Iterable[_Union[S3DatasetComponentBlob, _Mapping]]] = ...) -> None: ...

class EnvironmentBlob(_message.Message):
    __slots__ = ("python", "docker", "environment_variables", "command_line", "apt")
    PYTHON_FIELD_NUMBER: _ClassVar[int]
    DOCKER_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENT_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    COMMAND_LINE_FIELD_NUMBER: _ClassVar[int]
    APT_FIELD_NUMBER: _ClassVar[int]
    python: PythonEnvironmentBlob
    docker: DockerEnvironmentBlob
    environment_variables: _containers.RepeatedCompositeFieldContainer[EnvironmentVariablesBlob]
    command_line: _containers.RepeatedScalarFieldContainer[str]
    apt: AptEnvironmentBlob
    def __init__(self, python: _Optional[_Union[PythonEnvironmentBlob, _Mapping]] = ..., docker: _Optional[_Union[DockerEnvironmentBlob, _Mapping]] = ..., environment_variables: _Optional[_Iterable[_Union[EnvironmentVariablesBlob, _Mapping]]] = ..., command_line: _Optional[_Iterable[str]] = ..., apt: _Optional[_Union[AptEnvironmentBlob, _Mapping]] = ...) -> None: ...

class EnvironmentVariablesBlob(_message.Message):
    __slots__ = ("name", "value")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    name: str
    value: str
    def __init__(self, name: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...

class VersionEnvironmentBlob(_message.Message):
    __slots__ = ("major", "minor", "patch", "suffix")
    MAJOR_FIELD_NUMBER: _ClassVar[int]
    MINOR_FIELD_NUMBER: _ClassVar[int]
    PATCH_FIELD_NUMBER: _ClassVar[int]
    SUFFIX_FIELD_NUMBER: _ClassVar[int]
    major: int
    minor: int
    patch: int
    suffix: str
    def __init__(self, major: _Optional[int] = ..., minor: _Optional[int] = ..., patch: _Optional[int] = ..., suffix: _Optional[str] = ...) -> None: ...

class PythonRequirementEnvironmentBlob(_message.Message):
    __slots__ = ("library", "constraint", "version")
    LIBRARY_FIELD_NUMBER: _ClassVar[int]
    CONSTRAINT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    library: str
    constraint: str
    version: VersionEnvironmentBlob
    def __init__(self, library: _Optional[str] = ..., constraint: _Optional[str] = ..., version: _Optional[_Union[VersionEnvironmentBlob, _Mapping]] = ...) -> None: ...

class PythonEnvironmentBlob(_message.Message):
    __slots__ = ("version", "requirements", "constraints", "raw_requirements", "raw_constraints")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    REQUIREMENTS_FIELD_NUMBER: _ClassVar[int]
    CONSTRAINTS_FIELD_NUMBER: _ClassVar[int]
    RAW_REQUIREMENTS_FIELD_NUMBER: _ClassVar[int]
    RAW_CONSTRAINTS_FIELD_NUMBER: _ClassVar[int]
    version: VersionEnvironmentBlob
    requirements: _containers.RepeatedCompositeFieldContainer[PythonRequirementEnvironmentBlob]
    constraints: _containers.RepeatedCompositeFieldContainer[PythonRequirementEnvironmentBlob]
    raw_requirements: str
    raw_constraints: str
    def __init__(self, version: _Optional[_Union[VersionEnvironmentBlob, _Mapping]] = ..., requirements: _Optional[_Iterable[_Union[PythonRequirementEnvironmentBlob, _Mapping]]] = ..., constraints: _Optional[_Iterable[_Union[PythonRequirementEnvironmentBlob, _Mapping]]] = ..., raw_requirements: _Optional[str] = ..., raw_constraints: _Optional[str] = ...) -> None: ...

class DockerEnvironmentBlob(_message.Message):
    __slots__ = ("repository", "tag", "sha")
    REPOSITORY_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    SHA_FIELD_NUMBER: _ClassVar[int]
    repository: str
    tag: str
    sha: str
    def __init__(self, repository: _Optional[str] = ..., tag: _Optional[str] = ..., sha: _Optional[str] = ...) -> None: ...

class AptEnvironmentBlob(_message.Message):
    __slots__ = ("packages",)
    PACKAGES_FIELD_NUMBER: _ClassVar[int]
    packages: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, packages: _Optional[_Iterable[str]] = ...) -> None: ...

class RepositoryNamedIdentification(_message.Message):
    __slots__ = ("name", "workspace_name")
    NAME_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    workspace_name: str
    def __init__(self, name: _Optional[str] = ..., workspace_name: _Optional[str] = ...) -> None: ...

class RepositoryIdentification(_message.Message):
    __slots__ = ("named_id", "repo_id")
    NAMED_ID_FIELD_NUMBER: _ClassVar[int]
    REPO_ID_FIELD_NUMBER: _ClassVar[int]
    named_id: RepositoryNamedIdentification
    repo_id: int
    def __init__(self, named_id: _Optional[_Union[RepositoryNamedIdentification, _Mapping]] = ..., repo_id: _Optional[int] = ...) -> None: ...

class DiffStatusEnum(_message.Message):
    __slots__ = ()
    class DiffStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        UNKNOWN: _ClassVar[DiffStatusEnum.DiffStatus]
        ADDED: _ClassVar[DiffStatusEnum.DiffStatus]
        DELETED: _ClassVar[DiffStatusEnum.DiffStatus]
        MODIFIED: _ClassVar[DiffStatusEnum.DiffStatus]
        CONFLICTED: _ClassVar[DiffStatusEnum.DiffStatus]
    UNKNOWN: DiffStatusEnum.DiffStatus
    ADDED: DiffStatusEnum.DiffStatus
    DELETED: DiffStatusEnum.DiffStatus
    MODIFIED: DiffStatusEnum.DiffStatus
    CONFLICTED: DiffStatusEnum.DiffStatus
    def __init__(self) -> None: ...

class CodeBlob(_message.Message):
    __slots__ = ("git", "notebook")
    GIT_FIELD_NUMBER: _ClassVar[int]
    NOTEBOOK_FIELD_NUMBER: _ClassVar[int]
    git: GitCodeBlob
    notebook: NotebookCodeBlob
    def __init__(self, git: _Optional[_Union[GitCodeBlob, _Mapping]] = ..., notebook: _Optional[_Union[NotebookCodeBlob, _Mapping]] = ...) -> None: ...

class GitCodeBlob(_message.Message):
    __slots__ = ("repo", "hash", "branch", "tag", "is_dirty")
    REPO_FIELD_NUMBER: _ClassVar[int]
    HASH_FIELD_NUMBER: _ClassVar[int]
    BRANCH_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    IS_DIRTY_FIELD_NUMBER: _ClassVar[int]
    repo: str
    hash: str
    branch: str
    tag: str
    is_dirty: bool
    def __init__(self, repo: _Optional[str] = ..., hash: _Optional[str] = ..., branch: _Optional[str] = ..., tag: _Optional[str] = ..., is_dirty: _Optional[bool] = ...) -> None: ...

class NotebookCodeBlob(_message.Message):
    __slots__ = ("path", "git_repo")
    PATH_FIELD_NUMBER: _ClassVar[int]
    GIT_REPO_FIELD_NUMBER: _ClassVar[int]
    path: PathDatasetComponentBlob
    git_repo: GitCodeBlob
    def __init__(self, path: _Optional[_Union[PathDatasetComponentBlob, _Mapping]] = ..., git_repo: _Optional[_Union[GitCodeBlob, _Mapping]] = ...) -> None: ...

class ConfigBlob(_message.Message):
    __slots__ = ("hyperparameter_set", "hyperparameters")
    HYPERPARAMETER_SET_FIELD_NUMBER: _ClassVar[int]
    HYPERPARAMETERS_FIELD_NUMBER: _ClassVar[int]
    hyperparameter_set: _containers.RepeatedCompositeFieldContainer[HyperparameterSetConfigBlob]
    hyperparameters: _containers.RepeatedCompositeFieldContainer[HyperparameterConfigBlob]
    def __init__(self, hyperparameter_set: _Optional[_Iterable[_Union[HyperparameterSetConfigBlob, _Mapping]]] = ..., hyperparameters: _Optional[_Iterable[_Union[HyperparameterConfigBlob, _Mapping]]] = ...) -> None: ...

class HyperparameterConfigBlob(_message.Message):
    __slots__ = ("name", "value")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    name: str
    value: HyperparameterValuesConfigBlob
    def __init__(self, name: _Optional[str] = ..., value: _Optional[_Union[HyperparameterValuesConfigBlob, _Mapping]] = ...) -> None: ...

class HyperparameterValuesConfigBlob(_message.Message):
    __slots__ = ("int_value", "float_value", "string_value")
    INT_VALUE_FIELD_NUMBER: _ClassVar[int]
    FLOAT_VALUE_FIELD_NUMBER: _ClassVar[int]
    STRING_VALUE_FIELD_NUMBER: _ClassVar[int]
    int_value: int
    float_value: float
    string_value: str
    def __init__(self, int_value: _Optional[int] = ..., float_value: _Optional[float] = ..., string_value: _Optional[str] = ...) -> None: ...

class HyperparameterSetConfigBlob(_message.Message):
    __slots__ = ("name", "continuous", "discrete")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CONTINUOUS_FIELD_NUMBER: _ClassVar[int]
    DISCRETE_FIELD_NUMBER: _ClassVar[int]
    name: str
    continuous: ContinuousHyperparameterSetConfigBlob
    discrete: DiscreteHyperparameterSetConfigBlob
    def __init__(self, name: _Optional[str] = ..., continuous: _Optional[_Union[ContinuousHyperparameterSetConfigBlob, _Mapping]] = ..., discrete: _Optional[_Union[DiscreteHyperparameterSetConfigBlob, _Mapping]] = ...) -> None: ...

class ContinuousHyperparameterSetConfigBlob(_message.Message):
    __slots__ = ("interval_begin", "interval_end", "interval_step")
    INTERVAL_BEGIN_FIELD_NUMBER: _ClassVar[int]
    INTERVAL_END_FIELD_NUMBER: _ClassVar[int]
    INTERVAL_STEP_FIELD_NUMBER: _ClassVar[int]
    interval_begin: HyperparameterValuesConfigBlob
    interval_end: HyperparameterValuesConfigBlob
    interval_step: HyperparameterValuesConfigBlob
    def __init__(self, interval_begin: _Optional[_Union[HyperparameterValuesConfigBlob, _Mapping]] = ..., interval_end: _Optional[_Union[HyperparameterValuesConfigBlob, _Mapping]] = ..., interval_step: _Optional[_Union[HyperparameterValuesConfigBlob, _Mapping]] = ...) -> None: ...

class DiscreteHyperparameterSetConfigBlob(_message.Message):
    __slots__ = ("values",)
    VALUES_FIELD_NUMBER: _ClassVar[int]
    values: _containers.RepeatedCompositeFieldContainer[HyperparameterValuesConfigBlob]
    def __init__(self, values: _Optional[_Iterable[_Union[HyperparameterValuesConfigBlob, _Mapping]]] = ...) -> None: ...

class DatasetDiff(_message.Message):
    __slots__ = ("s3", "path", "query")
    S3_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    s3: S3DatasetDiff
    path: PathDatasetDiff
    query: QueryDatasetDiff
    def __init__(self, s3: _Optional[_Union[S3DatasetDiff, _Mapping]] = ..., path: _Optional[_Union[PathDatasetDiff, _Mapping]] = ..., query: _Optional[_Union[QueryDatasetDiff, _Mapping]] = ...) -> None: ...

class QueryDatasetComponentDiff(_message.Message):
    __slots__ = ("status", "A", "B", "C")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    A_FIELD_NUMBER: _ClassVar[int]
    B_FIELD_NUMBER: _ClassVar[int]
    C_FIELD_NUMBER: _ClassVar[int]
    status: DiffStatusEnum.DiffStatus
    A: QueryDatasetComponentBlob
    B: QueryDatasetComponentBlob
    C: QueryDatasetComponentBlob
    def __init__(self, status: _Optional[_Union[DiffStatusEnum.DiffStatus, str]] = ..., A: _Optional[_Union[QueryDatasetComponentBlob, _Mapping]] = ..., B: _Optional[_Union[QueryDatasetComponentBlob, _Mapping]] = ..., C: _Optional[_Union[QueryDatasetComponentBlob, _Mapping]] = ...) -> None: ...

class QueryDatasetDiff(_message.Message):
    __slots__ = ("components",)
    COMPONENTS_FIELD_NUMBER: _ClassVar[int]
    components: _containers.RepeatedCompositeFieldContainer[QueryDatasetComponentDiff]
    def __init__(self, components: _Optional[_Iterable[_Union[QueryDatasetComponentDiff, _Mapping]]] = ...) -> None: ...

class PathDatasetComponentDiff(_message.Message):
    __slots__ = ("status", "A", "B", "C")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    A_FIELD_NUMBER: _ClassVar[int]
    B_FIELD_NUMBER: _ClassVar[int]
    C_FIELD_NUMBER: _ClassVar[int]
    status: DiffStatusEnum.DiffStatus
    A: PathDatasetComponentBlob
    B: PathDatasetComponentBlob
    C: PathDatasetComponentBlob
    def __init__(self, status: _Optional[_Union[DiffStatusEnum.DiffStatus, str]] = ..., A: _Optional[_Union[PathDatasetComponentBlob, _Mapping]] = ..., B: _Optional[_Union[PathDatasetComponentBlob, _Mapping]] = ..., C: _Optional[_Union[PathDatasetComponentBlob, _Mapping]] = ...) -> None: ...

class PathDatasetDiff(_message.Message):
    __slots__ = ("components",)
    COMPONENTS_FIELD_NUMBER: _ClassVar[int]
    components: _containers.RepeatedCompositeFieldContainer[PathDatasetComponentDiff]
    def __init__(self, components: _Optional[_Iterable[_Union[PathDatasetComponentDiff, _Mapping]]] = ...) -> None: ...

class S3DatasetComponentDiff(_message.Message):
    __slots__ = ("status", "A", "B", "C")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    A_FIELD_NUMBER: _ClassVar[int]
    B_FIELD_NUMBER: _ClassVar[int]
    C_FIELD_NUMBER: _ClassVar[int]
    status: DiffStatusEnum.DiffStatus
    A: S3DatasetComponentBlob
    B: S3DatasetComponentBlob
    C: S3DatasetComponentBlob
    def __init__(self, status: _Optional[_Union[DiffStatusEnum.DiffStatus, str]] = ..., A: _Optional[_Union[S3DatasetComponentBlob, _Mapping]] = ..., B: _Optional[_Union[S3DatasetComponentBlob, _Mapping]] = ..., C: _Optional[_Union[S3DatasetComponentBlob, _Mapping]] = ...) -> None: ...

class S3DatasetDiff(_message.Message):
    __slots__ = ("components",)
    COMPONENTS_FIELD_NUMBER: _ClassVar[int]
    components: _containers.RepeatedCompositeFieldContainer[S3DatasetComponentDiff]
    def __init__(self, components: _Optional[_Iterable[_Union[S3DatasetComponentDiff, _Mapping]]] = ...) -> None: ...

class EnvironmentDiff(_message.Message):
    __slots__ = ("python", "docker", "environment_variables", "command_line")
    PYTHON_FIELD_NUMBER: _ClassVar[int]
    DOCKER_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENT_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    COMMAND_LINE_FIELD_NUMBER: _ClassVar[int]
    python: PythonEnvironmentDiff
    docker: DockerEnvironmentDiff
    environment_variables: _containers.RepeatedCompositeFieldContainer[EnvironmentVariablesDiff]
    command_line: CommandLineEnvironmentDiff
    def __init__(self, python: _Optional[_Union[PythonEnvironmentDiff, _Mapping]] = ..., docker: _Optional[_Union[DockerEnvironmentDiff, _Mapping]] = ..., environment_variables: _Optional[_Iterable[_Union[EnvironmentVariablesDiff, _Mapping]]] = ..., command_line: _Optional[_Union[CommandLineEnvironmentDiff, _Mapping]] = ...) -> None: ...

class CommandLineEnvironmentDiff(_message.Message):
    __slots__ = ("status", "A", "B", "C")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    A_FIELD_NUMBER: _ClassVar[int]
    B_FIELD_NUMBER: _ClassVar[int]
    C_FIELD_NUMBER: _ClassVar[int]
    status: DiffStatusEnum.DiffStatus
    A: _containers.RepeatedScalarFieldContainer[str]
    B: _containers.RepeatedScalarFieldContainer[str]
    C: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, status: _Optional[_Union[DiffStatusEnum.DiffStatus, str]] = ..., A: _Optional[_Iterable[str]] = ..., B: _Optional[_Iterable[str]] = ..., C: _Optional[_Iterable[str]] = ...) -> None: ...

class EnvironmentVariablesDiff(_message.Message):
    __slots__ = ("status", "A", "B", "C")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    A_FIELD_NUMBER: _ClassVar[int]
    B_FIELD_NUMBER: _ClassVar[int]
    C_FIELD_NUMBER: _ClassVar[int]
    status: DiffStatusEnum.DiffStatus
    A: EnvironmentVariablesBlob
    B: EnvironmentVariablesBlob
    C: EnvironmentVariablesBlob
    def __init__(self, status: _Optional[_Union[DiffStatusEnum.DiffStatus, str]] = ..., A: _Optional[_Union[EnvironmentVariablesBlob, _Mapping]] = ..., B: _Optional[_Union[EnvironmentVariablesBlob, _Mapping]] = ..., C: _Optional[_Union[EnvironmentVariablesBlob, _Mapping]] = ...) -> None: ...

class PythonRequirementEnvironmentDiff(_message.Message):
    __slots__ = ("status", "A", "B", "C")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    A_FIELD_NUMBER: _ClassVar[int]
    B_FIELD_NUMBER: _ClassVar[int]
    C_FIELD_NUMBER: _ClassVar[int]
    status: DiffStatusEnum.DiffStatus
    A: PythonRequirementEnvironmentBlob
    B: PythonRequirementEnvironmentBlob
    C: PythonRequirementEnvironmentBlob
    def __init__(self, status: _Optional[_Union[DiffStatusEnum.DiffStatus, str]] = ..., A: _Optional[_Union[PythonRequirementEnvironmentBlob, _Mapping]] = ..., B: _Optional[_Union[PythonRequirementEnvironmentBlob, _Mapping]] = ..., C: _Optional[_Union[PythonRequirementEnvironmentBlob, _Mapping]] = ...) -> None: ...

class VersionEnvironmentDiff(_message.Message):
    __slots__ = ("status", "A", "B", "C")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    A_FIELD_NUMBER: _ClassVar[int]
    B_FIELD_NUMBER: _ClassVar[int]
    C_FIELD_NUMBER: _ClassVar[int]
    status: DiffStatusEnum.DiffStatus
    A: VersionEnvironmentBlob
    B: VersionEnvironmentBlob
    C: VersionEnvironmentBlob
    def __init__(self, status: _Optional[_Union[DiffStatusEnum.DiffStatus, str]] = ..., A: _Optional[_Union[VersionEnvironmentBlob, _Mapping]] = ..., B: _Optional[_Union[VersionEnvironmentBlob, _Mapping]] = ..., C: _Optional[_Union[VersionEnvironmentBlob, _Mapping]] = ...) -> None: ...

class PythonEnvironmentDiff(_message.Message):
    __slots__ = ("version", "requirements", "constraints")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    REQUIREMENTS_FIELD_NUMBER: _ClassVar[int]
    CONSTRAINTS_FIELD_NUMBER: _ClassVar[int]
    version: VersionEnvironmentDiff
    requirements: _containers.RepeatedCompositeFieldContainer[PythonRequirementEnvironmentDiff]
    constraints: _containers.RepeatedCompositeFieldContainer[PythonRequirementEnvironmentDiff]
    def __init__(self, version: _Optional[_Union[VersionEnvironmentDiff, _Mapping]] = ..., requirements: _Optional[_Iterable[_Union[PythonRequirementEnvironmentDiff, _Mapping]]] = ..., constraints: _Optional[_Iterable[_Union[PythonRequirementEnvironmentDiff, _Mapping]]] = ...) -> None: ...

class DockerEnvironmentDiff(_message.Message):
    __slots__ = ("status", "A", "B", "C")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    A_FIELD_NUMBER: _ClassVar[int]
    B_FIELD_NUMBER: _ClassVar[int]
    C_FIELD_NUMBER: _ClassVar[int]
    status: DiffStatusEnum.DiffStatus
    A: DockerEnvironmentBlob
    B: DockerEnvironmentBlob
    C: DockerEnvironmentBlob
    def __init__(self, status: _Optional[_Union[DiffStatusEnum.DiffStatus, str]] = ..., A: _Optional[_Union[DockerEnvironmentBlob, _Mapping]] = ..., B: _Optional[_Union[DockerEnvironmentBlob, _Mapping]] = ..., C: _Optional[_Union[DockerEnvironmentBlob, _Mapping]] = ...) -> None: ...

class CodeDiff(_message.Message):
    __slots__ = ("git", "notebook")
    GIT_FIELD_NUMBER: _ClassVar[int]
    NOTEBOOK_FIELD_NUMBER: _ClassVar[int]
    git: GitCodeDiff
    notebook: NotebookCodeDiff
    def __init__(self, git: _Optional[_Union[GitCodeDiff, _Mapping]] = ..., notebook: _Optional[_Union[NotebookCodeDiff, _Mapping]] = ...) -> None: ...

class GitCodeDiff(_message.Message):
    __slots__ = ("status", "A", "B", "C")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    A_FIELD_NUMBER: _ClassVar[int]
    B_FIELD_NUMBER: _ClassVar[int]
    C_FIELD_NUMBER: _ClassVar[int]
    status: DiffStatusEnum.DiffStatus
    A: GitCodeBlob
    B: GitCodeBlob
    C: GitCodeBlob
    def __init__(self, status: _Optional[_Union[DiffStatusEnum.DiffStatus, str]] = ..., A: _Optional[_Union[GitCodeBlob, _Mapping]] = ..., B: _Optional[_Union[GitCodeBlob, _Mapping]] = ..., C: _Optional[_Union[GitCodeBlob, _Mapping]] = ...) -> None: ...

class NotebookCodeDiff(_message.Message):
    __slots__ = ("path", "git_repo")
    PATH_FIELD_NUMBER: _ClassVar[int]
    GIT_REPO_FIELD_NUMBER: _ClassVar[int]
    path: PathDatasetComponentDiff
    git_repo: GitCodeDiff
    def __init__(self, path: _Optional[_Union[PathDatasetComponentDiff, _Mapping]] = ..., git_repo: _Optional[_Union[GitCodeDiff, _Mapping]] = ...) -> None: ...

class ConfigDiff(_message.Message):
    __slots__ = ("hyperparameter_set", "hyperparameters")
    HYPERPARAMETER_SET_FIELD_NUMBER: _ClassVar[int]
    HYPERPARAMETERS_FIELD_NUMBER: _ClassVar[int]
    hyperparameter_set: _containers.RepeatedCompositeFieldContainer[HyperparameterSetConfigDiff]
    hyperparameters: _containers.RepeatedCompositeFieldContainer[HyperparameterConfigDiff]
    def __init__(self, hyperparameter_set: _Optional[_Iterable[_Union[HyperparameterSetConfigDiff, _Mapping]]] = ..., hyperparameters: _Optional[_Iterable[_Union[HyperparameterConfigDiff, _Mapping]]] = ...) -> None: ...

class HyperparameterSetConfigDiff(_message.Message):
    __slots__ = ("status", "A", "B", "C")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    A_FIELD_NUMBER: _ClassVar[int]
    B_FIELD_NUMBER: _ClassVar[int]
    C_FIELD_NUMBER: _ClassVar[int]
    status: DiffStatusEnum.DiffStatus
    A: HyperparameterSetConfigBlob
    B: HyperparameterSetConfigBlob
    C: HyperparameterSetConfigBlob
    def __init__(self, status: _Optional[_Union[DiffStatusEnum.DiffStatus, str]] = ..., A: _Optional[_Union[HyperparameterSetConfigBlob, _Mapping]] = ..., B: _Optional[_Union[HyperparameterSetConfigBlob, _Mapping]] = ..., C: _Optional[_Union[HyperparameterSetConfigBlob, _Mapping]] = ...) -> None: ...

class HyperparameterConfigDiff(_message.Message):
    __slots__ = ("status", "A", "B", "C")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    A_FIELD_NUMBER: _ClassVar[int]
    B_FIELD_NUMBER: _ClassVar[int]
    C_FIELD_NUMBER: _ClassVar[int]
    status: DiffStatusEnum.DiffStatus
    A: HyperparameterConfigBlob
    B: HyperparameterConfigBlob
    C: HyperparameterConfigBlob
    def __init__(self, status: _Optional[_Union[DiffStatusEnum.DiffStatus, str]] = ..., A: _Optional[_Union[HyperparameterConfigBlob, _Mapping]] = ..., B: _Optional[_Union[HyperparameterConfigBlob, _Mapping]] = ..., C: _Optional[_Union[HyperparameterConfigBlob, _Mapping]] = ...) -> None: ...
