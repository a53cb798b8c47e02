/** The run view's "Registered versions" section: the model versions created from the run, each opening its view. */
import type { ModelDBClient } from '../api/client';
import { int64 } from '../api/client';
import { RegistryApi, type RunModelVersion } from '../api/registry';
import { formatTime } from '../model/format';
import type { ModelDBContext } from './context';
import { empty, h, section } from './dom';
import { errorMessage } from './notify';
import { actionLink, stageBadge } from './registryCells';

export interface RunRegistry {
  versions: RunModelVersion[];
  error: string;
}

/** The run's versions; a failure becomes the section's message, never the view's. */
export async function fetchRunRegistry(client: ModelDBClient, runId: string): Promise<RunRegistry> {
  try {
    return { versions: await new RegistryApi(client.http).versionsOfRun(runId), error: '' };
  } catch (error) {
    return { versions: [], error: errorMessage(error) };
  }
}

export function registeredVersionsSection(ctx: ModelDBContext, data: RunRegistry): HTMLElement {
  const title = 'Registered versions';
  if (data.error) {
    return section(title, empty(`Cannot load the registered versions: ${data.error}`));
  }
  if (data.versions.length === 0) {
    return section(title, empty('Not registered in the model registry.'));
  }
  const row = (version: RunModelVersion): HTMLElement => {
    const modelId = String(version.registered_model_id ?? '');
    const modelName = version.registered_model_name || modelId;
    const versionId = String(version.model_version_id ?? '');
    const label = version.version || versionId;
    const openVersion = (): void => ctx.open.modelVersion({ versionId, name: `${modelName} ${label}` });
    return h(
      'tr',
      { className: 'mdb-Run-registered', data: { versionId, model: modelName } },
      h(
        'td',
        {},
        actionLink(modelName, `model ${modelId}`, () => ctx.open.model({ modelId, name: modelName }))
      ),
      h('td', {}, actionLink(label, `model version ${versionId}`, openVersion, 'mdb-Run-registeredVersion')),
      h('td', {}, stageBadge(version.stage)),
      h('td', {}, formatTime(int64(version.time_created)))
    );
  };
  return section(
    title,
    h(
      'table',
      { className: 'mdb-Table mdb-Run-registry' },
      h('thead', {}, h('tr', {}, ...['model', 'version', 'stage', 'registered'].map(c => h('th', {}, c)))),
      h('tbody', {}, ...data.versions.map(row))
    )
  );
}
