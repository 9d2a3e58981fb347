"""Type checks of definition fields, derived from the classes' annotations.

Every field a definition sets is checked against its declared type when the
object is made (after its converter ran), so `soft_fail="yes"` or
`retry=[{"exit_status": 1}]` stop when the module loads, naming the field,
instead of crashing the builder or the upload later.
"""

from __future__ import annotations

import functools
import operator
import sys
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Literal, Union, get_args, get_origin

import attrs

from vllmci.values import frozen

Check = Callable[[Any], bool]


@frozen
class FieldType:
    """One field's check and how its type reads in a message."""

    name: str
    check: Check
    hint: Any
    default: Any = None
    """The field's plain default when it is of the declared type (the value an
    unset field holds, by identity: it needs no check), else `_NO_DEFAULT`."""

    @property
    def wanted(self) -> str:
        """How the type reads in a message (only a mistake needs it)."""
        return describe(self.hint)

    @property
    def item(self) -> type | None:
        """The class its items must be (`AutoRetry` for `retry`), for a hint."""
        return _item_class(self.hint)


_NO_DEFAULT = object()


@functools.cache
def field_types(cls: type) -> tuple[FieldType, ...]:
    hints = _hints(cls)
    return tuple(_field_type(a, hints[a.name])
                 for a in attrs.fields(cls) if a.name != "origin" and a.name in hints)


def _hints(cls: type) -> dict[str, Any]:
    """The fields' annotations, evaluated: `typing.get_type_hints(cls)` for them, each
    distinct text evaluated once per module (most fields share a few texts, and
    get_type_hints compiles each again, with every annotation of the bases)."""
    written: dict[str, tuple[types.ModuleType, Any]] = {}
    for klass in cls.__mro__:
        for name, text in vars(klass).get("__annotations__", {}).items():
            written.setdefault(name, (sys.modules[klass.__module__], text))
    try:
        hints = {a.name: _evaluated(*written[a.name])
                 for a in attrs.fields(cls) if a.name in written}
    except (NameError, AttributeError, TypeError, SyntaxError):
        return typing.get_type_hints(cls)  # a name only the class body knows
    if any(_quoted(hint) for hint in hints.values()):
        return typing.get_type_hints(cls)  # `Callable[["Job"], ...]`: typing resolves it
    return hints


def _quoted(hint: Any) -> bool:
    """A name left as text inside the type (a forward reference)."""
    if isinstance(hint, str | typing.ForwardRef):
        return True
    if get_origin(hint) is Literal:  # its strings are values
        return False
    if isinstance(hint, list | tuple):  # `Callable`'s parameters
        return any(_quoted(arg) for arg in hint)
    return any(_quoted(arg) for arg in get_args(hint) if not isinstance(arg, type))


@functools.cache
def _evaluated(module: types.ModuleType, text: Any) -> Any:
    """`text` as `module` reads it (keyed by the module object: definitions reloaded
    are a new module, whose names may be new classes)."""
    if not isinstance(text, str):
        return type(None) if text is None else text
    value = eval(text, vars(module))
    return type(None) if value is None else value


def _field_type(attribute: attrs.Attribute, hint: Any) -> FieldType:
    check = compile_check(hint)
    default = attribute.default
    plain = default is not attrs.NOTHING and not isinstance(default, attrs.Factory)  # type: ignore[arg-type]
    return FieldType(attribute.name, check, hint,
                     default if plain and check(default) else _NO_DEFAULT)


def problem(cls: type, instance: Any, given: Mapping[str, Any],
            only: frozenset[str] | None = None) -> tuple[str, str] | None:
    """The first field whose value is not of its declared type: (field, message).
    `only`: check just these fields (the others are known to be right)."""
    if only is not None:
        fields = [f for f in field_types(cls) if f.name in only]
        values: tuple[Any, ...] = tuple(getattr(instance, f.name) for f in fields)
    else:
        fields, values = list(field_types(cls)), _values_of(cls)(instance)
    for field, value in zip(fields, values, strict=True):
        if value is not field.default and not field.check(value):
            shown = given.get(field.name, value)
            return field.name, (f"must be {field.wanted}, got {show(shown)}"
                                + _hint(field, shown))
    return None


