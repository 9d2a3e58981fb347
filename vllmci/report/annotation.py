"""The Buildkite annotation `upload` writes: what runs on which hardware and why,
what waits behind a block, and, loudly, any fallback to running everything."""

from __future__ import annotations

from collections.abc import Iterator

from vllmci.catalog.effective import shards
from vllmci.plan.model import Plan
from vllmci.report.cost import CostSummary
from vllmci.report.text import pairs, short_reasons, summary

CONTEXT = "vllmci"


def _cell(text: str) -> str:
    """Markdown table cell text: no pipes or newlines, no HTML."""
    cleaned = text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    return cleaned.replace("<", "&lt;").replace(">", "&gt;")


def style(plan: Plan) -> str:
    return "warning" if plan.changes.fallback_reason else "info"


def annotation(plan: Plan, cost: CostSummary | None = None) -> str:
    """The whole annotation body, in Markdown."""
    return "\n".join([*_headline(plan, cost), *_running(plan), *_sized(plan),
                      *_blocked(plan), *_cost(cost)]) + "\n"


def _headline(plan: Plan, cost: CostSummary | None) -> Iterator[str]:
    if plan.changes.fallback_reason:
        yield "### :warning: vllmci ran every step: the changed files are unknown"
        yield ""
        yield f"**Why:** {_cell(plan.changes.fallback_reason)}"
        yield ""
    elif plan.docs_only:
        yield "### :memo: CI skipped: docs-only change"
        yield ""
        yield (f"Every changed file ({len(plan.changes.files)}) is documentation. "
               "Set `DOCS_ONLY_DISABLE=1` to run CI anyway.")
        return
    else:
        running, blocked = len(plan.keys("run")), len(plan.keys("block"))
        yield f"### vllmci: {running} step(s) run, {blocked} wait for a click"
        yield ""
    for note in plan.notes:
        yield f"> **Note:** {_cell(note)}"
        yield ""
    if plan.run_all and not plan.changes.fallback_reason:
        yield f"Running everything: {_cell(plan.run_all.reason)}."
        yield ""
    yield f"{summary(plan, cost)} · {len(plan.changes.files)} changed file(s)"
    yield ""


def _running(plan: Plan) -> Iterator[str]:
    rows = sorted(((e.device.name, e.key, d) for e, d in pairs(plan) if d.action == "run"),
                  key=lambda r: (r[0], r[1]))
    if not rows or plan.docs_only:
        return
    yield "| hardware | step | why |"
    yield "| --- | --- | --- |"
    for device, key, decision in rows:
        yield f"| {_cell(device)} | `{_cell(key)}` | {_cell(short_reasons(decision, 2))} |"
    yield ""


def _sized(plan: Plan) -> Iterator[str]:
    """The running steps sized by time (`ByTime`): their shard count, measured or as
    declared, and why."""
    sized = [(e.key, shards(e, plan.durations)) for e, d in pairs(plan)
             if d.action == "run" and e.step.shards is not None]
    if not sized:
        return
    yield "Shards sized by time:"
    yield ""
    for key, found in sized:
        yield f"- `{_cell(key)}`: {found.count} shard(s), {found.basis}: {_cell(found.reason)}"
    yield ""


def _blocked(plan: Plan) -> Iterator[str]:
    blocked = [(e.key, d) for e, d in pairs(plan) if d.action == "block"]
    if not blocked or plan.docs_only:
        return
    yield (f"<details><summary>{len(blocked)} blocked step(s): start one from the build page "
           "with its <code>Run …</code> block</summary>")
    yield ""
    for key, decision in blocked:
        yield f"- `{_cell(key)}`: {_cell(short_reasons(decision, 1))}"
    yield ""
    yield "</details>"
    yield ""


def _cost(cost: CostSummary | None) -> Iterator[str]:
    if cost is None or not cost.everything:
        return
    yield f"GPU-hours by device ({cost.basis}; this build / everything):"
    yield ""
    yield "| device | this build | everything |"
    yield "| --- | ---: | ---: |"
    for device, total in cost.everything.items():
        yield f"| {_cell(device)} | {cost.selected.get(device, 0.0):.1f} | {total:.1f} |"
    yield ""
    if cost.unknown:
        yield f"{cost.unknown} running GPU step(s) have no duration or timeout: not counted."
        yield ""
