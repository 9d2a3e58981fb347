"""Parity with vLLM's own generator on 300 real pull requests.

`fixtures/vllm/anchor_selection.jsonl` records, for each PR, what vLLM's
generator (with its run-all rule) did with vLLM's CI at 0a21947d: run-all,
docs-only, the steps it started (`auto`), put behind a block (`blocked`) and
their queues. The same definitions, imported from the fixture copy of vLLM's
YAML over frozen project files (`tests/frozen.py`), must make the same
decisions on a PR build: this pins the engine (and the importer), not the live
`pipelines/`, which `bench/parity.py` compares with the same data. PRs that
touch `.buildkite/` differ only where vLLM counts a test area's YAML file as a
dependency of its steps (the definitions are Python files now).
See docs/parity.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import StandInAgent
from frozen import vllm_definitions

from vllmci.catalog import effective
from vllmci.catalog.load import load_catalog
from vllmci.catalog.model import Catalog
from vllmci.context import BuildContext
from vllmci.plan.changes import ChangeSet
from vllmci.plan.model import Plan
from vllmci.plan.select import select
from vllmci.stages import documents

ANCHOR = Path(__file__).parent / "fixtures" / "vllm" / "anchor_selection.jsonl"
PR_BUILD = {"BUILDKITE_PULL_REQUEST": "12345", "BUILDKITE_BRANCH": "contributor/feature",
            "BUILDKITE": "true"}


def _rows() -> list[dict[str, Any]]:
    with ANCHOR.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


ROWS = _rows()
COMPARABLE = [r for r in ROWS if not any(f.startswith(".buildkite/") for f in r["files"])]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """vLLM's CI at 0a21947d, frozen: imported from the fixture YAML (`tests/frozen.py`)."""
    return load_catalog(vllm_definitions(tmp_path_factory.mktemp("frozen") / "vllm"))


@pytest.fixture(scope="module")
def ctx() -> BuildContext:
    return BuildContext.from_env(PR_BUILD)


def _plan(catalog: Catalog, ctx: BuildContext, row: dict[str, Any]) -> Plan:
    return select(catalog, ChangeSet.from_files(row["files"]), ctx)


def differences(catalog: Catalog, ctx: BuildContext, row: dict[str, Any]) -> list[str]:
    """What the bundled definitions decide differently from vLLM for this PR."""
    plan = _plan(catalog, ctx, row)
    found = []
    if (plan.run_all is not None) != row["run_all"]:
        found.append(f"run-all: {plan.run_all is not None} here, {row['run_all']} in vLLM")
    if plan.docs_only != row["docs_only"]:
        found.append(f"docs-only: {plan.docs_only} here, {row['docs_only']} in vLLM")
    if plan.docs_only:
        vllm_skipped = not row["auto"] and not row["blocked"]
        return found if vllm_skipped else [*found, "docs-only here, vLLM built a pipeline"]
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


def test_the_anchor_data_is_all_there() -> None:
    assert len(ROWS) == 300
    assert 0 < len(COMPARABLE) < len(ROWS)


@pytest.mark.parametrize("row", COMPARABLE, ids=[r["sha"] for r in COMPARABLE])
def test_pull_request_selects_what_vllm_selected(catalog: Catalog, ctx: BuildContext,
                                                 row: dict[str, Any]) -> None:
    assert differences(catalog, ctx, row) == [], row["files"]
    if not row["auto"] and not row["blocked"]:  # vLLM skipped CI: a docs-only change
        plan = _plan(catalog, ctx, row)
        assert plan.docs_only
        assert documents(plan) == []


def test_docs_only_pull_requests_are_in_the_data() -> None:
    assert sum(not r["auto"] and not r["blocked"] for r in COMPARABLE) == 8


def test_parity_figure(catalog: Catalog, ctx: BuildContext) -> None:
    """The figure quoted in docs/parity.md: exact PRs of the comparable ones."""
    exact = sum(not differences(catalog, ctx, row) for row in COMPARABLE)
    print(f"parity: {exact} of {len(COMPARABLE)} comparable PRs exact on run set, "
          f"block set and queues ({len(ROWS) - len(COMPARABLE)} PRs touch .buildkite/)")
    assert exact == len(COMPARABLE)


