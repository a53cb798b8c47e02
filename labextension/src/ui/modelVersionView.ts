/**
 * One model version: its stage (with a selector to change it) and stage history, its artifacts, and its lineage
 * back to the run it was registered from: the run, the commit the run used (versioning) and the dataset versions.
 */
import { Widget } from '@lumino/widgets';

import { int64 } from '../api/client';
import {
  type Activity,
  type ModelVersionSource,
  type ModelVersion,
  type RegisteredModel,
  RegistryApi,
  STAGES,
  type Stage
} from '../api/registry';
import type { Artifact } from '../api/types';
import { VersioningApi } from '../api/versioning';
import { formatTime, formatValue } from '../model/format';
import { auditedFrom, historyText, stageHistory, stageLabel } from '../model/registry';
import type { ModelDBContext, ModelVersionTarget } from './context';
import { button, empty, h, keyValueTable, replaceChildren, section } from './dom';
import { errorMessage, reportError, reporting } from './notify';
import { tagChips } from './cells';
import { actionLink, lockBadge, stageBadge } from './registryCells';
import { versionArtifactsSection, versionCodeSection } from './versionSections';
import { shortSha } from '../model/versioning';

/** What the view shows of the version's source; a failing read becomes `error`, the rest stays readable. */
export interface VersionLineage {
  source: ModelVersionSource;
  error: string;
  repositoryName: string;
  /** The version's dataset versions, and the run's (by dataset version id, the version's first). */
  datasets: Artifact[];
  /** dataset version id → "<dataset> v<version>". */
  datasetNames: Record<string, string>;
}

interface VersionData {
  version: ModelVersion;
  model: RegisteredModel;
  activities: Activity[];
  /** The stage each change started from, by activity id (the audit trail). */
  from: Map<string, Stage>;
  activitiesError: string;
  lineage: VersionLineage;
}

export class ModelVersionView extends Widget {
  private readonly api: RegistryApi;
  private readonly versioning: VersioningApi;
  private readonly heading = h('h2', { className: 'mdb-ModelVersion-title' });
  private readonly body = h('div', { className: 'mdb-ModelVersion-body' }, 'Loading…');
  /** The promote form's comment outlives re-renders (a refresh must not eat what is being typed). */
  private draft = '';

  constructor(
    private readonly ctx: ModelDBContext,
    readonly target: ModelVersionTarget
  ) {
    super();
    this.api = new RegistryApi(ctx.client.http);
    this.versioning = new VersioningApi(ctx.client.http);
    this.addClass('mdb-ModelVersionView');
    this.node.dataset.versionId = target.versionId;
    this.title.label = `Model version: ${target.name ?? target.versionId}`;
    this.heading.textContent = target.name ?? target.versionId;
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
    let data: VersionData;
    try {
      data = await this.fetch();
    } catch (error) {
      reportError(`loading model version ${this.target.name ?? this.target.versionId}`, error);
      return;
    }
    this.render(data);
  }

  private async fetch(): Promise<VersionData> {
    const version = await this.api.getVersion(this.target.versionId);
    const [model, activities, from, lineage] = await Promise.all([
      this.api.getModel(version.registered_model_id ?? ''),
      this.api.activities(version.id).then(
        items => ({ items, error: '' }),
        (error: unknown) => ({ items: [] as Activity[], error: errorMessage(error) })
      ),
      this.ctx.client.findAuditRecords({ entity_id: `mv:${version.id}`, entity_type: 'model_version' }).then(
        page => auditedFrom(page.items),
        () => new Map<string, Stage>()
      ),
      this.lineage(version)
    ]);
    return { version, model, activities: activities.items, from, activitiesError: activities.error, lineage };
  }

