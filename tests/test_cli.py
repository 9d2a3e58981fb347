"""The command line: formats, the JSON contract, exit codes, and messages without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Result
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from vllmci import cli
from vllmci.catalog.load import load_catalog
from vllmci.errors import CHECK_FAILED_EXIT, USAGE_EXIT

MINI = Path(__file__).parent / "fixtures" / "mini"
PIPELINES = ("--pipelines", str(MINI))
LORA_FILE = "vllm/lora/layers.py"
CONTRACT = {"pipeline", "base", "head", "changed_files", "run_all", "fallback_reason",
            "docs_only", "steps"}
STEP_CONTRACT = {"key", "label", "decision", "reasons", "queue", "parallelism"}
HARDWARE = """
from vllmci.define import Device, Inventory
INVENTORY = Inventory(devices=[Device("l4", {1: "gpu_1_queue", 4: "gpu_4_queue"}),
                               Device("h100", {8: "h100_queue"})], default="l4")
"""
Run = Callable[..., Result]


class BuildkiteJSON(SingleFileSnapshotExtension):
    """Snapshot the exact text `plan --format buildkite` prints, as a readable .json file."""

    _write_mode = WriteMode.TEXT
    file_extension = "json"


def plan(run_cli: Run, *files: str, fmt: str = "json", **kw: Any) -> Result:
    result = run_cli("plan", "--files", *files, *PIPELINES, "--format", fmt, **kw)
    assert "Traceback" not in result.err
    return result


def plan_json(run_cli: Run, *files: str) -> dict[str, Any]:
    result = plan(run_cli, *files)
    assert result.code == 0, result.err
    return json.loads(result.out)


def decisions(document: dict[str, Any]) -> dict[str, str]:
    return {s["key"]: s["decision"] for s in document["steps"]}


def emitted_steps(text: str) -> Iterator[dict[str, Any]]:
    """Every step of every document `--format buildkite` printed."""
    decoder, at = json.JSONDecoder(), 0
    while at < len(text):
        document, at = decoder.raw_decode(text, at)
        while at < len(text) and text[at].isspace():
            at += 1
        for step in document["steps"]:
            yield step
            yield from step.get("steps", [])


def write_defs(root: Path, steps: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "hardware.py").write_text(textwrap.dedent(HARDWARE))
    (root / "area.py").write_text("from vllmci.define import Group, Step\n"
                                  + textwrap.dedent(steps))
    return root


# --- the three formats -------------------------------------------------------------------


def test_text_format_shows_what_runs_by_hardware_with_reasons(run_cli: Run) -> None:
    result = plan(run_cli, LORA_FILE, fmt="text")
    assert result.code == 0
    lines = result.out.splitlines()
    heading = "l4 · queue gpu_1_queue · 1 step · vllm/lora/layers.py ← vllm/lora"
    assert lines[lines.index(heading) + 1] == "    lora ×4"
    waiting = lines[lines.index(next(x for x in lines if "wait for a click" in x)) + 1:]
    assert any(x.split() == ["h100", "·", "queue", "h100_queue", "1"] for x in waiting)
    counts = Counter(decisions(plan_json(run_cli, LORA_FILE)).values())
    summary = f"{counts['run']} run · {counts['block']} blocked · {counts['skip']} skipped"
    last = result.out.rstrip().splitlines()[-1]
    assert last.startswith(summary + " · ")
    assert last.endswith("GPU-h of 30 (timeout bound)")


def test_json_format_keeps_the_contract(run_cli: Run) -> None:
    document = plan_json(run_cli, LORA_FILE)
    assert set(document) >= CONTRACT
    assert document["pipeline"] == "test"
    assert document["changed_files"] == [LORA_FILE]
    assert document["run_all"] is False
    assert document["fallback_reason"] is None
    assert document["docs_only"] is False
    for step in document["steps"]:
        assert set(step) >= STEP_CONTRACT
        assert step["decision"] in ("run", "block", "skip")
        assert step["reasons"] and all(isinstance(r, str) for r in step["reasons"])
        assert isinstance(step["parallelism"], int)
    lora = next(s for s in document["steps"] if s["key"] == "lora")
    assert (lora["label"], lora["queue"], lora["parallelism"]) == ("LoRA %N", "gpu_1_queue", 4)


@pytest.mark.parametrize("files", [
    [LORA_FILE], ["README.txt"], ["setup.py"], ["docs/index.md"], ["csrc/cpu/x.cpp"],
], ids=["lora", "unrelated", "run-all", "docs-only", "run-all-excluded"])
def test_every_defined_step_appears_once_in_json(run_cli: Run, files: list[str]) -> None:
    keys = [s["key"] for s in plan_json(run_cli, *files)["steps"]]
    catalog = load_catalog(MINI)
    assert catalog.pipelines() == ("test",)
    assert sorted(keys) == sorted(e.key for e in catalog.entries)
    assert len(keys) == len(set(keys))


def test_buildkite_format_blocks_what_does_not_run(run_cli: Run) -> None:
    plan_ = plan_json(run_cli, LORA_FILE)
    result = plan(run_cli, LORA_FILE, fmt="buildkite")
    assert result.code == 0
    steps = {s.get("key"): s for s in emitted_steps(result.out)}
    labels = {s["key"]: s["label"] for s in plan_["steps"]}
    for key, decision in decisions(plan_).items():
        if decision == "block":
            assert steps[f"block-{key}"]["block"] == f"Run {labels[key]}"
            assert f"block-{key}" in steps[key]["depends_on"]
        elif decision == "run":
            assert f"block-{key}" not in steps
            assert key in steps
        else:
            assert key not in steps and f"block-{key}" not in steps


def test_buildkite_format_escapes_run_time_variables(run_cli: Run) -> None:
    out = plan(run_cli, LORA_FILE, fmt="buildkite").out
    (lora,) = [s for s in emitted_steps(out) if s.get("key") == "lora"]
    command = " ".join(lora["commands"])
    assert "--shard-id=$$BUILDKITE_PARALLEL_JOB " in command
    assert "--num-shards=$$BUILDKITE_PARALLEL_JOB_COUNT" in command
    assert lora["parallelism"] == 4
    assert "$BUILDKITE" not in out.replace("$$BUILDKITE", "")


def test_buildkite_format_snapshot(run_cli: Run, snapshot: SnapshotAssertion) -> None:
    result = plan(run_cli, LORA_FILE, "tests/lora/test_layers.py", fmt="buildkite")
    assert result.code == 0
    assert result.out == snapshot(extension_class=BuildkiteJSON)


# --- where the changed files come from -----------------------------------------------------


def test_files_from_stdin(run_cli: Run) -> None:
    listed = run_cli("plan", "--files-from", "-", *PIPELINES, "--format", "json",
                     stdin=f"\n{LORA_FILE}\n  \nREADME.txt\n")
    assert listed.code == 0, listed.err
    document = json.loads(listed.out)
    assert document["changed_files"] == ["README.txt", LORA_FILE]
    assert decisions(document) == decisions(plan_json(run_cli, LORA_FILE, "README.txt"))


def test_files_from_a_file(run_cli: Run, tmp_path: Path) -> None:
    listing = tmp_path / "changed.txt"
    listing.write_text(f"{LORA_FILE}\n")
    result = run_cli("plan", "--files-from", str(listing), *PIPELINES, "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["changed_files"] == [LORA_FILE]


def test_docs_only_change_has_no_pipeline(run_cli: Run) -> None:
    files = ("docs/index.md", "README.md", "mkdocs.yaml")
    assert plan(run_cli, *files, fmt="buildkite").out == ""
    document = plan_json(run_cli, *files)
    assert document["docs_only"] is True
    assert set(decisions(document).values()) == {"skip"}
    assert "docs-only" in plan(run_cli, *files, fmt="text").out


def test_docs_only_disable_builds_the_pipeline(run_cli: Run,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCS_ONLY_DISABLE", "1")
    result = plan(run_cli, "docs/index.md", fmt="buildkite")
    assert any(s.get("key") == "image-build" for s in emitted_steps(result.out))


def test_a_fallback_runs_everything_and_says_why(run_cli: Run, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUILDKITE", "true")
    monkeypatch.setenv("BUILDKITE_BRANCH", "feature")
    result = run_cli("plan", "--repo", str(tmp_path), *PIPELINES, "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert document["run_all"] is True
    assert "not a git repository" in document["fallback_reason"]
    assert decisions(document)["lora"] == "run"
    assert "WARNING: running every step" in result.err


def test_only_step_keys_keep_those_and_their_dependencies(
        run_cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VLLM_CI_ONLY_STEP_KEYS", '["kernels-slow"]')
    document = plan_json(run_cli, "README.txt")
    running = {k for k, d in decisions(document).items() if d == "run"}
    assert running == {"kernels-slow", "kernels-helper", "image-build"}


# --- check -------------------------------------------------------------------------------


def test_check_passes_on_good_definitions(run_cli: Run) -> None:
    result = run_cli("check", *PIPELINES)
    assert result.code == 0, result.err
    assert "0 error(s)" in result.out


def test_check_fails_when_a_built_pipeline_is_invalid(
        run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    defs = write_defs(tmp_path / "defs", """
        G = Group(name="G", steps=[Step(key="a", label="A", paths=["a"], commands=["x"])])
    """)
    monkeypatch.setattr("vllmci.emit.build.BLOCK_PREFIX", "")  # blocks now clash with their steps
    result = run_cli("check", "--pipelines", str(defs))
    assert result.code == CHECK_FAILED_EXIT
    assert "duplicate key 'a'" in result.out + result.err
    assert "Traceback" not in result.err


def test_key_that_would_clash_with_a_block_step_is_a_definition_error(
        run_cli: Run, tmp_path: Path) -> None:
    defs = write_defs(tmp_path / "defs", """
        G = Group(name="G", steps=[Step(key="a", label="A", paths=["a"], commands=["x"]),
                                   Step(key="block-a", label="B", commands=["y"])])
    """)
    result = run_cli("check", "--pipelines", str(defs))
    assert result.code == CHECK_FAILED_EXIT  # check reports definition errors as findings
    assert "must not start with 'block-'" in result.out


# --- usage and definition errors: exit 2, a message, never a traceback ----------------------


USAGE = [
    ("unknown-flag", ["plan", "--bogus"], "unrecognized arguments: --bogus"),
    ("no-command", [], "required: command"),
    ("files-and-diff", ["plan", "--files", "a", "--diff", "main"], "not allowed with"),
    ("bad-format", ["plan", "--format", "yaml"], "invalid choice: 'yaml'"),
    ("bad-pipeline", ["plan", "--files", "a", *PIPELINES, "--pipeline", "nightly"],
     "--pipeline nightly: no such pipeline in the definitions (defined: test)"),
    ("missing-pipelines-dir", ["plan", "--files", "a", "--pipelines", "/nonexistent/defs"],
     "--pipelines /nonexistent/defs: no such directory"),
    ("absolute-file", ["plan", "--files", "/etc/passwd", *PIPELINES], "absolute"),
    ("missing-files-from", ["plan", "--files-from", "/nonexistent/list", *PIPELINES],
     "/nonexistent/list"),
]


@pytest.mark.parametrize(("argv", "message"), [c[1:] for c in USAGE], ids=[c[0] for c in USAGE])
def test_usage_errors_exit_2(run_cli: Run, argv: list[str], message: str) -> None:
    result = run_cli(*argv)
    assert result.code == USAGE_EXIT
    assert message in result.err
    assert "Traceback" not in result.err
    assert result.out == ""


def test_help_exits_0(run_cli: Run) -> None:
    result = run_cli("plan", "--help")
    assert result.code == 0
    assert "--files-from" in result.out


COMMAND_LINES = [
    ["plan", "--diff", "origin/main", "--format", "json"],
    ["upload", "--dry-run", "--files", "a.py", "b.py", "--pipeline", "amd"],
    ["check", "--format", "json", "--changes", "prs.jsonl"],
    ["review", "--against", "main"],
    ["devices", "--format", "json"],
    ["import-yaml", "src", "out", "--write"],
    ["history", "--range", "a..b", "--suggest"],
    ["durations", "-o", "d.json", "--from-buildkite", "build.json"],
]


@pytest.mark.parametrize("argv", COMMAND_LINES, ids=[a[0] for a in COMMAND_LINES])
def test_a_command_parses_alike_with_only_its_own_flags(argv: list[str]) -> None:
    """`main` adds only the named command's flags (the others cost start-up time)."""
    assert cli._command_of(argv) == argv[0]
    assert cli.make_parser(argv[0]).parse_args(argv) == cli.make_parser().parse_args(argv)


