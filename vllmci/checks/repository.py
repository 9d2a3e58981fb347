"""Warnings that compare the definitions with the repository they describe:
stale dependency entries, run-all patterns that match nothing, and test files
no step's entries cover (a change to them starts no test).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

import attrs

from vllmci.catalog.model import Catalog, Entry
from vllmci.catalog.paths import FileIndex, PathRule, is_glob, rule_matches
from vllmci.checks.findings import Finding, at, line_of
from vllmci.errors import GitError, UsageError
from vllmci.gitops import open_repository
from vllmci.values import frozen

TEST_FILE = re.compile(r"^tests/(?:.*/)?(?:test_[^/]*\.py|[^/]*_test\.py)$")


@frozen
class Tree:
    """The repository's tracked files, and where the list came from."""

    files: tuple[str, ...] = attrs.field(converter=lambda f: tuple(sorted(set(f))))
    source: str = ""

    def matching(self, entry: str) -> list[str]:
        """The files one dependency entry (without `!`) matches."""
        return list(self.index.matching(entry))

    def matches(self, pattern: re.Pattern[str]) -> bool:
        return any(pattern.match(f) for f in self.files)

    @functools.cached_property
    def index(self) -> FileIndex:
        return FileIndex(self.files)

    @functools.cached_property
    def test_files(self) -> tuple[str, ...]:
        return tuple(f for f in self.files if TEST_FILE.match(f))


def git_tree(repo: Path) -> Tree | None:
    """`git ls-files` of `repo`, or None when it is not a git checkout."""
    try:
        checkout = open_repository(repo)
        files = checkout.ls_files()  # relative to the top, from any directory in it
    except GitError:
        return None
    return Tree(files, f"git ls-files in {checkout.top}")


def file_tree(path: Path) -> Tree:
    """A list of the repository's paths, one a line (`--tree FILE`)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(f"--tree {path}: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise UsageError(f"--tree {path}: not UTF-8 text (byte {error.object[error.start]:#04x} "
                         f"at offset {error.start}): list the paths one a line, in UTF-8"
                         ) from None
    return Tree([line.strip() for line in text.splitlines() if line.strip()], str(path))


# --- stale entries -------------------------------------------------------------------------


def own_entries(catalog: Catalog, entry: Entry) -> Iterator[tuple[str, str]]:
    """(field, entry) of the dependency entries this step adds: a mirror's own ones
    only, not those it copies from its parent (reported there)."""
    parent = catalog.by_key[entry.mirror_of].step if entry.mirror_of else None
    inherited = set(parent.paths or ()) | set(parent.force_paths) if parent else set()
    for field, values in (("paths", entry.step.paths or ()),
                          ("force_paths", entry.step.force_paths)):
        for value in values:
            if value not in inherited:
                yield field, value


def stale_entries(catalog: Catalog, tree: Tree) -> Iterator[Finding]:
    for entry in catalog.entries:
        for field, value in own_entries(catalog, entry):
            if field == "paths" and entry.rule.prefix:  # raw string prefixes (AMD template)
                if tree.index.starting_with(value):
                    continue
            elif tree.matching(value.removeprefix("!")):
                continue
            yield Finding("warning", "stale-entry", _stale_message(field, value),
                          key=entry.key, file=at(entry.step.origin)["file"],
                          line=line_of(entry.step.origin, value))


def _stale_message(field: str, value: str) -> str:
    if field == "force_paths":
        return f"forcing path {value!r} matches no tracked file: it never starts the step"
    if value.startswith("!"):
        return f"exclusion {value!r} matches no tracked file: it excludes nothing"
    return f"dependency entry {value!r} matches no tracked file: it never starts the step"


def unmatched_run_all(catalog: Catalog, tree: Tree) -> Iterator[Finding]:
    """Each pipeline's run-all rule (the test pipeline's when there is only one)."""
    for rules in catalog.run_alls or (catalog.run_all,):
        where = at(rules.origin)
        for kind, patterns in (("run-all pattern", rules.patterns),
                               ("run-all exclusion", rules.exclude),
                               ("nightly pattern", rules.nightly)):
            for pattern in patterns:
                if not tree.matches(re.compile(pattern)):
                    yield Finding("warning", "run-all-unmatched",
                                  f"{kind} {pattern!r} matches no tracked file",
                                  file=where["file"], line=line_of(rules.origin, pattern))


# --- test files no step covers --------------------------------------------------------------


@frozen
class Coverage:
    """Which steps' entries match each test file, and whether any would start."""

    starting: frozenset[str]
    """Test files a change to which starts a step (non-optional entries, forcing
    paths, an active run-all pattern)."""
    optional: dict[str, list[str]]
    """Other test files matched only by optional steps: file -> those steps."""