def test_every_anchor_key_is_defined(catalog: Catalog) -> None:
    keys = {k for row in ROWS for k in row["queues"]}
    test = {e.key for e in catalog.entries if e.pipeline == "test"}
    assert keys == test, (sorted(keys - test), sorted(test - keys))
    steps = [e for e in catalog.entries if e.pipeline == "test" and not e.mirror_of]
    assert (len(keys), len(steps), len(test) - len(steps)) == (311, 238, 73)  # + pre-commit


def test_the_run_all_pull_requests_are_in_the_data() -> None:
    assert sum(r["run_all"] for r in ROWS) == 25
    assert sum(r["run_all"] for r in COMPARABLE) == 16


def _yaml_of(entry_file: str) -> str:
    """The vLLM YAML file a bundled module is imported from."""
    path = Path(entry_file)
    if path.parent.name == "test_areas":
        return f".buildkite/test_areas/{path.stem}.yaml"
    return ""


@pytest.mark.parametrize("row", [r for r in ROWS if r not in COMPARABLE],
                         ids=[r["sha"] for r in ROWS if r not in COMPARABLE])
def test_buildkite_pull_requests_differ_only_by_the_yaml_file_rule(
        catalog: Catalog, ctx: BuildContext, row: dict[str, Any]) -> None:
    """vLLM runs a test area's steps when its YAML file changes: every step vLLM ran
    and vllmci blocked is defined in a test area whose YAML file the PR edits."""
    plan = _plan(catalog, ctx, row)
    assert (plan.run_all is not None, plan.docs_only) == (row["run_all"], row["docs_only"])
    ours, blocked = set(plan.keys("run")), set(plan.keys("block"))
    assert ours <= set(row["auto"]), sorted(ours - set(row["auto"]))
    missed = set(row["auto"]) - ours
    assert missed <= blocked
    edited = {_yaml_of(catalog.by_key[k].step.origin.file) for k in missed}
    assert edited <= set(row["files"]), sorted(edited - set(row["files"]))


def test_a_step_on_an_amd_gpu_is_emitted_as_vllm_emits_it(catalog: Catalog,
                                                          ctx: BuildContext) -> None:
    """kernels-fp8-moe-test-mi355 (`device: mi355_1`, `dind: false`): ci-infra's
    native AMD path (`buildkite_step.py`, `amd.py::build_amd_step_options`)."""
    plan = select(catalog, ChangeSet.from_files(["vllm/lora/layers.py"]), ctx)
    groups = {s["group"]: s["steps"] for s in json.loads(documents(plan)[0])["steps"]
              if "group" in s}
    amd = {s["key"]: s for s in groups["Hardware-AMD Tests"]}
    key = "kernels-fp8-moe-test-mi355"
    assert key not in {s.get("key") for s in groups["Kernels"]}
    assert amd[f"block-amd-{key}"] == {"block": "Run AMD: Kernels FP8 MoE Test (MI355) (mi355_1)",
                                       "key": f"block-amd-{key}",
                                       "depends_on": ["image-build-amd"]}
    step = amd[key]
    assert step["label"] == "AMD: Kernels FP8 MoE Test (MI355) (mi355_1)"
    assert step["depends_on"] == ["image-build-amd", f"block-amd-{key}", "pre-commit"]
    assert step["agents"] == {"queue": "amd_mi355_1"}
    assert (step["priority"], step["timeout_in_minutes"], step["soft_fail"]) == (200, 180, True)
    assert step["artifact_paths"] == ["artifacts/amd-gpu-diagnostics/*/diagnostics.log"]
    assert step["retry"]["automatic"] == [
        {"limit": 1, "signal_reason": "stack_error"}, {"exit_status": -1, "limit": 1},
        {"exit_status": 1, "limit": 1}, {"exit_status": 128, "limit": 1},
        {"exit_status": 134, "limit": 1}, {"limit": 1, "signal_reason": "agent_stop"},
        {"limit": 1, "signal_reason": "agent_refused"}]
    assert step["env"]["VLLM_TEST_COMMANDS"].startswith(
        f"export VLLM_TEST_GROUP_NAME={key} && cd /vllm-workspace/tests && ")
    assert step["env"]["AMD_CI_RUNTIME"] == "native"
    mirror = amd["amd-lora"]  # a mirror: the AMD label verbatim, no group-name export
    assert mirror["label"] == ":amd: (MI300) LoRA Shard %N"
    assert not mirror["env"]["VLLM_TEST_COMMANDS"].startswith("export VLLM_TEST_GROUP_NAME")
    block = amd["block-amd-kernels-moe-test"]
    assert block["depends_on"] == ["image-build-amd"]
    assert block["block"] == f"Run {amd['amd-kernels-moe-test']['label']}"
    assert amd["amd-kernels-moe-test"]["depends_on"] == [
        "image-build-amd", "block-amd-kernels-moe-test", "pre-commit"]


