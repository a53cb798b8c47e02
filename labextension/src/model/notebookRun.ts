/**
 * The run of a notebook: runs created in a kernel carry the attributes `jupyter.kernel_id` and
 * `jupyter.notebook_path`; their lifecycle (RUNNING, FINISHED, ...) comes with queryRuns' states.
 */
import type { ModelDBClient } from '../api/client';
import type { ExperimentRun, RunState, RunStatus } from '../api/types';
import { queryKey, queryLiteral } from './format';

export const KERNEL_ID_ATTRIBUTE = 'jupyter.kernel_id';
export const NOTEBOOK_PATH_ATTRIBUTE = 'jupyter.notebook_path';
/** Where runs name their notebook: the client's attribute, then the one the %modeldb magics log. */
export const NOTEBOOK_PATH_ATTRIBUTES = [NOTEBOOK_PATH_ATTRIBUTE, 'notebook.path'];
/** The magics' summary of the notebook snapshot they attach (cells, source, stored). */
export const SNAPSHOT_ATTRIBUTE = 'notebook.snapshot';

export interface NotebookRun {
  run: ExperimentRun;
  status: RunStatus | undefined;
}

/** How many of a kernel's most recent runs are looked at. */
const RECENT = 20;

async function recentRuns(client: ModelDBClient, query: string): Promise<NotebookRun[]> {
  const result = await client.queryRuns({
    query,
    order_by: ['-date_created'],
    page_number: 1,
    page_limit: RECENT,
    columns: ['attributes']
  });
  const states = new Map<string, RunState>(result.states.map(s => [s.run_id, s]));
  return result.runs.map(run => ({ run, status: states.get(run.id)?.status }));
}

function kernelQuery(kernelId: string): string {
  return `${queryKey('attributes', KERNEL_ID_ATTRIBUTE)} == ${queryLiteral(kernelId)}`;
}

/** The newest RUNNING run started in this kernel, if any. */
export async function activeRunOfKernel(client: ModelDBClient, kernelId: string): Promise<NotebookRun | undefined> {
  const runs = await recentRuns(client, kernelQuery(kernelId));
  return runs.find(r => r.status === 'RUNNING');
}

/**
 * Whether a run's recorded notebook path is the notebook at `path` (relative to the server root, as Lab names
 * it): the same path, or an absolute one ending in it (kernels see their notebook's absolute path).
 */
export function sameNotebook(recorded: string, path: string): boolean {
  const clean = path.replace(/^\/+/, '');
  return recorded === clean || recorded.endsWith(`/${clean}`);
}

function notebookPathOf(run: ExperimentRun): string | undefined {
  for (const key of NOTEBOOK_PATH_ATTRIBUTES) {
    const value = run.attributes?.find(kv => kv.key === key)?.value;
    if (typeof value === 'string') {
      return value;
    }
  }
  return undefined;
}

/**
 * The run to open for a notebook: the kernel's active run, else the kernel's newest run, else the newest run
 * logged from the same notebook path (an earlier kernel of the notebook).
 */
export async function runOfNotebook(
  client: ModelDBClient,
  kernelId: string | undefined,
  notebookPath: string | undefined
): Promise<NotebookRun | undefined> {
  if (kernelId) {
    const runs = await recentRuns(client, kernelQuery(kernelId));
    const found = runs.find(r => r.status === 'RUNNING') ?? runs[0];
    if (found) {
      return found;
    }
  }
  if (notebookPath) {
    const name = notebookPath.split('/').pop() ?? notebookPath;
    const query = NOTEBOOK_PATH_ATTRIBUTES.map(key => `${queryKey('attributes', key)} contains ${queryLiteral(name)}`);
    const runs = (await recentRuns(client, query.join(' or '))).filter(r => {
      const recorded = notebookPathOf(r.run);
      return recorded !== undefined && sameNotebook(recorded, notebookPath);
    });
    return runs.find(r => r.status === 'RUNNING') ?? runs[0];
  }
  return undefined;
}
