"""upload: what reaches `buildkite-agent`, in which order, and what a failure says."""

from __future__ import annotations

import functools
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from buildkite_sdk import CommandStep, Pipeline
from conftest import ANNOTATE, KNOBS, PIPELINE_UPLOAD, Result, StandInAgent, sanitized_path

from vllmci import stages
from vllmci.emit import build as build_stage
from vllmci.emit import render
from vllmci.emit import upload as upload_module
from vllmci.emit.upload import Agent, annotate, upload
from vllmci.errors import UPLOAD_EXIT, USAGE_EXIT, UploadError

MINI = str(Path(__file__).parent / "fixtures" / "mini")
LORA = ("--files", "vllm/lora/layers.py", "--pipelines", MINI)
DOCS = [json.dumps({"steps": [{"command": f"echo {n}", "key": f"k{n}"}]}) + "\n"
        for n in (1, 2, 3)]
Run = Callable[..., Result]


def small_documents(monkeypatch: pytest.MonkeyPatch, limit: int = 5) -> None:
    """Split the mini pipeline into several documents of at most `limit` jobs."""
    monkeypatch.setattr(stages, "split", functools.partial(render.split, limit=limit))


def assert_nothing_uploaded(result: Result, agent: StandInAgent | None = None) -> None:
    assert "vllmci: uploaded" not in result.err
    assert "Traceback" not in result.err
    if agent is not None:
        assert agent.uploads() == []


# --- the test harness itself ---------------------------------------------------------


def test_a_real_agent_on_path_is_hidden_but_its_neighbours_stay(tmp_path: Path) -> None:
    real, tools, mirrors = tmp_path / "real", tmp_path / "tools", tmp_path / "mirrors"
    for directory in (real, tools, mirrors):
        directory.mkdir()
    for binary in (real / "buildkite-agent", real / "sh-like", tools / "git"):
        binary.write_text("#!/bin/sh\n")
        binary.chmod(0o755)
    path = sanitized_path(os.pathsep.join([str(real), str(tools)]), mirrors)
    first, second = path.split(os.pathsep)
    assert second == str(tools)
    assert Path(first).parent == mirrors
    assert shutil.which("buildkite-agent", path=path) is None
    assert shutil.which("sh-like", path=path) == str(Path(first) / "sh-like")
    assert shutil.which("git", path=path) == str(tools / "git")


def test_no_build_environment_leaks_into_tests() -> None:
    assert shutil.which("buildkite-agent") is None
    assert not [k for k in os.environ if k in KNOBS or k.startswith("BUILDKITE_")]
    assert shutil.which("git") and shutil.which("python")


# --- the happy path ------------------------------------------------------------------


def test_upload_pipes_each_document_on_stdin_in_order(stand_in_agent: StandInAgent) -> None:
    upload(Agent.find(), DOCS)
    calls = stand_in_agent.calls()
    assert [c.argv for c in calls] == [("pipeline", "upload")] * 3
    assert [c.stdin for c in calls] == DOCS


