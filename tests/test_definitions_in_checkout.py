"""Definitions that live where the code lives: a checkout's `.buildkite/vllmci/`,
found without `--pipelines`, in real temporary git repositories."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import Result
from gitrepo import GitRepo, isolate_git

from vllmci.stages import CHECKOUT_DEFINITIONS, bundled_definitions, find_definitions

MINI = Path(__file__).parent / "fixtures" / "mini"
LORA_FILE = "vllm/lora/layers.py"


@pytest.fixture(autouse=True)
def _git_isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_git(monkeypatch, tmp_path / "home")


@pytest.fixture
def checkout(tmp_path: Path) -> GitRepo:
    """A repository that keeps its CI definitions in `.buildkite/vllmci/`."""
    repo = GitRepo.init(tmp_path / "vllm")
    shutil.copytree(MINI, repo.path / CHECKOUT_DEFINITIONS,
                    ignore=shutil.ignore_patterns("__pycache__"))
    repo.write(LORA_FILE)
    repo.commit("initial")
    return repo


def keys(result: Result) -> set[str]:
    assert result.code == 0, result.err
    return {s["key"] for s in json.loads(result.out)["steps"]}


def test_the_checkouts_own_definitions_are_found(checkout: GitRepo, run_cli) -> None:
    found = find_definitions(checkout.path, None, env={})
    assert found.directory == checkout.path / CHECKOUT_DEFINITIONS and found.in_checkout
    ours = keys(run_cli("plan", "--repo", str(checkout.path), "--files", LORA_FILE,
                        "--format", "json"))
    assert "kernels-manual" in ours and "lora" in ours  # the mini definitions, not vLLM's


def test_the_bundled_definitions_are_the_default_elsewhere(tmp_path: Path) -> None:
    found = find_definitions(tmp_path, None, env={})
    assert found.directory == bundled_definitions() and not found.in_checkout


def test_an_explicit_directory_wins(checkout: GitRepo, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(MINI, other, ignore=shutil.ignore_patterns("__pycache__"))
    assert find_definitions(checkout.path, other, env={}).directory == other
    named = find_definitions(checkout.path, None, env={"VLLMCI_PIPELINES": str(other)})
    assert named.directory == other and named.why == f"$VLLMCI_PIPELINES={other}"


def test_a_missing_named_directory_is_a_usage_error(checkout: GitRepo, run_cli,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VLLMCI_PIPELINES", "ci/nowhere")
    result = run_cli("plan", "--repo", str(checkout.path), "--files", LORA_FILE)
    assert result.code == 2 and "VLLMCI_PIPELINES=ci/nowhere: no such directory" in result.err


def test_a_steps_own_definition_file_counts_as_changed(checkout: GitRepo, run_cli) -> None:
    own = f"{CHECKOUT_DEFINITIONS.as_posix()}/areas/lora.py"
    plan = json.loads(run_cli("plan", "--repo", str(checkout.path), "--files", own,
                              "--format", "json").out)
    decided = {s["key"]: s for s in plan["steps"]}
    assert decided["lora"]["decision"] == "run"
    assert any("its definition file" in r for r in decided["lora"]["reasons"])


def test_review_reads_the_checkouts_definitions_and_names_it(checkout: GitRepo,
                                                             run_cli) -> None:
    lora = checkout.path / CHECKOUT_DEFINITIONS / "areas" / "lora.py"
    lora.write_text(lora.read_text().replace("parallelism=4", "parallelism=8"))
    result = run_cli("review", "--against", "HEAD", "--repo", str(checkout.path))
    assert result.code == 0, result.err
    assert f"Definitions {CHECKOUT_DEFINITIONS.as_posix()}/ in {checkout.path.resolve()}" \
        in result.out
    assert "parallelism (shards): 4 -> 8" in result.out
