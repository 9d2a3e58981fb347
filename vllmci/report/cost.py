"""GPU cost of a plan: devices x shards x minutes, per device type.

Minutes come from a durations file when one is given (measured), otherwise
from the step's timeout (an upper bound). Steps with neither are counted as
unknown, never guessed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

import attrs

from vllmci.catalog.effective import timeout_bound
from vllmci.catalog.model import Entry
from vllmci.define.step import Settings
from vllmci.errors import UsageError
from vllmci.plan.model import Plan


@attrs.frozen
class StepCost:
    key: str
    device: str
    gpus: int
    minutes: float | None
    measured: bool

    @property
    def gpu_hours(self) -> float:
        return self.gpus * (self.minutes or 0) / 60


@attrs.frozen
class CostSummary:
    """GPU-hours of what runs, next to running everything."""

    selected: dict[str, float]
    everything: dict[str, float]
    unknown: int
    measured: bool

    @property
    def selected_total(self) -> float:
        return sum(self.selected.values())

    @property
    def everything_total(self) -> float:
        return sum(self.everything.values())

    @property
    def basis(self) -> str:
        return "measured durations" if self.measured else "timeout bound"


def load_durations(path: Path) -> dict[str, float]:
    """`{"<step key>": minutes, ...}` (or under a top-level "durations" key)."""
    try:
        data = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise UsageError(f"--durations {path}: cannot read it as JSON: {exc}") from None
    data = data.get("durations", data) if isinstance(data, dict) else data
    if not isinstance(data, dict) or not all(
            isinstance(v, (int, float)) and v >= 0 for v in data.values()):
        raise UsageError(f"--durations {path}: expected an object of step key -> minutes")
    return {str(k): float(v) for k, v in data.items()}


def step_cost(entry: Entry, durations: Mapping[str, float], settings: Settings) -> StepCost:
    step = entry.step
    gpus = step.num_devices * step.num_nodes * step.parallelism if entry.device.gpu else 0
    measured = entry.key in durations
    bound = timeout_bound(entry, settings)
    minutes = durations[entry.key] if measured else bound
    return StepCost(entry.key, entry.device.name, gpus, minutes, measured)


def _by_device(costs: Iterable[StepCost]) -> dict[str, float]:
    table: dict[str, float] = {}
    for cost in costs:
        if cost.gpus:
            table[cost.device] = table.get(cost.device, 0.0) + cost.gpu_hours
    return dict(sorted(table.items()))


def summarise(plan: Plan, durations: Mapping[str, float] | None = None) -> CostSummary:
    durations = durations or {}
    settings = plan.catalog.settings
    costs = {e.key: step_cost(e, durations, settings) for e in plan.catalog.entries}
    running = [costs[k] for k in plan.keys("run")]
    unknown = sum(1 for c in running if c.gpus and c.minutes is None)
    return CostSummary(_by_device(running), _by_device(costs.values()), unknown,
                       measured=bool(durations))
