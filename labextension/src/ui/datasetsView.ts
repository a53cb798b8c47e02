/** Datasets → their versions → the runs that used each version (getExperimentRunsByDatasetVersionId). */
import { Widget } from '@lumino/widgets';

import { int64 } from '../api/client';
import type { Dataset, DatasetVersion, ExperimentRun } from '../api/types';
import { formatBytes, formatTime } from '../model/format';
import { tagChips } from './cells';
import type { ModelDBContext } from './context';
import { empty, h, replaceChildren } from './dom';
import { reportError } from './notify';

/** A one-line description of what a version holds (path components, query, raw info). */
export function versionContent(version: DatasetVersion): string {
  const blob = version.dataset_blob;
  const paths = blob?.path?.components ?? blob?.s3?.components?.map(c => c.path ?? {}) ?? [];
  if (paths.length) {
    const size = paths.reduce((sum, c) => sum + int64(c.size), 0);
    return `${paths.length} file${paths.length === 1 ? '' : 's'}, ${formatBytes(size)}${blob?.s3 ? ' (S3)' : ''}`;
  }
  const query = blob?.query?.components?.[0]?.query ?? version.query_dataset_version_info?.query;
  if (query) {
    return `query: ${query}`;
  }
  const info = version.path_dataset_version_info;
  if (info) {
    return `${info.base_path ?? ''} ${formatBytes(int64(info.size))}`.trim();
  }
  const raw = version.raw_dataset_version_info;
  if (raw) {
    return `${int64(raw.num_records)} records, ${formatBytes(int64(raw.size))}`;
  }
  return '';
}

export class DatasetsView extends Widget {
  private readonly datasetList = h('ul', { className: 'mdb-List mdb-Datasets-list' });
  private readonly versionPane = h('div', { className: 'mdb-Datasets-versions' });
  private readonly runsPane = h('div', { className: 'mdb-Datasets-runs' });
  private datasetId: string | undefined;
  private versionId: string | undefined;

  constructor(private readonly ctx: ModelDBContext) {
    super();
    this.addClass('mdb-DatasetsView');
    this.node.append(
      h('div', { className: 'mdb-Runs-toolbar' }, h('h2', {}, 'Datasets')),
      h(
        'div',
        { className: 'mdb-Datasets-columns' },
        h('div', { className: 'mdb-Datasets-pane' }, h('h3', {}, 'Datasets'), this.datasetList),
        h('div', { className: 'mdb-Datasets-pane' }, h('h3', {}, 'Versions'), this.versionPane),
        h('div', { className: 'mdb-Datasets-pane' }, h('h3', {}, 'Runs using the version'), this.runsPane)
      )
    );
    replaceChildren(this.versionPane, empty('Select a dataset.'));
    replaceChildren(this.runsPane, empty('Select a version.'));
    void this.loadDatasets();
  }

  async loadDatasets(): Promise<void> {
    let datasets: Dataset[];
    try {
      datasets = (await this.ctx.client.findDatasets()).items;
    } catch (error) {
      reportError('loading datasets', error);
      replaceChildren(this.datasetList, empty('Cannot load datasets.'));
      return;
    }
    if (datasets.length === 0) {
      replaceChildren(this.datasetList, empty('No datasets yet.'));
      return;
    }
    replaceChildren(
      this.datasetList,
      ...datasets.map(d =>
        h(
          'li',
          {
            className: `mdb-List-item mdb-Dataset${d.id === this.datasetId ? ' mdb-mod-selected' : ''}`,
            data: { datasetId: d.id },
            title: d.description ?? '',
            on: { click: () => void this.selectDataset(d.id) }
          },
          h('span', { className: 'mdb-List-name' }, d.name ?? d.id),
          h('span', { className: 'mdb-Note' }, (d.dataset_type ?? 'RAW').toLowerCase()),
          tagChips(d.tags ?? [])
        )
      )
    );
  }

  private markSelected(list: HTMLElement, attribute: string, id: string): void {
    for (const item of list.querySelectorAll<HTMLElement>(`[data-${attribute}]`)) {
      item.classList.toggle('mdb-mod-selected', item.getAttribute(`data-${attribute}`) === id);
    }
  }

  private async selectDataset(datasetId: string): Promise<void> {
    this.datasetId = datasetId;
    this.versionId = undefined;
    this.markSelected(this.datasetList, 'dataset-id', datasetId);
    replaceChildren(this.runsPane, empty('Select a version.'));
    let versions: DatasetVersion[];
    try {
      versions = (await this.ctx.client.findDatasetVersions(datasetId)).items;
    } catch (error) {
      reportError('loading dataset versions', error);
      return;
    }
    replaceChildren(
      this.versionPane,
      versions.length
        ? h(
            'ul',
            { className: 'mdb-List' },
            ...versions.map(v =>
              h(
                'li',
                {
                  className: 'mdb-List-item mdb-DatasetVersion',
                  data: { versionId: v.id },
                  on: { click: () => void this.selectVersion(v.id) }
                },
                h('span', { className: 'mdb-List-name' }, `v${int64(v.version)}`),
                h('span', { className: 'mdb-Note' }, formatTime(int64(v.time_logged))),
                h('div', { className: 'mdb-DatasetVersion-content' }, versionContent(v)),
                v.description ? h('div', { className: 'mdb-Note' }, v.description) : null,
                tagChips(v.tags ?? [])
              )
            )
          )
        : empty('No versions.')
    );
  }

  private async selectVersion(versionId: string): Promise<void> {
    this.versionId = versionId;
    this.markSelected(this.versionPane, 'version-id', versionId);
    let runs: ExperimentRun[];
    try {
      runs = (await this.ctx.client.runsOfDatasetVersion(versionId)).items;
    } catch (error) {
      reportError('loading the runs of a dataset version', error);
      return;
    }
    if (this.versionId !== versionId) {
      return;
    }
    replaceChildren(
      this.runsPane,
      runs.length
        ? h(
            'ul',
            { className: 'mdb-List' },
            ...runs.map(r => {
              const link = h('a', { className: 'mdb-Link', attrs: { href: '#' } }, r.name ?? r.id);
              link.addEventListener('click', event => {
                event.preventDefault();
                this.ctx.open.run(r.id);
              });
              return h(
                'li',
                { className: 'mdb-List-item mdb-DatasetRun', data: { runId: r.id } },
                link,
                h('span', { className: 'mdb-Note' }, formatTime(int64(r.date_created)))
              );
            })
          )
        : empty('No run used this version.')
    );
  }
}
