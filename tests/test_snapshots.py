"""The generated pipeline of vLLM's CI, one snapshot per scenario.

Each file under `__snapshots__/test_snapshots/` is exactly what `upload` would
pipe to the agent for that scenario (`plan --format buildkite`): a change to the
definitions or the engine that changes any step, queue, command or gate fails
here with the diff, and `pytest --snapshot-update` rewrites the files so the PR
shows the change. See docs/reviewing.md.

Every build variable the output can depend on is fixed below, so the snapshots
are the same on every machine.
"""

from __future__ import annotations

import atexit
import difflib
import json
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from vllmci.stages import Request, bundled_definitions, documents, load_all, make_plan

COMMIT = "5f8f72866c49c2a4d4a1e6a7b1f0b2c3d4e5f607"
VLLM_REPO = "https://github.com/vllm-project/vllm.git"
BUILD = {
    "BUILDKITE": "true",
    "BUILDKITE_COMMIT": COMMIT,
    "BUILDKITE_BUILD_ID": "01890000-0000-4000-8000-000000000042",
    "BUILDKITE_BUILD_NUMBER": "42",
    "BUILDKITE_JOB_ID": "01890000-0000-4000-8000-000000000043",
    "BUILDKITE_REPO": VLLM_REPO,
    "BUILDKITE_PIPELINE_DEFAULT_BRANCH": "main",
    "BUILDKITE_MESSAGE": "A change under review",
}
PR = {**BUILD, "BUILDKITE_PULL_REQUEST": "12345", "BUILDKITE_BRANCH": "feature",
      "BUILDKITE_PULL_REQUEST_BASE_BRANCH": "main", "BUILDKITE_PULL_REQUEST_REPO": VLLM_REPO}
FORK_PR = {**PR, "BUILDKITE_BRANCH": "contributor:feature",
           "BUILDKITE_PULL_REQUEST_REPO": "https://github.com/contributor/vllm.git"}
MAIN = {**BUILD, "BUILDKITE_PULL_REQUEST": "false", "BUILDKITE_BRANCH": "main"}

# An empty directory of its own: never one that could hold this repository (a clone
# under /tmp would make /tmp "the checkout holding the definitions").
OUTSIDE = Path(tempfile.mkdtemp(prefix="vllmci-snapshot-checkout-"))
atexit.register(shutil.rmtree, OUTSIDE, ignore_errors=True)
LORA_FILE = "vllm/lora/layers.py"
MODEL_FILE = "vllm/model_executor/models/llama.py"


@attrs.frozen
class Scenario:
    files: tuple[str, ...]
    env: Mapping[str, str]
    pipeline: str = "test"


SCENARIOS = {
    # pull requests, by what they touch
    "pr-kernel-file": Scenario(("vllm/model_executor/layers/fused_moe/fused_moe.py",), PR),
    "pr-lora-file": Scenario((LORA_FILE,), PR),
    "pr-model-file": Scenario((MODEL_FILE,), PR),
    "pr-test-file-only": Scenario(("tests/models/language/generation/test_common.py",), PR),
    "pr-run-all-setup-py": Scenario(("setup.py",), PR),
    "pr-run-all-csrc": Scenario(("csrc/libtorch_stable/layernorm_kernels.cu",), PR),
    "pr-docs-only": Scenario(("docs/README.md", "README.md"), PR),
    "fork-pr": Scenario((LORA_FILE,), FORK_PR),
    # builds of the default branch and vLLM's knobs
    "default-branch": Scenario((MODEL_FILE,), MAIN),
    "nightly": Scenario((MODEL_FILE,), {**MAIN, "NIGHTLY": "1"}),
    "torch-nightly": Scenario((MODEL_FILE,), {**MAIN, "TORCH_NIGHTLY": "1"}),
    "run-all": Scenario((LORA_FILE,), {**PR, "RUN_ALL": "1"}),
    "noauto": Scenario((LORA_FILE,), {**PR, "NOAUTO": "1"}),
    # amd-lora needs image-build-amd, which needs ensure-ci-base-amd, which needs
    # refresh-rocm-base-amd; and pre-commit
    "only-step-keys": Scenario((LORA_FILE,), {**PR, "VLLM_CI_ONLY_STEP_KEYS": '["amd-lora"]'}),
}
# vLLM's release pipeline runs on builds of the default branch; NIGHTLY=1 builds
# publish nightly artifacts instead of waiting for release gates.
RELEASE_SCENARIOS = {
    "release": Scenario((MODEL_FILE,), MAIN, pipeline="release"),
    "release-nightly": Scenario((MODEL_FILE,), {**MAIN, "NIGHTLY": "1"}, pipeline="release"),
}