def test_without_a_known_command_every_flag_is_added() -> None:
    assert cli._command_of(["--version"]) is None
    assert cli._command_of(["plna", "--files", "x"]) is None
    assert cli._command_of(["--help", "history"]) == "history"
    for command in cli.PARSERS:
        with pytest.raises(SystemExit):  # each command's own required arguments
            cli.make_parser(None).parse_args([command, "--no-such-flag"])


DEFINITION_ERRORS = [
    ("unknown-device",
     'G = Group(name="G", steps=[Step(key="a", label="A", device="h10", commands=["x"])])',
     ["'a'", "field 'device'", "unknown device 'h10'", "did you mean 'h100'"]),
    ("unknown-field",
     'G = Group(name="G", steps=[Step(key="a", label="A", comands=["x"])])',
     ["'a'", "field 'comands'", "did you mean 'commands'"]),
    ("duplicate-key",
     'G = Group(name="G", steps=[Step(key="a", label="A", commands=["x"]),\n'
     '                          Step(key="a", label="B", commands=["y"])])',
     ["'a'", "field 'key'", "duplicate key"]),
    ("unknown-depends-on",
     'G = Group(name="G", steps=[Step(key="a", label="A", depends_on=["imge"], commands=["x"]),'
     '\n                          Step(key="image", label="I", commands=["x"])])',
     ["'a'", "field 'depends_on'", "unknown step key 'imge'", "did you mean 'image'"]),
    ("parallelism-0",
     'G = Group(name="G", steps=[Step(key="a", label="A", parallelism=0, commands=["x"])])',
     ["'a'", "field 'parallelism'", ">= 1"]),
    ("no-commands",
     'G = Group(name="G", steps=[Step(key="a", label="A", commands=[])])',
     ["'a'", "field 'commands'", "at least one"]),
    ("commands-missing",
     'G = Group(name="G", steps=[Step(key="a", label="A")])',
     ["'a'", "field 'commands'", "required"]),
    ("syntax-error", 'G = Group(name="G", steps=[', ["SyntaxError"]),
]


