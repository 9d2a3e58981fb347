"""How definition objects check themselves: keyword construction that names the
file, line, key and field of a mistake, and the converters and validators the
definition language shares (`vllmci.define.step`, `vllmci.define.step.gates`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Literal, TypeVar

import attrs

from vllmci.define.origin import Origin, caller_origin, enclosing
from vllmci.define.typecheck import problem, show
from vllmci.errors import DefinitionError, did_you_mean

BuildKind = Literal["pr", "branch", "default_branch", "tag", "nightly"]
BUILD_KINDS: tuple[str, ...] = ("pr", "branch", "default_branch", "tag", "nightly")


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if type(value) is tuple or type(value) is list:  # the usual case, before the ABCs
        return tuple(value)
    if isinstance(value, Mapping | bytes) or not isinstance(value, Iterable):
        raise ValueError(f"must be a string or a list of strings, got {show(value)}")
    return tuple(value)


def _optional_strings(value: Any) -> tuple[str, ...] | None:
    return None if value is None else _strings(value)


def _items(value: Any) -> tuple:
    """A list (or tuple) of objects; its items' types are checked afterwards."""
    if not isinstance(value, list | tuple):
        raise ValueError(f"must be a list, got {show(value)}")
    return tuple(value)


def _optional_tuple(value: Any) -> tuple | None:
    return None if value is None else _items(value)


def _soft_fail(value: Any) -> Any:
    """`True`/`False`, or exit statuses (a list becomes a tuple)."""
    return tuple(value) if isinstance(value, list | tuple) else value


def _frozen_env(value: Mapping[str, Any] | Any) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if isinstance(value, Mapping):
        items = list(value.items())
    elif isinstance(value, list | tuple) and all(
            isinstance(i, list | tuple) and len(i) == 2 for i in value):
        items = [tuple(i) for i in value]
    else:
        raise ValueError(f"must be a mapping of names to values, got {show(value)}")
    for name, _ in items:
        if not isinstance(name, str) or not name:
            raise ValueError(f"names must be non-empty strings, got {show(name)}")
    return tuple((k, _env_value(k, v)) for k, v in items)


