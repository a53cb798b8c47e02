/**
 * What the registry views show, computed from wire data (no DOM): stage names, a version's stage history with
 * "from → to" for every change, and the version's lineage back to its run.
 */
import { int64 } from '../api/client';
import type { Activity, LockLevel, ModelVersion, Stage } from '../api/registry';
import type { Artifact, AuditRecord } from '../api/types';

/** A stage as the panel writes it: "production", "unassigned" ("—" for none). */
export function stageLabel(stage: Stage | undefined): string {
  return !stage || stage === 'UNKNOWN' ? '—' : stage.toLowerCase();
}

/** The lock level as a word; OPEN (the default, and an absent field) is "open". */
export function lockLabel(lock: LockLevel | undefined): string {
  return !lock || lock === 'UNKNOWN' ? 'open' : lock.toLowerCase();
}

export type ActivityKind = 'update' | 'transition' | 'approval' | 'rejection' | 'close' | 'comment';

export interface HistoryRow {
  id: string;
  time: number;
  author: string;
  kind: ActivityKind;
  /** The stage before a change (updates: the stage the previous change left; transitions: their source). */
  from: Stage | undefined;
  to: Stage | undefined;
  comment: string;
}

function kindOf(activity: Activity): ActivityKind {
  if (activity.update) {
    return 'update';
  }
  if (activity.transition) {
    return 'transition';
  }
  if (activity.approval) {
    return 'approval';
  }
  if (activity.rejection) {
    return 'rejection';
  }
  return activity.close ? 'close' : 'comment';
}

/**
 * The stage each change started from, by activity id, from the version's audit records (StageService writes
 * `{"stage": {"from", "to"}, "activity_id"}` for every stage change).
 */
export function auditedFrom(records: readonly AuditRecord[]): Map<string, Stage> {
  const out = new Map<string, Stage>();
  for (const record of records) {
    const changes = record.changes ?? {};
    const stage = changes.stage;
    const activity = changes.activity_id;
    if (stage && typeof stage === 'object' && !Array.isArray(stage) && typeof stage.from === 'string') {
      if (typeof activity === 'number' || typeof activity === 'string') {
        out.set(String(activity), stage.from as Stage);
      }
    }
  }
  return out;
}

/**
 * The version's history, newest first. A stage update carries only its target stage: its "from" is what the
 * audit trail recorded (`from`, by activity id), else the stage the previous update left (a version starts
 * UNASSIGNED unless it was created in a stage).
 */
export function stageHistory(activities: readonly Activity[], from: Map<string, Stage> = new Map()): HistoryRow[] {
  const oldestFirst = [...activities].sort(
    (a, b) => int64(a.time_created) - int64(b.time_created) || int64(a.id) - int64(b.id)
  );
  let current: Stage = 'UNASSIGNED';
  const rows = oldestFirst.map(activity => {
    const kind = kindOf(activity);
    const row: HistoryRow = {
      id: String(activity.id ?? ''),
      time: int64(activity.time_created),
      author: activity.author_id ?? '',
      kind,
      from: undefined,
      to: undefined,
      comment: activity.comment ?? ''
    };
    if (kind === 'update') {
      row.from = from.get(row.id) ?? current;
      row.to = activity.update?.stage;
      current = row.to ?? current;
    } else if (kind === 'transition') {
      row.from = activity.transition?.source_stage;
      row.to = activity.transition?.desired_stage;
    }
    return row;
  });
  return rows.reverse();
}

/** What a history row says, e.g. "staging → production" or "comment". */
export function historyText(row: HistoryRow): string {
  const change = `${stageLabel(row.from)} → ${stageLabel(row.to)}`;
  switch (row.kind) {
    case 'update':
      return change;
    case 'transition':
      return `transition requested: ${change}`;
    case 'approval':
      return 'transition approved';
    case 'rejection':
      return 'transition rejected';
    case 'close':
      return 'transition closed';
    default:
      return 'comment';
  }
}

/** Every artifact of a version, its model first (key "model", as ModelDB's client addresses it). */
export function versionArtifacts(version: ModelVersion): Artifact[] {
  const model = version.model?.key || version.model?.path ? [{ ...version.model, key: 'model' }] : [];
  return [...model, ...(version.artifacts ?? [])];
}
