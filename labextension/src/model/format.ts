/** Display of wire values: key-value values, times, sizes and query-language literals. */
import type { JsonValue } from '../api/types';

/** A number with at most `digits` significant digits, integers in full ("0.912345", "120000"). */
export function formatNumber(n: number, digits = 6): string {
  if (!Number.isFinite(n)) {
    return String(n);
  }
  if (Number.isInteger(n) && Math.abs(n) < 1e15) {
    return String(n);
  }
  return String(Number(n.toPrecision(digits)));
}

/** A key-value value as text: numbers shortened, strings as they are, lists and structs as JSON. */
export function formatValue(value: JsonValue | undefined): string {
  if (value === undefined) {
    return '';
  }
  if (value === null) {
    return 'null';
  }
  if (typeof value === 'number') {
    return formatNumber(value);
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  }
  return JSON.stringify(value);
}

/** The value as a number when it is one (numeric strings included), else undefined. */
export function numericValue(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** ms since epoch as local "YYYY-MM-DD HH:MM:SS"; 0 or absent as an empty string. */
export function formatTime(ms: number): string {
  if (!ms) {
    return '';
  }
  const d = new Date(ms);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** A duration as "1h 02m", "3m 05s" or "12.3s". */
export function formatDuration(ms: number): string {
  if (ms < 0 || !Number.isFinite(ms)) {
    return '';
  }
  const seconds = ms / 1000;
  if (seconds < 60) {
    return `${seconds.toFixed(1)}s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes}m ${pad(Math.floor(seconds % 60))}s`;
  }
  return `${Math.floor(minutes / 60)}h ${pad(minutes % 60)}m`;
}

/** A byte count as "512 B", "1.5 KiB", "2.0 MiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'contains', 'true', 'false', 'null']);

function plainName(text: string): boolean {
  return NAME.test(text) && !KEYWORDS.has(text.toLowerCase());
}

/**
 * A predicate key in the query language: `metrics.acc`, or `` attributes.`jupyter.kernel_id` `` when the key
 * is not a chain of plain names (the server's own render_key).
 */
export function queryKey(field: string, key?: string): string {
  const head = plainName(field) ? field : `\`${field.replace(/`/g, '``')}\``;
  if (key === undefined) {
    return head;
  }
  const plain = key.split('.').every(plainName);
  return plain ? `${head}.${key}` : `${head}.\`${key.replace(/`/g, '``')}\``;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A literal of the query language: single-quoted strings with escapes, numbers, true/false/null. */
export function queryLiteral(value: string | number | boolean | null): string {
  if (value === null) {
    return 'null';
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return `'${Array.from(value, c => ESCAPES[c] ?? c).join('')}'`;
}
