/**
 * What a run's code artifacts hold: a notebook snapshot (.ipynb) and a cell log (one JSON record per executed
 * cell, as JSON lines or a JSON array). Parsing is lenient: unknown fields are kept, missing ones left empty.
 */
import type { Artifact, JsonObject, JsonValue, Observation } from '../api/types';
import { formatBytes } from './format';

export type ArtifactRole = 'notebook' | 'cell-log' | 'other';

function extensionOf(artifact: Artifact): string {
  if (artifact.filename_extension) {
    return artifact.filename_extension.replace(/^\./, '').toLowerCase();
  }
  const name = artifact.path || artifact.key;
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function artifactRole(artifact: Artifact): ArtifactRole {
  const ext = extensionOf(artifact);
  if (ext === 'ipynb' || /notebook/i.test(artifact.key)) {
    return 'notebook';
  }
  if (/cell[_\-. ]?log|cells?$/i.test(artifact.key) || ext === 'jsonl') {
    return 'cell-log';
  }
  return 'other';
}

export interface SnapshotCell {
  type: string;
  source: string;
  executionCount: number | null;
  /** Text of the stream, text/plain and error outputs, joined. */
  output: string;
  /** The recorded outcome ("ok", or the exception type) when the client stored one. */
  outcome: string | null;
  /** One line per output the client summarised instead of storing it (type, MIME types, size). */
  outputSummary: string[];
}

function text(value: JsonValue | undefined): string {
  if (Array.isArray(value)) {
    return value.map(v => (typeof v === 'string' ? v : '')).join('');
  }
  return typeof value === 'string' ? value : '';
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function outputText(output: JsonValue): string {
  if (!isObject(output)) {
    return '';
  }
  if (output.output_type === 'stream') {
    return text(output.text);
  }
  if (output.output_type === 'error') {
    return `${text(output.ename)}: ${text(output.evalue)}\n`;
  }
  const data = output.data;
  return isObject(data) ? text(data['text/plain']) + '\n' : '';
}

/**
 * An output summary as the notebook client stores it instead of the output (`{output_type, name?, mime?,
 * type?, bytes?}`): "stream stdout, 120 B", "display_data image/png, 4.1 KiB", "execute_result DataFrame".
 */
export function outputSummaryText(summary: JsonValue): string {
  if (!isObject(summary)) {
    return '';
  }
  const parts = [text(summary.output_type) || 'output'];
  const detail = [text(summary.name), text(summary.type), text(summary.ename)];
  if (Array.isArray(summary.mime)) {
    detail.push(summary.mime.filter((m): m is string => typeof m === 'string').join(', '));
  }
  const head = [parts[0], ...detail.filter(Boolean)].join(' ');
  return typeof summary.bytes === 'number' ? `${head}, ${formatBytes(summary.bytes)}` : head;
}

function modeldbMetadata(cell: JsonObject): JsonObject {
  const metadata = cell.metadata;
  const modeldb = isObject(metadata) ? metadata.modeldb : undefined;
  return isObject(modeldb) ? modeldb : {};
}

/** The cells of an .ipynb document; throws when the text is not a notebook. */
export function parseNotebook(source: string): SnapshotCell[] {
  const doc = JSON.parse(source) as JsonValue;
  if (!isObject(doc) || !Array.isArray(doc.cells)) {
    throw new Error('not a Jupyter notebook (no cells)');
  }
  return doc.cells.filter(isObject).map(cell => {
    const recorded = modeldbMetadata(cell);
    return {
      type: typeof cell.cell_type === 'string' ? cell.cell_type : 'code',
      source: text(cell.source),
      executionCount: typeof cell.execution_count === 'number' ? cell.execution_count : null,
      output: Array.isArray(cell.outputs) ? cell.outputs.map(outputText).join('') : '',
      outcome: typeof recorded.outcome === 'string' ? recorded.outcome : null,
      outputSummary: Array.isArray(recorded.outputs) ? recorded.outputs.map(outputSummaryText).filter(Boolean) : []
    };
  });
}

export interface CellLogEntry {
  executionCount: number | null;
  source: string;
  success: boolean | null;
  /** "ValueError: bad input" for a cell that raised. */
  error: string | null;
  /** ms since epoch, when recorded. */
  time: number | null;
  /** ms, when recorded. */
  duration: number | null;
  /** The client's warnings about the cell (out-of-order execution, hidden state). */
  warnings: string[];
  outputs: string[];
  record: JsonObject;
}

function firstNumber(record: JsonObject, keys: string[]): number | null {
  for (const key of keys) {
    const v = record[key];
    if (typeof v === 'number' && Number.isFinite(v)) {
      return v;
    }
    if (typeof v === 'string' && v !== '' && Number.isFinite(Number(v))) {
      return Number(v);
    }
  }
  return null;
}

function firstText(record: JsonObject, keys: string[]): string {
  for (const key of keys) {
    const v = text(record[key]);
    if (v) {
      return v;
    }
  }
  return '';
}

function errorText(error: JsonValue | undefined): string | null {
  if (isObject(error)) {
    return [text(error.type), text(error.message)].filter(Boolean).join(': ') || null;
  }
  return typeof error === 'string' && error ? error : null;
}

function success(record: JsonObject): boolean | null {
  if (typeof record.success === 'boolean') {
    return record.success;
  }
  if (typeof record.outcome === 'string') {
    return record.outcome === 'ok';
  }
  return record.error === undefined ? null : !record.error;
}

/** One cell record (the notebook client's `cell` observation, or a line of a cell-log file). */
export function cellLogEntry(record: JsonObject, timestamp: number | null = null): CellLogEntry {
  const seconds = firstNumber(record, ['duration_s', 'duration_seconds']);
  const warnings = Array.isArray(record.warnings) ? record.warnings : [];
  return {
    executionCount: firstNumber(record, ['execution_count', 'executionCount', 'count']),
    source: firstText(record, ['source', 'raw_cell', 'code', 'cell', 'input']),
    success: success(record),
    error: errorText(record.error),
    time: firstNumber(record, ['start', 'timestamp', 'time', 'start_time', 'started']) ?? timestamp,
    duration: firstNumber(record, ['duration_ms', 'duration']) ?? (seconds === null ? null : seconds * 1000),
    warnings: warnings.map(w => (isObject(w) ? text(w.message) || text(w.kind) : text(w))).filter(Boolean),
    outputs: Array.isArray(record.outputs) ? record.outputs.map(outputSummaryText).filter(Boolean) : [],
    record
  };
}

/** The observation key under which the notebook client records every executed cell of a run. */
export const CELL_OBSERVATION_KEY = 'cell';

/** The cell log of a run: its `cell` observations whose values are records, in the order they ran. */
export function cellLogFromObservations(observations: readonly Observation[]): CellLogEntry[] {
  return observations
    .filter(o => o.attribute?.key === CELL_OBSERVATION_KEY && isObject(o.attribute.value))
    .map(o => cellLogEntry(o.attribute?.value as JsonObject, o.timestamp === undefined ? null : Number(o.timestamp)))
    .sort((a, b) => (a.time ?? 0) - (b.time ?? 0));
}

/** A cell log: JSON lines, a JSON array, or an object with a `cells`/`records` array. */
export function parseCellLog(source: string): CellLogEntry[] {
  const trimmed = source.trim();
  if (!trimmed) {
    return [];
  }
  let records: JsonValue[];
  try {
    const doc = JSON.parse(trimmed) as JsonValue;
    const list = isObject(doc) ? (doc.cells ?? doc.records ?? [doc]) : doc;
    records = Array.isArray(list) ? list : [list];
  } catch {
    records = trimmed
      .split('\n')
      .filter(line => line.trim())
      .map(line => JSON.parse(line) as JsonValue);
  }
  return records.filter(isObject).map(record => cellLogEntry(record));
}
