"""Walking an emitted document: the one place that knows its shape.

A document is `{"env"?, "steps": [...]}`; a step is an object, and a group's
`steps` hold more steps (one level deep). Rendering, validation and the secret
rules all read documents through these functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

Document = dict[str, Any]
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
UNESCAPED = re.compile(rf"(?<!\$)(?:\$\$)*\$(?!\$)(?P<body>\{{[^}}]*\}}|{_NAME})?")
"""A `$` the agent interpolates at upload time (not part of a `$$` pair), with
what follows it: `{...}` or a bare name, when there is one."""
_BRACED_NAME = re.compile(rf"\{{({_NAME})")


def as_list(value: Any) -> list[Any]:
    """A list of steps (or dependencies); anything else is the schema's to report."""
    return value if isinstance(value, list) else []


def inner(step: Any) -> list[Any]:
    """A group's steps (nothing for any other step)."""
    return as_list(step.get("steps")) if isinstance(step, dict) else []


def steps_of(document: Document) -> Iterator[tuple[Any, str | None]]:
    """Every step, with the label of the group holding it (None at top level)."""
    for step in as_list(document.get("steps")):
        yield step, None
        if isinstance(step, dict) and "group" in step:
            for each in inner(step):
                yield each, step["group"]


def step_name(step: Any) -> str:
    """How messages name a step: its key, label, group or block label."""
    if not isinstance(step, dict):
        return repr(step)
    for field in ("key", "label", "group", "block"):
        if isinstance(step.get(field), str) and step[field]:
            return str(step[field])
    return "?"


def depends_on(step: Any) -> list[str]:
    """The keys a step waits for (`"key"`, `{"step": key}` or a list of either)."""
    raw = step.get("depends_on") if isinstance(step, dict) else None
    items = [raw] if isinstance(raw, (str, dict)) else as_list(raw)
    deps = [d.get("step") if isinstance(d, dict) else d for d in items]
    return [d for d in deps if isinstance(d, str)]


def keys_in(step: Any) -> set[str]:
    """The step's key and, for a group, its steps' keys."""
    if not isinstance(step, dict):
        return set()
    keys = {step["key"]} if isinstance(step.get("key"), str) else set()
    return keys.union(*(keys_in(s) for s in inner(step)))


def strings_in(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string inside a document, with its path (`steps/0/commands/1`)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings_in(v, f"{path}/{k}" if path else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from strings_in(v, f"{path}/{i}" if path else str(i))


def dollar_strings(document: Document) -> list[tuple[str, str]]:
    """The (path, text) pairs of a document whose text holds a `$` the agent interpolates
    (`UNESCAPED`): the only ones the interpolation and secret rules need to read.

    The same pairs, in the same order, as `strings_in` filtered by `interpolates`, but a
    path is only written for such a string: most of a pipeline's strings hold no `$`, or
    only escaped `$$`.
    """
    found: list[tuple[str, str]] = []
    if isinstance(document, str):
        return [("", document)] if interpolates(document) else found
    if isinstance(document, (dict, list)):
        _collect(document, [], found)
    return found


def interpolates(text: str) -> bool:
    """Whether the agent interpolates anything in `text`: some run of `$` has an odd
    length, the one thing `UNESCAPED` matches (`$$` pairs, removed, leave its last `$`)."""
    return "$" in text and "$" in text.replace("$$", "")


def _collect(value: Any, parts: list[Any], found: list[tuple[str, str]]) -> None:
    """`parts`: the keys down to `value`; a path is only written for a string found."""
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        if isinstance(item, str):
            if "$" in item and "$" in item.replace("$$", ""):
                found.append(("/".join(map(str, (*parts, key))), item))
        elif isinstance(item, (dict, list)):
            parts.append(key)
            _collect(item, parts, found)
            parts.pop()


def upload_time_names(text: str) -> Iterator[str]:
    """The variables the agent fills in at upload time in `text`."""
    for match in UNESCAPED.finditer(text):
        body = match.group("body") or ""
        named = _BRACED_NAME.match(body) if body.startswith("{") else None
        if named:
            yield named.group(1)
        elif body and not body.startswith("{"):
            yield body
