"""What-if: the same changes replayed under two sets of definitions, step by step.

For each step whose runs differ: the changes on which it would no longer run
(with the files and entries that started it before, so a reviewer sees what the
narrowing gives up), the changes on which it would newly run, and the GPU-hours
saved over the replay (before's runs x cost minus after's runs x cost).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from vllmci.history.replay import Outcome, Replay, triggers
from vllmci.history.source import Change
from vllmci.plan.model import show_match
from vllmci.values import frozen

MAX_REASONS = 5


@frozen
class Dropped:
    """A change on which a step ran before and would not now."""

    sha: str
    subject: str
    after: str
    """What the step would be instead: block or skip (or "gone" when removed)."""
    reasons: tuple[str, ...]
    """Why it ran before (file ← entry), at most MAX_REASONS."""
    more: int = 0


@frozen
class StepDelta:
    key: str
    label: str
    status: str
    """changed, added (only after) or removed (only before)."""
    runs_before: int
    runs_after: int
    gpu_hours_saved: float
    dropped: tuple[Dropped, ...] = ()
    added: tuple[str, ...] = ()
    """Shas of the changes on which it would newly run."""


@frozen
class WhatIf:
    before: str
    after: str
    prs: int
    deltas: tuple[StepDelta, ...]
    before_gpu_hours: float
    after_gpu_hours: float

    @property
    def saved(self) -> float:
        return self.before_gpu_hours - self.after_gpu_hours

    @property
    def saved_per_pr(self) -> float:
        return self.saved / self.prs if self.prs else 0.0


def _runs(result: Replay, key: str) -> int:
    return sum(o.ran(key) for o in result.outcomes)


def _hours(result: Replay, key: str) -> float:
    cost = result.costs.get(key)
    return cost.gpu_hours if cost is not None and cost.gpus else 0.0


def _reasons(outcome: Outcome, key: str) -> tuple[tuple[str, ...], int]:
    decision = outcome.decisions[key]
    shown = (tuple(show_match(m) for m in decision.matches[:MAX_REASONS])
             if decision.matches else triggers(decision))
    return shown, max(0, len(decision.matches) - MAX_REASONS)


def _dropped(before: Outcome, after: Outcome, key: str) -> Dropped:
    reasons, more = _reasons(before, key)
    change: Change = before.change
    return Dropped(change.sha, change.subject, after.action(key) or "gone", reasons, more)


def _delta(old: Replay, new: Replay, key: str) -> StepDelta | None:
    pairs = list(zip(old.outcomes, new.outcomes, strict=True))
    dropped = tuple(_dropped(b, a, key) for b, a in pairs if b.ran(key) and not a.ran(key))
    added = tuple(a.change.sha for b, a in pairs if a.ran(key) and not b.ran(key))
    runs_before, runs_after = _runs(old, key), _runs(new, key)
    saved = runs_before * _hours(old, key) - runs_after * _hours(new, key)
    status = ("added" if key not in old.catalog.by_key else
              "removed" if key not in new.catalog.by_key else "changed")
    if status == "changed" and not dropped and not added and math.isclose(saved, 0.0):
        return None
    entry = (new.catalog.by_key.get(key) or old.catalog.by_key[key])
    return StepDelta(key, entry.step.label, status, runs_before, runs_after, saved,
                     dropped, added)


def _keys(old: Replay, new: Replay) -> Iterator[str]:
    yield from old.catalog.by_key
    yield from (k for k in new.catalog.by_key if k not in old.catalog.by_key)


def compare(old: Replay, new: Replay) -> WhatIf:
    """Step by step, most GPU-hours saved first."""
    if [o.change.sha for o in old.outcomes] != [o.change.sha for o in new.outcomes]:
        raise ValueError("a what-if compares replays of the same changes")
    deltas = [d for k in _keys(old, new) if (d := _delta(old, new, k)) is not None]
    deltas.sort(key=lambda d: (-d.gpu_hours_saved, -len(d.dropped), d.key))
    total = [math.fsum(math.fsum(r.gpu_hours(o).values()) for o in r.outcomes)
             for r in (old, new)]
    return WhatIf(old.label, new.label, old.prs, tuple(deltas), total[0], total[1])