def test_cli_upload_sends_what_plan_prints(run_cli: Run, stand_in_agent: StandInAgent,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    small_documents(monkeypatch)
    planned = run_cli("plan", *LORA, "--format", "buildkite").out
    result = run_cli("upload", *LORA)
    uploads = stand_in_agent.uploads()
    assert result.code == 0, result.err
    assert len(uploads) > 1
    assert "".join(uploads) == planned
    assert f"uploaded {len(uploads)} document(s)" in result.err
    # the plan, for the log (outside Buildkite: a pull request build, so pre-commit runs)
    assert result.out.splitlines()[-1].startswith("5 run · 5 blocked")


def test_unicode_reaches_the_agent_verbatim(stand_in_agent: StandInAgent) -> None:
    document = json.dumps({"steps": [{"command": "true", "label": "🚀 Ünïcode"}]},
                          ensure_ascii=False)
    upload(Agent.find(), [document])
    assert stand_in_agent.uploads() == [document]


def test_dry_run_uploads_nothing_and_prints_the_buildkite_plan(
        run_cli: Run, stand_in_agent: StandInAgent) -> None:
    planned = run_cli("plan", *LORA, "--format", "buildkite")
    dry = run_cli("upload", *LORA, "--dry-run")
    assert dry.code == planned.code == 0
    assert dry.out == planned.out
    assert json.loads(dry.out)["steps"]
    assert stand_in_agent.calls() == []


def test_dry_run_needs_no_agent(run_cli: Run) -> None:
    result = run_cli("upload", *LORA, "--dry-run")
    assert result.code == 0
    assert json.loads(result.out)["steps"]


# --- the agent missing, failing or hanging -------------------------------------------


def test_missing_agent_is_an_upload_error_naming_it(run_cli: Run) -> None:
    result = run_cli("upload", *LORA)
    assert result.code == UPLOAD_EXIT
    assert "buildkite-agent" in result.err
    assert "nothing was uploaded" in result.err
    assert result.out == ""
    assert_nothing_uploaded(result)


def test_failing_agent_exit_names_it_and_shows_its_stderr(
        run_cli: Run, stand_in_agent: StandInAgent) -> None:
    stand_in_agent.fail(status=7, stderr="fatal: Failed to upload: 401 Unauthorized")
    result = run_cli("upload", *LORA)
    assert result.code == UPLOAD_EXIT
    assert "buildkite-agent pipeline upload failed with exit status 7" in result.err
    assert "fatal: Failed to upload: 401 Unauthorized" in result.err
    assert_nothing_uploaded(result, stand_in_agent)


@pytest.mark.parametrize(("nth", "attempts", "progress"), [
    (1, 1, "nothing was uploaded"),
    (2, 2, "document 1 of 3 was uploaded, documents 2-3 of 3 were not"),
    (3, 3, "documents 1-2 of 3 were uploaded, document 3 of 3 was not"),
], ids=["first", "second", "last"])
def test_a_failed_document_says_which_went_up(stand_in_agent: StandInAgent, nth: int,
                                              attempts: int, progress: str) -> None:
    stand_in_agent.fail(nth=nth, stderr="rejected")
    with pytest.raises(UploadError) as info:
        upload(Agent.find(), DOCS)
    message = str(info.value)
    assert progress in message
    assert "rejected" in message
    assert stand_in_agent.uploads() == DOCS[: nth - 1]
    assert len(stand_in_agent.calls()) == attempts, "nothing is tried after a failure"


def test_a_hung_upload_is_stopped_by_the_timeout(stand_in_agent: StandInAgent) -> None:
    stand_in_agent.hang(nth=2, seconds=30)
    started = time.monotonic()
    with pytest.raises(UploadError) as info:
        upload(Agent.find(), DOCS, timeout=1)
    assert time.monotonic() - started < 10
    message = str(info.value)
    assert "buildkite-agent pipeline upload did not finish within 1s" in message
    assert "document 1 of 3 was uploaded, documents 2-3 of 3 were not" in message


def test_the_cli_upload_timeout_is_the_module_constant(
        run_cli: Run, stand_in_agent: StandInAgent, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upload_module, "UPLOAD_TIMEOUT", 0.5)
    stand_in_agent.hang(seconds=30)
    started = time.monotonic()
    result = run_cli("upload", *LORA)
    assert time.monotonic() - started < 10
    assert result.code == UPLOAD_EXIT
    assert "did not finish within 0.5s" in result.err
    assert_nothing_uploaded(result)


def test_an_agent_that_cannot_start_is_an_upload_error(tmp_path: Path) -> None:
    with pytest.raises(UploadError, match="buildkite-agent could not be started"):
        upload(Agent(str(tmp_path / "gone")), DOCS)


# --- validation comes first ----------------------------------------------------------


def _add(step: CommandStep) -> Callable[[Pipeline], None]:
    return lambda pipeline: pipeline.add_step(step)


SABOTAGE = [
    ("duplicate-key", _add(CommandStep(key="image-build", commands=["true"])),
     "duplicate key 'image-build'"),
    ("required-variable", _add(CommandStep(key="x", commands=["echo ${HOME:?unset}"])),
     "fails the agent's interpolation"),
    ("concurrency-alone", _add(CommandStep(key="x", commands=["true"], concurrency=1)),
     "concurrency without concurrency_group"),
    ("dangling-depends-on", _add(CommandStep(key="x", commands=["true"], depends_on=["nope"])),
     "depends on 'nope'"),
]


@pytest.mark.parametrize(("spoil", "problem"), [c[1:] for c in SABOTAGE],
                         ids=[c[0] for c in SABOTAGE])
def test_an_invalid_pipeline_never_reaches_the_agent(
        run_cli: Run, stand_in_agent: StandInAgent, monkeypatch: pytest.MonkeyPatch,
        spoil: Callable[[Pipeline], None], problem: str) -> None:
    real_build = build_stage.build

    def spoiled_build(plan: object) -> Pipeline:
        pipeline = real_build(plan)  # type: ignore[arg-type]
        spoil(pipeline)
        return pipeline

    monkeypatch.setattr(build_stage, "build", spoiled_build)  # `stages.checked` reads it
    result = run_cli("upload", *LORA)
    assert result.code == USAGE_EXIT
    assert "generated pipeline is invalid" in result.err
    assert problem in result.err
    assert stand_in_agent.calls() == [], "not even an annotation"
    assert_nothing_uploaded(result)


# --- annotations ---------------------------------------------------------------------


@pytest.fixture
def outside_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, ...]:
    """Flags for a Buildkite build whose checkout is not a git repository: a fallback."""
    monkeypatch.setenv("BUILDKITE", "true")
    monkeypatch.setenv("BUILDKITE_BRANCH", "feature")
    monkeypatch.setenv("BUILDKITE_PULL_REQUEST", "123")
    monkeypatch.setenv("BUILDKITE_PULL_REQUEST_BASE_BRANCH", "main")
    plain = tmp_path / "not-a-repo"
    plain.mkdir()
    return ("--repo", str(plain), "--pipelines", MINI)


