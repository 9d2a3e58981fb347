"""A replay, summed up: per step (how often it ran, what that cost, which entries
made it run) and per device (GPU-hours per change: mean, median, p90).

An entry's `alone` count is the number of changes on which it was the *only*
reason the step ran: narrowing that entry alone would have kept the step out of
those builds. `any` counts the changes it matched at all.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence

from vllmci.history.replay import RULE, Outcome, Replay, triggers
from vllmci.values import frozen


@frozen
class Blame:
    """A dependency entry (or rule) and the changes it made a step run on."""

    entry: str
    alone: int
    any: int


@frozen
class StepStats:
    key: str
    label: str
    device: str
    runs: int
    blocked: int
    skipped: int
    prs: int
    gpu_hours_per_run: float | None
    """One run of the step (all shards); None when it has neither duration nor timeout."""
    basis: str
    """measured, timeout bound, unknown, or no GPU."""
    blame: tuple[Blame, ...] = ()

    @property
    def run_rate(self) -> float:
        return self.runs / self.prs if self.prs else 0.0

    @property
    def gpu_hours_per_pr(self) -> float:
        return (self.gpu_hours_per_run or 0.0) * self.run_rate


@frozen
class DeviceStats:
    device: str
    mean: float
    median: float
    p90: float
    total: float


@frozen
class ChangeCost:
    """One change: how many steps ran and their GPU-hours (the 'over time' series)."""

    sha: str
    subject: str
    files: int
    ran: tuple[str, ...]
    gpu_hours: float
    docs_only: bool

    @property
    def runs(self) -> int:
        return len(self.ran)


@frozen
class History:
    label: str
    prs: int
    measured: bool
    steps: tuple[StepStats, ...]
    devices: tuple[DeviceStats, ...]
    changes: tuple[ChangeCost, ...]

    def step(self, key: str) -> StepStats:
        return next(s for s in self.steps if s.key == key)

    @property
    def total(self) -> DeviceStats:
        return _device("all devices", [c.gpu_hours for c in self.changes])


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (`share` in 0..1); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _basis(cost_gpus: int, minutes: float | None, measured: bool) -> str:
    if not cost_gpus:
        return "no GPU"
    if minutes is None:
        return "unknown"
    return "measured" if measured else "timeout bound"


def blame(outcomes: Iterable[Outcome], key: str) -> tuple[Blame, ...]:
    """The entries that made `key` run, most changes triggered alone first."""
    alone: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    for outcome in outcomes:
        decision = outcome.decisions.get(key)
        if decision is None or decision.action != "run":
            continue
        found = triggers(decision)
        anywhere.update(found)
        if len(found) == 1:
            alone[found[0]] += 1
    ranked = sorted(anywhere, key=lambda e: (-alone[e], -anywhere[e], e))
    return tuple(Blame(e, alone[e], anywhere[e]) for e in ranked)


def step_stats(result: Replay, key: str) -> StepStats:
    entry = result.catalog.by_key[key]
    actions = Counter(o.action(key) for o in result.outcomes)
    cost = result.costs[key]
    per_run = cost.gpu_hours if cost.gpus and cost.minutes is not None else None
    return StepStats(key, entry.step.label, entry.device.name, actions["run"],
                     actions["block"], actions["skip"], result.prs, per_run,
                     _basis(cost.gpus, cost.minutes, cost.measured),
                     blame(result.outcomes, key))


def _device(name: str, values: list[float]) -> DeviceStats:
    if not values:
        return DeviceStats(name, 0.0, 0.0, 0.0, 0.0)
    return DeviceStats(name, statistics.fmean(values), statistics.median(values),
                       percentile(values, 0.9), math.fsum(values))


def device_stats(result: Replay) -> tuple[DeviceStats, ...]:
    per_change = [result.gpu_hours(o) for o in result.outcomes]
    devices = sorted({d for table in per_change for d in table})
    return tuple(_device(d, [t.get(d, 0.0) for t in per_change]) for d in devices)


def change_costs(result: Replay) -> tuple[ChangeCost, ...]:
    return tuple(ChangeCost(o.change.sha, o.change.subject, len(o.change.files),
                            tuple(k for k, d in o.decisions.items() if d.action == "run"),
                            math.fsum(result.gpu_hours(o).values()), o.docs_only)
                 for o in result.outcomes)


def summarise(result: Replay) -> History:
    steps = tuple(step_stats(result, e.key) for e in result.catalog.entries)
    return History(result.label, result.prs, result.measured, steps,
                   device_stats(result), change_costs(result))


@frozen
class Suspect:
    """A step's entry and what the changes it alone started cost: narrow these first."""

    key: str
    entry: str
    alone: int
    gpu_hours_per_pr: float
    """An upper bound on what narrowing the entry away could save, per change."""


def suspects(history: History, limit: int = 10) -> tuple[Suspect, ...]:
    found = [Suspect(s.key, b.entry, b.alone, b.alone * (s.gpu_hours_per_run or 0.0) / s.prs)
             for s in history.steps for b in s.blame
             if b.alone and s.gpu_hours_per_run and not b.entry.startswith(RULE)]
    found.sort(key=lambda x: (-x.gpu_hours_per_pr, -x.alone, x.key, x.entry))
    return tuple(found[:limit])
