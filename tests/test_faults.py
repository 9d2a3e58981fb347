"""Faults of the bootstrap, end to end: `upload` and `plan` in a Buildkite build env, in
real temporary git repositories and with the stand-in agent on PATH.

- the diff cannot be computed: everything runs, exit 0, the reason in the plan, the
  log and a warning annotation;
- odd histories (detached HEAD, merges, rebases, other bases, merge queues): the diff
  is what the pull request changes;
- the agent fails or hangs mid-way, and the bootstrap job is retried in the same build;
- bad or empty environment values: exit 2 naming the value, or a documented default.
"""

from __future__ import annotations

import functools
import json
import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ANNOTATE, PIPELINE_UPLOAD, Result, StandInAgent
from gitrepo import GitRepo, isolate_git

from vllmci import stages
from vllmci.emit import render
from vllmci.emit import upload as upload_module
from vllmci.emit.upload import Agent, Ledger, digest, upload
from vllmci.errors import UPLOAD_EXIT, USAGE_EXIT
from vllmci.plan import changes
from vllmci.stages import Request, documents, make_plan

MINI = str(Path(__file__).parent / "fixtures" / "mini")
LORA_FILE = "vllm/lora/layers.py"
KERNEL_FILE = "vllm/kernels/core/ops.py"
HELPER_FILE = "tests/kernels/helper.py"
BASE_FILES = {LORA_FILE: "lora\n", KERNEL_FILE: "ops\n", HELPER_FILE: "h\n", "README.txt": "r\n"}
COMMIT = "0123456789abcdef0123456789abcdef01234567"
BUILD_ID = "0190c7a4-1111-4222-8333-444455556666"
Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_git(monkeypatch, tmp_path / "home")


@pytest.fixture
def origin(tmp_path: Path) -> GitRepo:
    repo = GitRepo.init(tmp_path / "origin")
    repo.commit("base", BASE_FILES)
    return repo


@pytest.fixture
def work(origin: GitRepo, tmp_path: Path) -> GitRepo:
    """The build's checkout: a clone of `origin` on the pull request's branch `feature`."""
    repo = GitRepo.clone(origin, tmp_path / "work")
    repo.git("checkout", "-q", "-b", "feature")
    return repo