class PipelineJSON(SingleFileSnapshotExtension):
    """One readable .json file per scenario: the exact text `upload` pipes.

    A mismatch is shown as a unified diff whose hunks name the step they are in.
    """

    _write_mode = WriteMode.TEXT
    file_extension = "json"

    def diff_lines(self, serialized_data: Any, snapshot_data: Any) -> Iterator[str]:
        old, new = str(snapshot_data).splitlines(), str(serialized_data).splitlines()
        for line in difflib.unified_diff(old, new, "snapshot", "generated", n=1, lineterm=""):
            hunk = HUNK.match(line)
            if hunk:
                line += f" in step {step_at(new, int(hunk.group(1)) + 1)}"
            yield line


HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)")
# A step's own key: steps sit at indent 4 (top level) or 8 (inside a group).
STEP_KEY = re.compile(r'^(?: {6}| {10})"key": "([^"]*)"')


def step_at(lines: list[str], number: int) -> str:
    """The key of the step around line `number` (1-based) of a pipeline's JSON."""
    for line in reversed(lines[:number]):
        found = STEP_KEY.match(line)
        if found:
            return found.group(1)
    return "(pipeline header)"


def generated(scenario: Scenario) -> str:
    """What `plan --format buildkite` prints for this scenario (no pipeline: "").

    The checkout is a directory outside this repository, as in vLLM's CI: the
    bundled definitions are then not part of the repository being built (run
    from this repository's root, an editable install would put them inside it).
    """
    request = Request(repo=OUTSIDE, files=scenario.files, pipeline=scenario.pipeline)
    return "".join(documents(make_plan(request, env=scenario.env)))


def _has_release_pipeline() -> bool:
    return "release" in load_all(bundled_definitions()).pipelines()


@pytest.fixture
def snapshot_json(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(PipelineJSON)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_pipeline(name: str, snapshot_json: SnapshotAssertion) -> None:
    assert generated(SCENARIOS[name]) == snapshot_json


@pytest.mark.skipif(not _has_release_pipeline(),
                    reason="the bundled definitions define no 'release' pipeline yet")
@pytest.mark.parametrize("name", list(RELEASE_SCENARIOS))
def test_release_pipeline(name: str, snapshot_json: SnapshotAssertion) -> None:
    assert generated(RELEASE_SCENARIOS[name]) == snapshot_json


# --- what the snapshots show --------------------------------------------------------------


def _keys(text: str) -> list[str]:
    decoder, at, keys = json.JSONDecoder(), 0, []
    while at < len(text.rstrip()):
        document, at = decoder.raw_decode(text, at)
        at += len(text[at:]) - len(text[at:].lstrip())
        for group in document["steps"]:
            keys += [s["key"] for s in group.get("steps", [group]) if "key" in s]
    return keys


def test_scenarios_differ_where_they_should() -> None:
    """Guard the scenario matrix itself: each knob changes the output."""
    lora, noauto = generated(SCENARIOS["pr-lora-file"]), generated(SCENARIOS["noauto"])
    assert generated(SCENARIOS["pr-docs-only"]) == ""
    assert "block-lora" not in _keys(lora) and "block-lora" in _keys(noauto)
    assert generated(SCENARIOS["default-branch"]) != generated(SCENARIOS["pr-model-file"])
    only = set(_keys(generated(SCENARIOS["only-step-keys"])))
    assert only == {"amd-lora", "image-build-amd", "ensure-ci-base-amd",
                    "refresh-rocm-base-amd", "pre-commit"}
