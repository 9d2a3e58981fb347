"""`mirror: {amd: {...}}` on a YAML step -> `amd=AmdMirror(...)`.

The mirror keeps only its own fields: the engine merges the parent's
dependency entries, env, working directory and commands, as vLLM does.
"""

from __future__ import annotations

from vllmci.importer import rules
from vllmci.importer.fields import StepReader
from vllmci.importer.model import Field, Item, MirrorModel, StepModel

NO_EQUIVALENT_FIELDS = frozenset({"no_gpu", "concurrency", "concurrency_group", "agent_tags",
                                  "num_nodes"})


def translate_mirror(parent: StepReader, step: StepModel) -> None:
    found = parent.raw("mirror")
    if found is None:
        return
    if not found.is_mapping:
        raise parent.error("mirror", f"must be a mapping, got {found.value!r}", found)
    for name, _, value in found.entries():
        if name != "amd":
            parent.note(f"mirror.{name}", value.value, "unknown mirror: " + rules.IGNORED)
    amd = found.get("amd")
    if amd is None or amd.value is None:
        return
    if not amd.is_mapping:
        raise parent.error("mirror.amd", f"must be a mapping, got {amd.value!r}", amd)
    reader = StepReader(amd, key=parent.key, prefix="mirror.amd.")
    mirror = MirrorModel(line=amd.line)
    _fields(reader, mirror)
    for name, value in reader.unread():
        reader.note(name, value.value, _leftover(name, parent))
    parent.notes.extend(reader.notes)
    step.set("amd", mirror)


def _leftover(name: str, parent: StepReader) -> str:
    """Why a mirror field was not imported, as vLLM's generator sees it."""
    if name == "parallelism":
        found = parent.node.get("parallelism")
        shards = found.value if found is not None and found.value else None
        takes = f"the step's parallelism ({shards})" if shards else \
            "the step's parallelism (none: one job)"
        return f"ignored by vLLM's generator: the mirror takes {takes}; not imported"
    if name == "key":
        return f"ignored by vLLM's generator: the mirror's key is amd-{parent.key}; not imported"
    if name in NO_EQUIVALENT_FIELDS:
        return rules.NO_EQUIVALENT
    return "unknown field: " + rules.IGNORED


def _set(reader: StepReader, mirror: MirrorModel, name: str, value: object,
         yaml_name: str | None = None) -> None:
    mirror.fields[name] = Field(name, value, reader.trailing(yaml_name or name))


def _fields(reader: StepReader, mirror: MirrorModel) -> None:
    device = reader.text("device", interpolated=False)
    if not device:
        raise reader.error("device", "an AMD mirror needs a device")
    _set(reader, mirror, "device", device)
    label = reader.text("label")
    if label:
        _set(reader, mirror, "label", label)
    _devices(reader, mirror)
    timeout = reader.integer("timeout_in_minutes")
    if timeout:
        _set(reader, mirror, "timeout", timeout, "timeout_in_minutes")
    commands = reader.strings("commands", commands=True)
    _working_dir(reader, mirror, has_commands=bool(commands))
    for name in ("optional", "soft_fail"):
        flag = reader.flag(name)
        if flag is not None:
            _set(reader, mirror, name, flag)
    depends_on = [i.value for i in reader.strings("depends_on") or []]
    mirror.fields["depends_on"] = Field("depends_on", [
        Item(d) for d in rules.normalise_mirror_dependencies(depends_on)])
    paths = reader.strings("source_file_dependencies")
    if paths:
        _set(reader, mirror, "paths", paths, "source_file_dependencies")
    env = reader.mapping("env")
    if env:
        _set(reader, mirror, "env", env)
    if reader.flag("no_plugin"):
        _set(reader, mirror, "no_plugin", True)
    if reader.flag("dind") is False:
        _set(reader, mirror, "dind", False)
    if commands:
        _set(reader, mirror, "commands", commands)


def _devices(reader: StepReader, mirror: MirrorModel) -> None:
    count = reader.integer("num_devices")
    gpus = reader.integer("num_gpus")
    if count and gpus and gpus != count:
        reader.note("num_gpus", gpus, "num_devices wins in vLLM's generator; not imported")
    if count or gpus:
        _set(reader, mirror, "num_devices", count or gpus,
             "num_devices" if count else "num_gpus")


def _working_dir(reader: StepReader, mirror: MirrorModel, has_commands: bool) -> None:
    working_dir = reader.text("working_dir")
    if not working_dir:
        return
    if has_commands:
        _set(reader, mirror, "working_dir", working_dir)
    else:
        reader.note("working_dir", working_dir, "ignored by vLLM's generator (a mirror's "
                    "working_dir only applies to its own commands); not imported")
