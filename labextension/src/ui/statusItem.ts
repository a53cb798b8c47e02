/**
 * Status-bar item: the active ModelDB run of the current notebook's kernel (attribute jupyter.kernel_id,
 * status RUNNING). Polls while a notebook with a kernel is current; a click opens the run.
 */
import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import { type NotebookRun, activeRunOfKernel } from '../model/notebookRun';
import { LiveRefresh } from '../model/poller';
import type { ModelDBContext } from './context';
import { reportError } from './notify';

export const STATUS_POLL_MS = 5000;

/** The kernel id of a notebook panel, if its session has a kernel. */
export function kernelIdOf(panel: NotebookPanel | null | undefined): string | undefined {
  return panel?.sessionContext.session?.kernel?.id ?? undefined;
}

export class NotebookRunStatus extends Widget {
  /** Emitted when the current notebook changes (the item shows only while a notebook is current). */
  readonly activeStateChanged = new Signal<this, void>(this);
  private current: NotebookRun | undefined;
  private failing = false;
  private watched: NotebookPanel | null = null;
  private readonly live: LiveRefresh;

  constructor(
    private readonly ctx: ModelDBContext,
    private readonly tracker: INotebookTracker
  ) {
    super({ node: document.createElement('span') });
    this.addClass('mdb-StatusItem');
    this.node.title = 'ModelDB run of this notebook';
    this.node.addEventListener('click', () => {
      if (this.current) {
        this.ctx.open.run(this.current.run.id);
      }
    });
    this.live = new LiveRefresh(() => this.check(), STATUS_POLL_MS);
    tracker.currentChanged.connect(this.onCurrentChanged, this);
    this.onCurrentChanged();
  }

  /** The run shown, if any (for the command "open run of this notebook"). */
  get activeRun(): NotebookRun | undefined {
    return this.current;
  }

  override dispose(): void {
    this.live.dispose();
    this.tracker.currentChanged.disconnect(this.onCurrentChanged, this);
    super.dispose();
  }

  private onCurrentChanged(): void {
    this.watched?.sessionContext.kernelChanged.disconnect(this.refresh, this);
    this.watched = this.tracker.currentWidget;
    this.watched?.sessionContext.kernelChanged.connect(this.refresh, this);
    this.activeStateChanged.emit();
    this.refresh();
  }

  /** Check now, then keep polling while a kernel is there. */
  refresh(): void {
    this.live.cancel();
    void this.check().then(live => this.live.update(live));
  }

  /** Look up the active run; resolves to whether polling should go on. */
  private async check(): Promise<boolean> {
    const kernelId = kernelIdOf(this.tracker.currentWidget);
    if (!kernelId) {
      this.display(undefined);
      return false;
    }
    try {
      this.display(await activeRunOfKernel(this.ctx.client, kernelId));
      this.failing = false;
    } catch (error) {
      if (!this.failing) {
        reportError('looking up the run of this notebook', error);
      }
      this.failing = true;
      this.node.textContent = 'ModelDB: unavailable';
    }
    return true;
  }

  private display(run: NotebookRun | undefined): void {
    this.current = run;
    this.node.classList.toggle('mdb-mod-active', run !== undefined);
    this.node.textContent = run ? `ModelDB ● ${run.run.name ?? run.run.id}` : 'ModelDB: no active run';
    this.node.dataset.runId = run?.run.id ?? '';
  }
}
