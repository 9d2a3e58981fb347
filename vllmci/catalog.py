"""Stage 3: the definitions, loaded and validated, as a catalog of resolved steps."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from pathlib import Path

import attrs

from vllmci.catalog_rules import (
    BLOCK_PREFIX,
    KEY_PATTERN,
    MAX_KEY_LENGTH,
    UUID_SHAPE,
    err,
    validate_entries,
)
from vllmci.context import BuildContext
from vllmci.define import Gate, Group, Input, MirrorPolicy, RunAll, Settings, Step
from vllmci.define_gates import AnyGate
from vllmci.errors import DefinitionError, DefinitionErrors
from vllmci.hardware import Device, Inventory
from vllmci.loader import Loaded, load_directory
from vllmci.mirrors import mirror_step
from vllmci.origin import Origin
from vllmci.paths import PathRule

__all__ = ["BLOCK_PREFIX", "KEY_PATTERN", "MAX_KEY_LENGTH", "UUID_SHAPE", "Catalog", "Entry",
           "GateEntry", "load_catalog", "validate_entries"]


@attrs.frozen
class Entry:
    """A step resolved against its group and the hardware inventory."""

    step: Step
    group: str
    device: Device
    queue: str
    depends_on: tuple[str, ...]
    rule: PathRule
    mirror_of: str | None = None
    pipeline: str = "test"

    @property
    def key(self) -> str:
        return self.step.key

    def queue_in(self, ctx: BuildContext) -> str:
        """The queue in this build (some devices use other queues on the default branch)."""
        queue = self.device.queue_for(self.step.num_devices, main=ctx.on_default_branch)
        return queue or self.queue


@attrs.frozen
class GateEntry:
    """A gate or input resolved against its group."""

    gate: AnyGate
    group: str
    depends_on: tuple[str, ...]
    pipeline: str = "test"

    @property
    def key(self) -> str:
        return self.gate.key

    @property
    def label(self) -> str:
        return self.gate.label


Item = Entry | GateEntry


@attrs.frozen
class Catalog:
    entries: tuple[Entry, ...]
    run_all: RunAll
    inventory: Inventory
    directory: Path
    settings: Settings = attrs.field(factory=lambda: Settings(origin=Origin()))
    groups: tuple[Group, ...] = ()
    gates: tuple[GateEntry, ...] = ()
    """Gates and inputs: the steps that wait for a person."""
    order: tuple[str, ...] = ()
    """Keys of steps and gates in the order they are emitted (empty: `entries`)."""
    pipeline_settings: tuple[Settings, ...] = ()

    @functools.cached_property
    def by_key(self) -> dict[str, Entry]:
        return {entry.key: entry for entry in self.entries}

    @functools.cached_property
    def gate_by_key(self) -> dict[str, GateEntry]:
        return {gate.key: gate for gate in self.gates}

    @functools.cached_property
    def top_level(self) -> frozenset[str]:
        """Names of the groups whose steps are emitted at the top of the pipeline."""
        return frozenset(g.name for g in self.groups if g.top_level)

    @functools.cached_property
    def group_keys(self) -> dict[str, str]:
        """Group name -> the key of its Buildkite group."""
        return {g.name: g.key for g in self.groups if g.key}

    def depends_on_of(self, key: str) -> tuple[str, ...]:
        """What a step, gate or input waits for."""
        item = self.by_key.get(key) or self.gate_by_key[key]
        return item.depends_on

    def items(self) -> Iterator[Item]:
        """Steps and gates in the order they are emitted (a catalog made by hand, or
        evolved without its `order`: its entries, then its gates)."""
        keys = [*self.by_key, *self.gate_by_key]
        if len(self.order) != len(keys) or set(self.order) != set(keys):
            yield from (*self.entries, *self.gates)
            return
        for key in self.order:
            yield self.by_key.get(key) or self.gate_by_key[key]

    def for_pipeline(self, name: str) -> Catalog:
        """Only the steps (and their mirrors) and gates of pipeline `name`, with its settings."""
        entries = tuple(e for e in self.entries if e.pipeline == name)
        gates = tuple(g for g in self.gates if g.pipeline == name)
        keys = {e.key for e in entries} | {g.key for g in gates}
        return attrs.evolve(self, entries=entries, gates=gates,
                            order=tuple(k for k in self.order if k in keys),
                            settings=self.settings_of(name))

    def only(self, pipeline: str) -> Catalog:
        """`for_pipeline(pipeline)` when this catalog mixes pipelines; else itself."""
        held = {i.pipeline for i in (*self.entries, *self.gates)}
        return self.for_pipeline(pipeline) if len(held) > 1 else self

    def settings_of(self, pipeline: str) -> Settings:
        found = [s for s in self.pipeline_settings if s.pipeline == pipeline]
        return found[0] if found else self.settings

    def pipelines(self) -> tuple[str, ...]:
        return tuple(sorted({g.pipeline for g in self.groups}))


def load_catalog(directory: Path) -> Catalog:
    """Load, resolve and validate every definition below `directory`."""
    from vllmci.gates import gate_problems

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
