"""Selection: vLLM's rules, each a table row naming what must and must not run."""

from __future__ import annotations

import json
import textwrap
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import attrs
import pytest

from vllmci.catalog.load import load_catalog
from vllmci.catalog.model import Catalog
from vllmci.context import BuildContext
from vllmci.emit.build import build
from vllmci.errors import UsageError
from vllmci.plan import labels
from vllmci.plan.changes import ChangeSet
from vllmci.plan.model import Plan
from vllmci.plan.select import select
from vllmci.report.annotation import annotation
from vllmci.report.text import plan_text
from vllmci.stages import Request, make_plan

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


# --- run-all: labels, docs-only -------------------------------------------------------------

RUN_ALL_LABEL = "ready-run-all-tests"


@pytest.fixture(scope="module")
def labelled(catalog: Catalog) -> Catalog:
    """The mini definitions with vLLM's run-all label."""
    return attrs.evolve(catalog, run_all=attrs.evolve(catalog.run_all, labels=[RUN_ALL_LABEL]))


def test_the_run_all_label_runs_every_step_optional_ones_too(labelled: Catalog) -> None:
    plan = plan_for(labelled, ["README.txt"], BUILDKITE_PULL_REQUEST="7",
                    VLLM_CI_PR_LABELS=f"bug, {RUN_ALL_LABEL}")
    assert plan.run_all is not None
    assert plan.run_all.reason == f"the pull request is labelled {RUN_ALL_LABEL}"
    assert plan.keys("block") == []
    assert plan.decision("kernels-slow").reasons == (
        f"labelled {RUN_ALL_LABEL}: every step runs, optional ones too",)
    assert "nightly" not in plan.context.build_kinds  # nightly mode, not a nightly build


def test_labels_the_definitions_do_not_name_change_nothing(catalog: Catalog) -> None:
    plain = plan_for(catalog, ["README.txt"], BUILDKITE_PULL_REQUEST="7")
    labelled = plan_for(catalog, ["README.txt"], BUILDKITE_PULL_REQUEST="7",
                        VLLM_CI_PR_LABELS=RUN_ALL_LABEL)
    assert labelled.run_all is None
    assert labelled.decisions == plain.decisions


@pytest.mark.parametrize(("files", "env"), [
    (["csrc/kernels/README.md"], {}),  # a run-all pattern matches a .md file
    (["docs/a.md"], {"RUN_ALL": "1"}),
    (["docs/a.md"], {"VLLM_CI_PR_LABELS": RUN_ALL_LABEL}),
], ids=["run-all-file", "RUN_ALL", "label"])
def test_docs_only_gives_way_when_everything_runs(labelled: Catalog, files: list[str],
                                                  env: dict[str, str]) -> None:
    """vLLM skips its docs-only check when run-all is on."""
    plan = plan_for(labelled, files, BUILDKITE_PULL_REQUEST="7", **env)
    assert not plan.docs_only
    assert plan.run_all is not None
    assert {"lora", "kernels-core"} <= set(plan.keys("run"))


@pytest.mark.parametrize(("value", "labels"), [
    (None, None), ("", ()), (" bug ,, ready-run-all-tests,bug ", ("bug", "ready-run-all-tests"))])
def test_labels_from_the_environment(value: str | None, labels: tuple[str, ...] | None) -> None:
    env = {} if value is None else {"VLLM_CI_PR_LABELS": value}
    assert BuildContext.from_env(env).labels == labels


# --- labels from GitHub's REST API (a local stand-in on 127.0.0.1) ---------------------------


class QuietServer(ThreadingHTTPServer):
    """A handler still sleeping when the client gave up (`too-slow`) writes to a closed
    socket after its test; socketserver would print that traceback on stderr, inside
    whichever later test of this worker is capturing it."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


@pytest.fixture
def github_api() -> Iterator[tuple[str, dict[str, Any]]]:
    """Serves `state["body"]` with `state["status"]` (after `state["delay"]` seconds) and
    records each request's path and headers."""
    state: dict[str, Any] = {"status": 200, "delay": 0.0, "requests": [],
                             "body": {"number": 123, "labels": [{"name": "bug"}]}}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state["requests"].append((self.path, dict(self.headers)))
            time.sleep(state["delay"])
            body = state["body"]
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(state["status"])
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", state
    server.shutdown()
    server.server_close()


