"""The release pipeline: vLLM's release-pipeline.yaml as Python, gated.

One snapshot per scenario (manual release on main, nightly, tag build, and the
refused pull request), each the exact `--format buildkite` text or message and
the text plan with its gates in order; parity with vLLM's YAML step by step;
the runbook against the generated pipeline. The gate rules themselves, on bad
definitions, are in test_gates.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Result, StandInAgent
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from vllmci.context import BuildContext
from vllmci.errors import USAGE_EXIT, UsageError
from vllmci.plan.changes import ChangeSet
from vllmci.plan.select import select
from vllmci.report.gates import summary
from vllmci.stages import Request, documents, load, make_plan

ROOT = Path(__file__).parent.parent
VLLM_YAML = Path(__file__).parent / "fixtures" / "vllm" / "buildkite" / "release-pipeline.yaml"
RUNBOOK = ROOT / "docs" / "release-runbook.md"
BUILD = {"BUILDKITE_COMMIT": "0123456789abcdef0123456789abcdef01234567",
         "BUILDKITE_BUILD_ID": "01890000-0000-4000-8000-000000000042",
         "BUILDKITE_BUILD_NUMBER": "42", "BUILDKITE_PIPELINE_DEFAULT_BRANCH": "main",
         "BUILDKITE_PULL_REQUEST": "false"}
SCENARIOS = {
    "manual-release-on-main": {"BUILDKITE_BRANCH": "main"},
    "nightly-on-main": {"BUILDKITE_BRANCH": "main", "NIGHTLY": "1"},
    "tag-build": {"BUILDKITE_BRANCH": "v0.11.0", "BUILDKITE_TAG": "v0.11.0"},
}
PULL_REQUEST = {"BUILDKITE_BRANCH": "contributor/feature", "BUILDKITE_PULL_REQUEST": "4242"}
# vLLM's nightly DockerHub steps have no key; vllmci needs one for every step.
NIGHTLY_KEYS = {
    "Publish nightly multi-arch image to DockerHub": "publish-nightly-image-dockerhub",
    "Publish nightly multi-arch image to DockerHub - CUDA 12.9":
        "publish-nightly-image-dockerhub-cuda-12-9",
    "Publish nightly XPU image to DockerHub": "publish-nightly-xpu-image-dockerhub",
    "Publish nightly ROCm image to DockerHub": "publish-nightly-rocm-image-dockerhub",
}
Run = Callable[..., Result]


class BuildkiteJSON(SingleFileSnapshotExtension):
    """The exact text `plan --format buildkite` prints, as a readable .json file."""

    _write_mode = WriteMode.TEXT
    file_extension = "json"


class PlainText(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "txt"


@pytest.fixture
def release_cli(run_cli: Run, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """`release_cli(env, *args)`: the command line in a build with `env`."""

    def run(env: dict[str, str], *args: str) -> Result:
        for name, value in {**BUILD, **env}.items():
            monkeypatch.setenv(name, value)
        result = run_cli(*args, "--pipeline", "release", "--files", "vllm/__init__.py")
        assert "Traceback" not in result.err
        return result

    return run


def plan_for(env: dict[str, str], **extra: str) -> Any:
    return make_plan(Request(files=("vllm/__init__.py",), pipeline="release"),
                     env={**BUILD, **env, **extra})


def steps_of(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for step in document["steps"]:
        yield from step["steps"] if "group" in step else [step]


def generated(env: dict[str, str], **extra: str) -> dict[str, Any]:
    (text,) = documents(plan_for(env, **extra))
    return json.loads(text)


# --- the scenarios -------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario_pipeline(release_cli: Run, snapshot: SnapshotAssertion, scenario: str) -> None:
    result = release_cli(SCENARIOS[scenario], "plan", "--format", "buildkite")
    assert result.code == 0, result.err
    assert result.out == snapshot(extension_class=BuildkiteJSON)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario_plan_shows_the_gates_in_order(release_cli: Run, snapshot: SnapshotAssertion,
                                                scenario: str) -> None:
    result = release_cli(SCENARIOS[scenario], "plan")
    assert result.code == 0, result.err
    assert "gates, in order" in result.out
    assert result.out == snapshot(extension_class=PlainText)


@pytest.mark.parametrize("command", [("plan", "--format", "buildkite"), ("upload",)])
def test_a_pull_request_build_is_refused(release_cli: Run, stand_in_agent: StandInAgent,
                                         snapshot: SnapshotAssertion,
                                         command: tuple[str, ...]) -> None:
    result = release_cli(PULL_REQUEST, *command)
    assert result.code == USAGE_EXIT
    assert result.out == ""
    assert stand_in_agent.calls() == []
    assert result.err == snapshot(extension_class=PlainText)


def test_upload_pipes_the_release_pipeline(release_cli: Run,
                                           stand_in_agent: StandInAgent) -> None:
    dry = release_cli(SCENARIOS["manual-release-on-main"], "upload", "--dry-run")
    result = release_cli(SCENARIOS["manual-release-on-main"], "upload")
    assert result.code == 0, result.err
    assert stand_in_agent.uploads() == [dry.out]
    assert "gates, in order" in result.out


def test_publishing_steps_never_reach_a_pull_request_pipeline() -> None:
    """Selection skips them, and the stages refuse the pipeline outright."""
    request = Request(files=("vllm/__init__.py",), pipeline="release")
    catalog = load(request)
    plan = select(catalog, ChangeSet.from_files(request.files),
                  BuildContext.from_env({**BUILD, **PULL_REQUEST}), "release")
    publishing = {e.key for e in plan.catalog.entries if e.step.publishes}
    assert publishing and all(plan.decision(k).action == "skip" for k in publishing)
    emitted = {s["key"] for s in steps_of(json.loads(documents(plan)[0]))}
    assert not emitted & publishing
    with pytest.raises(UsageError, match="never generated for a pull request build"):
        plan_for(PULL_REQUEST)


@pytest.mark.parametrize(("scenario", "counts"), [
    ("manual-release-on-main", (36, 7, 1)), ("nightly-on-main", (39, 5, 1)),
    ("tag-build", (36, 7, 1))])
def test_step_counts(scenario: str, counts: tuple[int, int, int]) -> None:
    """vLLM's file: 39 command steps (4 nightly-only, 1 never on nightly), 7 blocks
    (2 left out of nightly builds), 1 input, 6 groups."""
    document = generated(SCENARIOS[scenario])
    steps = list(steps_of(document))
    found = tuple(sum(kind in s for s in steps) for kind in ("commands", "block", "input"))
    assert found == counts
    assert sum("group" in s for s in document["steps"]) == 6


def test_every_publishing_step_waits_for_a_click_unless_nightly() -> None:
    for scenario, env in SCENARIOS.items():
        plan = plan_for(env)
        found = summary(plan)
        automatic = {e.key for e in found.automatic if e.step.publishes}
        assert bool(automatic) == (scenario == "nightly-on-main"), automatic
        gated = {e.key for stop in found.stops for e in stop.then}
        publishing = {e.key for e in plan.catalog.entries
                      if e.step.publishes and plan.decision(e.key).action != "skip"}
        assert publishing - automatic <= gated


def test_a_tag_build_checks_the_tag_and_says_so() -> None:
    def pypi(env: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
        steps = {s["key"]: s for s in steps_of(generated(env))}
        return steps["block-upload-release-wheels"], steps["upload-release-wheels"]

    gate, upload = pypi(SCENARIOS["tag-build"])
    assert "tag equals the release version entered" in gate["prompt"]
    check = next(c for c in upload["commands"] if "$$BUILDKITE_TAG" in c)
    assert '"$$(buildkite-agent meta-data get release-version)"' in check
    assert '!= "$$BUILDKITE_TAG"' in check and "exit 1" in check
    assert upload["commands"].index(check) < upload["commands"].index(
        "bash .buildkite/scripts/upload-release-wheels-pypi.sh")
    gate_on_main, _ = pypi(SCENARIOS["manual-release-on-main"])
    assert "Tag build" not in gate_on_main["prompt"]


def test_release_steps_ignore_the_diff() -> None:
    plan = make_plan(Request(files=("docs/index.md",), pipeline="release"),
                     env={**BUILD, "BUILDKITE_BRANCH": "main"})
    assert not plan.docs_only and documents(plan)


@pytest.mark.parametrize("knob", [{"NOAUTO": "1"},
                                  {"VLLM_CI_ONLY_STEP_KEYS": '["upload-release-wheels"]'}])
def test_knobs_keep_the_gates(knob: dict[str, str]) -> None:
    steps = {s["key"]: s for s in steps_of(generated(SCENARIOS["manual-release-on-main"],
                                                     **knob))}
    assert steps["upload-release-wheels"]["depends_on"][0] == "block-upload-release-wheels"
    assert "block" in steps["block-upload-release-wheels"]
    assert "input-release-version" in steps


def test_json_plan_lists_the_gates_only_for_gated_pipelines(run_cli: Run) -> None:
    plan = json.loads(run_cli("plan", "--pipeline", "release", "--files", "x",
                              "--format", "json").out)
    assert [g["key"] for g in plan["gates"]][:2] == ["input-release-version",
                                                     "block-build-additional-wheels"]
    pypi = next(g for g in plan["gates"] if g["key"] == "block-upload-release-wheels")
    assert pypi["then"] == ["upload-release-wheels"] and pypi["decision"] == "block"
    assert "gates" not in json.loads(run_cli("plan", "--files", "x", "--format", "json").out)


# --- parity with vLLM's release-pipeline.yaml ----------------------------------------------


def _effective(steps: list[dict[str, Any]]) -> dict[str, tuple[dict[str, Any], set[str]]]:
    """key -> (step, what it waits for), groups' keys and dependencies resolved."""
    members = {g["key"]: [s.get("key") or s.get("id") or NIGHTLY_KEYS.get(s.get("label"))
                          for s in g["steps"]] for g in steps if "group" in g and "key" in g}
    found: dict[str, tuple[dict[str, Any], set[str]]] = {}
    for item in steps:
        inner = item["steps"] if "group" in item else [item]
        around = _deps(item) if "group" in item else []
        for step in inner:
            key = step.get("key") or step.get("id") or NIGHTLY_KEYS[step["label"]]
            deps = {m for d in [*around, *_deps(step)] for m in members.get(d, [d])}
            found[key] = (step, deps)
    return found


