/** The commit log of a branch (or of a commit): newest first, each with the branches and tags pointing at it. */
import { int64 } from '../api/client';
import type { Commit } from '../api/versioning';
import { formatTime } from '../model/format';
import { shortSha } from '../model/versioning';
import { empty, h } from './dom';

export function commitLogTable(
  commits: readonly Commit[],
  labels: ReadonlyMap<string, string[]>,
  selected: string | undefined,
  onSelect: (sha: string) => void
): HTMLElement {
  if (commits.length === 0) {
    return empty('No commits.');
  }
  return h(
    'table',
    { className: 'mdb-Table mdb-CommitLog' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, 'Commit'), h('th', {}, 'Message'), h('th', {}, 'Author'), h('th', {}, 'Date'))
    ),
    h(
      'tbody',
      {},
      ...commits.map(c => {
        const sha = c.commit_sha ?? '';
        return h(
          'tr',
          {
            className: `mdb-Commit${sha === selected ? ' mdb-mod-selected' : ''}`,
            data: { sha },
            title: sha,
            on: { click: () => onSelect(sha) }
          },
          h('td', {}, h('code', { className: 'mdb-Commit-sha' }, shortSha(sha))),
          h(
            'td',
            {},
            h('span', { className: 'mdb-Commit-message' }, c.message ?? ''),
            ...(labels.get(sha) ?? []).map(l => h('span', { className: 'mdb-Tag mdb-Commit-ref' }, l))
          ),
          h('td', {}, c.author ?? ''),
          h('td', {}, formatTime(int64(c.date_created)))
        );
      })
    )
  );
}
