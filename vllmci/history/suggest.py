"""Narrowing suggestions: a broad entry (`vllm/`: a whole top-level directory) on a
step whose tests live in one directory (`tests/lora`) could be that directory's
source counterpart (`vllm/lora`), when the repository has one. Each suggestion is
replayed: the changes it would stop the step on, and the GPU-hours saved.

Narrowing a step's entries can only take runs away, and only on changes where
the step ran, so only those changes are replayed again.
"""

from __future__ import annotations

import posixpath
import shlex
from collections.abc import Iterator

import attrs

from vllmci.catalog.model import Catalog, Entry
from vllmci.catalog.paths import PathRule
from vllmci.checks.repository import Tree
from vllmci.history import whatif
from vllmci.history.replay import Replay, replay
from vllmci.history.stats import History, suspects

# pytest options whose value is the next word
VALUED = frozenset({"-m", "-k", "-n", "-c", "-p", "-o", "-W", "--deselect", "--ignore",
                    "--ignore-glob", "--junitxml", "--timeout", "--maxfail", "--durations",
                    "--basetemp", "--rootdir", "--confcutdir", "--dist"})
SHELL = frozenset({"&&", "||", ";", "|", "&", "(", ")", ";;"})


@attrs.frozen
class Suggestion:
    key: str
    entry: str
    replacement: str
    tests: str
    effects: tuple[whatif.StepDelta, ...]
    """The step's and its AMD mirrors' (which copy its entries) replayed changes."""

    @property
    def saved(self) -> float:
        return sum(d.gpu_hours_saved for d in self.effects)


def pytest_targets(command: str) -> Iterator[str]:
    """The paths a shell command hands pytest (none when it does not run pytest)."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        words = list(lexer)
    except ValueError:
        return
    running, skip = False, False
    for word in words:
        if word in SHELL:
            running = False
        elif word == "pytest" or word.endswith("/pytest"):
            running = True
        elif running and not skip and not word.startswith("-"):
            yield word.split("::")[0]
        skip = running and word in VALUED


def test_directory(entry: Entry, tree: Tree) -> str | None:
    """The one directory of the repository all the step's pytest targets lie in."""
    base = posixpath.basename((entry.step.working_dir or "").rstrip("/"))
    prefix = f"{base}/" if base and tree.matching(base) else ""
    targets = [posixpath.normpath(prefix + t) for c in entry.step.commands
               for t in pytest_targets(c)]
    dirs = {t if not t.endswith(".py") else posixpath.dirname(t) for t in targets}
    if not dirs or not all(tree.matching(d) for d in dirs):
        return None
    common = posixpath.commonpath(sorted(dirs))
    return common if "/" in common else None


def counterpart(tests: str, broad: str, tree: Tree) -> str | None:
    """`tests/models/language` under `vllm/`: the longest of `vllm/models/language`,
    `vllm/models` the repository has."""
    parts = tests.split("/")[1:]
    for size in range(len(parts), 0, -1):
        candidate = posixpath.join(broad.rstrip("/"), *parts[:size])
        if tree.matching(candidate):
            return candidate
    return None


def _broad(entry: str) -> bool:
    return "/" not in entry.rstrip("/") and not entry.startswith("!") and "*" not in entry


def candidates(catalog: Catalog, history: History, tree: Tree,
               limit: int) -> Iterator[tuple[str, str, str, str]]:
    """(key, entry, replacement, tests dir) for the costliest broad entries first."""
    found = 0
    for item in suspects(history, limit=len(history.steps) * 4):
        entry = catalog.by_key[item.key]
        if entry.mirror_of:  # its parent's definition holds the entry
            continue
        tests = test_directory(entry, tree) if _broad(item.entry) else None
        other = counterpart(tests, item.entry, tree) if tests else None
        if other and found < limit:
            found += 1
            yield item.key, item.entry, other, tests or ""


def narrowed(catalog: Catalog, key: str, old: str, new: str) -> Catalog:
    """Entry `old` of step `key` (and of its mirrors) replaced by `new`, in memory."""

    def change(entry: Entry) -> Entry:
        if key not in (entry.key, entry.mirror_of) or old not in (entry.step.paths or ()):
            return entry
        paths = tuple(new if p == old else p for p in entry.step.paths or ())
        return attrs.evolve(entry, step=attrs.evolve(entry.step, paths=paths),
                            rule=PathRule.from_entries(paths))

    return attrs.evolve(catalog, entries=tuple(map(change, catalog.entries)))


def suggest(result: Replay, history: History, tree: Tree, limit: int = 5
            ) -> tuple[Suggestion, ...]:
    """The costliest broad entries with a narrower counterpart, each replayed."""
    out = []
    for key, entry, new, tests in candidates(result.catalog, history, tree, limit):
        keys = {key} | {e.key for e in result.catalog.entries if e.mirror_of == key}
        ran = tuple(o for o in result.outcomes if any(o.ran(k) for k in keys))
        before = attrs.evolve(result, outcomes=ran)
        after = replay(narrowed(result.catalog, key, entry, new), [o.change for o in ran],
                       result.context, result.pipeline, result.repo)
        after = attrs.evolve(after, costs=result.costs)  # paths do not change a run's cost
        effects = tuple(d for d in whatif.compare(before, after).deltas if d.key in keys)
        out.append(Suggestion(key, entry, new, tests, effects))
    out.sort(key=lambda s: (-s.saved, s.key))
    return tuple(out)
