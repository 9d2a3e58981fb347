"""The program as a chain of stages, each returning the next one's input:

    changes   (vllmci.plan.changes)   git or a file list   -> ChangeSet
    context   (vllmci.context)        the environment      -> BuildContext
    catalog   (vllmci.catalog)        pipelines/ modules   -> Catalog  (validated)
    select    (vllmci.plan.select)    the three above      -> Plan     (decided once)
    build     (vllmci.emit.build)     Plan                 -> buildkite_sdk.Pipeline
    render    (vllmci.emit.render)    Pipeline             -> documents (<= 500 jobs each)
    validate  (vllmci.emit.validate)  documents            -> the same, or ValidationError
    upload    (vllmci.emit.upload)    JSON text            -> buildkite-agent (stdin)

`make_plan` runs the first four, `documents` the next three; the reports
(`vllmci.report`) read the Plan. The commands (`vllmci.commands`) call these.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from importlib import util
from pathlib import Path

import attrs

from vllmci.catalog.gates import refuse_pull_request
from vllmci.catalog.load import load_catalog
from vllmci.catalog.model import Catalog
from vllmci.context import BuildContext
from vllmci.emit.build import build
from vllmci.emit.render import dumps, split, to_document
from vllmci.errors import UsageError
from vllmci.plan import changes as changes_stage
from vllmci.plan import fork
from vllmci.plan.changes import ChangeSet
from vllmci.plan.model import Plan
from vllmci.plan.select import select

BUNDLED = "vllmci_pipelines"
STAGES = ("changes", "context", "catalog", "select", "build", "render", "validate", "upload")


@attrs.frozen
class Request:
    """What the command line asked for."""

    repo: Path = Path(".")
    diff: str | None = None
    files: tuple[str, ...] | None = None
    files_from: str | None = None
    pipeline: str = "test"
    pipelines: Path | None = None


def bundled_definitions() -> Path:
    spec = util.find_spec(BUNDLED)
    if spec is None or not spec.submodule_search_locations:
        raise UsageError(f"the bundled definitions ({BUNDLED}) are not installed; "
                         "pass --pipelines DIR")
    return Path(next(iter(spec.submodule_search_locations)))


def definitions_dir(repo: Path, pipelines: Path | None) -> Path:
    """`--pipelines DIR` (relative to `--repo`), else the bundled definitions."""
    if pipelines is None:
        return bundled_definitions()
    path = repo / pipelines  # an absolute --pipelines replaces the repo
    if not path.is_dir():
        raise UsageError(f"--pipelines {pipelines}: no such directory")
    return path


def read_changes(request: Request, ctx: BuildContext) -> ChangeSet:
    if request.files is not None:
        return changes_stage.changes_from_list(request.files)
    if request.files_from is not None:
        paths = changes_stage.read_files_from(request.files_from, sys.stdin)
        return changes_stage.changes_from_list(paths)
    return changes_stage.changes_from_git(request.repo, ctx, request.diff)


def load_all(directory: Path) -> Catalog:
    """Every pipeline's definitions below `directory`."""
    return load_catalog(directory)


def load(request: Request, directory: Path | None = None) -> Catalog:
    """The catalog of `request.pipeline`, from `directory` when given (else the
    request's definitions)."""
    catalog = load_catalog(directory or definitions_dir(request.repo, request.pipelines))
    if request.pipeline not in catalog.pipelines():
        known = ", ".join(catalog.pipelines()) or "none"
        raise UsageError(f"--pipeline {request.pipeline}: no such pipeline in the "
                         f"definitions (defined: {known})")
    return catalog.for_pipeline(request.pipeline)


def make_plan(request: Request, env: Mapping[str, str] | None = None) -> Plan:
    """changes -> context -> catalog -> select."""
    ctx = BuildContext.from_env(os.environ if env is None else env)
    changes = read_changes(request, ctx)
    if not ctx.commit and changes.head:
        ctx = attrs.evolve(ctx, commit=changes.head)
    # A fork's own definitions are never loaded: see vllmci.plan.fork.
    chosen = fork.choose(definitions_dir(request.repo, request.pipelines), request.repo,
                         changes, ctx, own_files=request.pipelines is not None)
    catalog = load(request, directory=chosen.directory)
    refuse_pull_request(catalog, ctx, request.pipeline)
    return select(catalog, changes, ctx, request.pipeline, chosen.repo,
                  fork.compare(catalog, chosen))


def documents(plan: Plan) -> list[str]:
    """build -> render -> validate: the JSON documents to upload (none for a
    docs-only change)."""
    if plan.docs_only:
        return []
    from vllmci.emit.validate import validate  # jsonschema: only the formats that emit

    parts = split(to_document(build(plan)))
    validate(parts)
    return [dumps(part) for part in parts]
