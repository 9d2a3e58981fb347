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
from typing import IO, TYPE_CHECKING, TypeVar

import attrs

from vllmci.context import BuildContext
from vllmci.errors import GitError, UsageError

if TYPE_CHECKING:
    import git

_T = TypeVar("_T")

_DIFF_FLAGS = (
    "--no-color",
    "--no-ext-diff",
    "--no-relative",
    "--no-renames",
    "--name-only",
    "-z",
    "--diff-filter=ACMDR",
)
_DEEPEN_STEPS = (50, 250, 1000, 4000)
_FETCH_TIMEOUT = 300.0
_GIT_ENV = {"GIT_TERMINAL_PROMPT": "0"}
_ORIGIN_PREFIXES = ("refs/remotes/origin/", "remotes/origin/", "origin/")
_LOCAL_HINT = "; pass --diff REF or --files PATH ... to say what changed"


def _sorted_unique(paths: object) -> tuple[str, ...]:
    return tuple(sorted(set(paths)))  # type: ignore[arg-type]


@attrs.frozen
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


class _BadInput(GitError):
    """A ref or directory someone named does not work: a usage error under `--diff`."""


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
        return _or_fallback(lambda: _changes_in_build(_open(repo_dir), ctx), "")
    return _or_fallback(lambda: _changes_on_desk(_open(repo_dir), ctx), _LOCAL_HINT)


def _changes_for_ref(repo_dir: str | Path, ref: str) -> ChangeSet:
    if not ref.strip():
        raise UsageError("--diff needs a git ref, e.g. --diff origin/main")
    try:
        repo = _open(repo_dir)
        base = _merge_base(repo, ref, _origin_branch(ref))
        return _worktree_changes(repo, base)
    except _BadInput as exc:
        raise UsageError(str(exc)) from None


def _or_fallback(compute: Callable[[], ChangeSet], hint: str) -> ChangeSet:
    try:
        return compute()
    except GitError as exc:
        reason = f"could not determine the changed files: {exc}{hint}"
        return ChangeSet(source="git", fallback_reason=reason)


def _changes_in_build(repo: _Git, ctx: BuildContext) -> ChangeSet:
    branch = ctx.base_branch if ctx.is_pr and ctx.base_branch else ctx.default_branch
    if ctx.merge_base_commit:
        return _changes_since_commit(repo, ctx.merge_base_commit, branch)
    if ctx.on_default_branch:
        return _changes_of_head_commit(repo, branch)
    base = _merge_base(repo, _remote_ref(branch), branch)
    return _committed_changes(repo, base, repo.head())


def _changes_on_desk(repo: _Git, ctx: BuildContext) -> ChangeSet:
    branch = ctx.default_branch
    return _worktree_changes(repo, _merge_base(repo, _remote_ref(branch), branch))


def _changes_since_commit(repo: _Git, commit: str, branch: str) -> ChangeSet:
    base = _deepening(repo, branch, lambda: repo.resolve(commit))
    if base is None:
        raise GitError(f"MERGE_BASE_COMMIT={commit!r} is not a commit in this clone")
    return _committed_changes(repo, base, repo.head())


def _changes_of_head_commit(repo: _Git, branch: str) -> ChangeSet:
    head = repo.head()
    parent = _deepening(repo, branch, lambda: repo.first_parent(head))
    if parent is not None:
        return _committed_changes(repo, parent, head)
    if repo.is_shallow():
        raise GitError("HEAD's parent (HEAD~1) is missing from the shallow clone")
    return ChangeSet(files=repo.tree_files(head), base=None, head=head, source="git")


def _committed_changes(repo: _Git, base: str, head: str) -> ChangeSet:
    return ChangeSet(files=repo.diff(base, head), base=base, head=head, source="git")


def _worktree_changes(repo: _Git, base: str) -> ChangeSet:
    files = [*repo.diff(base, None), *repo.untracked()]
    return ChangeSet(files=files, base=base, head=repo.head(), source="git")


def _remote_ref(branch: str) -> str:
    return f"refs/remotes/origin/{branch}"


def _origin_branch(ref: str) -> str | None:
    """`main` for `origin/main` (or its longer spellings); None for other refs."""
    for prefix in _ORIGIN_PREFIXES:
        if ref.startswith(prefix) and len(ref) > len(prefix):
            return ref[len(prefix) :]
    return None


def _merge_base(repo: _Git, ref: str, branch: str | None) -> str:
    """The merge-base of `ref` and HEAD, fetching `ref` and deepening as needed."""
    tip, head = _resolve_or_fetch(repo, ref), repo.head()
    base = _deepening(repo, branch, lambda: repo.merge_base(tip, head))
    if base is not None:
        return base
    deepened = " even after deepening the shallow clone" if repo.is_shallow() else ""
    raise _BadInput(f"{ref!r} and HEAD have no common ancestor{deepened}")


