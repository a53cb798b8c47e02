/** One run: everything it logged, its charts, code, artifacts, comments and audit history; live while RUNNING. */
import { Widget } from '@lumino/widgets';

import type { Artifact, AuditRecord, Comment, DownsampledSeries, ExperimentRun, RunState } from '../api/types';
import { LiveRefresh } from '../model/poller';
import { CHART_BUCKETS } from '../model/series';
import { artifactText } from './artifacts';
import { artifactsSection, codeSection } from './codeSection';
import type { ModelDBContext } from './context';
import { button, h, replaceChildren } from './dom';
import { reportError, reporting } from './notify';
import {
  type CommentDraft,
  auditSection,
  commentsSection,
  datasetsSection,
  keyValuesSection,
  metricsSection,
  observationsSection,
  summarySection
} from './runSections';
import { type RunRegistry, fetchRunRegistry, registeredVersionsSection } from './runRegistry';
import { type RunVersioning, fetchRunVersioning, lineageSection, versionedInputsSection } from './runVersioning';

const AUDIT_LIMIT = 50;

interface RunData {
  run: ExperimentRun;
  state: RunState | undefined;
  history: DownsampledSeries[];
  comments: Comment[];
  audit: AuditRecord[];
  auditTotal: number;
  projectName: string;
  experimentName: string;
  versioning: RunVersioning;
  registry: RunRegistry;
}

export class RunView extends Widget {
  private readonly body = h('div', { className: 'mdb-RunView-body' }, 'Loading…');
  private readonly title_ = h('h2', { className: 'mdb-RunView-title' });
  private readonly live: LiveRefresh;
  private readonly texts = new Map<string, Promise<string>>();
  private names = new Map<string, string>();
  private readonly draft: CommentDraft = { text: '' };
  private rendered = '';

  constructor(
    private readonly ctx: ModelDBContext,
    readonly runId: string
  ) {
    super();
    this.addClass('mdb-RunView');
    this.node.dataset.runId = runId;
    this.live = new LiveRefresh(() => this.load());
    this.node.append(
      h(
        'div',
        { className: 'mdb-Runs-toolbar' },
        this.title_,
        h('span', { className: 'mdb-Spacer' }),
        button('Refresh', () => void this.refresh())
      ),
      this.body
    );
    void this.refresh();
  }

  override dispose(): void {
    this.live.dispose();
    super.dispose();
  }

  async refresh(): Promise<void> {
    this.live.update(await this.load());
  }

  /** Load and render; resolves to whether the run is still RUNNING. */
  private async load(): Promise<boolean> {
    let data: RunData;
    try {
      data = await this.fetch();
    } catch (error) {
      reportError(`loading run ${this.runId}`, error);
      return false;
    }
    this.render(data);
    return data.state?.status === 'RUNNING';
  }

  private async fetch(): Promise<RunData> {
    const { client } = this.ctx;
    const run = await client.getRun(this.runId);
    const [states, history, comments, audit, versioning, registry] = await Promise.all([
      client.getRunStates([run.id]),
      client.downsampleMetricHistory([run.id], CHART_BUCKETS),
      client.getComments(run.id).catch(() => [] as Comment[]),
      client.findAuditRecords({ entity_id: run.id, descending: true, page_number: 1, page_limit: AUDIT_LIMIT }),
      fetchRunVersioning(client, run.id),
      fetchRunRegistry(client, run.id)
    ]);
    return {
      run,
      state: states.find(s => s.run_id === run.id),
      history,
      comments,
      audit: audit.items,
      auditTotal: audit.total,
      projectName: await this.nameOf('project', run.project_id),
      experimentName: await this.nameOf('experiment', run.experiment_id),
      versioning,
      registry
    };
  }

  /** Project and experiment names, fetched once. */
  private async nameOf(kind: 'project' | 'experiment', id: string | undefined): Promise<string> {
    if (!id) {
      return '';
    }
    const known = this.names.get(id);
    if (known !== undefined) {
      return known;
    }
    const entity = kind === 'project' ? await this.ctx.client.getProject(id) : await this.ctx.client.getExperiment(id);
    const name = entity.name ?? id;
    this.names.set(id, name);
    return name;
  }

  private loadText = (artifact: Artifact): Promise<string> => {
    const cacheKey = `${artifact.key}\u0000${artifact.path ?? ''}`;
    let text = this.texts.get(cacheKey);
    if (!text) {
      text = artifactText(this.ctx.client, this.runId, artifact);
      text.catch(() => this.texts.delete(cacheKey));
      this.texts.set(cacheKey, text);
    }
    return text;
  };

  private render(data: RunData): void {
    // A live run is re-fetched every few seconds: redraw only when something changed.
    const fingerprint = JSON.stringify(data);
    if (fingerprint === this.rendered) {
      return;
    }
    this.rendered = fingerprint;
    const { run } = data;
    const active = document.activeElement;
    const typing = active instanceof HTMLTextAreaElement && this.body.contains(active) ? active : undefined;
    const selection = typing ? [typing.selectionStart, typing.selectionEnd] : undefined;
    this.title.label = `Run: ${run.name ?? run.id}`;
    this.title_.textContent = run.name ?? run.id;
    // Open <details> (previews, requirements) stay open across live re-renders.
    const key = (d: HTMLDetailsElement): string => d.dataset.artifact ?? d.querySelector('summary')?.textContent ?? '';
    const open = new Set([...this.body.querySelectorAll<HTMLDetailsElement>('details[open]')].map(key));
    replaceChildren(
      this.body,
      summarySection(this.ctx, data),
      keyValuesSection('Hyperparameters', run.hyperparameters, 'mdb-Run-hyperparameters'),
      metricsSection(run, data.history),
      observationsSection(run),
      artifactsSection(this.ctx, run),
      datasetsSection(this.ctx, run),
      codeSection(this.ctx, run, this.loadText),
      versionedInputsSection(this.ctx, data.versioning),
      lineageSection(this.ctx, run.name ?? run.id, data.versioning),
      registeredVersionsSection(this.ctx, data.registry),
      keyValuesSection('Attributes', run.attributes, 'mdb-Run-attributes'),
      commentsSection(data.comments, this.draft, message => void this.comment(message)),
      auditSection(data.audit, data.auditTotal)
    );
    for (const details of this.body.querySelectorAll<HTMLDetailsElement>('details')) {
      if (open.has(key(details))) {
        details.open = true;
      }
    }
    if (selection) {
      const input = this.body.querySelector<HTMLTextAreaElement>('.mdb-Comment-input');
      input?.focus();
      input?.setSelectionRange(selection[0] ?? 0, selection[1] ?? 0);
    }
  }

  private async comment(message: string): Promise<void> {
    await reporting('adding a comment', () => this.ctx.client.addComment(this.runId, message));
    await this.refresh();
  }
}
