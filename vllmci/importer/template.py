"""vLLM's AMD template format (`.buildkite/test-amd.yaml`) -> one group.

The file is the data of ci-infra's `test-template-amd.j2`: top-level `steps`, each
with an `agent_pool` (the AMD agent pool: hardware and GPU count) and
`mirror_hardwares` (the selector tags the pipeline's `mirror_hw` picks from). The
template, not the file, decides what each step becomes; the import writes those
decisions into the definitions:

- the key is the slug the template names the step's block with
  (`<agent_pool>-<label>`, vLLM's replacement chain), so `block-<slug>`,
  `VLLM_CI_ONLY_STEP_KEYS` and retries keep addressing it;
- the label is `<agent_pool>: <label>`; the device is the agent pool (queue
  `amd_<agent_pool>` in the inventory);
- `num_gpus` sizes the job, `no_gpu: true` requests no GPU (its expected GPU count
  is 0); the timeout is capped at 180 minutes;
- every step is `soft_fail` (the template ignores the field), and depends on
  `image-build-amd` (the group's);
- a native step (`dind: false`) also starts when its runner script
  (`.buildkite/scripts/hardware_ci/run-amd-test.sh`) changes: that entry is written;
- `mirror_hardwares` become `tags`; `fast_check` is not read by the template.

What the pipeline shares (raw-prefix matching, the mirror-hardware tag, the job
wrapper, retries, priority) lives in the pipeline's settings, not in each step.
"""

from __future__ import annotations

from vllmci.errors import DefinitionError
from vllmci.importer.fields import StepReader
from vllmci.importer.model import GroupModel, Item, Note, StepModel
from vllmci.importer.source import SourceFile, Value
from vllmci.importer.steps import soft_fail_value

GROUP = "AMD Tests"
IMAGE_BUILD = "image-build-amd"
WORKING_DIR = "/vllm-workspace/tests"
MAX_TIMEOUT = 180
RUNNER_SCRIPT = ".buildkite/scripts/hardware_ci/run-amd-test.sh"
NO_GPU_ENV = "VLLM_CI_EXPECTED_GPU_COUNT"
NOT_READ = "not read by the AMD template; not imported"
HEADER_NOTE = (f"The AMD template (test-template-amd.j2) decides for every step: key = the "
               f"slug of its block step, label `<agent_pool>: <label>`, device = the agent "
               f"pool, soft_fail, timeout <= {MAX_TIMEOUT}; a native step (dind=False) also "
               f"starts when {RUNNER_SCRIPT} changes.")
NOT_READ_FIELDS = frozenset({"fast_check", "fast_check_only", "torch_nightly", "gpu",
                             "amd_gpu_type", "grade"})


def is_amd_template(source: SourceFile) -> bool:
    """Top-level `steps`, no `group`, and every step names an `agent_pool`."""
    root = source.at()
    if not (root and root.is_mapping and root.get("group") is None):
        return False
    steps = root.get("steps")
    if steps is None or not steps.is_sequence or not steps.elements():
        return False
    return all(s.is_mapping and s.get("agent_pool") is not None for s in steps.elements())


def slug(agent_pool: str, label: str) -> str:
    """The template's step slug: `block-<slug>` is its block step's key."""
    text = f"{agent_pool}-{label}".replace(" ", "-").lower()
    for gone in "()%":
        text = text.replace(gone, "")
    for dash in ",+":
        text = text.replace(dash, "-")
    return text


def translate_template(source: SourceFile, module: str, constant: str) -> GroupModel:
    root = source.at()
    top = StepReader(root, key=None) if root is not None and root.is_mapping else None
    steps = top.raw("steps") if top else None
    if top is None or steps is None or not steps.is_sequence:
        raise DefinitionError("must be a mapping with a list of `steps`", file=source.display,
                              line=1)
    group = GroupModel(name=GROUP, source=source.display, module=module, constant=constant,
                       depends_on=[IMAGE_BUILD], working_dir=WORKING_DIR)
    for field, value in top.unread():
        group.notes.append(Note(source.display, None, field, value.value, NOT_READ))
    group.notes.append(Note(source.display, None, "", None, HEADER_NOTE))
    floor = top.key_line("steps")
    group.line = floor + 1
    group.header = source.comments.between(-1, floor)
    for node in steps.elements():
        lead = source.comments.between(floor, node.node.start_mark.line)
        step = _step(node)
        floor = node.last_line
        if isinstance(step, list):  # never emitted by the template: its notes only
            group.notes.extend(step)
            continue
        step.comments = [*lead, *source.comments.between(node.node.start_mark.line - 1,
                                                         node.last_line + 1), *step.comments]
        group.steps.append(step)
    group.trailer = source.comments.between(floor, len(source.comments.lines))
    return group


