"""What vLLM's generator adds to the dependencies of the YAML's steps, written into
the definitions so that they select as vLLM does without hand edits.

- `pre-commit`: on PR builds vLLM appends it to every step that depends on an
  image build (a dependency holding `image-build`), unless the step's key holds
  `image-build` itself. The definitions' `pre-commit` step only exists in PR
  builds, and the engine drops a dependency on a step a build leaves out, so the
  dependency is written unconditionally.
- native AMD steps (a step whose own `device` is an AMD GPU, `mi300_1`...): vLLM
  normalises their dependencies as it does a mirror's (`image-build` becomes
  `image-build-amd`, which comes first).

The lists that vLLM's port spells with the constants of its `common.py`
(`AFTER_IMAGE`, `AFTER_AMD_IMAGE`, `AFTER_XPU_IMAGE`, `TESTS_DIR`) are written with
them, so that an import reads like the hand-kept definitions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vllmci.importer import rules
from vllmci.importer.model import Field, GroupModel, Item, Shared, StepModel

PRE_COMMIT = "pre-commit"
IMAGE_BUILD = "image-build"

COMMON_MODULE = "common.py"
COMMON: dict[str, Any] = {
    "AFTER_IMAGE": ["image-build", PRE_COMMIT],
    "AFTER_AMD_IMAGE": ["image-build-amd", PRE_COMMIT],
    "AFTER_XPU_IMAGE": ["image-build-xpu", PRE_COMMIT],
    "TESTS_DIR": rules.REPO_WORKING_DIR,
}
"""The constants an import may use, and their values (`pipelines/common.py`)."""

COMMON_TEXT = '''"""Dependencies shared by the test areas."""

from __future__ import annotations

# Test steps wait for the build's test image and, on pull requests, for the
# GitHub pre-commit check (the step is left out of other builds, and so is
# the dependency on it).
AFTER_IMAGE = ["image-build", "pre-commit"]
AFTER_AMD_IMAGE = ["image-build-amd", "pre-commit"]
AFTER_XPU_IMAGE = ["image-build-xpu", "pre-commit"]
TESTS_DIR = "/vllm-workspace/tests"
'''
"""`common.py` as the importer writes it when the definitions have none."""


def with_pre_commit(key: str, depends_on: list[str]) -> list[str]:
    """vLLM's `add_precommit_dependency`, for one step."""
    if IMAGE_BUILD in key or not any(IMAGE_BUILD in d for d in depends_on):
        return list(depends_on)
    return depends_on if PRE_COMMIT in depends_on else [*depends_on, PRE_COMMIT]


def apply(groups: list[GroupModel], names: Mapping[str, Any]) -> None:
    """Add what vLLM's generator adds; `names` are the `common.py` constants the
    definitions hold (name -> value), used where a list equals one of them."""
    for group in groups:
        _group(group, names)


def _group(group: GroupModel, names: Mapping[str, Any]) -> None:
    inherited = list(group.depends_on)
    group_result = with_pre_commit("", inherited)
    for step in group.steps:
        _step(step, inherited, group_result, names)
        mirror = step.mirror
        if mirror is not None:
            own = [i.value for i in mirror.fields["depends_on"].value]
            result = with_pre_commit(f"amd-{step.key}", own)
            mirror.fields["depends_on"] = Field("depends_on", _value(result, names))
    group.depends_on = group_result
    for name, value in (("depends_on", group_result), ("working_dir", group.working_dir)):
        constant = _constant(value, names) if value else None
        if constant:
            group.shared[name] = constant


def _step(step: StepModel, inherited: list[str], group_result: list[str],
          names: Mapping[str, Any]) -> None:
    field = step.fields.get("depends_on")
    own = [i.value for i in field.value] if field is not None else None
    depends_on = own if own is not None else inherited
    if rules.is_amd_gpu_device(step.value("device")):
        depends_on = rules.normalise_mirror_dependencies(depends_on)
    result = with_pre_commit(step.key, depends_on)
    if own is None and result == group_result:
        return  # the group's list, inherited
    items = None if field is None else field.value
    step.fields["depends_on"] = Field("depends_on", _value(result, names, items),
                                      None if field is None else field.trailing)


def _value(result: list[str], names: Mapping[str, Any],
           items: list[Item] | None = None) -> list[Item] | Shared:
    """The list as items (keeping the YAML's comments), or the constant naming it."""
    kept = {i.value: i for i in items or ()}
    listed = [kept.get(d, Item(d)) for d in result]
    constant = _constant(result, names)
    if constant and not any(i.above or i.trailing is not None for i in listed):
        return Shared(constant, listed)
    return listed


def _constant(value: Any, names: Mapping[str, Any]) -> str | None:
    return next((name for name, held in names.items() if held == value), None)
