"""Release gating: a publishing step never starts without a click by accident.

A step marked `publishes=True` must wait for a gate: a `Gate` (block step) or
an `Input` (input step) among what it depends on. Buildkite starts a step when
*all* of its dependencies are done, so a step is gated when it is a gate or
when a dependency that holds it back is gated. A dependency the step may go on
without (`allow_failure_of`, or any under `allow_dependency_failure`) holds it
back only if it is a gate itself: a job can fail or be cancelled without anyone
clicking, a block step cannot. A step that is not gated can start without a
click along a chain of ungated dependencies down to the start of the build.

vllmci checks this three times:

1. `gate_problems`: when the definitions load (a `DefinitionError`, exit 2),
   for every publishing step except those that run in nightly builds only
   (vLLM publishes nightly artifacts automatically).
2. `refuse_ungated_publishing`: when a build's pipeline is built, on what the build emits.
   A gate left out of a nightly build (`skip_in=("nightly",)`) still counts
   there: on nightlies what it guards runs by design.
3. `refuse_pull_request`: `plan` and `upload` refuse a pipeline with
   publishing steps on a pull request build (a `UsageError`, exit 2);
   selection leaves publishing steps out of pull request builds anyway.

`vllmci.report.gates` orders a build's gates for people.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from vllmci.catalog.model import Catalog, Entry, GateEntry
from vllmci.catalog.rules import err
from vllmci.errors import DefinitionError, UsageError
from vllmci.values import frozen

if TYPE_CHECKING:
    from vllmci.context import BuildContext
    from vllmci.plan.model import Plan

START = "(start of the build)"


@frozen
class Node:
    """A step, gate or input: what it depends on, which of those it may go on
    without when they fail, and whether a person must act on it."""

    deps: tuple[str, ...]
    passable: frozenset[str] = frozenset()
    gate: bool = False


Graph = Mapping[str, Node]


def step_node(entry: Entry, gate: bool = False) -> Node:
    step = entry.step
    passable = entry.depends_on if step.allow_dependency_failure else step.allow_failure_of
    return Node(entry.depends_on, frozenset(passable), gate)


def gate_node(gate: GateEntry) -> Node:
    return Node(gate.depends_on, frozenset(gate.gate.allow_failure_of), True)


def graph_of(entries: Iterable[Entry], gates: Iterable[GateEntry]) -> dict[str, Node]:
    graph = {entry.key: step_node(entry) for entry in entries}
    graph.update((gate.key, gate_node(gate)) for gate in gates)
    return graph


def holding(graph: Graph, key: str) -> list[str]:
    """The dependencies of `key` in the graph that hold it back whatever happens."""
    node = graph[key]
    return [d for d in node.deps if d in graph and (graph[d].gate or d not in node.passable)]


def ungated_path(graph: Graph, key: str) -> list[str] | None:
    """The chain `key <- dependency <- ...` along which `key` starts without a click,
    or None when it waits for a gate. The graph must have no cycles."""
    gated: dict[str, bool] = {}

    def waits(node: str) -> bool:
        if node not in gated:
            gated[node] = graph[node].gate or any(waits(d) for d in holding(graph, node))
        return gated[node]

    if waits(key):
        return None
    path = [key]
    while deps := holding(graph, path[-1]):
        path.append(deps[0])
    return path


def describe_path(graph: Graph, path: list[str]) -> str:
    """`a <- b <- (start of the build)`, and the dependencies it may go on without."""
    text = " <- ".join([*path, START])
    passed = sorted(d for key in path for d in graph[key].passable
                    if d in graph and not graph[d].gate)
    if passed:
        text += (f" (it goes on even when {', '.join(passed)} fail(s) or are cancelled "
                 "without a click: allow_dependency_failure / allow_failure_of)")
    return text


# --- 1. the definitions ------------------------------------------------------------------


def gate_problems(entries: list[Entry], gates: list[GateEntry]) -> list[DefinitionError]:
    """Publishing steps that could start without a click (nightly-only ones may)."""
    graph = graph_of(entries, gates)
    problems = []
    for entry in entries:
        if not entry.step.publishes or entry.step.nightly_only:
            continue
        path = ungated_path(graph, entry.key)
        if path:
            problems.append(err(entry.step, "publishes", "a publishing step must wait for a "
                                f"Gate or Input, but it can start without a click: "
                                f"{describe_path(graph, path)}; add a gate to its depends_on "
                                "(or only_in=['nightly'])"))
    return problems


# --- 2. one build ------------------------------------------------------------------------


def build_graph(plan: Plan, nightly_gates: bool = False) -> dict[str, Node]:
    """What the build emits. A step left behind its own `block-<key>` counts as a
    gate; with `nightly_gates`, so do the gates a nightly build leaves out."""
    decided = {d.key: d for d in plan.decisions}
    graph = {e.key: step_node(e, decided[e.key].action == "block")
             for e in plan.catalog.entries if decided[e.key].action != "skip"}
    kept = {d.key for d in plan.gate_decisions if d.action != "skip"}
    if nightly_gates and plan.context.nightly:
        kept |= {g.key for g in plan.catalog.gates if "nightly" in g.gate.skip_in}
    graph.update((g.key, gate_node(g)) for g in plan.catalog.gates if g.key in kept)
    return graph


def refuse_ungated_publishing(plan: Plan) -> None:
    """Refuse a build in which a publishing step would start without a click."""
    graph = build_graph(plan, nightly_gates=True)
    for entry in plan.catalog.entries:
        if not entry.step.publishes or entry.step.nightly_only or entry.key not in graph:
            continue
        path = ungated_path(graph, entry.key)
        if path:
            origin = entry.step.origin
            raise DefinitionError(
                f"in this build the publishing step would start without a click: "
                f"{describe_path(graph, path)} (its gate is left out of this build)",
                file=origin.file, line=origin.line, key=entry.key, field="publishes")


def waits_for(graph: Graph, key: str) -> list[str]:
    """The gates `key` waits for, nearest first (not itself)."""
    found: list[str] = []
    seen: set[str] = set()
    queue = holding(graph, key)
    while queue:
        dep = queue.pop(0)
        if dep not in seen:
            seen.add(dep)
            found += [dep] if graph[dep].gate else []
            queue.extend(holding(graph, dep))
    return found


# --- 3. pull requests --------------------------------------------------------------------


def refuse_pull_request(catalog: Catalog, ctx: BuildContext, pipeline: str) -> None:
    """`plan`/`upload` never generate a pipeline that publishes for a pull request.

    (Selection already leaves publishing steps out of pull request builds; this
    says so loudly instead of uploading what is left.)"""
    publishing = [e.key for e in catalog.entries if e.step.publishes]
    if not ctx.is_pr or not publishing:
        return
    shown = ", ".join(publishing[:3]) + (", ..." if len(publishing) > 3 else "")
    why = "--build pr" if ctx.planned_as else f"BUILDKITE_PULL_REQUEST={ctx.pull_request}"
    raise UsageError(
        f"--pipeline {pipeline} publishes ({len(publishing)} publishing steps: {shown}) "
        f"and is never generated for a pull request build ({why}); run it on a branch, "
        "tag or nightly build")
