"""`vllmci review --against REF`: what a change to the definitions does to the steps.

The definitions directory is loaded twice, as it is at REF (materialised with
`git archive` into a temporary directory) and as it is in the work tree, and the
two catalogs are compared step by step: which keys were added or removed, and for
each step that stays, which fields changed (queue, device, commands, dependencies,
dependency entries, shards, gates such as `optional` or `only_in`, ...). For a
reviewer who does not read the generated JSON.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs

from vllmci.catalog.effective import DEFAULT_BRANCH, PULL_REQUEST, queue
from vllmci.catalog.load import load_catalog
from vllmci.catalog.model import Catalog, Entry, GateEntry
from vllmci.define.step import RunAll
from vllmci.errors import DefinitionError, DefinitionErrors, GitError, UsageError
from vllmci.gitops import GitRepository, open_repository
from vllmci.values import frozen

# (field, how the reader calls it); the order of the report.
FIELDS: tuple[tuple[str, str], ...] = (
    ("pipeline", "pipeline"),
    ("group", "group"),
    ("label", "label"),
    ("device", "device"),
    ("num_devices", "devices"),
    ("num_nodes", "nodes"),
    ("queue", "queue"),
    ("main_queue", "queue on the default branch"),
    ("parallelism", "parallelism (shards)"),
    ("shards", "shards by time"),
    ("commands", "commands"),
    ("depends_on", "depends_on"),
    ("paths", "dependency entries"),
    ("force_paths", "forcing paths"),
    ("optional", "optional"),
    ("always_run", "always runs"),
    ("only_in", "only in builds"),
    ("soft_fail", "soft_fail"),
    ("timeout", "timeout (minutes)"),
    ("retry", "automatic retries"),
    ("priority", "priority"),
    ("concurrency", "concurrency"),
    ("concurrency_group", "concurrency_group"),
    ("working_dir", "working_dir"),
    ("env", "env"),
    ("agents", "agents"),
    ("artifact_paths", "artifact_paths"),
    ("mirror_of", "AMD mirror of"),
    ("dind", "dind"),
    ("no_plugin", "no_plugin"),
    ("mount_buildkite_agent", "mount_buildkite_agent"),
    ("patterns", "run-all patterns"),
    ("exclude", "run-all exclusions"),
    ("active", "run-all rule active"),
    ("labels", "run-all pull request labels"),
    ("nightly", "nightly patterns"),
    ("torch_nightly", "TORCH_NIGHTLY runs everything"),
)
# Lists whose order matters (shown as a line diff); other lists are sets.
ORDERED = frozenset({"commands"})
NAMES = dict(FIELDS)


@frozen
class Change:
    field: str
    before: Any
    after: Any

    @property
    def name(self) -> str:
        pipeline, _, field = self.field.rpartition(" ")  # "amd patterns": another pipeline's
        name = NAMES.get(field, field)
        return f"{name} ({pipeline} pipeline)" if pipeline else name


@frozen
class StepSummary:
    """An added or removed step, where it is (was) defined."""

    key: str
    pipeline: str
    group: str
    label: str
    queue: str | None
    """None for a gate or input: it runs on no agent."""
    file: str
    line: int
    kind: str = "command"
    """command, block (a gate) or input."""


@frozen
class StepChange:
    key: str
    file: str
    line: int
    changes: tuple[Change, ...]
    pipeline: str = "test"


@frozen
class Review:
    against: str
    commit: str
    definitions: str
    added: tuple[StepSummary, ...]
    removed: tuple[StepSummary, ...]
    changed: tuple[StepChange, ...]
    unchanged: int
    run_all: tuple[Change, ...] = ()
    repository: str = ""
    """The git checkout whose definitions were compared."""

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.run_all)


# --- git: the definitions as they are at REF ---------------------------------------------


def repository_of(directory: Path) -> GitRepository:
    """The git work tree holding `directory`."""
    try:
        return open_repository(directory)
    except GitError:
        raise UsageError(f"the definitions in {directory} are not inside a git repository; "
                         "pass --pipelines DIR (a directory inside a checkout)") from None


def resolve_commit(git: GitRepository, ref: str) -> str:
    sha = git.resolve(ref)
    if sha is None:
        raise UsageError(f"--against {ref}: no such commit in {git.top}")
    return sha


@contextmanager
def materialised(git: GitRepository, commit: str, relative: str) -> Iterator[Path]:
    """A temporary directory holding the directory `relative` of `commit`."""
    if not git.has_directory(commit, relative):
        raise UsageError(f"{relative}/ does not exist at {commit[:12]}: nothing to compare")
    with tempfile.TemporaryDirectory(prefix="vllmci-review-") as temp:
        try:
            git.archive(commit, relative or ".", Path(temp))
        except GitError as exc:
            raise UsageError(f"git archive failed in {git.top}: {exc}") from None
        yield Path(temp).resolve()


def load_at(git: GitRepository, commit: str, relative: str,
            ref: str) -> tuple[Catalog, Path]:
    """The catalog at `commit` and the root its files are shown relative to."""
    with materialised(git, commit, relative) as root:
        try:
            return load_catalog(root / relative), root
        except (DefinitionError, DefinitionErrors) as error:
            raise UsageError(f"the definitions at {ref} do not load:\n{error}") from None


# --- comparing two catalogs ---------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A definition value as JSON data (tuples as lists, attrs values as dicts)."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if attrs.has(type(value)):
        return {k: _plain(v) for k, v in attrs.asdict(value, recurse=False).items()
                if k != "origin"}
    if callable(value):
        return getattr(value, "__qualname__", repr(value))
    return value


def _pairs(pairs: Any) -> Any:
    if isinstance(pairs, tuple) and all(isinstance(p, tuple) and len(p) == 2 for p in pairs):
        return [f"{k}={v}" for k, v in pairs]
    return _plain(pairs)


def _own_fields(value: Any) -> dict[str, Any]:
    """Every attrs field of a Step, Gate or Input but its key, origin and AMD mirror
    (the mirror is an entry of its own)."""
    return {a.name: _pairs(getattr(value, a.name)) for a in attrs.fields(type(value))
            if a.name not in ("key", "origin", "amd")}


def fields_of(catalog: Catalog, entry: Entry) -> dict[str, Any]:
    """What a reviewer compares about one step, as plain JSON values."""
    step = entry.step
    return {**_own_fields(step), "pipeline": entry.pipeline, "group": entry.group,
            "device": entry.device.name, "queue": queue(entry, PULL_REQUEST),
            "main_queue": queue(entry, DEFAULT_BRANCH),
            "depends_on": list(entry.depends_on), "paths": list(step.paths or ()),
            "mirror_of": entry.mirror_of}


def gate_fields(catalog: Catalog, item: GateEntry) -> dict[str, Any]:
    """What a reviewer compares about a gate or input (a step that waits for a person)."""
    return {**_own_fields(item.gate), "kind": item.gate.kind,
            "pipeline": item.pipeline, "group": item.group,
            "depends_on": list(item.depends_on)}


def _field_order(names: set[str]) -> list[str]:
    known = [name for name, _ in FIELDS if name in names]
    return known + sorted(names - set(known))


def compare_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[Change, ...]:
    names = _field_order(set(before) | set(after))
    return tuple(Change(name, before.get(name), after.get(name)) for name in names
                 if before.get(name) != after.get(name))


@frozen
class Side:
    """One side of the comparison: a catalog and the root its files are shown from."""

    catalog: Catalog
    root: Path

    def items(self) -> dict[tuple[str, str], tuple[dict[str, Any], StepSummary]]:
        """(pipeline, key) -> (compared fields, summary) of every step, mirror, gate and
        input (keys are unique within a pipeline)."""
        table = {}
        for entry in self.catalog.entries:
            fields = fields_of(self.catalog, entry)
            table[entry.pipeline, entry.key] = (
                fields, self._summary(entry.key, fields, entry.step.origin))
        for gate in self.catalog.gates:
            fields = gate_fields(self.catalog, gate)
            table[gate.pipeline, gate.key] = (
                fields, self._summary(gate.key, fields, gate.gate.origin))
        return table

    def _summary(self, key: str, fields: dict[str, Any], origin: Any) -> StepSummary:
        return StepSummary(key, fields["pipeline"], fields["group"], fields.get("label", ""),
                           fields.get("queue"), *self.where(origin),
                           kind=fields.get("kind", "command"))

    def where(self, origin: Any) -> tuple[str, int]:
        try:
            return Path(origin.file).resolve().relative_to(self.root).as_posix(), origin.line
        except ValueError:
            return origin.file, origin.line


def _run_all(before: RunAll, after: RunAll, pipeline: str = "test") -> tuple[Change, ...]:
    pairs = (("patterns", before.patterns, after.patterns),
             ("exclude", before.exclude, after.exclude),
             ("active", before.active, after.active),
             ("labels", before.labels, after.labels),
             ("nightly", before.nightly, after.nightly),
             ("torch_nightly", before.torch_nightly, after.torch_nightly))
    prefix = "" if pipeline == "test" else f"{pipeline} "
    return tuple(Change(prefix + name, _plain(old), _plain(new))
                 for name, old, new in pairs if old != new)


def _run_alls(before: Catalog, after: Catalog) -> tuple[Change, ...]:
    """Each pipeline's run-all rule (a pipeline without its own: the test pipeline's)."""
    pipelines = dict.fromkeys(["test", *before.pipelines(), *after.pipelines()])
    return tuple(change for pipeline in pipelines
                 for change in _run_all(before.run_all_of(pipeline), after.run_all_of(pipeline),
                                        pipeline)
                 if pipeline == "test" or _owns_run_all(before, after, pipeline))


def _owns_run_all(before: Catalog, after: Catalog, pipeline: str) -> bool:
    return any(r.pipeline == pipeline for r in (*before.run_alls, *after.run_alls))


def compare(old: Side, new: Side, against: str = "", commit: str = "",
            definitions: str = "") -> Review:
    before, after = old.items(), new.items()
    added = tuple(after[k][1] for k in after if k not in before)
    removed = tuple(before[k][1] for k in before if k not in after)
    changed = []
    for slot, (fields, summary) in after.items():
        if slot in before:
            changes = compare_fields(before[slot][0], fields)
            if changes:
                changed.append(StepChange(slot[1], summary.file, summary.line, changes,
                                          pipeline=slot[0]))
    unchanged = sum(1 for k in after if k in before) - len(changed)
    return Review(against, commit, definitions, added, removed, tuple(changed), unchanged,
                  _run_alls(old.catalog, new.catalog))


@frozen
class AtRef:
    """The definitions of a directory as they are at a ref of its checkout."""

    catalog: Catalog
    root: Path
    """Where the extracted files are shown relative to."""
    commit: str
    relative: str
    """The directory relative to the checkout's top ("" for the top)."""
    top: Path


def catalog_at(directory: Path, ref: str) -> AtRef:
    """Load the definitions in `directory` as they are at `ref`."""
    git = repository_of(directory)
    relative = directory.resolve().relative_to(git.top_path).as_posix()
    relative = "" if relative == "." else relative
    commit = resolve_commit(git, ref)
    catalog, root = load_at(git, commit, relative, ref)
    return AtRef(catalog, root, commit, relative, git.top_path)


def review(directory: Path, ref: str) -> Review:
    """Compare the definitions in `directory` at `ref` with the work tree."""
    old = catalog_at(directory, ref)
    current = load_catalog(directory)
    result = compare(Side(old.catalog, old.root), Side(current, old.top), ref, old.commit,
                     old.relative or ".")
    return attrs.evolve(result, repository=str(old.top))


# --- the report ---------------------------------------------------------------------------
