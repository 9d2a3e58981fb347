"""The catalog's values: each step resolved against its group and the hardware
inventory (`Entry`), each gate (`GateEntry`), and the `Catalog` that holds them."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import attrs

from vllmci.catalog.paths import PathRule
from vllmci.define.gates import AnyGate
from vllmci.define.hardware import Device, Inventory
from vllmci.define.origin import Origin
from vllmci.define.step import Group, RunAll, Settings, Step
from vllmci.errors import UsageError
from vllmci.values import frozen


@frozen
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
    block: str | None = None
    """Its block step's key when not `block-<key>` (the mirror policy's `block_key`)."""
    block_label: str | None = None
    """Its block step's label when not `Run <label>`."""
    block_after: str | None = None
    """The dependency its block step waits for, and follows in its `depends_on`."""

    @property
    def key(self) -> str:
        return self.step.key


@frozen
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


@frozen
class Catalog:
    entries: tuple[Entry, ...]
    run_all: RunAll
    inventory: Inventory
    directory: Path
    settings: Settings = attrs.field(factory=lambda: Settings(origin=Origin()))
    groups: tuple[Group, ...] = ()
    gates: tuple[GateEntry, ...] = ()
    """Gates and inputs: the steps that wait for a person."""
    order: tuple[tuple[str, str], ...] = ()
    """(pipeline, key) of steps and gates in the order they are emitted (empty: `entries`)."""
    pipeline_settings: tuple[Settings, ...] = ()
    run_alls: tuple[RunAll, ...] = ()
    """Each pipeline's own run-all rule; `run_all` is the one in force (a pipeline
    without its own uses the test pipeline's)."""

    @functools.cached_property
    def by_key(self) -> dict[str, Entry]:
        """Steps by key. Keys are unique within a pipeline; in a catalog of several
        pipelines a key that several use names the test pipeline's step (narrow the
        catalog with `for_pipeline` first)."""
        return _first_by_key(self.entries)

    @functools.cached_property
    def gate_by_key(self) -> dict[str, GateEntry]:
        return _first_by_key(self.gates)

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
        items = {(i.pipeline, i.key): i for i in (*self.entries, *self.gates)}
        if len(self.order) != len(items) or set(self.order) != set(items):
            yield from (*self.entries, *self.gates)
            return
        for slot in self.order:
            yield items[slot]

    def named(self, pipeline: str, where: str) -> Catalog:
        """`for_pipeline(pipeline)`, or a usage error naming `where` the catalog came
        from and the pipelines it defines."""
        if pipeline not in self.pipelines():
            known = ", ".join(self.pipelines()) or "none"
            raise UsageError(f"--pipeline {pipeline}: no such pipeline in {where} "
                             f"(defined: {known})")
        return self.for_pipeline(pipeline)

    def for_pipeline(self, name: str) -> Catalog:
        """Only the steps (and their mirrors) and gates of pipeline `name`, with its
        settings and run-all rule."""
        entries = tuple(e for e in self.entries if e.pipeline == name)
        gates = tuple(g for g in self.gates if g.pipeline == name)
        return attrs.evolve(self, entries=entries, gates=gates,
                            order=tuple(s for s in self.order if s[0] == name),
                            settings=self.settings_of(name), run_all=self.run_all_of(name))

    def run_all_of(self, pipeline: str) -> RunAll:
        """The pipeline's own run-all rule, else the test pipeline's."""
        found = [r for r in self.run_alls if r.pipeline == pipeline]
        return found[0] if found else next(
            (r for r in self.run_alls if r.pipeline == "test"), self.run_all)

    def only(self, pipeline: str) -> Catalog:
        """`for_pipeline(pipeline)` when this catalog mixes pipelines; else itself."""
        held = {i.pipeline for i in (*self.entries, *self.gates)}
        return self.for_pipeline(pipeline) if len(held) > 1 else self

    def settings_of(self, pipeline: str) -> Settings:
        found = [s for s in self.pipeline_settings if s.pipeline == pipeline]
        return found[0] if found else self.settings

    def pipelines(self) -> tuple[str, ...]:
        return tuple(sorted({g.pipeline for g in self.groups}))


def _first_by_key(items: tuple) -> dict:
    """key -> item; the test pipeline's item where several pipelines use a key."""
    table: dict = {}
    for item in items:
        if item.key not in table or (item.pipeline == "test"
                                     and table[item.key].pipeline != "test"):
            table[item.key] = item
    return table