def test_a_fallback_is_annotated_as_a_warning_and_runs_everything(
        run_cli: Run, stand_in_agent: StandInAgent, outside_git: tuple[str, ...]) -> None:
    result = run_cli("upload", *outside_git)
    assert result.code == 0, result.err
    notes = stand_in_agent.annotations()
    assert [n.argv for n in notes] == [
        ("annotate", "--context", "vllmci", "--style", "warning")]
    assert "ran every step" in notes[0].stdin
    assert "not a git repository" in notes[0].stdin
    assert "running every step" in result.err
    (document,) = [json.loads(text) for text in stand_in_agent.uploads()]
    assert "block-lora" not in json.dumps(document), "a fallback runs everything"


@pytest.mark.parametrize("spoil", [
    lambda agent: agent.fail(ANNOTATE, status=3, stderr="annotation too large"),
    lambda agent: agent.hang(ANNOTATE, seconds=30),
], ids=["fails", "hangs"])
def test_a_failed_annotation_warns_but_the_upload_goes_on(
        run_cli: Run, stand_in_agent: StandInAgent, outside_git: tuple[str, ...],
        monkeypatch: pytest.MonkeyPatch, spoil: Callable[[StandInAgent], None]) -> None:
    monkeypatch.setattr(upload_module, "ANNOTATE_TIMEOUT", 0.5)
    spoil(stand_in_agent)
    result = run_cli("upload", *outside_git)
    assert result.code == 0, result.err
    assert "warning" in result.err
    assert "annotat" in result.err
    assert len(stand_in_agent.uploads()) == 1
    assert "uploaded 1 document(s)" in result.err


def test_annotate_returns_the_agents_complaint(stand_in_agent: StandInAgent) -> None:
    stand_in_agent.fail(ANNOTATE, status=2, stderr="bad style")
    warning = annotate(Agent.find(), "# hi", context="c", style="info")
    assert warning is not None
    assert "exit status 2" in warning
    assert "bad style" in warning


def test_a_docs_only_change_uploads_nothing_and_says_so(
        run_cli: Run, stand_in_agent: StandInAgent) -> None:
    result = run_cli("upload", "--files", "docs/index.md", "--pipelines", MINI)
    assert result.code == 0, result.err
    assert stand_in_agent.calls(PIPELINE_UPLOAD) == []
    (note,) = stand_in_agent.annotations()
    assert note.argv[-2:] == ("--style", "info")
    assert "docs-only" in note.stdin
