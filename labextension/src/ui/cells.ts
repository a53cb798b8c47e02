/** Rendering of single values: run status pills, tag chips, table cells. */
import type { JsonValue, RunStatus } from '../api/types';
import type { Column } from '../model/columns';
import { formatDuration, formatTime, formatValue } from '../model/format';
import { type Child, h } from './dom';

export function statusPill(status: RunStatus | undefined | null): HTMLElement {
  const name = status && status !== 'RUN_STATUS_UNSPECIFIED' ? status : 'UNKNOWN';
  const label = name === 'UNKNOWN' ? '—' : name.toLowerCase();
  return h('span', { className: `mdb-Status mdb-Status-${name}`, title: name, data: { status: name } }, label);
}

export function tagChips(tags: readonly string[]): HTMLElement {
  return h('span', { className: 'mdb-Tags' }, ...tags.map(t => h('span', { className: 'mdb-Tag' }, t)));
}

/** The content of a runs-table cell for a column's value. */
export function cellContent(column: Column, value: JsonValue | undefined): Child {
  switch (column.id) {
    case 'status':
      return statusPill(typeof value === 'string' ? (value as RunStatus) : undefined);
    case 'tags':
      return tagChips(Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : []);
    case 'date_created':
      return typeof value === 'number' ? formatTime(value) : '';
    case 'duration':
      return typeof value === 'number' ? formatDuration(value) : '';
    default:
      return formatValue(value);
  }
}
