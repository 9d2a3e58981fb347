"""`vllmci.values.frozen`: attrs' frozen classes, with shared `__eq__`, `__hash__` and
`__repr__` that mean what attrs' generated ones mean."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import vllmci
from vllmci.values import frozen


def _pair(**fields: Any) -> tuple[type, type]:
    """The same class made by `attrs.frozen` and by `frozen`."""
    made = []
    for decorate in (attrs.frozen, frozen):
        namespace = {name: field() for name, field in fields.items()}
        made.append(decorate(type("Thing", (), namespace)))
    return made[0], made[1]


def _fields() -> dict[str, Callable[[], Any]]:
    return {
        "key": lambda: attrs.field(),
        "count": lambda: attrs.field(default=1),
        "tags": lambda: attrs.field(factory=tuple, converter=tuple),
        "where": lambda: attrs.field(default="here", eq=False, repr=False),
    }


VALUES = [
    {"key": "a"},
    {"key": "a", "count": 2},
    {"key": "a", "tags": ["x", "y"]},
    {"key": "a", "where": "there"},
    {"key": ("nested", 1), "count": None},
    {"key": "b"},
]


@pytest.mark.parametrize("given", VALUES)
def test_repr_is_attrs_repr(given: dict[str, Any]) -> None:
    theirs, ours = _pair(**_fields())
    assert repr(ours(**given)) == repr(theirs(**given))


@pytest.mark.parametrize("one", VALUES)
@pytest.mark.parametrize("other", VALUES)
def test_equality_and_hash_are_attrs_own(one: dict[str, Any], other: dict[str, Any]) -> None:
    theirs, ours = _pair(**_fields())
    assert (ours(**one) == ours(**other)) is (theirs(**one) == theirs(**other))
    assert (ours(**one) != ours(**other)) is (theirs(**one) != theirs(**other))
    if ours(**one) == ours(**other):
        assert hash(ours(**one)) == hash(ours(**other))


def test_a_field_left_out_of_eq_is_left_out_of_hash_and_the_class_counts() -> None:
    _, ours = _pair(**_fields())
    _, twin = _pair(**_fields())
    assert ours(key="a", where="x") == ours(key="a", where="y")
    assert hash(ours(key="a", where="x")) == hash(ours(key="a", where="y"))
    assert ours(key="a") != twin(key="a")  # another class with the same fields
    assert ours(key="a").__eq__(twin(key="a")) is NotImplemented
    assert ours(key="a") != ("a", 1, ())
    assert {ours(key="a"), ours(key="a"), ours(key="b")} == {ours(key="a"), ours(key="b")}


def test_classes_without_fields_or_with_one() -> None:
    none_theirs, none_ours = _pair()
    assert repr(none_ours()) == repr(none_theirs()) == "Thing()"
    assert none_ours() == none_ours() and hash(none_ours()) == hash(none_ours())
    one_theirs, one_ours = _pair(key=lambda: attrs.field())
    assert repr(one_ours(key=1)) == repr(one_theirs(key=1))
    assert one_ours(key=1) == one_ours(key=1) != one_ours(key=2)


def test_options_pass_through_and_the_class_stays_frozen() -> None:
    @frozen(init=False)
    class Built:
        key: str

        def __init__(self, key: str) -> None:
            self.__attrs_init__(key=key.upper())  # type: ignore[attr-defined]

    made = Built("a")
    assert made.key == "A" and repr(made).endswith("Built(key='A')")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.key = "b"  # type: ignore[misc]
    assert not hasattr(made, "__dict__")  # slotted, as attrs.frozen makes it


def test_repr_of_a_nested_class_names_it_as_attrs_does() -> None:
    class Outer:
        @attrs.frozen
        class Theirs:
            key: str

        @frozen
        class Ours:
            key: str

    assert repr(Outer.Ours("k")).replace("Ours", "X") == repr(Outer.Theirs("k")).replace(
        "Theirs", "X")


def _engine_classes() -> list[type]:
    found = []
    for info in pkgutil.walk_packages(vllmci.__path__, "vllmci."):
        if info.name == "vllmci.__main__":
            continue
        module = importlib.import_module(info.name)
        found.extend(value for value in vars(module).values()
                     if isinstance(value, type) and attrs.has(value)
                     and value.__module__ == module.__name__)
    return found


def test_every_frozen_class_of_the_engine_is_made_by_frozen() -> None:
    """A class declared with `attrs.frozen` itself would compile its methods again."""
    classes = _engine_classes()
    frozen_ones = [c for c in classes if c.__setattr__.__name__ == "_frozen_setattrs"]
    assert len(frozen_ones) > 50
    compiled = [c.__qualname__ for c in frozen_ones
                if c.__repr__.__code__.co_filename.startswith("<attrs generated")
                or c.__eq__.__code__.co_filename.startswith("<attrs generated")]
    assert compiled == []
