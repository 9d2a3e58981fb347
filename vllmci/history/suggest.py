"""Narrowing suggestions: a broad entry (`vllm/`: a whole top-level directory) on a
step whose tests live in one directory (`tests/lora`) could be that directory's
source counterpart (`vllm/lora`), when the repository has one. Each suggestion is
replayed: the changes it would stop the step on, and the GPU-hours saved.

Narrowing a step's entries can only take runs away, and only on changes where
the step ran, so only those changes are replayed again. Candidates that cannot
change each other's runs (other steps, none a dependency of another) share one
replay. `vllmci history --suggest` replays the costliest (`candidates`);
`vllmci check` reports every one (`every_candidate`, the `broad-entry` finding).
"""

from __future__ import annotations

import posixpath
import shlex
from collections.abc import Iterable, Iterator

import attrs

from vllmci.catalog.model import Catalog, Entry
from vllmci.catalog.paths import PathRule
from vllmci.checks.repository import Tree
from vllmci.history import whatif
from vllmci.history.replay import Replay, replay
from vllmci.history.stats import History, suspects
from vllmci.report.cost import BOUND, MEASURED, MIXED
from vllmci.values import frozen

# pytest options whose value is the next word
VALUED = frozenset({"-m", "-k", "-n", "-c", "-p", "-o", "-W", "--deselect", "--ignore",
                    "--ignore-glob", "--junitxml", "--timeout", "--maxfail", "--durations",
                    "--basetemp", "--rootdir", "--confcutdir", "--dist"})
SHELL = frozenset({"&&", "||", ";", "|", "&", "(", ")", ";;"})


@frozen
class Candidate:
    """A broad entry of a step and the narrower entry proposed for it."""

    key: str
    entry: str
    replacement: str
    tests: str
    """The one directory the step's tests live in."""


@frozen
class Suggestion:
    key: str
    entry: str
    replacement: str
    tests: str
    effects: tuple[whatif.StepDelta, ...]
    """The step's and its AMD mirrors' (which copy its entries) replayed changes."""
    basis: str = BOUND
    """What the GPU-hours rest on: measured, timeout bound, or both (`report.cost`)."""

    @property
    def saved(self) -> float:
        return sum(d.gpu_hours_saved for d in self.effects)

    @property
    def no_longer_runs(self) -> int:
        """The changes the narrowing keeps the step (or one of its mirrors) out of."""
        return max((len(d.dropped) for d in self.effects), default=0)


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


def narrowing(entry: Entry, value: str, tree: Tree) -> Candidate | None:
    """The narrower entry for a step's broad entry `value`, when the step's tests live
    in one directory with a source counterpart (mirrors: their parent's definition
    holds the entry)."""
    if entry.mirror_of or not _broad(value):
        return None
    tests = test_directory(entry, tree)
    other = counterpart(tests, value, tree) if tests else None
    return Candidate(entry.key, value, other, tests) if tests and other else None


def every_candidate(catalog: Catalog, tree: Tree) -> Iterator[Candidate]:
    """Every broad entry with a narrower counterpart, of every step a change can start
    by its entries (not optional ones: they wait for a click whatever changed)."""
    for entry in catalog.entries:
        if not entry.step.optional:
            for value in entry.step.paths or ():
                if (found := narrowing(entry, value, tree)) is not None:
                    yield found


def candidates(catalog: Catalog, history: History, tree: Tree,
               limit: int) -> Iterator[Candidate]:
    """The costliest broad entries first (`suspects`), at most `limit`."""
    found = 0
    for item in suspects(history, limit=len(history.steps) * 4):
        if found >= limit:
            return
        candidate = narrowing(catalog.by_key[item.key], item.entry, tree)
        if candidate is not None:
            found += 1
            yield candidate


def narrowed(catalog: Catalog, key: str, old: str, new: str) -> Catalog:
    """Entry `old` of step `key` (and of its mirrors) replaced by `new`, in memory."""

    def change(entry: Entry) -> Entry:
        if key not in (entry.key, entry.mirror_of) or old not in (entry.step.paths or ()):
            return entry
        paths = tuple(new if p == old else p for p in entry.step.paths or ())
        matching = "prefix" if entry.rule.prefix else "paths"
        return attrs.evolve(entry, step=attrs.evolve(entry.step, paths=paths),
                            rule=PathRule.from_entries(paths, matching))

    return attrs.evolve(catalog, entries=tuple(map(change, catalog.entries)))


