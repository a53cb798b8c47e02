/** Side-by-side comparison of runs: one row per key, flagged when the runs disagree. */
import type { ExperimentRun, JsonValue } from '../api/types';
import { KEY_FIELDS, type KeyField } from './columns';
import { formatValue } from './format';

export type CompareSection = 'run' | KeyField | 'tags';

export interface CompareRow {
  section: CompareSection;
  key: string;
  /** One value per run, in the order of the runs (undefined: the run lacks the key). */
  values: (JsonValue | undefined)[];
  differs: boolean;
}

/** Whether the values differ, comparing their JSON (so 1 and 1.0 agree, [1, 2] and [1, 2] agree). */
export function valuesDiffer(values: readonly (JsonValue | undefined)[]): boolean {
  const texts = new Set(values.map(v => (v === undefined ? '\u0000missing' : JSON.stringify(v))));
  return texts.size > 1;
}

function row(section: CompareSection, key: string, values: (JsonValue | undefined)[]): CompareRow {
  return { section, key, values, differs: valuesDiffer(values) };
}

/**
 * Rows for the runs: run-level facts, then every metric, hyperparameter and attribute key, then tag membership.
 * `experimentName` turns experiment ids into names for display.
 */
export function compareRuns(
  runs: readonly ExperimentRun[],
  experimentName: (id: string) => string = id => id
): CompareRow[] {
  const rows: CompareRow[] = [
    row(
      'run',
      'experiment',
      runs.map(r => (r.experiment_id ? experimentName(r.experiment_id) : undefined))
    ),
    row(
      'run',
      'owner',
      runs.map(r => r.owner)
    ),
    row(
      'run',
      'code version',
      runs.map(r => {
        const code = r.code_version_snapshot;
        return code?.git_snapshot?.hash ?? code?.code_archive?.path ?? r.code_version;
      })
    )
  ].filter(r => r.values.some(v => v !== undefined));
  for (const field of KEY_FIELDS) {
    const keys = [...new Set(runs.flatMap(r => (r[field] ?? []).map(kv => kv.key)))].sort();
    for (const key of keys) {
      rows.push(
        row(
          field,
          key,
          runs.map(r => r[field]?.find(kv => kv.key === key)?.value)
        )
      );
    }
  }
  const tags = [...new Set(runs.flatMap(r => r.tags ?? []))].sort();
  for (const tag of tags) {
    rows.push(
      row(
        'tags',
        tag,
        runs.map(r => (r.tags ?? []).includes(tag))
      )
    );
  }
  return rows;
}

/** The cell text of a compare row's value. */
export function compareText(value: JsonValue | undefined): string {
  return value === undefined ? '—' : formatValue(value);
}
