"""The one way vllmci runs git: a `GitRepository` and its named operations
(`resolve`, `merge_base`, `diff`, `ls_files`, `archive`, `fetch_branch`, `deepen`, ...).

Used by the changes stage, fork builds, `review` and `check`; `Beside` runs git's
waiting beside other work. Every command runs
at the repository's top through GitPython's command wrapper, with one timeout,
one environment (no prompts, no pager, C locale for parseable messages),
NUL-separated output, and never a user value where git could read an option.
"""

from __future__ import annotations

import contextlib
import io
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

import attrs

from vllmci.errors import GitError
from vllmci.values import frozen

if TYPE_CHECKING:
    import git

_DIFF_FLAGS = (
    "--no-color",
    "--no-ext-diff",
    "--no-relative",
    "--no-renames",
    "--name-only",
    "-z",
    "--diff-filter=ACMDR",
)
TIMEOUT = 120.0
"""Seconds any one git command may take (fetches included: they are bounded too)."""
_FETCH_TIMEOUT = 300.0
_GIT_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "", "SSH_ASKPASS": "",
            "GIT_PAGER": "cat", "PAGER": "cat", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}


_T = TypeVar("_T")


class Beside(Generic[_T]):
    """`work()` running on its own (daemon) thread from construction on.

    A plan's git commands spend most of their time waiting for git; the definitions
    take their time in Python. `result()` joins the thread: what `work` returned, or
    the exception it raised, re-raised in the caller. Only work that waits goes beside:
    two Python computations would take turns on one interpreter lock and gain nothing.
    """

    def __init__(self, work: Callable[[], _T]) -> None:
        self._work = work
        self._value: _T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._work()
        except BaseException as exc:  # handed to the caller by `result`
            self._error = exc

    def wait(self) -> None:
        """Wait for the work to end, whatever its outcome (`result` would raise it)."""
        self._thread.join()

    def result(self) -> _T:
        """Wait for the work to end; its value, or its exception raised here."""
        self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        return self._value  # type: ignore[return-value]


NO_ORIGIN = "the repository has no remote named 'origin' (`git remote add origin <url>`)"


class NotARepository(GitError):
    """A ref or directory someone named does not work: a usage error under `--diff`."""


def import_git() -> None:
    """Import GitPython on the calling thread (its import is work, not waiting: on a
    thread beside other work the two would take turns). A failure is left for
    `open_repository` to report."""
    with contextlib.suppress(ImportError):
        import git  # noqa: F401


def open_repository(repo_dir: str | Path) -> GitRepository:
    try:
        import git
    except ImportError as exc:  # GitPython refuses to import without a git executable
        raise GitError(f"git is not usable: {str(exc).strip().splitlines()[0]}") from None
    try:
        return GitRepository(git.Repo(repo_dir, search_parent_directories=True))
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise NotARepository(f"{str(repo_dir)!r} is not a git repository") from None


def _split(output: bytes) -> list[str]:
    """Paths from NUL-terminated (`-z`) output, verbatim."""
    return [path.decode("utf-8", "replace") for path in output.split(b"\0") if path]


def _last_line(stderr: str, status: int) -> str:
    """git's reason: its first `fatal:`/`error:` line (later lines are advice), else
    its last line."""
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    reason = next((line for line in lines if line.startswith(("fatal:", "error:"))), None)
    return reason or (lines[-1] if lines else f"exit status {status}")


def _refspec(branch: str) -> str:
    return f"+refs/heads/{branch}:refs/remotes/origin/{branch}"


@frozen
class GitRepository:
    """One repository; every command runs at its top level through GitPython."""

    repo: git.Repo
    _head: list[str] = attrs.field(factory=list, eq=False, repr=False, alias="_head")
    """HEAD's sha once read: nothing vllmci runs moves HEAD (a fetch does not)."""

    @property
    def top(self) -> str:
        return str(self.repo.working_tree_dir or self.repo.git_dir)

    @property
    def top_path(self) -> Path:
        return Path(self.top).resolve()

    def run(self, *args: str, timeout: float = TIMEOUT) -> tuple[int, bytes, str]:
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

    def output(self, *args: str, timeout: float = TIMEOUT) -> bytes:
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
        if not self._head:
            sha = self.resolve("HEAD")
            if sha is None:
                raise GitError(f"HEAD of {self.top} is not a commit (no commits yet?)")
            self._head.append(sha)
        return self._head[0]

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

    def has_origin(self) -> bool:
        """False only when git says there is no remote `origin` (a failing git is
        left for the command that needs it to report)."""
        status, _, err = self.run("remote", "get-url", "--end-of-options", "origin")
        return not (status == 2 and "no such remote" in err.lower())

    def fetch_branch(self, branch: str) -> str:
        """Fetch origin's `branch` into `origin/<branch>`: '' or what went wrong."""
        if not self.has_origin():
            return f"cannot run: {NO_ORIGIN}"  # (callers check has_origin first)
        args = ("--end-of-options", "origin", _refspec(branch))
        status, _, err = self.run("fetch", "--quiet", "--no-tags", *args, timeout=_FETCH_TIMEOUT)
        return "" if status == 0 else f"failed: {_last_line(err, status)}"

    def deepen(self, depth: int, branch: str | None) -> None:
        if not self.has_origin():
            raise GitError(f"the clone is shallow and cannot be deepened: {NO_ORIGIN}")
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

    def ls_files(self) -> list[str]:
        """Every tracked path, relative to the top (whatever directory asked)."""
        return _split(self.output("ls-files", "-z", "--full-name"))

    def has_directory(self, commit: str, relative: str) -> bool:
        """Whether directory `relative` ("" or "." for the top) exists at `commit`."""
        if relative in ("", "."):
            return True
        args = ("-d", "-z", "--name-only", "--end-of-options", commit, "--",
                f":(literal){relative}")
        return bool(_split(self.output("ls-tree", *args)))

    def archive(self, commit: str, relative: str, into: Path) -> None:
        """Extract directory `relative` ("." for the whole tree) of `commit` into `into`.

        `git archive` with a literal pathspec (never read as an option), unpacked with
        tarfile's `data` filter where Python has it. Raises GitError with git's reason.
        """
        pathspec = () if relative in ("", ".") else (f":(literal){relative}",)
        data = self.output("archive", "--format=tar", commit, *pathspec, timeout=_FETCH_TIMEOUT)
        import tarfile  # kept off the start-up path: only reviews and fork builds need it

        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            if hasattr(tarfile, "data_filter"):
                archive.extractall(into, filter="data")
            else:  # Python < 3.10.12: git archive output of the checkout itself
                archive.extractall(into)

    def worktree_diff(self, base: str) -> tuple[list[str], list[str]]:
        """`diff(base, None)` and `untracked()`, run side by side: each walks the work
        tree (the diff to refresh the index's stat data), the slowest git of a plan.
        When both fail, the diff's error is the one raised."""
        untracked = Beside(self.untracked)
        try:
            changed = self.diff(base, None)
        except GitError:
            untracked.wait()
            raise
        return changed, untracked.result()

    def untracked(self) -> list[str]:
        return _split(self.output("ls-files", "-z", "--others", "--exclude-standard"))

    def tree_files(self, sha: str) -> list[str]:
        args = ("-r", "-z", "--name-only", "--full-tree", "--end-of-options", sha)
        return _split(self.output("ls-tree", *args))
