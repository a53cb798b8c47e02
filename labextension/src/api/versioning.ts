/**
 * VersioningService (repositories, commits, branches, tags, log, blobs, diff), the run ↔ commit link
 * (getVersionedInput) and LineageService, as the panel reads them. Paths are the protos' google.api.http
 * bindings by repository id (`/v1/versioning/repositories/{repository_id.repo_id}/...`).
 */
import type { ModelDBHttp } from './http';
import type { Dataset, DatasetBlob, DatasetVersion, EnvironmentBlob, Int64, JsonValue, KeyValue } from './types';
import { int64 } from './client';

export interface Repository {
  id: Int64;
  name?: string;
  description?: string;
  date_created?: Int64;
  date_updated?: Int64;
  owner?: string;
  workspace_id?: string;
  attributes?: KeyValue[];
}

export interface Commit {
  commit_sha?: string;
  parent_shas?: string[];
  message?: string;
  date_created?: Int64;
  date_updated?: Int64;
  author?: string;
}

export interface GitCodeBlob {
  repo?: string;
  hash?: string;
  branch?: string;
  tag?: string;
  is_dirty?: boolean;
}

export interface CodeBlob {
  git?: GitCodeBlob;
  notebook?: { path?: { path?: string; size?: Int64; sha256?: string }; git_repo?: GitCodeBlob };
}

export interface HyperparameterValue {
  int_value?: Int64;
  float_value?: number;
  string_value?: string;
}

export interface ConfigBlob {
  hyperparameters?: { name?: string; value?: HyperparameterValue }[];
  hyperparameter_set?: {
    name?: string;
    continuous?: {
      interval_begin?: HyperparameterValue;
      interval_end?: HyperparameterValue;
      interval_step?: HyperparameterValue;
    };
    discrete?: { values?: HyperparameterValue[] };
  }[];
}

/** Exactly one kind is set. */
export interface Blob {
  dataset?: DatasetBlob;
  environment?: EnvironmentBlob;
  code?: CodeBlob;
  config?: ConfigBlob;
}

export interface BlobExpanded {
  location?: string[];
  blob?: Blob;
  attributes?: KeyValue[];
}

export type DiffStatus = 'UNKNOWN' | 'ADDED' | 'DELETED' | 'MODIFIED' | 'CONFLICTED';

/** A blob's change between two snapshots; the typed part mirrors the blob with `{status, A, B, C}` leaves. */
export interface BlobDiff {
  location?: string[];
  status?: DiffStatus;
  dataset?: { [key: string]: JsonValue };
  environment?: { [key: string]: JsonValue };
  code?: { [key: string]: JsonValue };
  config?: { [key: string]: JsonValue };
}

export interface VersioningEntry {
  repository_id?: Int64;
  commit?: string;
  key_location_map?: { [key: string]: { location?: string[] } };
}

export type LineageType = 'UNKNOWN' | 'EXPERIMENT_RUN' | 'DATASET_VERSION';

export interface LineageEntry {
  type?: LineageType;
  external_id?: string;
}

export interface RunLineage {
  inputs: LineageEntry[];
  outputs: LineageEntry[];
}

/** The largest page ListRepositories accepts (1..100). */
export const REPOSITORY_PAGE_LIMIT = 100;

/** Path segments are user names (branches, tags): escaped so "/" or "?" stay inside the segment. */
function seg(value: string | number): string {
  return encodeURIComponent(String(value));
}

/** What the panel reads about versioning, one method per RPC. */
export class VersioningApi {
  constructor(readonly http: ModelDBHttp) {}

  private repo(repoId: Int64, ...rest: string[]): string {
    return ['versioning/repositories', seg(repoId), ...rest].join('/');
  }

  /** Repositories of the workspace, most recently updated first (the first 100; `total` counts all). */
  async listRepositories(): Promise<{ items: Repository[]; total: number }> {
    const r = await this.http.call<{ repositories?: Repository[]; total_records?: Int64 }>(
      'GET',
      'versioning/repositories',
      { pagination: { page_number: 1, page_limit: REPOSITORY_PAGE_LIMIT } }
    );
    const items = r.repositories ?? [];
    return { items, total: Math.max(int64(r.total_records), items.length) };
  }