def _deps(step: dict[str, Any]) -> list[str]:
    raw = step.get("depends_on") or []
    return [d if isinstance(d, str) else d["step"] for d in ([raw] if isinstance(raw, str)
                                                            else raw)]


def _closure(table: dict[str, tuple[dict[str, Any], set[str]]], key: str) -> set[str]:
    seen: set[str] = set()
    queue = [key]
    while queue:
        for dep in table[queue.pop()][1]:
            if dep in table and dep not in seen:
                seen.add(dep)
                queue.append(dep)
    return seen


def _vllm(nightly: bool) -> dict[str, tuple[dict[str, Any], set[str]]]:
    keep = '== "1"' if nightly else '!= "1"'
    steps = yaml.safe_load(VLLM_YAML.read_text())["steps"]
    steps = [s for s in steps if keep in s.get("if", keep)]
    for group in (s for s in steps if "group" in s):
        group["steps"] = [s for s in group["steps"] if keep in s.get("if", keep)]
    return _effective(steps)


def _commands(step: dict[str, Any], ours: bool) -> list[str]:
    """As the job's shell sees them: `$$` is one `$`; no section headers; no trailing
    blanks (vLLM's YAML has some)."""
    lines = [c for c in step.get("commands", []) if not (ours and c.startswith("echo '+++ "))]
    return ["\n".join(line.rstrip() for line in c.replace("$$", "$").split("\n"))
            for c in lines]


