"""Stage 7: validate. The generated documents against Buildkite's schema and rules
the schema misses: unique keys, existing dependencies, type keys, the job limit,
concurrency groups, key shape, upload-time interpolation and literal secrets
(`vllmci.emit.secrets`).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from importlib import resources
from typing import Any

from vllmci.catalog.rules import KEY_PATTERN, MAX_KEY_LENGTH, UUID_SHAPE
from vllmci.emit.compiled import Check, Compiler, Unsupported
from vllmci.emit.render import MAX_JOBS_PER_UPLOAD, jobs_of
from vllmci.emit.secrets import secret_problems
from vllmci.emit.walk import (
    UNESCAPED,
    Document,
    as_list,
    depends_on,
    dollar_strings,
    step_name,
    steps_of,
)
from vllmci.errors import ValidationError

TYPE_KEYS = ("command", "commands", "wait", "block", "input", "trigger", "group")
FORBIDDEN = ("signature", "if_changed")
# A `$` the agent would interpolate: not part of a `$$` pair.
# `${#VAR}` (length) and `${VAR:?msg}` / `${VAR?msg}` (required) fail the upload.
_REJECTED_FORMS = re.compile(r"^\{(#|[A-Za-z_][A-Za-z0-9_]*:?\?)")


@functools.lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    text = resources.files("buildkite_sdk").joinpath("schema.json").read_text()
    return json.loads(text)


@functools.lru_cache(maxsize=1)
def _schema_validator() -> Any:
    """jsonschema's validator of the whole schema: what the messages come from."""
    import jsonschema  # only when a document fails the compiled check

    return jsonschema.Draft7Validator(_schema())


@functools.cache
def _definition_validator(name: str) -> Any:
    import jsonschema

    schema = _schema()
    return jsonschema.Draft7Validator({"$ref": f"#/definitions/{name}",
                                       "definitions": schema["definitions"]})


STEP_DEFINITIONS = (("group", "groupStep"), ("commands", "commandStep"),
                    ("command", "commandStep"), ("block", "blockStep"),
                    ("input", "inputStep"), ("trigger", "triggerStep"), ("wait", "waitStep"))


def _definition_of(step: Any) -> str | None:
    if not isinstance(step, dict):
        return None
    return next((name for key, name in STEP_DEFINITIONS if key in step), None)


@functools.cache
def _check(pointer: str) -> Check:
    """Whether an instance is valid against the schema node at `pointer` (`#` is the
    whole schema): the compiled check, else jsonschema's (same answer, slower)."""
    compiled = _compiled()
    if compiled is not None:
        return compiled.pointer(pointer)
    if pointer == "#":
        return _schema_validator().is_valid
    return _definition_validator(pointer.rsplit("/", 1)[1]).is_valid


@functools.lru_cache(maxsize=1)
def _compiled() -> Compiler | None:
    """The schema compiled, or None when it uses a keyword the compiler lacks."""
    compiler = Compiler(_schema())
    try:
        for pointer in ("#", *(f"#/definitions/{name}" for _, name in STEP_DEFINITIONS)):
            compiler.pointer(pointer)
    except Unsupported:
        return None
    return compiler


def _step_valid(step: Any) -> bool:
    name = _definition_of(step)
    if name is None:
        return False
    if name != "groupStep":
        return _check(f"#/definitions/{name}")(step)
    inner = step.get("steps")
    shell = {**step, "steps": ["wait"]}
    return (isinstance(inner, list) and bool(inner) and all(map(_step_valid, inner))
            and _check("#/definitions/groupStep")(shell))


def quickly_valid(document: Document) -> bool:
    """Each step against its own definition: much faster than the schema's `anyOf`
    search, and never looser (a document it accepts, the full schema accepts)."""
    steps = document.get("steps")
    header = {**document, "steps": []}
    return isinstance(steps, list) and all(map(_step_valid, steps)) and _check("#")(header)