def pr_build(api: str, **extra: str) -> dict[str, str]:
    return {"BUILDKITE": "true", "BUILDKITE_PULL_REQUEST": "123",
            "BUILDKITE_BRANCH": "contributor/feature",
            "BUILDKITE_REPO": "https://github.com/vllm-project/vllm.git",
            "VLLMCI_GITHUB_API": api, **extra}


def test_labels_are_read_from_the_pull_request(github_api: tuple[str, dict[str, Any]]) -> None:
    url, state = github_api
    state["body"]["labels"] = [{"name": "bug"}, {"name": RUN_ALL_LABEL}]
    ctx = labels.with_labels(BuildContext.from_env(pr_build(url, GITHUB_TOKEN="t0k")),
                             [RUN_ALL_LABEL])
    assert (ctx.labels, ctx.labels_problem) == (("bug", RUN_ALL_LABEL), "")
    [(path, headers)] = state["requests"]
    assert path == "/repos/vllm-project/vllm/pulls/123"
    assert headers["Authorization"] == "Bearer t0k"
    assert headers["Accept"] == "application/vnd.github+json"


def test_a_fork_pull_request_reads_the_base_repository(
        github_api: tuple[str, dict[str, Any]]) -> None:
    url, state = github_api
    env = pr_build(url, BUILDKITE_REPO="git@github.com:vllm-project/vllm.git",
                   BUILDKITE_PULL_REQUEST_REPO="https://github.com/someone/vllm.git")
    labels.with_labels(BuildContext.from_env(env), [RUN_ALL_LABEL])
    assert [path for path, _ in state["requests"]] == ["/repos/vllm-project/vllm/pulls/123"]


@pytest.mark.parametrize("env", [
    {"VLLM_CI_PR_LABELS": "bug"},  # a plugin or hook gave them
    {"BUILDKITE": "false"},  # a local plan
    {"BUILDKITE_PULL_REQUEST": "false"},  # a branch build
], ids=["from-the-environment", "outside-buildkite", "branch-build"])
def test_labels_are_not_looked_up(github_api: tuple[str, dict[str, Any]],
                                  env: dict[str, str]) -> None:
    url, state = github_api
    ctx = labels.with_labels(BuildContext.from_env(pr_build(url, **env)), [RUN_ALL_LABEL])
    assert state["requests"] == []
    assert ctx.labels == (("bug",) if "VLLM_CI_PR_LABELS" in env else ())
    assert ctx.labels_problem == ""


def test_definitions_without_run_all_labels_never_look_them_up(
        github_api: tuple[str, dict[str, Any]]) -> None:
    url, state = github_api
    ctx = BuildContext.from_env(pr_build(url))
    assert labels.with_labels(ctx, []) is ctx
    assert state["requests"] == []


