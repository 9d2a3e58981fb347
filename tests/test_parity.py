"""Parity with vLLM's own generator on 300 real pull requests.

`fixtures/vllm/anchor_selection.jsonl` records, for each PR, the steps vLLM's
generator started (`auto`), put behind a block (`blocked`) and their queues.
The bundled definitions must make the same decisions on a PR build. PRs that
touch `.buildkite/` are left out: vLLM counts its YAML files as dependencies,
and the definitions are Python files now. See docs/parity.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import StandInAgent

from vllmci.catalog import effective
from vllmci.catalog.load import load_catalog
from vllmci.catalog.model import Catalog
from vllmci.context import BuildContext
from vllmci.plan.changes import ChangeSet
from vllmci.plan.model import Plan
from vllmci.plan.select import select
from vllmci.stages import bundled_definitions, documents

ANCHOR = Path(__file__).parent / "fixtures" / "vllm" / "anchor_selection.jsonl"
PR_BUILD = {"BUILDKITE_PULL_REQUEST": "12345", "BUILDKITE_BRANCH": "contributor/feature",
            "BUILDKITE": "true"}


def _rows() -> list[dict[str, Any]]:
    with ANCHOR.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


ROWS = _rows()
COMPARABLE = [r for r in ROWS if not any(f.startswith(".buildkite/") for f in r["files"])]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(bundled_definitions())


@pytest.fixture(scope="module")
def ctx() -> BuildContext:
    return BuildContext.from_env(PR_BUILD)


def _plan(catalog: Catalog, ctx: BuildContext, row: dict[str, Any]) -> Plan:
    return select(catalog, ChangeSet.from_files(row["files"]), ctx)


def differences(catalog: Catalog, ctx: BuildContext, row: dict[str, Any]) -> list[str]:
    """What the bundled definitions decide differently from vLLM for this PR."""
    plan = _plan(catalog, ctx, row)
    if plan.docs_only:
        vllm_skipped = not row["auto"] and not row["blocked"]
        return [] if vllm_skipped else ["docs-only here, vLLM built a pipeline"]
    found = []
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
    assert keys <= set(catalog.by_key), sorted(keys - set(catalog.by_key))


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
    thread = threading.Thread(target=server.serve_forever, daemon=True)
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
