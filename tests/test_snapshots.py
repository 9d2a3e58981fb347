"""The generated pipelines of vLLM's CI (the live definitions in `pipelines/`),
as snapshots a person can review (see `pipeline_view` and docs/reviewing.md):

- `__snapshots__/test_snapshots/steps/<pipeline>/<key>.json`: how each step
  looks, its Buildkite JSON, once per step;
- `__snapshots__/test_snapshots/scenarios/<pipeline>/<scenario>.txt`: what each
  scenario runs (key, decision, queue, shards, and where a step looks different).

A change to the definitions or the engine that changes what `upload` would pipe
fails here with the diff; `pytest --snapshot-update` rewrites the files, and the
PR's diff names the steps that changed and the scenarios whose selection moved.

Every build variable the output can depend on is fixed below, so the snapshots
are the same on every machine.
"""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest
from pipeline_view import canonical_looks, documents_in, scenario_table
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from vllmci.catalog.load import load_catalog
from vllmci.catalog.model import Catalog
from vllmci.stages import Request, bundled_definitions, documents, make_plan

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
# The pull request's labels as a Buildkite hook would set them: none (never GitHub's API).
PR = {**BUILD, "BUILDKITE_PULL_REQUEST": "12345", "BUILDKITE_BRANCH": "feature",
      "BUILDKITE_PULL_REQUEST_BASE_BRANCH": "main", "BUILDKITE_PULL_REQUEST_REPO": VLLM_REPO,
      "VLLM_CI_PR_LABELS": ""}
FORK_PR = {**PR, "BUILDKITE_BRANCH": "contributor:feature",
           "BUILDKITE_PULL_REQUEST_REPO": "https://github.com/contributor/vllm.git"}
MAIN = {**BUILD, "BUILDKITE_PULL_REQUEST": "false", "BUILDKITE_BRANCH": "main"}

# An empty directory of its own: never one that could hold this repository (a clone
# under /tmp would make /tmp "the checkout holding the definitions").
OUTSIDE = Path(tempfile.mkdtemp(prefix="vllmci-snapshot-checkout-"))
atexit.register(shutil.rmtree, OUTSIDE, ignore_errors=True)
LORA_FILE = "vllm/lora/layers/base.py"  # a file of vLLM's tree (tree.txt)
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
    "pr-labelled-run-all": Scenario((LORA_FILE,),
                                    {**PR, "VLLM_CI_PR_LABELS": "ready-run-all-tests"}),
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
    "release-tag": Scenario((MODEL_FILE,), {**MAIN, "BUILDKITE_BRANCH": "v0.11.0",
                                            "BUILDKITE_TAG": "v0.11.0"}, pipeline="release"),
}
# vLLM's AMD pipeline (the template's rules: raw prefixes, nightly by file, the
# mirror-hardware tag) and its Intel pipeline (ci_config_intel.yaml's run-all rule).
AMD_SCENARIOS = {
    "amd-pr-lora-file": Scenario((LORA_FILE,), PR, pipeline="amd"),
    "amd-pr-run-all-csrc": Scenario(("csrc/rocm/attention.cu",), PR, pipeline="amd"),
    "amd-pr-rocm-base": Scenario(("docker/Dockerfile.rocm_base",), PR, pipeline="amd"),
    "amd-pr-docs-only": Scenario(("docs/README.md", "README.md"), PR, pipeline="amd"),
    "amd-nightly": Scenario((MODEL_FILE,), {**MAIN, "NIGHTLY": "1"}, pipeline="amd"),
    "amd-fastcheck": Scenario((MODEL_FILE,), {**PR, "BUILDKITE_PIPELINE_SLUG": "fastcheck"},
                              pipeline="amd"),
}
INTEL_SCENARIOS = {
    "intel-pr-lora-file": Scenario((LORA_FILE,), PR, pipeline="intel"),
    "intel-pr-run-all-dockerfile": Scenario(("docker/Dockerfile.rocm",), PR, pipeline="intel"),
    "intel-pr-docs-only": Scenario(("docs/README.md", "README.md"), PR, pipeline="intel"),
    "intel-default-branch": Scenario((MODEL_FILE,), MAIN, pipeline="intel"),
    "intel-nightly": Scenario((MODEL_FILE,), {**MAIN, "NIGHTLY": "1"}, pipeline="intel"),
}
ALL = {**SCENARIOS, **RELEASE_SCENARIOS, **AMD_SCENARIOS, **INTEL_SCENARIOS}


class Snapshot(SingleFileSnapshotExtension):
    """One text file per snapshot, named by the test's parameter alone, under a
    directory per kind (`steps/<pipeline>/`, `scenarios/<pipeline>/`)."""

    _write_mode = WriteMode.TEXT

    @classmethod
    def get_snapshot_name(cls, *, test_location: Any, index: Any = 0) -> str:
        return str(index)

    @classmethod
    def dirname(cls, *, test_location: Any) -> str:
        return str(Path(test_location.filepath).parent / "__snapshots__" / "test_snapshots")


class StepJSON(Snapshot):
    file_extension = "json"


class ScenarioText(Snapshot):
    file_extension = "txt"


