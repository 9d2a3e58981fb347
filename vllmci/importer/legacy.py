"""vLLM's older single-file format (`test-pipeline.yaml`) -> one group.

Every step waited for `image-build` and ran in `/vllm-workspace/tests` unless it
said otherwise; `gpu` named the GPU, `num_gpus` the count; a step without
`source_file_dependencies` always ran. Fields for other pipelines (fast check,
torch nightly, AMD mirror hardware lists) have no equivalent and are reported.
"""

from __future__ import annotations

from vllmci.errors import DefinitionError
from vllmci.importer import rules
from vllmci.importer.fields import StepReader
from vllmci.importer.model import GroupModel, Item, Note, StepModel
from vllmci.importer.source import SourceFile, Value
from vllmci.importer.steps import soft_fail_value

LEGACY_DEPENDS_ON = ["image-build"]
LEGACY_GPUS = {"a100": "a100", "h100": "h100", "h200": "h200", "b200": "b200"}
NO_EQUIVALENT_FIELDS = frozenset({
    "mirror_hardwares", "fast_check", "fast_check_only", "torch_nightly", "autorun_on_main",
    "no_gpu", "amd_gpu_type",
})
MULTI_NODE = "./.buildkite/scripts/run-multi-node-test.sh"
SUBSTRING_NOTE = ("vLLM's legacy template matched a source_file_dependencies entry anywhere in a "
                  "path (`entry in file`); vllmci matches path prefixes: check entries that "
                  "relied on that")


def is_legacy(source: SourceFile) -> bool:
    """A single file with top-level `steps` and no file-level `group`."""
    root = source.at()
    return bool(root and root.is_mapping and root.get("group") is None
                and root.get("steps") is not None)


def translate_legacy(source: SourceFile, module: str, constant: str, name: str) -> GroupModel:
    root = source.at()
    top = StepReader(root, key=None) if root is not None and root.is_mapping else None
    steps = top.raw("steps") if top else None
    if top is None or steps is None or not steps.is_sequence:
        raise DefinitionError("must be a mapping with a list of `steps`", file=source.display,
                              line=1)
    group = GroupModel(name=name, source=source.display, module=module, constant=constant,
                       depends_on=list(LEGACY_DEPENDS_ON), working_dir=rules.REPO_WORKING_DIR)
    for field, value in top.unread():
        group.notes.append(Note(source.display, None, field, value.value, rules.IGNORED))
    group.notes.append(Note(source.display, None, "", None, SUBSTRING_NOTE))
    floor = top.key_line("steps")
    group.line = floor + 1
    group.header = source.comments.between(-1, floor)
    for node in steps.elements():
        lead = source.comments.between(floor, node.node.start_mark.line)
        step = _step(node)
        step.comments = [*lead, *source.comments.between(node.node.start_mark.line - 1,
                                                         node.last_line + 1), *step.comments]
        group.steps.append(step)
        floor = node.last_line
    group.trailer = source.comments.between(floor, len(source.comments.lines))
    return group


def _step(node: Value) -> StepModel:
    if not node.is_mapping:
        raise DefinitionError(f"a step must be a mapping, got {node.value!r}",
                              file=node.source.display, line=node.line)
    reader = StepReader(node, key=None)
    label = reader.text("label")
    if not label:
        raise reader.error("label", "every step needs a label")
    reader.key = reader.text("key", interpolated=False) or rules.derive_key(label)
    step = StepModel(reader.key, node.line)
    step.set("key", reader.key)
    step.set("label", label, reader.trailing("label"))
    _hardware(reader, step, label)
    for yaml_name, name in (("num_nodes", "num_nodes"), ("parallelism", "parallelism"),
                            ("timeout_in_minutes", "timeout")):
        value = reader.integer(yaml_name)
        if value:
            step.set(name, value, reader.trailing(yaml_name))
    _fields(reader, step, label)
    step.notes.extend(reader.notes)
    return step


def _hardware(reader: StepReader, step: StepModel, label: str) -> None:
    gpu = reader.text("gpu", interpolated=False)
    device = rules.device_for_label(label) or LEGACY_GPUS.get(gpu or "")
    if gpu and gpu not in LEGACY_GPUS:
        reader.note("gpu", gpu, "unknown GPU; not imported")
    if device:
        step.set("device", device, reader.trailing("gpu"))
    count = reader.integer("num_gpus")
    if count and count > 1:
        step.set("num_devices", count, reader.trailing("num_gpus"))


def _fields(reader: StepReader, step: StepModel, label: str) -> None:
    working_dir = reader.text("working_dir")
    if working_dir:
        step.set("working_dir", working_dir, reader.trailing("working_dir"))
    optional = bool(reader.flag("optional"))
    if optional:
        step.set("optional", True, reader.trailing("optional"))
    soft_fail = soft_fail_value(reader)
    if soft_fail:
        step.set("soft_fail", soft_fail, reader.trailing("soft_fail"))
    paths = reader.strings("source_file_dependencies")
    if paths:
        step.set("paths", paths)
    env = reader.mapping("env")
    if env:
        step.set("env", env)
    if label == rules.MOUNT_AGENT_LABEL:
        step.set("mount_buildkite_agent", True)
    if not paths and not optional:
        step.set("always_run", True, "no source_file_dependencies: always ran")
    commands = _multi_node(reader, step) or reader.strings("commands", commands=True) or \
        reader.strings("command", commands=True)
    if not commands:
        raise reader.error("commands", "a step needs at least one command")
    step.set("commands", commands)
    for field, value in reader.unread():
        message = rules.LEGACY_NO_EQUIVALENT if field in NO_EQUIVALENT_FIELDS else \
            "unknown field: " + rules.IGNORED
        reader.note(field, value.value, message)


def _multi_node(reader: StepReader, step: StepModel) -> list[Item] | None:
    """A list of command lists (one per node) becomes the multi-node script call that
    vLLM's legacy template wrote: `<script> <dir> <nodes> <gpus> <image> "<cmds>"...`."""
    found = reader.node.get("commands")
    if found is None or not found.is_sequence or not any(e.is_sequence
                                                         for e in found.elements()):
        return None
    reader.used.add("commands")
    nodes = []
    for element in found.elements():
        value = element.value
        parts = value if isinstance(value, list) else [value]
        if not all(isinstance(p, str) for p in parts):
            raise reader.error("commands", "a node's commands must be strings", element)
        nodes.append(rules.unescape(" && ".join(parts)))
    working_dir = step.value("working_dir") or rules.REPO_WORKING_DIR
    count = step.value("num_nodes") or len(nodes)
    gpus = step.value("num_devices") or 1
    quoted = " ".join(f'"{n}"' for n in nodes)
    reader.note("commands", f"{len(nodes)} node command lists", "wrapped in one "
                f"{MULTI_NODE} call as vLLM's legacy template did: check it")
    return [Item(f"{MULTI_NODE} {working_dir} {count} {gpus} $IMAGE_TAG {quoted}")]
