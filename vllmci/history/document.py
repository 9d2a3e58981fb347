"""The replay and the what-if for tools: JSON documents (docs/cost.md lists the fields)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import attrs

from vllmci.history.stats import History, StepStats, suspects
from vllmci.history.suggest import Suggestion
from vllmci.history.whatif import StepDelta, WhatIf

VERSION = 1


def _step(step: StepStats) -> dict[str, Any]:
    return {"key": step.key, "label": step.label, "device": step.device, "runs": step.runs,
            "blocked": step.blocked, "skipped": step.skipped,
            "run_rate": step.run_rate,
            "gpu_hours_per_run": step.gpu_hours_per_run,
            "gpu_hours_per_pr": step.gpu_hours_per_pr, "basis": step.basis,
            "entries": [attrs.asdict(b) for b in step.blame]}


def history_json(history: History, build: str = "pr") -> dict[str, Any]:
    return {
        "version": VERSION,
        "definitions": history.label,
        "build": build,
        "changes_replayed": history.prs,
        "measured": history.measured,
        "steps": [_step(s) for s in history.steps],
        "devices": [attrs.asdict(d) for d in history.devices],
        "total": attrs.asdict(history.total),
        "narrow_first": [attrs.asdict(s) for s in suspects(history)],
        "changes": [{**attrs.asdict(c), "runs": c.runs} for c in history.changes],
    }


def _delta(delta: StepDelta) -> dict[str, Any]:
    return {"key": delta.key, "label": delta.label, "status": delta.status,
            "runs_before": delta.runs_before, "runs_after": delta.runs_after,
            "gpu_hours_saved": delta.gpu_hours_saved,
            "no_longer_runs": [attrs.asdict(d) for d in delta.dropped],
            "newly_runs": list(delta.added)}


def whatif_json(result: WhatIf) -> dict[str, Any]:
    return {"version": VERSION, "before": result.before, "after": result.after,
            "changes_replayed": result.prs,
            "gpu_hours_before": result.before_gpu_hours,
            "gpu_hours_after": result.after_gpu_hours,
            "gpu_hours_saved": result.saved,
            "gpu_hours_saved_per_pr": result.saved_per_pr,
            "steps": [_delta(d) for d in result.deltas]}


def suggestion_json(found: Suggestion) -> dict[str, Any]:
    return {"key": found.key, "entry": found.entry, "replacement": found.replacement,
            "tests": found.tests, "gpu_hours_saved": found.saved,
            "changes_dropped": found.no_longer_runs, "basis": found.basis,
            "steps": [_delta(d) for d in found.effects]}


def suggestions_json(found: Sequence[Suggestion]) -> list[dict[str, Any]]:
    return [suggestion_json(s) for s in found]


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
