"""Shards sized by time (docs/cost.md): `Step(shards=ByTime(...))` and the durations
file (`--durations FILE`, `$VLLMCI_DURATIONS`) choose a step's shard count, and
hand each shard a balanced list of test files when its test files were measured.

The frozen definitions of tests/fixtures/shards and its durations file; the emitted
command runs in plain `sh` against a fake test tree and a fake pytest.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Result, StandInAgent

from vllmci.catalog import shards
from vllmci.catalog.durations import Durations
from vllmci.define import ByTime, Step
from vllmci.emit.shards import shard_command
from vllmci.errors import USAGE_EXIT, DefinitionError

Run = Callable[..., Result]
HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "shards"
PIPELINES = FIXTURE / "pipelines"
DURATIONS = FIXTURE / "durations.json"
HISTORY = HERE / "fixtures" / "history"
CHANGED = ("vllm/lora/x.py", "vllm/models/a.py", "vllm/evals/b.py", "vllm/kernels/c.py")
NO_FILE = "no durations file (--durations FILE or $VLLMCI_DURATIONS)"


def plan(run_cli: Run, *args: str, fmt: str = "json") -> Any:
    result = run_cli("plan", "--files", *CHANGED, "--pipelines", str(PIPELINES),
                     "--format", fmt, *args)
    assert result.code == 0, result.err
    return json.loads(result.out) if fmt != "text" else result.out


def by_key(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {step["key"]: step for step in document["steps"]}


def emitted(run_cli: Run, key: str, *args: str) -> dict[str, Any]:
    result = run_cli("plan", "--files", *CHANGED, "--pipelines", str(PIPELINES),
                     "--step", key, *args)
    assert result.code == 0, result.err
    return json.loads(result.out)[-1]


# --- ByTime in the definitions ----------------------------------------------------------


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"target_minutes": 0}, "target_minutes", "must be a number of minutes > 0, got 0"),
    ({"target_minutes": "20"}, "target_minutes", "must be a number of minutes > 0, got '20'"),
    ({"target_minutes": float("inf")}, "target_minutes", "must be a number of minutes > 0"),
    ({"target_minutes": 20, "max": 0}, "max", "must be a whole number >= 1, got 0"),
    ({"target_minutes": 20, "max": 2, "min": 3}, "min", "min=3 is above max=2"),
    ({"target_minutes": 20, "mx": 3}, "mx", "unknown field for shards by time (did you mean"),
    ({}, "target_minutes", "is required for shards by time"),
])
def test_by_time_refuses_nonsense(kwargs: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        Step(key="lora", label="LoRA", commands=["x"], parallelism=2,
             shards=ByTime(**kwargs))
    error = caught.value
    assert (error.key, error.part, error.field) == ("lora", "shards by time", field)
    assert message in str(error) and error.file == __file__


def test_the_declared_parallelism_must_be_a_count_by_time_could_choose() -> None:
    with pytest.raises(DefinitionError) as caught:
        Step(key="lora", label="LoRA", commands=["x"], shards=ByTime(target_minutes=20, min=2))
    assert caught.value.field == "shards"
    assert "parallelism=1 (the count without a measurement) is outside min=2..max=8" in str(
        caught.value)
    with pytest.raises(DefinitionError, match="field 'shards': must be a ByTime"):
        Step(key="lora", label="LoRA", commands=["x"], shards={"target_minutes": 20})


def definitions(root: Path, step: str) -> Path:
    root.mkdir()
    (root / "hardware.py").write_text((PIPELINES / "hardware.py").read_text())
    (root / "area.py").write_text("from vllmci.define import ByTime, Group, Step\n"
                                  'G = Group(name="G", steps=[\n' + step + "])\n")
    return root


@pytest.mark.parametrize(("by_time", "line", "field"), [
    ("ByTime(target_minutes=-5)", 4, "shards by time: field 'target_minutes'"),
    ("ByTime(target_minutes=20, max=1)", 3, "field 'shards'")])
def test_a_bad_by_time_stops_the_upload_naming_file_step_and_field(
        run_cli: Run, tmp_path: Path, stand_in_agent: StandInAgent, by_time: str, line: int,
        field: str) -> None:
    defs = definitions(tmp_path / "defs", '    Step(key="a", label="A", paths=["a"], '
                       f'commands=["x"], parallelism=2,\n         shards={by_time}),\n')
    for command in (("plan",), ("upload",)):
        result = run_cli(*command, "--files", "a", "--pipelines", str(defs))
        assert result.code == USAGE_EXIT and result.out == ""
        assert "Traceback" not in result.err
        assert result.err.startswith(f"vllmci: error: {defs / 'area.py'}:{line}: step 'a': "
                                     f"{field}: ")
    assert stand_in_agent.calls() == []


# --- the count: measured, else declared --------------------------------------------------


def test_choose_sizes_by_measured_minutes_between_min_and_max() -> None:
    target = ByTime(target_minutes=20, max=8)
    assert shards.choose("lora", target, 4, 85.5) == (
        5, "measured", "85.5 measured minutes / 20 target -> 5 shard(s)")
    assert shards.choose("lora", target, 4, 400)[:2] == (8, "measured")
    assert "capped at max=8" in shards.choose("lora", target, 4, 400)[2]
    raised = shards.choose("lora", ByTime(target_minutes=20, max=8, min=2), 4, 10)
    assert raised[0] == 2 and "raised to min=2" in raised[2]
    assert shards.choose("lora", target, 4, 0)[0] == 1
    assert shards.choose("lora", target, 4, None) == (
        4, "declared", "no measured duration for lora: parallelism=4 as declared")


def test_with_durations_the_plan_says_measured_and_why(run_cli: Run) -> None:
    steps = by_key(plan(run_cli, "--durations", str(DURATIONS)))
    lora = steps["lora"]
    assert lora["parallelism"] == 5
    assert {k: lora["shards"][k] for k in ("count", "basis", "reason", "declared")} == {
        "count": 5, "basis": "measured", "declared": 4,
        "reason": "85.5 measured minutes / 20 target -> 5 shard(s)"}
    assert steps["models"]["parallelism"] == 6  # 200 / 30 -> 7, capped
    assert "(capped at max=6)" in steps["models"]["shards"]["reason"]
    mirror = steps["amd-lora"]["shards"]  # a mirror is sized by its own key's duration
    assert (mirror["count"], mirror["basis"]) == (4, "declared")
    assert mirror["reason"] == "no measured duration for amd-lora: parallelism=4 as declared"
    assert steps["evals"]["shards"]["split"].startswith(
        "warning: no measured test files, and its commands never read $BUILDKITE_PARALLEL_JOB")
    assert "shards" not in steps["kernels"] and steps["kernels"]["parallelism"] == 2


def test_without_durations_the_declared_parallelism_is_kept_and_said(run_cli: Run) -> None:
    steps = by_key(plan(run_cli))
    assert steps["lora"]["parallelism"] == 4
    assert steps["lora"]["shards"]["basis"] == "declared"
    assert steps["lora"]["shards"]["reason"] == f"{NO_FILE}: parallelism=4 as declared"
    assert steps["lora"]["shards"]["files"] == []
    step = emitted(run_cli, "lora")
    assert step["parallelism"] == 4
    assert step["commands"][-1].startswith("pytest -v -s -m 'not slow' lora --shard-id=$$")
    text = plan(run_cli, fmt="text")
    assert f"shards sized by time, as declared: {NO_FILE}\n" in text
    assert "  lora ×4: declared\n" in text


def test_the_text_plan_and_explain_show_count_basis_and_reason(run_cli: Run) -> None:
    text = plan(run_cli, "--durations", str(DURATIONS), fmt="text")
    assert f"shards sized by time (--durations {DURATIONS}):" in text
    assert "  lora ×5: measured: 85.5 measured minutes / 20 target -> 5 shard(s)\n" in text
    assert "      6 measured test file(s) under lora balanced by time; shard 0 also runs" in text
    assert "models ×6" in text and "evals ×4" in text
    story = run_cli("plan", "--files", *CHANGED, "--pipelines", str(PIPELINES),
                    "--durations", str(DURATIONS), "--explain", "lora").out
    assert "  shards       5 (measured: 85.5 measured minutes / 20 target -> 5 shard(s))" in story
    assert "    shard 0: lora/test_llama.py + every test file not measured" in story
    assert "    shard 4: lora/test_quant_model.py, lora/test_utils.py" in story
    data = json.loads(run_cli("plan", "--files", *CHANGED, "--pipelines", str(PIPELINES),
                              "--durations", str(DURATIONS), "--explain", "lora",
                              "--format", "json").out)
    assert data["parallelism"] == 5 and data["shards"]["basis"] == "measured"


def test_the_durations_file_can_come_from_the_environment(
        run_cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VLLMCI_DURATIONS", DURATIONS.name)  # relative to --repo
    steps = by_key(plan(run_cli, "--repo", str(FIXTURE)))
    assert steps["lora"]["parallelism"] == 5
    text = plan(run_cli, "--repo", str(FIXTURE), fmt="text")
    assert f"shards sized by time (VLLMCI_DURATIONS={DURATIONS.name}):" in text
    monkeypatch.setenv("VLLMCI_DURATIONS", "nowhere.json")
    result = run_cli("plan", "--files", "a", "--pipelines", str(PIPELINES), "--repo",
                     str(FIXTURE))
    assert result.code == USAGE_EXIT
    assert "VLLMCI_DURATIONS=nowhere.json: cannot read it: No such file" in result.err


def test_durations_change_nothing_emitted_for_steps_without_by_time(run_cli: Run) -> None:
    mini = str(HERE / "fixtures" / "mini")
    args = ("plan", "--files", "vllm/lora/a.py", "vllm/kernels/b.py", "--pipelines", mini,
            "--format", "buildkite")
    assert run_cli(*args).out == run_cli(*args, "--durations", str(DURATIONS)).out
    again = ("--durations", str(DURATIONS))
    assert plan(run_cli, *again, fmt="buildkite") == plan(run_cli, *again, fmt="buildkite")


# --- balanced file lists --------------------------------------------------------------------


def test_balance_is_longest_processing_time_first() -> None:
    files = {"a": 7.0, "b": 6.0, "c": 5.0, "d": 4.0, "e": 3.0, "f": 2.0}
    assert shards.balance(files, 2) == (("a", "d", "e"), ("b", "c", "f"))
    many = {f"tests/t{i}.py": float((i * 37) % 101 + 1) for i in range(60)}
    lists = shards.balance(many, 7)
    assert sorted(f for files in lists for f in files) == sorted(many)  # each exactly once
    loads = [sum(many[f] for f in files) for files in lists]
    best = max(sum(many.values()) / 7, max(many.values()))
    assert max(loads) <= best * 4 / 3
    assert shards.balance(dict(reversed(many.items())), 7) == lists  # deterministic
    assert shards.balance({"only.py": 1.0}, 3) == (("only.py",), (), ())


@pytest.mark.parametrize(("command", "root"), [
    ("pytest -v -s lora --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=3", "lora"),
    ("VLLM_X=1 python3 -m pytest -m 'not slow' kernels/helion/ --shard-id 1", "kernels/helion"),
    ("pytest -v -s --ignore lora/a.py lora", "lora"),
])
def test_a_pytest_run_over_one_directory_is_recognised(command: str, root: str) -> None:
    run = shards.pytest_run(command)
    assert run is not None and run.root == root
    assert "shard" not in run.runner


@pytest.mark.parametrize("command", [
    "pytest -v -s lora/test_a.py", "pytest lora models", "cd lora && pytest -v .",
    "pytest -v -s lora --junitxml=$BUILDKITE_JOB_ID.xml", "bash run.sh", "pytest 'lora",
    "pytest -v -s lora/test_a.py::test_b", "pytest tests/*",
])
def test_anything_else_is_left_to_its_own_sharding(command: str) -> None:
    assert shards.pytest_run(command) is None


def test_files_its_own_options_ignore_or_outside_its_directory_are_not_handed_out() -> None:
    files = {"lora/a.py": 3.0, "lora/skip/b.py": 2.0, "models/c.py": 1.0}
    told, lists, run = shards.split(["pytest lora --ignore=lora/skip"], 2, files)
    assert lists == (("lora/a.py",), ()) and run is not None
    assert told.startswith("1 measured test file(s) under lora")
    told, lists, _ = shards.split(["pytest lora", "pytest lora/x --ignore=lora/y"], 2,
                                  {"lora/x/t.py": 1.0})
    assert lists == () and "several pytest commands" in told


class FakeTree:
    """A test tree and a `pytest` that records the test files it would run."""

    def __init__(self, root: Path) -> None:
        self.root, self.log = root, root / "ran.txt"
        for name in ("test_llama.py", "test_mixtral.py", "sub/test_deep.py", "test_layers.py",
                     "test_quant_model.py", "test_utils.py", "test_tp.py", "test_new.py",
                     "sub/test_newer.py"):
            path = root / "tests" / "lora" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("")
        self.bin = root / "bin"
        self.bin.mkdir()
        fake = self.bin / "pytest"
        fake.write_text(f"#!{sys.executable}\n" + textwrap.dedent("""
            import os, sys
            from pathlib import Path
            words, ignored, targets = iter(sys.argv[1:]), [], []
            for word in words:
                if word.startswith(("--shard-id", "--num-shards")):
                    sys.exit("a sharding option was left in: " + word)
                if word.startswith("--ignore="):
                    ignored.append(word.split("=", 1)[1])
                elif word in ("-m", "-k"):
                    next(words)
                elif not word.startswith("-"):
                    targets.append(word)
            ran = []
            for target in targets:
                path = Path(target)
                if not path.exists():
                    sys.exit(4)
                found = sorted(map(str, path.rglob("test_*.py"))) if path.is_dir() else [target]
                ran += [f for f in found if not any(f == i or f.startswith(i + "/")
                                                    for i in ignored)]
            with open(os.environ["RAN"], "a") as log:
                log.writelines(f"{os.environ['BUILDKITE_PARALLEL_JOB']} {f}\\n" for f in ran)
        """))
        fake.chmod(0o755)

    def run(self, commands: list[str], shard: int) -> subprocess.CompletedProcess[str]:
        script = "\n".join(c.replace("$$", "$") for c in commands)  # the agent's interpolation
        env = {"PATH": f"{self.bin}{os.pathsep}/usr/bin:/bin", "RAN": str(self.log),
               "BUILDKITE_PARALLEL_JOB": str(shard)}
        return subprocess.run(["sh", "-e", "-c", script], cwd=self.root / "tests", env=env,
                              capture_output=True, text=True, check=False, timeout=60)

    def ran(self) -> list[tuple[int, str]]:
        lines = self.log.read_text().splitlines() if self.log.exists() else []
        return [(int(shard), file) for shard, file in (line.split(" ", 1) for line in lines)]


def test_each_shard_runs_its_files_and_together_they_run_every_test_file(
        run_cli: Run, tmp_path: Path) -> None:
    step = emitted(run_cli, "lora", "--durations", str(DURATIONS))
    assert step["parallelism"] == 5
    tree = FakeTree(tmp_path)
    for shard in range(5):
        done = tree.run(step["commands"], shard)
        assert done.returncode == 0, done.stderr
    ran = tree.ran()
    files = [f for _, f in ran]
    expected = {f"lora/{n}" for n in ("test_llama.py", "test_mixtral.py", "sub/test_deep.py",
                                      "test_layers.py", "test_quant_model.py", "test_utils.py",
                                      "test_new.py", "sub/test_newer.py")}
    assert sorted(files) == sorted(expected)  # each exactly once; test_tp.py stays ignored
    assert {f for s, f in ran if s == 0} == {
        "lora/test_llama.py", "lora/test_new.py", "lora/sub/test_newer.py"}  # + the unknown
    assert {f for s, f in ran if s == 4} == {"lora/test_quant_model.py", "lora/test_utils.py"}
    unknown = tree.run(step["commands"], 7)
    assert unknown.returncode == 2 and "unknown shard 7" in unknown.stderr


def test_an_empty_shard_runs_nothing_and_succeeds(tmp_path: Path) -> None:
    command = shard_command((("lora/test_llama.py",), ()), "pytest -v", "lora")
    tree = FakeTree(tmp_path)
    assert tree.run([command], 1).returncode == 0 and tree.ran() == []


def test_the_loop_from_junit_reports_to_balanced_shards(run_cli: Run, tmp_path: Path) -> None:
    """docs/cost.md: `vllmci durations` from Buildkite builds and JUnit, then `plan`."""
    out = tmp_path / "durations.json"
    junit = HISTORY / "junit"
    result = run_cli("durations", "--from-buildkite", *map(str, (HISTORY / "buildkite").glob(
        "*.json")), "--from-junit", f"lora@0={junit / 'lora-4101-0.xml'}",
        f"lora@1={junit / 'lora-4101-1.xml'}", f"lora@0={junit / 'lora-4103-0.xml'}",
        "-o", str(out))
    assert result.code == 0, result.err
    lora = by_key(plan(run_cli, "--durations", str(out)))["lora"]["shards"]
    assert (lora["count"], lora["basis"]) == (5, "measured")  # 85.5 build minutes / 20
    assert lora["files"] == [["lora/test_llama.py"], ["lora/test_mixtral.py"],
                             ["lora/test_layers.py"], ["lora/test_quant_model.py"], []]


# --- a bad durations file ----------------------------------------------------------------

BAD_FILES = [
    ("not-json", "{", "cannot read it as JSON"),
    ("a-list", "[1, 2]", "expected an object of step key -> minutes, got list"),
    ("slow", '{"lora": "slow"}', 'lora: expected minutes (a number >= 0), got "slow"'),
    ("negative", '{"durations": {"lora": -1}}', "durations.lora: expected minutes"),
    ("nan", '{"durations": {"lora": NaN}}', "durations.lora: expected minutes"),
    ("build-minutes", '{"steps": {"lora": {"build_minutes": "85"}}}',
     'steps.lora.build_minutes: expected minutes (a number >= 0), got "85"'),
    ("steps-a-list", '{"steps": []}', "steps: expected an object, got list"),
    ("option-as-file", '{"files": {"lora": {"-k nothing": 1}}}',
     'files.lora: "-k nothing" is not a test file\'s plain path'),
    ("outside", '{"files": {"lora": {"../x/test_a.py": 1}}}', '"../x/test_a.py" is not'),
    ("seconds", '{"files": {"lora": {"lora/a.py": true}}}',
     'files.lora["lora/a.py"]: expected seconds (a number >= 0), got true'),
    ("newer", '{"version": 2, "durations": {}}', "version 2: this vllmci reads version 1"),
]


@pytest.mark.parametrize(("text", "message"), [c[1:] for c in BAD_FILES],
                         ids=[c[0] for c in BAD_FILES])
def test_a_malformed_durations_file_stops_everything(
        run_cli: Run, tmp_path: Path, stand_in_agent: StandInAgent, text: str,
        message: str) -> None:
    bad = tmp_path / "durations.json"
    bad.write_text(text)
    for command in (("plan",), ("upload",), ("upload", "--dry-run")):
        result = run_cli(*command, "--files", *CHANGED, "--pipelines", str(PIPELINES),
                         "--durations", str(bad))
        assert result.code == USAGE_EXIT and result.out == ""
        assert result.err.startswith(f"vllmci: error: --durations {bad}: "), result.err
        assert message in result.err and "Traceback" not in result.err
    assert stand_in_agent.calls() == []  # nothing uploaded, nothing annotated


def test_the_plain_and_the_full_forms_are_read_alike(tmp_path: Path) -> None:
    from vllmci.catalog.durations import load

    plain = tmp_path / "plain.json"
    plain.write_text('{"lora": 12.5}')
    assert load(plain, "x") == Durations(minutes={"lora": 12.5}, source="x")
    full = load(DURATIONS, "y")
    assert full.build_minutes["lora"] == 85.5 and full.minutes["lora"] == 22.0
    assert full.files["kernels"] == {"kernels/test_a.py": 300.0, "kernels/test_b.py": 200.0}


def test_check_warns_about_a_step_sharded_by_time_whose_commands_never_shard(
        run_cli: Run) -> None:
    """`evals` may run up to 4 shards (ByTime max) but `bash run-evals.sh` never reads
    its shard index; `lora` and `models` do, `lora-tp` runs one job."""
    result = run_cli("check", "--pipelines", str(PIPELINES), "--format", "json")
    assert result.code in (0, 1), result.err
    found = [f for f in json.loads(result.out)["findings"] if f["code"] == "unsharded-commands"]
    assert {f["key"] for f in found} == {"evals"}
    assert "it runs up to 4 shards" in found[0]["message"]


def test_history_prices_a_step_sized_by_time_as_the_plan_does(run_cli: Run,
                                                              tmp_path: Path) -> None:
    """lora (ByTime 20 min, max 8) measured 85.5 min of work a build: 5 shards of 17.1
    min. history's GPU-hours per run are that work, not parallelism x per-job minutes."""
    changes = tmp_path / "changes.jsonl"
    changes.write_text(json.dumps({"sha": "a" * 40, "changes": ["vllm/lora/x.py"]}) + "\n")
    result = run_cli("history", "--changes", str(changes), "--pipelines", str(PIPELINES),
                     "--durations", str(DURATIONS), "--format", "json")
    assert result.code == 0, result.err
    lora = {s["key"]: s for s in json.loads(result.out)["steps"]}["lora"]
    assert lora["gpu_hours_per_run"] == pytest.approx(85.5 / 60)
    assert lora["basis"] == "measured"
    planned = plan(run_cli, "--durations", str(DURATIONS))
    assert by_key(planned)["lora"]["parallelism"] == 5


def test_the_annotation_says_how_each_running_step_sized_by_time_was_sized(
        run_cli: Run, stand_in_agent: StandInAgent) -> None:
    for extra, lora in ((("--durations", str(DURATIONS)), "`lora`: 5 shard(s), measured: "),
                        ((), "`lora`: 4 shard(s), declared: ")):
        result = run_cli("upload", "--files", *CHANGED, "--pipelines", str(PIPELINES), *extra)
        assert result.code == 0, result.err
        body = stand_in_agent.annotations()[-1].stdin
        assert "Shards sized by time:" in body and lora in body
        assert "`kernels`" not in body.split("Shards sized by time:")[1].split("\n\n")[1]
