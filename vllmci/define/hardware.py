"""The hardware inventory's types: devices by name, each with its queues and runner.

The data (vLLM's devices) lives in the definitions (`pipelines/hardware.py`);
this module only says what a device is and how its queue is chosen.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from vllmci.context import as_tuple
from vllmci.define.origin import Origin, caller_origin
from vllmci.define.runners import Plain, Runner
from vllmci.errors import DefinitionError, did_you_mean
from vllmci.values import frozen


def _queue_table(value: str | Mapping[int, str] | tuple[tuple[int, str], ...]
                 ) -> tuple[tuple[int, str], ...]:
    if isinstance(value, str):
        return ((1 << 30, value),)
    if isinstance(value, tuple):  # already a table (`attrs.evolve` of a device)
        return value
    return tuple(sorted(value.items()))


@frozen
class Device:
    """A kind of agent. `queues` maps an upper bound on devices to the queue;
    `main_queues`, when given, replaces it on builds of the default branch.
    `retry` rules come before a step's own; `timeout` is the default for its steps.
    """

    name: str
    queues: tuple[tuple[int, str], ...] = attrs.field(converter=_queue_table)
    runner: Runner = attrs.field(factory=Plain)
    main_queues: tuple[tuple[int, str], ...] | None = attrs.field(
        default=None, converter=lambda v: None if v is None else _queue_table(v))
    retry: tuple[Any, ...] = attrs.field(default=(), converter=as_tuple)
    timeout: int | None = None
    vendor: str = "nvidia"
    gpu: bool = True
    image_variant: str = ""
    aliases: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)
    origin: Origin = attrs.field(factory=caller_origin, eq=False, repr=False)

    @property
    def max_devices(self) -> int:
        return self.queues[-1][0]

    def queue_for(self, count: int, main: bool = False) -> str | None:
        """The queue for a job needing `count` devices, or None if too many."""
        table = self.main_queues if main and self.main_queues else self.queues
        for bound, queue in table:
            if count <= bound:
                return queue
        return None


@frozen
class Inventory:
    """Every device by name; `default` is the device of a step that names none."""

    devices: tuple[Device, ...] = attrs.field(converter=as_tuple)
    default: str
    origin: Origin = attrs.field(factory=caller_origin, eq=False, repr=False)

    @functools.cached_property
    def by_name(self) -> dict[str, Device]:
        table: dict[str, Device] = {}
        for device in self.devices:
            for name in (device.name, *device.aliases):
                table[name] = device
        return table

    def names(self) -> Iterable[str]:
        return self.by_name.keys()

    def lookup(self, name: str | None, *, origin: Origin, key: str, field: str) -> Device:
        wanted = name or self.default
        device = self.by_name.get(wanted)
        if device is None:
            raise DefinitionError(
                f"unknown device {wanted!r}" + did_you_mean(wanted, self.names()),
                file=origin.file, line=origin.line, key=key, field=field,
            )
        return device
