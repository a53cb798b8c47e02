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

export interface Opener {
  runs(target: RunsTarget): void;
  run(runId: string): void;
  compare(runIds: string[]): void;
  datasets(): void;
  repository(target: RepositoryTarget): void;
}

export interface ModelDBContext {
  client: ModelDBClient;
  open: Opener;
}
