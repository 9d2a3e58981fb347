"""Warnings about steps themselves: steps that never start by themselves, entries
a broader entry of the same step already covers, optional steps no build starts,
keys a relabel would rename, shards that all run the same commands.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from vllmci.catalog.model import Catalog, Entry
from vllmci.catalog.paths import entry_matches, is_glob
from vllmci.catalog.shards import pytest_run
from vllmci.checks.findings import Finding, at, line_of
from vllmci.checks.repository import own_entries
from vllmci.context import BuildContext
from vllmci.define.step import Step
from vllmci.importer.rules import derive_key
from vllmci.plan.changes import ChangeSet
from vllmci.plan.select import select

NIGHTLY_BUILD = {"BUILDKITE_BRANCH": "main", "BUILDKITE_PULL_REQUEST": "false", "NIGHTLY": "1"}


def dependents(catalog: Catalog) -> dict[str, list[str]]:
    """key -> the steps that depend on it."""
    table: dict[str, list[str]] = {}
    for entry in catalog.entries:
        for target in entry.depends_on:
            table.setdefault(target, []).append(entry.key)
    return table


def never_started(catalog: Catalog) -> Iterator[Finding]:
    """Non-optional steps with no dependency entries, forcing paths or dependents:
    only RUN_ALL, NIGHTLY or a click start them."""
    needed = dependents(catalog)
    for entry in catalog.entries:
        step = entry.step
        if entry.rule or step.optional or step.always_run or step.force_paths:
            continue
        if entry.key in needed:
            continue
        yield Finding("warning", "no-dependencies", "no dependency entries: no change starts "
                      "it (only RUN_ALL, NIGHTLY or a click)", key=entry.key,
                      **at(step.origin))


# --- shadowed entries ----------------------------------------------------------------------


def _fixed_prefix(entry: str) -> str:
    """The directory every path a glob matches lies below ('' when none)."""
    head = entry[:min(entry.index(c) for c in "*?[" if c in entry)]
    return head.rsplit("/", 1)[0] if "/" in head else ""


def covers(broad: str, narrow: str) -> bool:
    """Does entry `broad` match every path entry `narrow` matches (and is it another
    entry)? Globs are compared by the directory they are anchored in."""
    if broad.rstrip("/") == narrow.rstrip("/"):
        return False
    if is_glob(broad):
        return not is_glob(narrow) and entry_matches(broad, narrow.rstrip("/"))
    base = _fixed_prefix(narrow) if is_glob(narrow) else narrow.rstrip("/")
    root = broad.rstrip("/")
    return base == root or base.startswith(root + "/")


def shadowed(catalog: Catalog) -> Iterator[Finding]:
    for entry in catalog.entries:
        yield from _shadowed_in(catalog, entry)


def _shadowed_in(catalog: Catalog, entry: Entry) -> Iterator[Finding]:
    includes = entry.rule.includes
    own = [v for field, v in own_entries(catalog, entry)
           if field == "paths" and not v.startswith("!")]
    for value in dict.fromkeys(own):
        why = _redundant(value, includes, set(own), listed=entry.step.paths or ())
        if why:
            yield Finding("warning", "shadowed-entry", f"dependency entry {value!r} is "
                          f"redundant: {why}", key=entry.key, file=at(entry.step.origin)["file"],
                          line=line_of(entry.step.origin, value))


def _redundant(value: str, includes: tuple[str, ...], own: set[str],
               listed: tuple[str, ...]) -> str | None:
    """Why entry `value` adds nothing to the step's other entries, or None."""
    broader = next((b for b in includes if covers(b, value)), None)
    if broader is not None:
        return f"the broader entry {broader!r} already matches everything it matches"
    at_ = includes.index(value)
    same = [j for j, other in enumerate(includes)
            if j != at_ and other.rstrip("/") == value.rstrip("/")
            and (j < at_ or other not in own)]
    if same:
        return f"it matches the same files as {includes[same[0]]!r}"
    if listed.count(value) > 1:
        return "it is listed twice"
    return None


# --- optional steps no build starts ------------------------------------------------------


def unreachable_optional(catalog: Catalog) -> Iterator[Finding]:
    """Optional steps a NIGHTLY build does not run (its `only_in` leaves it out), that
    no forcing path starts and no step pulls in: only a click ever runs them."""
    needed = dependents(catalog)
    ctx = BuildContext.from_env(NIGHTLY_BUILD)
    for pipeline in catalog.pipelines():
        plan = select(catalog.for_pipeline(pipeline), ChangeSet.from_files([]), ctx, pipeline)
        for entry, decision in zip(plan.catalog.entries, plan.decisions, strict=True):
            step = entry.step
            if not step.optional or decision.action == "run":
                continue
            if step.force_paths or entry.key in needed:
                continue
            why = "; ".join(decision.reasons)
            yield Finding("warning", "unreachable-optional", "optional step that no build "
                          f"starts: a NIGHTLY build does not run it ({why}), no forcing path "
                          "and no dependent step start it", key=entry.key, **at(step.origin))


# --- keys derived from labels --------------------------------------------------------------


def label_derived_keys(catalog: Catalog) -> Iterator[Finding]:
    """Steps whose key is the one vLLM derives from a label (for a YAML step without a
    `key`): in vLLM's YAML a relabel renames such a step, so the next import gives it
    a new key, a new block key, and `depends_on` or `VLLM_CI_ONLY_STEP_KEYS` naming
    the old one breaks. A key that is just the label in lower case (`lora` for
    `LoRA`) reads as chosen, not derived: not reported."""
    for group in catalog.groups:
        for step in group.steps:
            if (isinstance(step, Step) and step.key == derive_key(step.label)
                    and step.key != step.label.lower()):
                yield Finding("warning", "label-derived-key", f"its key is the one vLLM derives "
                              f"from its label {step.label!r}: if vLLM's YAML step has no "
                              "`key`, a relabel renames it (a new key and block key at the "
                              "next import); give the YAML step an explicit key",
                              key=step.key, **at(step.origin))


# --- shards that all run the same commands -------------------------------------------------

_SHARD_INDEX = re.compile(r"BUILDKITE_PARALLEL_JOB\b")


def unsharded_commands(catalog: Catalog) -> Iterator[Finding]:
    """Sharded steps (and mirrors, which take their step's `parallelism`) whose commands
    never read `$BUILDKITE_PARALLEL_JOB`: unless a script they call reads it, every
    shard runs the same commands in full. A step sharded by time (`ByTime`) counts at
    its `max`, unless one of its commands is a pytest run vllmci splits by file."""
    for entry in catalog.entries:
        step = entry.step
        count = max(step.parallelism, step.shards.max if step.shards else 1)
        if count < 2 or any(_SHARD_INDEX.search(c) for c in step.commands):
            continue
        if step.shards and any(pytest_run(c) for c in step.commands):
            continue
        shown = f"up to {count}" if step.shards else str(count)
        what = (f"the AMD mirror runs {shown} shards (a mirror takes its step's "
                "parallelism)" if entry.mirror_of else f"it runs {shown} shards")
        yield Finding("warning", "unsharded-commands", f"{what}, but its commands never read "
                      "$BUILDKITE_PARALLEL_JOB: unless a script they call does, each shard "
                      "runs them all", key=entry.key, **at(step.origin))
