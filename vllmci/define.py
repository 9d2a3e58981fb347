"""The definition language: what a CI maintainer writes in `pipelines/`.

One readable constructor call per step. Every object is a frozen attrs value;
mistakes raise `DefinitionError` naming the file, line, step key and field as
soon as the module is imported.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from vllmci.errors import DefinitionError, did_you_mean
from vllmci.origin import Origin, caller_origin

ExitStatus = int | Literal["*"]
BuildKind = Literal["pr", "branch", "default_branch", "tag", "nightly"]
BUILD_KINDS: tuple[str, ...] = ("pr", "branch", "default_branch", "tag", "nightly")


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _optional_strings(value: Any) -> tuple[str, ...] | None:
    return None if value is None else _strings(value)


def _optional_tuple(value: Any) -> tuple | None:
    return None if value is None else tuple(value)


def _frozen_env(value: Mapping[str, Any] | Any) -> tuple[tuple[str, str], ...]:
    items = value.items() if isinstance(value, Mapping) else (value or ())
    return tuple((str(k), _env_value(v)) for k, v in items)


def _env_value(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _positive(instance: Any, attribute: attrs.Attribute, value: int | None) -> None:
    if value is not None and (not isinstance(value, int) or value < 1):
        raise ValueError(f"must be a whole number >= 1, got {value!r}")


def _non_empty(instance: Any, attribute: attrs.Attribute, value: tuple) -> None:
    if not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError("needs at least one non-empty command")


def _all_strings(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if value is not None and not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"must be a list of non-empty strings, got {value!r}")


def _build_kinds(instance: Any, attribute: attrs.Attribute, value: tuple) -> None:
    for kind in value:
        if kind not in BUILD_KINDS:
            raise ValueError(f"unknown build kind {kind!r}" + did_you_mean(kind, BUILD_KINDS)
                             + f"; use one of {', '.join(BUILD_KINDS)}")


def _regexes(instance: Any, attribute: attrs.Attribute, value: tuple) -> None:
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"{pattern!r} is not a regular expression: {exc}") from None


class _Checked:
    """Keyword-only construction that names the file, step and field on error."""

    _what = "definition"

    def __init__(self, **kwargs: Any) -> None:
        origin = kwargs.pop("origin", None) or caller_origin()
        fields = {a.name: a for a in attrs.fields(type(self)) if a.name != "origin"}
        ident = kwargs.get("key") or kwargs.get("name") or kwargs.get("device")
        ident = ident if isinstance(ident, str) else None
        for field in kwargs:
            if field not in fields:
                raise _error(origin, ident, field, f"unknown field for {self._what}"
                             + did_you_mean(field, fields))
        for name, attribute in fields.items():
            if attribute.default is attrs.NOTHING and name not in kwargs:
                raise _error(origin, ident, name, f"is required for {self._what}")
        try:
            self.__attrs_init__(origin=origin, **kwargs)  # type: ignore[attr-defined]
        except _FieldProblem as exc:
            raise _error(origin, ident, exc.field, str(exc)) from None
        except (TypeError, ValueError) as exc:
            raise _error(origin, ident, None, f"bad value: {exc}") from None


def _error(origin: Origin, key: str | None, field: str | None, msg: str) -> DefinitionError:
    return DefinitionError(msg, file=origin.file, line=origin.line, key=key, field=field)


class _FieldProblem(ValueError):
    """A validator's complaint about one field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _named(validator: Any) -> Any:
    """Wrap an attrs validator so its complaint carries the field name."""

    def check(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
        try:
            validator(instance, attribute, value)
        except (ValueError, TypeError) as exc:
            raise _FieldProblem(attribute.name, str(exc)) from None

    return check


def _retry_target(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if instance.exit_status is None and instance.signal_reason is None:
        raise _FieldProblem("exit_status", "an automatic retry needs exit_status or signal_reason")


@attrs.frozen
class AutoRetry:
    """Retry a job automatically when it exits with `exit_status` (or `signal_reason`)."""

    exit_status: ExitStatus | None = None
    limit: int = attrs.field(default=1, validator=_named(_positive))
    signal_reason: str | None = attrs.field(default=None, validator=_retry_target)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.exit_status is not None:
            out["exit_status"] = self.exit_status
        if self.signal_reason is not None:
            out["signal_reason"] = self.signal_reason
        out["limit"] = self.limit
        return out


LOST_AGENT: tuple[AutoRetry, ...] = (AutoRetry(-1, 2), AutoRetry(-10, 2))
"""Retry twice when the agent was lost (exit status -1 or -10)."""


@attrs.frozen(init=False)
class AmdMirror(_Checked):
    """Also run the step on AMD hardware as `amd-<key>`.

    `paths` are added in front of the parent's entries; `commands` and
    `working_dir` replace the parent's when given; `depends_on` replaces the
    parent's. The definitions' `MirrorPolicy` adds the shared settings.
    """

    _what = "AMD mirror"
    device: str = attrs.field(validator=_named(attrs.validators.instance_of(str)))
    label: str | None = None
    timeout: int | None = attrs.field(default=None, validator=_named(_positive))
    paths: tuple[str, ...] | None = attrs.field(
        default=None, converter=_optional_strings, validator=_named(_all_strings))
    commands: tuple[str, ...] | None = attrs.field(
        default=None, converter=_optional_strings)
    depends_on: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    working_dir: str | None = None
    num_devices: int | None = attrs.field(default=None, validator=_named(_positive))
    dind: bool = True
    no_plugin: bool = False
    optional: bool | None = None
    soft_fail: bool | None = None
    env: tuple[tuple[str, str], ...] = attrs.field(default=None, converter=_frozen_env)
    origin: Origin = attrs.field(factory=Origin, eq=False, repr=False)


@attrs.frozen(init=False)
class Step(_Checked):
    """One test step: a Buildkite command step when selected, else a block."""

    _what = "step"
    key: str = attrs.field(validator=_named(attrs.validators.instance_of(str)))
    label: str = attrs.field(validator=_named(attrs.validators.instance_of(str)))
    commands: tuple[str, ...] = attrs.field(converter=_strings, validator=_named(_non_empty))
    paths: tuple[str, ...] | None = attrs.field(
        default=None, converter=_optional_strings, validator=_named(_all_strings))
    device: str | None = None
    num_devices: int = attrs.field(default=1, validator=_named(_positive))
    num_nodes: int = attrs.field(default=1, validator=_named(_positive))
    parallelism: int = attrs.field(default=1, validator=_named(_positive))
    timeout: int | None = attrs.field(default=None, validator=_named(_positive))
    working_dir: str | None = None
    optional: bool = False
    soft_fail: bool | tuple[int, ...] = False
    retry: tuple[AutoRetry, ...] = attrs.field(default=(), converter=tuple)
    env: tuple[tuple[str, str], ...] = attrs.field(default=None, converter=_frozen_env)
    depends_on: tuple[str, ...] | None = attrs.field(default=None, converter=_optional_strings)
    agents: tuple[tuple[str, str], ...] = attrs.field(default=None, converter=_frozen_env)
    concurrency: int | None = attrs.field(default=None, validator=_named(_positive))
    concurrency_group: str | None = None
    priority: int | None = None
    no_plugin: bool = False
    mount_buildkite_agent: bool = False
    dind: bool = True
    artifact_paths: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    always_run: bool = False
    force_paths: tuple[str, ...] = attrs.field(
        default=(), converter=_strings, validator=_named(_all_strings))
    only_in: tuple[BuildKind, ...] = attrs.field(
        default=(), converter=_strings, validator=_named(_build_kinds))
    amd: AmdMirror | None = None
    origin: Origin = attrs.field(factory=Origin, eq=False, repr=False)

    @property
    def env_dict(self) -> dict[str, str]:
        return dict(self.env)


@attrs.frozen(init=False)
class Group(_Checked):
    """A named set of steps shown together; steps inherit `depends_on` and `working_dir`."""

    _what = "group"
    name: str = attrs.field(validator=_named(attrs.validators.instance_of(str)))
    steps: tuple[Step, ...] = attrs.field(converter=tuple)
    depends_on: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    working_dir: str | None = None
    pipeline: str = "test"
    origin: Origin = attrs.field(factory=Origin, eq=False, repr=False)

    @steps.validator
    def _only_steps(self, attribute: attrs.Attribute, value: tuple) -> None:
        for item in value:
            if not isinstance(item, Step):
                raise _FieldProblem("steps", f"must hold Step objects, got {type(item).__name__}")


@attrs.frozen(init=False)
class RunAll(_Checked):
    """Changed files that make every step run, minus exclusions.

    Patterns are regular expressions matched at the start of the path (vLLM's
    `run_all_patterns`). With `active=False` matches are reported in the plan
    but do not run everything.
    """

    _what = "run-all rule"
    patterns: tuple[str, ...] = attrs.field(converter=_strings, validator=_named(_regexes))
    exclude: tuple[str, ...] = attrs.field(
        default=(), converter=_strings, validator=_named(_regexes))
    active: bool = True
    origin: Origin = attrs.field(factory=Origin, eq=False, repr=False)


def _no_env(ctx: Any) -> Mapping[str, str]:
    return {}


def _no_image(ctx: Any, variant: str) -> str:
    return ""


@attrs.frozen(init=False)
class Settings(_Checked):
    """Project-wide settings: images and pipeline env from the build, shared defaults.

    `image(ctx, variant)` names the test image of this build (variant "" or a
    device's `image_variant`, e.g. "cpu"); `env(ctx)` is the pipeline-level env.
    `retry` and `timeout` are applied to every command step in one pass;
    `priority(ctx)`, when given, is the priority of steps that set none.
    """

    _what = "settings"
    image: Any = _no_image
    env: Any = _no_env
    retry: tuple[AutoRetry, ...] = attrs.field(default=LOST_AGENT, converter=tuple)
    timeout: int | None = attrs.field(default=None, validator=_named(_positive))
    priority: Any = None
    origin: Origin = attrs.field(factory=Origin, eq=False, repr=False)


@attrs.frozen(init=False)
class MirrorPolicy(_Checked):
    """How every AMD mirror looks: its group, label, timeouts, retries, priority.

    `paths` are dependency entries added to every mirror, `native_paths` to
    mirrors with `dind=False`; `force_paths` start a mirror even when optional.
    """

    _what = "mirror policy"
    group: str = "AMD"
    label: str = "AMD: {label}"
    timeout: int | None = attrs.field(default=None, validator=_named(_positive))
    max_timeout: int | None = attrs.field(default=None, validator=_named(_positive))
    retry: tuple[AutoRetry, ...] | None = attrs.field(default=None, converter=_optional_tuple)
    priority: int | None = None
    artifact_paths: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    paths: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    native_paths: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    force_paths: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    origin: Origin = attrs.field(factory=Origin, eq=False, repr=False)