@functools.cache
def _values_of(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """Every checked field's value of an instance, in `field_types` order, in one call."""
    names = [f.name for f in field_types(cls)]
    if not names:
        return lambda instance: ()
    getter = operator.attrgetter(*names)
    return getter if len(names) > 1 else lambda instance: (getter(instance),)


def show(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _hint(field: FieldType, value: Any) -> str:
    """For a mapping where an object is expected: the constructor call to write."""
    items = value if isinstance(value, list | tuple) else [value]
    cls = field.item
    found = next((v for v in items if isinstance(v, Mapping)), None)
    if cls is None or found is None:
        return ""
    fields = {a.name for a in attrs.fields(cls)}
    if not set(found) <= fields:
        return f" (write {cls.__name__}(...) objects)"
    args = ", ".join(f"{k}={v!r}" for k, v in found.items())
    return f" (write {cls.__name__}({args}))"


def _item_class(hint: Any) -> type | None:
    for arg in _flatten(hint):
        if isinstance(arg, type) and attrs.has(arg):
            return arg
    return None


def _flatten(hint: Any) -> list[Any]:
    args = get_args(hint)
    if not args:
        return [hint]
    return [leaf for arg in args for leaf in _flatten(arg)]


def _is_union(origin: Any) -> bool:
    return origin is Union or origin is types.UnionType


def compile_check(hint: Any) -> Check:
    """A predicate for `hint`: bool is not an int, a list is not a tuple."""
    origin, args = get_origin(hint), get_args(hint)
    if hint is Any:
        return lambda value: True
    if hint is type(None) or hint is None:
        return lambda value: value is None
    if hint is bool:
        return lambda value: type(value) is bool
    if hint is int:
        return lambda value: isinstance(value, int) and type(value) is not bool
    if hint is float:
        return lambda value: isinstance(value, int | float) and type(value) is not bool
    if hint is str:
        return lambda value: isinstance(value, str)
    if origin is Literal:
        allowed = {(type(a), a) for a in args}
        return lambda value: (type(value), value) in allowed
    if _is_union(origin):
        return _union_check(args)
    if origin is tuple:
        return _tuple_check(args)
    if isinstance(hint, type) and getattr(hint, "_is_protocol", False):
        return callable
    if isinstance(hint, type):
        return lambda value: isinstance(value, hint)
    return lambda value: True


def _union_check(args: tuple[Any, ...]) -> Check:
    others = [a for a in args if a is not type(None)]
    if len(others) == 1 and len(args) == 2:  # `X | None`, the commonest union
        check = compile_check(others[0])
        return lambda value: value is None or check(value)
    checks = tuple(compile_check(a) for a in args)
    return lambda value: any(check(value) for check in checks)


def _tuple_check(args: tuple[Any, ...]) -> Check:
    if len(args) == 2 and args[1] is Ellipsis and args[0] is str:  # the commonest field
        return _strings_check
    if len(args) == 2 and args[1] is Ellipsis and args[0] == tuple[str, str]:
        return _pairs_check  # env, agents
    if len(args) == 2 and args[1] is Ellipsis:
        each = compile_check(args[0])
        return lambda value: isinstance(value, tuple) and all(each(v) for v in value)
    checks = tuple(compile_check(a) for a in args)
    return lambda value: (isinstance(value, tuple) and len(value) == len(checks)
                          and all(c(v) for c, v in zip(checks, value, strict=True)))


_JUST_STR = frozenset({str})


def _strings_check(value: Any) -> bool:
    """tuple[str, ...]. Exact types first, in C (`map`, a set); a subclass of str or
    tuple takes the slow way, to the same answer."""
    if type(value) is tuple and (not value or _JUST_STR.issuperset(map(type, value))):
        return True
    return isinstance(value, tuple) and all(isinstance(v, str) for v in value)


def _pairs_check(value: Any) -> bool:
    """tuple[tuple[str, str], ...]: exact types first, as `_strings_check`."""
    if type(value) is tuple and all(type(pair) is tuple and len(pair) == 2
                                    and type(pair[0]) is str and type(pair[1]) is str
                                    for pair in value):
        return True
    return isinstance(value, tuple) and all(
        isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str)
        and isinstance(pair[1], str) for pair in value)


_NAMES = {str: ("a string", "strings"), int: ("a whole number", "whole numbers"),
          float: ("a number", "numbers"), bool: ("True or False", "True or False")}


def describe(hint: Any, plural: bool = False) -> str:
    """How a type reads in a message: `a list of strings`, `True or False`."""
    origin, args = get_origin(hint), get_args(hint)
    if hint in _NAMES:
        return _NAMES[hint][plural]
    if hint is type(None) or hint is None:
        return "None"
    if origin is Literal:
        return " or ".join(repr(a) for a in args)
    if _is_union(origin):
        shown = [part for a in args if a is not type(None)
                 for part in (("True", "False") if a is bool else (describe(a, plural),))]
        if type(None) in args:
            shown.append("None")
        return ", ".join(shown[:-1]) + " or " + shown[-1] if len(shown) > 1 else shown[0]
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        inner = args[0]
        if get_origin(inner) is tuple and len(get_args(inner)) == 2:
            key, value = get_args(inner)
            return f"a mapping of {describe(key, True)} to {describe(value, True)}"
        return f"a list of {describe(inner, True)}"
    if origin is tuple:
        return "a tuple"
    if isinstance(hint, type) and getattr(hint, "_is_protocol", False):
        return "functions" if plural else "a function"
    if isinstance(hint, type):
        return f"{hint.__name__}(...) objects" if plural else f"a {hint.__name__}(...)"
    return str(hint)
