/** Columns of the runs table: fixed ones plus one per metric, hyperparameter and attribute key seen. */
import type { ExperimentRun, JsonValue, RunState } from '../api/types';
import { int64 } from '../api/client';

export type KeyField = 'metrics' | 'hyperparameters' | 'attributes';
export const KEY_FIELDS: readonly KeyField[] = ['metrics', 'hyperparameters', 'attributes'];

export interface Column {
  /** Unique id; for key columns `<field>.<key>`. */
  id: string;
  label: string;
  /** The order_by key of queryRuns; absent when the server cannot sort by it. */
  sortKey?: string;
  field?: KeyField;
  key?: string;
  /** Left out until the user picks it in the column chooser. */
  hiddenByDefault?: boolean;
}

export const BASE_COLUMNS: readonly Column[] = [
  { id: 'name', label: 'Name', sortKey: 'name' },
  { id: 'status', label: 'Status' },
  { id: 'date_created', label: 'Created', sortKey: 'date_created' },
  { id: 'duration', label: 'Duration' },
  { id: 'owner', label: 'Owner', sortKey: 'owner', hiddenByDefault: true },
  { id: 'tags', label: 'Tags' }
];

/** The run parts queryRuns must return for the table (artifacts, observations and datasets stay behind). */
export const TABLE_RUN_PARTS = ['tags', 'metrics', 'hyperparameters', 'attributes'];

const SHORT_FIELD: Record<KeyField, string> = { metrics: 'm', hyperparameters: 'hp', attributes: 'attr' };

/** A column per key; attributes (often long, e.g. the notebook path) start hidden. */
export function keyColumn(field: KeyField, key: string): Column {
  const id = `${field}.${key}`;
  return { id, label: key, sortKey: id, field, key, hiddenByDefault: field === 'attributes' };
}

/** "hp lr" style short prefix for a key column's header. */
export function fieldBadge(field: KeyField): string {
  return SHORT_FIELD[field];
}

/** Key columns for every key the runs carry, grouped by field then sorted by key; `known` keeps order stable. */
export function discoverKeyColumns(runs: readonly ExperimentRun[], known: readonly Column[] = []): Column[] {
  const ids = new Set(known.map(c => c.id));
  const found: Column[] = [...known];
  for (const field of KEY_FIELDS) {
    const keys = new Set<string>();
    for (const run of runs) {
      for (const kv of run[field] ?? []) {
        keys.add(kv.key);
      }
    }
    for (const key of [...keys].sort()) {
      const column = keyColumn(field, key);
      if (!ids.has(column.id)) {
        ids.add(column.id);
        found.push(column);
      }
    }
  }
  const order = (c: Column): number => (c.field ? KEY_FIELDS.indexOf(c.field) : -1);
  return found.sort((a, b) => order(a) - order(b) || (a.key ?? '').localeCompare(b.key ?? ''));
}

/** What a cell holds: a key-value, a tag list, a status or a time. */
export function cellValue(run: ExperimentRun, state: RunState | undefined, column: Column): JsonValue | undefined {
  if (column.field && column.key !== undefined) {
    return run[column.field]?.find(kv => kv.key === column.key)?.value;
  }
  switch (column.id) {
    case 'name':
      return run.name ?? run.id;
    case 'status':
      return state?.status ?? null;
    case 'date_created':
      return int64(run.date_created);
    case 'duration': {
      const start = int64(state?.start_time ?? run.start_time);
      const end = int64(state?.end_time ?? run.end_time) || (state?.status === 'RUNNING' ? Date.now() : 0);
      return start && end >= start ? end - start : null;
    }
    case 'owner':
      return run.owner;
    case 'tags':
      return run.tags ?? [];
    default:
      return undefined;
  }
}
