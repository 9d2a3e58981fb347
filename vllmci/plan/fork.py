"""Untrusted definitions: a pull request from a fork never runs its own CI definitions.

Definitions are Python: loading them runs them, in the bootstrap job, which
holds the agent's access token. When they live in the repository being built
(the definitions directory is inside the checkout) and the pull request comes
from a fork (`BUILDKITE_PULL_REQUEST_REPO` differs from `BUILDKITE_REPO`),
vllmci therefore:

1. loads the definitions as of the base commit (the merge-base the diff is
   taken from), extracted with `git archive` into a temporary directory; the
   fork's definition files are never imported;
2. compares the fork's definition files with the base's *as text*, through
   Python's `ast` (parsed, never executed): a step whose `Step(key=...)` call
   differs, or whose file changed around it (its group, shared constants), is
   "changed by a fork PR" and waits behind its block step for a maintainer's
   click, whatever the diff says; steps only the fork defines cannot run (they
   do not exist in the base definitions) and are listed in a note;
3. says all this in the plan's notes (text, JSON and the annotation).

Definitions outside the checkout (the bundled ones, installed from a pinned
package) and pull requests from branches of the same repository are trusted.
"""

from __future__ import annotations

import ast
import atexit
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from vllmci.catalog.model import Catalog
from vllmci.context import BuildContext
from vllmci.errors import GitError, UsageError
from vllmci.gitops import GitRepository, open_repository
from vllmci.plan.changes import ChangeSet
from vllmci.plan.model import ForkReview
from vllmci.values import frozen

MAX_SOURCE_BYTES = 1_000_000
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


@frozen
class Definitions:
    """Where to load the definitions from, and whether they were swapped for the base's."""

    directory: Path
    repo: Path | None = None
    """What definition files are relative to (a step's own file counts as changed)."""
    base: str | None = None
    """The commit the definitions were taken from, when the fork's were not trusted."""
    head: Path | None = None
    """The fork's definitions directory: read as text, never imported."""
    relative: str = ""
    """The definitions directory relative to the repository's top."""


def choose(directory: Path, repo: Path, changes: ChangeSet, ctx: BuildContext,
           own_files: bool) -> Definitions:
    """The definitions to load for this build: `directory`, or its base-commit copy."""
    if not ctx.fork:
        return trusted(directory, repo, own_files)
    git = _repository(repo)
    relative = _inside(directory, git.top_path) if git else None
    if git is None or relative is None:
        return trusted(directory, repo, own_files)
    base = _base_commit(git, changes, ctx, relative)
    root = _materialise(git, base, relative)
    return Definitions(root / relative if relative != "." else root,
                       root if own_files else None, base, directory, relative)


def trusted(directory: Path, repo: Path, own_files: bool) -> Definitions:
    """`directory` as found: what every build but a fork's pull request loads."""
    return Definitions(directory, repo if own_files else None)


def _repository(repo: Path) -> GitRepository | None:
    try:
        return open_repository(repo)
    except GitError:
        return None


def _inside(directory: Path, top: Path) -> str | None:
    """`directory` relative to `top` (POSIX), or None when it lies outside."""
    resolved = directory.resolve()
    if not resolved.is_relative_to(top):
        return None
    return resolved.relative_to(top).as_posix()


def _base_commit(git: GitRepository, changes: ChangeSet, ctx: BuildContext,
                 relative: str) -> str:
    if changes.base and _SHA.fullmatch(changes.base):
        return changes.base
    branch = ctx.base_branch or ctx.default_branch
    try:
        sha = git.resolve(f"refs/remotes/origin/{branch}")
    except GitError as exc:
        raise UsageError(f"fork pull request: cannot run git to read the base branch's "
                         f"definitions: {exc}") from None
    if sha:
        return sha
    why = changes.fallback_reason or f"origin/{branch} is not in the checkout"
    raise UsageError(
        f"fork pull request: the definitions in {relative}/ come from the fork and are not "
        f"run, but the base branch's cannot be read ({why}); nothing was uploaded. "
        "Fetch the base branch in the checkout, or keep the definitions outside it.")


