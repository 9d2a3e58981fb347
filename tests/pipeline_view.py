"""Reviewable views of generated pipelines, for the snapshots of the live definitions.

A scenario's pipeline (`plan --format buildkite`) is cut into two kinds of
snapshot, so that a diff names what changed:

- how each step looks: its Buildkite JSON, once per step (`steps/<pipeline>/<key>.json`),
  as it is first emitted in the scenario order. The dependency on its own block
  step (`block-<key>`) is left out, since the scenario table says whether it waits
  behind one.
- what each scenario runs: one line per step in emitted order, with its group,
  key, decision, queue and shards. Where a step looks different in this scenario
  than in its step snapshot, the line is followed by the fields that differ.

Together they hold what the generated pipeline says: its documents and their
headers, groups, order, every step's JSON and every block step's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import attrs

BLOCK = "block-"
Step = dict[str, Any]


def documents_in(text: str) -> list[dict[str, Any]]:
    """The JSON documents of `plan --format buildkite` output, in order."""
    decoder, at, found = json.JSONDecoder(), 0, []
    while text[at:].strip():
        at += len(text[at:]) - len(text[at:].lstrip())
        document, at = decoder.raw_decode(text, at)
        found.append(document)
    return found


@attrs.frozen
class Placed:
    """An emitted step, where it sits: document, group (label and key), position."""

    step: Step
    document: int
    group: str | None
    group_key: str | None
    group_fields: str = ""
    """The group's other fields (JSON), when it has any."""


def placed_steps(documents: list[dict[str, Any]]) -> Iterator[Placed]:
    for index, document in enumerate(documents, 1):
        for item in document.get("steps", []):
            if "group" in item:
                extra = {k: v for k, v in item.items() if k not in ("group", "key", "steps")}
                shown = json.dumps(extra, ensure_ascii=False) if extra else ""
                for step in item.get("steps", []):
                    yield Placed(step, index, item["group"], item.get("key"), shown)
            else:
                yield Placed(item, index, None, None)


def is_command(step: Step) -> bool:
    return "command" in step or "commands" in step


def own_block(step: Step) -> str | None:
    """The key of the block step a command step waits behind, if any."""
    wanted = f"{BLOCK}{step.get('key')}"
    deps = step.get("depends_on")
    return wanted if is_command(step) and isinstance(deps, list) and wanted in deps else None


def look(step: Step) -> Step:
    """How a step looks, without its own block dependency."""
    block = own_block(step)
    if block is None or "depends_on" not in step:
        return step
    return {**step, "depends_on": [d for d in step["depends_on"] if d != block]}


ABSENT = "(absent)"


def differences(canonical: Any, seen: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Where `seen` differs from `canonical`: (path, value here), as deep as objects
    and equally long lists go (`plugins/0/docker#v5.2.0/image`)."""
    if canonical == seen:
        return
    if isinstance(canonical, dict) and isinstance(seen, dict):
        for name in [*canonical, *(k for k in seen if k not in canonical)]:
            yield from differences(canonical.get(name, ABSENT), seen.get(name, ABSENT),
                                   f"{path}/{name}" if path else str(name))
    elif (isinstance(canonical, list) and isinstance(seen, list)
          and len(canonical) == len(seen) and any(isinstance(v, dict) for v in seen)):
        for index, (old, new) in enumerate(zip(canonical, seen, strict=True)):
            yield from differences(old, new, f"{path}/{index}")
    else:
        yield path, seen


def _differing(canonical: Step, seen: Step, title: str) -> Iterator[str]:
    for path, value in differences(canonical, seen):
        shown = value if value == ABSENT else json.dumps(value, ensure_ascii=False)
        yield f"      {title}{path} = {shown}"


def _queue(step: Step) -> str:
    agents = step.get("agents")
    return str(agents.get("queue", "-")) if isinstance(agents, dict) else "-"


def _kind(step: Step, blocked: set[str]) -> str:
    if "block" in step:
        return "gate"
    if "input" in step:
        return "input"
    return "block" if step.get("key") in blocked else "run"


def scenario_table(text: str, looks: dict[str, Step]) -> str:
    """What a scenario runs, one line per step; `looks` holds each step's canonical JSON."""
    documents = documents_in(text)
    if not documents:
        return "(no pipeline: nothing is uploaded)\n"
    placed = list(placed_steps(documents))
    blocked = {p.step["key"][len(BLOCK):] for p in placed
               if "block" in p.step and p.step.get("key", "").startswith(BLOCK)}
    blocked &= {p.step.get("key") for p in placed if own_block(p.step)}
    lines = [f"documents: {len(documents)}"]
    for index, document in enumerate(documents, 1):
        header = {k: v for k, v in document.items() if k != "steps"}
        if header:
            lines.append(f"document {index} header: {json.dumps(header, ensure_ascii=False)}")
    current: tuple[int, str | None, str | None, str] | None = None
    for item in placed:
        key = item.step.get("key", "?")
        if key.startswith(BLOCK) and key[len(BLOCK):] in blocked:
            continue  # shown on its step's line
        where = (item.document, item.group, item.group_key, item.group_fields)
        if where != current:
            group = f"group {item.group!r}" if item.group else "top level"
            lines.append(f"== document {item.document}, {group}"
                         + (f" (key {item.group_key})" if item.group_key else "")
                         + (f" {item.group_fields}" if item.group_fields else ""))
            current = where
        lines.extend(_rows(item.step, blocked, looks, placed))
    return "\n".join(lines) + "\n"


def _rows(step: Step, blocked: set[str], looks: dict[str, Step],
          placed: list[Placed]) -> Iterator[str]:
    key = step.get("key", "?")
    shards = f" x{step['parallelism']}" if step.get("parallelism") else ""
    at = step["depends_on"].index(BLOCK + key) if key in blocked else 0
    where = f" (its block is dependency {at + 1})" if at else ""
    yield f"{_kind(step, blocked):<5} {key}  [{_queue(step)}]{shards}{where}"
    yield from _differing(looks[key], look(step), "")
    if key in blocked:
        block = next(p.step for p in placed if p.step.get("key") == BLOCK + key)
        yield from _differing(looks[BLOCK + key], block, "its block: ")


def canonical_looks(texts: list[str]) -> dict[str, Step]:
    """Each step's look where it is first emitted, over the scenarios in order."""
    looks: dict[str, Step] = {}
    for text in texts:
        for item in placed_steps(documents_in(text)):
            looks.setdefault(item.step.get("key", "?"), look(item.step))
    return looks