def _resolve_or_fetch(repo: _Git, ref: str) -> str:
    sha = repo.resolve(ref)
    if sha is not None:
        return sha
    branch = _origin_branch(ref)
    if branch is None:
        raise _BadInput(f"{ref!r} does not name a commit in {repo.top}")
    problem = repo.fetch_branch(branch)
    sha = repo.resolve(ref)
    if sha is None:
        why = problem or "did not create it"
        raise _BadInput(f"{ref!r} does not exist and `git fetch origin {branch}` {why}")
    return sha


def _deepening(repo: _Git, branch: str | None, attempt: Callable[[], _T | None]) -> _T | None:
    """`attempt()`, retried after each deepening of a shallow clone until it finds one."""
    found = attempt()
    for depth in _DEEPEN_STEPS:
        if found is not None or not repo.is_shallow():
            return found
        repo.deepen(depth, branch)
        found = attempt()
    return found


def _open(repo_dir: str | Path) -> _Git:
    try:
        import git
    except ImportError as exc:  # GitPython refuses to import without a git executable
        raise GitError(f"git is not usable: {str(exc).strip().splitlines()[0]}") from None
    try:
        return _Git(git.Repo(repo_dir, search_parent_directories=True))
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise _BadInput(f"{str(repo_dir)!r} is not a git repository") from None


def _split(output: bytes) -> list[str]:
    """Paths from NUL-terminated (`-z`) output, verbatim."""
    return [path.decode("utf-8", "replace") for path in output.split(b"\0") if path]


def _last_line(stderr: str, status: int) -> str:
    lines = stderr.strip().splitlines()
    return lines[-1] if lines else f"exit status {status}"


def _refspec(branch: str) -> str:
    return f"+refs/heads/{branch}:refs/remotes/origin/{branch}"


@attrs.frozen
class _Git:
    """One repository; every command runs at its top level through GitPython."""

    repo: git.Repo

    @property
    def top(self) -> str:
        return str(self.repo.working_tree_dir or self.repo.git_dir)

    def run(self, *args: str, timeout: float | None = None) -> tuple[int, bytes, str]:
        from git.exc import GitCommandNotFound

        try:
            return self.repo.git.execute(  # type: ignore[call-overload,no-any-return]
                ["git", *args],
                with_extended_output=True,
                with_exceptions=False,
                stdout_as_string=False,
                strip_newline_in_stdout=False,
                kill_after_timeout=timeout,
                env=_GIT_ENV,
            )
        except (GitCommandNotFound, OSError) as exc:
            raise GitError(f"cannot run git: {exc}") from None

    def output(self, *args: str, timeout: float | None = None) -> bytes:
        status, out, err = self.run(*args, timeout=timeout)
        if status != 0:
            raise GitError(f"`git {' '.join(args)}` failed: {_last_line(err, status)}")
        return out

    def resolve(self, ref: str) -> str | None:
        status, out, _ = self.run(
            "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
        )
        return out.decode().strip() if status == 0 else None

    def head(self) -> str:
        sha = self.resolve("HEAD")
        if sha is None:
            raise GitError(f"HEAD of {self.top} is not a commit (no commits yet?)")
        return sha

    def is_shallow(self) -> bool:
        return self.output("rev-parse", "--is-shallow-repository").strip() == b"true"

    def merge_base(self, one: str, two: str) -> str | None:
        status, out, err = self.run("merge-base", "--end-of-options", one, two)
        if status == 1 and not err.strip():
            return None
        if status != 0:
            raise GitError(f"`git merge-base {one} {two}` failed: {_last_line(err, status)}")
        return out.decode().strip()

    def first_parent(self, sha: str) -> str | None:
        line = self.output("rev-list", "--parents", "-n", "1", "--end-of-options", sha)
        shas = line.decode().split()
        return shas[1] if len(shas) > 1 else None

    def fetch_branch(self, branch: str) -> str:
        """Fetch origin's `branch` into `origin/<branch>`: '' or what went wrong."""
        args = ("--end-of-options", "origin", _refspec(branch))
        status, _, err = self.run("fetch", "--quiet", "--no-tags", *args, timeout=_FETCH_TIMEOUT)
        return "" if status == 0 else f"failed: {_last_line(err, status)}"

    def deepen(self, depth: int, branch: str | None) -> None:
        refspecs = (_refspec(branch),) if branch else ()
        args = ("--quiet", "--no-tags", f"--deepen={depth}", "--end-of-options")
        status, _, err = self.run("fetch", *args, "origin", *refspecs, timeout=_FETCH_TIMEOUT)
        if status != 0:
            why = _last_line(err, status)
            raise GitError(
                f"deepening the shallow clone (git fetch --deepen={depth}) failed: {why}"
            )

    def diff(self, base: str, head: str | None) -> list[str]:
        """Files changed from `base` to `head`, or to the work tree when head is None."""
        revs = (base, head) if head else (base,)
        return _split(self.output("diff", *_DIFF_FLAGS, "--end-of-options", *revs, "--"))

    def untracked(self) -> list[str]:
        return _split(self.output("ls-files", "-z", "--others", "--exclude-standard"))

    def tree_files(self, sha: str) -> list[str]:
        args = ("-r", "-z", "--name-only", "--full-tree", "--end-of-options", sha)
        return _split(self.output("ls-tree", *args))
