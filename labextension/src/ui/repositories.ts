/** The side panel's "Repositories" section: the workspace's versioning repositories; one opens its view. */
import { int64 } from '../api/client';
import { type Repository, VersioningApi } from '../api/versioning';
import { formatTime } from '../model/format';
import type { ModelDBContext } from './context';
import { empty, h, replaceChildren } from './dom';
import { errorMessage } from './notify';

export class RepositoriesSection {
  readonly node = h('section', { className: 'mdb-Repos' });
  private readonly list = h('ul', { className: 'mdb-List mdb-Repos-list' });
  private readonly count = h('span', { className: 'mdb-Tree-count mdb-Repos-count' });
  private readonly api: VersioningApi;

  constructor(private readonly ctx: ModelDBContext) {
    this.api = new VersioningApi(ctx.client.http);
    this.node.append(
      h('h3', { className: 'mdb-Section-title mdb-Repos-title' }, 'Repositories ', this.count),
      this.list
    );
  }

  /** Reload the list; a failure shows in the section (the projects above stay usable). */
  async refresh(): Promise<void> {
    let page: { items: Repository[]; total: number };
    try {
      page = await this.api.listRepositories();
    } catch (error) {
      this.count.textContent = '';
      replaceChildren(this.list, empty(`Cannot load repositories: ${errorMessage(error)}`));
      return;
    }
    const shown = page.items.length;
    this.count.textContent = page.total > shown ? `${shown} of ${page.total}` : String(shown);
    if (shown === 0) {
      replaceChildren(this.list, empty('No repositories yet.'));
      return;
    }
    replaceChildren(this.list, ...page.items.map(r => this.item(r)));
  }

  private item(repo: Repository): HTMLElement {
    const name = repo.name ?? String(repo.id);
    return h(
      'li',
      {
        className: 'mdb-List-item mdb-Repo',
        data: { repoId: String(repo.id), name },
        title: repo.description || name,
        on: { click: () => this.ctx.open.repository({ repoId: String(repo.id), name }) }
      },
      h('span', { className: 'mdb-List-name' }, name),
      h('span', { className: 'mdb-Note' }, formatTime(int64(repo.date_updated)))
    );
  }
}
