/** What every view gets: the API client and the way to open the other views. */
import type { ModelDBClient } from '../api/client';
import type { RunsScope } from '../model/runsTable';

export interface RunsTarget extends RunsScope {
  /** Shown as the view's title, e.g. "demo / exp1". */
  title: string;
}

/** A versioning repository to open; `commitSha` selects that commit (its ancestry becomes the log). */
export interface RepositoryTarget {
  repoId: string;
  name?: string;
  commitSha?: string;
}

/** A registered model of the registry (its versions table). */
export interface ModelTarget {
  modelId: string;
  name?: string;
}

/** One model version (its stage history, artifacts and lineage back to its run). */
export interface ModelVersionTarget {
  versionId: string;
  name?: string;
}

export interface Opener {
  runs(target: RunsTarget): void;
  run(runId: string): void;
  compare(runIds: string[]): void;
  datasets(): void;
  repository(target: RepositoryTarget): void;
  model(target: ModelTarget): void;
  modelVersion(target: ModelVersionTarget): void;
}

export interface ModelDBContext {
  client: ModelDBClient;
  open: Opener;
}
