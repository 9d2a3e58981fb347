"""Errors in generated pipelines: every pipeline, built for a set of scenarios that
between them emit every step as a command step and behind its block step, on the
queues of pull requests and of the default branch, validated as `upload` would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from vllmci.catalog.model import Catalog
from vllmci.catalog.rules import BLOCK_PREFIX
from vllmci.checks.definitions import definition_findings
from vllmci.checks.findings import Finding, at
from vllmci.context import BuildContext
from vllmci.emit.build import build
from vllmci.emit.render import MAX_JOBS_PER_UPLOAD, jobs_of, split, to_document
from vllmci.emit.walk import Document
from vllmci.errors import DefinitionError, ValidationError
from vllmci.plan.changes import ChangeSet
from vllmci.plan.select import select

_PR = {"BUILDKITE_PULL_REQUEST": "12345", "BUILDKITE_BRANCH": "contributor/feature",
       "BUILDKITE_PULL_REQUEST_BASE_BRANCH": "main"}
_MAIN = {"BUILDKITE_PULL_REQUEST": "false", "BUILDKITE_BRANCH": "main"}
SCENARIOS: dict[str, dict[str, str]] = {
    "pull request, RUN_ALL=1": {**_PR, "RUN_ALL": "1"},
    "pull request, NOAUTO=1": {**_PR, "NOAUTO": "1"},
    "pull request, TORCH_NIGHTLY=1": {**_PR, "TORCH_NIGHTLY": "1"},
    "default branch, NIGHTLY=1": {**_MAIN, "NIGHTLY": "1"},
    "tag build, RUN_ALL=1": {**_MAIN, "BUILDKITE_TAG": "v0.0.0", "RUN_ALL": "1"},
}
SCENARIO_COMMIT = "0" * 40

_JOBS = re.compile(r" jobs exceed ")
# (code, what the validator's message says), first match wins.
_CODES = (
    ("schema", re.compile(r"\bschema: ")),
    ("duplicate-key", re.compile(r"\bduplicate key ")),
    ("invalid-key", re.compile(r"\binvalid key ")),
    ("too-many-jobs", _JOBS),
    ("rejected-interpolation", re.compile(r"fails the agent's interpolation")),
    ("dangling-depends-on", re.compile(r" depends on .* not defined")),
    ("concurrency-without-group", re.compile(r"concurrency without concurrency_group")),
)
_DOCUMENT = re.compile(r"^document (\d+)/\d+: ")
_STEP_PATH = re.compile(r"\bat (steps/\d+(?:/steps/\d+)?)(/[^:\s]*)?")
_NAMED = re.compile(r"\b(?:step|key) '([^']+)'")


def scenario_findings(catalog: Catalog) -> list[Finding]:
    """One finding per distinct problem, naming every scenario it appears in."""
    seen: dict[tuple[str, str | None, str], tuple[Finding, list[str]]] = {}
    for pipeline in catalog.pipelines():
        for name, env in SCENARIOS.items():
            scenario = f"{pipeline} pipeline, {name}"
            for found in _problems(catalog, pipeline, env):
                slot = (found.code, found.key, found.message)
                seen.setdefault(slot, (found, []))[1].append(scenario)
    total = len(catalog.pipelines()) * len(SCENARIOS)
    return [_with_scenarios(found, names, total) for found, names in seen.values()]


def _with_scenarios(found: Finding, names: list[str], total: int) -> Finding:
    where = "every generated scenario" if len(names) == total else "; ".join(names)
    return attrs.evolve(found, message=f"{found.message} (in: {where})")


def _problems(catalog: Catalog, pipeline: str, env: Mapping[str, str]) -> Iterator[Finding]:
    ctx = BuildContext.from_env({**env, "BUILDKITE_COMMIT": SCENARIO_COMMIT})
    plan = select(catalog.for_pipeline(pipeline), ChangeSet.from_files(["."]), ctx, pipeline)
    try:
        parts = split(to_document(build(plan)))
    except DefinitionError as error:  # a runner could not shape a step
        yield from definition_findings(error)
        return
    from vllmci.emit.validate import validate

    try:
        validate(parts)
    except ValidationError as error:
        for problem in error.problems:
            yield _finding(catalog, parts, problem)


def _finding(catalog: Catalog, parts: list[Document], problem: str) -> Finding:
    code = next((c for c, pattern in _CODES if pattern.search(problem)), "invalid-pipeline")
    key, message = _located(parts, _DOCUMENT.sub("", problem), _document_of(parts, problem))
    entry = catalog.by_key.get(key.removeprefix(BLOCK_PREFIX)) if key else None
    where = at(entry.step.origin) if entry else {}
    return Finding("error", code, message, key=entry.key if entry else key, **where)


def _document_of(parts: list[Document], problem: str) -> Document | None:
    found = _DOCUMENT.match(problem)
    index = int(found.group(1)) - 1 if found else -1
    return parts[index] if 0 <= index < len(parts) else None


def _located(parts: list[Document], message: str,
             document: Document | None) -> tuple[str | None, str]:
    """The step a validator's message is about (by its path in the document, the key
    or label it quotes, or, for the job limit, the step too large to fit), and the
    message with the path made relative to that step (the same in every scenario)."""
    path = _STEP_PATH.search(message)
    if document is not None and path:
        step = _resolve(document, path.group(1).split("/"))
        if isinstance(step, dict) and isinstance(step.get("key"), str):
            inner = (path.group(2) or "")[1:] or "the step"
            return step["key"], message[:path.start()] + f"at {inner}" + message[path.end():]
    if document is not None and _JOBS.search(message):
        widest = max(_all_steps(document.get("steps")), key=_jobs, default=None)
        if widest is not None and _jobs(widest) > MAX_JOBS_PER_UPLOAD:
            return widest.get("key"), message
    named = _NAMED.search(message)
    if not named:
        return None, message
    return _identifiers(parts).get(named.group(1), named.group(1)), message


def _jobs(step: dict[str, Any]) -> int:
    return 0 if "group" in step else jobs_of(step)


def _identifiers(parts: list[Document]) -> dict[str, str]:
    """Each step's label (or block text) -> its key: messages quote either."""
    table: dict[str, str] = {}
    for document in parts:
        for step in _all_steps(document.get("steps")):
            key = step.get("key")
            for name in (step.get("label"), step.get("block")):
                if isinstance(key, str) and isinstance(name, str):
                    table.setdefault(name, key)
    return table


def _all_steps(steps: Any) -> Iterator[dict[str, Any]]:
    for step in steps if isinstance(steps, list) else ():
        if isinstance(step, dict):
            yield step
            yield from _all_steps(step.get("steps"))


def _resolve(node: Any, parts: list[str]) -> Any:
    for part in parts:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node
