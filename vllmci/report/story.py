"""One step's story (`plan --explain KEY`): its definition, entries, matches,
queue, device, shards, decision and what would make it run."""

from __future__ import annotations

from collections.abc import Iterator

from vllmci.catalog.effective import resolve
from vllmci.catalog.model import Entry
from vllmci.errors import UsageError, did_you_mean
from vllmci.plan.model import Decision, Plan


def _lookup(plan: Plan, key: str) -> tuple[Entry, Decision]:
    entry = plan.catalog.by_key.get(key)
    if entry is None:
        raise UsageError(f"--explain {key}: no such step" + did_you_mean(key, plan.catalog.by_key))
    return entry, plan.decision(key)


def describe(plan: Plan, key: str) -> str:
    entry, decision = _lookup(plan, key)
    return "\n".join([*_definition(plan, entry), *_entries(entry, decision),
                      *_decision(decision), *_would_run(entry, decision)]) + "\n"


def _definition(plan: Plan, entry: Entry) -> Iterator[str]:
    step = entry.step
    yield f"{entry.key}: {step.label}"
    yield f"  defined at   {step.origin}"
    if entry.mirror_of:
        yield f"  mirror of    {entry.mirror_of}"
    yield f"  group        {entry.group}"
    devices = f"{step.num_devices} × {entry.device.name}"
    if step.num_nodes > 1:
        devices += f" on {step.num_nodes} nodes"
    yield f"  device       {devices}"
    effective = resolve(entry, plan.catalog.settings, plan.context)
    yield f"  queue        {effective.queue}"
    yield f"  shards       {step.parallelism}"
    yield f"  timeout      {effective.timeout or '-'} min"
    yield f"  depends on   {', '.join(entry.depends_on) or '-'}"
    flags = [name for name in ("optional", "always_run", "soft_fail", "no_plugin")
             if getattr(step, name)]
    if flags or step.only_in:
        yield f"  flags        {', '.join(flags + [f'only in {k}' for k in step.only_in])}"


def _entries(entry: Entry, decision: Decision) -> Iterator[str]:
    matched = {entry for _, entry in decision.matches}
    yield "  dependency entries:"
    if not entry.step.paths:
        yield "    (none: the step never starts by itself)"
    for path in entry.step.paths or ():
        mark = "✓" if path in matched else " "
        yield f"    {mark} {path}"


def _decision(decision: Decision) -> Iterator[str]:
    yield f"  decision     {decision.action}"
    for reason in decision.reasons:
        yield f"    {reason}"


def _would_run(entry: Entry, decision: Decision) -> Iterator[str]:
    if decision.action == "run":
        return
    yield "  what would make it run:"
    if entry.step.optional:
        yield "    clicking its 'Run' block, or NIGHTLY=1 (it is optional)"
        return
    if entry.step.paths:
        yield "    a change to a file its dependency entries match"
    yield f"    clicking 'Run {entry.step.label}', RUN_ALL=1, NIGHTLY=1, or "
    yield f"    VLLM_CI_ONLY_STEP_KEYS='[\"{entry.key}\"]'"
