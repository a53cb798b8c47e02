"""Versioning repositories (ModelDB's VersioningService): commits are immutable, content-addressed snapshots
of blobs (datasets, environments, code, configs) at locations such as `data/train`; branches and tags name
commits.

    repo = client.repository()                      # the current project's repository, created on first use
    head = repo.commit()                            # master's head (or branch=, tag=, sha=)
    new = (repo.new_commit(head, "tuned lr")
           .put("hyperparameters", blobs.config({"lr": 0.1}))
           .put("environment", blobs.python_environment())
           .save(branch="master"))
    new.blobs()                                     # DataFrame: location, type, sha, summary
    head.diff(new)                                  # DataFrame: location, type, status, element, old, new
    repo.log()                                      # DataFrame: sha, message, author, date, parents

Every call goes through `client.call(<request message>)`, so it works the same embedded and remote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from modeldb_backend.pb.versioning import versioning_pb2 as vpb
from modeldb_backend.pb.versioning import versioning_service_pb2 as spb

from . import blobs as blob_tools
from .entities import _Numbered
from .errors import AlreadyExistsError, NotFoundError
from .protos import from_ms

if TYPE_CHECKING:
    import datetime as dt

    import pandas as pd

    from .client import Client

WORKSPACE = "personal"  # what ModelDB's client uses without an organization: both clients see the same names
MASTER = "master"
Location = str | Sequence[str]


class MergeConflictError(ValueError):
    """A merge found changes on both sides that cannot be combined; `.conflicts` has one row per element
    (location, type, element, ours, theirs, base)."""

    def __init__(self, message: str, conflicts: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.conflicts = conflicts


def split_location(location: Location) -> tuple[str, ...]:
    """'data/train' (a leading '/' is dropped) or ['data', 'train'] → ('data', 'train'); empty parts refused."""
    parts = tuple(location.strip("/").split("/")) if isinstance(location, str) else tuple(location)
    if not parts or any(not isinstance(p, str) or not p for p in parts):
        raise ValueError(f"location {location!r} needs non-empty parts, e.g. 'data/train'")
    return parts


def join_location(parts: Iterable[str]) -> str:
    return "/".join(parts)


def repository_name(name: str) -> str:
    """A project name as a repository name: ':', '/' and '\\' are not allowed there."""
    return re.sub(r"[:/\\]", "-", name).strip() or "default"


def _named(name: str) -> vpb.RepositoryIdentification:
    return vpb.RepositoryIdentification(named_id=vpb.RepositoryNamedIdentification(name=name, workspace_name=WORKSPACE))


def get_or_create_repository(client: Client, name: str | None = None) -> Repository:
    """The repository `name` (default: the current project's name), created when there is none."""
    if name is None:
        if client.proj is None:
            raise ValueError("give the repository's name, or set a project first (client.set_project(...))")
        name = repository_name(client.proj.name)
    if not name:
        raise ValueError("a repository needs a name")
    repo_name = name

    def get() -> Repository | None:
        try:
            found = client.call(spb.GetRepositoryRequest(id=_named(repo_name))).repository
        except NotFoundError:
            return None
        return Repository(client, found) if found.id else None

    def create() -> Repository:
        request = spb.SetRepository(
            id=vpb.RepositoryIdentification(named_id=vpb.RepositoryNamedIdentification(workspace_name=WORKSPACE)),
            repository=spb.Repository(name=repo_name),
        )
        return Repository(client, client.call(request, rpc="CreateRepository").repository)

    repository, _created = client._get_or_create(get, create)
    return repository


class Repository(_Numbered):
    _msg: spb.Repository

    @property
    def ident(self) -> vpb.RepositoryIdentification:
        return vpb.RepositoryIdentification(repo_id=self.id)

    # --- commits and refs -----------------------------------------------------------------------------------

    def commit(self, branch: str | None = None, tag: str | None = None, sha: str | None = None) -> Commit:
        """The commit at the head of `branch`, at `tag`, or with `sha` (give one; none: master's head)."""
        given = [x for x in (branch, tag, sha) if x is not None]
        if len(given) > 1:
            raise ValueError("give one of branch=, tag= or sha=")
        if tag is not None:
            return Commit(self, self._client.call(spb.GetTagRequest(repository_id=self.ident, tag=tag)).commit)
        if sha is not None:
            found = self._client.call(spb.GetCommitRequest(repository_id=self.ident, commit_sha=sha)).commit
            return Commit(self, found)
        branch = branch or MASTER
        found = self._client.call(spb.GetBranchRequest(repository_id=self.ident, branch=branch)).commit
        return Commit(self, found, branch=branch)

    def _resolve(self, ref: Commit | str) -> Commit:
        """A Commit, or a branch name, tag or sha."""
        if isinstance(ref, Commit):
            return ref
        for kind in ("branch", "tag", "sha"):
            try:
                return self.commit(**{kind: ref})
            except NotFoundError:
                continue
        raise NotFoundError(f"repository {self.name!r} has no branch, tag or commit {ref!r}")

    def branches(self) -> list[str]:
        return sorted(self._client.call(spb.ListBranchesRequest(repository_id=self.ident)).branches)

    def tags(self) -> list[str]:
        return sorted(self._client.call(spb.ListTagsRequest(repository_id=self.ident)).tags)

    def set_branch(self, branch: str, commit: Commit | str) -> Commit:
        """Create or move `branch` to `commit` (a Commit or a sha)."""
        sha = commit.sha if isinstance(commit, Commit) else commit
        self._client.call(spb.SetBranchRequest(repository_id=self.ident, branch=branch, commit_sha=sha))
        return self.commit(branch=branch)

    def delete_branch(self, branch: str) -> None:
        self._client.call(spb.DeleteBranchRequest(repository_id=self.ident, branch=branch))

    def log(self, branch: str | None = None, sha: str | None = None) -> pd.DataFrame:
        """The history from `branch`'s head (default master) or commit `sha`, newest first: sha, message,
        author, date, parents."""
        import pandas as pd

        if branch is not None and sha is not None:
            raise ValueError("give branch= or sha=, not both")
        request = spb.ListCommitsLogRequest(repository_id=self.ident)
        if sha is not None:
            request.commit_sha = sha
        else:
            request.branch = branch or MASTER
        rows = [commit_row(c) for c in self._client.call(request).commits]
        frame = pd.DataFrame(rows, columns=["sha", "message", "author", "date", "parents"])
        frame["date"] = pd.to_datetime(frame["date"], utc=True).astype("datetime64[ms, UTC]")  # as runs_df's times
        return frame

    def new_commit(self, parent: Commit | str | None = None, message: str = "") -> CommitBuilder:
        """A commit to build on `parent` (a Commit, a branch, tag or sha; default master's head): it starts as
        the parent's snapshot; `.put()` and `.remove()` change it, `.save()` stores it."""
        base = self._resolve(parent if parent is not None else MASTER)
        return CommitBuilder(self, [base], message)

    def delete(self) -> None:
        self._client.call(spb.DeleteRepositoryRequest(repository_id=self.ident))


def commit_row(commit: spb.Commit) -> dict[str, Any]:
    return {
        "sha": commit.commit_sha,
        "message": commit.message,
        "author": commit.author,
        "date": from_ms(int(commit.date_created)),
        "parents": list(commit.parent_shas),
    }


class Commit:
    """A stored commit: an immutable snapshot. Changing it means building a child (`repo.new_commit(commit)`)."""

    def __init__(self, repository: Repository, message: spb.Commit, branch: str | None = None) -> None:
        self.repository = repository
        self._msg = message
        self.branch = branch  # the branch it was looked up by: merge and revert move it
        self._blobs: list[spb.BlobExpanded] | None = None

    @property
    def _client(self) -> Client:
        return self.repository._client

    @property
    def sha(self) -> str:
        return str(self._msg.commit_sha)

    @property
    def message(self) -> str:
        return str(self._msg.message)

    @property
    def author(self) -> str:
        return str(self._msg.author)

    @property
    def date(self) -> dt.datetime | None:
        return from_ms(int(self._msg.date_created))

    @property
    def parents(self) -> list[str]:
        return list(self._msg.parent_shas)

    def __repr__(self) -> str:
        on = f" on {self.branch!r}" if self.branch else ""
        return f"<Commit {self.sha[:12]}{on} {self.message!r}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Commit) and other.sha == self.sha and other.repository == self.repository

    def __hash__(self) -> int:
        return hash(("Commit", self.sha))

    # --- reading the snapshot ---------------------------------------------------------------------------------

    def blob_list(self) -> list[spb.BlobExpanded]:
        """Every blob of the snapshot, sorted by location (read once: a commit never changes)."""
        if self._blobs is None:
            request = spb.ListCommitBlobsRequest(repository_id=self.repository.ident, commit_sha=self.sha)
            found = self._client.call(request).blobs
            self._blobs = sorted(found, key=lambda b: tuple(b.location))
        return list(self._blobs)

    def blob_dict(self) -> dict[str, spb.Blob]:
        """{'data/train': Blob, ...}"""
        return {join_location(b.location): b.blob for b in self.blob_list()}

    def get(self, location: Location) -> spb.Blob:
        """The blob at `location` ('data/train' or ['data', 'train'])."""
        wanted = join_location(split_location(location))
        found = self.blob_dict()
        if wanted not in found:
            known = ", ".join(sorted(found)[:20]) or "none"
            raise NotFoundError(f"commit {self.sha[:12]} has no blob at {wanted!r} (it has: {known})")
        return found[wanted]

    def blobs(self, prefix: Location | None = None) -> pd.DataFrame:
        """location, type, sha (a digest of the contents), summary; only under `prefix` when given."""
        import pandas as pd

        parts = split_location(prefix) if prefix is not None else ()
        rows = [
            {
                "location": join_location(b.location),
                "type": blob_tools.kind(b.blob),
                "sha": blob_tools.content_sha(b.blob),
                "summary": blob_tools.summary(b.blob),
            }
            for b in self.blob_list()
            if tuple(b.location[: len(parts)]) == parts
        ]
        return pd.DataFrame(rows, columns=["location", "type", "sha", "summary"])

    # --- comparing and combining ------------------------------------------------------------------------------

    def diff_messages(self, other: Commit | str | None = None) -> list[spb.BlobDiff]:
        """The backend's diff from this commit to `other` (None: from the first parent to this commit)."""
        if other is None:
            if not self.parents:
                raise ValueError(f"commit {self.sha[:12]} has no parent to compare with")
            a, b = self.parents[0], self.sha
        else:
            a, b = self.sha, self.repository._resolve(other).sha
        request = spb.ComputeRepositoryDiffRequest(repository_id=self.repository.ident, commit_a=a, commit_b=b)
        return list(self._client.call(request).diffs)

    def diff(self, other: Commit | str | None = None) -> pd.DataFrame:
        """What changes from this commit to `other` (None: from the first parent to this one), one row per
        changed element: location, type, status, element, old, new."""
        from .version_diff import diff_frame, diff_rows

        return diff_frame(diff_rows(self.diff_messages(other)))

    def merge(self, other: Commit | str, message: str | None = None) -> Commit:
        """A merge commit of `other`'s changes into this commit (parents: this, other); this commit's branch
        moves to it. Conflicting changes raise MergeConflictError listing them; nothing is stored then."""
        from .version_diff import conflict_rows

        theirs = self.repository._resolve(other)
        request = spb.MergeRepositoryCommitsRequest(repository_id=self.repository.ident)
        if self.branch:
            request.branch_b = self.branch
        else:
            request.commit_sha_b = self.sha
        if theirs.branch:
            request.branch_a = theirs.branch
        else:
            request.commit_sha_a = theirs.sha
        if message:
            request.content.message = message
        answer = self._client.call(request)
        if answer.conflicts:
            rows = conflict_rows(answer.conflicts)
            places = "; ".join(
                f"{r['location']}"
                + (f" {r['element']}: ours {r['ours']}, theirs {r['theirs']}" if r["element"] else "")
                for r in rows
            )
            raise MergeConflictError(
                f"cannot merge {theirs.sha[:12]} into {self.sha[:12]}, both changed: {places}. Change one side "
                "(repo.new_commit(...)) and merge again; `.conflicts` lists them",
                rows,
            )
        return self._adopt(answer.commit)

    def revert(self, other: Commit | str | None = None, message: str | None = None) -> Commit:
        """A new commit on top of this one that undoes `other`'s change (default: this commit's own change,
        against its first parent); this commit's branch moves to it."""
        target = self if other is None else self.repository._resolve(other)
        request = spb.RevertRepositoryCommitsRequest(
            repository_id=self.repository.ident, commit_to_revert_sha=target.sha, base_commit_sha=self.sha
        )
        if message:
            request.content.message = message
        return self._adopt(self._client.call(request).commit)

    def _adopt(self, commit: spb.Commit) -> Commit:
        if self.branch:
            return self.repository.set_branch(self.branch, commit.commit_sha)
        return Commit(self.repository, commit)

    # --- naming ------------------------------------------------------------------------------------------------

    def tag(self, name: str) -> Commit:
        """Tag this commit (a tag never moves: an existing tag is AlreadyExistsError)."""
        request = spb.SetTagRequest(repository_id=self.repository.ident, tag=name, commit_sha=self.sha)
        try:
            self._client.call(request)
        except AlreadyExistsError as exc:
            raise AlreadyExistsError(
                f"tag {name!r} already exists in {self.repository.name!r}", code=exc.code
            ) from None
        return self

    def new_branch(self, name: str) -> Commit:
        """Point branch `name` at this commit (created or moved)."""
        return self.repository.set_branch(name, self)


class CommitBuilder:
    """An unsaved commit: its parents' first snapshot, changed by put/remove, stored by save."""

    def __init__(self, repository: Repository, parents: list[Commit], message: str) -> None:
        self.repository = repository
        self.parents = parents
        self.message = message
        self._snapshot: dict[tuple[str, ...], spb.BlobExpanded] | None = None if parents else {}

    @property
    def _blobs(self) -> dict[tuple[str, ...], spb.BlobExpanded]:
        """The snapshot being built: the first parent's, read when first needed."""
        if self._snapshot is None:
            self._snapshot = {tuple(b.location): b for b in self.parents[0].blob_list()}
        return self._snapshot

    def __repr__(self) -> str:
        return f"<unsaved commit on {[p.sha[:12] for p in self.parents]} with {len(self._blobs)} blobs>"

    @property
    def locations(self) -> list[str]:
        return sorted(join_location(k) for k in self._blobs)

    def clear(self) -> CommitBuilder:
        """Start from an empty snapshot (the parents stay the parents)."""
        self._snapshot = {}
        return self

    def put(self, location: Location, blob: spb.Blob) -> CommitBuilder:
        """Set the blob at `location` (replacing what was there)."""
        parts = split_location(location)
        if not isinstance(blob, spb.Blob) or blob.WhichOneof("content") is None:
            raise TypeError(f"put({join_location(parts)!r}, ...) takes a Blob with contents (see blobs.config, ...)")
        for existing in self._blobs:
            shorter, longer = sorted((existing, parts), key=len)
            if existing != parts and longer[: len(shorter)] == shorter:
                raise ValueError(
                    f"{join_location(parts)!r} and {join_location(existing)!r}: a location is a blob or a folder"
                )
        self._blobs[parts] = spb.BlobExpanded(location=list(parts), blob=blob)
        return self

    def remove(self, location: Location) -> CommitBuilder:
        parts = split_location(location)
        if parts not in self._blobs:
            known = ", ".join(self.locations[:20]) or "none"
            raise NotFoundError(f"no blob at {join_location(parts)!r} to remove (there are: {known})")
        del self._blobs[parts]
        return self

    def save(self, branch: str | None = None, message: str | None = None) -> Commit:
        """Store the commit; with `branch`, point that branch at it (created or moved)."""
        text = message if message is not None else self.message
        if not text:
            raise ValueError("a commit needs a message: new_commit(parent, 'what changed') or save(message=...)")
        commit = spb.Commit(parent_shas=[p.sha for p in self.parents], message=text)
        request = spb.CreateCommitRequest(
            repository_id=self.repository.ident, commit=commit, blobs=[self._blobs[k] for k in sorted(self._blobs)]
        )
        saved = self.repository._client.call(request).commit
        if branch:
            return self.repository.set_branch(branch, saved.commit_sha)
        return Commit(self.repository, saved)
