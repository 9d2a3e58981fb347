"""Report: the plan for people (text) and for tools (JSON).

The Buildkite annotation is in `vllmci.report.annotation`, one step's story in
`vllmci.report.story`.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from typing import Any

from vllmci.catalog.effective import queue
from vllmci.catalog.model import Entry
from vllmci.plan.model import Decision, Plan, show_match
from vllmci.report import gates as gate_summary
from vllmci.report.cost import CostSummary

WIDTH = 100
MAX_FILES_IN_TEXT = 3
COLOURS = {"run": "\033[32m", "block": "\033[33m", "skip": "\033[2m", "warn": "\033[1;31m"}
RESET = "\033[0m"


def pairs(plan: Plan) -> Iterator[tuple[Entry, Decision]]:
    return zip(plan.catalog.entries, plan.decisions, strict=True)


def plan_json(plan: Plan) -> dict[str, Any]:
    """The JSON plan (docs/selection.md): every defined step once, plus extras."""
    return {
        "pipeline": plan.pipeline,
        "base": plan.changes.base,
        "head": plan.changes.head,
        "changed_files": list(plan.changes.files),
        "run_all": plan.run_all is not None,
        "run_all_reason": plan.run_all.reason if plan.run_all else None,
        "fallback_reason": plan.changes.fallback_reason,
        "docs_only": plan.docs_only,
        "inactive_run_all_matches": [str(m) for m in plan.inactive_run_all],
        "notes": list(plan.notes),
        "steps": [_step_json(plan, e, d) for e, d in pairs(plan)],
        **gates_json(plan),
    }


def _step_json(plan: Plan, entry: Entry, decision: Decision) -> dict[str, Any]:
    return {
        "key": entry.key,
        "label": entry.step.label,
        "group": entry.group,
        "decision": decision.action,
        "reasons": list(decision.reasons),
        "queue": queue(entry, plan.context),
        "parallelism": entry.step.parallelism,
    }


def dumps_json(plan: Plan) -> str:
    return json.dumps(plan_json(plan), ensure_ascii=False, indent=2) + "\n"


def summary(plan: Plan, cost: CostSummary | None = None) -> str:
    """`54 run · 238 blocked · 3 skipped · 31.5 GPU-h of 410 (timeout bound)`."""
    parts = [f"{len(plan.keys('run'))} run", f"{len(plan.keys('block'))} blocked",
             f"{len(plan.keys('skip'))} skipped"]
    if cost is not None and cost.everything_total > 0:  # a pipeline with GPU steps
        parts.append(f"{cost.selected_total:.1f} GPU-h of {cost.everything_total:.0f} "
                     f"({cost.basis})")
    return " · ".join(parts)


def short_reasons(decision: Decision, limit: int = MAX_FILES_IN_TEXT) -> str:
    """The first reasons, and how many more: long file lists stay out of tables."""
    reasons = list(decision.reasons)
    if len(reasons) <= limit:
        return "; ".join(reasons)
    return "; ".join(reasons[:limit]) + f" (+{len(reasons) - limit} more)"


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _paint(text: str, kind: str, colour: bool) -> str:
    return f"{COLOURS[kind]}{text}{RESET}" if colour else text


def plan_text(plan: Plan, colour: bool = False, cost: CostSummary | None = None) -> str:
    """A table grouped by group: key, decision, queue, shards, why; a summary last."""
    lines = list(_header(plan, colour))
    group = None
    for entry, decision in pairs(plan):
        if entry.group != group:
            group = entry.group
            lines.append(f"\n{group}")
        lines.append(_row(plan, entry, decision, colour))
    lines.extend(gate_lines(plan))
    lines.extend(_cost_lines(cost))
    lines.extend(("", summary(plan, cost)))
    return "\n".join(lines) + "\n"


def _row(plan: Plan, entry: Entry, decision: Decision, colour: bool) -> str:
    shards = f"×{entry.step.parallelism}" if entry.step.parallelism > 1 else ""
    shown = clip(queue(entry, plan.context), 18)
    head = f"  {clip(entry.key, 34):<34} {decision.action:<5} {shown:<18} {shards:<3} "
    text = clip(head + _why(decision), WIDTH)
    if not colour:
        return text
    action = _paint(f"{decision.action:<5}", decision.action, colour)
    return text.replace(f" {decision.action:<5} ", f" {action} ", 1)


def _why(decision: Decision) -> str:
    """One line of why: the rule, or how many files matched and the first match."""
    if len(decision.matches) > 1:
        return f"{len(decision.matches)} files: {show_match(decision.matches[0])}"
    return short_reasons(decision, 1)


def _cost_lines(cost: CostSummary | None) -> Iterator[str]:
    if cost is None or not cost.everything:
        return
    yield ""
    yield f"GPU-hours by device ({cost.basis}): this plan / everything"
    for device, total in cost.everything.items():
        yield f"  {device:<24} {cost.selected.get(device, 0.0):>8.1f} / {total:>8.1f}"
    if cost.unknown:
        yield f"  ({cost.unknown} running GPU step(s) have no duration or timeout: not counted)"


def _header(plan: Plan, colour: bool) -> Iterator[str]:
    changes = plan.changes
    yield f"pipeline: {plan.pipeline}"
    if changes.base:
        yield f"diff: {changes.base[:12]}..{(changes.head or 'HEAD')[:12]} ({changes.source})"
    yield f"changed files: {len(changes.files)}"
    if changes.fallback_reason:
        yield _paint(f"!! RUNNING EVERYTHING: {changes.fallback_reason}", "warn", colour)
    elif plan.run_all:
        yield f"run everything: {plan.run_all.reason}"
        yield from (f"  {m}" for m in plan.run_all.matches[:MAX_FILES_IN_TEXT])
    if plan.inactive_run_all:
        yield (f"note: {len(plan.inactive_run_all)} changed file(s) match run-all patterns, "
               "which these definitions keep inactive:")
        yield from (f"  {m}" for m in plan.inactive_run_all[:MAX_FILES_IN_TEXT])
    if plan.docs_only:
        yield "docs-only change: no pipeline is uploaded (DOCS_ONLY_DISABLE=1 overrides)"
    for note in plan.notes:
        yield _paint(f"note: {note}", "warn", colour)


# --- gates: what needs a click, in order, and what runs after it -------------------------


def gate_lines(plan: Plan) -> Iterator[str]:
    """For pipelines with gates: what runs without a click, then each gate in the
    order it can be clicked, with its prompt and the steps that run after it."""
    if not plan.catalog.gates:
        return
    found = gate_summary.summary(plan)
    decided = {d.key: d for d in plan.decisions}
    yield ""
    yield "gates, in order (each waits for a person; the steps under it run after it):"
    yield ("  no click needed (a nightly build publishes without a click):"
           if plan.context.nightly else "  no click needed:")
    yield from (_gated(e, decided[e.key]) for e in found.automatic)
    for number, stop in enumerate(found.stops, 1):
        gate = stop.gate.gate
        yield f"  {number}. [{gate.kind}] {gate.key}: {gate.label}"
        if stop.after:
            yield f"       after: {', '.join(stop.after)}"
        prompt = gate.prompt_for(plan.context.build_kinds)
        if prompt:
            yield from textwrap.wrap(prompt, WIDTH, initial_indent="       prompt: ",
                                     subsequent_indent=" " * 15)
        if gate.fields:
            yield f"       asks for: {', '.join(f.key for f in gate.fields)}"
        for index, entry in enumerate(stop.then):
            yield _gated(entry, decided[entry.key], "       then: " if index == 0 else " " * 13)
    for gate, decision in found.left_out:
        yield f"  left out: {gate.key}: {short_reasons(decision)}"


def _gated(entry: Entry, decision: Decision, lead: str = "    ") -> str:
    marks = [m for m, on in (("publishes", entry.step.publishes),
                             (f"behind its own block-{entry.key}", decision.action == "block"))
             if on]
    return f"{lead}{entry.key}" + (f"  ({', '.join(marks)})" if marks else "")


def gates_json(plan: Plan) -> dict[str, Any]:
    """For pipelines with gates: each gate, its decision, and the order of clicks."""
    if not plan.catalog.gates:
        return {}
    found = gate_summary.summary(plan)
    order = {stop.gate.key: stop for stop in found.stops}
    return {"gates": [
        {"key": g.key, "label": g.label, "kind": g.gate.kind, "decision": d.action,
         "reasons": list(d.reasons), "prompt": g.gate.prompt_for(plan.context.build_kinds),
         "after": list(order[g.key].after) if g.key in order else [],
         "then": [e.key for e in order[g.key].then] if g.key in order else []}
        for g, d in zip(plan.catalog.gates, plan.gate_decisions, strict=True)]}
