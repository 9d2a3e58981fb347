"""Definition objects: mistakes are caught at construction, naming file, line, key, field."""

from __future__ import annotations

import types
import typing
from typing import Any

import attrs
import pytest

from vllmci.define.step import AmdMirror, AutoRetry, Group, RunAll, Step
from vllmci.define.typecheck import compile_check
from vllmci.errors import DefinitionError

GOOD = {"key": "lora", "label": "LoRA", "commands": ["pytest lora"]}


def _error(**changes: object) -> DefinitionError:
    with pytest.raises(DefinitionError) as info:
        Step(**{**GOOD, **changes})
    return info.value


@pytest.mark.parametrize(("changes", "field", "text"), [
    ({"commands": []}, "commands", "at least one"),
    ({"commands": ["  "]}, "commands", "at least one"),
    ({"parallelism": 0}, "parallelism", ">= 1"),
    ({"num_devices": -2}, "num_devices", ">= 1"),
    ({"timeout": 0}, "timeout", ">= 1"),
    ({"paralelism": 2}, "paralelism", "did you mean 'parallelism'"),
    ({"only_in": ["prs"]}, "only_in", "did you mean 'pr'"),
    ({"paths": ["vllm", ""]}, "paths", "non-empty strings"),
], ids=["no-commands", "blank-command", "parallelism-0", "devices-negative", "timeout-0",
        "unknown-field", "bad-build-kind", "empty-path"])
def test_bad_field_names_key_field_file_and_line(changes: dict, field: str, text: str) -> None:
    error = _error(**changes)
    assert error.key == "lora"
    assert error.field == field
    assert text in str(error)
    assert error.file == __file__
    assert error.line and error.line > 0


def test_missing_required_field_is_named() -> None:
    with pytest.raises(DefinitionError, match="field 'label': is required"):
        Step(key="x", commands=["true"])


def test_converters_normalise_to_tuples() -> None:
    step = Step(**GOOD, paths="vllm/lora", env={"A": 1, "B": True})
    assert step.paths == ("vllm/lora",)
    assert step.commands == ("pytest lora",)
    assert step.env == (("A", "1"), ("B", "1"))


def test_steps_are_frozen_and_evolve_keeps_validation() -> None:
    step = Step(**GOOD)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        step.key = "other"  # type: ignore[misc]
    with pytest.raises(DefinitionError, match="parallelism"):
        attrs.evolve(step, parallelism=0)


def test_origin_points_at_the_constructor_call() -> None:
    step = Step(**GOOD)
    assert step.origin.file == __file__


def test_group_refuses_non_steps() -> None:
    with pytest.raises(DefinitionError, match="field 'steps'"):
        Group(name="G", steps=[{"key": "x"}])


def test_mirror_and_run_all_validate_too() -> None:
    with pytest.raises(DefinitionError, match="AMD mirror"):
        AmdMirror(device="mi300_1", timout=3)
    assert RunAll(patterns="setup.py").patterns == ("setup.py",)
    assert AutoRetry(-1, 2).limit == 2


class _Text(str):
    pass


class _Row(tuple):  # type: ignore[type-arg]
    pass


TYPED_VALUES = [(), ("a",), ("a", 1), ["a"], (_Text("a"),), _Row(("a",)), "a", None,
                (("k", "v"),), (("k", "v", "x"),), (("k", 1),), ((_Text("k"), "v"),),
                _Row((("k", "v"),)), (["k", "v"],), 0, True]


@pytest.mark.parametrize("hint", [tuple[str, ...], tuple[str, ...] | None,
                                  tuple[tuple[str, str], ...], str | None, int | None])
@pytest.mark.parametrize("value", TYPED_VALUES, ids=repr)
def test_a_fast_type_check_answers_as_isinstance_does(hint: Any, value: Any) -> None:
    """The exact-type fast paths of `compile_check` say what `isinstance` says,
    subclasses of str and tuple included (bool is still no int)."""

    def expected(hint: Any, value: Any) -> bool:
        args = typing.get_args(hint)
        if isinstance(hint, types.UnionType):
            return any(expected(a, value) for a in args)
        if hint is type(None):
            return value is None
        if hint is int:
            return isinstance(value, int) and not isinstance(value, bool)
        if typing.get_origin(hint) is tuple and args[-1] is Ellipsis:
            return isinstance(value, tuple) and all(expected(args[0], v) for v in value)
        if typing.get_origin(hint) is tuple:
            return (isinstance(value, tuple) and len(value) == len(args)
                    and all(expected(a, v) for a, v in zip(args, value, strict=True)))
        return isinstance(value, hint)

    assert compile_check(hint)(value) == expected(hint, value)


def _definition_classes() -> list[type]:
    from vllmci.define import fields, gates, hardware, parts, runners, step

    found = {v for m in (step, gates, hardware, parts, runners) for v in vars(m).values()
             if isinstance(v, type) and attrs.has(v) and issubclass(v, fields._Checked)}
    return sorted(found, key=lambda c: c.__qualname__)


def _wrapped(validator: Any) -> list[Any]:
    """The validators `fields._named` wrapped, inside attrs' `and_` too."""
    inner = getattr(validator, "_validators", (validator,))
    return [v.wrapped for v in inner if hasattr(v, "wrapped")]


@pytest.mark.parametrize("cls", _definition_classes(), ids=lambda c: c.__qualname__)
def test_every_plain_default_passes_its_validator(cls: type) -> None:
    """A field left at its default is not validated again (`fields._named`): so each
    default must be valid, as if someone had written it."""
    instance = object.__new__(cls)
    for attribute in attrs.fields(cls):
        if not isinstance(attribute.default, attrs.Factory):  # type: ignore[arg-type]
            object.__setattr__(instance, attribute.name, attribute.default)
    checked = 0
    for attribute in attrs.fields(cls):
        default = attribute.default
        if default is attrs.NOTHING or isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            continue
        for validator in _wrapped(attribute.validator):
            validator(instance, attribute, default)  # raises if the default is wrong
            checked += 1
    assert checked or not any(_wrapped(a.validator) and a.default is not attrs.NOTHING
                              for a in attrs.fields(cls))


def test_a_wrong_default_would_be_found() -> None:
    from vllmci.define.fields import _named, _positive

    @attrs.frozen
    class Broken:
        count: int = attrs.field(default=0, validator=_named(_positive))

    attribute = attrs.fields(Broken).count
    with pytest.raises(ValueError, match=">= 1"):
        for validator in _wrapped(attribute.validator):
            validator(None, attribute, attribute.default)


@pytest.mark.parametrize("cls", _definition_classes(), ids=lambda c: c.__qualname__)
def test_field_types_read_the_annotations_as_typing_does(cls: type) -> None:
    """`typecheck` evaluates each annotation's text once per module: the types it
    checks against are `typing.get_type_hints`' own."""
    from vllmci.define.typecheck import _hints, field_types

    hints = typing.get_type_hints(cls)
    assert _hints(cls).items() <= hints.items()
    assert [(f.name, f.hint) for f in field_types(cls)] == [
        (a.name, hints[a.name]) for a in attrs.fields(cls) if a.name != "origin"]


def test_a_forward_reference_inside_a_type_is_resolved_by_typing() -> None:
    from vllmci.define.typecheck import _quoted

    assert _quoted(typing.Callable[["Step"], str] | None)
    assert not _quoted(tuple[typing.Literal["pr", "branch"], ...])
    assert not _quoted(tuple[tuple[str, str], ...] | None)