  async getRepository(repoId: Int64): Promise<Repository> {
    const r = await this.http.call<{ repository?: Repository }>('GET', this.repo(repoId));
    return r.repository ?? { id: repoId };
  }

  async listBranches(repoId: Int64): Promise<string[]> {
    const r = await this.http.call<{ branches?: string[] }>('GET', this.repo(repoId, 'branches'));
    return r.branches ?? [];
  }

  async listTags(repoId: Int64): Promise<string[]> {
    const r = await this.http.call<{ tags?: string[] }>('GET', this.repo(repoId, 'tags'));
    return r.tags ?? [];
  }

  async getBranch(repoId: Int64, branch: string): Promise<Commit> {
    const r = await this.http.call<{ commit?: Commit }>('GET', this.repo(repoId, 'branches', seg(branch)));
    return r.commit ?? {};
  }

  async getTag(repoId: Int64, tag: string): Promise<Commit> {
    const r = await this.http.call<{ commit?: Commit }>('GET', this.repo(repoId, 'tags', seg(tag)));
    return r.commit ?? {};
  }

  async getCommit(repoId: Int64, sha: string): Promise<Commit> {
    const r = await this.http.call<{ commit?: Commit }>('GET', this.repo(repoId, 'commits', seg(sha)));
    return r.commit ?? { commit_sha: sha };
  }

  /** The branch head (or the commit) and all its ancestors, newest first. */
  async log(repoId: Int64, from: { branch: string } | { commitSha: string }): Promise<Commit[]> {
    const path =
      'branch' in from
        ? this.repo(repoId, 'branches', seg(from.branch), 'log')
        : this.repo(repoId, 'commits', seg(from.commitSha), 'log');
    const r = await this.http.call<{ commits?: Commit[] }>('GET', path);
    return r.commits ?? [];
  }

  async listCommitBlobs(repoId: Int64, sha: string): Promise<BlobExpanded[]> {
    const r = await this.http.call<{ blobs?: BlobExpanded[] }>('GET', this.repo(repoId, 'commits', seg(sha), 'blobs'));
    return r.blobs ?? [];
  }

  /** What changed from commit A to commit B. */
  async diff(repoId: Int64, commitA: string, commitB: string): Promise<BlobDiff[]> {
    const r = await this.http.call<{ diffs?: BlobDiff[] }>('GET', this.repo(repoId, 'diff'), {
      commit_a: commitA,
      commit_b: commitB
    });
    return r.diffs ?? [];
  }

  /** The commit a run was linked to with logVersionedInput; undefined when it has none. */
  async versionedInputs(runId: string): Promise<VersioningEntry | undefined> {
    const r = await this.http.call<{ versioned_inputs?: VersioningEntry }>('GET', 'experiment-run/getVersionedInput', {
      id: runId
    });
    const entry = r.versioned_inputs;
    return entry && entry.commit ? entry : undefined;
  }

  /** "<dataset name> v<version>" for a lineage entry naming one of our dataset versions. */
  async datasetVersionName(id: string): Promise<string> {
    const { dataset_version: version } = await this.http.call<{ dataset_version?: DatasetVersion }>(
      'GET',
      'dataset-version/getDatasetVersionById',
      { id }
    );
    if (!version?.dataset_id) {
      return id;
    }
    const { dataset } = await this.http.call<{ dataset?: Dataset }>('GET', 'dataset/getDatasetById', {
      id: version.dataset_id
    });
    return `${dataset?.name ?? version.dataset_id} v${int64(version.version)}`;
  }

  /** What the run was made from and what it made (LineageService findAllInputsOutputs for the one run). */
  async runLineage(runId: string): Promise<RunLineage> {
    const r = await this.http.call<{ inputs?: { items?: LineageEntry[] }[]; outputs?: { items?: LineageEntry[] }[] }>(
      'POST',
      'lineage/findAllInputsOutputs',
      { items: [{ type: 'EXPERIMENT_RUN', external_id: runId }] }
    );
    return { inputs: r.inputs?.[0]?.items ?? [], outputs: r.outputs?.[0]?.items ?? [] };
  }
}
