/** Sections of the run view: summary, key-values, metric and observation charts, datasets, comments, audit. */
import { int64 } from '../api/client';
import type { AuditRecord, Comment, DownsampledSeries, ExperimentRun, KeyValue, RunState } from '../api/types';
import { formatDuration, formatTime, formatValue } from '../model/format';
import { CELL_OBSERVATION_KEY } from '../model/notebookSnapshot';
import { envelopeByKey, observationSeries } from '../model/series';
import { statusPill, tagChips } from './cells';
import { lineChart } from './chart';
import type { ModelDBContext } from './context';
import { type Child, button, empty, h, keyValueTable, section } from './dom';

export interface RunHeaderInfo {
  run: ExperimentRun;
  state: RunState | undefined;
  projectName: string;
  experimentName: string;
}

export function summarySection(ctx: ModelDBContext, info: RunHeaderInfo): HTMLElement {
  const { run, state } = info;
  const start = int64(state?.start_time ?? run.start_time);
  const end = int64(state?.end_time ?? run.end_time);
  const rows: [string, Child][] = [
    ['Status', statusPill(state?.status)],
    ['Run id', h('code', {}, run.id)],
    [
      'Experiment',
      h(
        'a',
        {
          className: 'mdb-Link',
          attrs: { href: '#' },
          on: {
            click: event => {
              event.preventDefault();
              ctx.open.runs({
                projectId: run.project_id,
                experimentId: run.experiment_id,
                title: `${info.projectName} / ${info.experimentName}`
              });
            }
          }
        },
        `${info.projectName} / ${info.experimentName}`
      )
    ],
    ['Created', formatTime(int64(run.date_created))],
    ['Updated', formatTime(int64(run.date_updated))],
    ['Started', formatTime(start)],
    ['Ended', formatTime(end)],
    ['Duration', start && end >= start ? formatDuration(end - start) : state?.status === 'RUNNING' ? 'running' : ''],
    ['Owner', run.owner ?? ''],
    ['Tags', tagChips(run.tags ?? [])]
  ];
  if (run.description) {
    rows.push(['Description', run.description]);
  }
  if (run.parent_id) {
    rows.push(['Parent run', h('code', {}, run.parent_id)]);
  }
  return section(
    'Run',
    keyValueTable(
      rows.filter(([, v]) => v !== ''),
      'mdb-Run-summary'
    )
  );
}

export function keyValuesSection(
  title: string,
  values: readonly KeyValue[] | undefined,
  className: string
): HTMLElement {
  if (!values || values.length === 0) {
    return section(title, empty(`No ${title.toLowerCase()} logged.`));
  }
  return section(
    title,
    keyValueTable(
      values.map(kv => [kv.key, formatValue(kv.value)]),
      className
    )
  );
}

/** Latest metric values, then one chart per metric series (downsampled by the server). */
export function metricsSection(run: ExperimentRun, history: readonly DownsampledSeries[]): HTMLElement {
  const table = run.metrics?.length
    ? keyValueTable(
        run.metrics.map(kv => [kv.key, formatValue(kv.value)]),
        'mdb-Run-metrics'
      )
    : empty('No metrics logged.');
  const byKey = envelopeByKey(history, () => run.name ?? run.id);
  const charts = [...byKey.entries()]
    .filter(([, series]) => series.some(s => s.points.length > 0))
    .map(([key, series]) => lineChart(series, { title: key }));
  return section(
    'Metrics',
    table,
    charts.length ? h('div', { className: 'mdb-Charts mdb-Run-metricCharts' }, ...charts) : null
  );
}