def build_env(monkeypatch: pytest.MonkeyPatch, **overrides: str) -> dict[str, str]:
    """A pull request build of `feature` into `main` (override any variable)."""
    env = {"BUILDKITE": "true", "BUILDKITE_BRANCH": "feature", "BUILDKITE_PULL_REQUEST": "123",
           "BUILDKITE_PULL_REQUEST_BASE_BRANCH": "main", "BUILDKITE_COMMIT": COMMIT,
           "BUILDKITE_BUILD_ID": BUILD_ID, "BUILDKITE_PIPELINE_DEFAULT_BRANCH": "main",
           **overrides}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def plan_json(run_cli: Run, *argv: str) -> dict[str, Any]:
    result = run_cli("plan", *argv, "--pipelines", MINI, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def running(document: dict[str, Any]) -> set[str]:
    return {s["key"] for s in document["steps"] if s["decision"] == "run"}


def emitted(text: str) -> Iterator[dict[str, Any]]:
    """Every step of every concatenated JSON document."""
    decoder, at = json.JSONDecoder(), 0
    while at < len(text):
        document, at = decoder.raw_decode(text, at)
        while at < len(text) and text[at].isspace():
            at += 1
        for step in document["steps"]:
            yield step
            yield from step.get("steps", [])


# --- the diff cannot be computed ---------------------------------------------------------


def _fake_git(directory: Path) -> Path:
    directory.mkdir()
    git = directory / "git"
    git.write_text("#!/bin/sh\necho 'fatal: simulated git failure' >&2\nexit 128\n")
    git.chmod(git.stat().st_mode | stat.S_IXUSR)
    return directory


def unfetchable_base(work: GitRepo, tmp_path: Path, mp: pytest.MonkeyPatch) -> tuple[Path, str]:
    work.commit("pr", {LORA_FILE: "changed\n"})
    build_env(mp, BUILDKITE_PULL_REQUEST_BASE_BRANCH="no-such-branch")
    return work.path, "git fetch origin no-such-branch"


def shallow_without_merge_base(work: GitRepo, tmp_path: Path,
                               mp: pytest.MonkeyPatch) -> tuple[Path, str]:
    origin = GitRepo(work.path.parent / "origin")
    origin.git("checkout", "-q", "-b", "feature")
    for n in range(6):  # deeper than every run of this test deepens (by 1 each)
        origin.commit(f"pr {n}", {LORA_FILE: f"{n}\n"})
    origin.git("checkout", "-q", "main")
    for n in range(3):
        origin.commit(f"main {n}", {f"vllm/main_{n}.py": "m\n"})
    clone = GitRepo.clone(origin, tmp_path / "shallow", "--depth=1", "-b", "feature")
    mp.setattr(changes, "_DEEPEN_STEPS", (1,))
    build_env(mp)
    return clone.path, "no common ancestor even after deepening"


def not_a_repository(work: GitRepo, tmp_path: Path, mp: pytest.MonkeyPatch) -> tuple[Path, str]:
    plain = tmp_path / "plain"
    plain.mkdir()
    build_env(mp)
    return plain, "is not a git repository"


def git_failing(work: GitRepo, tmp_path: Path, mp: pytest.MonkeyPatch) -> tuple[Path, str]:
    import git  # noqa: F401  (GitPython refuses to import when `git version` fails)

    work.commit("pr", {LORA_FILE: "changed\n"})
    work.git("update-ref", "-d", "refs/remotes/origin/main")
    mp.setenv("PATH", f"{_fake_git(tmp_path / 'bin')}{os.pathsep}{os.environ['PATH']}")
    build_env(mp)
    return work.path, "simulated git failure"


def git_missing(work: GitRepo, tmp_path: Path, mp: pytest.MonkeyPatch) -> tuple[Path, str]:
    import git  # noqa: F401

    agent_dir = os.environ["PATH"].split(os.pathsep)[0]  # the stand-in agent, only
    mp.setenv("PATH", agent_dir)
    build_env(mp)
    return work.path, "cannot run git"


BROKEN = [unfetchable_base, shallow_without_merge_base, not_a_repository, git_failing,
          git_missing]


@pytest.mark.parametrize("breakage", BROKEN, ids=[f.__name__ for f in BROKEN])
def test_an_unknown_diff_runs_everything_and_says_why_everywhere(
        run_cli: Run, stand_in_agent: StandInAgent, work: GitRepo, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        breakage: Callable[[GitRepo, Path, pytest.MonkeyPatch], tuple[Path, str]]) -> None:
    repo, why = breakage(work, tmp_path, monkeypatch)
    result = run_cli("upload", "--repo", str(repo), "--pipelines", MINI)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    assert "vllmci: WARNING: running every step" in result.err and why in result.err
    logged = " ".join(result.out.split())  # the job log (wrapped at spaces)
    assert "!! RUNNING EVERYTHING" in logged and why in logged
    (note,) = stand_in_agent.annotations()
    assert note.argv[-2:] == ("--style", "warning")
    assert "ran every step" in note.stdin and why in note.stdin
    plan = plan_json(run_cli, "--repo", str(repo))
    assert why in plan["fallback_reason"]
    assert plan["run_all"] is True
    # Everything runs: the very pipeline RUN_ALL=1 uploads.
    monkeypatch.setenv("RUN_ALL", "1")
    expected = run_cli("plan", "--files", "README.txt", "--pipelines", MINI,
                       "--format", "buildkite").out
    assert "".join(stand_in_agent.uploads()) == expected
    assert "block-lora" not in expected and "block-kernels-core" not in expected


# --- the diff is what the pull request changes -------------------------------------------


History = Callable[[GitRepo, GitRepo, pytest.MonkeyPatch], set[str]]


def detached_head(origin: GitRepo, work: GitRepo, mp: pytest.MonkeyPatch) -> set[str]:
    work.commit("pr", {LORA_FILE: "pr\n"})
    work.git("checkout", "-q", "--detach")
    build_env(mp)
    return {LORA_FILE}


def main_merged_into_the_pr(origin: GitRepo, work: GitRepo, mp: pytest.MonkeyPatch) -> set[str]:
    work.commit("pr", {LORA_FILE: "pr\n"})
    origin.commit("main moves", {KERNEL_FILE: "main\n"})
    work.git("fetch", "-q", "origin")
    work.merge("origin/main")
    build_env(mp)
    return {LORA_FILE}


def rebased_after_opening(origin: GitRepo, work: GitRepo, mp: pytest.MonkeyPatch) -> set[str]:
    work.commit("pr 1", {LORA_FILE: "pr\n"})
    work.commit("pr 2", {"tests/lora/test_x.py": "t\n"})
    origin.commit("main moves", {KERNEL_FILE: "main\n", HELPER_FILE: "main\n"})
    work.git("fetch", "-q", "origin")
    work.git("-c", "user.name=t", "-c", "user.email=t@t", "rebase", "-q", "origin/main")
    build_env(mp)
    return {LORA_FILE, "tests/lora/test_x.py"}


def based_on_a_release_branch(origin: GitRepo, work: GitRepo,
                              mp: pytest.MonkeyPatch) -> set[str]:
    origin.git("checkout", "-q", "-b", "releases/v1")
    origin.commit("release only", {KERNEL_FILE: "release\n"})
    origin.git("checkout", "-q", "main")
    work.git("fetch", "-q", "origin")
    work.git("checkout", "-q", "-B", "feature", "origin/releases/v1")
    work.commit("pr", {LORA_FILE: "pr\n"})
    build_env(mp, BUILDKITE_PULL_REQUEST_BASE_BRANCH="releases/v1")
    return {LORA_FILE}


def _queue_branch(work: GitRepo, mp: pytest.MonkeyPatch) -> None:
    name = f"gh-readonly-queue/main/pr-123-{work.rev('feature')}"
    work.git("checkout", "-q", "-b", name, "origin/main")
    build_env(mp, BUILDKITE_BRANCH=name, BUILDKITE_PULL_REQUEST="false",
              BUILDKITE_PULL_REQUEST_BASE_BRANCH="")


def merge_queue(origin: GitRepo, work: GitRepo, mp: pytest.MonkeyPatch) -> set[str]:
    work.commit("pr", {LORA_FILE: "pr\n"})
    origin.commit("an earlier queue entry, now merged", {HELPER_FILE: "merged\n"})
    work.git("fetch", "-q", "origin")
    _queue_branch(work, mp)
    work.merge("feature", "Merge pull request #123")
    return {LORA_FILE}


def merge_queue_behind_another_entry(origin: GitRepo, work: GitRepo,
                                     mp: pytest.MonkeyPatch) -> set[str]:
    work.commit("pr", {LORA_FILE: "pr\n"})
    work.git("checkout", "-q", "-b", "pr-122", "origin/main")
    work.commit("the entry ahead in the queue", {HELPER_FILE: "ahead\n"})
    _queue_branch(work, mp)
    work.merge("pr-122", "Merge pull request #122")
    work.merge("feature", "Merge pull request #123")
    return {LORA_FILE, HELPER_FILE}  # tested together, merged together


HISTORIES = [detached_head, main_merged_into_the_pr, rebased_after_opening,
             based_on_a_release_branch, merge_queue, merge_queue_behind_another_entry]


@pytest.mark.parametrize("history", HISTORIES, ids=[f.__name__ for f in HISTORIES])
def test_the_diff_is_what_the_pull_request_changes(
        run_cli: Run, origin: GitRepo, work: GitRepo, monkeypatch: pytest.MonkeyPatch,
        history: History) -> None:
    expected = history(origin, work, monkeypatch)
    plan = plan_json(run_cli, "--repo", str(work.path))
    assert plan["fallback_reason"] is None
    assert set(plan["changed_files"]) == expected
    assert plan["head"] == work.rev("HEAD")
    assert "lora" in running(plan)
    assert ("kernels-helper" in running(plan)) == (HELPER_FILE in expected)
    assert "kernels-core" not in running(plan), "main's own changes never count"


def test_a_merge_queue_build_diffs_against_the_default_branch(
        run_cli: Run, origin: GitRepo, work: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    merge_queue(origin, work, monkeypatch)
    plan = plan_json(run_cli, "--repo", str(work.path))
    assert plan["base"] == origin.rev("main")
    decisions = {s["key"]: s["decision"] for s in plan["steps"]}
    assert decisions["pre-commit"] == "skip", "a queue build is a branch build, not a PR"


# --- the agent fails, hangs, and the bootstrap job is retried ----------------------------


LORA = ("--files", LORA_FILE, "--pipelines", MINI)


@pytest.fixture
def in_a_build(monkeypatch: pytest.MonkeyPatch, stand_in_agent: StandInAgent) -> StandInAgent:
    """A build (with a build id) whose agent refuses step keys used twice, split into
    several documents."""
    build_env(monkeypatch)
    monkeypatch.setattr(stages, "split", functools.partial(render.split, limit=5))
    stand_in_agent.like_buildkite()
    return stand_in_agent


def uploaded_keys(agent: StandInAgent) -> list[str]:
    return [s["key"] for s in emitted("".join(agent.uploads())) if "key" in s]


def records(agent: StandInAgent) -> dict[str, str]:
    return {k: v for k, v in agent.meta_data().items() if k.startswith("vllmci:")}


def test_the_stand_in_refuses_keys_twice_like_buildkite(
        run_cli: Run, in_a_build: StandInAgent, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the upload record, a retried bootstrap fails: what the record prevents."""
    monkeypatch.delenv("BUILDKITE_BUILD_ID")
    assert run_cli("upload", *LORA).code == 0
    again = run_cli("upload", *LORA)
    assert again.code == UPLOAD_EXIT
    assert "already used in this build" in again.err


def test_a_retry_after_a_complete_upload_uploads_nothing_and_succeeds(
        run_cli: Run, in_a_build: StandInAgent) -> None:
    first = run_cli("upload", *LORA)
    assert first.code == 0, first.err
    texts = in_a_build.uploads()
    assert len(texts) > 1
    assert records(in_a_build) == {
        **{f"vllmci:test:uploaded:{i}": digest(t) for i, t in enumerate(texts, 1)},
        "vllmci:test:uploaded": f"{len(texts)} {digest(''.join(map(digest, texts)))}"}
    retry = run_cli("upload", *LORA)
    assert retry.code == 0, retry.err
    assert "an earlier try of this job already uploaded all" in retry.err
    assert "vllmci: uploaded 0 document(s)" in retry.err
    assert in_a_build.uploads() == texts, "nothing uploaded twice"
    assert len(in_a_build.annotations()) == 2, "the summary is written again"


def test_a_retry_after_a_partial_upload_uploads_the_rest(
        run_cli: Run, in_a_build: StandInAgent) -> None:
    in_a_build.fail(nth=2, stderr="fatal: 502 Bad Gateway")
    first = run_cli("upload", *LORA)
    assert first.code == UPLOAD_EXIT
    assert "fatal: 502 Bad Gateway" in first.err
    assert len(in_a_build.uploads()) == 1
    total = len(documents(make_plan(Request(files=(LORA_FILE,), pipelines=Path(MINI)))))
    assert f"document 1 of {total} was uploaded, documents 2-{total} of {total} were not" \
        in first.err
    assert set(records(in_a_build)) == {"vllmci:test:uploaded:1"}
    in_a_build.rules.write_text("[]")  # the retry: the agent works again
    retry = run_cli("upload", *LORA)
    assert retry.code == 0, retry.err
    assert f"document 1 of {total} was already uploaded by an earlier try" in retry.err
    assert f"vllmci: uploaded {total - 1} document(s)" in retry.err
    planned = run_cli("plan", *LORA, "--format", "buildkite").out
    assert "".join(in_a_build.uploads()) == planned, "every document exactly once, in order"
    keys = uploaded_keys(in_a_build)
    assert len(keys) == len(set(keys))
    assert "vllmci:test:uploaded" in records(in_a_build)


def test_a_retry_with_another_plan_keeps_the_complete_earlier_pipeline(
        run_cli: Run, in_a_build: StandInAgent) -> None:
    assert run_cli("upload", *LORA).code == 0
    texts = in_a_build.uploads()
    retry = run_cli("upload", "--files", KERNEL_FILE, "--pipelines", MINI)
    assert retry.code == 0, retry.err
    assert "uploaded a complete pipeline from a different plan" in retry.err
    assert "Start a new build" in retry.err
    assert in_a_build.uploads() == texts
    assert len(in_a_build.annotations()) == 1, "the build page keeps the earlier summary"


KERNELS = ("--files", KERNEL_FILE, "--pipelines", MINI)


def test_a_retry_with_another_plan_after_a_partial_upload_fails_clearly(
        run_cli: Run, in_a_build: StandInAgent) -> None:
    in_a_build.fail(nth=3)  # documents 1 (the same in both plans) and 2 (not) went up
    assert run_cli("upload", *LORA).code == UPLOAD_EXIT
    in_a_build.rules.write_text("[]")
    retry = run_cli("upload", *KERNELS)
    assert retry.code == UPLOAD_EXIT
    assert "an earlier try of this job uploaded document(s) 2 of 6 with different content" \
        in retry.err
    assert "nothing was uploaded now" in retry.err and "Start a new build" in retry.err
    assert "Traceback" not in retry.err
    assert len(in_a_build.uploads()) == 2


def test_a_retry_resumes_when_what_went_up_is_unchanged(
        run_cli: Run, in_a_build: StandInAgent) -> None:
    in_a_build.fail(nth=2)  # only document 1 went up: the same in the other plan
    assert run_cli("upload", *LORA).code == UPLOAD_EXIT
    in_a_build.rules.write_text("[]")
    retry = run_cli("upload", *KERNELS)
    assert retry.code == 0, retry.err
    assert "vllmci: uploaded 5 document(s)" in retry.err
    planned = run_cli("plan", *KERNELS, "--format", "buildkite").out
    assert "".join(in_a_build.uploads()) == planned


@pytest.mark.parametrize("spoil", [
    lambda agent: agent.fail("meta-data exists", status=2, stderr="fatal: 500"),
    lambda agent: agent.hang("meta-data exists", seconds=30),
], ids=["fails", "hangs"])
def test_an_unreadable_upload_record_warns_and_uploads_everything(
        run_cli: Run, in_a_build: StandInAgent, monkeypatch: pytest.MonkeyPatch,
        spoil: Callable[[StandInAgent], None]) -> None:
    monkeypatch.setattr(upload_module, "META_DATA_TIMEOUT", 1)
    spoil(in_a_build)
    result = run_cli("upload", *LORA)
    assert result.code == 0, result.err
    assert "warning: cannot tell what earlier tries uploaded" in result.err
    assert "".join(in_a_build.uploads()) == run_cli("plan", *LORA, "--format", "buildkite").out


def test_an_unwritable_upload_record_only_warns(
        run_cli: Run, in_a_build: StandInAgent) -> None:
    in_a_build.fail("meta-data set", status=1, stderr="fatal: 403")
    result = run_cli("upload", *LORA)
    assert result.code == 0, result.err
    assert "warning: upload not recorded" in result.err
    assert "fatal: 403" in result.err
    assert "a retry of this job may fail" in result.err
    assert records(in_a_build) == {}


def test_outside_a_build_nothing_is_recorded(run_cli: Run,
                                             stand_in_agent: StandInAgent) -> None:
    assert run_cli("upload", *LORA).code == 0
    assert {c.command for c in stand_in_agent.calls()} == {PIPELINE_UPLOAD, ANNOTATE}


def test_the_record_is_per_pipeline_and_per_document(stand_in_agent: StandInAgent) -> None:
    agent = Agent.find()
    docs = ['{"steps": [{"command": "a", "key": "a"}]}\n',
            '{"steps": [{"command": "b", "key": "b"}]}\n']
    upload(agent, docs, ledger=Ledger(agent, "release"))
    assert set(stand_in_agent.meta_data()) == {"vllmci:release:uploaded:1",
                                               "vllmci:release:uploaded:2",
                                               "vllmci:release:uploaded"}
    outcome = upload(agent, docs, ledger=Ledger(agent, "test"))
    assert outcome.uploaded == (1, 2), "another pipeline of the build has its own record"


def test_a_hung_agent_is_cut_and_the_message_says_what_went_up(
        run_cli: Run, in_a_build: StandInAgent, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upload_module, "UPLOAD_TIMEOUT", 1.5)
    in_a_build.hang(nth=2, seconds=60)
    started = time.monotonic()
    result = run_cli("upload", *LORA)
    assert time.monotonic() - started < 30
    assert result.code == UPLOAD_EXIT
    assert "did not finish within 1.5s and was stopped" in result.err
    assert "document 1 of" in result.err and "were not" in result.err
    assert set(records(in_a_build)) == {"vllmci:test:uploaded:1"}


# --- environment values -------------------------------------------------------------------


BAD_ENV = [
    ("only-keys-bad-json", "VLLM_CI_ONLY_STEP_KEYS", "[lora", "is not JSON"),
    ("only-keys-unknown", "VLLM_CI_ONLY_STEP_KEYS", '["lora", "nope"]', "'nope'"),
    ("only-keys-not-strings", "VLLM_CI_ONLY_STEP_KEYS", '["lora", 3]', "must be a JSON list"),
    ("only-keys-object", "VLLM_CI_ONLY_STEP_KEYS", '{"lora": 1}', "must be a JSON list"),
    ("only-keys-deep", "VLLM_CI_ONLY_STEP_KEYS", "[" * 100_000, "nested too deeply"),
    ("pr-word", "BUILDKITE_PULL_REQUEST", "true", "BUILDKITE_PULL_REQUEST='true'"),
    ("pr-suffix", "BUILDKITE_PULL_REQUEST", "12a", "BUILDKITE_PULL_REQUEST='12a'"),
    ("pr-negative", "BUILDKITE_PULL_REQUEST", "-1", "BUILDKITE_PULL_REQUEST='-1'"),
    ("pr-superscript", "BUILDKITE_PULL_REQUEST", "²", "BUILDKITE_PULL_REQUEST='²'"),
    ("pr-fullwidth", "BUILDKITE_PULL_REQUEST", "１２", "BUILDKITE_PULL_REQUEST='１２'"),
    ("pr-decimal", "BUILDKITE_PULL_REQUEST", "1.0", "BUILDKITE_PULL_REQUEST='1.0'"),
    ("knob", "NIGHTLY", "sometimes", "NIGHTLY='sometimes'"),
]


@pytest.mark.parametrize(("name", "value", "named"), [c[1:] for c in BAD_ENV],
                         ids=[c[0] for c in BAD_ENV])
@pytest.mark.parametrize("command", [("upload",), ("upload", "--dry-run"),
                                     ("plan", "--format", "json")], ids=lambda c: c[-1])
def test_a_bad_environment_value_is_exit_2_naming_it(
        run_cli: Run, stand_in_agent: StandInAgent, monkeypatch: pytest.MonkeyPatch,
        command: tuple[str, ...], name: str, value: str, named: str) -> None:
    monkeypatch.setenv(name, value)
    result = run_cli(*command, *LORA)
    assert result.code == USAGE_EXIT
    assert named in result.err
    assert "Traceback" not in result.err
    assert result.out == ""
    assert stand_in_agent.calls() == []


DEFAULTS = ["BUILDKITE_BRANCH", "BUILDKITE_COMMIT", "BUILDKITE_TAG", "BUILDKITE_MESSAGE",
            "BUILDKITE_BUILD_ID", "BUILDKITE_PULL_REQUEST", "BUILDKITE_PULL_REQUEST_BASE_BRANCH",
            "BUILDKITE_PIPELINE_DEFAULT_BRANCH", "BUILDKITE_PULL_REQUEST_REPO", "BUILDKITE_REPO",
            "MERGE_BASE_COMMIT", "RUN_ALL", "NIGHTLY", "NOAUTO", "TORCH_NIGHTLY",
            "DOCS_ONLY_DISABLE", "SKIP_TIMEOUT", "VLLM_CI_ONLY_STEP_KEYS"]


@pytest.mark.parametrize("blank", ["", "  ", "\t\n"], ids=["empty", "spaces", "whitespace"])
@pytest.mark.parametrize("bundled", [False, True], ids=["mini", "vllm"])
def test_empty_values_mean_unset(blank: str, bundled: bool) -> None:
    request = Request(files=(LORA_FILE, "tests/lora/test_a.py"),
                      pipelines=None if bundled else Path(MINI))
    unset = make_plan(request, env={})
    empty = make_plan(request, env={name: blank for name in DEFAULTS})
    assert empty.decisions == unset.decisions
    assert documents(empty) == documents(unset)
    ctx = empty.context  # outside Buildkite: planned as a pull request (number unknown)
    assert (ctx.pull_request, ctx.default_branch, ctx.only_keys, ctx.fork, ctx.planned_as) == \
        (0, "main", (), False, "pr")


@pytest.mark.parametrize("value", ["[]", '[""]', '["  "]'])
def test_an_empty_only_keys_list_means_unset(value: str) -> None:
    request = Request(files=(LORA_FILE,), pipelines=Path(MINI))
    assert make_plan(request, env={"VLLM_CI_ONLY_STEP_KEYS": value}).decisions == \
        make_plan(request, env={}).decisions


@pytest.mark.parametrize(("value", "number"), [("false", None), (" 42 ", 42), ("0", 0),
                                               ("007", 7)])
def test_pull_request_numbers(value: str, number: int | None) -> None:
    plan = make_plan(Request(files=(LORA_FILE,), pipelines=Path(MINI)),
                     env={"BUILDKITE_PULL_REQUEST": value})
    assert plan.context.pull_request == number
