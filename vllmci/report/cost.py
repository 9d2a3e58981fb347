"""GPU cost of a plan: devices x shards x minutes, per device type.

Minutes come from a durations file when one is given (measured), otherwise
from the step's timeout (an upper bound). Steps with neither are counted as
unknown, never guessed. Shards are the build's (`resolve`): a step sized by its
measured time runs its measured work divided among them (`build_minutes / shards`
a job).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import attrs

from vllmci.catalog import durations as durations_file
from vllmci.catalog.effective import shards, timeout_bound
from vllmci.catalog.model import Entry
from vllmci.catalog.shards import Shards
from vllmci.define.step import Settings
from vllmci.plan.model import Plan
from vllmci.values import frozen


@frozen
class StepCost:
    key: str
    device: str
    gpus: int
    minutes: float | None
    measured: bool

    @property
    def gpu_hours(self) -> float:
        return self.gpus * (self.minutes or 0) / 60


MEASURED, BOUND, MIXED = "measured", "timeout bound", "measured + timeout bound"


@frozen
class CostSummary:
    """GPU-hours of what runs, next to running everything, and what each figure rests
    on: measured minutes, timeouts (an upper bound), or both."""

    selected: dict[str, float]
    everything: dict[str, float]
    unknown: int
    measured: bool
    """Whether any durations were given."""
    selected_basis: dict[str, str] = attrs.field(factory=dict)
    """Device -> MEASURED, BOUND or MIXED, for its figure in `selected`."""
    everything_basis: dict[str, str] = attrs.field(factory=dict)
    running_measured: int = 0
    """Running GPU steps counted with measured minutes (the others: their timeout)."""
    running_counted: int = 0

    @property
    def selected_total(self) -> float:
        return sum(self.selected.values())

    @property
    def everything_total(self) -> float:
        return sum(self.everything.values())

    @property
    def uniform(self) -> bool:
        """Whether every figure rests on the same basis (so one label says it)."""
        return len({*self.selected_basis.values(), *self.everything_basis.values()}) <= 1

    @property
    def basis(self) -> str:
        """What this plan's total rests on."""
        if not self.running_measured:
            return BOUND
        if self.running_measured == self.running_counted:
            return "measured durations"
        return (f"{self.running_measured} of {self.running_counted} steps measured, "
                "the rest timeout bound")


def load_durations(path: Path) -> durations_file.Durations:
    """The durations file `--durations` names (`vllmci.catalog.durations`)."""
    return durations_file.load(path, f"--durations {path}")


def _step_cost(entry: Entry, durations: Mapping[str, float], settings: Settings,
              sharding: Shards | None = None) -> StepCost:
    """`durations`: one job's minutes per step key; `sharding`: the step's shards in
    the build (default: its `parallelism`)."""
    step = entry.step
    count = sharding.count if sharding else step.parallelism
    gpus = step.num_devices * step.num_nodes * count if entry.device.gpu else 0
    known = entry.key in durations
    minutes = durations[entry.key] if known else timeout_bound(entry, settings)
    return StepCost(entry.key, entry.device.name, gpus, minutes, known)


def entry_cost(entry: Entry, settings: Settings,
               durations: durations_file.Durations | None) -> StepCost:
    """What one run of a step costs, its shards as the build runs them: a step sized
    by its measured work (`ByTime`) costs that work, however many shards share it.
    The plan's cost and `history` both price steps here."""
    sharding = shards(entry, durations)
    found = _step_cost(entry, durations.minutes if durations else {}, settings, sharding)
    work = durations.build_minutes.get(entry.key) if durations else None
    if sharding.basis == "measured" and work is not None:
        return attrs.evolve(found, minutes=work / sharding.count, measured=True)
    return found


def _by_device(costs: Iterable[StepCost]) -> tuple[dict[str, float], dict[str, str]]:
    table: dict[str, float] = {}
    kinds: dict[str, set[bool]] = {}
    for cost in costs:
        if cost.gpus:
            table[cost.device] = table.get(cost.device, 0.0) + cost.gpu_hours
            if cost.minutes is not None:
                kinds.setdefault(cost.device, set()).add(cost.measured)
    basis = {device: MIXED if len(seen) > 1 else (MEASURED if True in seen else BOUND)
             for device, seen in kinds.items()}
    return dict(sorted(table.items())), basis


def summarise(plan: Plan) -> CostSummary:
    """The plan's GPU cost, with its measured durations (`Plan.durations`) where known."""
    settings = plan.catalog.settings
    costs = {e.key: entry_cost(e, settings, plan.durations) for e in plan.catalog.entries}
    running = [costs[k] for k in plan.keys("run")]
    unknown = sum(1 for c in running if c.gpus and c.minutes is None)
    counted = [c for c in running if c.gpus and c.minutes is not None]
    selected, selected_basis = _by_device(running)
    everything, everything_basis = _by_device(costs.values())
    measured = plan.durations is not None and plan.durations.measures_steps
    return CostSummary(selected, everything, unknown, measured=measured,
                       selected_basis=selected_basis, everything_basis=everything_basis,
                       running_measured=sum(1 for c in counted if c.measured),
                       running_counted=len(counted))