def narrowed_steps(catalog: Catalog, key: str) -> frozenset[str]:
    """The step and its mirrors: a narrowing changes all of them."""
    return frozenset({key} | {e.key for e in catalog.entries if e.mirror_of == key})


def _needs(catalog: Catalog, keys: frozenset[str]) -> frozenset[str]:
    """What `keys` depend on, directly or not: the steps their runs can start."""
    found: set[str] = set()
    queue = list(keys)
    while queue:
        for dep in catalog.depends_on_of(queue.pop()):
            if dep not in found:
                found.add(dep)
                queue.append(dep)
    return frozenset(found)


@attrs.define
class _Batch:
    """Candidates that cannot change each other's runs: other steps, none of which
    another depends on (a running step starts its blocked dependencies)."""

    candidates: list[Candidate]
    steps: set[str]
    needs: set[str]

    def takes(self, steps: frozenset[str], needs: frozenset[str]) -> bool:
        return not (steps & self.steps or steps & self.needs or needs & self.steps)


def batches(catalog: Catalog, found: Iterable[Candidate]) -> list[list[Candidate]]:
    """`found` in as few independent batches as a first fit gives: each batch is
    replayed once, and each candidate's replayed runs are what it alone would give."""
    out: list[_Batch] = []
    for candidate in found:
        steps = narrowed_steps(catalog, candidate.key)
        needs = _needs(catalog, steps)
        batch = next((b for b in out if b.takes(steps, needs)), None)
        if batch is None:
            out.append(_Batch([candidate], set(steps), set(needs)))
        else:
            batch.candidates.append(candidate)
            batch.steps |= steps
            batch.needs |= needs
    return [b.candidates for b in out]


def _basis(result: Replay, keys: Iterable[str]) -> str:
    """What the steps' GPU-hours rest on, in history's words (`StepStats.basis`)."""
    costs = [c for k in keys if (c := result.costs.get(k)) is not None and c.gpus]
    kinds = {c.measured for c in costs if c.minutes is not None}
    if not kinds:
        return "unknown" if costs else "no GPU"
    return MIXED if len(kinds) > 1 else MEASURED if True in kinds else BOUND


def _replayed(result: Replay, batch: list[Candidate]) -> Iterator[Suggestion]:
    """One batch, replayed on the changes where one of its steps ran (narrowing can
    only take runs away)."""
    steps = {c: narrowed_steps(result.catalog, c.key) for c in batch}
    every = frozenset[str]().union(*steps.values())
    ran = tuple(o for o in result.outcomes if any(o.ran(k) for k in every))
    catalog = result.catalog
    for c in batch:
        catalog = narrowed(catalog, c.key, c.entry, c.replacement)
    after = replay(catalog, [o.change for o in ran], result.context, result.pipeline,
                   result.repo)
    after = attrs.evolve(after, costs=result.costs)  # paths do not change a run's cost
    deltas = whatif.compare(attrs.evolve(result, outcomes=ran), after).deltas
    for c in batch:
        effects = tuple(d for d in deltas if d.key in steps[c])
        yield Suggestion(c.key, c.entry, c.replacement, c.tests, effects,
                         _basis(result, steps[c]))


def replayed(result: Replay, found: Iterable[Candidate]) -> tuple[Suggestion, ...]:
    """Each candidate replayed, most GPU-hours saved first."""
    out = [s for batch in batches(result.catalog, found) for s in _replayed(result, batch)]
    out.sort(key=lambda s: (-s.saved, s.key, s.entry))
    return tuple(out)


def suggest(result: Replay, history: History, tree: Tree, limit: int = 5
            ) -> tuple[Suggestion, ...]:
    """The costliest broad entries with a narrower counterpart, each replayed."""
    return replayed(result, candidates(result.catalog, history, tree, limit))
