/**
 * The model registry as the panel reads it: RegistryService (registered models, model versions, their artifacts)
 * and StageService (a version's activities, stage updates). The gateway serves both under `api/v1/registry`
 * (ModelDB's client paths; the protos' `/v1/registry/...` bindings).
 */
import type { ModelDBHttp } from './http';
import type { Artifact, EnvironmentBlob, GetUrlForArtifactResponse, Int64, KeyValue, Ternary } from './types';
import type { CodeBlob, VersioningEntry } from './versioning';
import { int64 } from './client';

export const REGISTRY_PREFIX = 'api/v1/registry';

export type Stage = 'UNKNOWN' | 'DEVELOPMENT' | 'STAGING' | 'PRODUCTION' | 'ARCHIVED' | 'UNASSIGNED';
export type LockLevel = 'UNKNOWN' | 'OPEN' | 'CLOSED' | 'REDACT';
export type TransitionState = 'UNKNOWN' | 'APPROVED' | 'REJECTED' | 'PENDING' | 'CLOSED' | 'COMMITTED';

/**
 * The stages a version can be moved to (StageService refuses UNKNOWN, the proto's error value, and UNASSIGNED,
 * which only marks a version whose stage was never set).
 */
export const STAGES: readonly Stage[] = ['DEVELOPMENT', 'STAGING', 'PRODUCTION', 'ARCHIVED'];

export interface RegisteredModel {
  id: Int64;
  name?: string;
  time_created?: Int64;
  time_updated?: Int64;
  description?: string;
  labels?: string[];
  owner?: string;
  readme_text?: string;
  attributes?: KeyValue[];
  task_type?: string;
  data_type?: string;
  pii?: boolean;
}

export interface ModelVersion {
  id: Int64;
  registered_model_id?: Int64;
  version?: string;
  time_created?: Int64;
  time_updated?: Int64;
  description?: string;
  experiment_run_id?: string;
  labels?: string[];
  model?: Artifact;
  environment?: EnvironmentBlob;
  artifacts?: Artifact[];
  datasets?: Artifact[];
  code_blob_map?: { [key: string]: CodeBlob };
  archived?: Ternary;
  readme_text?: string;
  owner?: string;
  attributes?: KeyValue[];
  stage?: Stage;
  lock_level?: LockLevel;
}

export interface Transition {
  id?: Int64;
  source_stage?: Stage;
  desired_stage?: Stage;
  state?: TransitionState;
}

/** One entry of a version's stage history: exactly one of the kinds is set. */
export interface Activity {
  id?: Int64;
  model_version_id?: Int64;
  author_id?: string;
  time_created?: Int64;
  comment?: string;
  transition?: Transition;
  approval?: object;
  rejection?: object;
  close?: object;
  update?: { stage?: Stage };
  activity_state?: TransitionState;
}

/** A version registered from a run, as the run's view lists it. */
export interface RunModelVersion {
  registered_model_id?: Int64;
  registered_model_name?: string;
  model_version_id?: Int64;
  version?: string;
  stage?: Stage;
  time_created?: Int64;
}

/** A version's source run; all fields absent when it was not registered from a run. */
export interface ModelVersionSource {
  experiment_run_id?: string;
  experiment_run_name?: string;
  project_id?: string;
  experiment_id?: string;
  run_deleted?: boolean;
  versioned_inputs?: VersioningEntry;
  datasets?: Artifact[];
}

/** A registered model with its number of versions and its newest version (absent when it has none). */
export interface ModelSummary {
  model: RegisteredModel;
  versionCount: number;
  newest: ModelVersion | undefined;
}

/** The most models and versions the panel lists at once. */
export const REGISTRY_PAGE_LIMIT = 100;

/** Newest first: the order of the versions table and of the "newest version" of a model. */
const NEWEST_FIRST = { sort_key: 'time_created', ascending: false };

function seg(value: Int64): string {
  return encodeURIComponent(String(value));
}

/** What the panel reads about the registry, one method per RPC. */
export class RegistryApi {
  constructor(readonly http: ModelDBHttp) {}

