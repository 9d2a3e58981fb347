"""The replay as one self-contained HTML page: inline SVG charts and tables, inline
CSS, no script and nothing fetched (it opens from a file with no network).

Charts: GPU-hours per change by step (`cost-by-step`), how often a step runs
against what one run costs (`rate-vs-cost`), GPU-hours of each change in replay
order (`cost-over-time`) and, for a what-if, GPU-hours saved by step
(`saved-by-step`). The report's JSON (`--format json`) is embedded as
`<script type="application/json" id="history-data">`: data, not code.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterator
from html import escape

from vllmci.history import document, svg, text
from vllmci.history.stats import History, StepStats
from vllmci.history.whatif import WhatIf

TOP_STEPS = 30
STYLE = """body{font-family:sans-serif;margin:2em;max-width:1100px;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em}
table{border-collapse:collapse;font-size:13px}td,th{padding:2px 8px;text-align:right}
td:first-child,th:first-child,td:last-child,th:last-child{text-align:left}tr:nth-child(even){background:#f4f4f4}
svg rect,svg circle{fill:#3b73b9}svg .bound rect,svg circle.bound{fill:#9bb7dc}
svg .axis{stroke:#555}svg .reference{stroke:#c33}svg g.saved rect{fill:#2e8b57}
svg g.added rect{fill:#c33}.note{color:#666;font-size:13px}"""


def _css(basis: str) -> str:
    return "bound" if basis == "timeout bound" else ""


def cost_by_step(history: History) -> str:
    steps = [s for s in text.ranked(history) if s.gpu_hours_per_pr > 0][:TOP_STEPS]
    marks = [svg.Mark(s.key, s.gpu_hours_per_pr,
                      f"{s.key}: ran on {s.runs} of {s.prs} changes, "
                      f"{s.gpu_hours_per_run or 0:.2f} GPU-h a run ({s.basis})",
                      {"key": s.key, "basis": s.basis}, css=_css(s.basis)) for s in steps]
    return svg.bars("cost-by-step", "GPU-hours per change, by step", marks, "GPU-h")


def _point(step: StepStats) -> svg.Mark:
    return svg.Mark(step.key, step.gpu_hours_per_run or 0.0,
                    f"{step.key}: runs on {100 * step.run_rate:.0f}% of changes, "
                    f"{step.gpu_hours_per_run or 0:.2f} GPU-h a run ({step.basis})",
                    {"key": step.key, "basis": step.basis}, x=step.run_rate,
                    css=_css(step.basis))


def rate_vs_cost(history: History) -> str:
    points = [_point(s) for s in history.steps if s.gpu_hours_per_run and s.runs]
    return svg.scatter("rate-vs-cost", "Trigger rate against the cost of one run", points,
                       "share of changes the step ran on", "GPU-hours per run")


def cost_over_time(history: History) -> str:
    marks = [svg.Mark(c.sha[:12], c.gpu_hours, f"{c.sha[:12]} {c.subject}: {c.runs} steps, "
                      f"{c.gpu_hours:.1f} GPU-h", {"sha": c.sha}) for c in history.changes]
    median = statistics.median([c.gpu_hours for c in history.changes])
    return svg.columns("cost-over-time", "GPU-hours of each change (dashed: the median)",
                       marks, "GPU-hours", median)


def saved_by_step(result: WhatIf) -> str:
    deltas = [d for d in result.deltas if d.gpu_hours_saved][:TOP_STEPS]
    marks = [svg.Mark(d.key, abs(d.gpu_hours_saved),
                      f"{d.key}: {d.runs_before} -> {d.runs_after} runs, "
                      f"{d.gpu_hours_saved:.1f} GPU-h saved",
                      {"key": d.key, "saved": repr(d.gpu_hours_saved)},
                      css="saved" if d.gpu_hours_saved > 0 else "added") for d in deltas]
    return svg.bars("saved-by-step", "GPU-hours saved over the replay, by step (red: more)",
                    marks, "GPU-h")


def _table(head: list[str], rows: list[list[str]]) -> str:
    cells = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><tr>{cells}</tr>{body}</table>"


def _step_rows(history: History) -> list[list[str]]:
    return [[s.key, f"{100 * s.run_rate:.0f}%", f"{100 * s.blocked / s.prs:.0f}%",
             f"{s.gpu_hours_per_pr:.2f}", s.basis,
             "; ".join(f"{b.entry} (alone {b.alone})" for b in s.blame[:3])]
            for s in text.ranked(history)[:TOP_STEPS]]


def _device_rows(history: History) -> list[list[str]]:
    return [[d.device, f"{d.mean:.2f}", f"{d.median:.2f}", f"{d.p90:.2f}", f"{d.total:.1f}"]
            for d in (*history.devices, history.total)]


def _whatif_section(result: WhatIf) -> Iterator[str]:
    yield f"<h2>What-if: {escape(result.before)} → {escape(result.after)}</h2>"
    yield (f"<p>{result.before_gpu_hours:.1f} → {result.after_gpu_hours:.1f} GPU-hours over "
           f"{result.prs} changes: {result.saved:.1f} saved.</p>")
    yield saved_by_step(result)
    rows = [[d.key, str(d.runs_before), str(d.runs_after), f"{d.gpu_hours_saved:.1f}"]
            for d in result.deltas]
    yield _table(["step", "runs before", "after", "GPU-h saved"], rows)
    for delta in (d for d in result.deltas if d.dropped):
        listed = [[x.sha[:12], x.subject, x.after, "; ".join(x.reasons)] for x in delta.dropped]
        yield (f"<details><summary>{escape(delta.key)}: no longer runs on "
               f"{len(delta.dropped)} change(s)</summary>"
               + _table(["change", "subject", "now", "ran because"], listed) + "</details>")


def report(history: History, result: WhatIf | None = None, build: str = "pr") -> str:
    data = document.history_json(history, build)
    if result is not None:
        data["what_if"] = document.whatif_json(result)
    embedded = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    basis = "measured durations where known" if history.measured else "timeout bound"
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        "<title>vllmci history</title>", f"<style>{STYLE}</style></head><body>",
        f"<h1>What CI costs: {history.prs} changes, {escape(history.label)}</h1>",
        f'<p class="note">GPU-hours: {basis}; lighter marks are timeout bounds.</p>',
        "<h2>Cost by step</h2>", cost_by_step(history),
        "<h2>Trigger rate against cost</h2>", rate_vs_cost(history),
        "<h2>Cost per change over time</h2>", cost_over_time(history),
        *(_whatif_section(result) if result is not None else ()),
        "<h2>Steps</h2>",
        _table(["step", "ran", "blocked", "GPU-h/PR", "basis", "entries"], _step_rows(history)),
        "<h2>Devices: GPU-hours per change</h2>",
        _table(["device", "mean", "median", "p90", "total"], _device_rows(history)),
        f'<script type="application/json" id="history-data">{embedded}</script>',
        "</body></html>"]
    return "\n".join(parts) + "\n"