FIELDS = ("label", "block", "input", "agents", "env", "plugins", "matrix", "artifact_paths",
          "timeout_in_minutes", "allow_dependency_failure", "retry", "priority", "soft_fail",
          "parallelism")


@pytest.mark.parametrize("nightly", [False, True], ids=["manual", "nightly"])
def test_every_step_is_vllms(nightly: bool) -> None:
    env = SCENARIOS["nightly-on-main" if nightly else "manual-release-on-main"]
    ours = _effective(generated(env)["steps"])
    theirs = _vllm(nightly)
    assert set(ours) == set(theirs)
    for key, (step, _) in theirs.items():
        mine = ours[key][0]
        shown = {f: mine.get(f) for f in FIELDS if f in step or f in mine}
        assert shown == {f: step.get(f) for f in shown}, key
        commands = _commands(mine, True)
        if key == "upload-release-wheels":  # the one addition: the tag check, first
            assert commands.pop(0).startswith('if [[ -n "$BUILDKITE_TAG" ]]; then')
        assert commands == _commands(step, False), key
        assert "if" not in mine, key  # decided when generated, never by the agent
        assert _closure(ours, key) == _closure(theirs, key), key
        assert [(f["key"], f["text"]) for f in mine.get("fields", [])] == [
            (f["key"], f["text"]) for f in step.get("fields", [])], key


