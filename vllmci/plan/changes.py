"""Stage 1: what changed. Git (through GitPython) or an explicit file list -> ChangeSet.

Three ways to ask git, one per caller:

- a person typed `--diff REF`: the merge-base of REF and HEAD against the work
  tree (staged, unstaged and untracked files), so a developer sees what their
  push would change; a bad REF is a usage error;
- a Buildkite build: `MERGE_BASE_COMMIT`, else the merge-base of
  `origin/<base branch>` and HEAD, else (default branch) HEAD's first parent;
  anything that fails becomes a `fallback_reason`, never an exception;
- a developer ran `plan` with no flags: like a branch build against
  `origin/<default branch>`, work tree included, falling back with a hint.

Changed means git's `--diff-filter=ACMDR`; renames are diffed with
`--no-renames`, so a rename counts both its old path (D) and its new one (A).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, TypeVar

import attrs

from vllmci.context import BuildContext
from vllmci.errors import GitError, UsageError
from vllmci.gitops import NO_ORIGIN, GitRepository, NotARepository, open_repository
from vllmci.values import frozen

_T = TypeVar("_T")

_DEEPEN_STEPS = (50, 250, 1000, 4000)
_ORIGIN_PREFIXES = ("refs/remotes/origin/", "remotes/origin/", "origin/")
_LOCAL_HINT = "; pass --diff REF or --files PATH ... to say what changed"


def _sorted_unique(paths: object) -> tuple[str, ...]:
    return tuple(sorted(set(paths)))  # type: ignore[arg-type]


@frozen
class ChangeSet:
    """The changed paths of a build, or why they could not be known.

    When `fallback_reason` is set, selection runs everything and says why.
    """

    files: tuple[str, ...] = attrs.field(default=(), converter=_sorted_unique)
    base: str | None = None
    head: str | None = None
    source: str = "files"
    fallback_reason: str | None = None

    @classmethod
    def from_files(cls, paths: object) -> ChangeSet:
        return cls(files=[p for p in paths if p], source="files")  # type: ignore[attr-defined]


# --- explicit file lists ------------------------------------------------------


def changes_from_list(paths: Iterable[str]) -> ChangeSet:
    """The ChangeSet of `--files` / `--files-from`: repo-relative POSIX paths.

    `./a/b` becomes `a/b`; absolute paths and paths leaving the repository are
    usage errors.
    """
    return ChangeSet.from_files([_normal_path(p) for p in paths if p.strip()])


def _normal_path(raw: str) -> str:
    path = raw.strip()
    if path.startswith("/"):
        raise UsageError(
            f"changed file {path!r} is absolute: give paths relative to the repository root"
        )
    normal = posixpath.normpath(path)
    if normal == "." or normal == ".." or normal.startswith("../"):
        raise UsageError(f"changed file {path!r} is not a file inside the repository")
    return normal


def read_files_from(path_or_dash: str, stdin: IO[str]) -> list[str]:
    """The paths listed in FILE (or on `stdin` for `-`): one a line, blanks ignored."""
    text = stdin.read() if path_or_dash == "-" else _read_text(path_or_dash)
    lines = (line.strip() for line in text.split("\n"))
    return [line for line in lines if line]


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"file list {path!r} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        why = getattr(exc, "strerror", None) or str(exc)
        raise UsageError(f"cannot read file list {path!r}: {why}") from None


# --- git ------------------------------------------------------------------------


def changes_from_git(
    repo_dir: str | Path, ctx: BuildContext, diff_ref: str | None = None
) -> ChangeSet:
    """The files changed in the repository at (or above) `repo_dir`.

    `base` is the commit diffed from (None for a root commit), `head` is HEAD's
    sha. With `diff_ref`, and outside Buildkite, the diff runs against the work
    tree, so staged, unstaged and untracked (not ignored) files count although
    `head` names HEAD. Raises UsageError only for a person's `--diff` mistakes.
    """
    if diff_ref is not None:
        return _changes_for_ref(repo_dir, diff_ref)
    if ctx.in_buildkite:
        return _or_fallback(lambda: _changes_in_build(open_repository(repo_dir), ctx), "")
    return _or_fallback(lambda: _changes_on_desk(open_repository(repo_dir), ctx), _LOCAL_HINT)


def _changes_for_ref(repo_dir: str | Path, ref: str) -> ChangeSet:
    if not ref.strip():
        raise UsageError("--diff needs a git ref, e.g. --diff origin/main")
    try:
        repo = open_repository(repo_dir)
        base = _merge_base(repo, ref, _origin_branch(ref))
        return _worktree_changes(repo, base)
    except NotARepository as exc:
        raise UsageError(str(exc)) from None


def _or_fallback(compute: Callable[[], ChangeSet], hint: str) -> ChangeSet:
    try:
        return compute()
    except GitError as exc:
        reason = f"could not determine the changed files: {exc}{hint}"
        return ChangeSet(source="git", fallback_reason=reason)


def _changes_in_build(repo: GitRepository, ctx: BuildContext) -> ChangeSet:
    branch = ctx.base_branch if ctx.is_pr and ctx.base_branch else ctx.default_branch
    if ctx.merge_base_commit:
        return _changes_since_commit(repo, ctx.merge_base_commit, branch)
    if ctx.on_default_branch:
        return _changes_of_head_commit(repo, branch)
    base = _merge_base(repo, _remote_ref(branch), branch)
    return _committed_changes(repo, base, repo.head())


def _changes_on_desk(repo: GitRepository, ctx: BuildContext) -> ChangeSet:
    branch = ctx.default_branch
    return _worktree_changes(repo, _merge_base(repo, _remote_ref(branch), branch))


def _changes_since_commit(repo: GitRepository, commit: str, branch: str) -> ChangeSet:
    base = _deepening(repo, branch, lambda: repo.resolve(commit))
    if base is None:
        raise GitError(f"MERGE_BASE_COMMIT={commit!r} is not a commit in this clone")
    return _committed_changes(repo, base, repo.head())


def _changes_of_head_commit(repo: GitRepository, branch: str) -> ChangeSet:
    head = repo.head()
    parent = _deepening(repo, branch, lambda: repo.first_parent(head))
    if parent is not None:
        return _committed_changes(repo, parent, head)
    if repo.is_shallow():
        raise GitError("HEAD's parent (HEAD~1) is missing from the shallow clone")
    return ChangeSet(files=repo.tree_files(head), base=None, head=head, source="git")


def _committed_changes(repo: GitRepository, base: str, head: str) -> ChangeSet:
    return ChangeSet(files=repo.diff(base, head), base=base, head=head, source="git")


def _worktree_changes(repo: GitRepository, base: str) -> ChangeSet:
    changed, untracked = repo.worktree_diff(base)
    files = [*changed, *untracked]
    return ChangeSet(files=files, base=base, head=repo.head(), source="git")


def _remote_ref(branch: str) -> str:
    return f"refs/remotes/origin/{branch}"


def _origin_branch(ref: str) -> str | None:
    """`main` for `origin/main` (or its longer spellings); None for other refs."""
    for prefix in _ORIGIN_PREFIXES:
        if ref.startswith(prefix) and len(ref) > len(prefix):
            return ref[len(prefix) :]
    return None


def _merge_base(repo: GitRepository, ref: str, branch: str | None) -> str:
    """The merge-base of `ref` and HEAD, fetching `ref` and deepening as needed."""
    tip, head = _resolve_or_fetch(repo, ref), repo.head()
    base = _deepening(repo, branch, lambda: repo.merge_base(tip, head))
    if base is not None:
        return base
    deepened = " even after deepening the shallow clone" if repo.is_shallow() else ""
    raise NotARepository(f"{ref!r} and HEAD have no common ancestor{deepened}")


def _resolve_or_fetch(repo: GitRepository, ref: str) -> str:
    sha = repo.resolve(ref)
    if sha is not None:
        return sha
    branch = _origin_branch(ref)
    if branch is None:
        raise NotARepository(f"{ref!r} does not name a commit in {repo.top}")
    if not repo.has_origin():
        raise NotARepository(f"{ref!r} does not exist and `git fetch origin {branch}` "
                             f"cannot run: {NO_ORIGIN}")
    problem = repo.fetch_branch(branch)
    sha = repo.resolve(ref)
    if sha is None:
        why = problem or "did not create it"
        raise NotARepository(f"{ref!r} does not exist and `git fetch origin {branch}` {why}")
    return sha


def _deepening(repo: GitRepository, branch: str | None,
               attempt: Callable[[], _T | None]) -> _T | None:
    """`attempt()`, retried after each deepening of a shallow clone until it finds one."""
    found = attempt()
    for depth in _DEEPEN_STEPS:
        if found is not None or not repo.is_shallow():
            return found
        repo.deepen(depth, branch)
        found = attempt()
    return found
