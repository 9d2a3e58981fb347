"""Cross-step rules of a catalog: keys, dependencies, concurrency, cycles.

Steps, gates and inputs of one pipeline share one key space (they are all
Buildkite steps of one build); group keys join it. Pipelines are separate
builds: the same key may name a step in each (vLLM's test and Intel pipelines
both have `pre-commit`). A step may only depend on steps of its own pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vllmci.errors import DefinitionError, did_you_mean

if TYPE_CHECKING:
    from vllmci.catalog.model import Entry, GateEntry

KEY_PATTERN = re.compile(r"^[a-zA-Z0-9_\-:.,]+$")
MAX_KEY_LENGTH = 100
BLOCK_PREFIX = "block-"
UUID_SHAPE = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")


def err(item: Any, field: str, message: str) -> DefinitionError:
    """An error about a step, gate or input, at its constructor call."""
    return DefinitionError(message, file=item.origin.file, line=item.origin.line,
                           key=item.key, field=field)


def validate_entries(entries: list[Entry], gates: Iterable[GateEntry] = (),
                     group_keys: Mapping[str, Any] | None = None,
                     elsewhere: Mapping[str, str] | None = None) -> list[DefinitionError]:
    """Cross-step rules: keys, dependencies, concurrency, cycles. `elsewhere`: the
    keys of pipelines not resolved (key -> pipeline), for what a dependency on one says."""
    gates = list(gates)
    errors: list[DefinitionError] = []
    pipelines = dict.fromkeys([*(e.pipeline for e in entries), *(g.pipeline for g in gates)])
    homes: dict[str, str] = dict(elsewhere or {})
    spaces: dict[str, dict[str, Any]] = {}
    for pipeline in pipelines or ("test",):
        mine = [e for e in entries if e.pipeline == pipeline]
        theirs = [g for g in gates if g.pipeline == pipeline]
        seen = spaces[pipeline] = {}
        groups = {k: g for k, g in (group_keys or {}).items()
                  if getattr(g, "pipeline", pipeline) == pipeline}
        errors.extend(_key_space_problems(mine, theirs, groups, seen))
        for key in seen:
            homes.setdefault(key, pipeline)
    for item, deps, pipeline in _nodes(entries, gates):
        errors.extend(_dependency_problems(item, deps, pipeline, spaces.get(pipeline, {}),
                                           homes))
    for pipeline, seen in spaces.items():
        errors.extend(_cycles([e for e in entries if e.pipeline == pipeline],
                              [g for g in gates if g.pipeline == pipeline], seen))
    return errors


def _key_space_problems(entries: list[Entry], gates: list[GateEntry],
                        group_keys: Mapping[str, Any],
                        seen: dict[str, Any]) -> Iterator[DefinitionError]:
    """Key rules within one pipeline: `seen` collects its keys (steps, gates, groups)."""
    for entry in entries:
        yield from _key_problems(entry.step, seen)
        seen.setdefault(entry.key, entry.step)
        # (a mirror copies its step's fields: the step's own error says it)
        if entry.step.concurrency and not entry.step.concurrency_group and not entry.mirror_of:
            yield err(entry.step, "concurrency", "needs concurrency_group as well")
    deps = {entry.key: entry.depends_on for entry in entries}
    for gate in gates:
        yield from _gate_key_problems(gate.gate, seen, deps)
        seen.setdefault(gate.key, gate.gate)
    yield from _group_key_problems(group_keys, seen)


def _nodes(entries: list[Entry], gates: list[GateEntry]) -> Iterator[tuple[Any, tuple, str]]:
    for entry in entries:
        yield entry.step, entry.depends_on, entry.pipeline
    for gate in gates:
        yield gate.gate, gate.depends_on, gate.pipeline


def _dependency_problems(item: Any, deps: tuple[str, ...], pipeline: str,
                         seen: dict[str, Any], homes: dict[str, str]) -> Iterator[DefinitionError]:
    for target in deps:
        if target in seen:
            continue
        if target in homes:
            yield err(item, "depends_on", f"{target!r} belongs to the {homes[target]} "
                      f"pipeline, not the {pipeline} pipeline")
        else:
            yield err(item, "depends_on", f"unknown step key {target!r}"
                      + did_you_mean(target, seen))
    for target in item.allow_failure_of:
        if target not in deps:
            yield err(item, "allow_failure_of", f"{target!r} is not one of its dependencies")


def _key_problems(step: Any, seen: dict[str, Any]) -> Iterator[DefinitionError]:
    key = step.key
    if key in seen:
        yield err(step, "key", f"duplicate key, first defined at {seen[key].origin}")
    if not KEY_PATTERN.match(key):
        yield err(step, "key", "may only hold letters, digits and _ - : . ,")
    if len(key) + len(BLOCK_PREFIX) > MAX_KEY_LENGTH:
        yield err(step, "key", f"is longer than {MAX_KEY_LENGTH - len(BLOCK_PREFIX)} "
                  f"characters (its block step '{BLOCK_PREFIX}<key>' must fit in "
                  f"{MAX_KEY_LENGTH})")
    if key.startswith(BLOCK_PREFIX):
        yield err(step, "key", f"must not start with {BLOCK_PREFIX!r}: vllmci names block "
                  "steps so")
    if UUID_SHAPE.match(key):
        yield err(step, "key", "must not look like a UUID")


def _shape_problems(item: Any, seen: dict[str, Any]) -> Iterator[DefinitionError]:
    """Key rules for gates and groups (no block step is ever put in front of them)."""
    key = item.key
    if key in seen:
        yield err(item, "key", f"duplicate key, first defined at {seen[key].origin}")
    if not KEY_PATTERN.match(key):
        yield err(item, "key", "may only hold letters, digits and _ - : . ,")
    if len(key) > MAX_KEY_LENGTH:
        yield err(item, "key", f"is longer than {MAX_KEY_LENGTH} characters")
    if UUID_SHAPE.match(key):
        yield err(item, "key", "must not look like a UUID")


def _gate_key_problems(gate: Any, seen: dict[str, Any],
                       deps: Mapping[str, tuple[str, ...]]) -> Iterator[DefinitionError]:
    """A gate's key may start with `block-` (vLLM's do). It may even be the block step
    vllmci puts in front of a step that does not run (`block-<key>`), if that step
    waits for the gate: the gate is then that step's block."""
    yield from _shape_problems(gate, seen)
    shadowed = gate.key.removeprefix(BLOCK_PREFIX)
    if (gate.key.startswith(BLOCK_PREFIX) and shadowed in deps
            and gate.key not in deps[shadowed]):
        yield err(gate, "key", f"is the key of the block step vllmci puts in front of "
                  f"step {shadowed!r} when it does not run, and that step does not wait "
                  "for this gate: choose another key")


def _group_key_problems(group_keys: Mapping[str, Any],
                        seen: dict[str, Any]) -> Iterator[DefinitionError]:
    for key, group in group_keys.items():
        yield from _shape_problems(group, seen)
        seen.setdefault(key, group)


def _cycles(entries: list[Entry], gates: list[GateEntry],
            seen: dict[str, Any]) -> Iterator[DefinitionError]:
    graph = {e.key: [d for d in e.depends_on if d in seen] for e in entries}
    graph.update({g.key: [d for d in g.depends_on if d in seen] for g in gates})
    state: dict[str, int] = {}
    for start in graph:
        cycle = _find_cycle(start, graph, state, [])
        if cycle:
            yield err(seen[cycle[0]], "depends_on", "dependency cycle: " + " -> ".join(cycle))
            return


def _find_cycle(node: str, graph: dict[str, list[str]], state: dict[str, int],
                path: list[str]) -> list[str] | None:
    if state.get(node) == 2:
        return None
    if state.get(node) == 1:
        return [*path[path.index(node):], node]
    state[node] = 1
    for nxt in graph.get(node, ()):
        found = _find_cycle(nxt, graph, state, [*path, node])
        if found:
            return found
    state[node] = 2
    return None
