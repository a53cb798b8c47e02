/**
 * State of one runs table: scope, filter (query language), sort, page, visible columns, the loaded page and
 * its lifecycle states. Filtering, sorting and paging all happen on the server (queryRuns).
 */
import { Signal, type ISignal } from '@lumino/signaling';

import { ModelDBClient } from '../api/client';
import { ModelDBError } from '../api/http';
import type { ExperimentRun, RunState } from '../api/types';
import { BASE_COLUMNS, type Column, TABLE_RUN_PARTS, discoverKeyColumns } from './columns';

export interface RunsScope {
  projectId?: string;
  experimentId?: string;
}

export interface SortSpec {
  /** A queryRuns order_by key (`name`, `metrics.acc`, ...). */
  key: string;
  descending: boolean;
}

/** Where a query syntax error points, when the server's message says so ("line 2, column 7" / "column 7"). */
export interface QueryErrorPosition {
  line: number;
  column: number;
}

export function errorPosition(message: string): QueryErrorPosition | undefined {
  const column = /column (\d+)/i.exec(message);
  if (!column) {
    return undefined;
  }
  const line = /line (\d+)/i.exec(message);
  return { line: line ? Number(line[1]) : 1, column: Number(column[1]) };
}

export const PAGE_SIZES: readonly number[] = [25, 50, 100];
export const DEFAULT_SORT: SortSpec = { key: 'date_created', descending: true };

/** A page of runs with their lifecycle states by run id. */
export interface RunsPage {
  runs: ExperimentRun[];
  total: number;
  states: Map<string, RunState>;
}

export class RunsTableModel {
  constructor(
    readonly client: ModelDBClient,
    readonly scope: RunsScope
  ) {}

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  filter = '';
  sort: SortSpec = DEFAULT_SORT;
  pageNumber = 1;
  pageSize = PAGE_SIZES[0] ?? 25;
  /** The last successful page (kept while a new filter fails, so the table does not flicker away). */
  page: RunsPage = { runs: [], total: 0, states: new Map() };
  /** The server's answer to an invalid filter (400), shown inline next to the filter. */
  queryError: ModelDBError | undefined;
  loading = false;
  /** Every column the user can choose from, growing as new keys appear. */
  columns: Column[] = [...BASE_COLUMNS];
  private hidden = new Set<string>();
  private chosen = new Set<string>();
  private generation = 0;
  private _changed = new Signal<this, void>(this);

  get pageCount(): number {
    return Math.max(1, Math.ceil(this.page.total / this.pageSize));
  }

  get visibleColumns(): Column[] {
    return this.columns.filter(c => this.isVisible(c));
  }

  isVisible(column: Column): boolean {
    if (this.hidden.has(column.id)) {
      return false;
    }
    return this.chosen.has(column.id) || !column.hiddenByDefault;
  }

  setVisible(columnId: string, visible: boolean): void {
    (visible ? this.chosen : this.hidden).add(columnId);
    (visible ? this.hidden : this.chosen).delete(columnId);
    this._changed.emit();
  }

  /** Whether any run on the page is RUNNING: the view then polls. */
  get hasActiveRuns(): boolean {
    return [...this.page.states.values()].some(s => s.status === 'RUNNING');
  }

  setFilter(text: string): Promise<void> {
    this.filter = text;
    this.pageNumber = 1;
    return this.load();
  }

  /** Sort by a column: first click descending for numbers-ish keys, a second click flips the direction. */
  sortBy(column: Column): Promise<void> {
    if (!column.sortKey) {
      return Promise.resolve();
    }
    const same = this.sort.key === column.sortKey;
    this.sort = { key: column.sortKey, descending: same ? !this.sort.descending : column.id !== 'name' };
    this.pageNumber = 1;
    return this.load();
  }

  setPage(pageNumber: number): Promise<void> {
    this.pageNumber = Math.min(Math.max(1, pageNumber), this.pageCount);
    return this.load();
  }

  setPageSize(size: number): Promise<void> {
    this.pageSize = size;
    this.pageNumber = 1;
    return this.load();
  }

  /**
   * Fetch the current page. A 400 (bad filter) lands in `queryError`; any other failure is thrown for the
   * caller to report. Answers to superseded requests are dropped.
   */
  async load(): Promise<void> {
    const generation = ++this.generation;
    this.loading = true;
    this._changed.emit();
    try {
      const order = [`${this.sort.descending ? '-' : ''}${this.sort.key}`];
      if (this.sort.key !== 'date_created') {
        order.push('-date_created');
      }
      const result = await this.client.queryRuns({
        project_id: this.scope.projectId,
        experiment_id: this.scope.experimentId,
        query: this.filter,
        order_by: order,
        page_number: this.pageNumber,
        page_limit: this.pageSize,
        columns: TABLE_RUN_PARTS
      });
      if (generation !== this.generation) {
        return;
      }
      this.queryError = undefined;
      this.page = {
        runs: result.runs,
        total: result.total,
        states: new Map(result.states.map(s => [s.run_id, s]))
      };
      this.columns = [
        ...BASE_COLUMNS,
        ...discoverKeyColumns(
          result.runs,
          this.columns.filter(c => c.field)
        )
      ];
    } catch (error) {
      if (generation !== this.generation) {
        return;
      }
      if (error instanceof ModelDBError && error.isInvalidArgument) {
        this.queryError = error;
        return;
      }
      throw error;
    } finally {
      if (generation === this.generation) {
        this.loading = false;
        this._changed.emit();
      }
    }
  }
}
