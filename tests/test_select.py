"""Selection: vLLM's rules, each a table row naming what must and must not run."""

from __future__ import annotations

from pathlib import Path

import pytest

from vllmci.catalog.load import load_catalog
from vllmci.catalog.model import Catalog
from vllmci.context import BuildContext
from vllmci.errors import UsageError
from vllmci.plan.changes import ChangeSet
from vllmci.plan.model import Plan
from vllmci.plan.select import select

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(MINI)


def plan_for(catalog: Catalog, files: list[str], **env: str) -> Plan:
    ctx = BuildContext.from_env(env)
    return select(catalog, ChangeSet.from_files(files), ctx)


CASES = [
    ("lora-file", ["vllm/lora/layers.py"], {},
     {"image-build", "lora", "amd-lora", "lora-tp"}, {"kernels-core", "cpu-kernels"}),
    ("rocm-only-starts-mirror", ["vllm/platforms/rocm.py"], {},
     {"amd-lora"}, {"lora", "lora-tp"}),
    ("excluded-subdir", ["vllm/lora/docs/x.txt"], {},
     {"lora", "amd-lora"}, {"lora-tp"}),
    ("glob-entry", ["vllm/kernels/a/b.py"], {},
     {"kernels-core"}, {"lora", "kernels-slow"}),
    ("run-all-file", ["setup.py"], {},
     {"lora", "kernels-core", "cpu-kernels", "kernels-manual"}, {"kernels-slow"}),
    ("run-all-excluded", ["csrc/cpu/x.cpp"], {},
     {"cpu-kernels"}, {"lora", "kernels-core"}),
    ("run-all-regex-prefix", ["docker/Dockerfile"], {},
     {"lora"}, {"kernels-slow"}),
    ("run-all-regex-excluded", ["docker/Dockerfile.cpu"], {},
     set(), {"lora", "kernels-core"}),
    ("RUN_ALL", ["README.txt"], {"RUN_ALL": "1"},
     {"lora", "kernels-core"}, {"kernels-slow"}),
    ("TORCH_NIGHTLY", ["README.txt"], {"TORCH_NIGHTLY": "1"},
     {"lora", "kernels-core", "kernels-manual"}, {"kernels-slow"}),
    ("NIGHTLY-runs-optional", ["README.txt"], {"NIGHTLY": "1"},
     {"lora", "kernels-slow", "kernels-manual"}, set()),
    ("no-match", ["unrelated.txt"], {},
     {"image-build"}, {"lora", "kernels-core", "kernels-manual"}),
]


@pytest.mark.parametrize(("files", "env", "want_run", "want_not_run"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_selection_table(catalog: Catalog, files: list[str], env: dict[str, str],
                         want_run: set[str], want_not_run: set[str]) -> None:
    plan = plan_for(catalog, files, **env)
    running = set(plan.keys("run"))
    assert want_run <= running, sorted(want_run - running)
    assert not want_not_run & running, sorted(want_not_run & running)


def test_every_step_decided_exactly_once(catalog: Catalog) -> None:
    plan = plan_for(catalog, ["vllm/lora/x.py"])
    assert [d.key for d in plan.decisions] == [e.key for e in catalog.entries]


def test_reasons_name_file_and_entry(catalog: Catalog) -> None:
    decision = plan_for(catalog, ["vllm/lora/layers.py"]).decision("lora")
    assert decision.reasons == ("vllm/lora/layers.py ← vllm/lora",)


def test_blocked_steps_say_why(catalog: Catalog) -> None:
    plan = plan_for(catalog, ["unrelated.txt"])
    assert plan.decision("lora").action == "block"
    assert "no changed file" in plan.decision("lora").reasons[0]
    assert "optional" in plan.decision("kernels-slow").reasons[0]
    assert "no dependency entries" in plan.decision("kernels-manual").reasons[0]


def test_noauto_blocks_everything_even_image_build(catalog: Catalog) -> None:
    plan = plan_for(catalog, ["setup.py"], NOAUTO="1", BUILDKITE_PULL_REQUEST="7")
    assert {d.action for d in plan.decisions} == {"block"}


def test_docs_only_skips_everything(catalog: Catalog) -> None:
    plan = plan_for(catalog, ["docs/a.md", "README.md", "mkdocs.yaml"])
    assert plan.docs_only
    assert {d.action for d in plan.decisions} == {"skip"}


def test_docs_only_disable_runs_ci(catalog: Catalog) -> None:
    plan = plan_for(catalog, ["docs/a.md"], DOCS_ONLY_DISABLE="1")
    assert not plan.docs_only
    assert plan.decision("image-build").action == "run"


def test_mixed_docs_and_code_is_not_docs_only(catalog: Catalog) -> None:
    assert not plan_for(catalog, ["docs/a.md", "vllm/lora/x.py"]).docs_only


def test_only_step_keys_keep_dependency_closure(catalog: Catalog) -> None:
    plan = plan_for(catalog, [], VLLM_CI_ONLY_STEP_KEYS='["kernels-slow"]')
    assert set(plan.keys("run")) == {"kernels-slow", "kernels-helper", "image-build"}
    assert plan.decision("kernels-helper").reasons == ("required by kernels-slow",)
    assert plan.decision("lora").action == "skip"


def test_only_step_keys_unknown_key_is_usage_error(catalog: Catalog) -> None:
    with pytest.raises(UsageError, match=r"'lroa'.*did you mean 'lora'"):
        plan_for(catalog, [], VLLM_CI_ONLY_STEP_KEYS='["lroa"]')


def test_pr_only_step_skipped_outside_pull_requests(catalog: Catalog) -> None:
    branch = plan_for(catalog, ["x"], BUILDKITE_BRANCH="main")
    pr = plan_for(catalog, ["x"], BUILDKITE_PULL_REQUEST="123")
    assert branch.decision("pre-commit").action == "skip"
    assert pr.decision("pre-commit").action == "run"


def test_running_step_pulls_in_its_blocked_dependency(catalog: Catalog) -> None:
    plan = plan_for(catalog, ["vllm/kernels/x.py"], VLLM_CI_ONLY_STEP_KEYS="")
    assert plan.decision("kernels-slow").action == "block"
    nightly = plan_for(catalog, [], NIGHTLY="1")
    assert nightly.decision("kernels-helper").action == "run"


def test_fallback_runs_everything_and_keeps_the_reason(catalog: Catalog) -> None:
    changes = ChangeSet(source="git", fallback_reason="origin/main could not be fetched")
    plan = select(catalog, changes, BuildContext())
    assert plan.decision("lora").action == "run"
    assert "origin/main could not be fetched" in plan.decision("lora").reasons[0]
    assert not plan.docs_only


def test_definition_file_counts_when_definitions_live_in_the_repo(catalog: Catalog) -> None:
    repo = MINI.parent
    plan = select(catalog, ChangeSet.from_files(["mini/areas/lora.py"]), BuildContext(),
                  repo=repo)
    assert plan.decision("lora").action == "run"
    assert plan.decision("amd-lora").action == "run"
    assert plan.decision("kernels-core").action == "block"


def test_adding_files_never_removes_a_running_step(catalog: Catalog) -> None:
    small = set(plan_for(catalog, ["vllm/lora/x.py"]).keys("run"))
    large = set(plan_for(catalog, ["vllm/lora/x.py", "tests/kernels/helper.py"]).keys("run"))
    assert small <= large
