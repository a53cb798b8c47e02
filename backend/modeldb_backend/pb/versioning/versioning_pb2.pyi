from google.protobuf.internal import containers as _containers
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
