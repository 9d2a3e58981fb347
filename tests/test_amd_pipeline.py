"""vLLM's AMD ROCm pipeline (`--pipeline amd`, `pipelines/rocm/`) against what
ci-infra's `test-template-amd.j2` rendered from `test-amd.yaml` on 300 real PRs, and
the template's rules as vllmci's engine applies them.

`fixtures/amd_intel/amd_selection.jsonl` gives, per PR build (`mirror_hw=amdproduction`):
the script's run-all and nightly decisions, docs-only, the command steps that ran
(`auto`) and those behind a `block-<slug>` step (`blocked`), by the slug the template
names each step's block with; `amd_steps.json` their queues and labels (the same in
every rendered pipeline). See docs/amd-intel.md and docs/parity.md.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import Result
from frozen import PROJECT, frozen_catalog, vllm_definitions

from vllmci.catalog import effective
from vllmci.catalog.load import load_catalog
from vllmci.catalog.model import Catalog
from vllmci.context import BuildContext
from vllmci.importer import import_yaml
from vllmci.importer.template import slug
from vllmci.plan.changes import ChangeSet
from vllmci.plan.model import Plan
from vllmci.plan.select import nightly_matches, select
from vllmci.stages import bundled_definitions, documents

FIXTURES = Path(__file__).parent / "fixtures" / "amd_intel"
DATA = FIXTURES / "amd_selection.jsonl"
STEPS = json.loads((FIXTURES / "amd_steps.json").read_text(encoding="utf-8"))
TEST_AMD = FIXTURES / "buildkite" / "test-amd.yaml"
PR_BUILD = {"BUILDKITE_PULL_REQUEST": "12345", "BUILDKITE_BRANCH": "feature-x",
            "BUILDKITE": "true"}
IMAGE_STEPS = ("refresh-rocm-base-amd", "ensure-ci-base-amd", "image-build-amd")
RUNNER_SCRIPT = ".buildkite/scripts/hardware_ci/run-amd-test.sh"


def _rows() -> list[dict[str, Any]]:
    with DATA.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


ROWS = _rows()


@pytest.fixture(scope="module")
def everything() -> Catalog:
    return frozen_catalog()


@pytest.fixture(scope="module")
def catalog(everything: Catalog) -> Catalog:
    return everything.for_pipeline("amd")


@pytest.fixture(scope="module")
def ctx() -> BuildContext:
    return BuildContext.from_env(PR_BUILD)


def _plan(catalog: Catalog, ctx: BuildContext, files: list[str]) -> Plan:
    return select(catalog, ChangeSet.from_files(files), ctx, "amd")


def differences(catalog: Catalog, ctx: BuildContext, row: dict[str, Any]) -> list[str]:
    plan = _plan(catalog, ctx, row["files"])
    nightly = bool(nightly_matches(plan.catalog, row["files"])) and not plan.docs_only
    found = []
    for name, ours, theirs in (("run-all", plan.run_all is not None, row["run_all"]),
                               ("nightly", nightly, row["nightly"]),
                               ("docs-only", plan.docs_only, row["docs_only"])):
        if ours != theirs:
            found.append(f"{name}: {ours} here, {theirs} in vLLM")
    for name, ours_set, theirs_set in (("run", set(plan.keys("run")), set(row["auto"])),
                                       ("blocked", set(plan.keys("block")),
                                        set(row["blocked"]))):
        if ours_set != theirs_set:
            found.append(f"{name}: only here {sorted(ours_set - theirs_set)}, "
                         f"only in vLLM {sorted(theirs_set - ours_set)}")
    return found


def test_the_data_is_all_there() -> None:
    assert len(ROWS) == 300
    assert sum(r["docs_only"] for r in ROWS) == 8
    assert (sum(r["run_all"] for r in ROWS), sum(r["nightly"] for r in ROWS)) == (25, 3)
    assert len(STEPS["queues"]) == len(STEPS["labels"]) == 196


@pytest.mark.parametrize("row", ROWS, ids=[r["sha"][:12] for r in ROWS])
def test_pull_request_selects_what_the_template_selected(catalog: Catalog, ctx: BuildContext,
                                                         row: dict[str, Any]) -> None:
    assert differences(catalog, ctx, row) == [], row["files"]


def test_parity_figure(catalog: Catalog, ctx: BuildContext) -> None:
    """The figure quoted in docs/parity.md."""
    exact = sum(not differences(catalog, ctx, row) for row in ROWS)
    print(f"amd parity: {exact} of {len(ROWS)} PRs exact on run-all, nightly, docs-only, "
          "run set, block set (and every step's queue and label)")
    assert exact == len(ROWS)


def test_every_step_is_keyed_by_its_slug_on_its_queue_with_its_label(
        catalog: Catalog, ctx: BuildContext) -> None:
    assert set(catalog.by_key) == set(STEPS["queues"])
    for key, queue in STEPS["queues"].items():
        entry = catalog.by_key[key]
        assert effective.queue(entry, ctx) == queue, key
        assert entry.step.label == STEPS["labels"][key], key
    for entry in catalog.entries:
        if entry.key not in IMAGE_STEPS:
            pool, label = entry.step.label.split(": ", 1)
            assert entry.key == slug(pool, label)
            assert entry.device.name == pool and entry.queue == f"amd_{pool}"


def test_one_inventory_serves_both_pipelines(everything: Catalog) -> None:
    """A test-pipeline mirror and an AMD-pipeline step on the same agent pool use the
    same device of `pipelines/hardware.py`, on the same queue, each wrapped its way."""
    mirror = everything.for_pipeline("test").by_key["amd-lora"]
    amd = everything.for_pipeline("amd").by_key["mi300_1-:amd:-mi300-basic-correctness"]
    assert mirror.device.name == amd.device.name == "mi300_1"
    assert mirror.queue == amd.queue == "amd_mi300_1"
    inventory = everything.inventory.by_name["mi300_1"]
    assert mirror.device is inventory and amd.device.runner is not inventory.runner
    assert attrs.evolve(amd.device, runner=inventory.runner) == inventory


# --- the template's rules ----------------------------------------------------------------


def test_dependency_entries_are_raw_string_prefixes(catalog: Catalog,
                                                    ctx: BuildContext) -> None:
    """`vllm/lora` also starts a step for `vllm/lora_x.py`: the template compares
    `file[:len(dep)] == dep`. The test pipeline matches paths."""
    key = "mi300_4-:amd:-mi300-lora-tp-distributed"
    assert "vllm/lora" in catalog.by_key[key].step.paths
    plan = _plan(catalog, ctx, ["vllm/lora_x.py"])
    assert plan.decision(key).action == "run"
    assert plan.decision(key).reasons == ("vllm/lora_x.py ← vllm/lora",)
    test = frozen_catalog().for_pipeline("test")
    lora = select(test, ChangeSet.from_files(["vllm/lora_x.py"]), ctx).decision("lora")
    assert lora.action == "block"


def test_run_all_runs_every_non_optional_step(catalog: Catalog, ctx: BuildContext) -> None:
    plan = _plan(catalog, ctx, ["csrc/rocm/attention.cu"])  # csrc/rocm is not exempt here
    assert plan.run_all is not None
    optional = {e.key for e in catalog.entries if e.step.optional}
    assert set(plan.keys("block")) == optional and len(optional) == 138
    assert len(plan.keys("run")) == 58  # the 3 image steps and the 55 non-optional tests
    assert _plan(catalog, ctx, ["csrc/cpu/activation.cpp"]).run_all is None


def test_a_rocm_base_change_sets_nightly_mode(catalog: Catalog, ctx: BuildContext) -> None:
    plan = _plan(catalog, ctx, ["docker/Dockerfile.rocm_base"])
    assert plan.run_all is None  # the file is not checked against the run-all list
    assert len(plan.keys("run")) == 196 and not plan.keys("block")
    assert "docker/Dockerfile.rocm_base sets nightly mode" in plan.notes[0]
    nightly = BuildContext.from_env({**PR_BUILD, "NIGHTLY": "1"})
    assert len(_plan(catalog, nightly, ["vllm/envs.py"]).keys("run")) == 196


def test_torch_nightly_changes_nothing(catalog: Catalog, ctx: BuildContext) -> None:
    """The AMD script passes TORCH_NIGHTLY to the template, which never reads it."""
    torch = BuildContext.from_env({**PR_BUILD, "TORCH_NIGHTLY": "1"})
    assert _plan(catalog, torch, ["vllm/envs.py"]).decisions == \
        _plan(catalog, ctx, ["vllm/envs.py"]).decisions


def test_the_run_all_label_runs_every_step(catalog: Catalog) -> None:
    ctx = BuildContext.from_env({**PR_BUILD, "VLLM_CI_PR_LABELS": "ready-run-all-tests"})
    assert len(_plan(catalog, ctx, ["vllm/envs.py"]).keys("run")) == 196


def test_a_native_step_starts_when_its_runner_script_changes(catalog: Catalog,
                                                             ctx: BuildContext) -> None:
    plan = _plan(catalog, ctx, [RUNNER_SCRIPT])
    native = {e.key for e in catalog.entries if not e.step.dind
              and e.key not in IMAGE_STEPS}
    started = {k for k in plan.keys("run") if k not in IMAGE_STEPS}
    assert started == {k for k in native if not catalog.by_key[k].step.optional}
    assert len(native) == 173


def test_docs_only_is_checked_before_run_all(catalog: Catalog, ctx: BuildContext) -> None:
    plan = _plan(catalog, ctx, ["csrc/quantization/w8a8/cutlass/Epilogues.md"])
    assert plan.docs_only and documents(plan) == []
    forced = BuildContext.from_env({**PR_BUILD, "RUN_ALL": "1"})
    assert _plan(catalog, forced, ["docs/index.md"]).docs_only
    disabled = BuildContext.from_env({**PR_BUILD, "DOCS_ONLY_DISABLE": "1"})
    assert not _plan(catalog, disabled, ["docs/index.md"]).docs_only


def test_a_change_that_matches_nothing_still_builds_the_images(catalog: Catalog,
                                                               ctx: BuildContext) -> None:
    plan = _plan(catalog, ctx, [".gitignore"])
    assert sorted(plan.keys("run")) == sorted(IMAGE_STEPS)


@pytest.mark.parametrize(("env", "kept"), [
    ({}, 193),
    ({"AMD_MIRROR_HW": "amdexperimental"}, 193),
    ({"AMD_MIRROR_HW": "amdmi355"}, 43),
    ({"BUILDKITE_PIPELINE_SLUG": "fastcheck"}, 0),  # no step is tagged amdtentative
    ({"BUILDKITE_PIPELINE_SLUG": "fastcheck", "AMD_MIRROR_HW": "amdproduction"}, 0),
])
def test_only_steps_tagged_with_the_mirror_hardware_are_built(
        catalog: Catalog, env: dict[str, str], kept: int) -> None:
    ctx = BuildContext.from_env({**PR_BUILD, **env})
    plan = _plan(catalog, ctx, ["vllm/envs.py"])
    built = [d.key for d in plan.decisions if d.action != "skip"]
    assert len(built) == kept + 3
    skipped = [d for d in plan.decisions if d.action == "skip"]
    assert all(d.reasons[0].startswith("not tagged ") for d in skipped)


def test_only_step_keys_name_steps_by_their_slug(catalog: Catalog) -> None:
    key = "mi300_1-:amd:-mi300-basic-correctness"
    ctx = BuildContext.from_env({**PR_BUILD, "VLLM_CI_ONLY_STEP_KEYS": json.dumps([key])})
    plan = _plan(catalog, ctx, ["vllm/envs.py"])
    assert sorted(plan.keys("run")) == sorted([key, *IMAGE_STEPS])


# --- what is emitted ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def emitted(catalog: Catalog, ctx: BuildContext) -> dict[str, dict[str, Any]]:
    plan = _plan(catalog, ctx, ["vllm/lora/layers/base.py"])
    (document,) = documents(plan)
    (group,) = json.loads(document)["steps"]
    assert group["group"] == "AMD Tests"
    return {s["key"]: s for s in group["steps"]}


def test_the_image_steps_come_first(emitted: dict[str, dict[str, Any]]) -> None:
    assert list(emitted)[:3] == list(IMAGE_STEPS)
    build = emitted["image-build-amd"]
    assert build["agents"] == {"queue": "amd-cpu"} and "soft_fail" not in build
    assert build["depends_on"] == ["ensure-ci-base-amd"]
    assert build["env"]["IMAGE_TAG"] == "rocm/vllm-ci:build-$BUILDKITE_BUILD_ID"
    statuses = {r.get("exit_status") for r in build["retry"]["automatic"]}
    assert {1, 2, -1, 134} <= statuses
    assert emitted["refresh-rocm-base-amd"]["timeout_in_minutes"] == 540


def test_a_gated_step_waits_behind_its_block(emitted: dict[str, dict[str, Any]]) -> None:
    key = "mi300_1-:amd:-mi300-entrypoints-unit"
    assert emitted[f"block-{key}"] == {"block": "Run mi300_1: :amd: (MI300) Entrypoints Unit",
                                       "key": f"block-{key}", "depends_on": ["image-build-amd"]}
    assert emitted[key]["depends_on"] == ["image-build-amd", f"block-{key}"]


def test_a_native_test_step_is_wrapped_as_the_template_wraps_it(
        emitted: dict[str, dict[str, Any]]) -> None:
    step = emitted["mi300_1-:amd:-mi300-basic-correctness"]
    assert step["label"] == "mi300_1: :amd: (MI300) Basic Correctness"
    assert step["depends_on"] == ["image-build-amd"]
    assert step["agents"] == {"queue": "amd_mi300_1"}
    assert step["commands"] == ["bash .buildkite/scripts/hardware_ci/run-amd-test.sh"]
    assert step["artifact_paths"] == ["artifacts/amd-gpu-diagnostics/*/diagnostics.log"]
    assert (step["priority"], step["soft_fail"], step["timeout_in_minutes"]) == (100, True, 180)
    assert step["retry"]["automatic"] == [
        {"signal_reason": "stack_error", "limit": 1}, {"signal_reason": "agent_stop", "limit": 1},
        {"signal_reason": "agent_refused", "limit": 1},
        {"exit_status": -1, "signal_reason": "none", "limit": 1},
        {"exit_status": 134, "limit": 1}]
    env = step["env"]
    assert env["VLLM_TEST_COMMANDS"].startswith(
        "(command rocm-smi || true) && echo 'ROCm debug agent disabled")
    assert " && cd /vllm-workspace/tests && export VLLM_WORKER_MULTIPROC_METHOD=spawn && " \
        in env["VLLM_TEST_COMMANDS"]
    assert (env["NUM_NODES"], env["VLLM_CI_EXPECTED_GPU_COUNT"]) == ("1", "1")
    assert env["CONTAINER_TIMEOUT_S"] == str(180 * 60 - 60)
    assert env["VLLM_CI_ARTIFACT_STEP"] == "image-build-amd"
    pod = step["plugins"][0]["kubernetes"]["podSpecPatch"]
    container = pod["containers"][0]
    assert container["image"] == "rocm/vllm-dev:ci_base-build-$BUILDKITE_BUILD_ID"
    assert container["resources"]["limits"] == {"amd.com/gpu": "1"}
    assert pod["volumes"][0]["emptyDir"] == {"medium": "Memory", "sizeLimit": "16Gi"}


def test_a_docker_in_docker_step_without_a_gpu(emitted: dict[str, dict[str, Any]]) -> None:
    step = emitted["mi250_1-:computer:-cpu-basic-models-other"]
    assert "plugins" not in step
    assert step["env"]["VLLM_CI_EXPECTED_GPU_COUNT"] == "0"  # no_gpu: true
    assert step["env"]["DOCKER_IMAGE_NAME"] == "rocm/vllm-dev:ci_base"
    multi = emitted["mi300_4-:amd:-mi300-lora-tp-distributed"]
    assert multi["env"]["VLLM_CI_EXPECTED_GPU_COUNT"] == "4"
    assert multi["agents"] == {"queue": "amd_mi300_4"}


# --- the import ------------------------------------------------------------------------


def test_a_first_import_brings_the_pipelines_own_files(tmp_path: Path) -> None:
    """Into definitions without an AMD pipeline, the import writes `rocm/test_amd.py`
    and copies the reference's own files of the package (settings, image steps, the
    job wrapper): the result selects as vLLM's template does."""
    copy = vllm_definitions(tmp_path / "pipelines")  # the frozen test pipeline alone
    result = import_yaml(TEST_AMD, copy, pipeline="amd", package="rocm", write=True,
                         reference=PROJECT)
    assert {"rocm/test_amd.py", "rocm/settings.py", "rocm/images.py",
            "rocm/jobs.py"} <= set(result.files.added)
    ours = load_catalog(copy).for_pipeline("amd")
    ctx = BuildContext.from_env(PR_BUILD)
    for row in ROWS[:40]:
        assert differences(ours, ctx, row) == [], row["sha"]