def _env_value(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if not isinstance(value, str | int | float):
        raise ValueError(f"{name}: values must be strings, numbers or booleans, got "
                         f"{show(value)}")
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
    """Keyword-only construction that names the file, step and field on error.

    Converters and validators run first; then every field is checked against its
    declared type (`vllmci.define.typecheck`), so a wrong type stops here.
    """

    _what = "definition"
    _kind: str | None = None
    """What its `key` (or `name`) names in messages: "step", "gate", "group"; None:
    it is part of something else (`_inside`), or stands alone (settings)."""
    _inside: str | None = None
    """The call it is written in (`Step`): an error names that step and this part."""
    _call: str | None = None
    """The constructor's name in definitions, when not the class's."""
    _unknown_hints: ClassVar[dict[str, str]] = {}

    def __init__(self, **kwargs: Any) -> None:
        origin = kwargs.pop("origin", None) or caller_origin()
        fields, required = _field_names(type(self))
        if not fields.issuperset(kwargs):
            field = next(f for f in kwargs if f not in fields)
            hint = self._unknown_hints.get(field) or did_you_mean(field, fields)
            raise self._error(origin, kwargs, field, f"unknown field for {self._what}{hint}")
        if not set(required).issubset(kwargs):
            name = next(n for n in required if n not in kwargs)
            raise self._error(origin, kwargs, name, f"is required for {self._what}")
        try:
            self.__attrs_init__(origin=origin, **kwargs)  # type: ignore[attr-defined]
        except _FieldProblem as exc:
            raise self._error(origin, kwargs, exc.field, str(exc)) from None
        except (TypeError, ValueError) as exc:
            field = _failing_converter(type(self), kwargs)
            raise self._error(origin, kwargs, field, str(exc) if field else
                              f"bad value: {exc}") from None
        found = problem(type(self), self, kwargs)
        if found is not None:
            raise self._error(origin, kwargs, *found)

    @classmethod
    def _error(cls, origin: Origin, kwargs: dict[str, Any], field: str | None,
               message: str) -> DefinitionError:
        """Name the step (gate, group) and the part of it the mistake is in."""
        kind, key, part = cls._kind, None, None
        ident = kwargs.get("key", kwargs.get("name"))
        if cls._kind is not None:
            key = ident if isinstance(ident, str) else None
        else:
            named = kwargs.get(cls._part_field()) if cls._part_field() else None
            part = cls._what + (f" {named!r}" if isinstance(named, str) else "")
            around = enclosing(origin, cls._call or cls.__name__) if cls._inside else None
            if around is not None:
                kind, key = around
        return DefinitionError(message, file=origin.file, line=origin.line, key=key,
                               field=field, kind=kind or "step", part=part)

    @classmethod
    def _part_field(cls) -> str | None:
        names = _field_names(cls)[0] if attrs.has(cls) else frozenset()
        return next((n for n in ("device", "key", "name") if n in names), None)


def _failing_converter(cls: type, kwargs: dict[str, Any]) -> str | None:
    """The field whose converter refuses its value (converters do not know their field)."""
    for attribute in attrs.fields(cls):
        if attribute.converter is None or attribute.name not in kwargs:
            continue
        try:
            attribute.converter(kwargs[attribute.name])  # type: ignore[operator]
        except (TypeError, ValueError):
            return attribute.name
    return None


_T = TypeVar("_T", bound=_Checked)


def replace(instance: _T, **changes: Any) -> _T:
    """`attrs.evolve` for values the engine derives from checked definitions (a
    step's group defaults, its AMD mirror): only the changed fields are converted,
    validated and type-checked, the rest were checked when `instance` was made. A
    mistake is named as in construction."""
    cls = type(instance)
    by_name = _attributes(cls)
    new = object.__new__(cls)
    for name in by_name:
        object.__setattr__(new, name, changes[name] if name in changes else
                           getattr(instance, name))
    for name in changes:
        problem_of = _changed_field_problem(new, by_name[name])
        if problem_of is not None:
            raise cls._error(new.origin, changes, name, problem_of)
    found = problem(cls, new, changes, only=frozenset(changes))
    if found is not None:
        raise cls._error(new.origin, changes, *found)
    return new


def _changed_field_problem(new: _Checked, attribute: attrs.Attribute) -> str | None:
    """Convert and validate one replaced field in place: None, or the complaint."""
    value = getattr(new, attribute.name)
    try:
        if attribute.converter is not None:
            value = attribute.converter(value)  # type: ignore[operator]
            object.__setattr__(new, attribute.name, value)
        if attribute.validator is not None:
            attribute.validator(new, attribute, value)
    except (TypeError, ValueError) as exc:
        return str(exc)
    return None


@functools.cache
def _attributes(cls: type) -> dict[str, attrs.Attribute]:
    return {a.name: a for a in attrs.fields(cls)}


@functools.cache
def _field_names(cls: type) -> tuple[frozenset[str], tuple[str, ...]]:
    """A definition class's field names, and the required ones in declaration order."""
    fields = [a for a in attrs.fields(cls) if a.name != "origin"]
    required = tuple(a.name for a in fields if a.default is attrs.NOTHING)
    return frozenset(a.name for a in fields), required


class _FieldProblem(ValueError):
    """A validator's complaint about one field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _named(validator: Any) -> Any:
    """Wrap an attrs validator so its complaint carries the field name. A field left at
    its plain default (the same object: `None`, `()`, `1`) is not checked again."""

    def check(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
        if value is attribute.default:
            return
        try:
            validator(instance, attribute, value)
        except (ValueError, TypeError) as exc:
            raise _FieldProblem(attribute.name, str(exc)) from None

    check.wrapped = validator  # type: ignore[attr-defined]
    return check