@pytest.mark.parametrize(("steps", "pieces"), [c[1:] for c in DEFINITION_ERRORS],
                         ids=[c[0] for c in DEFINITION_ERRORS])
@pytest.mark.parametrize("command", ["plan", "check"])
def test_definition_errors_name_file_key_and_field(
        run_cli: Run, tmp_path: Path, command: str, steps: str, pieces: list[str]) -> None:
    defs = write_defs(tmp_path / "defs", steps)
    files = ["--files", "a"] if command == "plan" else []
    result = run_cli(command, *files, "--pipelines", str(defs))
    # plan: exit 2, message on stderr; check: findings on stdout, exit 1 (docs/check.md)
    expected, output = ((USAGE_EXIT, result.err) if command == "plan"
                        else (CHECK_FAILED_EXIT, result.out))
    assert result.code == expected
    assert str(defs / "area.py") in output
    for piece in pieces:
        assert piece in output
    assert "Traceback" not in result.err


ENV_ERRORS = [
    ("only-keys-unknown", "VLLM_CI_ONLY_STEP_KEYS", '["lroa"]', ["'lroa'", "did you mean 'lora'"]),
    ("only-keys-bad-json", "VLLM_CI_ONLY_STEP_KEYS", "[lora", ["is not JSON"]),
    ("only-keys-not-a-list", "VLLM_CI_ONLY_STEP_KEYS", '"lora"', ["must be a JSON list"]),
    ("knob-not-boolean", "RUN_ALL", "maybe", ["RUN_ALL='maybe'", "not a boolean"]),
    ("pull-request-not-a-number", "BUILDKITE_PULL_REQUEST", "abc", ["BUILDKITE_PULL_REQUEST"]),
]


