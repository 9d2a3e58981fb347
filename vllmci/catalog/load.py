"""Loading: the definition modules below a directory, resolved and validated into a `Catalog`."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from vllmci.catalog.gates import gate_problems
from vllmci.catalog.mirrors import amd_step, amd_step_block, governs, mirror_block, mirror_step
from vllmci.catalog.model import Catalog, Entry, GateEntry, Item
from vllmci.catalog.modules import Loaded, load_directory
from vllmci.catalog.paths import PathRule
from vllmci.catalog.rules import (
    err,
    validate_entries,
)
from vllmci.define.fields import replace
from vllmci.define.gates import AnyGate
from vllmci.define.hardware import Inventory
from vllmci.define.origin import Origin
from vllmci.define.step import Gate, Group, Input, MirrorPolicy, RunAll, Settings, Step
from vllmci.errors import DefinitionError, DefinitionErrors

__all__ = ["load_catalog"]


_LOADED: dict[tuple[str, str, str | None], Catalog] = {}
"""Catalogs loaded in this process, by directory and content (`_fingerprint`)."""
_ONCE: set[tuple[str, str | None]] = set()
"""Loaded once, not memoised: a command that loads its definitions once (`plan`,
`upload`) never pays for the fingerprint."""
_KEEP = 8


def load_catalog(directory: Path, pipeline: str | None = None) -> Catalog:
    """Load, resolve and validate every definition below `directory`; with `pipeline`,
    every module still runs (and its mistakes stop the load) but only that pipeline's
    groups are resolved and validated (`vllmci check` validates them all).

    Definitions are values: from its second load in a process on, a directory whose
    files are byte for byte those of a memoised load gives that catalog again (a
    replay, a review or a test suite loads the same definitions many times). Any
    changed, added or removed file (a script a definition reads included) loads
    them afresh."""
    where = (str(directory.resolve()), pipeline)
    if where not in _ONCE:
        _ONCE.add(where)
        return _load(directory, pipeline)
    key = (where[0], _fingerprint(directory), pipeline)
    found = _LOADED.get(key)
    if found is None:
        found = _load(directory, pipeline)
        if len(_LOADED) >= _KEEP:
            del _LOADED[next(iter(_LOADED))]
        _LOADED[key] = found
    return found


def _fingerprint(directory: Path) -> str:
    """A digest of every file below `directory` (bytecode caches aside): names and bytes."""
    digest = hashlib.sha256()
    for top, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = os.path.join(top, name)
            with open(path, "rb") as file:
                digest.update(os.path.relpath(path, directory).encode() + b"\0"
                              + file.read() + b"\0")
    return digest.hexdigest()


def _load(directory: Path, pipeline: str | None) -> Catalog:
    loaded = load_directory(directory)
    inventory = _single(loaded, Inventory, directory)
    run_alls = _per_pipeline(loaded, RunAll)
    run_all = next((r for r in run_alls if r.pipeline == "test"),
                   RunAll(patterns=(), origin=Origin()))
    all_settings = _per_pipeline(loaded, Settings)
    settings = next((s for s in all_settings if s.pipeline == "test"), Settings(origin=Origin()))
    by_pipeline = {s.pipeline: s for s in all_settings}
    policy = _optional_single(loaded, MirrorPolicy) or MirrorPolicy(origin=Origin())
    groups = sorted(loaded.of_type(Group), key=lambda g: g.rank)
    errors: list[DefinitionError] = []
    resolved = [g for g in groups if pipeline is None or g.pipeline == pipeline]
    items = _ordered(list(_resolve(resolved, inventory, policy, errors,
                                   lambda name: by_pipeline.get(name, settings))), groups)
    entries = [i for i in items if isinstance(i, Entry)]
    gates = [i for i in items if isinstance(i, GateEntry)]
    elsewhere = {item.key: g.pipeline for g in groups if pipeline not in (None, g.pipeline)
                 for item in g.steps}
    errors.extend(validate_entries(entries, gates, {g.key: g for g in groups if g.key},
                                   elsewhere))
    if not errors:
        for name in dict.fromkeys(i.pipeline for i in items):
            errors.extend(gate_problems([e for e in entries if e.pipeline == name],
                                        [g for g in gates if g.pipeline == name]))
    if errors:
        raise DefinitionErrors(errors)
    return Catalog(tuple(entries), run_all, inventory, loaded.directory, settings, tuple(groups),
                   tuple(gates), tuple((i.pipeline, i.key) for i in items), tuple(all_settings),
                   tuple(run_alls))


def _per_pipeline(loaded: Loaded, kind: type) -> list:
    """At most one `Settings` (or `RunAll`) per pipeline."""
    found: list = loaded.of_type(kind)
    for pipeline in {s.pipeline for s in found}:
        same = [s for s in found if s.pipeline == pipeline]
        if len(same) > 1:
            origins = ", ".join(str(x.origin) for x in same)
            raise DefinitionError(f"more than one {kind.__name__} for the {pipeline} "
                                  f"pipeline: {origins}")
    return found


def _single(loaded: Loaded, kind: type, directory: Path) -> object:
    found = loaded.of_type(kind)
    if len(found) != 1:
        raise DefinitionError(
            f"definitions must hold exactly one {kind.__name__}, found {len(found)}",
            file=str(directory))
    return found[0]


def _optional_single(loaded: Loaded, kind: type) -> object | None:
    found = loaded.of_type(kind)
    if len(found) > 1:
        origins = ", ".join(str(x.origin) for x in found)
        raise DefinitionError(f"more than one {kind.__name__}: {origins}")
    return found[0] if found else None


def _ordered(items: list[Item], groups: list[Group]) -> list[Item]:
    """Groups by name (vLLM sorts them so; `Group.order` first), each group's steps
    in definition order. The mirror policy's group has no `Group`: it goes by name."""
    ranks = {g.name: g.rank for g in groups}
    names = sorted({i.group for i in items}, key=lambda n: ranks.get(n, (True, 0, n)))
    return [i for name in names for i in items if i.group == name]


