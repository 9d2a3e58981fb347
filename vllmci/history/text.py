"""The replay and the what-if for people: plain text tables."""

from __future__ import annotations

import statistics
from collections.abc import Iterator, Sequence

from vllmci.history.stats import History, StepStats, suspects
from vllmci.history.suggest import Suggestion
from vllmci.history.whatif import StepDelta, WhatIf
from vllmci.report.text import clip

ENTRIES_PER_STEP = 3
MAX_KEY = 56
BASIS = {"measured": "measured", "timeout bound": "bound", "unknown": "unknown",
         "no GPU": "no GPU"}


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _hours(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def ranked(history: History, sort: str = "cost") -> list[StepStats]:
    if sort == "runs":
        return sorted(history.steps, key=lambda s: (-s.runs, -s.gpu_hours_per_pr, s.key))
    return sorted(history.steps, key=lambda s: (-s.gpu_hours_per_pr, -s.runs, s.key))


def history_text(history: History, top: int = 25, sort: str = "cost") -> str:
    lines = [*_header(history), ""]
    steps = ranked(history, sort)
    shown = steps if top <= 0 else steps[:top]
    what = "GPU-hours per change" if sort == "cost" else "runs"
    lines.append(f"Steps by {what} (top {len(shown)} of {len(steps)}; --top 0 for all)")
    width = min(MAX_KEY, max((len(s.key) for s in shown), default=4))
    lines.append(f"  {'step':<{width}} {'ran':>5} {'blocked':>7} {'GPU-h/run':>9} "
                 f"{'GPU-h/PR':>8}  basis")
    for step in shown:
        lines.extend(_step_lines(step, width))
    lines.extend(("", *_suspect_lines(history), "", *_device_lines(history)))
    return "\n".join(lines) + "\n"


def _header(history: History) -> Iterator[str]:
    runs = [c.runs for c in history.changes if not c.docs_only]
    docs = sum(c.docs_only for c in history.changes)
    yield f"History: {history.prs} changes replayed with {history.label}"
    yield ("GPU-hours: measured durations where the durations file has them, else the "
           "timeout bound (basis column)" if history.measured else
           "GPU-hours: timeout bound (an upper bound; --durations FILE for measured ones)")
    if runs:
        yield (f"Steps run per change: median {statistics.median(runs):g} of "
               f"{len(history.steps)} (docs-only changes, nothing run: {docs})")


def _step_lines(step: StepStats, width: int) -> Iterator[str]:
    yield (f"  {clip(step.key, width):<{width}} {_pct(step.runs, step.prs):>5} "
           f"{_pct(step.blocked, step.prs):>7} {_hours(step.gpu_hours_per_run):>9} "
           f"{step.gpu_hours_per_pr:>8.2f}  {BASIS[step.basis]}")
    for blame in step.blame[:ENTRIES_PER_STEP]:
        yield (f"      ← {clip(blame.entry, 40):<40} alone on {blame.alone:>3} "
               f"({_pct(blame.alone, step.prs)}), matched {blame.any}")


def _suspect_lines(history: History) -> Iterator[str]:
    found = suspects(history)
    yield "Entries to narrow first (GPU-hours per change of the changes they alone started)"
    if not found:
        yield "  (none: no entry alone started a GPU step)"
    for item in found:
        yield (f"  {item.gpu_hours_per_pr:>6.2f}  {clip(item.key, MAX_KEY)} ← "
               f"{clip(item.entry, 40)}  (alone on {item.alone} of {history.prs} changes)")


def _device_lines(history: History) -> Iterator[str]:
    yield f"GPU-hours per change by device   {'mean':>8} {'median':>8} {'p90':>8} {'total':>9}"
    for device in (*history.devices, history.total):
        yield (f"  {clip(device.device, 30):<30} {device.mean:>8.2f} {device.median:>8.2f} "
               f"{device.p90:>8.2f} {device.total:>9.1f}")


# --- what-if ------------------------------------------------------------------------------


def whatif_text(result: WhatIf, limit: int = 20) -> str:
    lines = [f"What-if over {result.prs} changes: {result.before} -> {result.after}",
             f"GPU-hours: {result.before_gpu_hours:.1f} -> {result.after_gpu_hours:.1f} "
             f"(saved {result.saved:.1f}, {result.saved_per_pr:.2f} per change)"]
    if not result.deltas:
        lines.append("\nNo step runs on a different set of changes.")
    for delta in result.deltas:
        lines.extend(("", *_delta_lines(delta, limit)))
    return "\n".join(lines) + "\n"


def _delta_lines(delta: StepDelta, limit: int) -> Iterator[str]:
    status = "" if delta.status == "changed" else f" [{delta.status}]"
    yield (f"{delta.key}{status}: ran on {delta.runs_before} -> {delta.runs_after} changes, "
           f"{delta.gpu_hours_saved:.1f} GPU-h saved")
    if delta.dropped:
        yield f"  no longer runs on {len(delta.dropped)} change(s):"
    for item in delta.dropped[:limit] if limit > 0 else delta.dropped:
        why = "; ".join(item.reasons) + (f" (+{item.more} more)" if item.more else "")
        yield f"    {item.sha[:12]} {clip(item.subject, 60)} -> {item.after}"
        yield f"        ran because: {clip(why, 86)}"
    if 0 < limit < len(delta.dropped):
        yield f"    ... {len(delta.dropped) - limit} more (--format json lists every one)"
    if delta.added:
        shown = ", ".join(s[:12] for s in delta.added[:8])
        more = f" (+{len(delta.added) - 8} more)" if len(delta.added) > 8 else ""
        yield f"  newly runs on {len(delta.added)} change(s): {shown}{more}"


def suggestion_text(found: Sequence[Suggestion], prs: int) -> str:
    lines = ["", "Narrowing suggestions (each replayed on the changes where the step ran)"]
    if not found:
        lines.append("  (none: no costly broad entry on a step whose tests live in one "
                     "directory with a source counterpart)")
    for item in found:
        dropped = item.no_longer_runs
        mirrors = len(item.effects) - 1 if len(item.effects) > 1 else 0
        also = f", with {mirrors} mirror(s)" if mirrors else ""
        lines.append(f"  {item.key}: {item.entry} -> {item.replacement}  "
                     f"(its tests: {item.tests})")
        lines.append(f"      no longer runs on {dropped} of {prs} changes, "
                     f"{item.saved:.1f} GPU-h saved{also}; check with --what-if")
    return "\n".join(lines) + "\n"
