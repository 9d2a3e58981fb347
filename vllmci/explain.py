"""Stage 9: explain. The plan for people (text), for tools (JSON) and for the
build page (a Buildkite annotation in Markdown)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from vllmci.catalog import Entry
from vllmci.select import Decision, Plan

WIDTH = 100
MAX_FILES_IN_TEXT = 3


def plan_json(plan: Plan) -> dict[str, Any]:
    """The plan contract of DESIGN.md (every defined step once), plus docs_only."""
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
        "steps": [_step_json(e, d) for e, d in _pairs(plan)],
    }


def _pairs(plan: Plan) -> Iterator[tuple[Entry, Decision]]:
    return zip(plan.catalog.entries, plan.decisions, strict=True)


def _step_json(entry: Entry, decision: Decision) -> dict[str, Any]:
    return {
        "key": entry.key,
        "label": entry.step.label,
        "group": entry.group,
        "decision": decision.action,
        "reasons": list(decision.reasons),
        "queue": entry.queue,
        "parallelism": entry.step.parallelism,
    }


def dumps_json(plan: Plan) -> str:
    return json.dumps(plan_json(plan), ensure_ascii=False, indent=2) + "\n"


def summary(plan: Plan) -> str:
    counts = {a: len(plan.keys(a)) for a in ("run", "block", "skip")}
    return f"{counts['run']} run · {counts['block']} blocked · {counts['skip']} skipped"


def _short_reasons(decision: Decision) -> str:
    reasons = list(decision.reasons)
    if len(reasons) > MAX_FILES_IN_TEXT:
        extra = len(reasons) - MAX_FILES_IN_TEXT
        reasons = reasons[:MAX_FILES_IN_TEXT] + [f"… and {extra} more"]
    return "; ".join(reasons)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def plan_text(plan: Plan) -> str:
    """A table grouped by group: key, decision, queue, shards, why."""
    lines = list(_header(plan))
    group = None
    for entry, decision in _pairs(plan):
        if entry.group != group:
            group = entry.group
            lines.append(f"\n{group}")
        lines.append(_row(entry, decision))
    lines.append("")
    lines.append(summary(plan))
    return "\n".join(lines) + "\n"


def _row(entry: Entry, decision: Decision) -> str:
    shards = f"×{entry.step.parallelism}" if entry.step.parallelism > 1 else ""
    head = f"  {_clip(entry.key, 38):<38} {decision.action:<5} {_clip(entry.queue, 24):<24} {shards:<3}"
    return _clip(f"{head} {_short_reasons(decision)}", WIDTH)


def _header(plan: Plan) -> Iterator[str]:
    changes = plan.changes
    yield f"pipeline: {plan.pipeline}"
    if changes.base:
        yield f"diff: {changes.base[:12]}..{(changes.head or 'HEAD')[:12]} ({changes.source})"
    yield f"changed files: {len(changes.files)}"
    if changes.fallback_reason:
        yield f"!! RUNNING EVERYTHING: {changes.fallback_reason}"
    elif plan.run_all:
        yield f"run everything: {plan.run_all.reason}"
        for match in plan.run_all.matches[:MAX_FILES_IN_TEXT]:
            yield f"  {match}"
    if plan.inactive_run_all:
        yield (f"note: {len(plan.inactive_run_all)} changed file(s) match run-all patterns, "
               "which these definitions keep inactive:")
        for match in plan.inactive_run_all[:MAX_FILES_IN_TEXT]:
            yield f"  {match}"
    if plan.docs_only:
        yield "docs-only change: no pipeline is uploaded (DOCS_ONLY_DISABLE=1 overrides)"


def annotation(plan: Plan) -> tuple[str, str] | None:
    """(style, Markdown) for the build page when something needs saying loudly."""
    if plan.changes.fallback_reason:
        return "warning", (
            "### vllmci ran every step\n\n"
            f"The changed files could not be computed: {plan.changes.fallback_reason}\n\n"
            f"{summary(plan)}.\n")
    if plan.docs_only:
        return "info", (
            "### CI skipped: docs-only change\n\n"
            f"Every changed file ({len(plan.changes.files)}) is documentation. "
            "Set `DOCS_ONLY_DISABLE=1` to run CI anyway.\n")
    return None