def _materialise(git: GitRepository, base: str, relative: str) -> Path:
    """The definitions directory as of `base`, extracted into a fresh temporary directory."""
    root = Path(tempfile.mkdtemp(prefix="vllmci-base-definitions-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    try:
        git.archive(base, relative, root)
    except GitError as exc:
        raise UsageError(
            f"fork pull request: the definitions directory {relative}/ does not exist at the "
            f"base commit {base[:12]} ({exc}); definitions from a fork are never run, so "
            "nothing was uploaded") from None
    return root


# --- what the fork changed, read as text --------------------------------------------------


@frozen
class ForkChanges:
    """Step keys whose definitions the fork changed, and changed files that define none."""

    keys: frozenset[str] = frozenset()
    shared_files: tuple[str, ...] = ()


def _read(path: Path) -> str | None:
    """A regular file's text (None when absent); symlinks, devices and huge files are
    never read: they count as unreadable, i.e. changed."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SOURCE_BYTES:
        return "\0unreadable"
    return path.read_bytes().decode("utf-8", "replace")


def _py_files(directory: Path) -> set[str]:
    if not directory.is_dir():
        return set()
    return {p.relative_to(directory).as_posix() for p in directory.rglob("*.py")}


def _literal_key(call: ast.Call) -> str | None:
    for keyword in call.keywords:
        if keyword.arg == "key" and isinstance(keyword.value, ast.Constant) \
                and isinstance(keyword.value.value, str):
            return keyword.value.value
    return None


def _callee(node: ast.Call) -> str | None:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _is_step_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and _callee(node) == "Step" \
        and _literal_key(node) is not None


def _group_context(node: ast.Call) -> str:
    """A `Group(...)` call without its steps: what its steps inherit."""
    kept = [k for k in node.keywords if k.arg != "steps"]
    return ast.dump(ast.Call(func=node.func, args=node.args, keywords=kept)) + ":"


class _StepsOut(ast.NodeTransformer):
    """Collect `Step(key="...")` calls (each with its group's settings) and take them out
    of the module, so that adding a step to a group changes no other step."""

    def __init__(self) -> None:
        self.steps: dict[str, str] = {}
        self._group = ""
        self._taken: set[int] = set()

    def visit_Call(self, node: ast.Call) -> ast.AST:
        if _is_step_call(node):
            self.steps[str(_literal_key(node))] = self._group + ast.dump(node)
            placeholder = ast.Constant(value="<step>")
            self._taken.add(id(placeholder))
            return placeholder
        if _callee(node) != "Group":
            return self.generic_visit(node)
        outer, self._group = self._group, _group_context(node)
        try:
            return self.generic_visit(node)
        finally:
            self._group = outer

    def _sequence(self, node: ast.List | ast.Tuple) -> ast.AST:
        self.generic_visit(node)
        node.elts = [e for e in node.elts if id(e) not in self._taken]
        return node

    visit_List = _sequence
    visit_Tuple = _sequence


@frozen
class _Source:
    """One definition file, parsed: its steps (key -> shape) and everything else."""

    steps: dict[str, str]
    rest: str | None
    """The module with each step replaced by a placeholder; None when unreadable."""


def _parse(text: str | None) -> _Source:
    if text is None:
        return _Source({}, "")
    try:
        tree = ast.parse(text)
        collector = _StepsOut()
        rest = ast.dump(collector.visit(tree))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return _Source({}, None)
    return _Source(collector.steps, rest)


def _file_changes(base: _Source, head: _Source, defined_here: set[str]) -> set[str]:
    keys = set(base.steps) | set(head.steps) | defined_here
    if base.rest is None or head.rest is None or base.rest != head.rest:
        return keys  # unreadable, or the group or shared code changed: every step here
    return {k for k in keys if base.steps.get(k) != head.steps.get(k)}


def fork_changes(base_dir: Path, head_dir: Path, origins: dict[str, set[str]]) -> ForkChanges:
    """Compare every definition file of the base and of the fork, without running either.

    `origins` maps a file (relative to the definitions directory) to the keys the
    base definitions define in it.
    """
    keys: set[str] = set()
    shared: list[str] = []
    for name in sorted(_py_files(base_dir) | _py_files(head_dir)):
        base_text, head_text = _read(base_dir / name), _read(head_dir / name)
        if base_text == head_text:
            continue
        base, head = _parse(base_text), _parse(head_text)
        changed = _file_changes(base, head, origins.get(name, set()))
        if changed:
            keys |= changed
        elif base.rest is None or head.rest is None or base.rest != head.rest:
            shared.append(name)  # defines no step: the fork's version is simply not used
    return ForkChanges(frozenset(keys), tuple(shared))


# --- the plan, reviewed -------------------------------------------------------------------


def _origins(catalog: Catalog, base_dir: Path) -> dict[str, set[str]]:
    table: dict[str, set[str]] = {}
    root = base_dir.resolve()
    for entry in catalog.entries:
        path = Path(entry.step.origin.file)
        if entry.mirror_of is None and path.is_relative_to(root):
            table.setdefault(path.relative_to(root).as_posix(), set()).add(entry.key)
    return table


def compare(catalog: Catalog, definitions: Definitions) -> ForkReview | None:
    """What a fork changed in the definitions (None: the definitions are trusted).
    Selection blocks those steps and shows the notes."""
    if definitions.base is None or definitions.head is None:
        return None
    found = fork_changes(definitions.directory, definitions.head,
                         _origins(catalog, definitions.directory))
    return ForkReview(found.keys, tuple(_notes(catalog, definitions, found)))


def _listing(keys: list[str], limit: int = 10) -> str:
    shown = ", ".join(keys[:limit])
    return shown + (f" (+{len(keys) - limit} more)" if len(keys) > limit else "")


def _notes(catalog: Catalog, definitions: Definitions, found: ForkChanges) -> Iterator[str]:
    base = (definitions.base or "")[:12]
    yield (f"pull request from a fork: the CI definitions ({definitions.relative}/) were "
           f"loaded from the base commit {base}, not from the pull request")
    known = catalog.by_key
    gated = sorted(k for k in found.keys if k in known)
    if gated:
        yield (f"the fork changes the definitions of {len(gated)} step(s), which wait for a "
               f"maintainer's click (and run as the base branch defines them): {_listing(gated)}")
    new = sorted(k for k in found.keys if k not in known)
    if new:
        yield (f"step(s) only the fork defines cannot run from the base definitions: "
               f"{_listing(new)}")
    if found.shared_files:
        files = _listing(list(found.shared_files))
        yield f"the fork changes shared definition file(s) ({files}); their changes are not used"
