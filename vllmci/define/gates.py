"""Gates: the steps of a pipeline that wait for a person.

A `Gate` is a Buildkite block step: the build waits there until someone clicks
it. An `Input` is an input step: someone fills in its fields, and Buildkite
stores each value as build meta-data under the field's key
(`buildkite-agent meta-data get <key>`). Both sit in a `Group` beside `Step`s;
whatever depends on one starts only after the click.

A step marked `publishes=True` must wait for a gate (see `vllmci.catalog.gates`).
Gates may be left out of nightly builds only (`skip_in=("nightly",)`), where
vLLM publishes its nightly artifacts automatically.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar, Literal

import attrs

from vllmci.define.fields import (
    BuildKind,
    _build_kinds,
    _Checked,
    _FieldProblem,
    _items,
    _named,
    _optional_strings,
    _strings,
)
from vllmci.define.origin import Origin
from vllmci.define.typecheck import show
from vllmci.values import frozen

GateKind = Literal["block", "input"]
SKIPPABLE_IN: tuple[str, ...] = ("nightly",)
FIELD_KEY = re.compile(r"^[a-zA-Z0-9_-]+$")


def _text(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be non-empty text, got {value!r}")


def _optional_text(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if value is not None:
        _text(instance, attribute, value)


def _field_key(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if not isinstance(value, str) or not FIELD_KEY.match(value):
        raise ValueError(f"{value!r} is not a meta-data key (letters, digits, _ and -)")


def _by_kind(value: Mapping[str, str] | Any) -> tuple[tuple[str, str], ...]:
    if isinstance(value, Mapping):
        return tuple((str(k), v) for k, v in value.items())
    if isinstance(value, list | tuple) and all(
            isinstance(i, list | tuple) and len(i) == 2 for i in value):
        return tuple((str(k), v) for k, v in value)
    raise ValueError(f"must be a mapping of build kind to prompt, got {show(value)}")


def _prompt_kinds(instance: Any, attribute: attrs.Attribute, value: tuple) -> None:
    _build_kinds(instance, attribute, tuple(kind for kind, _ in value))
    for kind, text in value:
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"the prompt for {kind!r} builds must be non-empty text")


def _only_nightly(instance: Any, attribute: attrs.Attribute, value: tuple) -> None:
    _build_kinds(instance, attribute, value)
    others = [kind for kind in value if kind not in SKIPPABLE_IN]
    if others:
        raise ValueError(
            f"a gate can only be left out of nightly builds, not {', '.join(others)}: "
            "what it guards would start there without a click")


def _fields(instance: Any, attribute: attrs.Attribute, value: tuple) -> None:
    keys = []
    for item in value:
        if not isinstance(item, TextField):
            raise _FieldProblem("fields", f"must hold TextField objects, got "
                                f"{type(item).__name__}")
        keys.append(item.key)
    duplicate = next((k for k in keys if keys.count(k) > 1), None)
    if duplicate:
        raise _FieldProblem("fields", f"two fields store meta-data {duplicate!r}")


def _some_fields(instance: Any, attribute: attrs.Attribute, value: tuple) -> None:
    if not value:
        raise _FieldProblem("fields", "an input asks for at least one field")
    _fields(instance, attribute, value)


@frozen(init=False)
class TextField(_Checked):
    """A text box of a gate or input; the answer is build meta-data `key`."""

    _what = "text field"
    _inside = "Gate"
    key: str = attrs.field(validator=_named(_field_key))
    text: str = attrs.field(validator=_named(_text))
    hint: str | None = attrs.field(default=None, validator=_named(_optional_text))
    required: bool = True
    default: str | None = None
    format: str | None = None
    origin: Origin = attrs.field(factory=Origin, eq=False, repr=False)


@frozen(init=False)
class Gate(_Checked):
    """A block step: the build waits here until someone clicks it.

    `prompt` is shown when clicking; `prompt_in` replaces it in some kinds of
    build (`{"tag": "..."}`). `skip_in=("nightly",)` leaves the gate out of
    nightly builds, and what waits for it runs without a click there.
    `depends_on` defaults to the group's; `allow_failure_of` names dependencies
    whose failure does not hold the gate back.
    """

    _what = "gate"
    _kind = "gate"
    key: str = attrs.field(validator=_named(attrs.validators.instance_of(str)))
    label: str = attrs.field(validator=_named(_text))
    prompt: str | None = attrs.field(default=None, validator=_named(_optional_text))
    prompt_in: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_by_kind, validator=_named(_prompt_kinds))
    fields: tuple[TextField, ...] = attrs.field(default=(), converter=_items, validator=_fields)
    depends_on: tuple[str, ...] | None = attrs.field(default=None, converter=_optional_strings)
    allow_failure_of: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    skip_in: tuple[BuildKind, ...] = attrs.field(
        default=(), converter=_strings, validator=_named(_only_nightly))
    origin: Origin = attrs.field(factory=Origin, eq=False, repr=False)

    kind: ClassVar[GateKind] = "block"

    def prompt_for(self, kinds: frozenset[str]) -> str | None:
        """The prompt in a build of these kinds."""
        return next((text for kind, text in self.prompt_in if kind in kinds), self.prompt)


@frozen(init=False)
class Input(_Checked):
    """An input step: the build waits until someone fills in `fields`; each answer
    is stored as build meta-data under the field's key."""

    _what = "input"
    _kind = "input"
    key: str = attrs.field(validator=_named(attrs.validators.instance_of(str)))
    label: str = attrs.field(validator=_named(_text))
    fields: tuple[TextField, ...] = attrs.field(converter=_items, validator=_some_fields)
    prompt: str | None = attrs.field(default=None, validator=_named(_optional_text))
    depends_on: tuple[str, ...] | None = attrs.field(default=None, converter=_optional_strings)
    allow_failure_of: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    skip_in: tuple[BuildKind, ...] = attrs.field(
        default=(), converter=_strings, validator=_named(_only_nightly))
    origin: Origin = attrs.field(factory=Origin, eq=False, repr=False)

    kind: ClassVar[GateKind] = "input"

    def prompt_for(self, kinds: frozenset[str]) -> str | None:
        return self.prompt


AnyGate = Gate | Input
