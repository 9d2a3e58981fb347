"""Gates: a publishing step never starts without a click by accident.

Each rule of `vllmci.catalog.gates` on a small release pipeline written for the test:
what counts as gated, the definition errors (file, line, step and the ungated
chain), a build that would drop a gate, and the definition mistakes around gates.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result

from vllmci.define.step import Gate, Group, Input, Plugin, Step, TextField
from vllmci.errors import USAGE_EXIT, DefinitionError
from vllmci.stages import Request, make_plan

Run = Callable[..., Result]

HARDWARE = """
from vllmci.define import Device, Inventory
INVENTORY = Inventory(devices=[Device("cpu", "cpu_queue", gpu=False)], default="cpu")
"""


def release_defs(root: Path, body: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "hardware.py").write_text(textwrap.dedent(HARDWARE))
    (root / "release.py").write_text("from vllmci.define import Gate, Group, Input, Step\n"
                                     + textwrap.dedent(body))
    return root


def run_defs(run_cli: Run, root: Path) -> Result:
    return run_cli("plan", "--pipeline", "release", "--pipelines", str(root), "--files", "x",
                   "--format", "buildkite")


UNGATED = """
R = Group(name="R", pipeline="release", always_run=True, steps=[
    Step(key="build", label="Build", commands=["make"]),
    Step(key="publish", label="Publish", commands=["upload"], publishes=True,
         depends_on=["build"]),
])
"""


def test_an_ungated_publishing_step_is_a_definition_error(run_cli: Run, tmp_path: Path) -> None:
    root = release_defs(tmp_path / "defs", UNGATED)
    result = run_defs(run_cli, root)
    assert result.code == USAGE_EXIT and result.out == ""
    line = next(i for i, text in enumerate((root / "release.py").read_text().splitlines(), 1)
                if 'key="publish"' in text)
    assert f"{root / 'release.py'}:{line}: step 'publish': field 'publishes'" in result.err
    assert "publish <- build <- (start of the build)" in result.err


@pytest.mark.parametrize("extra", [
    'Gate(key="go", label="Go?"),',
    'Gate(key="go", label="Go?"), Step(key="x", label="X", commands=["y"], depends_on=["go"]),',
], ids=["gate-not-a-dependency", "gate-elsewhere"])
def test_a_gate_must_be_on_the_path(run_cli: Run, tmp_path: Path, extra: str) -> None:
    body = UNGATED.replace("steps=[\n", "steps=[\n    " + extra + "\n")
    result = run_defs(run_cli, release_defs(tmp_path / "d", body))
    assert result.code == USAGE_EXIT and "publish <- build <- (start" in result.err


@pytest.mark.parametrize(("publish", "expected"), [
    ('depends_on=["build", "go"]', 0),
    ('depends_on=["go-later"]', 0),
    ('depends_on=["build"], only_in=["nightly"]', 0),
    ('depends_on=["later"], allow_failure_of=["later"]', USAGE_EXIT),
    ('depends_on=["later"], allow_dependency_failure=True', USAGE_EXIT),
    ('depends_on=["go"], allow_failure_of=["go"]', 0),
], ids=["gated", "through-a-step", "nightly-only", "allowed-to-fail",
        "all-allowed-to-fail", "gate-allowed-to-fail"])
def test_what_counts_as_gated(run_cli: Run, tmp_path: Path, publish: str, expected: int) -> None:
    body = f"""
    R = Group(name="R", pipeline="release", always_run=True, steps=[
        Gate(key="go", label="Go?", depends_on=[]),
        Step(key="build", label="Build", commands=["make"]),
        Step(key="later", label="Later", commands=["make"], depends_on=["go"]),
        Gate(key="go-later", label="Go?", depends_on=["later"]),
        Step(key="publish", label="Publish", commands=["upload"], publishes=True, {publish}),
    ])
    """
    result = run_defs(run_cli, release_defs(tmp_path / "d", body))
    assert result.code == expected, result.err
    if expected:
        assert "goes on even when later" in result.err


def test_a_build_that_drops_the_gate_is_refused(run_cli: Run, tmp_path: Path) -> None:
    body = """
    R = Group(name="R", pipeline="release", always_run=True, steps=[
        Gate(key="go", label="Go?", depends_on=[]),
        Step(key="stage", label="Stage", commands=["s"], depends_on=["go"], only_in=["tag"]),
        Step(key="publish", label="Publish", commands=["u"], publishes=True,
             depends_on=["stage"]),
    ])
    """
    result = run_defs(run_cli, release_defs(tmp_path / "d", body))
    assert result.code == USAGE_EXIT
    assert "in this build the publishing step would start without a click" in result.err


@pytest.mark.parametrize(("body", "message"), [
    ('Gate(key="later", label="Go?", skip_in=["tag"])', "only be left out of nightly builds"),
    ('Input(key="ask", label="Version?", fields=[])', "asks for at least one field"),
    ('Gate(key="block-b", label="Go?"), Step(key="b", label="B", commands=["x"])',
     "does not wait for this gate"),
    ('Step(key="b", label="B", commands=["x"], depends_on=["t"])', "belongs to the test"),
    ('Step(key="b", label="B", commands=["x"], depends_on=["go"], allow_failure_of=["c"])',
     "'c' is not one of its dependencies"),
], ids=["skip-in-tag", "input-without-fields", "block-key-of-another-step", "other-pipeline",
        "allow-failure-of"])
def test_gate_definition_mistakes(run_cli: Run, tmp_path: Path, body: str, message: str) -> None:
    root = release_defs(tmp_path / "d", f"""
    T = Group(name="T", steps=[Step(key="t", label="T", commands=["x"])])
    R = Group(name="R", pipeline="release", steps=[Gate(key="go", label="Go"), {body}])
    """)
    result = run_defs(run_cli, root)
    assert result.code == USAGE_EXIT and message in result.err, result.err


def test_a_group_key_stands_for_its_steps(tmp_path: Path) -> None:
    root = release_defs(tmp_path / "d", """
    A = Group(name="A", key="wheels", pipeline="release", steps=[
        Step(key="w1", label="W1", commands=["x"]), Gate(key="g", label="G?")])
    B = Group(name="B", pipeline="release", steps=[
        Step(key="after", label="After", commands=["x"], depends_on=["wheels"])])
    """)
    plan = make_plan(Request(files=("x",), pipeline="release", pipelines=root), env={})
    assert plan.catalog.by_key["after"].depends_on == ("w1", "g")


@pytest.mark.parametrize(("make", "field", "text"), [
    (lambda: Gate(key="g", label="G", skip_in=["pr"]), "skip_in", "only be left out of nightly"),
    (lambda: Gate(key="g", label="G", prompt_in={"tags": "x"}), "prompt_in", "unknown build kind"),
    (lambda: Gate(key="g", label=""), "label", "non-empty text"),
    (lambda: TextField(key="release version", text="V?"), "key", "not a meta-data key"),
    (lambda: Input(key="i", label="I", fields=[TextField(key="v", text="A"),
                                               TextField(key="v", text="B")]),
     "fields", "two fields store meta-data 'v'"),
    (lambda: Plugin(name="p", config={"nested": {"a": 1}}), "config", "plugin settings hold"),
    (lambda: Step(key="s", label="S", commands=["x"], matrix=[]), "matrix", "non-empty text"),
    (lambda: Group(name="G", key="g", top_level=True, steps=[]), "key", "top-level group"),
], ids=["skip-in", "prompt-kind", "empty-label", "field-key", "duplicate-field", "plugin",
        "matrix", "top-level-key"])
def test_gate_objects_check_themselves(make: Callable[[], object], field: str | None,
                                       text: str) -> None:
    with pytest.raises(DefinitionError) as info:
        make()
    assert info.value.field == field and text in str(info.value)
    assert info.value.file == __file__


def test_a_prompt_per_build_kind() -> None:
    gate = Gate(key="g", label="G", prompt="Go?", prompt_in={"tag": "Tag build: go?"})
    assert gate.prompt_for(frozenset({"branch", "tag"})) == "Tag build: go?"
    assert gate.prompt_for(frozenset({"branch", "default_branch"})) == "Go?"
