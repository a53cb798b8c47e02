/**
 * What a run's code artifacts hold: a notebook snapshot (.ipynb) and a cell log (one JSON record per executed
 * cell, as JSON lines or a JSON array). Parsing is lenient: unknown fields are kept, missing ones left empty.
 */
import type { Artifact, JsonObject, JsonValue } from '../api/types';

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

/** The cells of an .ipynb document; throws when the text is not a notebook. */
export function parseNotebook(source: string): SnapshotCell[] {
  const doc = JSON.parse(source) as JsonValue;
  if (!isObject(doc) || !Array.isArray(doc.cells)) {
    throw new Error('not a Jupyter notebook (no cells)');
  }
  return doc.cells.filter(isObject).map(cell => ({
    type: typeof cell.cell_type === 'string' ? cell.cell_type : 'code',
    source: text(cell.source),
    executionCount: typeof cell.execution_count === 'number' ? cell.execution_count : null,
    output: Array.isArray(cell.outputs) ? cell.outputs.map(outputText).join('') : ''
  }));
}

export interface CellLogEntry {
  executionCount: number | null;
  source: string;
  success: boolean | null;
  /** ms since epoch, when recorded. */
  time: number | null;
  /** ms, when recorded. */
  duration: number | null;
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

function entry(record: JsonObject): CellLogEntry {
  const seconds = firstNumber(record, ['duration_s', 'duration_seconds']);
  const success = record.success ?? (record.error === undefined ? null : !record.error);
  return {
    executionCount: firstNumber(record, ['execution_count', 'executionCount', 'count']),
    source: firstText(record, ['source', 'raw_cell', 'code', 'cell', 'input']),
    success: typeof success === 'boolean' ? success : null,
    time: firstNumber(record, ['timestamp', 'time', 'start_time', 'started']),
    duration: firstNumber(record, ['duration_ms', 'duration']) ?? (seconds === null ? null : seconds * 1000),
    record
  };
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
  return records.filter(isObject).map(entry);
}
