/** The "ModelDB" side panel: a tree of projects → experiments with counts; an experiment opens its runs. */
import { Widget } from '@lumino/widgets';

import type { Project } from '../api/types';
import { type ExperimentNode, type ProjectNode, loadExperiments, loadProjects } from '../model/tree';
import type { ModelDBContext } from './context';
import { button, empty, h, replaceChildren } from './dom';
import { errorMessage, reportError } from './notify';
import { ModelsSection } from './models';
import { RepositoriesSection } from './repositories';

export const PANEL_ID = 'modeldb-panel';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export class ModelDBPanel extends Widget {
  private readonly tree = h('ul', { className: 'mdb-Tree', attrs: { role: 'tree' } });
  private readonly statusLine = h('div', { className: 'mdb-Panel-status' });
  private readonly expanded = new Set<string>();
  private readonly experiments = new Map<string, ExperimentNode[]>();
  private projects: ProjectNode[] = [];
  private readonly repositories: RepositoriesSection;
  private readonly models: ModelsSection;

  constructor(private readonly ctx: ModelDBContext) {
    super();
    this.id = PANEL_ID;
    this.addClass('mdb-Panel');
    const header = h(
      'div',
      { className: 'mdb-Panel-header' },
      h('h2', { className: 'mdb-Panel-title' }, 'ModelDB'),
      h(
        'div',
        { className: 'mdb-Panel-actions' },
        button('Datasets', () => this.ctx.open.datasets(), {
          className: 'mdb-Panel-datasets',
          title: 'Datasets and their versions'
        }),
        button('Refresh', () => void this.refresh(), {
          className: 'mdb-Panel-refresh',
          title: 'Reload projects and counts'
        })
      )
    );
    this.repositories = new RepositoriesSection(ctx);
    this.models = new ModelsSection(ctx);
    this.node.append(header, this.statusLine, this.tree, this.models.node, this.repositories.node);
  }

  /** Counts change as notebooks log runs: reload whenever the panel is opened. */
  protected override onAfterShow(): void {
    void this.refresh();
  }

  /** Reload projects (and the experiments of expanded projects). */
  async refresh(): Promise<void> {
    this.statusLine.textContent = 'Loading…';
    void this.repositories.refresh();
    void this.models.refresh();
    try {
      this.projects = await loadProjects(this.ctx.client);
      const open = this.projects.filter(p => this.expanded.has(p.project.id));
      await Promise.all(open.map(p => this.loadExperimentsOf(p.project.id)));
      this.statusLine.textContent = plural(this.projects.length, 'project');
    } catch (error) {
      this.statusLine.textContent = `Cannot load projects: ${errorMessage(error)}`;
      reportError('loading projects', error);
    }
    this.render();
  }

  private async loadExperimentsOf(projectId: string): Promise<void> {
    this.experiments.set(projectId, await loadExperiments(this.ctx.client, projectId));
  }

  private async toggle(projectId: string): Promise<void> {
    if (this.expanded.delete(projectId)) {
      this.render();
      return;
    }
    this.expanded.add(projectId);
    if (!this.experiments.has(projectId)) {
      try {
        await this.loadExperimentsOf(projectId);
      } catch (error) {
        this.expanded.delete(projectId);
        reportError('loading experiments', error);
      }
    }
    this.render();
  }

  private render(): void {
    if (this.projects.length === 0) {
      replaceChildren(this.tree, empty('No projects yet. Log a run from a notebook to create one.'));
      return;
    }
    replaceChildren(this.tree, ...this.projects.map(p => this.projectItem(p)));
  }

  private projectItem(node: ProjectNode): HTMLElement {
    const { project } = node;
    const open = this.expanded.has(project.id);
    const label = h(
      'div',
      {
        className: 'mdb-Tree-row mdb-Tree-projectRow',
        title: project.description || project.name || project.id,
        on: { click: () => void this.toggle(project.id) }
      },
      h('span', { className: `mdb-Tree-caret${open ? ' mdb-mod-open' : ''}` }, open ? '▾' : '▸'),
      h('span', { className: 'mdb-Tree-name' }, project.name ?? project.id),
      h(
        'span',
        { className: 'mdb-Tree-count', title: 'experiments · runs' },
        `${plural(node.experimentCount, 'exp')} · ${plural(node.runCount, 'run')}`
      ),
      button('all runs', () => this.openProject(project), {
        className: 'mdb-Tree-open',
        title: 'All runs of the project'
      })
    );
    label.querySelector('.mdb-Tree-open')?.addEventListener('click', event => event.stopPropagation());
    const item = h(
      'li',
      {
        className: 'mdb-Tree-project',
        data: { projectId: project.id, name: project.name ?? '' },
        attrs: { role: 'treeitem' }
      },
      label
    );
    if (open) {
      const experiments = this.experiments.get(project.id) ?? [];
      item.appendChild(
        h(
          'ul',
          { className: 'mdb-Tree-children', attrs: { role: 'group' } },
          ...(experiments.length
            ? experiments.map(e => this.experimentItem(project, e))
            : [h('li', {}, empty('No experiments'))])
        )
      );
    }
    return item;
  }

  private experimentItem(project: Project, node: ExperimentNode): HTMLElement {
    const { experiment } = node;
    const title = `${project.name ?? project.id} / ${experiment.name ?? experiment.id}`;
    return h(
      'li',
      {
        className: 'mdb-Tree-experiment',
        data: { experimentId: experiment.id, name: experiment.name ?? '' },
        attrs: { role: 'treeitem' }
      },
      h(
        'div',
        {
          className: 'mdb-Tree-row',
          title: experiment.description || title,
          on: {
            click: () => this.ctx.open.runs({ projectId: project.id, experimentId: experiment.id, title })
          }
        },
        h('span', { className: 'mdb-Tree-name' }, experiment.name ?? experiment.id),
        h('span', { className: 'mdb-Tree-count' }, plural(node.runCount, 'run'))
      )
    );
  }

  private openProject(project: Project): void {
    this.ctx.open.runs({ projectId: project.id, title: project.name ?? project.id });
  }
}
