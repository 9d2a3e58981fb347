"""How definition objects check themselves: keyword construction that names the
file, line, key and field of a mistake, and the converters and validators the
definition language shares (`vllmci.define.step`, `vllmci.define.step.gates`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from vllmci.define.origin import Origin, caller_origin
from vllmci.errors import DefinitionError, did_you_mean

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
        fields, required = _field_names(type(self))
        ident = kwargs.get("key") or kwargs.get("name") or kwargs.get("device")
        ident = ident if isinstance(ident, str) else None
        if not fields.issuperset(kwargs):
            field = next(f for f in kwargs if f not in fields)
            raise _error(origin, ident, field, f"unknown field for {self._what}"
                         + did_you_mean(field, fields))
        if not set(required).issubset(kwargs):
            name = next(n for n in required if n not in kwargs)
            raise _error(origin, ident, name, f"is required for {self._what}")
        try:
            self.__attrs_init__(origin=origin, **kwargs)  # type: ignore[attr-defined]
        except _FieldProblem as exc:
            raise _error(origin, ident, exc.field, str(exc)) from None
        except (TypeError, ValueError) as exc:
            raise _error(origin, ident, None, f"bad value: {exc}") from None


@functools.cache
def _field_names(cls: type) -> tuple[frozenset[str], tuple[str, ...]]:
    """A definition class's field names, and the required ones in declaration order."""
    fields = [a for a in attrs.fields(cls) if a.name != "origin"]
    required = tuple(a.name for a in fields if a.default is attrs.NOTHING)
    return frozenset(a.name for a in fields), required


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