def schema_problems(document: Document, name: str = "pipeline") -> Iterator[str]:
    """Schema violations, each at the deepest path that explains it."""
    if quickly_valid(document):
        return
    errors = (_leaf(e) for e in _schema_validator().iter_errors(document))
    for error in sorted(errors, key=_path_order):
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        yield f"{name}: schema: at {where}: {error.message[:300]}"


def _path_order(error: Any) -> list[tuple[bool, Any]]:
    return [(isinstance(part, str), part) for part in error.absolute_path]


def _leaf(error: Any) -> Any:
    """Descend `anyOf`/`oneOf` failures into the branch the instance came closest to.

    Otherwise a typo in one field of a step reads "<the whole step> is not valid
    under any of the given schemas" at the step's path.
    """
    while error.context:
        branches: dict[Any, list[Any]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        closest = min(branches.values(), key=_branch_cost)
        error = max(closest, key=lambda e: len(e.absolute_path))
    return error


def _branch_cost(errors: list[Any]) -> tuple[int, int]:
    return sum(_cost(e) for e in errors), -max(len(e.absolute_path) for e in errors)


def _cost(error: Any) -> int:
    """How far the instance is from this branch: unexpected properties count each."""
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = error.schema.get("properties", {})
        return max(1, len(set(error.instance) - set(allowed)))
    return 1


def rule_problems(documents: list[Document]) -> Iterator[str]:
    seen: set[str] = set()
    for index, document in enumerate(documents, 1):
        name = f"document {index}/{len(documents)}"
        jobs = sum(jobs_of(s) for s in as_list(document.get("steps")))
        if jobs > MAX_JOBS_PER_UPLOAD:
            yield f"{name}: {jobs} jobs exceed Buildkite's {MAX_JOBS_PER_UPLOAD} per upload"
        keys = [s.get("key") for s, _ in steps_of(document) if isinstance(s, dict)]
        yield from _key_problems(name, keys, seen)
        for step, _ in steps_of(document):
            yield from _step_problems(name, step, seen)
        strings = dollar_strings(document)
        yield from _interpolation_problems(name, strings)
        yield from secret_problems(document, name, strings)


def _key_problems(name: str, keys: list[str | None], seen: set[str]) -> Iterator[str]:
    for key in keys:
        if key is None:
            continue
        if key in seen:
            yield f"{name}: duplicate key {key!r}"
        seen.add(key)
        if not KEY_PATTERN.match(key) or len(key) > MAX_KEY_LENGTH or UUID_SHAPE.match(key):
            yield f"{name}: invalid key {key!r} (pattern, length <= 100, not a UUID)"


def _step_problems(name: str, step: Any, seen: set[str]) -> Iterator[str]:
    if not isinstance(step, dict):
        yield f"{name}: step {step!r} is not an object"
        return
    label = step_name(step)
    if not any(k in step for k in TYPE_KEYS):
        yield f"{name}: step {label!r} has no type key ({', '.join(TYPE_KEYS)})"
    for key in FORBIDDEN:
        if key in step:
            yield f"{name}: step {label!r} must not set {key!r}"
    if "concurrency" in step and "concurrency_group" not in step:
        yield f"{name}: step {label!r} sets concurrency without concurrency_group"
    for dep in depends_on(step):
        if dep not in seen:
            yield f"{name}: step {label!r} depends on {dep!r}, which is not defined before it"


def _interpolation_problems(name: str, strings: list[tuple[str, str]]) -> Iterator[str]:
    for path, text in strings:
        for match in UNESCAPED.finditer(text):
            body = match.group("body") or ""
            if _REJECTED_FORMS.match(body):
                yield f"{name}: at {path}: '${body}' fails the agent's interpolation"


def validate(documents: list[Document]) -> None:
    """Raise ValidationError listing every problem; return when all is well."""
    problems = [p for i, d in enumerate(documents, 1)
                for p in schema_problems(d, f"document {i}/{len(documents)}")]
    problems.extend(rule_problems(documents))
    if problems:
        raise ValidationError(problems)
