"""vLLM's YAML step format (`test_areas/*.yaml`, ...) -> the intermediate model.

One file is one group: `group`, `depends_on` and `steps` at the top. A truthy
file-level `depends_on` is every step's default (a step's own falsy
`depends_on` inherits it) and brings the working directory default.
"""

from __future__ import annotations

from vllmci.errors import DefinitionError
from vllmci.importer import rules
from vllmci.importer.fields import StepReader
from vllmci.importer.mirror import translate_mirror
from vllmci.importer.model import GroupModel, Note, StepModel
from vllmci.importer.source import SourceFile, Value

FILE_FIELDS = frozenset({"group", "depends_on", "steps"})
IGNORED_FIELDS = frozenset({"gpu", "num_gpus", "autorun_on_main"})
NO_EQUIVALENT_FIELDS = frozenset({"no_gpu", "group"})
LEGACY_FIELDS = frozenset({"mirror_hardwares", "fast_check", "fast_check_only", "torch_nightly",
                           "amd_gpu_type", "command"})
"""Fields of the older single-file format: this format's generator does not read them."""
TRACE_FIELDS = frozenset({"trace_represented_job_key", "trace_gpu", "trace_collector_sha256",
                          "trace_subprocess_coverage", "trace_capture_class"})
TRACE_ONLY = ("read by vLLM's generator for its tracing only (it changes neither what runs "
              "nor where); not imported")


def translate_file(source: SourceFile, module: str, constant: str,
                   working_dir: str | None = rules.REPO_WORKING_DIR) -> GroupModel:
    """One YAML file in the step format as one group."""
    root = source.at()
    if root is None or not root.is_mapping:
        raise DefinitionError("must be a mapping with `group`, `depends_on` and `steps`",
                              file=source.display, line=1)
    top = StepReader(root, key=None)
    name = top.text("group", interpolated=False) or rules.DEFAULT_GROUP
    depends_on = [i.value for i in top.strings("depends_on") or []]
    group = GroupModel(name=name, source=source.display, module=module, constant=constant,
                       depends_on=depends_on,
                       working_dir=working_dir if depends_on else None)
    steps = _steps_node(top)
    for field, value in top.unread():
        group.notes.append(Note(source.display, None, field, value.value, rules.IGNORED))
    group.header = source.comments.between(-1, top.key_line("steps"))
    floor = top.key_line("steps")
    for node in steps.elements():
        lead = source.comments.between(floor, node.node.start_mark.line)
        step = translate_step(node, file_has_dependencies=bool(depends_on))
        last = node.last_line
        step.comments = [*lead, *source.comments.between(node.node.start_mark.line - 1,
                                                         last + 1), *step.comments]
        group.steps.append(step)
        floor = last
    group.trailer = source.comments.between(floor, len(source.comments.lines))
    return group


def _steps_node(top: StepReader) -> Value:
    steps = top.raw("steps")
    if steps is None or not steps.is_sequence:
        raise top.error("steps", "must be a list of steps")
    return steps


def translate_step(node: Value, *, file_has_dependencies: bool) -> StepModel:
    """One YAML step; what vLLM's generator would do with each field, as fields."""
    if not node.is_mapping:
        raise DefinitionError(f"a step must be a mapping, got {node.value!r}",
                              file=node.source.display, line=node.line)
    reader = StepReader(node, key=None)
    label = reader.text("label")
    if not label:
        raise reader.error("label", "every step needs a label")
    yaml_key = reader.text("key", interpolated=False)
    reader.key = yaml_key or rules.derive_key(label)
    step = StepModel(reader.key, node.line)
    step.set("key", reader.key, reader.trailing("key"))
    step.set("label", label, reader.trailing("label"))
    _device(reader, step, label)
    _numbers(reader, step)
    _selection(reader, step, file_has_dependencies)
    _job(reader, step, label)
    if rules.always_runs(yaml_key):
        step.set("always_run", True)
    commands = reader.strings("commands", commands=True)
    if not commands:
        raise reader.error("commands", "a step needs at least one command")
    step.set("commands", commands, reader.trailing("commands"))
    mirror = reader.raw("mirror") if rules.is_amd_gpu_device(step.value("device")) else None
    if mirror is not None:
        reader.note("mirror", mirror.value, "ignored by vLLM's generator: a step on an AMD GPU "
                    "runs there itself and has no mirror; not imported")
    else:
        translate_mirror(reader, step)
    _leftovers(reader)
    step.notes.extend(reader.notes)
    return step


