"""The AMD and Intel pipelines on changes nobody recorded.

`amd_intel_reference` re-implements vLLM's AMD and Intel selection from its
description, reading vLLM's YAML itself. It must reproduce all 300 recorded PRs;
then vllmci's pipelines must select what it selects on random PRs drawn from vLLM's
tree (`fixtures/amd_intel/tree.txt`, fixed seeds), and on every single file of the
tree. Paths under `.buildkite/` are left out for Intel, whose generator counts a job
file as a dependency of its steps (the definitions are Python now: docs/parity.md).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from amd_intel_reference import (
    amd_select,
    amd_steps,
    intel_select,
    intel_steps,
    sample_pull_requests,
)
from frozen import frozen_catalog

from vllmci.catalog import effective
from vllmci.catalog.model import Catalog
from vllmci.context import BuildContext
from vllmci.plan.changes import ChangeSet
from vllmci.plan.select import select

pytestmark = pytest.mark.slow  # exhaustive: .ci/run runs them (`pytest -m slow`)
FIXTURES = Path(__file__).parent / "fixtures" / "amd_intel"
TREE = [line for line in (FIXTURES / "tree.txt").read_text().split() if line]
AMD_STEPS = amd_steps(FIXTURES / "buildkite" / "test-amd.yaml")
INTEL = intel_steps(FIXTURES / "buildkite" / "ci_config_intel.yaml")
PR_BUILD = {"BUILDKITE_PULL_REQUEST": "12345", "BUILDKITE_BRANCH": "feature-x",
            "BUILDKITE": "true"}
AMD_QUEUES = json.loads((FIXTURES / "amd_steps.json").read_text())["queues"]


def _rows(name: str) -> list[dict[str, Any]]:
    with (FIXTURES / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def reference(pipeline: str, files: list[str]) -> Any:
    if pipeline == "amd":
        return amd_select(AMD_STEPS, files)
    return intel_select(*INTEL, files)


@pytest.fixture(scope="module")
def catalogs() -> dict[str, Catalog]:
    everything = frozen_catalog()
    return {p: everything.for_pipeline(p) for p in ("amd", "intel")}


@pytest.fixture(scope="module")
def ctx() -> BuildContext:
    return BuildContext.from_env(PR_BUILD)


def ours(catalogs: dict[str, Catalog], ctx: BuildContext, pipeline: str,
         files: list[str]) -> Any:
    plan = select(catalogs[pipeline], ChangeSet.from_files(files), ctx, pipeline)
    if plan.docs_only:
        return None
    queues = {e.key: effective.queue(e, ctx) for e in plan.catalog.entries}
    return (plan.run_all is not None, frozenset(plan.keys("run")),
            frozenset(plan.keys("block")), queues)


@pytest.mark.parametrize(("pipeline", "data"), [("amd", "amd_selection.jsonl"),
                                                ("intel", "intel_selection.jsonl")])
def test_the_reference_reproduces_every_recorded_pull_request(pipeline: str,
                                                              data: str) -> None:
    for row in _rows(data):
        found = reference(pipeline, row["files"])
        if row["docs_only"]:
            assert found is None, row["sha"]
            continue
        run_all, auto, blocked, queues = found
        assert (run_all, auto, blocked) == (row["run_all"], set(row["auto"]),
                                            set(row["blocked"])), row["sha"]
        assert queues == row.get("queues", AMD_QUEUES), row["sha"]


def compare(catalogs: dict[str, Catalog], ctx: BuildContext, pipeline: str,
            prs: list[list[str]]) -> tuple[int, Counter[str]]:
    """How many PRs are exact, and per step how many PRs missed it (ran in vLLM)."""
    exact, missed = 0, Counter[str]()
    for files in prs:
        theirs, mine = reference(pipeline, files), ours(catalogs, ctx, pipeline, files)
        if theirs == mine:
            exact += 1
            continue
        if theirs is not None:
            missed.update(theirs[1] - (mine[1] if mine else frozenset()))
    return exact, missed


def _without_buildkite(prs: list[list[str]]) -> list[list[str]]:
    kept = [[f for f in files if not f.startswith(".buildkite/")] for files in prs]
    return [files for files in kept if files]


@pytest.mark.parametrize("pipeline", ["amd", "intel"])
@pytest.mark.parametrize("seed", [11, 7])
def test_random_pull_requests(catalogs: dict[str, Catalog], ctx: BuildContext,
                              pipeline: str, seed: int) -> None:
    prs = sample_pull_requests(TREE, 500, seed)
    if pipeline == "intel":
        prs = _without_buildkite(prs)
    exact, missed = compare(catalogs, ctx, pipeline, prs)
    print(f"{pipeline} held out (seed {seed}): {exact} of {len(prs)} exact, worst miss "
          f"{max(missed.values(), default=0)} PRs")
    assert exact / len(prs) >= 0.95
    assert max(missed.values(), default=0) <= 0.02 * len(prs)
    assert exact == len(prs)


@pytest.mark.slow
@pytest.mark.parametrize("pipeline", ["amd", "intel"])
def test_every_single_file_of_the_tree(catalogs: dict[str, Catalog], ctx: BuildContext,
                                       pipeline: str) -> None:
    prs = [[path] for path in TREE]
    if pipeline == "intel":
        prs = _without_buildkite(prs)
    exact, missed = compare(catalogs, ctx, pipeline, prs)
    print(f"{pipeline} every single file: {exact} of {len(prs)} exact")
    assert exact == len(prs), missed.most_common(5)
