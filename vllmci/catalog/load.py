"""Loading: the definition modules below a directory, resolved and validated into a `Catalog`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import attrs

from vllmci.catalog.gates import gate_problems
from vllmci.catalog.mirrors import mirror_step
from vllmci.catalog.model import Catalog, Entry, GateEntry, Item
from vllmci.catalog.modules import Loaded, load_directory
from vllmci.catalog.paths import PathRule
from vllmci.catalog.rules import (
    err,
    validate_entries,
)
from vllmci.define.gates import AnyGate
from vllmci.define.hardware import Inventory
from vllmci.define.origin import Origin
from vllmci.define.step import Gate, Group, Input, MirrorPolicy, RunAll, Settings, Step
from vllmci.errors import DefinitionError, DefinitionErrors

__all__ = ["load_catalog"]


def load_catalog(directory: Path) -> Catalog:
    """Load, resolve and validate every definition below `directory`."""
    loaded = load_directory(directory)
    inventory = _single(loaded, Inventory, directory)
    run_all = _optional_single(loaded, RunAll) or RunAll(patterns=(), origin=Origin())
    all_settings = _settings(loaded)
    policy = _optional_single(loaded, MirrorPolicy) or MirrorPolicy(origin=Origin())
    groups = sorted(loaded.of_type(Group), key=lambda g: g.rank)
    errors: list[DefinitionError] = []
    items = _ordered(list(_resolve(groups, inventory, policy, errors)), groups)
    entries = [i for i in items if isinstance(i, Entry)]
    gates = [i for i in items if isinstance(i, GateEntry)]
    errors.extend(validate_entries(entries, gates, {g.key: g for g in groups if g.key}))
    if not errors:
        errors.extend(gate_problems(entries, gates))
    if errors:
        raise DefinitionErrors(errors)
    settings = next((s for s in all_settings if s.pipeline == "test"), Settings(origin=Origin()))
    return Catalog(tuple(entries), run_all, inventory, loaded.directory, settings, tuple(groups),
                   tuple(gates), tuple(i.key for i in items), tuple(all_settings))


def _settings(loaded: Loaded) -> list[Settings]:
    """At most one `Settings` per pipeline."""
    found: list[Settings] = loaded.of_type(Settings)
    for pipeline in {s.pipeline for s in found}:
        same = [s for s in found if s.pipeline == pipeline]
        if len(same) > 1:
            origins = ", ".join(str(x.origin) for x in same)
            raise DefinitionError(f"more than one Settings for the {pipeline} pipeline: "
                                  f"{origins}")
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
             errors: list[DefinitionError]) -> Iterator[Item]:
    members = _group_members(groups)
    for group in groups:
        for item in group.steps:
            if isinstance(item, Gate | Input):
                yield _gate_entry(group, item, members)
            else:
                step = _inherit(group, item, members)
                yield from _entries_for(group, step, inventory, policy, errors)


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
    return attrs.evolve(step, depends_on=depends_on, working_dir=working_dir,
                        always_run=always_run, origin=step.origin)


def _entries_for(group: Group, step: Step, inventory: Inventory, policy: MirrorPolicy,
                 errors: list[DefinitionError]) -> Iterator[Entry]:
    entry = _entry(group.name, step, inventory, errors, field="device")
    if entry is not None:
        yield attrs.evolve(entry, pipeline=group.pipeline)
    if step.amd is not None:
        mirror = mirror_step(step, policy)
        entry = _entry(policy.group, mirror, inventory, errors, field="amd.device")
        if entry is not None:
            yield attrs.evolve(entry, mirror_of=step.key, pipeline=group.pipeline)


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
