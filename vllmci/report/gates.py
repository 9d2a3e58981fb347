"""A build's gates for people: what runs without a click, then each gate in the
order it can be clicked (as the pipeline lists them, never before a gate it
waits for), with the steps that run once it is clicked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vllmci.catalog.gates import Graph, build_graph, waits_for
from vllmci.catalog.model import Entry, GateEntry
from vllmci.values import frozen

if TYPE_CHECKING:
    from vllmci.plan.model import Decision, Plan


@frozen
class GateStop:
    """One gate of a build: what it waits for, and what runs once it is clicked."""

    gate: GateEntry
    after: tuple[str, ...]
    """Earlier gates this one waits for."""
    then: tuple[Entry, ...]
    """Steps whose last gate is this one."""


@frozen
class GateSummary:
    automatic: tuple[Entry, ...]
    """Steps of this build that wait for no gate."""
    stops: tuple[GateStop, ...]
    left_out: tuple[tuple[GateEntry, Decision], ...]


def summary(plan: Plan) -> GateSummary:
    """The build's gates in the order they can be clicked, each with what it starts."""
    graph = build_graph(plan)
    gates = [g for g in plan.catalog.gates if g.key in graph]
    behind = _behind(plan, graph, {g.key for g in gates})
    order = click_order(plan, gates, behind)
    position = {g.key: i for i, g in enumerate(order)}
    then: dict[str | None, list[Entry]] = {}
    for entry in plan.catalog.entries:
        if entry.key in graph:
            last = max(behind[entry.key], key=position.__getitem__, default=None)
            then.setdefault(last, []).append(entry)
    stops = tuple(GateStop(g, tuple(sorted(behind[g.key] - {g.key}, key=position.__getitem__)),
                           tuple(then.get(g.key, ()))) for g in order)
    decided = {d.key: d for d in plan.gate_decisions}
    left_out = tuple((g, decided[g.key]) for g in plan.catalog.gates if g.key not in graph)
    return GateSummary(tuple(then.get(None, ())), stops, left_out)


def _behind(plan: Plan, graph: Graph, gates: set[str]) -> dict[str, set[str]]:
    """Every emitted step or gate -> the gates it waits for (a gate: itself too)."""
    return {key: {g for g in waits_for(graph, key) if g in gates} | ({key} & gates)
            for key in graph}


def click_order(plan: Plan, gates: list[GateEntry],
                behind: dict[str, set[str]]) -> list[GateEntry]:
    """Gates as the pipeline lists them, each after every gate it waits for."""
    rank = {item.key: i for i, item in enumerate(plan.catalog.items())}
    placed: list[GateEntry] = []
    done: set[str] = set()
    waiting = sorted(gates, key=lambda g: rank[g.key])
    while waiting:
        ready = next(g for g in waiting if behind[g.key] - {g.key} <= done)
        waiting.remove(ready)
        placed.append(ready)
        done.add(ready.key)
    return placed
