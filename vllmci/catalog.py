"""Stage 3: the definitions, loaded and validated, as a catalog of resolved steps."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

import attrs

from vllmci.context import BuildContext
from vllmci.define import Group, MirrorPolicy, RunAll, Settings, Step
from vllmci.errors import DefinitionError, DefinitionErrors, did_you_mean
from vllmci.hardware import Device, Inventory
from vllmci.loader import Loaded, load_directory
from vllmci.mirrors import mirror_step
from vllmci.origin import Origin
from vllmci.paths import PathRule

KEY_PATTERN = re.compile(r"^[a-zA-Z0-9_\-:.,]+$")
MAX_KEY_LENGTH = 100
BLOCK_PREFIX = "block-"
UUID_SHAPE = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")


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

    @property
    def key(self) -> str:
        return self.step.key

    def queue_in(self, ctx: BuildContext) -> str:
        """The queue in this build (some devices use other queues on the default branch)."""
        queue = self.device.queue_for(self.step.num_devices, main=ctx.on_default_branch)
        return queue or self.queue


@attrs.frozen
class Catalog:
    entries: tuple[Entry, ...]
    run_all: RunAll
    inventory: Inventory
    directory: Path
    settings: Settings = attrs.field(factory=lambda: Settings(origin=Origin()))
    groups: tuple[Group, ...] = ()

    @functools.cached_property
    def by_key(self) -> dict[str, Entry]:
        return {entry.key: entry for entry in self.entries}

    def for_pipeline(self, name: str) -> Catalog:
        """Only the steps (and their mirrors) of groups that belong to pipeline `name`."""
        names = {g.name for g in self.groups if g.pipeline == name}
        kept = tuple(e for e in self.entries if self._home_group(e) in names)
        return attrs.evolve(self, entries=kept)

    def _home_group(self, entry: Entry) -> str:
        return self.by_key[entry.mirror_of].group if entry.mirror_of else entry.group

    def pipelines(self) -> tuple[str, ...]:
        return tuple(sorted({g.pipeline for g in self.groups}))


def load_catalog(directory: Path) -> Catalog:
    """Load, resolve and validate every definition below `directory`."""
    loaded = load_directory(directory)
    inventory = _single(loaded, Inventory, directory)
    run_all = _optional_single(loaded, RunAll) or RunAll(patterns=(), origin=Origin())
    settings = _optional_single(loaded, Settings) or Settings(origin=Origin())
    policy = _optional_single(loaded, MirrorPolicy) or MirrorPolicy(origin=Origin())
    groups = sorted(loaded.of_type(Group), key=lambda g: g.name)
    errors: list[DefinitionError] = []
    entries = _ordered(list(_resolve(groups, inventory, policy, errors)))
    errors.extend(validate_entries(entries))
    if errors:
        raise DefinitionErrors(errors)
    return Catalog(tuple(entries), run_all, inventory, loaded.directory, settings, tuple(groups))


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


def _ordered(entries: list[Entry]) -> list[Entry]:
    """Groups by name (vLLM sorts them so), each group's steps in definition order."""
    names = sorted({e.group for e in entries})
    return [e for name in names for e in entries if e.group == name]


def _resolve(groups: list[Group], inventory: Inventory, policy: MirrorPolicy,
             errors: list[DefinitionError]) -> Iterator[Entry]:
    for group in groups:
        for step in group.steps:
            yield from _entries_for(group, _inherit(group, step), inventory, policy, errors)


def _inherit(group: Group, step: Step) -> Step:
    depends_on = step.depends_on if step.depends_on is not None else group.depends_on
    working_dir = step.working_dir or group.working_dir
    if depends_on == step.depends_on and working_dir == step.working_dir:
        return step
    return attrs.evolve(step, depends_on=depends_on, working_dir=working_dir,
                        origin=step.origin)


