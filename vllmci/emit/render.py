"""Stage 6: render. The built pipeline as JSON documents the agent reads.

Deterministic (model field order, no sets), `ensure_ascii=False`, and split into
several upload documents when one would exceed Buildkite's job limit.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from vllmci.emit.walk import Document, depends_on, inner, keys_in

if TYPE_CHECKING:
    from buildkite_sdk import Pipeline

MAX_JOBS_PER_UPLOAD = 500


FIRST_FIELDS = ("group", "block", "label", "key", "depends_on", "agents", "commands")


def to_document(pipeline: Pipeline) -> Document:
    """The pipeline as plain data: groups after the groups they depend on, each
    step's identifying fields first."""
    document = pipeline.to_dict()
    steps = [_readable(step) for step in document.get("steps", [])]
    document["steps"] = dependency_order(steps)
    return document


def _readable(step: Any) -> Any:
    if not isinstance(step, dict):
        return step
    ordered = {k: step[k] for k in FIRST_FIELDS if k in step}
    ordered.update((k, v) for k, v in step.items() if k not in ordered)
    if "steps" in ordered:
        ordered["steps"] = [_readable(inner) for inner in ordered["steps"]]
    return ordered


def jobs_of(step: Any) -> int:
    """How many jobs a step creates once parallelism and matrix are expanded."""
    if not isinstance(step, dict):
        return 1
    if "group" in step:
        inner = step.get("steps")
        return sum(jobs_of(s) for s in inner) if isinstance(inner, list) else 0
    return _count(step.get("parallelism")) * _matrix_size(step.get("matrix"))


def _count(value: Any) -> int:
    """A positive whole number, else 1 (a malformed value is the schema's to report)."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return 1


def _matrix_size(matrix: Any) -> int:
    """Jobs of a matrix: every combination, plus each adjustment (an upper bound)."""
    if isinstance(matrix, list):
        return max(1, len(matrix))
    if not isinstance(matrix, dict):
        return 1
    setup = matrix.get("setup")
    if isinstance(setup, list):
        size = len(setup)
    elif isinstance(setup, dict):
        size = 1
        for values in setup.values():
            size *= len(values) if isinstance(values, list) else 1
    else:
        size = 1
    adjustments = matrix.get("adjustments")
    return max(1, size + (len(adjustments) if isinstance(adjustments, list) else 0))


def split(document: Document, limit: int = MAX_JOBS_PER_UPLOAD) -> list[Document]:
    """Split top-level steps (groups whole when they fit) into documents of <= limit jobs."""
    header = {k: v for k, v in document.items() if k != "steps"}
    parts: list[list[Any]] = [[]]
    used = 0
    for step in _pieces(document.get("steps", []), limit):
        jobs = jobs_of(step)
        if parts[-1] and used + jobs > limit:
            parts.append([])
            used = 0
        parts[-1].append(step)
        used += jobs
    return [{**header, "steps": steps} for steps in parts]


def _needs(step: Any) -> set[str]:
    """What a top-level step (or any step of a group) waits for, outside itself."""
    deps = set(depends_on(step)).union(*(depends_on(s) for s in inner(step)))
    return deps - keys_in(step)


def dependency_order(steps: list[Any]) -> list[Any]:
    """Top-level steps, stably reordered so each comes after the steps it depends on
    (an upload may only depend on keys uploaded with it or before it)."""
    keys = [keys_in(s) for s in steps]
    defined = set().union(*keys) if steps else set()
    needs = [_needs(s) & defined for s in steps]
    remaining, done, ordered = list(range(len(steps))), set(), []
    while remaining:
        ready = next((i for i in remaining if needs[i] <= done), remaining[0])
        remaining.remove(ready)
        ordered.append(steps[ready])
        done |= keys[ready]
    return ordered


def _pieces(steps: list[Any], limit: int) -> list[Any]:
    """Top-level steps, with any group larger than `limit` cut into parts."""
    out: list[Any] = []
    for step in steps:
        if isinstance(step, dict) and "group" in step and jobs_of(step) > limit:
            out.extend(_split_group(step, limit))
        else:
            out.append(step)
    return out


def _split_group(group: dict[str, Any], limit: int) -> list[dict[str, Any]]:
    chunks: list[list[Any]] = [[]]
    used = 0
    for step in group["steps"]:
        jobs = jobs_of(step)
        if chunks[-1] and used + jobs > limit:
            chunks.append([])
            used = 0
        chunks[-1].append(step)
        used += jobs
    base = {k: v for k, v in group.items() if k not in ("steps", "key")}
    return [{**base, "group": f"{group['group']} ({i}/{len(chunks)})", "steps": chunk}
            for i, chunk in enumerate(chunks, 1)]


def dumps(document: Document) -> str:
    """The JSON text of `document` and a newline: `json.dumps(document,
    ensure_ascii=False, indent=2)`, written by pydantic-core's serializer (in Rust; json's
    indenting encoder is pure Python, and this document is a megabyte of text).

    For plain JSON data (what `to_document` makes: string keys, lists, strings, numbers,
    booleans, None) the bytes are json's, but that a float may be written in another form
    of the same number (`0.00001` where json writes `1e-05`; vLLM's pipelines hold no
    float). What pydantic-core refuses (a lone surrogate) is left to json itself."""
    from pydantic_core import PydanticSerializationError, to_json  # buildkite_sdk's, loaded

    try:
        text = to_json(document, indent=2, inf_nan_mode="constants").decode()
    except (PydanticSerializationError, ValueError):
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return text + "\n"
