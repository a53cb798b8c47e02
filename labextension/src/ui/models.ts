/**
 * The side panel's "Models" section: the registry's registered models with their version counts and the stage of
 * each one's newest version; a model opens its view.
 */
import { int64 } from '../api/client';
import { type ModelSummary, RegistryApi } from '../api/registry';
import { formatTime } from '../model/format';
import { stageLabel } from '../model/registry';
import type { ModelDBContext } from './context';
import { empty, h, replaceChildren } from './dom';
import { errorMessage } from './notify';
import { stageBadge } from './registryCells';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export class ModelsSection {
  readonly node = h('section', { className: 'mdb-Models' });
  private readonly list = h('ul', { className: 'mdb-List mdb-Models-list' });
  private readonly count = h('span', { className: 'mdb-Tree-count mdb-Models-count' });
  private readonly api: RegistryApi;

  constructor(private readonly ctx: ModelDBContext) {
    this.api = new RegistryApi(ctx.client.http);
    this.node.append(h('h3', { className: 'mdb-Section-title mdb-Models-title' }, 'Models ', this.count), this.list);
  }

  /** Reload the list; a failure shows in the section (the rest of the panel stays usable). */
  async refresh(): Promise<void> {
    let summaries: ModelSummary[];
    let total: number;
    try {
      const page = await this.api.findModels();
      total = page.total;
      summaries = await Promise.all(page.items.map(m => this.api.summary(m)));
    } catch (error) {
      this.count.textContent = '';
      replaceChildren(this.list, empty(`Cannot load the registry: ${errorMessage(error)}`));
      return;
    }
    const shown = summaries.length;
    this.count.textContent = total > shown ? `${shown} of ${total}` : String(shown);
    if (shown === 0) {
      replaceChildren(this.list, empty('No registered models yet.'));
      return;
    }
    replaceChildren(this.list, ...summaries.map(s => this.item(s)));
  }

  private item({ model, versionCount, newest }: ModelSummary): HTMLElement {
    const name = model.name ?? String(model.id);
    const newestText = newest ? `newest: ${newest.version ?? newest.id} (${stageLabel(newest.stage)})` : 'no versions';
    return h(
      'li',
      {
        className: 'mdb-List-item mdb-Model',
        data: { modelId: String(model.id), name, versions: String(versionCount) },
        title: `${model.description || name}\n${newestText}\nupdated ${formatTime(int64(model.time_updated))}`,
        on: { click: () => this.ctx.open.model({ modelId: String(model.id), name }) }
      },
      h('span', { className: 'mdb-List-name' }, name),
      h('span', { className: 'mdb-Tree-count mdb-Model-versions' }, plural(versionCount, 'version')),
      newest ? stageBadge(newest.stage) : null
    );
  }
}
