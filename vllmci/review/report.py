"""`vllmci review` output: the comparison of two definition sets, for people (text)
and for tools (JSON)."""

from __future__ import annotations

import difflib
import json
from typing import Any

import attrs

from vllmci.review.compare import ORDERED, Change, Review, StepChange, StepSummary


def as_json(result: Review) -> str:
    return json.dumps(attrs.asdict(result), indent=2, ensure_ascii=False) + "\n"


def as_text(result: Review) -> str:
    lines = [_headline(result)]
    if result.empty:
        lines.append("No step was added, removed or changed.")
    lines += _section("Added", [_listed("+", s) for s in result.added])
    lines += _section("Removed", [_listed("-", s) for s in result.removed])
    lines += _section("Changed", [line for c in result.changed for line in _changed(c)])
    lines += _section("Run-all rule", [line for c in result.run_all for line in _change(c)])
    return "\n".join(lines) + "\n"


def _headline(result: Review) -> str:
    counts = (f"{len(result.added)} added, {len(result.removed)} removed, "
              f"{len(result.changed)} changed, {result.unchanged} unchanged")
    where = f" in {result.repository}" if result.repository else ""
    return (f"Definitions {result.definitions}/{where} at {result.against} "
            f"({result.commit[:12]}) -> work tree: {counts}")


def _section(title: str, body: list[str]) -> list[str]:
    return ["", f"{title}:", *body] if body else []


def _listed(sign: str, step: StepSummary) -> str:
    runs = f"queue {step.queue}" if step.queue else f"{step.kind} step"
    return f"  {sign} {step.key}  ({step.pipeline} / {step.group}, {runs}, {step.file}:{step.line})"


def _changed(change: StepChange) -> list[str]:
    pipeline = "" if change.pipeline == "test" else f"{change.pipeline} pipeline, "
    head = f"  ~ {change.key}  ({pipeline}{change.file}:{change.line})"
    return [head, *(line for c in change.changes for line in _change(c))]


def _change(change: Change) -> list[str]:
    before, after = change.before, change.after
    if isinstance(before, list) and isinstance(after, list):
        return [f"      {change.name}:", *_list_diff(change.field, before, after)]
    return [f"      {change.name}: {_show(before)} -> {_show(after)}"]


def _list_diff(field: str, before: list[Any], after: list[Any]) -> list[str]:
    old, new = [_show(v) for v in before], [_show(v) for v in after]
    if field in ORDERED:
        diff = difflib.ndiff(old, new)
        return [f"        {line[0]} {line[2:]}" for line in diff if line[:1] in "+-"]
    gone = [f"        - {v}" for v in old if v not in new]
    came = [f"        + {v}" for v in new if v not in old]
    return gone + came or [f"        (same items, new order: {', '.join(new)})"]


def _show(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return "(none)"
    return json.dumps(value, ensure_ascii=False)
