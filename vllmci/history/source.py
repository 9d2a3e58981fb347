"""The past changes to replay: a JSON-lines file or a git range (first parent).

A line of the JSON-lines file is `{"sha", "subject"?, "changes": [...]}` where a
change is `{"status", "path", "old"?}` (a rename counts its old and new path, as
`--no-renames` diffs do) or a plain path; `{"sha", "files": [...]}` works too.
A git range is walked along the first parent, oldest first, each commit diffed
against its first parent with the changes stage's own git flags.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs

from vllmci.errors import GitError, UsageError
from vllmci.gitops import GitRepository, open_repository
from vllmci.values import frozen


def _paths(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(value)))


@frozen
class Change:
    """One past change: a commit (or merged pull request) and the files it changed."""

    sha: str
    files: tuple[str, ...] = attrs.field(converter=_paths)
    subject: str = ""

    @property
    def short(self) -> str:
        return self.sha[:12]


def from_flags(changes: Path | None, revisions: str | None,
               repo: Path) -> tuple[Change, ...] | None:
    """`--changes FILE` or `--range REVS` (in the checkout `repo`); None without either."""
    if revisions is not None:
        return read_range(repo, revisions)
    return read_jsonl(changes) if changes is not None else None


# --- JSON lines ---------------------------------------------------------------------------


def read_jsonl(path: Path) -> tuple[Change, ...]:
    """Every change of a JSON-lines file; a bad line is a UsageError naming file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        why = getattr(exc, "strerror", None) or str(exc)
        raise UsageError(f"--changes {path}: cannot read it: {why}") from None
    found = tuple(_changes(path, lines))
    if not found:
        raise UsageError(f"--changes {path}: no changes in it (one JSON object a line)")
    return found


def _changes(path: Path, lines: list[str]) -> Iterator[Change]:
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                yield _change(json.loads(line))
            except (json.JSONDecodeError, ValueError, TypeError) as exc:
                raise UsageError(f"--changes {path}:{number}: {exc}") from None


def _change(row: Any) -> Change:
    if not isinstance(row, dict) or not isinstance(row.get("sha"), str):
        raise ValueError('expected an object with a "sha" string')
    if "changes" in row:
        files = [p for item in _list(row, "changes") for p in _change_paths(item)]
    else:
        files = [_string(p, "files") for p in _list(row, "files")]
    return Change(row["sha"], files, str(row.get("subject") or ""))


def _list(row: dict[str, Any], name: str) -> list[Any]:
    value = row.get(name)
    if not isinstance(value, list):
        raise ValueError(f'"{name}" must be a list')
    return value


def _change_paths(item: Any) -> Iterator[str]:
    if isinstance(item, str):
        yield item
        return
    if not isinstance(item, dict):
        raise ValueError('each of "changes" must be a path or {"status", "path"}')
    yield _string(item.get("path"), "changes[].path")
    if item.get("old") is not None:
        yield _string(item["old"], "changes[].old")


def _string(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name}: expected a non-empty path, got {value!r}")
    return value


# --- git ----------------------------------------------------------------------------------


def read_range(repo_dir: Path, revisions: str) -> tuple[Change, ...]:
    """The first-parent commits of `revisions` (e.g. `origin/main~300..origin/main`)."""
    try:
        repo = open_repository(repo_dir)
        found = tuple(_walk(repo, revisions))
    except GitError as exc:
        raise UsageError(f"--range {revisions} in {repo_dir}: {exc}") from None
    if not found:
        raise UsageError(f"--range {revisions} in {repo_dir}: no commits in it")
    return found


def _walk(repo: GitRepository, revisions: str) -> Iterator[Change]:
    log = repo.output("log", "--first-parent", "--reverse", "-z", "--format=%H %P%x1f%s",
                      "--end-of-options", revisions, "--")
    for record in log.decode("utf-8", "replace").split("\0"):
        if record.strip():
            shas, _, subject = record.strip("\n").partition("\x1f")
            sha, *parents = shas.split()
            files = repo.diff(parents[0], sha) if parents else repo.tree_files(sha)
            yield Change(sha, files, subject)
