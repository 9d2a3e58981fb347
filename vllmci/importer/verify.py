"""Checks on the imported model before anything is written.

Building the definition objects that the generated modules will build catches
bad values with the YAML file, line, step and field; device names are checked
against a hardware inventory; keys against Buildkite's rules.
"""

from __future__ import annotations

import sys
from collections.abc import Collection
from pathlib import Path

from vllmci.catalog.modules import load_directory
from vllmci.catalog.rules import KEY_PATTERN, MAX_KEY_LENGTH
from vllmci.define.hardware import Inventory
from vllmci.define.origin import Origin
from vllmci.define.step import AmdMirror, AutoRetry, Group, Step
from vllmci.errors import DefinitionError, DefinitionErrors, did_you_mean
from vllmci.importer.model import GroupModel, Note, Retry, StepModel

DEFINITIONS_PACKAGE = "_vllmci_definitions_"
"""The prefix of the package names `vllmci.catalog.modules` imports definitions under."""


def validate(groups: list[GroupModel]) -> None:
    """Raise every problem at once, each naming the YAML file and step."""
    errors: list[DefinitionError] = []
    for group in groups:
        try:
            build_group(group)
        except DefinitionErrors as many:
            errors.extend(many.errors)
        except DefinitionError as error:
            errors.append(error)
    if errors:
        raise DefinitionErrors(errors)


def build_group(group: GroupModel) -> Group:
    """The objects the generated module creates (so the module will load)."""
    steps, errors = [], []
    for step in group.steps:
        try:
            steps.append(build_step(group.source, step))
        except DefinitionError as error:
            errors.append(error)
    if errors:
        raise DefinitionErrors(errors)
    return Group(name=group.name, steps=steps, depends_on=group.depends_on,
                 working_dir=group.working_dir, pipeline=group.pipeline,
                 origin=Origin(group.source, group.line))


def build_step(file: str, step: StepModel) -> Step:
    kwargs = step.plain()
    kwargs["retry"] = [_retry(file, step, r) for r in kwargs.get("retry", [])]
    mirror = step.mirror
    if mirror is not None:
        kwargs["amd"] = AmdMirror(origin=Origin(file, mirror.line), **mirror.plain())
    return Step(origin=Origin(file, step.line), **kwargs)


def _retry(file: str, step: StepModel, rule: Retry) -> AutoRetry:
    try:
        return AutoRetry(exit_status=rule.exit_status, signal_reason=rule.signal_reason,
                         limit=rule.limit)
    except (TypeError, ValueError) as exc:
        raise DefinitionError(f"bad automatic retry: {exc}", file=file, line=step.line,
                              key=step.key, field="retry") from None


def device_names(directory: Path) -> set[str]:
    """The device names of the inventory defined below `directory`.

    The definitions are imported for this and then forgotten, so that a later
    load in the same process sees the files as they are then.
    """
    before = set(sys.modules)
    try:
        inventories = load_directory(directory).of_type(Inventory)
    finally:
        for name in set(sys.modules) - before:
            if name.startswith(DEFINITIONS_PACKAGE):
                del sys.modules[name]
    if len(inventories) != 1:
        raise DefinitionError(f"holds {len(inventories)} inventories, not one",
                              file=str(directory))
    return set(inventories[0].names())


UNKNOWN_DEVICE = ("imported without a device, so it runs on the inventory's default (vLLM's "
                  "generator sends a device it does not know to the L4 queues); add the "
                  "device to the inventory and import again")
UNKNOWN_MIRROR = ("imported without its AMD mirror (it cannot run without its device); add "
                  "the device to the inventory and import again")


def drop_unknown_devices(groups: list[GroupModel], names: Collection[str]) -> None:
    """Device names missing from the inventory are dropped, so that the definitions
    load: a step's device (the step runs on the default device, as vLLM runs a device
    it does not know on the L4 queues) and a mirror (it cannot run without its AMD
    device). The notes go with the step, and into the module as comments."""
    for group in groups:
        for step in group.steps:
            device = step.value("device")
            if device is not None and device not in names:
                del step.fields["device"]
                step.notes.append(Note(group.source, step.key, "device", device,
                                       "not in the hardware inventory" +
                                       did_you_mean(device, names) + ": " + UNKNOWN_DEVICE))
            mirror = step.mirror
            device = None if mirror is None else mirror.plain().get("device")
            if device is not None and device not in names:
                del step.fields["amd"]
                step.notes.append(Note(group.source, step.key, "mirror.amd.device", device,
                                       "not in the hardware inventory" +
                                       did_you_mean(device, names) + ": " + UNKNOWN_MIRROR))


def key_problems(groups: list[GroupModel]) -> list[Note]:
    notes, seen = [], {}
    for group in groups:
        for step in group.steps:
            key = step.key
            if not KEY_PATTERN.match(key) or len(key) > MAX_KEY_LENGTH:
                notes.append(Note(group.source, key, "key", key, "not a valid Buildkite "
                                  f"key (letters, digits, _-:., at most {MAX_KEY_LENGTH})"))
            if key in seen:
                notes.append(Note(group.source, key, "key", key,
                                  f"duplicate key, also in {seen[key]}"))
            seen.setdefault(key, group.source)
    return notes