  /** The source run, the commit it used, and the dataset versions (the version's and its run's) by name. */
  private async lineage(version: ModelVersion): Promise<VersionLineage> {
    const out: VersionLineage = { source: {}, error: '', repositoryName: '', datasets: [], datasetNames: {} };
    try {
      out.source = await this.api.getSource(version.id);
      const repoId = out.source.versioned_inputs?.repository_id;
      if (out.source.versioned_inputs?.commit && repoId !== undefined) {
        out.repositoryName = (await this.versioning.getRepository(repoId).catch(() => undefined))?.name ?? '';
      }
    } catch (error) {
      out.error = errorMessage(error);
    }
    const seen = new Set<string>();
    for (const d of [...(version.datasets ?? []), ...(out.source.datasets ?? [])]) {
      const id = d.linked_artifact_id || `${d.key}:${d.path ?? ''}`;
      if (!seen.has(id)) {
        seen.add(id);
        out.datasets.push(d);
      }
    }
    const ids = out.datasets.map(d => d.linked_artifact_id ?? '').filter(id => id);
    await Promise.all(
      ids.map(async id => {
        out.datasetNames[id] = await this.versioning.datasetVersionName(id).catch(() => id);
      })
    );
    return out;
  }

  private render(data: VersionData): void {
    const { version, model } = data;
    const modelName = model.name ?? String(model.id);
    const label = version.version || String(version.id);
    this.heading.textContent = `${modelName} / ${label}`;
    this.title.label = `Model version: ${modelName} ${label}`;
    this.node.dataset.stage = version.stage ?? 'UNKNOWN';
    replaceChildren(
      this.body,
      this.summary(version, model),
      this.stageSection(version, data),
      versionArtifactsSection(this.ctx, this.api, version),
      this.lineageSection(version, data.lineage),
      versionCodeSection(version),
      section(
        'Attributes',
        (version.attributes ?? []).length
          ? keyValueTable(
              (version.attributes ?? []).map(a => [a.key, formatValue(a.value)] as [string, string]),
              'mdb-ModelVersion-attributes'
            )
          : empty('No attributes.')
      )
    );
  }

  private summary(version: ModelVersion, model: RegisteredModel): HTMLElement {
    const modelName = model.name ?? String(model.id);
    const openModel = (): void => this.ctx.open.model({ modelId: String(model.id), name: modelName });
    return section(
      'Version',
      keyValueTable(
        [
          ['Model', actionLink(modelName, `model ${model.id}`, openModel, 'mdb-ModelVersion-model')],
          ['Version', version.version ?? ''],
          ['Stage', stageBadge(version.stage)],
          ['Lock', lockBadge(version.lock_level)],
          ['Description', version.description ?? ''],
          ['Labels', tagChips(version.labels ?? [])],
          ['Owner', version.owner ?? ''],
          ['Created', formatTime(int64(version.time_created))],
          ['Updated', formatTime(int64(version.time_updated))],
          ['Archived', version.archived === 'TRUE' ? 'yes' : 'no']
        ],
        'mdb-ModelVersion-info'
      )
    );
  }

  /** The stage selector (StageService updateStage with a comment) above the version's stage history. */
  private stageSection(version: ModelVersion, data: VersionData): HTMLElement {
    const select = h('select', { className: 'mdb-Promote-stage', title: 'The stage to put the version in' });
    for (const stage of STAGES) {
      select.append(new Option(stageLabel(stage), stage));
    }
    const current = version.stage ?? 'UNKNOWN';
    select.value = STAGES.includes(current) ? current : (STAGES[0] ?? '');
    const comment = h('input', {
      className: 'mdb-Promote-comment jp-mod-styled',
      attrs: { type: 'text', placeholder: 'comment (why)' }
    });
    comment.value = this.draft;
    comment.addEventListener('input', () => (this.draft = comment.value));
    const apply = button('Change stage', () => void this.promote(version, select.value as Stage, comment.value), {
      className: 'mdb-Promote-apply',
      title: 'Move the version to the chosen stage (recorded in its history and the audit trail)'
    });
    // The version is already in the stage chosen: nothing to change.
    const sync = (): void => {
      apply.disabled = select.value === current;
    };
    select.addEventListener('change', sync);
    sync();
    return section(
      'Stage',
      h('div', { className: 'mdb-Promote' }, 'Current: ', stageBadge(version.stage), ' → ', select, comment, apply),
      this.historyTable(data)
    );
  }

