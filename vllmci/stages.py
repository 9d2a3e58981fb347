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

from vllmci.catalog import durations as measured
from vllmci.catalog.gates import refuse_pull_request
from vllmci.catalog.load import load_catalog
from vllmci.catalog.model import Catalog
from vllmci.context import BuildContext, as_build, describes_a_build
from vllmci.emit.render import dumps, split, to_document
from vllmci.emit.walk import Document
from vllmci.errors import UsageError
from vllmci.gitops import Beside, import_git
from vllmci.plan import changes as changes_stage
from vllmci.plan import fork, labels
from vllmci.plan.changes import ChangeSet
from vllmci.plan.model import Plan
from vllmci.plan.select import select
from vllmci.values import frozen

BUNDLED = "vllmci_pipelines"
STAGES = ("changes", "context", "catalog", "select", "build", "render", "validate", "upload")


@frozen
class Request:
    """What the command line asked for."""

    repo: Path = Path(".")
    diff: str | None = None
    files: tuple[str, ...] | None = None
    files_from: str | None = None
    pipeline: str = "test"
    pipelines: Path | None = None
    build: str | None = None
    """`plan --build`: plan the change as this kind of build (`context.LOCAL_BUILDS`)."""
    durations: Path | None = None
    """`--durations FILE` (else `$VLLMCI_DURATIONS`): measured durations."""


def bundled_definitions() -> Path:
    spec = util.find_spec(BUNDLED)
    if spec is None or not spec.submodule_search_locations:
        raise UsageError(f"the bundled definitions ({BUNDLED}) are not installed; "
                         "pass --pipelines DIR")
    return Path(next(iter(spec.submodule_search_locations)))


CHECKOUT_DEFINITIONS = Path(".buildkite") / "vllmci"
"""Where a checkout keeps its own definitions, found without `--pipelines`."""
DEFINITIONS_VARIABLE = "VLLMCI_PIPELINES"


@frozen
class Definitions:
    """Which definitions a command reads, and why."""

    directory: Path
    in_checkout: bool
    """Inside the repository being built: a step's own file counts as changed, and a
    fork's pull request never runs them (`vllmci.plan.fork`)."""
    why: str


def find_definitions(repo: Path, pipelines: Path | None,
                     env: Mapping[str, str] | None = None) -> Definitions:
    """`--pipelines DIR`, else `$VLLMCI_PIPELINES`, else the checkout's own
    `.buildkite/vllmci/` when it has one, else the bundled reference definitions.
    A relative directory is relative to `--repo`."""
    env = os.environ if env is None else env
    named = pipelines or (Path(env[DEFINITIONS_VARIABLE]) if env.get(DEFINITIONS_VARIABLE)
                          else None)
    if named is not None:
        path = repo / named  # an absolute directory replaces the repo
        if not path.is_dir():
            flag = f"--pipelines {pipelines}" if pipelines else f"{DEFINITIONS_VARIABLE}={named}"
            raise UsageError(f"{flag}: no such directory")
        why = f"--pipelines {pipelines}" if pipelines else f"${DEFINITIONS_VARIABLE}={named}"
        return Definitions(path, True, why)
    own = repo / CHECKOUT_DEFINITIONS
    if own.is_dir():
        return Definitions(own, True, f"the checkout's own definitions ({own})")
    bundled = bundled_definitions()
    return Definitions(bundled, False, f"the bundled definitions ({BUNDLED})")


def definitions_dir(repo: Path, pipelines: Path | None) -> Path:
    """The definitions directory a command reads (see `find_definitions`)."""
    return find_definitions(repo, pipelines).directory


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
    catalog = load_catalog(directory or definitions_dir(request.repo, request.pipelines),
                           request.pipeline)
    return catalog.named(request.pipeline, "the definitions")


