/**
 * The run view's versioning sections: the commit the run used (versioned inputs: repository, commit, key →
 * location, each opening the commit view) and its lineage (inputs → run → outputs).
 */
import type { ModelDBClient } from '../api/client';
import { type LineageEntry, type RunLineage, type VersioningEntry, VersioningApi } from '../api/versioning';
import { locationText, shortSha } from '../model/versioning';
import type { ModelDBContext } from './context';
import { type Child, empty, h, keyValueTable, section } from './dom';
import { errorMessage } from './notify';

/** Names of lineage entries (runs, dataset versions) resolved for at most this many (the rest show their ids). */
const NAMED_ENTRIES = 20;

export interface RunVersioning {
  inputs: VersioningEntry | undefined;
  repositoryName: string;
  inputsError: string;
  lineage: RunLineage;
  /** external id → run name, or "<dataset> v<version>" for a dataset version. */
  names: Record<string, string>;
  lineageError: string;
}

/** Both sections' data; a failure of either call becomes that section's message, never the view's. */
export async function fetchRunVersioning(client: ModelDBClient, runId: string): Promise<RunVersioning> {
  const api = new VersioningApi(client.http);
  const out: RunVersioning = {
    inputs: undefined,
    repositoryName: '',
    inputsError: '',
    lineage: { inputs: [], outputs: [] },
    names: {},
    lineageError: ''
  };
  const inputs = (async () => {
    try {
      out.inputs = await api.versionedInputs(runId);
      if (out.inputs?.repository_id !== undefined) {
        const repo = await api.getRepository(out.inputs.repository_id).catch(() => undefined);
        out.repositoryName = repo?.name ?? '';
      }
    } catch (error) {
      out.inputsError = errorMessage(error);
    }
  })();
  const lineage = (async () => {
    try {
      out.lineage = await api.runLineage(runId);
      const named = [...out.lineage.inputs, ...out.lineage.outputs].filter(e => e.external_id).slice(0, NAMED_ENTRIES);
      await Promise.all(named.map(async e => nameEntry(client, api, e, out.names)));
    } catch (error) {
      out.lineageError = errorMessage(error);
    }
  })();
  await Promise.all([inputs, lineage]);
  return out;
}

/** A deleted entity keeps its id as its name. */
async function nameEntry(
  client: ModelDBClient,
  api: VersioningApi,
  entry: LineageEntry,
  names: Record<string, string>
): Promise<void> {
  const id = entry.external_id ?? '';
  try {
    if (entry.type === 'EXPERIMENT_RUN') {
      names[id] = (await client.getRun(id)).name ?? id;
    } else if (entry.type === 'DATASET_VERSION') {
      names[id] = await api.datasetVersionName(id);
    }
  } catch {
    names[id] = id;
  }
}

function link(label: string, title: string, onClick: () => void, className = 'mdb-Link'): HTMLElement {
  return h(
    'a',
    {
      className,
      title,
      attrs: { href: '#' },
      on: {
        click: event => {
          event.preventDefault();
          onClick();
        }
      }
    },
    label
  );
}

export function versionedInputsSection(ctx: ModelDBContext, data: RunVersioning): HTMLElement {
  const entry = data.inputs;
  if (data.inputsError) {
    return section('Versioned inputs', empty(`Cannot load the versioned inputs: ${data.inputsError}`));
  }
  if (!entry) {
    return section('Versioned inputs', empty('No commit logged for this run.'));
  }
  const repoId = String(entry.repository_id ?? '');
  const sha = entry.commit ?? '';
  const name = data.repositoryName || repoId;
  const openCommit = (): void => ctx.open.repository({ repoId, name, commitSha: sha });
  const locations = Object.entries(entry.key_location_map ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const rows: [string, Child][] = [
    [
      'Repository',
      link(name, `repository ${repoId}`, () => ctx.open.repository({ repoId, name }), 'mdb-Link mdb-Run-repository')
    ],
    ['Commit', link(shortSha(sha), sha, openCommit, 'mdb-Link mdb-Run-commit')]
  ];
  return section(
    'Versioned inputs',
    keyValueTable(rows, 'mdb-Run-versioning'),
    locations.length
      ? h(
          'table',
          { className: 'mdb-Table mdb-Run-locations' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Key'), h('th', {}, 'Location'))),
          h(
            'tbody',
            {},
            ...locations.map(([key, location]) =>
              h(
                'tr',
                { className: 'mdb-Run-location', data: { key } },
                h('td', {}, key),
                h('td', {}, link(locationText(location.location), `in commit ${sha}`, openCommit))
              )
            )
          )
        )
      : empty('No keys mapped to locations.')
  );
}

function entryItem(ctx: ModelDBContext, entry: LineageEntry, names: Record<string, string>): HTMLElement {
  const id = entry.external_id ?? '';
  const type = entry.type ?? 'UNKNOWN';
  const name = names[id] ?? id;
  const label =
    type === 'EXPERIMENT_RUN'
      ? link(name, `run ${id}`, () => ctx.open.run(id))
      : link(name, `dataset version ${id}`, () => ctx.open.datasets());
  return h(
    'li',
    { className: 'mdb-Lineage-entry', data: { type, externalId: id } },
    h('span', { className: 'mdb-Note' }, type === 'EXPERIMENT_RUN' ? 'run' : 'dataset version'),
    ' ',
    label
  );
}

export function lineageSection(ctx: ModelDBContext, runName: string, data: RunVersioning): HTMLElement {
  if (data.lineageError) {
    return section('Lineage', empty(`Cannot load the lineage: ${data.lineageError}`));
  }
  const { inputs, outputs } = data.lineage;
  if (inputs.length === 0 && outputs.length === 0) {
    return section('Lineage', empty('No lineage recorded for this run.'));
  }
  const column = (title: string, className: string, entries: LineageEntry[]): HTMLElement =>
    h(
      'div',
      { className: `mdb-Lineage-column ${className}` },
      h('div', { className: 'mdb-Lineage-heading' }, title),
      entries.length
        ? h('ul', { className: 'mdb-Lineage-list' }, ...entries.map(e => entryItem(ctx, e, data.names)))
        : empty('none')
    );
  return section(
    'Lineage',
    h(
      'div',
      { className: 'mdb-Lineage' },
      column('Inputs', 'mdb-Lineage-inputs', inputs),
      h('div', { className: 'mdb-Lineage-arrow' }, '→'),
      h(
        'div',
        { className: 'mdb-Lineage-column mdb-Lineage-run' },
        h('div', { className: 'mdb-Lineage-heading' }, 'Run'),
        runName
      ),
      h('div', { className: 'mdb-Lineage-arrow' }, '→'),
      column('Outputs', 'mdb-Lineage-outputs', outputs)
    )
  );
}