def _device(reader: StepReader, step: StepModel, label: str) -> None:
    device = reader.text("device", interpolated=False)
    implied = rules.device_for_label(label)
    if implied and device and device != implied:
        reader.note("device", device, f"ignored by vLLM's generator: its label makes the "
                    f"device {implied}")
    if implied or device:
        step.set("device", implied or device, None if implied else reader.trailing("device"))


def _numbers(reader: StepReader, step: StepModel) -> None:
    for yaml_name, name in (("num_devices", "num_devices"), ("num_nodes", "num_nodes"),
                            ("parallelism", "parallelism"), ("timeout_in_minutes", "timeout")):
        value = reader.integer(yaml_name)
        if value:
            step.set(name, value, reader.trailing(yaml_name))
    working_dir = reader.text("working_dir")
    if working_dir:
        step.set("working_dir", working_dir, reader.trailing("working_dir"))


def _selection(reader: StepReader, step: StepModel, file_has_dependencies: bool) -> None:
    if reader.flag("optional"):
        step.set("optional", True, reader.trailing("optional"))
    soft_fail = soft_fail_value(reader)
    if soft_fail:
        step.set("soft_fail", soft_fail, reader.trailing("soft_fail"))
    depends_on = reader.strings("depends_on")
    if depends_on:
        step.set("depends_on", depends_on, reader.trailing("depends_on"))
    paths = reader.strings("source_file_dependencies")
    if paths:
        for entry in paths:
            if any(c in str(entry.value) for c in rules.GLOB_CHARS):
                reader.note("source_file_dependencies", entry.value, "vLLM's generator "
                            "matches this entry as a plain path prefix; vllmci as a glob: check it")
        step.set("paths", paths, reader.trailing("source_file_dependencies"))


def soft_fail_value(reader: StepReader) -> bool | tuple[int, ...]:
    found = reader.raw("soft_fail")
    if found is None or isinstance(found.value, bool):
        return bool(found and found.value)
    statuses = found.value if isinstance(found.value, list) else None
    codes = [s.get("exit_status") if isinstance(s, dict) else None for s in statuses or []]
    if not codes or not all(isinstance(c, int) and not isinstance(c, bool) for c in codes):
        raise reader.error("soft_fail", "must be true/false or a list of {exit_status: N}",
                           found)
    return tuple(codes)  # type: ignore[arg-type]


def _job(reader: StepReader, step: StepModel, label: str) -> None:
    env = reader.mapping("env")
    if env:
        step.set("env", env, reader.trailing("env"))
    tags = reader.mapping("agent_tags")
    if tags and "queue" in tags:
        reader.note("agent_tags.queue", tags.pop("queue").value,
                    "the device decides the queue; not imported")
    if tags:
        step.set("agents", tags, reader.trailing("agent_tags"))
    concurrency = reader.integer("concurrency")
    if concurrency:
        step.set("concurrency", concurrency, reader.trailing("concurrency"))
    group = reader.text("concurrency_group")
    if group:
        step.set("concurrency_group", group, reader.trailing("concurrency_group"))
    if reader.flag("no_plugin"):
        step.set("no_plugin", True, reader.trailing("no_plugin"))
    if reader.flag("dind") is False:
        step.set("dind", False, reader.trailing("dind"))
    if reader.flag("mount_buildkite_agent") or label == rules.MOUNT_AGENT_LABEL:
        step.set("mount_buildkite_agent", True, reader.trailing("mount_buildkite_agent"))
    retry = reader.retries()
    if retry:
        step.set("retry", retry)


def _leftovers(reader: StepReader) -> None:
    for field, value in reader.unread():
        if field in NO_EQUIVALENT_FIELDS:
            reader.note(field, value.value, rules.NO_EQUIVALENT)
        elif field in IGNORED_FIELDS:
            reader.note(field, value.value, rules.IGNORED)
        elif field in LEGACY_FIELDS:
            reader.note(field, value.value, "a field of the legacy single-file format: "
                        + rules.IGNORED)
        elif field in TRACE_FIELDS:
            reader.note(field, value.value, TRACE_ONLY)
        else:
            reader.note(field, value.value, "unknown field: " + rules.IGNORED)
