"""Stage 4: selection. Which steps run, which wait behind a block, which are left out.

This is the only module that decides whether a step runs. vLLM's order:
docs-only (unless everything runs, or the pipeline checks it first), selector
tags (`Settings.tag`), build kind (`only_in`, `skip_in`, no publishing in pull
requests), NOAUTO, only-step keys, always-run steps, NIGHTLY (or a run-all
label, or a file that sets nightly mode), forcing paths, optional,
run-everything, then the dependency entries. Gates and inputs are decided too:
each is in the build (it waits for a click) or left out (`skip_in`, e.g. the
gates vLLM leaves out of nightly builds).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs

from vllmci.catalog.durations import Durations
from vllmci.catalog.gates import graph_of, waits_for
from vllmci.catalog.model import Catalog, Entry, GateEntry
from vllmci.catalog.paths import FileIndex, PathRule, rule_matches
from vllmci.context import BuildContext
from vllmci.errors import UsageError, did_you_mean
from vllmci.plan.changes import ChangeSet
from vllmci.plan.model import FORK_REASON, Decision, ForkReview, Match, Plan, RunAllCause
from vllmci.values import frozen

DOCS_SUFFIXES = (".md",)
DOCS_FILES = frozenset({"mkdocs.yaml", "mkdocs.yml"})


def is_docs_path(path: str) -> bool:
    return path.startswith("docs/") or path.endswith(DOCS_SUFFIXES) or path in DOCS_FILES


def diff_decides(catalog: Catalog) -> bool:
    """Whether the diff chooses anything here (not when every step always runs)."""
    return any(not entry.step.always_run for entry in catalog.entries)


def is_docs_only(changes: ChangeSet) -> bool:
    return bool(changes.files) and changes.fallback_reason is None and all(
        is_docs_path(f) for f in changes.files)


def run_all_matches(catalog: Catalog, files: Iterable[str]) -> tuple[Match, ...]:
    """Changed files matching a run-all pattern (anchored regex) and no exclusion."""
    rules = catalog.run_all
    if not rules.patterns:
        return ()
    anyone = re.compile("|".join(f"(?:{p})" for p in rules.patterns))
    excluded = re.compile("|".join(f"(?:{x})" for x in rules.exclude)) if rules.exclude else None
    nightly = nightly_pattern(catalog)
    found = []
    for path in files:
        if nightly is not None and nightly.match(path):
            continue  # it sets nightly mode instead (vLLM's AMD pipeline)
        if anyone.match(path) and not (excluded and excluded.match(path)):
            hit = next(p for p in rules.patterns if re.match(p, path))
            found.append(Match(path, hit))
    return tuple(found)


def nightly_pattern(catalog: Catalog) -> re.Pattern[str] | None:
    patterns = catalog.run_all.nightly
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def nightly_matches(catalog: Catalog, files: Iterable[str]) -> tuple[Match, ...]:
    """Changed files matching the run-all rule's `nightly` patterns: every step runs,
    optional ones too, as with NIGHTLY=1 (vLLM's AMD pipeline)."""
    pattern = nightly_pattern(catalog)
    if pattern is None:
        return ()
    return tuple(Match(path, next(p for p in catalog.run_all.nightly if re.match(p, path)))
                 for path in files if pattern.match(path))


def selector_tag(catalog: Catalog, ctx: BuildContext) -> str | None:
    """The tag this build's tagged steps must carry (`Settings.tag`), if any."""
    tag = catalog.settings.tag
    return tag(ctx) if tag is not None else None


def run_all_label(catalog: Catalog, ctx: BuildContext) -> str | None:
    """The first of the run-all rule's labels the pull request carries."""
    return next((label for label in catalog.run_all.labels if label in (ctx.labels or ())),
                None)


def run_all_cause(catalog: Catalog, changes: ChangeSet, ctx: BuildContext) -> RunAllCause | None:
    if changes.fallback_reason:
        return RunAllCause(f"the diff could not be computed: {changes.fallback_reason}")
    if ctx.run_all:
        return RunAllCause("RUN_ALL=1")
    label = run_all_label(catalog, ctx)
    if label:
        return RunAllCause(f"the pull request is labelled {label}")
    if ctx.torch_nightly and catalog.run_all.torch_nightly:
        return RunAllCause("TORCH_NIGHTLY=1")
    matches = run_all_matches(catalog, changes.files)
    if matches and catalog.run_all.active:
        return RunAllCause("a changed file matches a run-all pattern", matches)
    return None


def inactive_run_all(catalog: Catalog, changes: ChangeSet) -> tuple[Match, ...]:
    """Run-all matches that did not run everything because the rule is inactive."""
    if catalog.run_all.active:
        return ()
    return run_all_matches(catalog, changes.files)


def own_files(catalog: Catalog, repo: Path | None) -> dict[str, str]:
    """Each step's definition file relative to `repo`, when the definitions live in it."""
    if repo is None:
        return {}
    root = repo.resolve()
    table = {}
    for entry in catalog.entries:
        path = Path(entry.step.origin.file)
        if path.is_relative_to(root):
            table[entry.key] = path.relative_to(root).as_posix()
    return table


def select(catalog: Catalog, changes: ChangeSet, ctx: BuildContext,
           pipeline: str = "test", repo: Path | None = None,
           fork: ForkReview | None = None, durations: Durations | None = None) -> Plan:
    """Decide every step of `pipeline` in `catalog` for this change and build, once.

    `repo` is what definition files are relative to (a step's own file counts as
    a dependency); `fork` says which steps a fork pull request changed (they
    wait for a click); `durations` go into the plan for what reads it (cost,
    shards sized by time). Nothing edits the decisions afterwards.
    """
    catalog = catalog.only(pipeline)
    changes = unneeded_fallback(catalog, changes)
    cause = run_all_cause(catalog, changes, ctx)
    # vLLM skips its docs-only check when everything runs (a run-all file ending in .md);
    # its AMD and Intel bootstrap scripts check it first (`Settings.docs_only_first`).
    docs_only = ((cause is None or catalog.settings.docs_only_first) and is_docs_only(changes)
                 and not ctx.docs_only_disable and diff_decides(catalog))
    wanted = only_closure(catalog, ctx.only_keys)
    nightly = nightly_matches(catalog, changes.files)
    deciders = _Deciders(catalog, changes, ctx, cause, wanted, own_files(catalog, repo),
                         FileIndex(changes.files), run_all_label(catalog, ctx),
                         selector_tag(catalog, ctx), nightly)
    decisions = tuple(deciders.decide(entry, docs_only) for entry in catalog.entries)
    decisions = promote_dependencies(catalog, decisions)
    gates = tuple(decide_gate(gate, ctx, docs_only, wanted) for gate in catalog.gates)
    decisions = gate_reasons(catalog, decisions, gates)
    notes: tuple[str, ...] = (ctx.labels_problem,) if ctx.labels_problem else ()
    if nightly and not docs_only:
        notes = (*notes, f"{nightly[0].file} sets nightly mode: every step runs, optional "
                 "ones too")
    if fork is not None:
        decisions = tuple(fork_block(catalog, d, fork.keys) for d in decisions)
        notes = (*notes, *fork.notes)
    return Plan(pipeline, catalog, changes, ctx, decisions, cause, docs_only,
                inactive_run_all(catalog, changes), notes, gates, durations)


def unneeded_fallback(catalog: Catalog, changes: ChangeSet) -> ChangeSet:
    """A failed diff does not matter to a pipeline whose every step always runs."""
    if changes.fallback_reason and not diff_decides(catalog):
        return ChangeSet(source="not needed: every step of this pipeline always runs")
    return changes


def fork_block(catalog: Catalog, decision: Decision, changed: frozenset[str]) -> Decision:
    """A step a fork's pull request changed waits for a maintainer's click."""
    entry = catalog.by_key[decision.key]
    if (entry.mirror_of or entry.key) not in changed or decision.action == "skip":
        return decision
    return Decision(decision.key, "block", (FORK_REASON, *decision.reasons), decision.matches)


def gate_reasons(catalog: Catalog, decisions: tuple[Decision, ...],
                 gates: tuple[Decision, ...]) -> tuple[Decision, ...]:
    """Say first which clicks a running step waits for (the plan's table shows it)."""
    waiting = {d.key for d in gates if d.action == "block"}
    if not waiting:
        return decisions
    graph = graph_of(catalog.entries, (g for g in catalog.gates if g.key in waiting))
    out = []
    for decision in decisions:
        found = waits_for(graph, decision.key) if decision.action == "run" else []
        why = (f"after a click on {', '.join(found)}",) if found else ()
        out.append(attrs.evolve(decision, notes=(*why, *decision.reasons)))
    return tuple(out)


def only_closure(catalog: Catalog, keys: tuple[str, ...]) -> dict[str, str] | None:
    """VLLM_CI_ONLY_STEP_KEYS and what they depend on: key -> why it is kept."""
    if not keys:
        return None
    unknown = [k for k in keys if k not in catalog.by_key and k not in catalog.gate_by_key]
    if unknown:
        hint = did_you_mean(unknown[0], catalog.by_key)
        raise UsageError(f"VLLM_CI_ONLY_STEP_KEYS names unknown step key(s) "
                         f"{', '.join(map(repr, unknown))}{hint}")
    kept = {k: "listed in VLLM_CI_ONLY_STEP_KEYS" for k in keys}
    queue = list(keys)
    while queue:
        for dep in catalog.depends_on_of(queue.pop()):
            if dep not in kept:
                kept[dep] = f"required by {_dependent(catalog, dep, kept)}"
                queue.append(dep)
    return kept


def _dependent(catalog: Catalog, dep: str, kept: dict[str, str]) -> str:
    return next(k for k in kept if dep in catalog.depends_on_of(k))


@frozen
class _Deciders:
    catalog: Catalog
    changes: ChangeSet
    ctx: BuildContext
    cause: RunAllCause | None
    wanted: dict[str, str] | None
    own: dict[str, str]
    index: FileIndex
    label: str | None = None
    """A run-all label the pull request carries: every step runs, optional ones too."""
    tag: str | None = None
    """The selector tag tagged steps must carry (`Settings.tag`)."""
    nightly: tuple[Match, ...] = ()
    """Changed files that set nightly mode (`RunAll.nightly`)."""

    def decide(self, entry: Entry, docs_only: bool) -> Decision:
        key, step = entry.key, entry.step
        if docs_only:
            return Decision(key, "skip", ("docs-only change: CI skipped",))
        if self.tag and step.tags and self.tag not in step.tags:
            return Decision(key, "skip", (f"not tagged {self.tag}: this build runs only the "
                                          f"steps tagged {self.tag}",))
        if step.only_in and not self.ctx.build_kinds & set(step.only_in):
            return Decision(key, "skip", (f"only runs in {', '.join(step.only_in)} builds",))
        left_out = self.ctx.build_kinds & set(step.skip_in)
        if left_out:
            return Decision(key, "skip", (f"left out of {', '.join(sorted(left_out))} builds",))
        if step.publishes and self.ctx.is_pr:
            return Decision(key, "skip", ("publishing steps never run in pull request builds",))
        if self.ctx.noauto:
            return Decision(key, "block", ("NOAUTO=1 blocks every step",))
        if self.wanted is not None:
            return self._only(key)
        if step.always_run:
            return Decision(key, "run", ("always runs",))
        if self.ctx.nightly:
            return Decision(key, "run", ("NIGHTLY=1 runs every step",))
        if self.label:
            return Decision(key, "run", (f"labelled {self.label}: every step runs, "
                                         "optional ones too",))
        if self.nightly:
            return Decision(key, "run", ("nightly mode: every step runs, optional ones too",),
                            self.nightly)
        forced = tuple(self._forced(entry))
        if forced:
            return Decision(key, "run", (), forced)
        if step.optional:
            return Decision(key, "block", ("optional step: start it by hand",))
        if self.cause is not None:
            return Decision(key, "run", (f"run everything: {self.cause.reason}",),
                            self.cause.matches)
        return self._by_paths(entry)

    def _only(self, key: str) -> Decision:
        assert self.wanted is not None
        if key in self.wanted:
            return Decision(key, "run", (self.wanted[key],))
        return Decision(key, "skip", ("not in VLLM_CI_ONLY_STEP_KEYS",))

    def _by_paths(self, entry: Entry) -> Decision:
        if not entry.rule:
            return Decision(entry.key, "block", ("no dependency entries: never runs by itself",))
        matches = self._matches(entry)
        if matches:
            return Decision(entry.key, "run", (), matches)
        return Decision(entry.key, "block", ("no changed file matches its dependencies",))

    def _forced(self, entry: Entry) -> Iterator[Match]:
        if not entry.step.force_paths:
            return
        rule = PathRule.from_entries(entry.step.force_paths)
        for path, hit in rule_matches(rule, self.index):
            yield Match(path, f"{hit} (starts it even when optional)")

    def _matches(self, entry: Entry) -> tuple[Match, ...]:
        found = rule_matches(entry.rule, self.index)
        own = self.own.get(entry.mirror_of or entry.key)
        if own in self.index.files and own not in dict(found):
            found = sorted([*found, (own, "its definition file")])
        return tuple(found)


def promote_dependencies(catalog: Catalog, decisions: tuple[Decision, ...]) -> tuple[Decision, ...]:
    """A running step's blocked dependencies run too: never wait on a block nobody
    clicks. Skipped dependencies stay out of the build (the builder drops them)."""
    by_key = {d.key: d for d in decisions}
    queue = [d.key for d in decisions if d.action == "run"]
    while queue:
        for dep in catalog.by_key[queue.pop()].depends_on:
            if dep in by_key and by_key[dep].action == "block":
                why = f"required by {_first_runner(catalog, dep, by_key)}"
                by_key[dep] = Decision(dep, "run", (why,))
                queue.append(dep)
    return tuple(by_key[d.key] for d in decisions)


def _first_runner(catalog: Catalog, dep: str, by_key: dict[str, Decision]) -> str:
    return next(k for k, d in by_key.items()
                if d.action == "run" and dep in catalog.by_key[k].depends_on)


def decide_gate(gate: GateEntry, ctx: BuildContext, docs_only: bool,
                wanted: dict[str, str] | None) -> Decision:
    """A gate is in the build, waiting for a person, unless its build kind leaves it out."""
    key = gate.key
    if docs_only:
        return Decision(key, "skip", ("docs-only change: CI skipped",))
    left_out = ctx.build_kinds & set(gate.gate.skip_in)
    if left_out:
        return Decision(key, "skip", (f"left out of {', '.join(sorted(left_out))} builds: "
                                      "what waits for it runs without a click",))
    if wanted is not None and key not in wanted:
        return Decision(key, "skip", ("not in VLLM_CI_ONLY_STEP_KEYS",))
    why = "waits for a click" if gate.gate.kind == "block" else (
        "waits for input: " + ", ".join(f.key for f in gate.gate.fields))
    return Decision(key, "block", (why,))