def make_plan(request: Request, env: Mapping[str, str] | None = None) -> Plan:
    """changes -> context -> catalog -> select (with the measured durations, read
    first: a malformed file stops before git or the definitions are read).

    git runs beside the loading of the definitions when it can (`read_alongside`);
    either way, a mistake in the changes is reported before one in the definitions."""
    env = os.environ if env is None else env
    durations = measured.find(request.durations, request.repo, env)
    ctx = BuildContext.from_env(env)
    changes, catalog, chosen = read_alongside(request, ctx, env)
    if not ctx.commit and changes.head:
        ctx = attrs.evolve(ctx, commit=changes.head)
    ctx = _planned_as(ctx, request.build, catalog, env)
    ctx = labels.with_labels(ctx, catalog.run_all.labels)  # only when the rule names labels
    refuse_pull_request(catalog, ctx, request.pipeline)
    return select(catalog, changes, ctx, request.pipeline, chosen.repo,
                  fork.compare(catalog, chosen), durations)


def read_alongside(request: Request, ctx: BuildContext, env: Mapping[str, str]
                   ) -> tuple[ChangeSet, Catalog, fork.Definitions]:
    """The changes, and the catalog of the definitions this build loads.

    When git diffs a repository the definitions lie outside of (the bundled ones, in
    a build), git's commands run on a thread beside the import of the build stage and
    the loading: they wait on git, the main thread computes. Otherwise git runs first:
    a fork's definitions depend on the changes (`vllmci.plan.fork`), and definitions
    inside the repository get bytecode caches written while they load, which git must
    not find among the untracked files."""
    try:
        found: Definitions | None = find_definitions(request.repo, request.pipelines, env)
    except UsageError:
        found = None  # reported by `_chosen_catalog`, after any mistake in the changes
    if (found is None or ctx.fork or request.files is not None
            or request.files_from is not None
            or found.directory.resolve().is_relative_to(request.repo.resolve())):
        changes = read_changes(request, ctx)
        return changes, *_chosen_catalog(request, ctx, changes, env)
    import_git()
    pending = Beside(lambda: read_changes(request, ctx))
    try:
        _import_emit()  # the longest computation of a plan: git's commands run beside it
        chosen = fork.trusted(found.directory, request.repo, found.in_checkout)
        catalog = load(request, directory=chosen.directory)
    except Exception:
        pending.result()  # a mistake in the changes, if there is one, is reported first
        raise
    return pending.result(), catalog, chosen


def _chosen_catalog(request: Request, ctx: BuildContext, changes: ChangeSet,
                    env: Mapping[str, str]) -> tuple[Catalog, fork.Definitions]:
    """A fork's own definitions are never loaded: see vllmci.plan.fork (which reads
    the changes' base commit)."""
    found = find_definitions(request.repo, request.pipelines, env)
    chosen = fork.choose(found.directory, request.repo, changes, ctx,
                         own_files=found.in_checkout)
    return load(request, directory=chosen.directory), chosen


def _planned_as(ctx: BuildContext, build: str | None, catalog: Catalog,
                env: Mapping[str, str]) -> BuildContext:
    """`--build`, else outside Buildkite the pull request about to be opened (a
    pipeline that publishes, never built for one, as a branch build)."""
    if build is None and describes_a_build(env):
        return ctx
    publishes = any(e.step.publishes for e in catalog.entries)
    return as_build(ctx, build or ("branch" if publishes else "pr"))


def _import_emit() -> None:
    """Import the build and validate stages (buildkite_sdk and pydantic with them: a
    third of a plan's time goes to importing them). `read_alongside` does it while git
    runs; `checked` when it builds."""
    import vllmci.emit.build
    import vllmci.emit.validate  # noqa: F401


def checked(plan: Plan) -> list[Document]:
    """build -> render -> validate: the documents to upload, as data (none for a
    docs-only change)."""
    if plan.docs_only:
        return []
    from vllmci.emit.build import build
    from vllmci.emit.validate import validate

    parts = split(to_document(build(plan)))
    validate(parts)
    return parts


def documents(plan: Plan) -> list[str]:
    """The JSON text of each `checked` document: what `upload` pipes."""
    return [dumps(part) for part in checked(plan)]
