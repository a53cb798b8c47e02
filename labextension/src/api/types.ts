/**
 * Wire types of the ModelDB REST API as grpc-gateway serves them: snake_case field names, 64-bit integers as
 * strings, enums as names, default values omitted (hence every field optional but the ids).
 *
 * Transcribed from backend/protos (the single source of truth); only the fields the panel reads are listed.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** int64/uint64 on the wire: a decimal string (numbers are accepted too). */
export type Int64 = string | number;

export type ValueType = 'STRING' | 'NUMBER' | 'LIST' | 'BLOB';

export interface KeyValue {
  key: string;
  value?: JsonValue;
  value_type?: ValueType;
}

export type ArtifactType = 'IMAGE' | 'MODEL' | 'TENSORBOARD' | 'DATA' | 'BLOB' | 'STRING' | 'CODE' | 'CONTAINER';

export interface Artifact {
  key: string;
  path?: string;
  path_only?: boolean;
  artifact_type?: ArtifactType;
  linked_artifact_id?: string;
  filename_extension?: string;
  serialization?: string;
  artifact_subtype?: string;
  upload_completed?: boolean;
}

export interface Observation {
  attribute?: KeyValue;
  artifact?: Artifact;
  timestamp?: Int64;
  epoch_number?: JsonValue;
}

export type Ternary = 'UNKNOWN' | 'TRUE' | 'FALSE';

export interface GitSnapshot {
  filepaths?: string[];
  repo?: string;
  hash?: string;
  is_dirty?: Ternary;
}

export interface CodeVersion {
  git_snapshot?: GitSnapshot;
  code_archive?: Artifact;
  date_logged?: Int64;
}

export interface VersionBlob {
  major?: number;
  minor?: number;
  patch?: number;
  suffix?: string;
}

export interface PythonRequirement {
  library?: string;
  constraint?: string;
  version?: VersionBlob;
}

export interface EnvironmentBlob {
  python?: {
    version?: VersionBlob;
    requirements?: PythonRequirement[];
    constraints?: PythonRequirement[];
    raw_requirements?: string;
    raw_constraints?: string;
  };
  docker?: { repository?: string; tag?: string; sha?: string };
  environment_variables?: { name?: string; value?: string }[];
  command_line?: string[];
  apt?: { packages?: string[] };
}

export interface Project {
  id: string;
  name?: string;
  description?: string;
  date_created?: Int64;
  date_updated?: Int64;
  tags?: string[];
  attributes?: KeyValue[];
  owner?: string;
}

export interface Experiment {
  id: string;
  project_id?: string;
  name?: string;
  description?: string;
  date_created?: Int64;
  date_updated?: Int64;
  tags?: string[];
  attributes?: KeyValue[];
  owner?: string;
}

export interface ExperimentRun {
  id: string;
  project_id?: string;
  experiment_id?: string;
  name?: string;
  description?: string;
  date_created?: Int64;
  date_updated?: Int64;
  start_time?: Int64;
  end_time?: Int64;
  code_version?: string;
  code_version_snapshot?: CodeVersion;
  parent_id?: string;
  environment?: EnvironmentBlob;
  tags?: string[];
  attributes?: KeyValue[];
  hyperparameters?: KeyValue[];
  artifacts?: Artifact[];
  datasets?: Artifact[];
  metrics?: KeyValue[];
  observations?: Observation[];
  job_id?: string;
  owner?: string;
  version_number?: Int64;
}

export type RunStatus = 'RUN_STATUS_UNSPECIFIED' | 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface RunState {
  run_id: string;
  status?: RunStatus;
  start_time?: Int64;
  end_time?: Int64;
  heartbeat?: Int64;
  heartbeat_timeout_ms?: Int64;
}

export interface MetricSeries {
  run_id: string;
  key: string;
  steps?: Int64[];
  values?: number[];
  timestamps?: Int64[];
}

/** A series reduced to step buckets (downsampleMetricHistory): parallel arrays, one entry per non-empty bucket. */
export interface DownsampledSeries {
  run_id: string;
  key: string;
  step_from?: Int64;
  bucket_width?: Int64;
  points?: Int64;
  buckets?: Int64[];
  counts?: Int64[];
  first_steps?: Int64[];
  first_values?: number[];
  last_steps?: Int64[];
  last_values?: number[];
  min_values?: number[];
  max_values?: number[];
}

export interface AuditRecord {
  id: Int64;
  timestamp?: Int64;
  actor?: string;
  action?: string;
  entity_type?: string;
  entity_id?: string;
  changes?: JsonObject;
}

export interface Comment {
  id: string;
  date_time?: Int64;
  message?: string;
  user_id?: string;
  verta_id?: string;
}

export type DatasetType = 'RAW' | 'PATH' | 'QUERY';

export interface Dataset {
  id: string;
  name?: string;
  owner?: string;
  description?: string;
  tags?: string[];
  dataset_type?: DatasetType;
  attributes?: KeyValue[];
  time_created?: Int64;
  time_updated?: Int64;
}

export interface PathComponent {
  path?: string;
  size?: Int64;
  last_modified_at_source?: Int64;
  sha256?: string;
  md5?: string;
  internal_versioned_path?: string;
  base_path?: string;
}

export interface DatasetBlob {
  s3?: { components?: { path?: PathComponent; s3_version_id?: string }[] };
  path?: { components?: PathComponent[] };
  query?: { components?: { query?: string; data_source_uri?: string; num_records?: Int64 }[] };
}

export interface DatasetVersion {
  id: string;
  parent_id?: string;
  dataset_id?: string;
  time_logged?: Int64;
  time_updated?: Int64;
  description?: string;
  tags?: string[];
  dataset_type?: DatasetType;
  attributes?: KeyValue[];
  owner?: string;
  version?: Int64;
  raw_dataset_version_info?: { size?: Int64; features?: string[]; num_records?: Int64; object_path?: string };
  path_dataset_version_info?: { size?: Int64; base_path?: string; dataset_part_infos?: PathComponent[] };
  query_dataset_version_info?: { query?: string; data_source_uri?: string; num_records?: Int64 };
  dataset_blob?: DatasetBlob;
}

export interface ProjectSummary {
  name?: string;
  last_updated_time?: Int64;
  total_experiment?: Int64;
  total_experiment_runs?: Int64;
  last_modified_experimentRun_summary?: { name?: string; last_updated_time?: Int64 };
  metrics?: { key: string; min_value?: number; max_value?: number }[];
}

/** ExtensionService.queryRuns (modeldb_jupyter.v1.QueryRuns). */
export interface QueryRunsRequest {
  project_id?: string;
  experiment_id?: string;
  experiment_run_ids?: string[];
  query?: string;
  order_by?: string[];
  page_number?: number;
  page_limit?: number;
  ids_only?: boolean;
  columns?: string[];
}

export interface QueryRunsResponse {
  experiment_runs?: ExperimentRun[];
  total_records?: Int64;
  states?: RunState[];
}

export interface GetUrlForArtifactResponse {
  url?: string;
  fields?: Record<string, string>;
}

/** The error body of every failed call: `{"error", "code", "message", "details"}`. */
export interface ErrorBody {
  error?: string;
  code?: number;
  message?: string;
}