def _resolve(groups: list[Group], inventory: Inventory, policy: MirrorPolicy,
             errors: list[DefinitionError],
             settings_of: Callable[[str], Settings]) -> Iterator[Item]:
    members = _group_members(groups)
    for group in groups:
        settings = settings_of(group.pipeline)
        for item in group.steps:
            if isinstance(item, Gate | Input):
                yield _gate_entry(group, item, members)
            else:
                step = _inherit(group, item, members)
                for entry in _entries_for(group, step, inventory, policy, errors):
                    yield _in_pipeline(entry, settings)


def _in_pipeline(entry: Entry, settings: Settings) -> Entry:
    """What the pipeline's `Settings` say about each of its steps: how dependency
    entries match (`matching`), the runner of its GPU jobs (`gpu_runner`), what its
    block steps wait for (`block_after`)."""
    changes: dict[str, Any] = {}
    if settings.matching == "prefix":
        changes["rule"] = PathRule.from_entries(entry.step.paths, matching="prefix")
    if settings.gpu_runner is not None and entry.device.gpu:
        changes["device"] = attrs.evolve(entry.device, runner=settings.gpu_runner)
    if (settings.block_after and entry.block_after is None
            and settings.block_after in entry.depends_on):
        changes["block_after"] = settings.block_after
    return attrs.evolve(entry, **changes) if changes else entry


def _group_members(groups: list[Group]) -> dict[str, tuple[str, ...]]:
    """Group key -> the keys of its steps, gates and inputs."""
    return {g.key: tuple(item.key for item in g.steps) for g in groups if g.key}


def _expand(keys: tuple[str, ...], members: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Dependencies, with a group key standing for everything in the group."""
    return tuple(dict.fromkeys(k for key in keys for k in members.get(key, (key,))))


def _gate_entry(group: Group, gate: AnyGate,
                members: Mapping[str, tuple[str, ...]]) -> GateEntry:
    depends_on = gate.depends_on if gate.depends_on is not None else group.depends_on
    return GateEntry(gate, group.name, _expand(depends_on, members), group.pipeline)


def _inherit(group: Group, step: Step, members: Mapping[str, tuple[str, ...]]) -> Step:
    depends_on = step.depends_on if step.depends_on is not None else group.depends_on
    depends_on = _expand(depends_on, members) if members else depends_on
    working_dir = step.working_dir or group.working_dir
    always_run = step.always_run or group.always_run
    if (depends_on, working_dir, always_run) == (step.depends_on, step.working_dir,
                                                 step.always_run):
        return step
    return replace(step, depends_on=depends_on, working_dir=working_dir,
                   always_run=always_run)


def _entries_for(group: Group, step: Step, inventory: Inventory, policy: MirrorPolicy,
                 errors: list[DefinitionError]) -> Iterator[Entry]:
    device = inventory.by_name.get(step.device or inventory.default)
    if group.pipeline == policy.pipeline and governs(policy, device):
        shaped = amd_step(step, policy)  # an AMD step: in the policy's group, shaped by it
        entry = _entry(policy.group, shaped, inventory, errors, field="device")
        if entry is not None:
            yield attrs.evolve(entry, pipeline=group.pipeline, **amd_step_block(shaped, policy))
    else:
        entry = _entry(group.name, step, inventory, errors, field="device")
        if entry is not None:
            yield attrs.evolve(entry, pipeline=group.pipeline)
    if step.amd is not None:
        mirror = mirror_step(step, policy)
        entry = _entry(policy.group, mirror, inventory, errors, field="amd.device")
        if entry is not None:
            yield attrs.evolve(entry, mirror_of=step.key, pipeline=group.pipeline,
                               **mirror_block(step, mirror, policy))


def _entry(group: str, step: Step, inventory: Inventory,
           errors: list[DefinitionError], field: str) -> Entry | None:
    try:
        device = inventory.lookup(step.device, origin=step.origin, key=step.key, field=field)
    except DefinitionError as error:
        errors.append(error)
        return None
    queue = device.queue_for(step.num_devices)
    if queue is None:
        errors.append(err(step, "num_devices", f"{step.num_devices} devices exceed "
                          f"{device.name}'s maximum of {device.max_devices}"))
        return None
    return Entry(step, group, device, queue, tuple(step.depends_on or ()),
                 PathRule.from_entries(step.paths))