def coverage(catalog: Catalog, tree: Tree) -> Coverage:
    """Over the test pipeline's steps when the definitions hold one (the AMD and Intel
    pipelines run some tests again on other hardware; they do not cover a file)."""
    if "test" in catalog.pipelines():
        catalog = catalog.only("test")
    tests = frozenset(tree.test_files)
    starting: set[str] = set()
    optional: dict[str, list[str]] = {}
    for entry in catalog.entries:
        forced = _matched(tree, PathRule.from_entries(entry.step.force_paths)) & tests
        matched = _matched(tree, entry.rule) & tests
        starting |= forced
        if entry.step.optional:
            for path in matched - forced:
                optional.setdefault(path, []).append(entry.key)
        else:
            starting |= matched
    if catalog.run_all.active:
        starting |= {p for p in tests if _run_all_match(catalog, p)}
    left = {p: keys for p, keys in optional.items() if p not in starting}
    return Coverage(frozenset(starting), left)


def _matched(tree: Tree, rule: PathRule) -> set[str]:
    return {path for path, _ in rule_matches(rule, tree.index)}


def _run_all_match(catalog: Catalog, path: str) -> bool:
    rules = catalog.run_all
    return any(re.match(p, path) for p in rules.patterns) and not any(
        re.match(x, path) for x in rules.exclude)


def uncovered_tests(catalog: Catalog, tree: Tree) -> Iterator[Finding]:
    covered = coverage(catalog, tree)
    hints = _Hints(catalog, tree)
    for path in tree.test_files:
        if path in covered.starting:
            continue
        steps = covered.optional.get(path)
        if steps:
            names = ", ".join(map(repr, steps))
            yield Finding("warning", "only-optional-test",
                          f"only optional step(s) {names} cover it: a change to it starts "
                          "no test" + hints.of(path), file=path)
        else:
            yield Finding("warning", "uncovered-test", "no step's dependency entries match "
                          "it: a change to it starts no test" + hints.of(path), file=path)


@frozen
class _Hints:
    """What a maintainer fixing an uncovered test wants to know: the stale entry
    probably meant for it, and the steps whose commands name it."""

    catalog: Catalog
    tree: Tree

    @functools.cached_property
    def stale(self) -> list[tuple[str, str]]:
        return [(e.key, value) for e in self.catalog.entries
                for field, value in own_entries(self.catalog, e)
                if field == "paths" and not value.startswith("!") and not is_glob(value)
                and not self.tree.matching(value)]

    def of(self, path: str) -> str:
        meant = sorted({f"{v!r} of {k!r}" for k, v in self.stale if path.startswith(v)})
        out = f" (stale entry {', '.join(meant)} looks meant for it)" if meant else ""
        runs = self.runners(path)
        if runs:
            shown = ", ".join(map(repr, runs[:3])) + (f" and {len(runs) - 3} more"
                                                      if len(runs) > 3 else "")
            out += f" (named in the commands of {shown})"
        return out

    def runners(self, path: str) -> list[str]:
        """Steps whose commands name the file, or a folder of it two or more levels
        below tests/ (`plugins_tests/lora_resolvers`), as pytest is run from tests/."""
        parts = path.removeprefix("tests/").split("/")
        names = ["/".join(parts), *("/".join(parts[:n]) for n in range(len(parts) - 1, 1, -1))]
        alternatives = "|".join(re.escape(n) for n in names)
        named = re.compile(rf"(?:^|[\s'\"=])(?:\./)?(?:tests/)?(?:{alternatives})/?(?:$|[\s'\":])")
        return sorted({e.mirror_of or e.key for e in self.catalog.entries
                       if any(named.search(c) for c in e.step.commands)})