def _entries_for(group: Group, step: Step, inventory: Inventory, policy: MirrorPolicy,
                 errors: list[DefinitionError]) -> Iterator[Entry]:
    entry = _entry(group.name, step, inventory, errors, field="device")
    if entry is not None:
        yield entry
    if step.amd is not None:
        mirror = mirror_step(step, policy)
        entry = _entry(policy.group, mirror, inventory, errors, field="amd.device")
        if entry is not None:
            yield attrs.evolve(entry, mirror_of=step.key)


def _entry(group: str, step: Step, inventory: Inventory,
           errors: list[DefinitionError], field: str) -> Entry | None:
    try:
        device = inventory.lookup(step.device, origin=step.origin, key=step.key, field=field)
    except DefinitionError as error:
        errors.append(error)
        return None
    queue = device.queue_for(step.num_devices)
    if queue is None:
        errors.append(_err(step, "num_devices", f"{step.num_devices} devices exceed "
                           f"{device.name}'s maximum of {device.max_devices}"))
        return None
    return Entry(step, group, device, queue, tuple(step.depends_on or ()),
                 PathRule.from_entries(step.paths))


def _err(step: Step, field: str, message: str) -> DefinitionError:
    return DefinitionError(message, file=step.origin.file, line=step.origin.line,
                           key=step.key, field=field)


def validate_entries(entries: list[Entry]) -> list[DefinitionError]:
    """Cross-step rules: keys, dependencies, concurrency, cycles."""
    errors: list[DefinitionError] = []
    seen: dict[str, Step] = {}
    for entry in entries:
        errors.extend(_key_problems(entry.step, seen))
        seen.setdefault(entry.key, entry.step)
        if entry.step.concurrency and not entry.step.concurrency_group:
            errors.append(_err(entry.step, "concurrency", "needs concurrency_group as well"))
    for entry in entries:
        for target in entry.depends_on:
            if target not in seen:
                errors.append(_err(entry.step, "depends_on", f"unknown step key {target!r}"
                                   + _suggest(target, seen)))
    errors.extend(_cycles(entries, seen))
    return errors


def _suggest(word: str, keys: dict[str, Step]) -> str:
    return did_you_mean(word, keys)


def _key_problems(step: Step, seen: dict[str, Step]) -> Iterator[DefinitionError]:
    key = step.key
    if key in seen:
        yield _err(step, "key", f"duplicate key, first defined at {seen[key].origin}")
    if not KEY_PATTERN.match(key):
        yield _err(step, "key", "may only hold letters, digits and _ - : . ,")
    if len(key) + len(BLOCK_PREFIX) > MAX_KEY_LENGTH:
        yield _err(step, "key", f"is longer than {MAX_KEY_LENGTH - len(BLOCK_PREFIX)} "
                   f"characters (its block step '{BLOCK_PREFIX}<key>' must fit in "
                   f"{MAX_KEY_LENGTH})")
    if key.startswith(BLOCK_PREFIX):
        yield _err(step, "key", f"must not start with {BLOCK_PREFIX!r}: vllmci names block "
                   "steps so")
    if UUID_SHAPE.match(key):
        yield _err(step, "key", "must not look like a UUID")


def _cycles(entries: list[Entry], seen: dict[str, Step]) -> Iterator[DefinitionError]:
    graph = {e.key: [d for d in e.depends_on if d in seen] for e in entries}
    state: dict[str, int] = {}
    for start in graph:
        cycle = _find_cycle(start, graph, state, [])
        if cycle:
            yield _err(seen[cycle[0]], "depends_on", "dependency cycle: " + " -> ".join(cycle))
            return


def _find_cycle(node: str, graph: dict[str, list[str]], state: dict[str, int],
                path: list[str]) -> list[str] | None:
    if state.get(node) == 2:
        return None
    if state.get(node) == 1:
        return [*path[path.index(node):], node]
    state[node] = 1
    for nxt in graph.get(node, ()):
        found = _find_cycle(nxt, graph, state, [*path, node])
        if found:
            return found
    state[node] = 2
    return None
