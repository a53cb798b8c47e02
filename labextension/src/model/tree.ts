/** The side panel's tree: projects (with experiment and run counts) and, once expanded, their experiments. */
import { int64, type ModelDBClient } from '../api/client';
import type { Experiment, Project } from '../api/types';

export interface ProjectNode {
  project: Project;
  experimentCount: number;
  runCount: number;
}

export interface ExperimentNode {
  experiment: Experiment;
  runCount: number;
}

/** At most this many count requests in flight at once. */
const CONCURRENCY = 6;

/** `fn` over `items` with bounded concurrency, results in input order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  fn: (item: T) => Promise<R>,
  limit = CONCURRENCY
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function loadProjects(client: ModelDBClient): Promise<ProjectNode[]> {
  const { items } = await client.findProjects();
  return mapLimited(items, async project => {
    const summary = await client.getSummary(project.id);
    return {
      project,
      experimentCount: int64(summary.total_experiment),
      runCount: int64(summary.total_experiment_runs)
    };
  });
}

export async function loadExperiments(client: ModelDBClient, projectId: string): Promise<ExperimentNode[]> {
  const { items } = await client.findExperiments(projectId);
  return mapLimited(items, async experiment => ({
    experiment,
    runCount: await client.countRuns(experiment.id)
  }));
}