  private call<T>(method: 'GET' | 'POST', path: string, request: object = {}): Promise<T> {
    return this.http.call<T>(method, path, { ...(request as { [key: string]: never }) }, REGISTRY_PREFIX);
  }

  /** The workspace's registered models, most recently updated first (`total` counts them all). */
  async findModels(): Promise<{ items: RegisteredModel[]; total: number }> {
    const r = await this.call<{ registered_models?: RegisteredModel[]; total_records?: Int64 }>(
      'POST',
      'registered_models/find',
      { pagination: { page_number: 1, page_limit: REGISTRY_PAGE_LIMIT }, sort_key: 'time_updated', ascending: false }
    );
    const items = r.registered_models ?? [];
    return { items, total: Math.max(int64(r.total_records), items.length) };
  }

  async getModel(modelId: Int64): Promise<RegisteredModel> {
    const r = await this.call<{ registered_model?: RegisteredModel }>('GET', `registered_models/${seg(modelId)}`);
    return r.registered_model ?? { id: modelId };
  }

  /** A model's versions, newest first (the first `limit`; `total` counts them all). */
  async findVersions(modelId: Int64, limit = REGISTRY_PAGE_LIMIT): Promise<{ items: ModelVersion[]; total: number }> {
    const r = await this.call<{ model_versions?: ModelVersion[]; total_records?: Int64 }>(
      'POST',
      `registered_models/${seg(modelId)}/model_versions/find`,
      { pagination: { page_number: 1, page_limit: limit }, ...NEWEST_FIRST }
    );
    const items = r.model_versions ?? [];
    return { items, total: Math.max(int64(r.total_records), items.length) };
  }

  /** A model with its version count and newest version (one find of one row: the count is total_records). */
  async summary(model: RegisteredModel): Promise<ModelSummary> {
    const { items, total } = await this.findVersions(model.id, 1);
    return { model, versionCount: total, newest: items[0] };
  }

  async getVersion(versionId: Int64): Promise<ModelVersion> {
    const r = await this.call<{ model_version?: ModelVersion }>('GET', `model_versions/${seg(versionId)}`);
    if (!r.model_version) {
      throw new Error(`model version ${versionId} was not returned`);
    }
    return r.model_version;
  }

  /** The live versions registered from a run, oldest first (ExtensionService listRunModelVersions). */
  async versionsOfRun(runId: string): Promise<RunModelVersion[]> {
    const r = await this.http.call<{ model_versions?: RunModelVersion[] }>('POST', 'ext/listRunModelVersions', {
      experiment_run_id: runId
    });
    return r.model_versions ?? [];
  }

  /**
   * Where a version came from: its run (named, or marked deleted), the commit the run used and the dataset
   * versions it linked (ExtensionService getModelVersionSource).
   */
  getSource(versionId: Int64): Promise<ModelVersionSource> {
    return this.http.call<ModelVersionSource>('POST', 'ext/getModelVersionSource', {
      model_version_id: String(versionId)
    });
  }

  /** A version's stage history (updates, transitions, comments), as StageService lists it. */
  async activities(versionId: Int64): Promise<Activity[]> {
    const r = await this.call<{ activities?: Activity[] }>('POST', 'stage/findActivities', {
      model_version_id: String(versionId)
    });
    return r.activities ?? [];
  }

  /** Put a version in `stage` (StageService updateStage; the comment goes into its history). */
  updateStage(versionId: Int64, stage: Stage, comment: string): Promise<Activity> {
    return this.call<Activity>('POST', 'stage/updateStage', { model_version_id: String(versionId), stage, comment });
  }

  /** A download URL for one of a version's artifacts (`model` is the version's model artifact). */
  async artifactUrl(versionId: Int64, key: string, artifactType?: string): Promise<string> {
    const r = await this.call<GetUrlForArtifactResponse>('POST', `model_versions/${seg(versionId)}/getUrlForArtifact`, {
      key,
      method: 'GET',
      artifact_type: artifactType
    });
    if (!r.url) {
      throw new Error(`no download URL for artifact ${key}`);
    }
    return r.url;
  }
}
