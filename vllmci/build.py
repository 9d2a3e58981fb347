"""Stage 5: build. The plan as typed `buildkite_sdk` model objects.

Builders are unconditional: they turn every decision into steps (a command
step, or a block step in front of it) and never decide whether a step exists.
Shared defaults are applied afterwards in one pass (`vllmci.defaults`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
from buildkite_sdk import BlockStep, CommandStep, GroupStep, Pipeline

from vllmci.catalog import BLOCK_PREFIX, Entry
from vllmci.context import BuildContext
from vllmci.defaults import apply_defaults
from vllmci.define import Settings, Step
from vllmci.errors import DefinitionError
from vllmci.escape import escape, escape_all, escape_data, escape_value
from vllmci.runners import Shaped
from vllmci.select import Decision, Plan


@attrs.frozen
class Job:
    """What a runner needs to shape one command step."""

    entry: Entry
    context: BuildContext
    image: str

    @property
    def step(self) -> Step:
        return self.entry.step


def model(cls: type, **fields: Any) -> Any:
    """Construct an SDK model, refusing fields the model would silently drop."""
    known = set(cls.model_fields) | {f.alias for f in cls.model_fields.values() if f.alias}
    unknown = sorted(set(fields) - known)
    if unknown:
        raise TypeError(f"{cls.__name__} has no field(s) {', '.join(unknown)}")
    return cls(**{k: v for k, v in fields.items() if v is not None})


def block_key(key: str) -> str:
    return BLOCK_PREFIX + key


def build(plan: Plan) -> Pipeline:
    """Every non-skipped decision as steps, grouped as the definitions group them."""
    settings = plan.catalog.settings
    pipeline = Pipeline(env=_pipeline_env(settings, plan.context) or None)
    for name, steps in _groups(plan, settings):
        pipeline.add_step(model(GroupStep, group=escape(name), steps=steps))
    return apply_defaults(pipeline, settings, plan.context, plan.catalog.by_key)


def _pipeline_env(settings: Settings, ctx: BuildContext) -> dict[str, str]:
    return {k: escape_value(str(v)) for k, v in dict(settings.env(ctx)).items()}


def _groups(plan: Plan, settings: Settings) -> Iterator[tuple[str, list[Any]]]:
    emitted = {d.key for d in plan.decisions if d.action != "skip"}
    current: str | None = None
    steps: list[Any] = []
    for entry, decision in zip(plan.catalog.entries, plan.decisions, strict=True):
        if decision.action == "skip":
            continue
        if entry.group != current and steps:
            yield current or "", steps
            steps = []
        current = entry.group
        job = Job(entry, plan.context, settings.image(plan.context, entry.device.image_variant))
        steps.extend(steps_for(job, decision, emitted))
    if steps:
        yield current or "", steps


def steps_for(job: Job, decision: Decision, emitted: set[str]) -> list[Any]:
    """A command step, behind a block step unless the decision is to run it.

    Dependencies on steps this build leaves out (skipped) are dropped.
    """
    entry = job.entry
    deps = [d for d in entry.depends_on if d in emitted]
    command = command_step(job, deps)
    if decision.action == "run":
        return [command]
    block = model(BlockStep, block=escape(f"Run {entry.step.label}"),
                  key=block_key(entry.key), depends_on=[])
    gated = command.model_copy(update={"depends_on": [block_key(entry.key), *deps]})
    return [block, gated]


def command_step(job: Job, depends_on: list[str]) -> CommandStep:
    step, entry = job.step, job.entry
    shaped = _shape(job)
    env = {**step.env_dict, **dict(shaped.env)}
    return model(
        CommandStep,
        label=escape(step.label),
        key=step.key,
        commands=escape_all(shaped.commands),
        depends_on=depends_on,
        agents={"queue": entry.queue_in(job.context), **dict(step.agents)},
        artifact_paths=list(step.artifact_paths) or None,
        plugins=[escape_data(p) for p in shaped.plugins] or None,
        env={k: escape_value(v) for k, v in env.items()} or None,
        parallelism=step.parallelism if step.parallelism > 1 else None,
        timeout_in_minutes=step.timeout,
        soft_fail=_soft_fail(step.soft_fail),
        retry=_retry(step),
        priority=step.priority,
        concurrency=step.concurrency,
        concurrency_group=escape_value(step.concurrency_group) if step.concurrency_group
        else None,
    )


def _shape(job: Job) -> Shaped:
    try:
        return job.entry.device.runner.shape(job)
    except (KeyError, ValueError) as exc:
        origin = job.step.origin
        raise DefinitionError(f"runner failed to shape the step: {exc}", file=origin.file,
                              line=origin.line, key=job.step.key, field="device") from None


def _soft_fail(value: bool | tuple[int, ...]) -> Any:
    if value is True:
        return True
    if value:
        return [{"exit_status": status} for status in value]
    return None


def _retry(step: Step) -> dict[str, Any] | None:
    if not step.retry:
        return None
    return {"automatic": [rule.as_dict() for rule in step.retry]}
