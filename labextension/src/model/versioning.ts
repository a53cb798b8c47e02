/**
 * What the versioning views show, computed from wire data (no DOM): a blob's type and one-line summary, a
 * diff flattened into element rows (old → new), short SHAs and locations.
 */
import { int64 } from '../api/client';
import type { JsonValue, PathComponent } from '../api/types';
import type { Blob, BlobDiff, Commit, DiffStatus, HyperparameterValue } from '../api/versioning';
import { formatBytes } from './format';

export const SHORT_SHA = 8;

export function shortSha(sha: string | undefined): string {
  return (sha ?? '').slice(0, SHORT_SHA);
}

/** ["data", "train"] → "data/train". */
export function locationText(location: readonly string[] | undefined): string {
  return (location ?? []).join('/');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The blob's kind and sub-kind, e.g. "dataset.path", "environment.python", "code.git", "config" (as the Python client names them). */
export function blobType(blob: Blob | BlobDiff | undefined): string {
  if (!blob) {
    return '';
  }
  const kinds: [keyof Blob, string[]][] = [
    ['dataset', ['path', 's3', 'query']],
    ['environment', ['python', 'docker']],
    ['code', ['git', 'notebook']],
    ['config', []]
  ];
  for (const [kind, subs] of kinds) {
    const part = (blob as Record<string, unknown>)[kind] as Record<string, unknown> | undefined;
    if (part) {
      const sub = subs.find(s => part[s] !== undefined);
      return sub ? `${kind}.${sub}` : kind;
    }
  }
  return '';
}

export function hyperparameterText(value: HyperparameterValue | undefined): string {
  if (!value) {
    return '';
  }
  if (value.int_value !== undefined) {
    return String(int64(value.int_value));
  }
  if (value.float_value !== undefined) {
    return String(Number(value.float_value.toPrecision(6)));
  }
  return value.string_value ?? '';
}

function versionText(v: { major?: number; minor?: number; patch?: number } | undefined): string {
  return v ? `${v.major ?? 0}.${v.minor ?? 0}.${v.patch ?? 0}` : '';
}

function pathsSummary(components: PathComponent[], where: string): string {
  const size = components.reduce((sum, c) => sum + int64(c.size), 0);
  return `${plural(components.length, 'file')}, ${formatBytes(size)}${where}`;
}

/** One line on what a blob holds. */
export function blobSummary(blob: Blob | undefined): string {
  const { dataset, environment, code, config } = blob ?? {};
  if (dataset) {
    if (dataset.path) {
      return pathsSummary(dataset.path.components ?? [], '');
    }
    if (dataset.s3) {
      return pathsSummary(
        (dataset.s3.components ?? []).map(c => c.path ?? {}),
        ' (S3)'
      );
    }
    const queries = dataset.query?.components ?? [];
    return queries.length === 1 ? `query: ${queries[0]?.query ?? ''}` : plural(queries.length, 'query');
  }
  if (environment) {
    const parts: string[] = [];
    if (environment.python) {
      const version = versionText(environment.python.version);
      parts.push(`Python ${version}`.trim(), plural(environment.python.requirements?.length ?? 0, 'requirement'));
    } else if (environment.docker) {
      const d = environment.docker;
      parts.push(`docker ${d.repository ?? ''}${d.tag ? `:${d.tag}` : ''}`);
    }
    const vars = environment.environment_variables?.length ?? 0;
    if (vars) {
      parts.push(plural(vars, 'variable'));
    }
    return parts.join(', ');
  }
  if (code) {
    const git = code.git ?? code.notebook?.git_repo;
    const notebook = code.notebook?.path?.path;
    const gitText = git ? `${git.repo ?? ''}@${shortSha(git.hash)}${git.is_dirty ? ' (dirty)' : ''}` : '';
    return notebook ? `notebook ${notebook}${gitText ? ` in ${gitText}` : ''}` : gitText;
  }
  if (config) {
    const values = (config.hyperparameters ?? []).map(h => `${h.name ?? ''}=${hyperparameterText(h.value)}`);
    const sets = config.hyperparameter_set?.length ?? 0;
    return [...values, sets ? plural(sets, 'search set') : ''].filter(Boolean).join(', ');
  }
  return '';
}

/** One changed element of a blob diff: `element` names it (e.g. "hyperparameters lr"), `old` → `new`. */
export interface DiffElement {
  element: string;
  status: DiffStatus;
  old: string;
  new: string;
}

export interface DiffRow {
  location: string;
  status: DiffStatus;
  type: string;
  elements: DiffElement[];
}

type Json = { [key: string]: JsonValue };

function isObject(value: JsonValue | undefined): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A leaf diff carries its own status and the sides A (old), B (new), C (common base). */
function isLeaf(value: Json): boolean {
  return 'status' in value && ('A' in value || 'B' in value || 'C' in value);
}

/** What names an element inside its list: hyperparameters and variables by name, requirements by library, ... */
function elementKey(side: JsonValue | undefined): string {
  if (!isObject(side)) {
    return '';
  }
  for (const field of ['name', 'library', 'path', 'query', 'repository', 'repo']) {
    const value = side[field];
    if (typeof value === 'string') {
      return value;
    }
    if (isObject(value) && typeof value.path === 'string') {
      return value.path;
    }
  }
  return '';
}

/** A side of a leaf diff as text: "lr=0.01" → "0.01", "numpy==1.2.0", "a.csv (12 B, 3f2a…)", JSON otherwise. */
export function sideText(side: JsonValue | undefined): string {
  if (side === undefined || side === null) {
    return '';
  }
  if (Array.isArray(side)) {
    return side.map(s => sideText(s)).join(' ');
  }
  if (!isObject(side)) {
    return String(side);
  }
  if ('value' in side && isObject(side.value) && 'name' in side) {
    return hyperparameterText(side.value as HyperparameterValue);
  }
  if (isObject(side.continuous)) {
    const c = side.continuous as { [key: string]: HyperparameterValue };
    const [begin, end, step] = [c.interval_begin, c.interval_end, c.interval_step].map(hyperparameterText);
    return `${begin}..${end} step ${step}`;
  }
  if (isObject(side.discrete)) {
    const values = (side.discrete.values ?? []) as HyperparameterValue[];
    return `{${values.map(hyperparameterText).join(', ')}}`;
  }
  if (typeof side.query === 'string') {
    return side.query;
  }
  if ('library' in side) {
    return `${String(side.library)}${String(side.constraint ?? '')}${versionText(side.version as never)}`;
  }
  if ('name' in side && 'value' in side) {
    return String(side.value);
  }
  if ('major' in side || 'minor' in side || 'patch' in side) {
    return versionText(side as never);
  }
  const component = isObject(side.path) ? side.path : side;
  if (typeof component.path === 'string') {
    const size = formatBytes(int64(component.size as string | undefined));
    const digest = typeof component.sha256 === 'string' ? `, ${shortSha(component.sha256)}` : '';
    return `${component.path} (${size}${digest})`;
  }
  if ('repo' in side || 'hash' in side) {
    return `${String(side.repo ?? '')}@${shortSha(side.hash as string | undefined)}${side.is_dirty ? ' (dirty)' : ''}`;
  }
  if ('repository' in side) {
    return `${String(side.repository)}${side.tag ? `:${String(side.tag)}` : ''}`;
  }
  return JSON.stringify(side);
}

/** Every leaf under a typed diff, named by the fields on the way ("python requirements numpy"). */
function leaves(value: JsonValue | undefined, trail: string[], out: DiffElement[]): void {
  if (Array.isArray(value)) {
    value.forEach(item => leaves(item, trail, out));
    return;
  }
  if (!isObject(value)) {
    return;
  }
  if (isLeaf(value)) {
    const key = elementKey(value.B) || elementKey(value.A) || elementKey(value.C);
    out.push({
      element: [...trail, key].filter(Boolean).join(' '),
      status: (value.status as DiffStatus | undefined) ?? 'UNKNOWN',
      old: sideText(value.A),
      new: sideText(value.B)
    });
    return;
  }
  for (const [field, inner] of Object.entries(value)) {
    leaves(inner, [...trail, field.replace(/_/g, ' ')], out);
  }
}

/** A diff as rows: one per location with its changed elements. */
export function diffRows(diffs: readonly BlobDiff[]): DiffRow[] {
  return diffs.map(d => {
    const elements: DiffElement[] = [];
    const typed = d.dataset ?? d.environment ?? d.code ?? d.config;
    leaves(typed, [], elements);
    return { location: locationText(d.location), status: d.status ?? 'UNKNOWN', type: blobType(d), elements };
  });
}

/** Which branches and tags point at each commit: sha → labels. */
export function refLabels(heads: readonly [string, Commit][]): Map<string, string[]> {
  const labels = new Map<string, string[]>();
  for (const [name, commit] of heads) {
    const sha = commit.commit_sha ?? '';
    labels.set(sha, [...(labels.get(sha) ?? []), name]);
  }
  return labels;
}
