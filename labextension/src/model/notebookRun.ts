/**
 * The run of a notebook: runs created in a kernel carry the attributes `jupyter.kernel_id` and
 * `jupyter.notebook_path`; their lifecycle (RUNNING, FINISHED, ...) comes with queryRuns' states.
 */
import type { ModelDBClient } from '../api/client';
import type { ExperimentRun, RunState, RunStatus } from '../api/types';
import { queryKey, queryLiteral } from './format';

export const KERNEL_ID_ATTRIBUTE = 'jupyter.kernel_id';
export const NOTEBOOK_PATH_ATTRIBUTE = 'jupyter.notebook_path';

export interface NotebookRun {
  run: ExperimentRun;
  status: RunStatus | undefined;
}

/** How many of a kernel's most recent runs are looked at. */
const RECENT = 20;

async function recentRuns(client: ModelDBClient, attribute: string, value: string): Promise<NotebookRun[]> {
  const result = await client.queryRuns({
    query: `${queryKey('attributes', attribute)} == ${queryLiteral(value)}`,
    order_by: ['-date_created'],
    page_number: 1,
    page_limit: RECENT,
    columns: ['attributes']
  });
  const states = new Map<string, RunState>(result.states.map(s => [s.run_id, s]));
  return result.runs.map(run => ({ run, status: states.get(run.id)?.status }));
}

/** The newest RUNNING run started in this kernel, if any. */
export async function activeRunOfKernel(client: ModelDBClient, kernelId: string): Promise<NotebookRun | undefined> {
  const runs = await recentRuns(client, KERNEL_ID_ATTRIBUTE, kernelId);
  return runs.find(r => r.status === 'RUNNING');
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
    const runs = await recentRuns(client, KERNEL_ID_ATTRIBUTE, kernelId);
    const found = runs.find(r => r.status === 'RUNNING') ?? runs[0];
    if (found) {
      return found;
    }
  }
  if (notebookPath) {
    const runs = await recentRuns(client, NOTEBOOK_PATH_ATTRIBUTE, notebookPath);
    return runs.find(r => r.status === 'RUNNING') ?? runs[0];
  }
  return undefined;
}
