/** The run view's "Registered versions" section: the model versions created from the run, each opening its view. */
import type { ModelDBClient } from '../api/client';
import { int64 } from '../api/client';
import { type ModelVersion, RegistryApi } from '../api/registry';
import { formatTime } from '../model/format';
import type { ModelDBContext } from './context';
import { empty, h, section } from './dom';
import { errorMessage } from './notify';
import { actionLink, stageBadge } from './registryCells';

export interface RunRegistry {
  versions: ModelVersion[];
  /** registered model id → name. */
  modelNames: Record<string, string>;
  error: string;
}

/** The run's versions and their models' names; a failure becomes the section's message, never the view's. */
export async function fetchRunRegistry(client: ModelDBClient, runId: string): Promise<RunRegistry> {
  const api = new RegistryApi(client.http);
  const out: RunRegistry = { versions: [], modelNames: {}, error: '' };
  try {
    out.versions = await api.versionsOfRun(runId);
    const ids = [...new Set(out.versions.map(v => String(v.registered_model_id ?? '')))].filter(id => id);
    await Promise.all(
      ids.map(async id => {
        out.modelNames[id] = (await api.getModel(id).catch(() => undefined))?.name ?? id;
      })
    );
  } catch (error) {
    out.error = errorMessage(error);
  }
  return out;
}

export function registeredVersionsSection(ctx: ModelDBContext, data: RunRegistry): HTMLElement {
  const title = 'Registered versions';
  if (data.error) {
    return section(title, empty(`Cannot load the registered versions: ${data.error}`));
  }
  if (data.versions.length === 0) {
    return section(title, empty('Not registered in the model registry.'));
  }
  const row = (version: ModelVersion): HTMLElement => {
    const modelId = String(version.registered_model_id ?? '');
    const modelName = data.modelNames[modelId] ?? modelId;
    const label = version.version || String(version.id);
    const openVersion = (): void =>
      ctx.open.modelVersion({ versionId: String(version.id), name: `${modelName} ${label}` });
    return h(
      'tr',
      { className: 'mdb-Run-registered', data: { versionId: String(version.id), model: modelName } },
      h(
        'td',
        {},
        actionLink(modelName, `model ${modelId}`, () => ctx.open.model({ modelId, name: modelName }))
      ),
      h('td', {}, actionLink(label, `model version ${version.id}`, openVersion, 'mdb-Run-registeredVersion')),
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