@functools.cache
def generated(name: str) -> str:
    """What `plan --format buildkite` prints for scenario `name` (no pipeline: "").

    The checkout is a directory outside this repository, as in vLLM's CI: the
    bundled definitions are then not part of the repository being built (run
    from this repository's root, an editable install would put them inside it).
    """
    scenario = ALL[name]
    request = Request(repo=OUTSIDE, files=scenario.files, pipeline=scenario.pipeline)
    return "".join(documents(make_plan(request, env=scenario.env)))


@functools.cache
def _catalog() -> Catalog:
    return load_catalog(bundled_definitions())


@functools.cache
def _pipelines() -> list[str]:
    defined = _catalog().pipelines()
    return [p for p in ("test", "release", "amd", "intel") if p in defined]


@functools.cache
def looks(pipeline: str) -> dict[str, dict[str, Any]]:
    names = [n for n, s in ALL.items() if s.pipeline == pipeline]
    return canonical_looks([generated(n) for n in names])


def _own(keys: set[str] | dict[str, Any]) -> list[str]:
    """Every step's key, less the block steps in front of a step of the same name
    (`block-<key>`): they are shown in that step's snapshot."""
    return sorted(k for k in keys if not (k.startswith("block-") and k[6:] in keys))


@functools.cache
def _defined_steps(pipeline: str) -> list[str]:
    """The steps `pipeline`'s definitions emit, read from the catalog: collection only
    loads the definitions, the scenarios are generated by the tests that need them
    (`test_every_defined_step_is_emitted` holds this list to what is generated)."""
    catalog = _catalog()
    keys = {e.key for e in catalog.entries if e.pipeline == pipeline}
    keys |= {e.block for e in catalog.entries if e.pipeline == pipeline and e.block}
    keys |= {g.key for g in catalog.gates if g.pipeline == pipeline}
    return _own(keys)


def _step_params() -> list[Any]:
    return [pytest.param(pipeline, key, id=f"{pipeline}/{key}")
            for pipeline in _pipelines() for key in _defined_steps(pipeline)]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize(("pipeline", "key"), _step_params())
def test_step(pipeline: str, key: str, snapshot: SnapshotAssertion) -> None:
    """How one step looks (its Buildkite JSON, as first emitted in the scenarios), and
    the block step in front of it when it waits for a click."""
    # `:` is not allowed in file names everywhere (the AMD pipeline's keys hold it)
    expected = snapshot.use_extension(StepJSON)(
        name=f"steps/{pipeline}/{key.replace(':', '~')}")
    shown = {"step": looks(pipeline)[key]}
    if f"block-{key}" in looks(pipeline):
        shown["block"] = looks(pipeline)[f"block-{key}"]
    assert _dumps(shown) == expected


@pytest.mark.parametrize("name", [n for n, s in ALL.items() if s.pipeline in _pipelines()])
def test_scenario(name: str, snapshot: SnapshotAssertion) -> None:
    """What one scenario runs: each step's decision, queue, shards and differences."""
    pipeline = ALL[name].pipeline
    expected = snapshot.use_extension(ScenarioText)(name=f"scenarios/{pipeline}/{name}")
    assert scenario_table(generated(name), looks(pipeline)) == expected


@pytest.mark.parametrize("pipeline", _pipelines())
def test_every_defined_step_is_emitted(pipeline: str) -> None:
    """The steps parametrized from the definitions are exactly those the scenarios
    emit: no generated step goes without a snapshot, none is snapshotted twice."""
    assert _defined_steps(pipeline) == _own(looks(pipeline))


# --- what the snapshots show --------------------------------------------------------------


def _keys(text: str) -> list[str]:
    return [s["key"] for document in documents_in(text) for group in document["steps"]
            for s in group.get("steps", [group]) if "key" in s]


def test_scenarios_differ_where_they_should() -> None:
    """Guard the scenario matrix itself: each knob changes the output."""
    lora, noauto = generated("pr-lora-file"), generated("noauto")
    assert generated("pr-docs-only") == ""
    assert "block-lora" not in _keys(lora) and "block-lora" in _keys(noauto)
    assert generated("default-branch") != generated("pr-model-file")
    only = set(_keys(generated("only-step-keys")))
    assert only == {"amd-lora", "image-build-amd", "ensure-ci-base-amd",
                    "refresh-rocm-base-amd", "pre-commit"}


def test_a_changed_step_shows_in_its_snapshot_or_its_scenario_line() -> None:
    """Change one emitted command anywhere: the step's look or its scenario line moves."""
    name = "default-branch"  # its steps look as in earlier scenarios, with differences
    text, pipeline = generated(name), ALL[name].pipeline
    table = scenario_table(text, looks(pipeline))
    key = next(k for k in _keys(text) if not k.startswith("block-") and k in looks(pipeline))
    changed = text.replace(f'"key": "{key}",', f'"key": "{key}",\n  "x-changed": 7,', 1)
    assert changed != text
    assert scenario_table(changed, looks(pipeline)) != table
    first = next(n for n, s in ALL.items() if s.pipeline == pipeline and key in generated(n))
    moved = canonical_looks([generated(first).replace(f'"key": "{key}",',
                                                      f'"key": "{key}", "x-changed": 7,', 1)])
    assert moved[key] != looks(pipeline)[key]
