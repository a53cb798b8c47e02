/**
 * The runs view (main area): filter in the query language with inline errors, sortable columns, a column
 * chooser, paging, selection for comparison, and live refresh while a run in view is RUNNING.
 */
import { Widget } from '@lumino/widgets';

import { cellValue, fieldBadge } from '../model/columns';
import { LiveRefresh } from '../model/poller';
import { PAGE_SIZES, RunsTableModel, errorPosition } from '../model/runsTable';
import { cellContent } from './cells';
import { columnChooser } from './columnChooser';
import type { ModelDBContext, RunsTarget } from './context';
import { button, h, replaceChildren } from './dom';
import { reportError } from './notify';

const FILTER_HELP =
  "e.g. metrics.acc > 0.9 and (hyperparameters.lr < 0.01 or tags contains 'baseline') — " +
  'operators == != > >= < <= ~= contains in, and/or/not, keys like metrics.`val loss`';

export class RunsView extends Widget {
  readonly model: RunsTableModel;
  private readonly live: LiveRefresh;
  private readonly selected = new Set<string>();
  private readonly filterInput = h('textarea', {
    className: 'mdb-Filter-input',
    attrs: { rows: '1', spellcheck: 'false', placeholder: 'filter runs… (Enter to apply)' }
  });
  private readonly errorBox = h('div', { className: 'mdb-QueryError', attrs: { role: 'alert' } });
  private readonly summary = h('span', { className: 'mdb-Runs-summary' });
  private readonly liveBadge = h(
    'span',
    { className: 'mdb-Live', title: 'Refreshing while runs are active' },
    '● live'
  );
  private readonly compareButton: HTMLButtonElement;
  private readonly chooserBox = h('div', { className: 'mdb-ColumnChooser-box' });
  private readonly table = h('table', { className: 'mdb-Table mdb-RunsTable' });
  private readonly pager = h('div', { className: 'mdb-Pager' });

