/** Runs side by side: differing values highlighted, metric series of all runs overlaid per key. */
import { Widget } from '@lumino/widgets';

import type { DownsampledSeries, ExperimentRun } from '../api/types';
import { type CompareRow, compareRuns, compareText } from '../model/compare';
import { CHART_BUCKETS, envelopeByKey } from '../model/series';
import { lineChart } from './chart';
import type { ModelDBContext } from './context';
import { empty, h, replaceChildren, section } from './dom';
import { reportError } from './notify';

const SECTION_TITLES: Record<string, string> = {
  run: 'Run',
  hyperparameters: 'Hyperparameters',
  metrics: 'Metrics',
  attributes: 'Attributes',
  tags: 'Tags'
};

export class CompareView extends Widget {
  private readonly body = h('div', { className: 'mdb-CompareView-body' }, 'Loading…');
  private readonly onlyDiffs = h('input', { className: 'mdb-Compare-onlyDiffs' });
  private runs: ExperimentRun[] = [];
  private history: DownsampledSeries[] = [];
  private experimentNames = new Map<string, string>();

  constructor(
    private readonly ctx: ModelDBContext,
    readonly runIds: readonly string[]
  ) {
    super();
    this.addClass('mdb-CompareView');
    this.onlyDiffs.type = 'checkbox';
    this.onlyDiffs.addEventListener('change', () => this.render());
    this.node.append(
      h(
        'div',
        { className: 'mdb-Runs-toolbar' },
        h('h2', {}, `Compare ${runIds.length} runs`),
        h('span', { className: 'mdb-Spacer' }),
        h('label', {}, this.onlyDiffs, ' only differences')
      ),
      this.body
    );
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const [result, history] = await Promise.all([
        this.ctx.client.queryRuns({
          experiment_run_ids: [...this.runIds],
          page_number: 1,
          page_limit: this.runIds.length
        }),
        this.ctx.client.downsampleMetricHistory([...this.runIds], CHART_BUCKETS)
      ]);
      // Keep the order in which the runs were selected.
      const byId = new Map(result.runs.map(r => [r.id, r]));
      this.runs = this.runIds.map(id => byId.get(id)).filter((r): r is ExperimentRun => r !== undefined);
      this.history = history;
      const experimentIds = [...new Set(this.runs.map(r => r.experiment_id).filter((id): id is string => !!id))];
      const experiments = await Promise.all(experimentIds.map(id => this.ctx.client.getExperiment(id)));
      this.experimentNames = new Map(experiments.map(e => [e.id, e.name ?? e.id]));
    } catch (error) {
      reportError('loading runs to compare', error);
      replaceChildren(this.body, empty('Cannot load the runs.'));
      return;
    }
    this.render();
  }

  private render(): void {
    const rows = compareRuns(this.runs, id => this.experimentNames.get(id) ?? id).filter(
      r => !this.onlyDiffs.checked || r.differs
    );
    const names = new Map(this.runs.map(r => [r.id, r.name ?? r.id]));
    const charts = [...envelopeByKey(this.history, id => names.get(id) ?? id).entries()]
      .filter(([, series]) => series.some(s => s.points.length > 0))
      .map(([key, series]) => lineChart(series, { title: key }));
    replaceChildren(
      this.body,
      section('Values', this.table(rows)),
      section(
        'Metric history',
        charts.length
          ? h('div', { className: 'mdb-Charts mdb-Compare-charts' }, ...charts)
          : empty('No metric series to overlay.')
      )
    );
  }

  private table(rows: readonly CompareRow[]): HTMLElement {
    const head = h(
      'tr',
      {},
      h('th', {}, 'key'),
      ...this.runs.map(r => {
        const link = h('a', { className: 'mdb-Link', attrs: { href: '#' } }, r.name ?? r.id);
        link.addEventListener('click', event => {
          event.preventDefault();
          this.ctx.open.run(r.id);
        });
        return h('th', { data: { runId: r.id } }, link);
      })
    );
    const body: HTMLElement[] = [];
    let current = '';
    for (const row of rows) {
      if (row.section !== current) {
        current = row.section;
        body.push(
          h(
            'tr',
            { className: 'mdb-Compare-section' },
            h('th', { attrs: { colspan: String(this.runs.length + 1) } }, SECTION_TITLES[row.section] ?? row.section)
          )
        );
      }
      body.push(
        h(
          'tr',
          {
            className: `mdb-Compare-row${row.differs ? ' mdb-mod-differs' : ''}`,
            data: { key: `${row.section}.${row.key}` }
          },
          h('th', {}, row.key),
          ...row.values.map(v => h('td', {}, compareText(v)))
        )
      );
    }
    return h('table', { className: 'mdb-Table mdb-CompareTable' }, h('thead', {}, head), h('tbody', {}, ...body));
  }
}
