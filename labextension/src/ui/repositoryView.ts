/**
 * One repository: its branches and tags, the commit log of the selected one, and the selected commit's blobs
 * and diff against its first parent (or a commit chosen from the log).
 */
import { Widget } from '@lumino/widgets';

import { int64 } from '../api/client';
import { type BlobExpanded, type Commit, VersioningApi } from '../api/versioning';
import { formatTime } from '../model/format';
import { diffRows, refLabels, shortSha } from '../model/versioning';
import { commitLogTable } from './commitLog';
import type { ModelDBContext, RepositoryTarget } from './context';
import { blobsTable, diffTable } from './diffView';
import { button, empty, h, keyValueTable, replaceChildren } from './dom';
import { reportError } from './notify';

const DEFAULT_BRANCH = 'master';

/** What the log shows: a branch, a tag, or (opened from a run) a commit and its ancestors. */
type Ref = { kind: 'branch' | 'tag'; name: string } | { kind: 'commit'; name: string };

export class RepositoryView extends Widget {
  private readonly api: VersioningApi;
  private readonly heading = h('h2', { className: 'mdb-Repo-title' });
  private readonly refsPane = h('div', { className: 'mdb-Repo-refs' });
  private readonly logTitle = h('h3', {}, 'Log');
  private readonly logPane = h('div', { className: 'mdb-Repo-log' });
  private readonly commitPane = h('div', { className: 'mdb-Repo-commit' });
  private branches: string[] = [];
  private tags: string[] = [];
  private labels = new Map<string, string[]>();
  private commits: Commit[] = [];
  private ref: Ref | undefined;
  private selected: string | undefined;
  /** The commit the diff compares against; undefined = the selected commit's first parent. */
  private against: string | undefined;
  /** Bumped by every selection: answers of an older one are dropped. */
  private generation = 0;

  constructor(
    ctx: ModelDBContext,
    readonly target: RepositoryTarget
  ) {
    super();
    this.api = new VersioningApi(ctx.client.http);
    this.addClass('mdb-RepositoryView');
    this.node.dataset.repoId = target.repoId;
    this.title.label = `Repository: ${target.name ?? target.repoId}`;
    this.heading.textContent = target.name ?? target.repoId;
    this.node.append(
      h(
        'div',
        { className: 'mdb-Runs-toolbar' },
        this.heading,
        h('span', { className: 'mdb-Spacer' }),
        button('Refresh', () => void this.load(this.ref, this.selected))
      ),
      h(
        'div',
        { className: 'mdb-Repo-columns' },
        h('div', { className: 'mdb-Repo-pane' }, this.refsPane),
        h('div', { className: 'mdb-Repo-pane' }, this.logTitle, this.logPane)
      ),
      this.commitPane
    );
    replaceChildren(this.commitPane, empty('Select a commit of the log.'));
    const start: Ref | undefined = target.commitSha ? { kind: 'commit', name: target.commitSha } : undefined;
    void this.load(start, target.commitSha);
  }

  /** Show a commit (from a run's versioned inputs): its ancestry as the log, the commit selected. */
  showCommit(sha: string): void {
    void this.load({ kind: 'commit', name: sha }, sha);
  }

  /** Reload refs, then the log of `ref` (default: master, else the first branch), then select `sha`. */
  private async load(ref: Ref | undefined, sha: string | undefined): Promise<void> {
    const { repoId } = this.target;
    try {
      const [repo, branches, tags] = await Promise.all([
        this.api.getRepository(repoId),
        this.api.listBranches(repoId),
        this.api.listTags(repoId)
      ]);
      const heads = await Promise.all([
        ...branches.map(async b => [b, await this.api.getBranch(repoId, b)] as [string, Commit]),
        ...tags.map(async t => [t, await this.api.getTag(repoId, t)] as [string, Commit])
      ]);
      this.branches = [...branches].sort();
      this.tags = [...tags].sort();
      this.labels = refLabels(heads);
      this.heading.textContent = repo.name ?? repoId;
      this.title.label = `Repository: ${repo.name ?? repoId}`;
    } catch (error) {
      reportError(`loading repository ${this.target.name ?? repoId}`, error);
      return;
    }
    const fallback = this.branches.includes(DEFAULT_BRANCH) ? DEFAULT_BRANCH : this.branches[0];
    await this.selectRef(ref ?? (fallback ? { kind: 'branch', name: fallback } : undefined), sha);
  }

