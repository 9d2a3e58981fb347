"""Stage 5: build. The plan as typed `buildkite_sdk` model objects.

Builders are unconditional: they turn every decision into steps (a command
step, or a block step in front of it) and never decide whether a step exists.
A step's queue, timeout, retries, priority and shards come from one place,
`vllmci.catalog.effective.resolve`, which the reports read too; a step sized by
time whose test files were measured runs balanced file lists (`vllmci.emit.shards`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import attrs
from buildkite_sdk import (
    BlockStep,
    CommandStep,
    DependsOnListObject,
    GroupStep,
    InputStep,
    Pipeline,
)
from buildkite_sdk import TextField as FieldModel
from buildkite_sdk.schema import AutomaticRetryArgs

from vllmci.catalog.durations import Durations
from vllmci.catalog.effective import resolve, retries
from vllmci.catalog.gates import refuse_ungated_publishing
from vllmci.catalog.model import Entry, GateEntry
from vllmci.catalog.rules import BLOCK_PREFIX
from vllmci.context import BuildContext
from vllmci.define.runners import Shaped
from vllmci.define.step import AutoRetry, Settings, Step, TextField
from vllmci.emit.escape import escape, escape_all, escape_data, escape_value
from vllmci.emit.shards import sharded
from vllmci.errors import DefinitionError
from vllmci.plan.model import Decision, Plan
from vllmci.values import frozen


@frozen
class Job:
    """What a runner needs to shape one command step."""

    entry: Entry
    context: BuildContext
    image: str
    settings: Settings
    durations: Durations | None = None
    as_run: Step | None = None
    """The step as it runs, when not as defined (balanced shards' commands)."""

    @property
    def step(self) -> Step:
        return self.as_run or self.entry.step


# Step models built from strings, numbers, lists, dicts and SDK models only: pydantic's
# validation would convert nothing but the key order of a step's own retry rules (which
# `_retry_rule` writes in that order), the schema check of the emitted document
# (`vllmci.emit.validate`) covers every value, and skipping it skips each model's schema
# build at first use (about 40 ms a run: CommandStep's alone is about 14 ms, and a
# GroupStep holds the union of every step type). Pipeline's serializer, built when
# buildkite_sdk is imported, writes them.
CONSTRUCTED = (GroupStep, BlockStep, InputStep, CommandStep)

_RETRY_FIELDS = tuple(AutomaticRetryArgs.__annotations__)
"""exit_status, limit, signal, signal_reason: the order validation gave a step's own rules."""


@functools.cache
def _known_fields(cls: type) -> frozenset[str]:
    fields = cls.model_fields  # type: ignore[attr-defined]
    return frozenset(fields) | {f.alias for f in fields.values() if f.alias}


@functools.cache
def _unset(cls: type) -> dict[str, None] | None:
    """Every field as None, when `model_construct` would only store what it is given
    and None for the rest (the SDK's command, block and input steps): None is each
    field's default, no field has an alias the builder could pass (`_known_fields`
    admits field names and plain aliases only), and the model has no extra fields, no
    private attributes and no post-init hook. Such a model is made by `_construct`."""
    fields = cls.model_fields  # type: ignore[attr-defined]
    plain = (all(f.default is None and f.default_factory is None and not f.alias
                 for f in fields.values())
             and cls.model_config.get("extra") != "allow"  # type: ignore[attr-defined]
             and not cls.__pydantic_post_init__  # type: ignore[attr-defined]
             and not cls.__private_attributes__  # type: ignore[attr-defined]
             and not cls.__pydantic_root_model__)  # type: ignore[attr-defined]
    return dict.fromkeys(fields) if plain else None


_set = object.__setattr__


def _construct(cls: type, unset: dict[str, None], given: dict[str, Any]) -> Any:
    """`cls.model_construct(set(given), **unset, **given)`, without its walk over
    every field (about 15 us a step): the instance state pydantic's `model_construct`
    sets, set directly. `tests/test_fast_paths.py` holds the two equal."""
    made = cls.__new__(cls)
    _set(made, "__dict__", {**unset, **given})
    _set(made, "__pydantic_fields_set__", set(given))
    _set(made, "__pydantic_extra__", None)
    _set(made, "__pydantic_private__", None)
    return made


def model(cls: type, **fields: Any) -> Any:
    """Construct an SDK model, refusing fields the model would silently drop."""
    if not _known_fields(cls).issuperset(fields):
        unknown = sorted(set(fields) - _known_fields(cls))
        raise TypeError(f"{cls.__name__} has no field(s) {', '.join(unknown)}")
    given = {k: v for k, v in fields.items() if v is not None}
    if cls not in CONSTRUCTED:
        return cls(**given)
    unset = _unset(cls)
    if unset is None:
        return cls.model_construct(**given)
    return _construct(cls, unset, given)


def _retry_rule(rule: AutoRetry) -> dict[str, Any]:
    """One of a step's own retry rules, its keys in the SDK's order."""
    written = rule.as_dict()
    return {name: written[name] for name in _RETRY_FIELDS if name in written}


def block_key(entry: Entry) -> str:
    """The key of the block step in front of `entry` (`block-<key>` unless the
    mirror policy names it)."""
    return entry.block or BLOCK_PREFIX + entry.key


def build(plan: Plan) -> Pipeline:
    """Every non-skipped decision as steps, grouped as the definitions group them.

    Groups marked `top_level` put their steps at the top of the pipeline. A
    build in which a publishing step would start without a click is refused.
    """
    refuse_ungated_publishing(plan)
    catalog, settings = plan.catalog, plan.catalog.settings
    pipeline = Pipeline(env=_pipeline_env(settings, plan.context) or None)
    for name, steps in _groups(plan, settings):
        if name in catalog.top_level:
            for step in steps:
                pipeline.add_step(step)
        else:
            pipeline.add_step(model(GroupStep, group=escape(name),
                                    key=catalog.group_keys.get(name), steps=steps))
    return pipeline


def _pipeline_env(settings: Settings, ctx: BuildContext) -> dict[str, str]:
    """`Settings.env(ctx)` is made from the build (branch names, ...): outside text,
    so every `$` is escaped, build variables included."""
    return {k: escape(str(v)) for k, v in dict(settings.env(ctx)).items()}


def _groups(plan: Plan, settings: Settings) -> Iterator[tuple[str, list[Any]]]:
    decided = {d.key: d for d in (*plan.decisions, *plan.gate_decisions)}
    emitted = {key for key, d in decided.items() if d.action != "skip"}
    current: str | None = None
    steps: list[Any] = []
    for item in plan.catalog.items():
        decision = decided[item.key]
        if decision.action == "skip":
            continue
        if item.group != current and steps:
            yield current or "", steps
            steps = []
        current = item.group
        steps.extend(_item_steps(plan, settings, item, decision, emitted))
    if steps:
        yield current or "", steps


def _item_steps(plan: Plan, settings: Settings, item: Entry | GateEntry, decision: Decision,
                emitted: set[str]) -> list[Any]:
    if isinstance(item, GateEntry):
        deps = depends_on(item.depends_on, item.gate.allow_failure_of, emitted)
        return [gate_step(item, deps, plan.context)]
    job = Job(item, plan.context, settings.image(plan.context, item.device.image_variant),
              settings, plan.durations)
    return steps_for(job, decision, emitted)


def depends_on(keys: tuple[str, ...], allow_failure_of: tuple[str, ...],
               emitted: set[str]) -> list[Any]:
    """Dependencies this build emits; those allowed to fail as `{step, allow_failure}`."""
    return [DependsOnListObject(step=k, allow_failure=True) if k in allow_failure_of else k
            for k in keys if k in emitted]


def gate_step(item: GateEntry, deps: list[Any], ctx: BuildContext) -> BlockStep | InputStep:
    """A gate as a block step, an input as an input step (its prompt for this build)."""
    gate = item.gate
    prompt = gate.prompt_for(ctx.build_kinds)
    common = {"key": gate.key, "depends_on": deps,
              "prompt": escape(prompt) if prompt else None,
              "fields": [_field(f) for f in gate.fields] or None}
    if gate.kind == "input":
        return model(InputStep, input=escape(gate.label), **common)
    return model(BlockStep, block=escape(gate.label), **common)


def _field(field: TextField) -> FieldModel:
    return model(FieldModel, key=field.key, text=escape(field.text),
                 hint=escape(field.hint) if field.hint else None,
                 required=None if field.required else False,
                 default=escape(field.default) if field.default is not None else None,
                 format=escape(field.format) if field.format else None)


def steps_for(job: Job, decision: Decision, emitted: set[str]) -> list[Any]:
    """A command step, behind a block step unless the decision is to run it.

    Dependencies on steps this build leaves out (skipped) are dropped.
    """
    entry = job.entry
    deps = depends_on(entry.depends_on, entry.step.allow_failure_of, emitted)
    command = command_step(job, deps)
    if decision.action == "run" or _own_gate(entry, emitted):
        return [command]
    key = block_key(entry)
    # An AMD job's block waits for its image build (`block_after`) and follows it.
    after = [d for d in deps if entry.block_after is not None and d == entry.block_after]
    rest = [d for d in deps if d not in after]
    block = model(BlockStep, block=escape(entry.block_label or f"Run {entry.step.label}"),
                  key=key, depends_on=after)
    gated = command.model_copy(update={"depends_on": [*after, key, *rest]})
    return [block, gated]


def _own_gate(entry: Entry, emitted: set[str]) -> bool:
    """The step already waits for a gate keyed as its block step: that is its block."""
    key = block_key(entry)
    return key in entry.depends_on and key in emitted


def command_step(job: Job, depends_on: list[Any]) -> CommandStep:
    entry = job.entry
    effective = resolve(entry, job.settings, job.context, job.durations)
    as_run = sharded(job.step, effective.shards)
    if as_run is not job.step:
        job = attrs.evolve(job, as_run=as_run)
    step, shaped = job.step, _shape(job)
    shards = effective.shards.count
    env = {**step.env_dict, **dict(shaped.env)}
    plugins = [*shaped.plugins, *(p.as_dict() for p in step.plugins)]
    command = model(
        CommandStep,
        label=escape(step.label),
        key=step.key,
        commands=escape_all(shaped.commands),
        depends_on=depends_on,
        agents={"queue": effective.queue, **dict(step.agents)},
        artifact_paths=list(dict.fromkeys((*step.artifact_paths, *shaped.artifact_paths)))
        or None,
        plugins=[escape_data(p) for p in plugins] or None,
        matrix=_matrix(step),
        allow_dependency_failure=step.allow_dependency_failure or None,
        env={k: escape_value(v) for k, v in env.items()} or None,
        parallelism=shards if shards > 1 else None,
        timeout_in_minutes=effective.timeout,
        soft_fail=_soft_fail(step.soft_fail),
        retry={"automatic": [_retry_rule(r) for r in step.retry]} if step.retry else None,
        priority=effective.priority,
        concurrency=step.concurrency,
        concurrency_group=escape_value(step.concurrency_group) if step.concurrency_group
        else None,
    )
    return _with_retries(command, entry, job.settings)


def _with_retries(command: CommandStep, entry: Entry, settings: Settings) -> CommandStep:
    """The effective retry rules: the device's and the project's as written, the
    step's own in the SDK's key order (`_retry_rule`)."""
    own = command.retry["automatic"] if isinstance(command.retry, dict) else []
    rules = retries(entry, settings, own)
    if rules:
        command.retry = {**(command.retry or {}), "automatic": list(rules)}
    return command


def _shape(job: Job) -> Shaped:
    try:
        return job.entry.device.runner.shape(job)
    except (KeyError, ValueError) as exc:
        origin = job.step.origin
        raise DefinitionError(f"runner failed to shape the step: {exc}", file=origin.file,
                              line=origin.line, key=job.step.key, field="device") from None


def _matrix(step: Step) -> Any:
    """A list of values, or `{"setup": {dimension: values}}`."""
    if step.matrix is None:
        return None
    if all(isinstance(v, str) for v in step.matrix):
        return list(step.matrix)
    return {"setup": {name: list(values) for name, values in step.matrix}}


def _soft_fail(value: bool | tuple[int, ...]) -> Any:
    if value is True:
        return True
    if value:
        return [{"exit_status": status} for status in value]
    return None
