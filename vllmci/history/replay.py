"""Replay: the selection stage once per past change, in one process, one catalog.

Each change gets what `plan --files ...` would decide for it in the same kind of
build (by default a pull request build): `select()` builds its own FileIndex per
change, so nothing here can disagree with `plan`. The step costs are computed
once per catalog (`vllmci.report.cost`: measured minutes, else the timeout bound).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import attrs

from vllmci.catalog.durations import Durations
from vllmci.catalog.model import Catalog
from vllmci.context import BuildContext
from vllmci.history.source import Change
from vllmci.plan.changes import ChangeSet
from vllmci.plan.model import Decision
from vllmci.plan.select import select
from vllmci.report.cost import StepCost, entry_cost
from vllmci.values import frozen

# The builds a change can be replayed as: vLLM's pull requests, or main after a merge.
# A past pull request's labels are not known: none (never looked up on GitHub).
BUILDS: dict[str, dict[str, str]] = {
    "pr": {"BUILDKITE": "true", "BUILDKITE_PULL_REQUEST": "1",
           "BUILDKITE_BRANCH": "history-replay", "VLLM_CI_PR_LABELS": ""},
    "main": {"BUILDKITE": "true", "BUILDKITE_PULL_REQUEST": "false",
             "BUILDKITE_BRANCH": "main", "VLLM_CI_PR_LABELS": ""},
}
RULE = "rule: "
"""Prefix of a trigger that is a rule (always runs, required by ...), not an entry."""
_CLICK = "after a click on "
_EVERYTHING = "run everything"


def build_context(kind: str = "pr") -> BuildContext:
    return BuildContext.from_env(BUILDS[kind])


@frozen
class Outcome:
    """One change under one catalog: every step's decision."""

    change: Change
    decisions: Mapping[str, Decision]
    docs_only: bool = False

    def ran(self, key: str) -> bool:
        found = self.decisions.get(key)
        return found is not None and found.action == "run"

    def action(self, key: str) -> str | None:
        found = self.decisions.get(key)
        return found.action if found else None


@frozen
class Replay:
    """The changes under one catalog, and what one run of each step costs."""

    catalog: Catalog
    outcomes: tuple[Outcome, ...]
    costs: Mapping[str, StepCost]
    label: str = ""
    measured: bool = False
    context: BuildContext = attrs.field(factory=BuildContext)
    repo: Path | None = None
    pipeline: str = "test"

    @property
    def prs(self) -> int:
        return len(self.outcomes)

    def gpu_hours(self, outcome: Outcome) -> dict[str, float]:
        """Device -> GPU-hours of what this change ran."""
        table: dict[str, float] = {}
        for key, decision in outcome.decisions.items():
            cost = self.costs.get(key)
            if decision.action == "run" and cost is not None and cost.gpus:
                table[cost.device] = table.get(cost.device, 0.0) + cost.gpu_hours
        return table


def replay(catalog: Catalog, changes: Iterable[Change], ctx: BuildContext,
           pipeline: str = "test", repo: Path | None = None,
           durations: Durations | None = None, label: str = "") -> Replay:
    """Decide every step for every change; `repo` as in `select` (own files count)."""
    catalog = catalog.only(pipeline)
    outcomes = []
    for change in changes:
        plan = select(catalog, ChangeSet.from_files(change.files), ctx, pipeline, repo)
        decisions = {d.key: d for d in plan.decisions}
        outcomes.append(Outcome(change, decisions, plan.docs_only))
    settings = catalog.settings
    costs = {e.key: entry_cost(e, settings, durations) for e in catalog.entries}
    measured = durations is not None and durations.measures_steps
    return Replay(catalog, tuple(outcomes), costs, label, measured, ctx, repo, pipeline)


def triggers(decision: Decision) -> tuple[str, ...]:
    """What made a running step run: its matched entries, else the rule (`rule: ...`),
    a run-all rule with the patterns that matched (`rule: run-all setup.py`)."""
    rules = [n for n in decision.notes if not n.startswith(_CLICK)]
    if rules and rules[0].startswith(_EVERYTHING):
        hits = ", ".join(sorted({m[1] for m in decision.matches}))
        return (RULE + (f"run-all {hits}" if hits else rules[0]),)
    if decision.matches:
        return tuple(sorted({m[1] for m in decision.matches}))
    return (RULE + rules[0],) if rules else ()