@pytest.mark.parametrize(("status", "body", "delay", "why"), [
    (403, {"message": "API rate limit exceeded"}, 0.0, "HTTP 403"),
    (200, b"<html>not json</html>", 0.0, "the response is not JSON"),
    (200, {"labels": "bug"}, 0.0, "the response has no list of labels"),
    (200, {"labels": []}, 2.0, "timed out"),
], ids=["rate-limited", "not-json", "no-labels", "too-slow"])
def test_a_failed_lookup_warns_and_runs_no_fewer_steps(
        labelled: Catalog, github_api: tuple[str, dict[str, Any]],
        monkeypatch: pytest.MonkeyPatch, status: int, body: Any, delay: float,
        why: str) -> None:
    url, state = github_api
    state.update(status=status, body=body, delay=delay)
    monkeypatch.setattr(labels, "TIMEOUT_SECONDS", 0.3)
    ctx = labels.with_labels(BuildContext.from_env(pr_build(url)), labelled.run_all.labels)
    assert ctx.labels == ()
    assert why in ctx.labels_problem
    assert ctx.labels_problem.startswith("could not read the pull request's labels: GET "
                                         f"{url}/repos/vllm-project/vllm/pulls/123")
    assert ctx.labels_problem.endswith("; proceeding without labels")
    plan = select(labelled, ChangeSet.from_files(["vllm/lora/x.py"]), ctx)
    without = plan_for(labelled, ["vllm/lora/x.py"], **pr_build(url, VLLM_CI_PR_LABELS=""))
    assert plan.decisions == without.decisions
    assert plan.notes == (ctx.labels_problem,)
    assert f"note: {ctx.labels_problem}" in " ".join(plan_text(plan).split())  # (wrapped)
    assert ctx.labels_problem in annotation(plan)


@pytest.mark.parametrize(("url", "repo"), [
    ("https://github.com/vllm-project/vllm.git", "vllm-project/vllm"),
    ("https://github.com/vllm-project/vllm", "vllm-project/vllm"),
    ("git@github.com:vllm-project/vllm.git", "vllm-project/vllm"),
    ("ssh://git@github.com/vllm-project/vllm.git", "vllm-project/vllm"),
    ("https://gitlab.com/vllm-project/vllm.git", None),
    ("", None),
])
def test_github_repository(url: str, repo: str | None) -> None:
    assert labels.github_repository(url) == repo


def test_a_repository_not_on_github_warns(labelled: Catalog) -> None:
    env = pr_build("http://127.0.0.1:9", BUILDKITE_REPO="https://gitlab.com/a/b.git")
    ctx = labels.with_labels(BuildContext.from_env(env), labelled.run_all.labels)
    assert "BUILDKITE_REPO='https://gitlab.com/a/b.git' is not a GitHub repository" in (
        ctx.labels_problem)


def test_upload_planning_reads_the_label(github_api: tuple[str, dict[str, Any]]) -> None:
    """The bundled definitions name vLLM's label: `make_plan` looks it up on a PR build."""
    url, state = github_api
    state["body"]["labels"] = [{"name": RUN_ALL_LABEL}]
    plan = make_plan(Request(files=("vllm/lora/layers.py",)), env=pr_build(url))
    assert plan.run_all is not None and RUN_ALL_LABEL in plan.run_all.reason
    assert plan.keys("block") == []
    assert len(state["requests"]) == 1


# --- steps on AMD GPUs and the mirror policy ---------------------------------------------------

AMD_DEFINITIONS = {
    "hardware.py": """
        from vllmci.define import Device, Inventory
        INVENTORY = Inventory(default="l4", devices=[
            Device("l4", "gpu_1_queue"), Device("cpu", "cpu_queue", gpu=False),
            Device("mi355_1", "amd_mi355_1", vendor="amd"),
            Device("amd_cpu", "amd_cpu_queue", vendor="amd", gpu=False)])
    """,
    "settings.py": """
        from vllmci.define import AutoRetry, MirrorPolicy
        POLICY = MirrorPolicy(group="AMD", vendor="amd", label="AMD: {label} ({device})",
                              block_key="block-amd-{key}", block_label="Run AMD: {label}",
                              image_build="image-build-amd", replaces_image=["image-build"],
                              timeout=180, max_timeout=180, priority=200,
                              retry=[AutoRetry(exit_status=1)], artifact_paths=["diag.log"],
                              native_paths=["run-amd-test.sh"], force_paths=["rocm_base"])
    """,
    "steps.py": """
        from vllmci.define import AmdMirror, Group, Step
        BUILD = Group(name="Build", steps=[
            Step(key="image-build", label="Build", device="cpu", always_run=True, commands=["b"]),
            Step(key="image-build-amd", label="Build AMD", device="amd_cpu", always_run=True,
                 commands=["b"])])
        KERNELS = Group(name="Kernels", depends_on=["image-build"], steps=[
            Step(key="fp8", label="FP8 (MI355)", device="mi355_1", dind=False, timeout=240,
                 paths=["vllm/fp8"], commands=["pytest fp8"]),
            Step(key="lora", label="LoRA", paths=["vllm/lora"], commands=["pytest lora"],
                 amd=AmdMirror(device="mi355_1")),
            Step(key="moe", label="MoE", paths=["vllm/moe"], commands=["pytest moe"],
                 amd=AmdMirror(device="mi355_1", label=":amd: MoE")),
            Step(key="cpu-side", label="AMD CPU", device="amd_cpu", paths=["x"], commands=["c"])])
    """,
}