def test_a_mirror_runs_its_step_s_shards(catalog: Catalog) -> None:
    """vLLM ignores `mirror.amd.parallelism` (2 here): the mirror runs the step's 4."""
    step = catalog.by_key["language-models-test-extended-pooling"].step
    mirror = catalog.by_key["amd-language-models-test-extended-pooling"].step
    assert step.parallelism == mirror.parallelism == 4


@pytest.fixture
def github() -> Iterator[tuple[str, dict[str, Any]]]:
    """A local stand-in for GitHub's check-runs API: serves `state["runs"]`."""
    state: dict[str, Any] = {"runs": [], "paths": []}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state["paths"].append(self.path)
            body = json.dumps({"check_runs": state["runs"]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", state
    server.shutdown()


@pytest.mark.parametrize(("conclusion", "code"), [("success", 0), ("failure", 1),
                                                  ("action_required", 1), ("skipped", 0)])
def test_pre_commit_step_waits_for_the_github_check(
        catalog: Catalog, github: tuple[str, dict[str, Any]], stand_in_agent: StandInAgent,
        conclusion: str, code: int) -> None:
    url, state = github
    state["runs"] = [{"name": "lint", "status": "completed", "conclusion": "failure"},
                     {"name": "pre-commit", "status": "completed", "conclusion": conclusion}]
    step = catalog.by_key["pre-commit"].step
    assert (step.only_in, step.always_run, step.depends_on) == (("pr",), True, ())
    env = {**os.environ, "BUILDKITE_COMMIT": "abc123", "GITHUB_API_URL": url}
    done = subprocess.run(["bash", "-c", *step.commands], env=env, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == code, done.stdout + done.stderr
    assert state["paths"] == ["/repos/vllm-project/vllm/commits/abc123/check-runs"
                              "?check_name=pre-commit"]
    notes = [" ".join(call.argv) for call in stand_in_agent.annotations()]
    assert bool(notes) == bool(code)
    assert all(f"pre-commit check failed on this PR (conclusion: {conclusion})" in n
               and "--style error" in n for n in notes)


# --- pull requests nobody recorded: bench/parity_heldout.py ---------------------------------

BENCH = Path(__file__).parent.parent / "bench"


@pytest.fixture(scope="module")
def reference() -> Any:
    sys.path.insert(0, str(BENCH))
    try:
        import vllm_reference
    finally:
        sys.path.remove(str(BENCH))
    return vllm_reference


@pytest.mark.slow
def test_the_reference_reproduces_every_recorded_pull_request(reference: Any) -> None:
    """bench/vllm_reference.py (vLLM's rules from ci-infra's source) is what vLLM did."""
    defs = reference.load(ANCHOR.parent / "buildkite")
    for row in ROWS:
        got = reference.select(defs, row["files"])
        assert (got.run_all, got.docs_only, got.auto, got.blocked) == (
            row["run_all"], row["docs_only"], set(row["auto"]), set(row["blocked"])), row["sha"]


@pytest.mark.slow
def test_held_out_pull_requests_select_what_vllm_would(reference: Any, catalog: Catalog,
                                                       ctx: BuildContext) -> None:
    """A sample of the held-out check (the bench runs 500 PRs and every single file)."""
    sys.path.insert(0, str(BENCH))
    try:
        import parity_heldout
    finally:
        sys.path.remove(str(BENCH))
    tree = [p for p in (ANCHOR.parent / "tree.txt").read_text().split()
            if not p.startswith(".buildkite/")]
    defs = reference.load(ANCHOR.parent / "buildkite")
    results = [parity_heldout.compare(catalog.for_pipeline("test"), ctx, defs, files)
               for files in parity_heldout.draw_prs(tree, 150, 10, seed=3)]
    assert [r for r in results if not r["exact"]] == []
    assert sum(r["run_all"][0] for r in results) > 0  # the sample has run-all PRs
