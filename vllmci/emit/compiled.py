"""Buildkite's JSON schema compiled into Python checks: one check per schema node,
with jsonschema's Draft 7 meaning of each keyword it implements. A schema using a
keyword it does not implement raises `Unsupported`, and validation falls back to
jsonschema: the compiled check is never looser, only faster (about 6 ms for 600
steps against about 200 ms). `vllmci.emit.validate` reports problems through
jsonschema, so messages stay the same.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import unquote

# --- the schema, compiled ------------------------------------------------------------------
#
# jsonschema walks the schema for every instance: a lookup, an `evolve` and a generator per
# keyword, about 0.4 ms a step. Compiled, each schema node becomes one Python function that
# only answers "valid?", with jsonschema's Draft 7 meaning of each keyword (`$ref` hides
# its siblings; `integer` takes 1.0, never True; `enum` tells True from 1; `format` is not
# asserted, as Draft7Validator without a format checker does). A keyword it does not
# implement makes the compile fail and validation use jsonschema: never a looser check.
# A document it refuses goes to jsonschema, whose messages the problems quote.

Check = Callable[[Any], bool]

DRAFT7_KEYWORDS = frozenset({
    "$ref", "additionalItems", "additionalProperties", "allOf", "anyOf", "const", "contains",
    "dependencies", "enum", "exclusiveMaximum", "exclusiveMinimum", "format", "if", "items",
    "maxItems", "maxLength", "maxProperties", "maximum", "minItems", "minLength",
    "minProperties", "minimum", "multipleOf", "not", "oneOf", "pattern", "patternProperties",
    "properties", "propertyNames", "required", "type", "uniqueItems"})
COMPILED_KEYWORDS = DRAFT7_KEYWORDS - {
    "additionalItems", "contains", "dependencies", "if", "multipleOf"}
"""What the compiler implements; the rest fall back to jsonschema (Buildkite's schema uses
none of them). Keys that are no Draft 7 keyword (`description`, ...) mean nothing."""


class Unsupported(Exception):
    """The schema needs what the compiler does not implement."""


def _accept(_: Any) -> bool:
    return True


def _reject(_: Any) -> bool:
    return False


def _is_integer(x: Any) -> bool:
    return (isinstance(x, int) and not isinstance(x, bool)) or (
        isinstance(x, float) and x.is_integer())


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Number) and not isinstance(x, bool)


TYPES: dict[str, Check] = {
    "array": lambda x: isinstance(x, list),
    "boolean": lambda x: isinstance(x, bool),
    "integer": _is_integer,
    "null": lambda x: x is None,
    "number": _is_number,
    "object": lambda x: isinstance(x, dict),
    "string": lambda x: isinstance(x, str),
}


def _equal(one: Any, two: Any) -> bool:
    """jsonschema's equality: True is not 1, and it holds inside lists and objects."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(map(_equal, one, two))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(
            key in two and _equal(value, two[key]) for key, value in one.items())
    return bool(_unbool(one) == _unbool(two))


_TRUE, _FALSE = object(), object()


def _unbool(value: Any) -> Any:
    return _TRUE if value is True else _FALSE if value is False else value


def _unique(items: list[Any]) -> bool:
    seen: list[Any] = []
    for item in items:
        if any(_equal(item, earlier) for earlier in seen):
            return False
        seen.append(item)
    return True


def _all_of(checks: list[Check]) -> Check:
    if not checks:
        return _accept
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda x: first(x) and second(x)

    def every(x: Any) -> bool:
        for check in checks:  # noqa: SIM110 (a loop makes no generator: checks run hot)
            if not check(x):
                return False
        return True

    return every