  private historyTable(data: VersionData): HTMLElement {
    if (data.activitiesError) {
      return empty(`Cannot load the stage history: ${data.activitiesError}`);
    }
    const rows = stageHistory(data.activities, data.from);
    if (rows.length === 0) {
      return empty('No stage changes yet.');
    }
    return h(
      'table',
      { className: 'mdb-Table mdb-StageHistory' },
      h('thead', {}, h('tr', {}, ...['when', 'who', 'what', 'comment'].map(c => h('th', {}, c)))),
      h(
        'tbody',
        {},
        ...rows.map(row =>
          h(
            'tr',
            {
              className: 'mdb-StageHistory-row',
              data: { kind: row.kind, from: row.from ?? '', to: row.to ?? '' }
            },
            h('td', {}, formatTime(row.time)),
            h('td', {}, row.author),
            h('td', { className: 'mdb-StageHistory-what' }, historyText(row)),
            h('td', { className: 'mdb-StageHistory-comment' }, row.comment)
          )
        )
      )
    );
  }

  private async promote(version: ModelVersion, stage: Stage, comment: string): Promise<void> {
    const done = await reporting(`changing the stage to ${stageLabel(stage)}`, () =>
      this.api.updateStage(version.id, stage, comment)
    );
    if (done !== undefined) {
      this.draft = '';
    }
    await this.refresh();
  }

  /** Version ← run ← commit and dataset versions: where the model came from. */
  private lineageSection(version: ModelVersion, lineage: VersionLineage): HTMLElement {
    const { source } = lineage;
    const runId = source.experiment_run_id || version.experiment_run_id;
    const rows: [string, HTMLElement | string][] = [];
    if (lineage.error) {
      rows.push(['Run', h('span', { className: 'mdb-Note' }, `Cannot load the source: ${lineage.error}`)]);
    } else if (!runId) {
      rows.push(['Run', h('span', { className: 'mdb-Note' }, 'not registered from a run')]);
    } else if (source.run_deleted) {
      rows.push(['Run', h('span', { className: 'mdb-Note mdb-ModelVersion-run' }, `${runId} (deleted)`)]);
    } else {
      const name = source.experiment_run_name || runId;
      rows.push(['Run', actionLink(name, `run ${runId}`, () => this.ctx.open.run(runId), 'mdb-ModelVersion-run')]);
    }
    const inputs = source.versioned_inputs;
    if (inputs?.commit) {
      const repoId = String(inputs.repository_id ?? '');
      const repoName = lineage.repositoryName || repoId;
      const sha = inputs.commit;
      const open = (): void => this.ctx.open.repository({ repoId, name: repoName, commitSha: sha });
      rows.push([
        'Commit',
        h(
          'span',
          {},
          actionLink(`${repoName}@${shortSha(sha)}`, sha, open, 'mdb-ModelVersion-commit'),
          h('span', { className: 'mdb-Note' }, ' (the commit the run used)')
        )
      ]);
    } else if (runId) {
      rows.push(['Commit', h('span', { className: 'mdb-Note' }, 'the run logged no commit')]);
    }
    const datasets = lineage.datasets;
    return section(
      'Lineage',
      keyValueTable(rows, 'mdb-ModelVersion-lineage'),
      h('h4', {}, 'Dataset versions'),
      datasets.length
        ? h(
            'ul',
            { className: 'mdb-List mdb-ModelVersion-datasets' },
            ...datasets.map(d => {
              const id = d.linked_artifact_id ?? '';
              const name = id ? (lineage.datasetNames[id] ?? id) : d.path || '';
              return h(
                'li',
                { className: 'mdb-ModelVersion-dataset', data: { key: d.key, datasetVersionId: id } },
                h('span', { className: 'mdb-Note' }, `${d.key}: `),
                id ? actionLink(name, `dataset version ${id}`, () => this.ctx.open.datasets()) : name
              );
            })
          )
        : empty('No dataset versions.')
    );
  }
}
