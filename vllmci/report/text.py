"""Report: the plan for people (text) and for tools (JSON).

The text plan fits the terminal (`vllmci.report.layout`): a header (the change,
the build it is planned as, anything loud), what runs by hardware and what waits
(`vllmci.report.rows`; `--all`: every step), the gates of a release pipeline,
the GPU cost, and a summary line. The Buildkite annotation is in
`vllmci.report.annotation`, one step's story in `vllmci.report.story`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from vllmci.catalog.effective import queue, shards
from vllmci.catalog.model import Entry
from vllmci.catalog.shards import Shards
from vllmci.emit.render import dumps
from vllmci.plan.model import Decision, Plan
from vllmci.report import gates as gate_summary
from vllmci.report import rows
from vllmci.report.cost import MIXED, CostSummary
from vllmci.report.layout import DEFAULT_WIDTH, clip, items, paint, width, wrap
from vllmci.report.rows import pairs

__all__ = ["WIDTH", "clip", "dumps_json", "pairs", "plan_json", "plan_text", "short_reasons",
           "summary"]

WIDTH = DEFAULT_WIDTH
MAX_FILES_IN_TEXT = 3
BUILD_NAMES = {"pr": "a pull request into {main}", "branch": "a build of a branch",
               "main": "a build of {main}", "nightly": "a nightly build of {main}"}


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
    sharding = shards(entry, plan.durations)
    found = {
        "key": entry.key,
        "label": entry.step.label,
        "group": entry.group,
        "decision": decision.action,
        "reasons": list(decision.reasons),
        "queue": queue(entry, plan.context),
        "parallelism": sharding.count,
    }
    if sharding.by_time:
        found["shards"] = shards_json(entry, sharding)
    return found


def shards_json(entry: Entry, sharding: Shards) -> dict[str, Any]:
    """A step sized by time: its `ByTime`, the count's basis and reason, the split."""
    by_time = entry.step.shards
    assert by_time is not None
    return {"target_minutes": by_time.target_minutes, "min": by_time.min, "max": by_time.max,
            "declared": entry.step.parallelism, "count": sharding.count,
            "basis": sharding.basis, "reason": sharding.reason, "split": sharding.split,
            "files": [list(files) for files in sharding.lists]}


def dumps_json(plan: Plan) -> str:
    """The JSON plan's text: `json.dumps(..., ensure_ascii=False, indent=2)`, written by
    `render.dumps` (the same bytes, about three times as fast)."""
    return dumps(plan_json(plan))


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


def plan_text(plan: Plan, colour: bool = False, cost: CostSummary | None = None, *,
              everything: bool = False, columns: int | None = None) -> str:
    """What runs by hardware and what waits (`everything`: every step by group), the
    gates, the cost and a summary, in `columns` (default: the terminal's width)."""
    columns = columns or width()
    lines = list(header(plan, colour, columns))
    if not plan.docs_only:
        if everything:
            lines.extend(rows.every_step(plan, colour, columns))
        else:
            lines.extend(rows.running(plan, colour, columns))
            lines.extend(rows.waiting(plan, colour, columns))
        lines.extend(rows.sized_by_time(plan, colour, columns))
    lines.extend(gate_lines(plan, columns))
    lines.extend(cost_lines(None if plan.docs_only else cost, columns))
    lines.extend(("", summary(plan, cost)))
    return "\n".join(lines) + "\n"


# --- the header -----------------------------------------------------------------------------


