/**
 * What a run's code version and artifacts hold: the git snapshot or code archive, the notebook it came from,
 * its environment, the artifacts (download), and previews of a notebook snapshot and a cell log.
 */
import { int64 } from '../api/client';
import type { Artifact, ExperimentRun, JsonValue } from '../api/types';
import { formatDuration, formatTime, formatValue } from '../model/format';
import { KERNEL_ID_ATTRIBUTE, NOTEBOOK_PATH_ATTRIBUTES, SNAPSHOT_ATTRIBUTE } from '../model/notebookRun';
import {
  type CellLogEntry,
  type SnapshotCell,
  artifactRole,
  cellLogFromObservations,
  parseCellLog,
  parseNotebook
} from '../model/notebookSnapshot';
import { downloadArtifact } from './artifacts';
import type { ModelDBContext } from './context';
import { type Child, button, empty, h, keyValueTable, replaceChildren, section } from './dom';
import { errorMessage, reporting } from './notify';

/** Fetches an artifact's text once per view (previews survive live re-renders). */
export type TextLoader = (artifact: Artifact) => Promise<string>;

function gitRows(run: ExperimentRun): [string, Child][] {
  const git = run.code_version_snapshot?.git_snapshot;
  if (!git) {
    return [];
  }
  const dirty = git.is_dirty === 'TRUE' ? 'yes' : git.is_dirty === 'FALSE' ? 'no' : 'unknown';
  return [
    ['Repository', git.repo ?? ''],
    ['Commit', h('code', {}, git.hash ?? '')],
    ['Uncommitted changes', dirty],
    ['Files', (git.filepaths ?? []).join(', ')]
  ];
}

function snapshotText(summary: JsonValue | undefined): string {
  if (typeof summary !== 'object' || summary === null || Array.isArray(summary)) {
    return formatValue(summary);
  }
  const parts = [
    typeof summary.cells === 'number' ? `${summary.cells} cells` : '',
    typeof summary.source === 'string' ? `from the ${summary.source}` : '',
    summary.stored === false ? `not stored: ${formatValue(summary.reason)}` : ''
  ];
  return parts.filter(Boolean).join(', ') || formatValue(summary);
}

function notebookRows(run: ExperimentRun): [string, Child][] {
  const attrs = new Map((run.attributes ?? []).map(kv => [kv.key, kv.value]));
  const rows: [string, Child][] = [];
  const path = NOTEBOOK_PATH_ATTRIBUTES.map(key => attrs.get(key)).find(v => v !== undefined);
  if (path !== undefined) {
    rows.push(['Notebook', h('code', {}, formatValue(path))]);
  }
  if (attrs.has(KERNEL_ID_ATTRIBUTE)) {
    rows.push(['Kernel', h('code', {}, formatValue(attrs.get(KERNEL_ID_ATTRIBUTE)))]);
  }
  if (attrs.has(SNAPSHOT_ATTRIBUTE)) {
    rows.push(['Snapshot', snapshotText(attrs.get(SNAPSHOT_ATTRIBUTE))]);
  }
  return rows;
}

function environmentRows(run: ExperimentRun): [string, Child][] {
  const env = run.environment;
  if (!env) {
    return [];
  }
  const rows: [string, Child][] = [];
  const python = env.python;
  if (python?.version) {
    const v = python.version;
    rows.push(['Python', `${v.major ?? 0}.${v.minor ?? 0}.${v.patch ?? 0}${v.suffix ?? ''}`]);
  }
  const requirements = python?.raw_requirements ?? (python?.requirements ?? []).map(r => r.library ?? '').join('\n');
  if (requirements) {
    const count = requirements.split('\n').filter(Boolean).length;
    rows.push([
      'Requirements',
      h('details', {}, h('summary', {}, `${count} packages`), h('pre', { className: 'mdb-Pre' }, requirements))
    ]);
  }
  if (env.docker?.repository) {
    rows.push(['Docker', `${env.docker.repository}:${env.docker.tag ?? ''}`]);
  }
  if (env.command_line?.length) {
    rows.push(['Command line', h('code', {}, env.command_line.join(' '))]);
  }
  return rows;
}

export function codeSection(ctx: ModelDBContext, run: ExperimentRun, load: TextLoader): HTMLElement {
  const archive = run.code_version_snapshot?.code_archive;
  const rows: [string, Child][] = [...notebookRows(run), ...gitRows(run)];
  if (archive) {
    rows.push([
      'Code archive',
      h(
        'span',
        {},
        h('code', {}, archive.path ?? archive.key),
        ' ',
        button(
          'Download',
          () =>
            void reporting('downloading the code archive', () => downloadArtifact(ctx.client, run.id, archive, 'CODE'))
        )
      )
    ]);
  }
  if (run.code_version) {
    rows.push(['Code version', run.code_version]);
  }
  const logged = int64(run.code_version_snapshot?.date_logged);
  if (logged) {
    rows.push(['Logged', formatTime(logged)]);
  }
  rows.push(...environmentRows(run));
  const previews = (run.artifacts ?? []).filter(a => artifactRole(a) !== 'other').map(a => previewBlock(a, load));
  const cells = cellLogFromObservations(run.observations ?? []);
  return section(
    'Code',
    rows.length ? keyValueTable(rows, 'mdb-Run-code') : empty('No code version logged.'),
    ...previews,
    cells.length
      ? h(
          'details',
          { className: 'mdb-Preview mdb-Run-cellLog', data: { role: 'cell-log' } },
          h('summary', {}, `Cell log: ${cells.length} recorded cell${cells.length === 1 ? '' : 's'}`),
          cellLogView(cells)
        )
      : null
  );
}