@pytest.mark.parametrize(("name", "value", "pieces"), [c[1:] for c in ENV_ERRORS],
                         ids=[c[0] for c in ENV_ERRORS])
def test_bad_environment_is_a_usage_error(run_cli: Run, monkeypatch: pytest.MonkeyPatch,
                                          name: str, value: str, pieces: list[str]) -> None:
    monkeypatch.setenv(name, value)
    result = plan(run_cli, LORA_FILE)
    assert result.code == USAGE_EXIT
    for piece in pieces:
        assert piece in result.err
    assert result.out == ""


# --- the entry point -----------------------------------------------------------------------


def test_python_dash_m_vllmci_runs(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "vllmci", "plan", "--files", LORA_FILE, *PIPELINES,
            "--format", "json"]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path,
                          env=dict(os.environ), timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert decisions(json.loads(done.stdout))["lora"] == "run"


@pytest.mark.parametrize(("argv", "loaded"), [
    (["plan", "--format", "buildkite"], False), (["upload", "--dry-run"], False),
    (["plan", "--format", "text"], True), (["plan", "--format", "json"], True)])
def test_the_reports_load_only_for_the_formats_that_print_them(
        tmp_path: Path, argv: list[str], loaded: bool) -> None:
    code = ("import atexit, sys\n"
            "atexit.register(lambda: sys.stderr.write('reports: %s\\n' % sorted(\n"
            "    m for m in sys.modules if m.startswith('vllmci.report'))))\n"
            f"sys.argv = ['vllmci', *{[*argv, '--files', LORA_FILE, *PIPELINES]!r}]\n"
            "import vllmci.cli\nvllmci.cli.entry()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert ("reports: []" not in done.stderr) == loaded, done.stderr


def _entry(tmp_path: Path, *argv: str, before: str = "") -> subprocess.CompletedProcess[str]:
    """`vllmci.cli.entry()` (what `python -m vllmci` and the `vllmci` script run) in a
    fresh interpreter with buffered output, after the Python code `before`."""
    code = f"import sys, vllmci.cli\n{before}\nsys.argv = ['vllmci', *{list(argv)!r}]\n" \
           "vllmci.cli.entry()\nprint('not reached')"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=120, check=False)


def test_the_process_exits_with_the_commands_status_its_output_whole(
        run_cli: Run, tmp_path: Path) -> None:
    """entry() skips the interpreter's teardown: the exit status is the command's, the
    exit functions run (a fork build's scratch copy goes), and all output arrives."""
    done = _entry(tmp_path, "plan", "--files", LORA_FILE, *PIPELINES, "--format", "buildkite",
                  before="import atexit; atexit.register(print, 'exit functions ran')")
    assert done.returncode == 0, done.stderr
    piped, _, tail = done.stdout.rpartition("exit functions ran\n")
    assert tail == "" and "not reached" not in done.stdout
    assert piped == run_cli("plan", "--files", LORA_FILE, *PIPELINES,
                            "--format", "buildkite").out
    refused = _entry(tmp_path, "plan", "--files", LORA_FILE, "--pipelines", "/nonexistent")
    assert refused.returncode == USAGE_EXIT and "vllmci: error:" in refused.stderr


def test_output_that_cannot_be_written_is_a_failure_not_a_success(tmp_path: Path) -> None:
    """stdout closed before the flush (as Python itself does: exit 120)."""
    done = _entry(tmp_path, "--version", before="import os; os.close(1)")
    assert done.returncode == 120