# --- the runbook matches the generated pipeline ---------------------------------------------


def runbook_sections() -> dict[str, str]:
    text = RUNBOOK.read_text()
    return {m.group(1): m.group(2) for m in re.finditer(
        r"^### \d+\. `([^`]+)`: .*?\n(.*?)(?=^### |^## )", text, re.M | re.S)}


def test_the_runbook_names_every_gate_in_click_order_with_its_label() -> None:
    stops = summary(plan_for(SCENARIOS["manual-release-on-main"])).stops
    headings = re.findall(r"^### \d+\. `([^`]+)`: (.*)$", RUNBOOK.read_text(), re.M)
    assert headings == [(s.gate.key, s.gate.label) for s in stops]


def test_the_runbook_lists_what_runs_after_each_gate() -> None:
    sections = runbook_sections()
    for stop in summary(plan_for(SCENARIOS["manual-release-on-main"])).stops:
        after = sections[stop.gate.key].partition("Runs after it:")[2].split(".\n")[0]
        named = re.findall(r"`([a-z0-9-]+)`", after)
        assert [k for k in named if not k.startswith("cuda") and k not in
                {"rocm", "xpu", "cpu"}] == [e.key for e in stop.then], stop.gate.key


def test_the_runbook_names_what_a_nightly_does_by_itself() -> None:
    plan = plan_for(SCENARIOS["nightly-on-main"])
    text = RUNBOOK.read_text().partition("## What happens on a nightly")[2].partition("\n## ")[0]
    nightly_only = {e.key for e in plan.catalog.entries if e.step.nightly_only}
    assert nightly_only and all(f"`{k}`" in text for k in nightly_only)
    left_out = {g.key for g, _ in summary(plan).left_out}
    numbers = {int(n) for n in re.findall(r"gates (\d) and (\d) are left out", text)[0]}
    order = [s.gate.key for s in summary(plan_for(SCENARIOS["manual-release-on-main"])).stops]
    assert {order[n - 1] for n in numbers} == left_out


def test_release_pipeline_needs_no_diff(tmp_path: Path, run_cli: Any,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A release build in a checkout where git fails does not warn about running everything."""
    env = {"BUILDKITE": "true", "BUILDKITE_BRANCH": "main", "BUILDKITE_COMMIT": "a" * 40}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = run_cli("plan", "--pipeline", "release", "--repo", str(tmp_path), "--format", "json")
    assert result.code == 0, result.err
    assert "running every step" not in result.err
    assert json.loads(result.out)["fallback_reason"] is None