def header(plan: Plan, colour: bool, columns: int) -> Iterator[str]:
    changes, ctx = plan.changes, plan.context
    files = changes.files
    shown = ", ".join(files[:MAX_FILES_IN_TEXT])
    more = f", +{len(files) - MAX_FILES_IN_TEXT} more" if len(files) > MAX_FILES_IN_TEXT else ""
    listed = f": {shown}{more}" if files else ""
    count = f"{len(files)} changed file{'' if len(files) == 1 else 's'}"
    yield from wrap(f"{plan.pipeline} pipeline · {count}{listed}", columns, "", "  ")
    if changes.base:
        yield f"diff: {changes.base[:12]}..{(changes.head or 'HEAD')[:12]} ({changes.source})"
    if ctx.planned_as:
        build = BUILD_NAMES[ctx.planned_as].format(main=ctx.default_branch)
        why = "--build" if ctx.in_buildkite else "outside Buildkite; change with --build"
        yield from wrap(f"planned as {build} ({why})", columns)
    yield from (paint(line, "warn", colour) for line in _loud(plan, columns))
    if plan.inactive_run_all:
        yield from wrap(f"note: {len(plan.inactive_run_all)} changed file(s) match run-all "
                        "patterns, which these definitions keep inactive:", columns)
        yield from (f"  {m}" for m in plan.inactive_run_all[:MAX_FILES_IN_TEXT])
    if plan.docs_only:
        yield from wrap("docs-only change: every step is skipped and no pipeline is "
                        "uploaded (DOCS_ONLY_DISABLE=1 runs CI anyway)", columns)
    for note in plan.notes:
        yield from (paint(line, "warn", colour)
                    for line in wrap(f"note: {note}", columns, keys=True))


def _loud(plan: Plan, columns: int) -> Iterator[str]:
    """What overrides the diff: a fallback, NOAUTO, only-step keys, running everything."""
    ctx = plan.context
    if plan.changes.fallback_reason:
        yield from wrap(f"!! RUNNING EVERYTHING: {plan.changes.fallback_reason}", columns,
                        keys=True)
        return
    ignored = [name for name, on in (("RUN_ALL=1", ctx.run_all), ("NIGHTLY=1", ctx.nightly),
                                     ("TORCH_NIGHTLY=1", ctx.torch_nightly)) if on]
    first = "NOAUTO=1" if ctx.noauto else "VLLM_CI_ONLY_STEP_KEYS"
    if ctx.noauto:
        yield "NOAUTO=1: every step waits for a click"
    elif ctx.only_keys:
        yield from wrap("VLLM_CI_ONLY_STEP_KEYS: only " + ", ".join(ctx.only_keys)
                        + " and what they depend on", columns, keys=True)
    elif plan.run_all and _ran_all(plan):
        yield from wrap(f"run everything: {plan.run_all.reason}", columns)
        yield from (f"  {m}" for m in plan.run_all.matches[:MAX_FILES_IN_TEXT])
        return
    else:
        return
    if ignored:
        yield from wrap(f"({' and '.join(ignored)} {'has' if len(ignored) == 1 else 'have'} "
                        f"no effect: {first} decides first)", columns, "  ")


def _ran_all(plan: Plan) -> bool:
    return any(d.notes and d.notes[0].startswith("run everything") for d in plan.decisions)


# --- the cost -------------------------------------------------------------------------------

TAGS = {"measured": "m", "timeout bound": "t", MIXED: "m+t"}


def cost_lines(cost: CostSummary | None, columns: int) -> Iterator[str]:
    """GPU-hours of the devices this plan uses (this plan / everything), the others in
    one figure; each figure tagged measured or timeout bound when they differ."""
    if cost is None or not cost.everything:
        return
    tagged = not cost.uniform
    basis = ("m: measured, t: timeout bound, m+t: both" if tagged
             else next(iter({*cost.selected_basis.values(), *cost.everything_basis.values()}),
                       "timeout bound"))
    yield ""
    yield f"GPU-hours by device, this plan / everything ({basis}):"
    used = sorted((d for d, h in cost.selected.items() if h > 0),
                  key=lambda d: (-cost.selected[d], d))

    def tag(table: dict[str, str], device: str) -> str:
        return TAGS.get(table.get(device, ""), "") if tagged else ""

    figures = [f"{d} {cost.selected[d]:.1f}{tag(cost.selected_basis, d)}/"
               f"{cost.everything[d]:.1f}{tag(cost.everything_basis, d)}" for d in used]
    others = [d for d in cost.everything if d not in used]
    if others:
        rest = sum(cost.everything[d] for d in others)
        figures.append(f"{len(others)} other device(s) 0.0/{rest:.1f}")
    yield from items(figures, columns, "  ")
    if cost.unknown:
        yield f"  ({cost.unknown} running GPU step(s) have no duration or timeout: not counted)"


# --- gates: what needs a click, in order, and what runs after it -------------------------


def gate_lines(plan: Plan, columns: int = WIDTH) -> Iterator[str]:
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
            yield from wrap(prompt, columns, "       prompt: ", " " * 15)
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
