"""vLLM's Intel pipeline (`--pipeline intel`, `pipelines/intel/`) against what vLLM's
generator did with `ci_config_intel.yaml` and `.buildkite/intel_jobs/` on 300 real PRs.

`fixtures/amd_intel/intel_selection.jsonl` (a copy of the recorded data) gives, per
PR build: run-all, docs-only, the keys vLLM started (`auto`), put behind a block
(`blocked`) and their queues. The definitions must make the same decisions. PRs
that edit a job file of `.buildkite/intel_jobs/` differ only where vLLM counts a
job file as a dependency of its steps (the definitions are Python files now), as
for the test pipeline. See docs/parity.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from frozen import PROJECT, frozen_catalog, vllm_definitions

from vllmci.catalog import effective
from vllmci.catalog.load import load_catalog
from vllmci.catalog.model import Catalog
from vllmci.context import BuildContext
from vllmci.plan.changes import ChangeSet
from vllmci.plan.model import Plan
from vllmci.plan.select import select
from vllmci.stages import documents

DATA = Path(__file__).parent / "fixtures" / "amd_intel" / "intel_selection.jsonl"
PR_BUILD = {"BUILDKITE_PULL_REQUEST": "12345", "BUILDKITE_BRANCH": "feature-x",
            "BUILDKITE": "true"}
JOB_FILES = ".buildkite/intel_jobs/"


def _rows() -> list[dict[str, Any]]:
    with DATA.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


ROWS = _rows()
COMPARABLE = [r for r in ROWS if not any(f.startswith(JOB_FILES) for f in r["files"])]
JOB_FILE_PRS = [r for r in ROWS if r not in COMPARABLE]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return frozen_catalog().for_pipeline("intel")


@pytest.fixture(scope="module")
def ctx() -> BuildContext:
    return BuildContext.from_env(PR_BUILD)


def _plan(catalog: Catalog, ctx: BuildContext, files: list[str]) -> Plan:
    return select(catalog, ChangeSet.from_files(files), ctx, "intel")


def differences(catalog: Catalog, ctx: BuildContext, row: dict[str, Any]) -> list[str]:
    plan = _plan(catalog, ctx, row["files"])
    found = []
    if (plan.run_all is not None) != row["run_all"]:
        found.append(f"run-all: {plan.run_all is not None} here, {row['run_all']} in vLLM")
    if plan.docs_only != row["docs_only"]:
        found.append(f"docs-only: {plan.docs_only} here, {row['docs_only']} in vLLM")
    for name, ours, theirs in (("run", set(plan.keys("run")), set(row["auto"])),
                               ("blocked", set(plan.keys("block")), set(row["blocked"]))):
        if ours != theirs:
            found.append(f"{name}: only here {sorted(ours - theirs)}, "
                         f"only in vLLM {sorted(theirs - ours)}")
    for key, queue in sorted(row["queues"].items()):
        entry = catalog.by_key.get(key)
        ours_queue = effective.queue(entry, ctx) if entry else None
        if ours_queue != queue:
            found.append(f"queue of {key}: {ours_queue} here, {queue} in vLLM")
    return found


def test_the_data_is_all_there() -> None:
    assert len(ROWS) == 300
    assert (len(COMPARABLE), len(JOB_FILE_PRS)) == (292, 8)
    assert sum(r["docs_only"] for r in ROWS) == 8
    assert sum(r["run_all"] for r in ROWS) == 26


@pytest.mark.parametrize("row", COMPARABLE, ids=[r["sha"][:12] for r in COMPARABLE])
def test_pull_request_selects_what_vllm_selected(catalog: Catalog, ctx: BuildContext,
                                                 row: dict[str, Any]) -> None:
    assert differences(catalog, ctx, row) == [], row["files"]


@pytest.mark.parametrize("row", JOB_FILE_PRS, ids=[r["sha"][:12] for r in JOB_FILE_PRS])
def test_job_file_pull_requests_differ_only_by_the_job_file_rule(
        catalog: Catalog, ctx: BuildContext, row: dict[str, Any]) -> None:
    """vLLM runs a job file's steps when the file changes: every step vLLM ran and
    vllmci blocked is defined in a module whose job file the PR edits."""
    plan = _plan(catalog, ctx, row["files"])
    assert (plan.run_all is not None, plan.docs_only) == (row["run_all"], row["docs_only"])
    ours = set(plan.keys("run"))
    assert ours <= set(row["auto"]), sorted(ours - set(row["auto"]))
    missed = set(row["auto"]) - ours
    assert missed <= set(plan.keys("block"))
    edited = {f"{JOB_FILES}{Path(catalog.by_key[k].step.origin.file).stem}.yaml"
              for k in missed}
    assert edited <= set(row["files"]), sorted(edited - set(row["files"]))


def test_parity_figure(catalog: Catalog, ctx: BuildContext) -> None:
    """The figures quoted in docs/parity.md."""
    exact = sum(not differences(catalog, ctx, row) for row in ROWS)
    print(f"intel parity: {exact} of {len(ROWS)} PRs exact on run-all, docs-only, run set, "
          f"block set and queues; {len(COMPARABLE)} of {len(COMPARABLE)} without a job-file "
          "edit")
    assert exact == 296
    assert all(not differences(catalog, ctx, row) for row in COMPARABLE)


def test_every_recorded_key_is_an_intel_step(catalog: Catalog) -> None:
    keys = {k for row in ROWS for k in row["queues"]}
    assert keys == set(catalog.by_key)
    assert len(keys) == 45  # the 44 of intel_jobs/ and pre-commit
    assert {e.pipeline for e in catalog.entries} == {"intel"}


def test_the_test_pipeline_keeps_its_own_steps_of_the_same_keys() -> None:
    """Keys are unique per pipeline: `pre-commit` and `image-build-xpu` are steps of
    both the test and the Intel pipeline (the XPU image build defined twice, from two
    YAML files; the pre-commit check once, used by both)."""
    everything = frozen_catalog()
    test, intel = everything.for_pipeline("test"), everything.for_pipeline("intel")
    assert Path(test.by_key["image-build-xpu"].step.origin.file).name == "intel_xpu_ci.py"
    assert Path(intel.by_key["image-build-xpu"].step.origin.file).name == "test_intel.py"
    for key in ("pre-commit", "image-build-xpu"):
        assert everything.by_key[key].pipeline == "test"
        assert key in test.by_key and key in intel.by_key


def test_a_docs_only_change_builds_nothing(catalog: Catalog, ctx: BuildContext) -> None:
    plan = _plan(catalog, ctx, ["docs/usage/security.md"])
    assert plan.docs_only
    assert documents(plan) == []


def test_the_docs_only_check_comes_before_the_run_all_rule(
        catalog: Catalog, ctx: BuildContext) -> None:
    """vLLM's Intel bootstrap exits on a docs-only change before its run-all check;
    the test pipeline runs everything for the same change (vLLM's generator skips
    its docs-only check when run-all is on)."""
    files = ["csrc/quantization/w8a8/cutlass/Epilogues.md"]
    assert _plan(catalog, ctx, files).docs_only
    test = frozen_catalog().for_pipeline("test")
    plan = select(test, ChangeSet.from_files(files), ctx)
    assert not plan.docs_only and plan.run_all is not None


def test_its_own_run_all_patterns(catalog: Catalog, ctx: BuildContext) -> None:
    """`docker/Dockerfile` matches every Dockerfile variant in ci_config_intel.yaml
    (no `docker/Dockerfile.` exclusion, unlike ci_config.yaml)."""
    plan = _plan(catalog, ctx, ["docker/Dockerfile.rocm"])
    assert plan.run_all is not None
    assert plan.run_all.matches[0].entry == "docker/Dockerfile"
    assert set(plan.keys("run")) == set(catalog.by_key)  # none is optional
    test = frozen_catalog().for_pipeline("test")
    assert select(test, ChangeSet.from_files(["docker/Dockerfile.rocm"]), ctx).run_all is None
    intel_script = [".buildkite/scripts/hardware_ci/run-intel-test.sh"]
    assert _plan(catalog, ctx, intel_script).run_all is not None


def test_only_step_keys_address_intel_steps(catalog: Catalog) -> None:
    ctx = BuildContext.from_env({**PR_BUILD, "VLLM_CI_ONLY_STEP_KEYS": '["xpu-v1-test"]'})
    plan = _plan(catalog, ctx, ["vllm/lora/layers/base.py"])
    assert sorted(plan.keys("run")) == ["image-build-xpu", "pre-commit", "xpu-v1-test"]


def test_the_pipeline_validates_and_waits_for_pre_commit(catalog: Catalog,
                                                         ctx: BuildContext) -> None:
    plan = _plan(catalog, ctx, ["vllm/lora/layers/base.py"])
    (document,) = documents(plan)
    steps = {s.get("key"): s for group in json.loads(document)["steps"]
             for s in group.get("steps", [group])}
    assert steps["pre-commit"]["agents"] == {"queue": "small_cpu_queue_premerge"}
    lora = steps["lora-models"]
    assert lora["depends_on"] == ["image-build-xpu", "pre-commit"]
    assert lora["agents"] == {"queue": "intel-gpu", "label": "production", "gpu": "2+",
                              "mem": "24+"}
    assert "plugins" not in lora
    assert lora["commands"][0] == "cd ."
    assert steps["image-build-xpu"]["soft_fail"] is True
    assert steps["block-engine"] == {"block": "Run Engine", "key": "block-engine",
                                     "depends_on": []}


def test_check_findings_of_the_intel_pipeline(catalog: Catalog) -> None:
    """What `vllmci check` says about the Intel pipeline at 0a21947d (docs/check.md)."""
    from vllmci.checks.repository import file_tree, stale_entries
    from vllmci.checks.steps import label_derived_keys

    tree = file_tree(Path(__file__).parent / "fixtures" / "amd_intel" / "tree.txt")
    stale = sorted({f.message.split("'")[1] for f in stale_entries(catalog, tree)})
    assert stale == ["tests/basic_correctness/test_cumem.py", "tests/test_config",
                     "tests/test_config/", "tests/test_logger", "tests/test_regression",
                     "tests/test_sequence", "tests/test_vllm_port",
                     "vllm/entrypoints/logger.py", "vllm/sampling_metadata.py",
                     "vllm/v1/kv_connector/"]
    derived = [f for f in label_derived_keys(catalog) if "/intel/" in (f.file or "")]
    assert len(derived) == 33


BUILDKITE = Path(__file__).parent / "fixtures" / "amd_intel" / "buildkite"


def test_a_first_import_of_the_intel_pipeline_selects_as_vllm(tmp_path: Path,
                                                              ctx: BuildContext) -> None:
    """Into definitions without `intel/`, the import writes the modules and copies the
    reference's `intel/settings.py` (with the config's run-all patterns) and
    `intel/ci_checks.py`; the test pipeline's modules are left alone."""
    from vllmci.importer import import_yaml

    copy = vllm_definitions(tmp_path / "pipelines")  # the frozen test pipeline alone
    before = sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*.py"))
    result = import_yaml(BUILDKITE, copy, config="ci_config_intel.yaml", pipeline="intel",
                         package="intel", write=True, reference=PROJECT)
    assert {"intel/settings.py", "intel/ci_checks.py", "intel/lora_intel.py",
            "intel/test_intel.py"} <= set(result.files.added)
    assert not result.files.removed
    after = sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*.py"))
    assert set(before) <= set(after)
    ours = load_catalog(copy).for_pipeline("intel")
    assert all(not differences(ours, ctx, row) for row in COMPARABLE[:60])