def test_the_slug_is_the_templates(run_cli: Any) -> None:
    assert slug("mi300_1", ":amd: (MI300) Basic Correctness") == \
        "mi300_1-:amd:-mi300-basic-correctness"
    assert slug("mi355_2", "A, B + C (50%)") == "mi355_2-a--b---c-50"


def test_upload_dry_run_of_the_amd_pipeline(run_cli: Any) -> None:
    result: Result = run_cli("upload", "--pipeline", "amd", "--dry-run", "--files",
                             "vllm/envs.py")
    assert result.code == 0, result.err
    assert '"group": "AMD Tests"' in result.out


# --- check and review --------------------------------------------------------------------


@pytest.mark.slow
def test_check_reads_the_entries_as_the_pipeline_matches_them(run_cli: Any) -> None:
    """`vllmci check` covers the AMD and Intel pipelines too: `tests/test_config` is stale
    where entries are paths (it never matches `tests/test_config.py`), not where they
    are raw prefixes (the AMD pipeline)."""
    tree = FIXTURES / "tree.txt"
    result: Result = run_cli("check", "--tree", str(tree), "--format", "json")
    assert result.code == 0, result.err
    found = json.loads(result.out)["findings"]
    stale = {(f["file"].split("/")[1], f["message"].split("'")[1]) for f in found
             if f["code"] == "stale-entry"}
    assert ("intel", "tests/test_config") in stale
    assert not any(where == "rocm" and entry == "tests/test_config" for where, entry in stale)
    assert ("rocm", "vllm/executor/") in stale  # matches nothing, as a prefix too
    assert not [f for f in found if f["level"] == "error"]


