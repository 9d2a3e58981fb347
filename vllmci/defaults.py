"""Shared defaults, applied once to every command step after building.

Lost-agent retries and the default timeout come from the definitions'
`Settings`; a step's own values win. `SKIP_TIMEOUT=1` drops timeouts.
"""

from __future__ import annotations

from typing import Any

from buildkite_sdk import CommandStep, GroupStep, Pipeline

from vllmci.context import BuildContext
from vllmci.define import Settings


def apply_defaults(pipeline: Pipeline, settings: Settings, ctx: BuildContext) -> Pipeline:
    for step in _command_steps(pipeline):
        _with_retries(step, settings)
        _with_timeout(step, settings, ctx)
    return pipeline


def _command_steps(pipeline: Pipeline) -> list[CommandStep]:
    found = []
    for step in pipeline.steps:
        inner = step.steps if isinstance(step, GroupStep) else [step]
        found.extend(s for s in inner if isinstance(s, CommandStep))
    return found


def _with_retries(step: CommandStep, settings: Settings) -> None:
    retry: dict[str, Any] = dict(step.retry or {})  # type: ignore[arg-type]
    rules = list(retry.get("automatic") or [])
    statuses = {rule["exit_status"] for rule in rules}
    for default in settings.retry:
        if default.exit_status not in statuses:
            rules.append({"exit_status": default.exit_status, "limit": default.limit})
    if rules:
        step.retry = {**retry, "automatic": rules}  # type: ignore[assignment]


def _with_timeout(step: CommandStep, settings: Settings, ctx: BuildContext) -> None:
    if ctx.skip_timeout:
        step.timeout_in_minutes = None
    elif step.timeout_in_minutes is None:
        step.timeout_in_minutes = settings.timeout
