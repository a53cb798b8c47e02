/**
 * One model version: its stage (with a selector to change it) and stage history, its artifacts, and its lineage
 * back to the run it was registered from: the run, the commit the run used (versioning) and the dataset versions.
 */
import { Widget } from '@lumino/widgets';

import { int64 } from '../api/client';
import {
  type Activity,
  type ModelVersion,
  type RegisteredModel,
  RegistryApi,
  STAGES,
  type Stage
} from '../api/registry';
import type { ExperimentRun } from '../api/types';
import { type VersioningEntry, VersioningApi } from '../api/versioning';
import { formatTime, formatValue } from '../model/format';
import { historyText, stageHistory, stageLabel } from '../model/registry';
import type { ModelDBContext, ModelVersionTarget } from './context';
import { button, empty, h, keyValueTable, replaceChildren, section } from './dom';
import { errorMessage, reportError, reporting } from './notify';
import { tagChips } from './cells';
import { actionLink, lockBadge, stageBadge } from './registryCells';
import { versionArtifactsSection, versionCodeSection } from './versionSections';
import { shortSha } from '../model/versioning';

/** What the view shows of the version's source run; each part failing on its own becomes its message. */
export interface VersionLineage {
  run: ExperimentRun | undefined;
  runError: string;
  inputs: VersioningEntry | undefined;
  repositoryName: string;
  /** dataset version id → "<dataset> v<version>". */
  datasetNames: Record<string, string>;
}

interface VersionData {
  version: ModelVersion;
  model: RegisteredModel;
  activities: Activity[];
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
    const [model, activities, lineage] = await Promise.all([
      this.api.getModel(version.registered_model_id ?? ''),
      this.api.activities(version.id).then(
        items => ({ items, error: '' }),
        (error: unknown) => ({ items: [] as Activity[], error: errorMessage(error) })
      ),
      this.lineage(version)
    ]);
    return { version, model, activities: activities.items, activitiesError: activities.error, lineage };
  }

  /** The source run, the commit it used and the names of the dataset versions. */
  private async lineage(version: ModelVersion): Promise<VersionLineage> {
    const out: VersionLineage = {
      run: undefined,
      runError: '',
      inputs: undefined,
      repositoryName: '',
      datasetNames: {}
    };
    const runId = version.experiment_run_id;
    const names = (async () => {
      const ids = (version.datasets ?? []).map(d => d.linked_artifact_id ?? '').filter(id => id);
      await Promise.all(
        ids.map(async id => {
          out.datasetNames[id] = await this.versioning.datasetVersionName(id).catch(() => id);
        })
      );
    })();
    if (runId) {
      try {
        [out.run, out.inputs] = await Promise.all([
          this.ctx.client.getRun(runId),
          this.versioning.versionedInputs(runId).catch(() => undefined)
        ]);
        if (out.inputs?.repository_id !== undefined) {
          const repo = await this.versioning.getRepository(out.inputs.repository_id).catch(() => undefined);
          out.repositoryName = repo?.name ?? '';
        }
      } catch (error) {
        out.runError = errorMessage(error);
      }
    }
    await names;
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
    select.value = version.stage && version.stage !== 'UNKNOWN' ? version.stage : 'UNASSIGNED';
    const comment = h('input', {
      className: 'mdb-Promote-comment jp-mod-styled',
      attrs: { type: 'text', placeholder: 'comment (why)' }
    });
    comment.value = this.draft;
    comment.addEventListener('input', () => (this.draft = comment.value));
    const apply = button('Change stage', () => void this.promote(version, select.value as Stage, comment.value), {
      className: 'mdb-Promote-apply',
      title: 'Put the version in the chosen stage (recorded in its history and the audit trail)'
    });
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
    const rows = stageHistory(data.activities);
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
    const runId = version.experiment_run_id;
    if (!runId) {
      return section('Lineage', empty('Not registered from a run.'));
    }
    const rows: [string, HTMLElement | string][] = [];
    if (lineage.runError) {
      rows.push(['Run', h('span', { className: 'mdb-Note' }, `${runId}: ${lineage.runError}`)]);
    } else {
      const name = lineage.run?.name || runId;
      rows.push(['Run', actionLink(name, `run ${runId}`, () => this.ctx.open.run(runId), 'mdb-ModelVersion-run')]);
    }
    const inputs = lineage.inputs;
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
          h('span', { className: 'mdb-Note' }, ` (the commit the run used)`)
        )
      ]);
    } else {
      rows.push(['Commit', h('span', { className: 'mdb-Note' }, 'the run logged no commit')]);
    }
    const datasets = version.datasets ?? [];
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
