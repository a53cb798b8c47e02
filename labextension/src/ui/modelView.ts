/**
 * A registered model: its description, labels and attributes, and its versions (newest first) with their stage,
 * creation time, source run and lock; a version opens its own view.
 */
import { Widget } from '@lumino/widgets';

import { int64 } from '../api/client';
import { type ModelVersion, type RegisteredModel, RegistryApi } from '../api/registry';
import { formatTime, formatValue } from '../model/format';
import type { ModelDBContext, ModelTarget } from './context';
import { button, empty, h, keyValueTable, replaceChildren, section } from './dom';
import { reportError } from './notify';
import { actionLink, lockBadge, stageBadge } from './registryCells';
import { tagChips } from './cells';

export class ModelView extends Widget {
  private readonly api: RegistryApi;
  private readonly heading = h('h2', { className: 'mdb-Model-title' });
  private readonly body = h('div', { className: 'mdb-Model-body' }, 'Loading…');
  private readonly runNames = new Map<string, string>();

  constructor(
    private readonly ctx: ModelDBContext,
    readonly target: ModelTarget
  ) {
    super();
    this.api = new RegistryApi(ctx.client.http);
    this.addClass('mdb-ModelView');
    this.node.dataset.modelId = target.modelId;
    this.title.label = `Model: ${target.name ?? target.modelId}`;
    this.heading.textContent = target.name ?? target.modelId;
    this.node.append(
      h(
        'div',
        { className: 'mdb-Runs-toolbar' },
        this.heading,
        h('span', { className: 'mdb-Spacer' }),
        button('Refresh', () => void this.refresh())
      ),
      this.body
    );
    void this.refresh();
  }

  async refresh(): Promise<void> {
    let model: RegisteredModel;
    let versions: { items: ModelVersion[]; total: number };
    try {
      [model, versions] = await Promise.all([
        this.api.getModel(this.target.modelId),
        this.api.findVersions(this.target.modelId)
      ]);
      await this.nameRuns(versions.items);
    } catch (error) {
      reportError(`loading model ${this.target.name ?? this.target.modelId}`, error);
      return;
    }
    const name = model.name ?? this.target.modelId;
    this.heading.textContent = name;
    this.title.label = `Model: ${name}`;
    replaceChildren(this.body, this.about(model), this.versionsSection(name, versions));
  }

  /** The source runs' names, fetched once each; a run deleted since keeps its id as its name. */
  private async nameRuns(versions: readonly ModelVersion[]): Promise<void> {
    const ids = [...new Set(versions.map(v => v.experiment_run_id ?? ''))].filter(id => id && !this.runNames.has(id));
    await Promise.all(
      ids.map(async id => {
        const run = await this.ctx.client.getRun(id).catch(() => undefined);
        this.runNames.set(id, run?.name || id);
      })
    );
  }

  private about(model: RegisteredModel): HTMLElement {
    const attributes = model.attributes ?? [];
    return section(
      'Model',
      keyValueTable(
        [
          ['Description', h('span', { className: 'mdb-Model-description' }, model.description ?? '')],
          ['Labels', h('span', { className: 'mdb-Model-labels' }, tagChips(model.labels ?? []))],
          ['Owner', model.owner ?? ''],
          ['Created', formatTime(int64(model.time_created))],
          ['Updated', formatTime(int64(model.time_updated))],
          ...attributes.map(a => [a.key, formatValue(a.value)] as [string, string])
        ],
        'mdb-Model-info'
      )
    );
  }

  private versionsSection(modelName: string, versions: { items: ModelVersion[]; total: number }): HTMLElement {
    const { items, total } = versions;
    const title = total > items.length ? `Versions (${items.length} of ${total})` : `Versions (${total})`;
    if (items.length === 0) {
      return section(title, empty('No versions registered yet.'));
    }
    const head = ['version', 'stage', 'created', 'run', 'lock', 'labels'].map(c => h('th', {}, c));
    return section(
      title,
      h(
        'table',
        { className: 'mdb-Table mdb-Versions' },
        h('thead', {}, h('tr', {}, ...head)),
        h('tbody', {}, ...items.map(v => this.versionRow(modelName, v)))
      )
    );
  }

  private versionRow(modelName: string, version: ModelVersion): HTMLElement {
    const id = String(version.id);
    const label = version.version || id;
    const open = (): void => this.ctx.open.modelVersion({ versionId: id, name: `${modelName} ${label}` });
    const runId = version.experiment_run_id;
    return h(
      'tr',
      { className: 'mdb-Version', data: { versionId: id, version: label, stage: version.stage ?? 'UNKNOWN' } },
      h('td', {}, actionLink(label, `open version ${label}`, open, 'mdb-Version-open')),
      h('td', {}, stageBadge(version.stage)),
      h('td', {}, formatTime(int64(version.time_created))),
      h(
        'td',
        {},
        runId
          ? actionLink(
              this.runNames.get(runId) ?? runId,
              `run ${runId}`,
              () => this.ctx.open.run(runId),
              'mdb-Version-run'
            )
          : ''
      ),
      h('td', {}, lockBadge(version.lock_level)),
      h('td', {}, tagChips(version.labels ?? []))
    );
  }
}