@pytest.fixture(scope="module")
def amd_catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    root = tmp_path_factory.mktemp("amd")
    for name, text in AMD_DEFINITIONS.items():
        (root / name).write_text(textwrap.dedent(text))
    return load_catalog(root)


def test_a_step_on_an_amd_gpu_follows_the_mirror_policy(amd_catalog: Catalog) -> None:
    entry = amd_catalog.by_key["fp8"]
    step = entry.step
    assert (entry.group, entry.mirror_of, entry.queue) == ("AMD", None, "amd_mi355_1")
    assert step.label == "AMD: FP8 (MI355) (mi355_1)"
    assert (step.timeout, step.priority, step.artifact_paths) == (180, 200, ("diag.log",))
    assert [r.as_dict() for r in step.retry] == [{"exit_status": 1, "limit": 1}]
    assert entry.depends_on == ("image-build-amd",)  # `image-build` became the AMD build
    assert (entry.block, entry.block_label, entry.block_after) == (
        "block-amd-fp8", None, "image-build-amd")
    assert amd_catalog.by_key["cpu-side"].group == "Kernels"  # an AMD CPU is no AMD GPU


def test_mirror_blocks_follow_the_policy(amd_catalog: Catalog) -> None:
    lora, moe = amd_catalog.by_key["amd-lora"], amd_catalog.by_key["amd-moe"]
    assert (lora.block, lora.block_label) == ("block-amd-lora", "Run AMD: LoRA")
    assert (moe.block, moe.block_label) == ("block-amd-moe", None)  # `Run :amd: MoE`
    assert lora.depends_on == moe.depends_on == ("image-build-amd",)


def test_an_amd_step_starts_on_its_runtime_script_not_on_forcing_paths(
        amd_catalog: Catalog) -> None:
    native = plan_for(amd_catalog, ["run-amd-test.sh"])
    assert native.decision("fp8").action == "run"
    assert native.decision("amd-lora").action == "block"  # mirrors with dind=True: no
    forced = plan_for(amd_catalog, ["rocm_base"])
    assert forced.decision("fp8").action == "block"
    assert forced.decision("amd-lora").action == "run"


def test_amd_blocks_wait_for_the_amd_image(amd_catalog: Catalog) -> None:
    plan = plan_for(amd_catalog, ["unrelated"])
    steps = {s["key"]: s for s in all_steps(plan)}
    assert steps["block-amd-fp8"]["block"] == "Run AMD: FP8 (MI355) (mi355_1)"
    assert steps["block-amd-fp8"]["depends_on"] == ["image-build-amd"]
    assert steps["fp8"]["depends_on"] == ["image-build-amd", "block-amd-fp8"]
    assert steps["block-amd-lora"]["block"] == "Run AMD: LoRA"
    assert steps["block-amd-moe"]["block"] == "Run :amd: MoE"
    assert steps["amd-moe"]["depends_on"] == ["image-build-amd", "block-amd-moe"]
    assert steps["block-lora"] == {"block": "Run LoRA", "key": "block-lora", "depends_on": []}
    assert steps["lora"]["depends_on"] == ["block-lora", "image-build"]


def all_steps(plan: Plan) -> Iterator[dict[str, Any]]:
    for group in build(plan).to_dict()["steps"]:
        yield from group.get("steps", [group])