/** Numeric observations charted by epoch; the others (text, artifacts) listed. */
export function observationsSection(run: ExperimentRun): HTMLElement {
  const observations = run.observations ?? [];
  if (observations.length === 0) {
    return section('Observations', empty('No observations logged.'));
  }
  const series = observationSeries(observations);
  const charts = [...series.entries()].map(([key, points]) =>
    lineChart([{ label: key, points }], { title: key, xLabel: 'epoch' })
  );
  // Cell records (key "cell") are the notebook's cell log, shown under Code.
  const others = observations.filter(
    o => !o.attribute || (!series.has(o.attribute.key) && o.attribute.key !== CELL_OBSERVATION_KEY)
  );
  const cells = observations.length - others.length - [...series.values()].reduce((n, p) => n + p.length, 0);
  const list = others.length
    ? h(
        'table',
        { className: 'mdb-Table mdb-Run-observations' },
        h(
          'thead',
          {},
          h('tr', {}, h('th', {}, 'key'), h('th', {}, 'epoch'), h('th', {}, 'value'), h('th', {}, 'time'))
        ),
        h(
          'tbody',
          {},
          ...others.map(o =>
            h(
              'tr',
              {},
              h('td', {}, o.attribute?.key ?? o.artifact?.key ?? ''),
              h('td', {}, formatValue(o.epoch_number)),
              h('td', {}, o.attribute ? formatValue(o.attribute.value) : (o.artifact?.path ?? '')),
              h('td', {}, formatTime(int64(o.timestamp)))
            )
          )
        )
      )
    : null;
  return section(
    'Observations',
    charts.length ? h('div', { className: 'mdb-Charts' }, ...charts) : null,
    list,
    cells > 0 ? h('div', { className: 'mdb-Note' }, `${cells} cell records: the cell log under Code.`) : null
  );
}

/** Datasets the run used: the dataset version each key links to opens in the datasets view. */
export function datasetsSection(ctx: ModelDBContext, run: ExperimentRun): HTMLElement {
  const datasets = run.datasets ?? [];
  if (datasets.length === 0) {
    return section('Datasets', empty('No datasets logged.'));
  }
  return section(
    'Datasets',
    h(
      'table',
      { className: 'mdb-Table mdb-Run-datasets' },
      h('thead', {}, h('tr', {}, h('th', {}, 'key'), h('th', {}, 'dataset version'), h('th', {}, 'path'))),
      h(
        'tbody',
        {},
        ...datasets.map(d =>
          h(
            'tr',
            {},
            h('td', {}, d.key),
            h(
              'td',
              {},
              d.linked_artifact_id
                ? button(d.linked_artifact_id, () => ctx.open.datasets(), {
                    className: 'mdb-Link-button',
                    title: 'Open datasets'
                  })
                : ''
            ),
            h('td', {}, d.path ?? '')
          )
        )
      )
    )
  );
}

/** The text of a comment being written; it outlives the re-renders of a live run view. */
export interface CommentDraft {
  text: string;
}

export function commentsSection(
  comments: readonly Comment[],
  draft: CommentDraft,
  onAdd: (message: string) => void
): HTMLElement {
  const input = h('textarea', { className: 'mdb-Comment-input', attrs: { rows: '2', placeholder: 'Add a comment…' } });
  input.value = draft.text;
  input.addEventListener('input', () => {
    draft.text = input.value;
  });
  const add = button('Comment', () => {
    const message = input.value.trim();
    if (message) {
      draft.text = '';
      input.value = '';
      onAdd(message);
    }
  });
  return section(
    'Comments',
    comments.length
      ? h(
          'ul',
          { className: 'mdb-Comments' },
          ...comments.map(c =>
            h(
              'li',
              {},
              h('span', { className: 'mdb-Comment-time' }, formatTime(int64(c.date_time))),
              h('span', { className: 'mdb-Comment-message' }, c.message ?? '')
            )
          )
        )
      : empty('No comments.'),
    h('div', { className: 'mdb-Comment-form' }, input, add)
  );
}

function changesText(record: AuditRecord): string {
  const text = JSON.stringify(record.changes ?? {});
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

export function auditSection(records: readonly AuditRecord[], total: number): HTMLElement {
  if (records.length === 0) {
    return section('Audit history', empty('No audit records.'));
  }
  return section(
    'Audit history',
    h(
      'table',
      { className: 'mdb-Table mdb-Run-audit' },
      h(
        'thead',
        {},
        h('tr', {}, h('th', {}, 'time'), h('th', {}, 'action'), h('th', {}, 'actor'), h('th', {}, 'changes'))
      ),
      h(
        'tbody',
        {},
        ...records.map(r =>
          h(
            'tr',
            {},
            h('td', {}, formatTime(int64(r.timestamp))),
            h('td', {}, r.action ?? ''),
            h('td', {}, r.actor ?? ''),
            h('td', { className: 'mdb-Audit-changes' }, h('code', {}, changesText(r)))
          )
        )
      )
    ),
    total > records.length
      ? h('div', { className: 'mdb-Note' }, `Showing the latest ${records.length} of ${total} records.`)
      : null
  );
}