  private renderRefs(): void {
    const item = (kind: 'branch' | 'tag', name: string): HTMLElement => {
      const current = this.ref?.kind === kind && this.ref.name === name;
      return h(
        'li',
        {
          className: `mdb-List-item mdb-Ref${current ? ' mdb-mod-selected' : ''}`,
          data: kind === 'branch' ? { branch: name } : { tag: name },
          on: { click: () => void this.selectRef({ kind, name }, undefined) }
        },
        h('span', { className: 'mdb-List-name' }, name)
      );
    };
    replaceChildren(
      this.refsPane,
      h('h3', {}, 'Branches'),
      this.branches.length
        ? h('ul', { className: 'mdb-List mdb-Repo-branches' }, ...this.branches.map(b => item('branch', b)))
        : empty('No branches.'),
      h('h3', {}, 'Tags'),
      this.tags.length
        ? h('ul', { className: 'mdb-List mdb-Repo-tags' }, ...this.tags.map(t => item('tag', t)))
        : empty('No tags.')
    );
  }

  private async selectRef(ref: Ref | undefined, sha: string | undefined): Promise<void> {
    this.ref = ref;
    this.renderRefs();
    const generation = ++this.generation;
    if (!ref) {
      this.commits = [];
      replaceChildren(this.logPane, empty('No branches.'));
      return;
    }
    this.logTitle.textContent = ref.kind === 'commit' ? `Log of commit ${shortSha(ref.name)}` : `Log of ${ref.name}`;
    let commits: Commit[];
    try {
      const head = ref.kind === 'tag' ? (await this.api.getTag(this.target.repoId, ref.name)).commit_sha : ref.name;
      commits = await this.api.log(
        this.target.repoId,
        ref.kind === 'branch' ? { branch: ref.name } : { commitSha: head ?? '' }
      );
    } catch (error) {
      reportError(`loading the log of ${ref.name}`, error);
      return;
    }
    if (generation !== this.generation) {
      return;
    }
    this.commits = commits;
    const keep = sha && commits.some(c => c.commit_sha === sha) ? sha : undefined;
    await this.selectCommit(keep ?? commits[0]?.commit_sha, undefined);
  }

  private renderLog(): void {
    replaceChildren(
      this.logPane,
      commitLogTable(this.commits, this.labels, this.selected, sha => void this.selectCommit(sha, undefined))
    );
  }

  private async selectCommit(sha: string | undefined, against: string | undefined): Promise<void> {
    this.selected = sha;
    this.against = against;
    this.renderLog();
    const generation = ++this.generation;
    if (!sha) {
      replaceChildren(this.commitPane, empty('Select a commit of the log.'));
      return;
    }
    const { repoId } = this.target;
    let commit: Commit;
    let blobs: BlobExpanded[];
    let diff: ReturnType<typeof diffRows> | undefined;
    try {
      [commit, blobs] = await Promise.all([this.api.getCommit(repoId, sha), this.api.listCommitBlobs(repoId, sha)]);
      const base = against ?? commit.parent_shas?.[0];
      diff = base ? diffRows(await this.api.diff(repoId, base, sha)) : undefined;
    } catch (error) {
      reportError(`loading commit ${shortSha(sha)}`, error);
      return;
    }
    if (generation !== this.generation) {
      return;
    }
    this.renderCommit(commit, blobs, diff);
  }

  private renderCommit(commit: Commit, blobs: BlobExpanded[], diff: ReturnType<typeof diffRows> | undefined): void {
    const sha = commit.commit_sha ?? this.selected ?? '';
    const parents = commit.parent_shas ?? [];
    const choice = h('select', { className: 'mdb-Diff-against', title: 'Compare the commit with' });
    choice.append(new Option(parents.length ? `first parent (${shortSha(parents[0])})` : 'no parent', ''));
    for (const other of this.commits) {
      if (other.commit_sha && other.commit_sha !== sha) {
        choice.append(new Option(`${shortSha(other.commit_sha)} ${other.message ?? ''}`, other.commit_sha));
      }
    }
    choice.value = this.against ?? '';
    choice.addEventListener('change', () => void this.selectCommit(sha, choice.value || undefined));
    replaceChildren(
      this.commitPane,
      h('h3', {}, 'Commit ', h('code', { className: 'mdb-Commit-title' }, shortSha(sha))),
      keyValueTable(
        [
          ['Commit', h('code', {}, sha)],
          ['Message', commit.message ?? ''],
          ['Author', commit.author ?? ''],
          ['Date', formatTime(int64(commit.date_created))],
          ['Parents', parents.map(p => shortSha(p)).join(', ')],
          ['Refs', (this.labels.get(sha) ?? []).join(', ')]
        ],
        'mdb-Commit-info'
      ),
      h('h3', {}, 'Blobs'),
      blobsTable(blobs),
      h('h3', { className: 'mdb-Diff-title' }, 'Diff against ', choice),
      diff ? diffTable(diff) : empty('The first commit: nothing to compare with.')
    );
  }
}