def _step(node: Value) -> StepModel | list[Note]:
    if not node.is_mapping:
        raise DefinitionError(f"a step must be a mapping, got {node.value!r}",
                              file=node.source.display, line=node.line)
    reader = StepReader(node, key=None)
    label = reader.text("label")
    if not label:
        raise reader.error("label", "every step needs a label")
    pool = reader.text("agent_pool", interpolated=False)
    if not pool:
        raise reader.error("agent_pool", "every step of the AMD template needs an agent_pool")
    reader.key = slug(pool, label)
    step = StepModel(reader.key, node.line)
    own_key = reader.text("key", interpolated=False)
    if own_key:
        reader.note("key", own_key, "the template gives the command step no key; the slug "
                    "of its block step is its key here")
    tags = reader.strings("mirror_hardwares")
    if not tags:
        reader.note("mirror_hardwares", None, "no selector tags: the template never emits "
                    "this step; not imported")
        return reader.notes
    step.set("key", reader.key)
    step.set("label", f"{pool}: {label}", reader.trailing("label"))
    step.set("device", pool, reader.trailing("agent_pool"))
    _sizes(reader, step, pool)
    _selection(reader, step)
    _job(reader, step)
    step.set("tags", [Item(i.value) for i in tags], reader.trailing("mirror_hardwares"))
    commands = reader.strings("commands", commands=True) or reader.strings("command",
                                                                           commands=True)
    if not commands:
        raise reader.error("commands", "a step needs at least one command")
    step.set("commands", commands, reader.trailing("commands"))
    for field, value in reader.unread():
        message = NOT_READ if field in NOT_READ_FIELDS else "unknown field: " + NOT_READ
        reader.note(field, value.value, message)
    step.notes.extend(reader.notes)
    return step


def _sizes(reader: StepReader, step: StepModel, pool: str) -> None:
    gpus = reader.integer("num_gpus")
    if gpus and gpus > 1:
        step.set("num_devices", gpus, reader.trailing("num_gpus"))
    nodes = reader.integer("num_nodes")
    if nodes and nodes > 1:
        step.set("num_nodes", nodes, reader.trailing("num_nodes"))
    parallelism = reader.integer("parallelism")
    if parallelism:
        step.set("parallelism", parallelism, reader.trailing("parallelism"))
    timeout = reader.integer("timeout_in_minutes")
    if timeout and timeout > MAX_TIMEOUT:
        reader.note("timeout_in_minutes", timeout, f"the template caps it at {MAX_TIMEOUT}")
    step.set("timeout", min(timeout or MAX_TIMEOUT, MAX_TIMEOUT),
             reader.trailing("timeout_in_minutes"))
    working_dir = reader.text("working_dir")
    if working_dir and working_dir != WORKING_DIR:
        step.set("working_dir", working_dir, reader.trailing("working_dir"))
    elif working_dir:
        reader.used.add("working_dir")


def _selection(reader: StepReader, step: StepModel) -> None:
    optional = bool(reader.flag("optional"))
    if optional:
        step.set("optional", True, reader.trailing("optional"))
    own = soft_fail_value(reader)
    if own is not True and reader.raw("soft_fail") is not None:
        reader.note("soft_fail", own, "the template makes every test step soft_fail: true")
    step.set("soft_fail", True, reader.trailing("soft_fail"))
    paths = reader.strings("source_file_dependencies") or []
    native = reader.flag("dind") is False
    if native and RUNNER_SCRIPT not in [i.value for i in paths]:
        paths = [*paths, Item(RUNNER_SCRIPT)]
    if paths:
        step.set("paths", paths, reader.trailing("source_file_dependencies"))
    elif not optional:
        step.set("always_run", True, "no source_file_dependencies: the template always "
                 "runs it")
    if reader.raw("autorun_on_main") is not None:
        reader.note("autorun_on_main", reader.raw("autorun_on_main").value,
                    "runs it on main even when gated: vllmci has no equivalent; not imported")


def _job(reader: StepReader, step: StepModel) -> None:
    env = reader.mapping("env") or {}
    if reader.flag("no_gpu"):
        env = {**env, NO_GPU_ENV: Item("0", trailing="no_gpu: true: the job requests no GPU")}
    if env:
        step.set("env", env, reader.trailing("env"))
    tags = reader.mapping("agent_tags")
    if tags and "queue" in tags:
        reader.note("agent_tags.queue", tags.pop("queue").value,
                    "the agent pool decides the queue; not imported")
    if tags:
        step.set("agents", tags, reader.trailing("agent_tags"))
    if reader.flag("no_plugin"):
        step.set("no_plugin", True, reader.trailing("no_plugin"))
    if reader.flag("dind") is False:
        step.set("dind", False, reader.trailing("dind"))