def test_review_names_the_pipeline_of_a_changed_step(run_cli: Any, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from gitrepo import GitRepo, isolate_git

    isolate_git(monkeypatch, tmp_path / "home")
    repo = GitRepo.init(tmp_path / "repo")
    shutil.copytree(bundled_definitions(), repo.path / "ci",
                    ignore=shutil.ignore_patterns("__pycache__"))
    repo.commit("definitions")
    module = repo.path / "ci" / "rocm" / "test_amd.py"
    text = module.read_text(encoding="utf-8")
    old = 'key="mi300_1-:amd:-mi300-basic-correctness",'
    module.write_text(text.replace(old, old + "\n            parallelism=2,", 1),
                      encoding="utf-8")
    settings = repo.path / "ci" / "rocm" / "settings.py"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        '"csrc/", "cmake/"]', '"csrc/", "cmake/", "rust/"]', 1), encoding="utf-8")
    result: Result = run_cli("review", "--against", "HEAD", "--repo", str(repo.path),
                             "--pipelines", "ci", "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    (changed,) = document["changed"]
    assert (changed["key"], changed["pipeline"]) == ("mi300_1-:amd:-mi300-basic-correctness",
                                                     "amd")
    assert [c["field"] for c in changed["changes"]] == ["parallelism"]
    assert [c["field"] for c in document["run_all"]] == ["amd patterns"]
    text_out = run_cli("review", "--against", "HEAD", "--repo", str(repo.path),
                       "--pipelines", "ci").out
    assert "  ~ mi300_1-:amd:-mi300-basic-correctness  (amd pipeline, ci/rocm/test_amd.py:" \
        in text_out
    assert "run-all patterns (amd pipeline):" in text_out


def test_check_findings_of_the_amd_pipeline(catalog: Catalog) -> None:
    """`vllmci check` reads the AMD entries as raw prefixes: 13 entries (27 step
    entries) match no file of vLLM's tree at 0a21947d (docs/parity.md)."""
    from vllmci.checks.repository import file_tree, stale_entries

    tree = file_tree(FIXTURES / "tree.txt")
    found = list(stale_entries(catalog, tree))
    entries = {f.message.split("'")[1] for f in found}
    assert (len(found), len(entries)) == (27, 13)
    assert {"vllm/executor/", "vllm/worker/worker_base.py", "csrc/mamba/"} <= entries
    assert "tests/test_config" not in entries


def test_the_annotation_says_why(catalog: Catalog, ctx: BuildContext) -> None:
    from vllmci.report.annotation import annotation

    text = annotation(_plan(catalog, ctx, ["docker/Dockerfile.rocm_base"]))
    assert "docker/Dockerfile.rocm_base sets nightly mode" in text
    assert "| mi300_1 | `mi300_1-:amd:-mi300-basic-correctness` | nightly mode" in text
