"""The value classes of every stage: `attrs.frozen`, with shared methods for the rest.

For each class, attrs writes the source of `__repr__`, `__eq__` and `__hash__` and
compiles it when the class is made. vllmci makes about a hundred such classes when it
starts, and that compiling was the largest part of its import (about 14 ms of every
plan). `frozen` lets attrs make the class (its fields, converters, validators, slots,
`__init__`, immutability) and gives it these three methods made from its fields instead,
with attrs' meaning:

- `__eq__`: the same class, and equal values of every field compared (`eq=True`,
  the default); anything else is `NotImplemented` (so `!=` is its negation);
- `__hash__`: a hash of the class and of the same fields' values;
- `__repr__`: `Name(field=value!r, ...)` of every field shown (`repr=True`).

`tests/test_values.py` holds them to what attrs itself generates.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

_C = TypeVar("_C", bound=type)


def frozen(maybe_cls: _C | None = None, /, **options: Any) -> Any:
    """`@frozen` or `@frozen(init=False, ...)`: `attrs.frozen` with `options`."""

    def make(cls: _C) -> _C:
        made = attrs.frozen(cls, repr=False, eq=False, **options)
        _give_methods(made)
        return made  # type: ignore[no-any-return]

    return make if maybe_cls is None else make(maybe_cls)


def _give_methods(cls: type) -> None:
    fields = attrs.fields(cls)
    values = _getter(tuple(a.name for a in fields if a.eq))
    shown = tuple(a.name for a in fields if a.repr)
    salt = hash(f"{cls.__module__}.{cls.__qualname__}")

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return values(self) == values(other)

    def __hash__(self: Any) -> int:
        return hash((salt, values(self)))

    def __repr__(self: Any) -> str:
        name = self.__class__.__qualname__.rsplit(">.", 1)[-1]
        return f"{name}({', '.join(f'{n}={getattr(self, n)!r}' for n in shown)})"

    for method in (__eq__, __hash__, __repr__):
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
        setattr(cls, method.__name__, method)


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The values of `names`, as one tuple, in one call."""
    if not names:
        return lambda instance: ()
    if len(names) == 1:
        only = operator.attrgetter(names[0])
        return lambda instance: (only(instance),)
    return operator.attrgetter(*names)