/** A collapsible preview of a notebook snapshot or cell log, fetched when first opened. */
function previewBlock(artifact: Artifact, load: TextLoader): HTMLElement {
  const role = artifactRole(artifact);
  const body = h('div', { className: 'mdb-Preview-body' }, 'Loading…');
  const details = h(
    'details',
    { className: 'mdb-Preview', data: { artifact: artifact.key, role } },
    h('summary', {}, `${role === 'notebook' ? 'Notebook snapshot' : 'Cell log'}: ${artifact.key}`),
    body
  );
  let started = false;
  details.addEventListener('toggle', () => {
    if (!details.open || started) {
      return;
    }
    started = true;
    load(artifact)
      .then(text =>
        replaceChildren(body, role === 'notebook' ? notebookView(parseNotebook(text)) : cellLogView(parseCellLog(text)))
      )
      .catch((error: unknown) =>
        replaceChildren(
          body,
          h('div', { className: 'mdb-Error' }, `Cannot show ${artifact.key}: ${errorMessage(error)}`)
        )
      );
  });
  return details;
}

function notebookView(cells: readonly SnapshotCell[]): HTMLElement {
  if (cells.length === 0) {
    return empty('The notebook has no cells.');
  }
  return h(
    'ol',
    { className: 'mdb-Notebook' },
    ...cells.map(cell =>
      h(
        'li',
        { className: `mdb-Notebook-cell mdb-Notebook-${cell.type}` },
        h('span', { className: 'mdb-Notebook-prompt' }, cell.type === 'code' ? `[${cell.executionCount ?? ' '}]` : ''),
        h('pre', { className: 'mdb-Pre' }, cell.source),
        cell.output && h('pre', { className: 'mdb-Pre mdb-Notebook-output' }, cell.output),
        cell.outcome &&
          cell.outcome !== 'ok' &&
          h('div', { className: 'mdb-Notebook-output mdb-Error' }, `raised ${cell.outcome}`),
        cell.outputSummary.length > 0 &&
          h(
            'div',
            { className: 'mdb-Notebook-output mdb-Note' },
            `outputs (not stored): ${cell.outputSummary.join('; ')}`
          )
      )
    )
  );
}

function cellLogRow(e: CellLogEntry): HTMLElement {
  const notes = [
    e.error && h('div', { className: 'mdb-Error' }, e.error),
    ...e.warnings.map(w => h('div', { className: 'mdb-CellLog-warning' }, `⚠ ${w}`)),
    e.outputs.length > 0 && h('div', { className: 'mdb-Note' }, e.outputs.join('; '))
  ];
  return h(
    'tr',
    { className: e.success === false ? 'mdb-mod-failed' : '' },
    h('td', {}, e.executionCount === null ? '' : String(e.executionCount)),
    h('td', {}, e.time === null ? '' : formatTime(e.time)),
    h('td', {}, e.duration === null ? '' : formatDuration(e.duration)),
    h('td', {}, e.success === null ? '' : e.success ? '✓' : '✗'),
    h('td', {}, h('pre', { className: 'mdb-Pre' }, e.source), ...notes)
  );
}

function cellLogView(entries: readonly CellLogEntry[]): HTMLElement {
  if (entries.length === 0) {
    return empty('The cell log is empty.');
  }
  const head = ['#', 'started', 'duration', 'ok', 'source'].map(title => h('th', {}, title));
  return h(
    'table',
    { className: 'mdb-Table mdb-CellLog' },
    h('thead', {}, h('tr', {}, ...head)),
    h('tbody', {}, ...entries.map(cellLogRow))
  );
}

export function artifactsSection(ctx: ModelDBContext, run: ExperimentRun): HTMLElement {
  const artifacts = run.artifacts ?? [];
  if (artifacts.length === 0) {
    return section('Artifacts', empty('No artifacts logged.'));
  }
  const download = (a: Artifact): void =>
    void reporting(`downloading ${a.key}`, () => downloadArtifact(ctx.client, run.id, a));
  return section(
    'Artifacts',
    h(
      'table',
      { className: 'mdb-Table mdb-Run-artifacts' },
      h('thead', {}, h('tr', {}, h('th', {}, 'key'), h('th', {}, 'type'), h('th', {}, 'path'), h('th', {}, ''))),
      h(
        'tbody',
        {},
        ...artifacts.map(a =>
          h(
            'tr',
            { data: { artifact: a.key } },
            h('td', {}, a.key),
            h('td', {}, (a.artifact_type ?? 'IMAGE').toLowerCase()),
            h('td', {}, h('code', {}, a.path ?? '')),
            h(
              'td',
              {},
              a.path_only
                ? h(
                    'span',
                    { className: 'mdb-Note', title: 'Logged as a path only: the bytes are not in the store' },
                    'path only'
                  )
                : a.upload_completed === false
                  ? h('span', { className: 'mdb-Note' }, 'upload incomplete')
                  : button('Download', () => download(a), { className: 'mdb-Artifact-download' })
            )
          )
        )
      )
    )
  );
}
