/** Rendering of registry values: the colored stage badge, the lock, labels, links. */
import type { LockLevel, Stage } from '../api/registry';
import { lockLabel, stageLabel } from '../model/registry';
import { h } from './dom';

export function stageBadge(stage: Stage | undefined): HTMLElement {
  const name = stage && stage !== 'UNKNOWN' ? stage : 'UNKNOWN';
  return h(
    'span',
    { className: `mdb-Stage mdb-Stage-${name}`, title: `stage: ${stageLabel(stage)}`, data: { stage: name } },
    stageLabel(stage)
  );
}

export function lockBadge(lock: LockLevel | undefined): HTMLElement {
  const label = lockLabel(lock);
  const closed = label !== 'open';
  return h(
    'span',
    {
      className: `mdb-Lock${closed ? ' mdb-mod-locked' : ''}`,
      title: closed ? `locked (${label}): changes are refused` : 'open: changes allowed',
      data: { lock: label }
    },
    label
  );
}

/** A link that runs `onClick` instead of navigating. */
export function actionLink(label: string, title: string, onClick: () => void, className = ''): HTMLElement {
  return h(
    'a',
    {
      className: `mdb-Link ${className}`.trim(),
      title,
      attrs: { href: '#' },
      on: {
        click: event => {
          event.preventDefault();
          event.stopPropagation();
          onClick();
        }
      }
    },
    label
  );
}
