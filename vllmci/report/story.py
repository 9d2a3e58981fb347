"""One step's story (`plan --explain KEY`): its definition, entries, matches,
queue, device, shards, decision and what would make it run; a gate's story: what
it waits for, its prompt, and what runs after the click. `story` gives it as
data (`--format json`), `describe` as text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from vllmci.catalog.effective import resolve
from vllmci.catalog.model import Entry, GateEntry
from vllmci.errors import UsageError, did_you_mean
from vllmci.plan.model import Decision, Plan
from vllmci.report.layout import paint, width, wrap
from vllmci.report.text import shards_json

FLAGS = ("optional", "always_run", "soft_fail", "no_plugin", "publishes")


def lookup(plan: Plan, key: str) -> Entry | GateEntry:
    if not key.strip():
        raise UsageError("--explain needs a step key, e.g. --explain "
                         + (plan.catalog.entries[0].key if plan.catalog.entries else "lora"))
    found = plan.catalog.by_key.get(key) or plan.catalog.gate_by_key.get(key)
    if found is None:
        known = [*plan.catalog.by_key, *plan.catalog.gate_by_key]
        raise UsageError(f"--explain {key}: no such step or gate" + did_you_mean(key, known))
    return found


def story(plan: Plan, key: str) -> dict[str, Any]:
    """The story of step or gate `key` as data."""
    item = lookup(plan, key)
    decision = plan.decision(key)
    common = {"decision": decision.action, "reasons": list(decision.reasons)}
    if isinstance(item, GateEntry):
        return {**_gate(plan, item), **common}
    return {**_step(plan, item, decision), **common,
            "would_run": list(_would_run(item, decision))}


def _step(plan: Plan, entry: Entry, decision: Decision) -> dict[str, Any]:
    step = entry.step
    effective = resolve(entry, plan.catalog.settings, plan.context, plan.durations)
    matched = {hit for _, hit in decision.matches}
    sized = {"shards": shards_json(entry, effective.shards)} if effective.shards.by_time else {}
    return {
        "key": entry.key, "kind": "step", "label": step.label,
        "defined_at": str(step.origin), "mirror_of": entry.mirror_of, "group": entry.group,
        "device": entry.device.name, "num_devices": step.num_devices,
        "num_nodes": step.num_nodes, "queue": effective.queue,
        "parallelism": effective.shards.count,
        "timeout": effective.timeout, "depends_on": list(entry.depends_on),
        "flags": [f for f in FLAGS if getattr(step, f)] + [f"only in {k}" for k in step.only_in]
        + [f"left out of {k}" for k in step.skip_in],
        "entries": [{"entry": path, "matched": path in matched} for path in step.paths or ()],
        "matches": [{"file": f, "entry": e} for f, e in decision.matches], **sized,
    }


def _gate(plan: Plan, item: GateEntry) -> dict[str, Any]:
    from vllmci.report.gates import summary

    gate = item.gate
    stop = next((s for s in summary(plan).stops if s.gate.key == item.key), None)
    return {
        "key": item.key, "kind": "gate" if gate.kind == "block" else "input",
        "label": gate.label, "defined_at": str(gate.origin), "group": item.group,
        "depends_on": list(item.depends_on),
        "prompt": gate.prompt_for(plan.context.build_kinds),
        "fields": [f.key for f in gate.fields], "skip_in": list(gate.skip_in),
        "after_gates": list(stop.after) if stop else [],
        "then": [e.key for e in stop.then] if stop else [],
    }


def _would_run(entry: Entry, decision: Decision) -> Iterator[str]:
    step = entry.step
    if decision.action == "run":
        return
    if decision.action == "skip":
        yield f"it is not part of this build ({'; '.join(decision.reasons)})"
        if step.only_in:
            yield f"a build of kind {', '.join(step.only_in)} (plan --build ...)"
        return
    if step.optional:
        yield "clicking its 'Run' block, or NIGHTLY=1 (it is optional)"
        return
    if step.paths:
        yield "a change to a file its dependency entries match"
    yield f"clicking 'Run {step.label}', RUN_ALL=1, NIGHTLY=1, or"
    yield f"VLLM_CI_ONLY_STEP_KEYS='[\"{entry.key}\"]'"


def describe(plan: Plan, key: str, colour: bool = False, columns: int | None = None) -> str:
    data = story(plan, key)
    columns = columns or width()
    lines = _gate_text(data, colour, columns) if data["kind"] != "step" else _step_text(
        data, colour, columns)
    return "\n".join(lines) + "\n"


def _field(name: str, value: Any, columns: int) -> list[str]:
    return wrap(str(value), columns, f"  {name:<12} ", " " * 15, keys=True)


def _decision(data: dict[str, Any], colour: bool, columns: int) -> Iterator[str]:
    yield f"  {'decision':<12} {paint(data['decision'], data['decision'], colour)}"
    for reason in data["reasons"]:
        yield from wrap(reason, columns, "    ", "      ")


def _step_text(data: dict[str, Any], colour: bool, columns: int) -> Iterator[str]:
    yield paint(f"{data['key']}: {data['label']}", "head", colour)
    yield from _field("defined at", data["defined_at"], columns)
    if data["mirror_of"]:
        yield from _field("mirror of", data["mirror_of"], columns)
    yield from _field("group", data["group"], columns)
    devices = f"{data['num_devices']} × {data['device']}"
    if data["num_nodes"] > 1:
        devices += f" on {data['num_nodes']} nodes"
    yield from _field("device", devices, columns)
    yield from _field("queue", data["queue"], columns)
    yield from _shards(data, columns)
    yield from _field("timeout", f"{data['timeout'] or '-'} min", columns)
    yield from _field("depends on", ", ".join(data["depends_on"]) or "-", columns)
    if data["flags"]:
        yield from _field("flags", ", ".join(data["flags"]), columns)
    yield "  dependency entries:"
    if not data["entries"]:
        yield "    (none: the step never starts by itself)"
    for row in data["entries"]:
        mark = paint("✓", "run", colour) if row["matched"] else " "
        yield f"    {mark} {row['entry']}"
    yield from _decision(data, colour, columns)
    if data["would_run"]:
        yield "  what would make it run:"
        for line in data["would_run"]:
            yield from wrap(line, columns, "    ", "      ")


def _shards(data: dict[str, Any], columns: int) -> Iterator[str]:
    sized = data.get("shards")
    if sized is None:
        yield from _field("shards", data["parallelism"], columns)
        return
    yield from _field("shards", f"{sized['count']} ({sized['basis']}: {sized['reason']})",
                      columns)
    yield from _field("sized by", f"ByTime(target_minutes={sized['target_minutes']:g}, "
                      f"max={sized['max']}, min={sized['min']}); parallelism="
                      f"{sized['declared']} without a measurement", columns)
    yield from _field("tests", sized["split"], columns)
    for index, files in enumerate(sized["files"]):
        more = " + every test file not measured" if index == 0 else ""
        yield from wrap(", ".join(files) + more if files else "(none)" + more, columns,
                        f"    shard {index}: ", " " * 8)


def _gate_text(data: dict[str, Any], colour: bool, columns: int) -> Iterator[str]:
    what = ("a gate: the build waits here for a click" if data["kind"] == "gate"
            else "an input: the build waits here for answers")
    yield paint(f"{data['key']}: {data['label']} ({what})", "head", colour)
    yield from _field("defined at", data["defined_at"], columns)
    yield from _field("group", data["group"], columns)
    yield from _field("depends on", ", ".join(data["depends_on"]) or "-", columns)
    if data["prompt"]:
        yield from _field("prompt", data["prompt"], columns)
    if data["fields"]:
        yield from _field("asks for", ", ".join(data["fields"]), columns)
    if data["skip_in"]:
        yield from _field("left out of", ", ".join(data["skip_in"]), columns)
    if data["after_gates"]:
        yield from _field("after gates", ", ".join(data["after_gates"]), columns)
    yield from _decision(data, colour, columns)
    if data["then"]:
        yield from _field("then runs", ", ".join(data["then"]), columns)
