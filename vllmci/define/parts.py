"""Parts of a `Step` beyond its commands: plugins, build matrices and shards sized by
time (`ByTime`)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import attrs

from vllmci.define.fields import _Checked, _FieldProblem, _named, _positive, _strings
from vllmci.define.origin import Origin
from vllmci.values import frozen

Matrix = tuple[str, ...] | tuple[tuple[str, tuple[str, ...]], ...]
PluginValue = str | int | float | bool | tuple[str | int | float | bool, ...]


def _plugin_value(value: Any) -> PluginValue:
    if isinstance(value, list | tuple):
        return tuple(_plugin_value(v) for v in value)  # type: ignore[return-value]
    if isinstance(value, str | int | float | bool):
        return value
    raise ValueError(f"plugin settings hold text, numbers, booleans or lists of them, "
                     f"not {type(value).__name__}")


def _plugin_config(value: Mapping[str, Any]) -> tuple[tuple[str, PluginValue], ...]:
    if not isinstance(value, Mapping):
        raise _FieldProblem("config", f"must be a mapping of setting -> value, got {value!r}")
    try:
        return tuple((str(k), _plugin_value(v)) for k, v in value.items())
    except ValueError as exc:
        raise _FieldProblem("config", str(exc)) from None


def _thaw(value: PluginValue) -> Any:
    return [_thaw(v) for v in value] if isinstance(value, tuple) else value


@frozen(init=False)
class Plugin(_Checked):
    """A Buildkite plugin on one step: `Plugin(name="docker-login#v3.0.0",
    config={"username": "vllmbot", "password-env": "DOCKERHUB_TOKEN"})`.

    Settings are flat (text, numbers, booleans, lists). Secrets are never values:
    name the agent's environment variable that holds them.
    """

    _what = "plugin"
    _inside = "Step"
    name: str = attrs.field(validator=_named(attrs.validators.instance_of(str)))
    config: tuple[tuple[str, PluginValue], ...] = attrs.field(factory=dict,
                                                              converter=_plugin_config)
    origin: Origin = attrs.field(factory=Origin, eq=False, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {self.name: {k: _thaw(v) for k, v in self.config}}


def _matrix(value: Any) -> Matrix | None:
    """A list of values (`{{matrix}}`), or a mapping of dimension -> values."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        return tuple((str(k), _strings(v)) for k, v in value.items())
    return _strings(value)


def _matrix_values(instance: Any, attribute: attrs.Attribute, value: Matrix | None) -> None:
    if value is None:
        return
    rows = [v for _, values in value for v in values] if value and isinstance(
        value[0], tuple) else list(value)
    if not rows or not all(isinstance(v, str) and v for v in rows):
        raise ValueError("a matrix needs non-empty text values")


def _minutes(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not (
            math.isfinite(value) and value > 0):
        raise ValueError(f"must be a number of minutes > 0, got {value!r}")


@frozen(init=False)
class ByTime(_Checked):
    """Shards sized by wall-clock time: `Step(..., parallelism=4,
    shards=ByTime(target_minutes=20, max=8))`.

    With a measured duration of the step (`vllmci durations`, given to `plan` and
    `upload` as `--durations FILE` or `$VLLMCI_DURATIONS`) the step runs as many
    shards as it takes for each to run about `target_minutes`, between `min` and
    `max`; without one it runs its declared `parallelism`. The plan says which.
    """

    _what = "shards by time"
    _inside = "Step"
    target_minutes: float = attrs.field(validator=_named(_minutes))
    max: int = attrs.field(default=8, validator=_named(_positive))
    min: int = attrs.field(default=1, validator=_named(_positive))
    origin: Origin = attrs.field(factory=Origin, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        whole = all(isinstance(v, int) for v in (self.min, self.max))  # else: the type check
        if whole and self.min > self.max:
            raise _FieldProblem("min", f"min={self.min} is above max={self.max}")

    def __str__(self) -> str:
        return f"ByTime(target_minutes={self.target_minutes:g}, max={self.max}, min={self.min})"