def _plain_object(props: dict[str, Check], closed: bool, extra_check: Check | None,
                  required: list[str]) -> Check:
    """`_object`'s check for the commonest node (a step: properties, additional ones
    closed or checked, required keys), without the loops it does not need."""

    def check(x: Any) -> bool:
        if not isinstance(x, dict):
            return True
        for key, value in x.items():
            known = props.get(key)
            if known is not None:
                if not known(value):
                    return False
            elif closed or (extra_check is not None and not extra_check(value)):
                return False
        for key in required:  # noqa: SIM110 (a loop makes no generator: checks run hot)
            if key not in x:
                return False
        return True

    return check

class Compiler:
    """Turns schema nodes into checks, each `$ref` target once."""

    def __init__(self, root: Any) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}
        self.building: set[str] = set()

    def pointer(self, ref: str) -> Check:
        if ref in self.refs:
            return self.refs[ref]
        if ref in self.building:  # a cycle: look the finished check up when called
            return lambda x: self.refs[ref](x)
        self.building.add(ref)
        try:
            check = self.node(self._resolve(ref))
        finally:
            self.building.discard(ref)
        self.refs[ref] = check
        return check

    def _resolve(self, ref: str) -> Any:
        if not ref.startswith("#") or (ref != "#" and not ref.startswith("#/")):
            raise Unsupported(f"$ref {ref!r}: only this schema's own pointers")
        target = self.root
        for part in ref[2:].split("/") if ref != "#" else []:
            part = unquote(part).replace("~1", "/").replace("~0", "~")
            try:
                target = target[int(part)] if isinstance(target, list) else target[part]
            except (KeyError, IndexError, ValueError, TypeError):
                raise Unsupported(f"$ref {ref!r} points nowhere") from None
        return target

    def node(self, node: Any) -> Check:
        if node is True:
            return _accept
        if node is False:
            return _reject
        if not isinstance(node, dict):
            raise Unsupported(f"schema {node!r}")
        if "$id" in node:
            raise Unsupported("$id changes what $ref points at")
        if "$ref" in node:  # Draft 7: siblings of $ref are ignored
            return self.pointer(node["$ref"])
        lacking = (node.keys() & DRAFT7_KEYWORDS) - COMPILED_KEYWORDS
        if lacking:
            raise Unsupported(", ".join(sorted(lacking)))
        checks = [c for c in (self._type(node), self._enum(node), self._object(node),
                              self._array(node), self._string(node), self._number(node))
                  if c is not None]
        checks += self._combinators(node)
        return _all_of(checks)

    def _type(self, node: dict[str, Any]) -> Check | None:
        if "type" not in node:
            return None
        names = [node["type"]] if isinstance(node["type"], str) else node["type"]
        if not isinstance(names, list) or any(n not in TYPES for n in names):
            raise Unsupported(f"type {node['type']!r}")
        tests = [TYPES[n] for n in names]
        if len(tests) == 1:
            return tests[0]
        return lambda x: any(test(x) for test in tests)

    def _enum(self, node: dict[str, Any]) -> Check | None:
        checks = []
        if "const" in node:
            const = node["const"]
            checks.append(lambda x: _equal(x, const))
        if "enum" in node:
            values = list(node["enum"])
            strings = frozenset(v for v in values if isinstance(v, str))
            others = [v for v in values if not isinstance(v, str)]

            def member(x: Any) -> bool:
                if isinstance(x, str):  # a string equals only the same string
                    return x in strings
                return any(_equal(v, x) for v in others)

            checks.append(member)
        return _all_of(checks) if checks else None

    def _combinators(self, node: dict[str, Any]) -> list[Check]:
        checks = []
        if "allOf" in node:
            checks.append(_all_of([self.node(n) for n in node["allOf"]]))
        if "anyOf" in node:
            options = [self.node(n) for n in node["anyOf"]]

            def any_of(x: Any) -> bool:
                for option in options:  # noqa: SIM110 (no generator per call)
                    if option(x):
                        return True
                return False

            checks.append(any_of)
        if "oneOf" in node:
            choices = [self.node(n) for n in node["oneOf"]]

            def one_of(x: Any) -> bool:
                valid = 0
                for choice in choices:
                    if choice(x):
                        valid += 1
                return valid == 1

            checks.append(one_of)
        if "not" in node:
            negated = self.node(node["not"])
            checks.append(lambda x: not negated(x))
        return checks

    def _object(self, node: dict[str, Any]) -> Check | None:
        keywords = ("properties", "additionalProperties", "patternProperties", "required",
                    "propertyNames", "maxProperties", "minProperties")
        if not any(k in node for k in keywords):
            return None
        props = {k: self.node(v) for k, v in node.get("properties", {}).items()}
        patterns = [(re.compile(p), self.node(v))
                    for p, v in node.get("patternProperties", {}).items()]
        joined = re.compile("|".join(node["patternProperties"])) if patterns else None
        extra = node.get("additionalProperties", True)
        if not isinstance(extra, (bool, dict)):
            raise Unsupported(f"additionalProperties {extra!r}")
        extra_check = self.node(extra) if isinstance(extra, dict) else None
        closed = extra is False
        required = list(node.get("required", ()))
        names = self.node(node["propertyNames"]) if "propertyNames" in node else None
        most, least = node.get("maxProperties"), node.get("minProperties")
        if not patterns and names is None and most is None and least is None:
            return _plain_object(props, closed, extra_check, required)

        def check(x: Any) -> bool:
            if not isinstance(x, dict):
                return True
            for key, value in x.items():
                known = props.get(key)
                if known is not None:
                    if not known(value):
                        return False
                elif not (joined is not None and joined.search(key)) and (
                        closed or (extra_check is not None and not extra_check(value))):
                    return False
                for pattern, matching in patterns:
                    if pattern.search(key) and not matching(value):
                        return False
                if names is not None and not names(key):
                    return False
            return (all(k in x for k in required)
                    and (most is None or len(x) <= most)
                    and (least is None or len(x) >= least))

        return check

    def _array(self, node: dict[str, Any]) -> Check | None:
        if not any(k in node for k in ("items", "minItems", "maxItems", "uniqueItems")):
            return None
        items = node.get("items", True)
        each = None if isinstance(items, list) or items is True else self.node(items)
        by_position = [self.node(n) for n in items] if isinstance(items, list) else None
        least, most = node.get("minItems"), node.get("maxItems")
        unique = bool(node.get("uniqueItems"))

        def check(x: Any) -> bool:
            if not isinstance(x, list):
                return True
            if (least is not None and len(x) < least) or (most is not None and len(x) > most):
                return False
            if each is not None:
                for item in x:
                    if not each(item):
                        return False
            if by_position is not None:
                for item, position in zip(x, by_position, strict=False):
                    if not position(item):
                        return False
            return not unique or _unique(x)

        return check

    def _string(self, node: dict[str, Any]) -> Check | None:
        if not any(k in node for k in ("pattern", "minLength", "maxLength")):
            return None
        search = re.compile(node["pattern"]).search if "pattern" in node else None
        least, most = node.get("minLength"), node.get("maxLength")

        def check(x: Any) -> bool:
            if not isinstance(x, str):
                return True
            return ((least is None or len(x) >= least) and (most is None or len(x) <= most)
                    and (search is None or search(x) is not None))

        return check

    def _number(self, node: dict[str, Any]) -> Check | None:
        bounds = [(node[k], k) for k in ("minimum", "maximum", "exclusiveMinimum",
                                         "exclusiveMaximum") if k in node]
        if not bounds:
            return None
        tests = {"minimum": lambda x, b: x >= b, "maximum": lambda x, b: x <= b,
                 "exclusiveMinimum": lambda x, b: x > b, "exclusiveMaximum": lambda x, b: x < b}
        pairs = [(tests[k], bound) for bound, k in bounds]
        return lambda x: not _is_number(x) or all(test(x, b) for test, b in pairs)


