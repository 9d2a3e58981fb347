"""Shared defaults, applied once to every command step after building.

Retries: the device's rules first, then the step's own, then the project's
(`Settings.retry`, e.g. lost agents) for exit statuses not yet covered.
Timeouts: the step's, else the device's, else the project's; `SKIP_TIMEOUT=1`
drops them all. Priority: the project's `Settings.priority(ctx)` where a step
sets none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from buildkite_sdk import CommandStep, GroupStep, Pipeline

from vllmci.catalog.model import Entry
from vllmci.context import BuildContext
from vllmci.define.step import AutoRetry, Settings


def apply_defaults(pipeline: Pipeline, settings: Settings, ctx: BuildContext,
                   entries: Mapping[str, Entry]) -> Pipeline:
    priority = settings.priority(ctx) if settings.priority else None
    for step in _command_steps(pipeline):
        entry = entries[str(step.key)]
        _with_retries(step, entry, settings)
        _with_timeout(step, entry, settings, ctx)
        if step.priority is None:
            step.priority = priority
    return pipeline


def _command_steps(pipeline: Pipeline) -> list[CommandStep]:
    found = []
    for step in pipeline.steps:
        inner = step.steps if isinstance(step, GroupStep) else [step]
        found.extend(s for s in inner if isinstance(s, CommandStep))
    return found


def _rule_id(rule: Mapping[str, Any]) -> tuple[Any, Any]:
    return rule.get("exit_status"), rule.get("signal_reason")


def _merge(rules: list[dict[str, Any]], extra: tuple[AutoRetry, ...],
           first: bool) -> list[dict[str, Any]]:
    seen = {_rule_id(rule) for rule in rules}
    added = [r.as_dict() for r in extra if _rule_id(r.as_dict()) not in seen]
    return added + rules if first else rules + added


def _with_retries(step: CommandStep, entry: Entry, settings: Settings) -> None:
    retry = step.retry if isinstance(step.retry, dict) else {}
    rules = list(retry.get("automatic") or [])
    rules = _merge(rules, tuple(entry.device.retry), first=True)
    rules = _merge(rules, settings.retry, first=False)
    if rules:
        step.retry = {**retry, "automatic": rules}


def _with_timeout(step: CommandStep, entry: Entry, settings: Settings,
                  ctx: BuildContext) -> None:
    if ctx.skip_timeout:
        step.timeout_in_minutes = None
    elif step.timeout_in_minutes is None:
        step.timeout_in_minutes = entry.device.timeout or settings.timeout
