/** Opens the main-area views, reusing an open view of the same thing instead of adding a duplicate. */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget } from '@jupyterlab/apputils';
import type { Widget } from '@lumino/widgets';

import type { ModelDBClient } from './api/client';
import { CompareView } from './ui/compareView';
import type {
  ModelDBContext,
  ModelTarget,
  ModelVersionTarget,
  Opener,
  RepositoryTarget,
  RunsTarget
} from './ui/context';
import { DatasetsView } from './ui/datasetsView';
import { ModelVersionView } from './ui/modelVersionView';
import { ModelView } from './ui/modelView';
import { RepositoryView } from './ui/repositoryView';
import { RunView } from './ui/runView';
import { RunsView } from './ui/runsView';

export class MainAreaOpener implements Opener {
  private readonly open = new Map<string, MainAreaWidget>();
  private readonly ctx: ModelDBContext;

  constructor(
    private readonly app: JupyterFrontEnd,
    client: ModelDBClient
  ) {
    this.ctx = { client, open: this };
  }

  get context(): ModelDBContext {
    return this.ctx;
  }

  runs(target: RunsTarget): void {
    const key = `runs:${target.projectId ?? ''}:${target.experimentId ?? ''}`;
    this.show(key, `Runs: ${target.title}`, () => new RunsView(this.ctx, target));
  }

  run(runId: string): void {
    this.show(`run:${runId}`, 'Run', () => new RunView(this.ctx, runId));
  }

  compare(runIds: string[]): void {
    this.show(
      `compare:${[...runIds].sort().join(',')}`,
      `Compare ${runIds.length} runs`,
      () => new CompareView(this.ctx, runIds)
    );
  }

  datasets(): void {
    this.show('datasets', 'ModelDB datasets', () => new DatasetsView(this.ctx));
  }

  repository(target: RepositoryTarget): void {
    const key = `repository:${target.repoId}`;
    const existing = this.open.get(key);
    if (existing && !existing.isDisposed && target.commitSha && existing.content instanceof RepositoryView) {
      existing.content.showCommit(target.commitSha);
    }
    this.show(key, `Repository: ${target.name ?? target.repoId}`, () => new RepositoryView(this.ctx, target));
  }

  model(target: ModelTarget): void {
    const label = `Model: ${target.name ?? target.modelId}`;
    this.show(`model:${target.modelId}`, label, () => new ModelView(this.ctx, target));
  }

  modelVersion(target: ModelVersionTarget): void {
    const label = `Model version: ${target.name ?? target.versionId}`;
    this.show(`model-version:${target.versionId}`, label, () => new ModelVersionView(this.ctx, target));
  }

  private show(key: string, label: string, create: () => Widget): void {
    const existing = this.open.get(key);
    if (existing && !existing.isDisposed) {
      this.app.shell.activateById(existing.id);
      return;
    }
    const content = create();
    // MainAreaWidget mirrors its content's title (RunView renames itself once the run is loaded).
    content.title.label = content.title.label || label;
    content.title.closable = true;
    const widget = new MainAreaWidget({ content });
    widget.id = `modeldb-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
    widget.addClass('mdb-MainArea');
    widget.disposed.connect(() => this.open.delete(key));
    this.open.set(key, widget);
    this.app.shell.add(widget, 'main');
    this.app.shell.activateById(widget.id);
  }
}
