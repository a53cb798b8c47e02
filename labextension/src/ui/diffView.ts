/** Tables of a commit's snapshot and of a diff between two commits: what each location holds or how it changed. */
import type { BlobExpanded } from '../api/versioning';
import { type DiffRow, blobSummary, blobType, locationText } from '../model/versioning';
import { empty, h } from './dom';

/** The blobs of a commit by location: type and a one-line summary. */
export function blobsTable(blobs: readonly BlobExpanded[]): HTMLElement {
  if (blobs.length === 0) {
    return empty('This commit holds no blobs.');
  }
  const sorted = [...blobs].sort((a, b) => locationText(a.location).localeCompare(locationText(b.location)));
  return h(
    'table',
    { className: 'mdb-Table mdb-Blobs' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Location'), h('th', {}, 'Type'), h('th', {}, 'Summary'))),
    h(
      'tbody',
      {},
      ...sorted.map(b =>
        h(
          'tr',
          { className: 'mdb-Blob', data: { location: locationText(b.location) } },
          h('td', {}, h('code', {}, locationText(b.location))),
          h('td', { className: 'mdb-Blob-type' }, blobType(b.blob)),
          h('td', { className: 'mdb-Blob-summary' }, blobSummary(b.blob))
        )
      )
    )
  );
}

function statusBadge(status: string): HTMLElement {
  return h('span', { className: `mdb-DiffStatus mdb-DiffStatus-${status}` }, status.toLowerCase());
}

/** One row per changed location, each followed by its changed elements (old → new). */
export function diffTable(rows: readonly DiffRow[]): HTMLElement {
  if (rows.length === 0) {
    return empty('No differences.');
  }
  const body: HTMLElement[] = [];
  for (const row of rows) {
    body.push(
      h(
        'tr',
        { className: 'mdb-Diff-row', data: { location: row.location, status: row.status } },
        h('td', {}, statusBadge(row.status)),
        h(
          'td',
          { attrs: { colspan: '3' } },
          h('code', {}, row.location),
          ' ',
          h('span', { className: 'mdb-Note' }, row.type)
        )
      )
    );
    for (const element of row.elements) {
      body.push(
        h(
          'tr',
          {
            className: 'mdb-Diff-element',
            data: { location: row.location, element: element.element, status: element.status }
          },
          h('td', {}, statusBadge(element.status)),
          h('td', { className: 'mdb-Diff-name' }, element.element),
          h('td', { className: 'mdb-Diff-old' }, element.old),
          h('td', { className: 'mdb-Diff-new' }, element.new)
        )
      );
    }
  }
  return h(
    'table',
    { className: 'mdb-Table mdb-Diff' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, 'Change'), h('th', {}, 'Location / element'), h('th', {}, 'Old'), h('th', {}, 'New'))
    ),
    h('tbody', {}, ...body)
  );
}