  constructor(
    private readonly ctx: ModelDBContext,
    readonly target: RunsTarget
  ) {
    super();
    this.addClass('mdb-RunsView');
    this.model = new RunsTableModel(ctx.client, target);
    this.live = new LiveRefresh(async () => {
      try {
        await this.model.load();
      } catch (error) {
        reportError('refreshing runs', error);
        return false;
      }
      return this.model.hasActiveRuns;
    });
    this.compareButton = button('Compare', () => this.compare(), {
      className: 'mdb-Runs-compare',
      title: 'Compare the selected runs'
    });
    this.filterInput.addEventListener('keydown', event => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        void this.applyFilter();
      }
    });
    const filterBar = h(
      'div',
      { className: 'mdb-Filter' },
      this.filterInput,
      button('Apply', () => void this.applyFilter(), { className: 'mdb-Filter-apply' }),
      button('Clear', () => {
        this.filterInput.value = '';
        void this.applyFilter();
      })
    );
    const toolbar = h(
      'div',
      { className: 'mdb-Runs-toolbar' },
      h('h2', { className: 'mdb-Runs-title' }, target.title),
      this.summary,
      this.liveBadge,
      h('span', { className: 'mdb-Spacer' }),
      this.compareButton,
      button('Columns', () => this.toggleChooser(), { className: 'mdb-Runs-columns', title: 'Choose columns' }),
      button('Refresh', () => void this.reload(), { className: 'mdb-Runs-refresh' })
    );
    this.node.append(
      toolbar,
      filterBar,
      h('div', { className: 'mdb-Filter-help' }, FILTER_HELP),
      this.errorBox,
      this.chooserBox,
      h('div', { className: 'mdb-Table-scroll' }, this.table),
      this.pager
    );
    this.model.changed.connect(() => this.render(), this);
    this.render();
    void this.reload();
  }

  override dispose(): void {
    this.live.dispose();
    super.dispose();
  }

  /** Load the current page. */
  reload(): Promise<void> {
    return this.change('loading runs', () => this.model.load());
  }

  /** Apply a change of the model that reloads, report unexpected errors, and (re)arm live refresh. */
  private async change(action: string, task: () => Promise<void>): Promise<void> {
    try {
      await task();
    } catch (error) {
      reportError(action, error);
    }
    this.live.update(this.model.hasActiveRuns);
  }

  private applyFilter(): Promise<void> {
    return this.change('filtering runs', () => this.model.setFilter(this.filterInput.value.trim()));
  }

  private toggleChooser(): void {
    if (this.chooserBox.firstChild) {
      replaceChildren(this.chooserBox);
    } else {
      replaceChildren(this.chooserBox, columnChooser(this.model));
    }
  }

  private compare(): void {
    if (this.selected.size >= 2) {
      this.ctx.open.compare([...this.selected]);
    }
  }

  private render(): void {
    const { model } = this;
    const { page } = model;
    this.node.classList.toggle('mdb-mod-loading', model.loading);
    this.node.classList.toggle('mdb-mod-invalid', model.queryError !== undefined);
    this.liveBadge.hidden = !model.hasActiveRuns;
    this.summary.textContent = `${page.total} run${page.total === 1 ? '' : 's'}`;
    this.compareButton.textContent = `Compare (${this.selected.size})`;
    this.compareButton.disabled = this.selected.size < 2;
    this.renderError();
    if (this.chooserBox.firstChild) {
      replaceChildren(this.chooserBox, columnChooser(model));
    }
    this.renderTable();
    this.renderPager();
  }

  private renderError(): void {
    const error = this.model.queryError;
    if (!error) {
      replaceChildren(this.errorBox);
      return;
    }
    const position = errorPosition(error.message);
    const line = position ? (this.model.filter.split('\n')[position.line - 1] ?? '') : '';
    replaceChildren(
      this.errorBox,
      h('div', { className: 'mdb-QueryError-message' }, error.message),
      position &&
        h('pre', { className: 'mdb-QueryError-caret' }, `${line}\n${' '.repeat(Math.max(0, position.column - 1))}^`)
    );
  }

  private renderTable(): void {
    const { model } = this;
    const columns = model.visibleColumns;
    const head = h(
      'tr',
      {},
      h('th', { className: 'mdb-Table-select' }),
      ...columns.map(column => {
        const sorted = model.sort.key === column.sortKey;
        const th = h(
          'th',
          {
            className: `${column.sortKey ? 'mdb-mod-sortable' : ''} ${sorted ? 'mdb-mod-sorted' : ''}`,
            title: column.sortKey ? `Sort by ${column.id}` : column.id,
            data: { column: column.id }
          },
          column.field && h('span', { className: 'mdb-Badge' }, fieldBadge(column.field)),
          column.label,
          sorted && h('span', { className: 'mdb-SortArrow' }, model.sort.descending ? ' ▼' : ' ▲')
        );
        if (column.sortKey) {
          th.addEventListener('click', () => void this.sortBy(column.id));
        }
        return th;
      })
    );
    const rows = model.page.runs.map(run => {
      const state = model.page.states.get(run.id);
      const check = h('input', { className: 'mdb-Runs-check', data: { runId: run.id } });
      check.type = 'checkbox';
      check.checked = this.selected.has(run.id);
      check.addEventListener('change', () => {
        if (check.checked) {
          this.selected.add(run.id);
        } else {
          this.selected.delete(run.id);
        }
        this.render();
      });
      return h(
        'tr',
        { className: 'mdb-Runs-row', data: { runId: run.id, name: run.name ?? '' } },
        h('td', { className: 'mdb-Table-select' }, check),
        ...columns.map(column => {
          const value = cellValue(run, state, column);
          if (column.id === 'name') {
            const link = h('a', { className: 'mdb-Link mdb-Runs-open', attrs: { href: '#' } }, String(value ?? run.id));
            link.addEventListener('click', event => {
              event.preventDefault();
              this.ctx.open.run(run.id);
            });
            return h('td', { data: { column: column.id } }, link);
          }
          const numeric = typeof value === 'number' && column.field !== undefined;
          return h(
            'td',
            { className: numeric ? 'mdb-mod-number' : '', data: { column: column.id } },
            cellContent(column, value)
          );
        })
      );
    });
    const body = rows.length
      ? rows
      : [
          h(
            'tr',
            {},
            h(
              'td',
              { className: 'mdb-Empty', attrs: { colspan: String(columns.length + 1) } },
              model.loading ? 'Loading…' : 'No runs match.'
            )
          )
        ];
    replaceChildren(this.table, h('thead', {}, head), h('tbody', {}, ...body));
  }

  private async sortBy(columnId: string): Promise<void> {
    const column = this.model.columns.find(c => c.id === columnId);
    if (column) {
      await this.change('sorting runs', () => this.model.sortBy(column));
    }
  }

  private renderPager(): void {
    const { model } = this;
    const size = h('select', { className: 'mdb-Pager-size', title: 'Runs per page' });
    for (const n of PAGE_SIZES) {
      const option = h('option', {}, `${n} / page`);
      option.value = String(n);
      option.selected = n === model.pageSize;
      size.appendChild(option);
    }
    size.addEventListener('change', () => void this.change('paging runs', () => model.setPageSize(Number(size.value))));
    const prev = button('‹ Prev', () => void this.change('paging runs', () => model.setPage(model.pageNumber - 1)), {
      className: 'mdb-Pager-prev'
    });
    const next = button('Next ›', () => void this.change('paging runs', () => model.setPage(model.pageNumber + 1)), {
      className: 'mdb-Pager-next'
    });
    prev.disabled = model.pageNumber <= 1;
    next.disabled = model.pageNumber >= model.pageCount;
    replaceChildren(
      this.pager,
      prev,
      h('span', { className: 'mdb-Pager-label' }, `Page ${model.pageNumber} of ${model.pageCount}`),
      next,
      size
    );
  }
}
