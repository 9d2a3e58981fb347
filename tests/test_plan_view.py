"""The plan tells the truth and reads well: it validates as upload does, shows the
queue Buildkite gets, labels its cost figures, plans a local change as the pull
request about to be opened; the text fits the terminal and never cuts a key; and
what it can do is found without reading the source (`--version`, `devices`, help)."""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Result, StandInAgent
from gitrepo import GitRepo, isolate_git

from vllmci.catalog.load import load_catalog
from vllmci.cli import KNOBS, make_parser
from vllmci.context import ONLY_KEYS_EXAMPLE
from vllmci.errors import USAGE_EXIT
from vllmci.review.compare import fields_of
from vllmci.stages import Request, load

ROOT = Path(__file__).parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini"
TREE = (Path(__file__).parent / "fixtures" / "vllm" / "tree.txt").read_text().split()
QUICK_START = "vllm/lora/layers/base.py"
PIPELINES = ("--pipelines", str(MINI))
Run = Callable[..., Result]
HARDWARE = """
from vllmci.define import Device, Inventory
INVENTORY = Inventory(devices=[Device("l4", {1: "gpu_1_queue", 4: "gpu_4_queue"})],
                      default="l4")
"""


def definitions(root: Path, body: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "hardware.py").write_text(textwrap.dedent(HARDWARE))
    (root / "area.py").write_text("from vllmci.define import Gate, Group, Step\n"
                                  + textwrap.dedent(body))
    return root


# --- 2. the plan says what upload will do --------------------------------------------------

REFUSED = {
    "literal-secret": ('env={"HF_TOKEN": "hf_abcdefghijklmnopqrstuvwxyzABCDEF12"}',
                       "env HF_TOKEN has a literal value"),
    "600-jobs": ("parallelism=600", "600 jobs exceed Buildkite's 500 per upload"),
}


@pytest.mark.parametrize(("field", "message"), REFUSED.values(), ids=REFUSED)
def test_plan_refuses_what_upload_refuses(run_cli: Run, tmp_path: Path,
                                          stand_in_agent: StandInAgent, field: str,
                                          message: str) -> None:
    defs = definitions(tmp_path / "defs", f"""
        G = Group(name="G", steps=[Step(key="a", label="A", paths=["a"], commands=["x"],
                                        {field})])
    """)
    upload = run_cli("upload", "--files", "a", "--pipelines", str(defs))
    assert upload.code == USAGE_EXIT and message in upload.err
    for fmt in ("text", "json", "buildkite"):
        planned = run_cli("plan", "--files", "a", "--pipelines", str(defs), "--format", fmt)
        assert (planned.code, planned.err, planned.out) == (USAGE_EXIT, upload.err, "")
    assert stand_in_agent.uploads() == []


def test_an_agents_queue_override_is_the_queue_everywhere(run_cli: Run, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    defs = definitions(tmp_path / "defs", """
        G = Group(name="G", steps=[Step(key="a", label="A", paths=["a"], commands=["x"],
                                        agents={"queue": "special-pool"})])
    """)
    args = ("--files", "a", "--pipelines", str(defs))
    emitted = json.loads(run_cli("plan", *args, "--step", "a").out)
    assert emitted[0]["agents"]["queue"] == "special-pool"
    assert "l4 · queue special-pool · 1 step" in run_cli("plan", *args).out
    assert "gpu_1_queue" not in run_cli("plan", *args).out
    assert "  queue        special-pool" in run_cli("plan", *args, "--explain", "a").out
    story = json.loads(run_cli("plan", *args, "--explain", "a", "--format", "json").out)
    assert story["queue"] == "special-pool"
    assert json.loads(run_cli("plan", *args, "--format", "json").out)["steps"][0]["queue"] == \
        "special-pool"
    catalog = load_catalog(defs)
    assert fields_of(catalog, catalog.by_key["a"])["queue"] == "special-pool"  # review


def test_durations_label_each_figure_measured_or_timeout_bound(run_cli: Run,
                                                               tmp_path: Path) -> None:
    durations = tmp_path / "minutes.json"
    durations.write_text(json.dumps({"lora": 10}))
    out = run_cli("plan", "--files", "vllm/lora/layers.py", *PIPELINES, "--durations",
                  str(durations)).out
    heading = next(line for line in out.splitlines() if line.startswith("GPU-hours"))
    assert "measured" not in heading.replace("m: measured", "")
    assert heading.endswith("(m: measured, t: timeout bound, m+t: both):")
    figures = out.splitlines()[out.splitlines().index(heading) + 1]
    assert "l4 14.7m+t/23.7m+t" not in figures  # lora (measured) and lora-tp (bound) share l4
    assert re.search(r"l4 \d+\.\dm\+t/\d+\.\dm\+t", figures)
    assert re.search(r"mi300_1 \d+\.\dt/\d+\.\dt", figures)
    # lora measured; lora-tp and amd-lora by their timeouts (the CPU steps cost no GPU-h)
    assert out.rstrip().endswith("(1 of 3 steps measured, the rest timeout bound)")
    every = tmp_path / "all.json"
    every.write_text(json.dumps({k: 5 for k in load_catalog(MINI).by_key}))
    out = run_cli("plan", "--files", "vllm/lora/layers.py", *PIPELINES, "--durations",
                  str(every)).out
    assert "GPU-hours by device, this plan / everything (measured):" in out
    assert out.rstrip().endswith("(measured durations)")


def test_explain_as_json_and_for_a_gate(run_cli: Run, tmp_path: Path) -> None:
    defs = definitions(tmp_path / "defs", """
        G = Group(name="G", steps=[
            Gate(key="release", label="Release it", prompt="Sure?"),
            Step(key="a", label="A", paths=["a"], commands=["x"], depends_on=["release"]),
        ])
    """)
    args = ("--files", "a", "--pipelines", str(defs), "--explain")
    story = json.loads(run_cli("plan", *args, "a", "--format", "json").out)
    assert (story["key"], story["kind"], story["decision"]) == ("a", "step", "run")
    assert story["entries"] == [{"entry": "a", "matched": True}]
    gate = run_cli("plan", *args, "release")
    assert gate.code == 0
    assert gate.out.startswith("release: Release it (a gate: the build waits here for a click)")
    assert "  prompt       Sure?" in gate.out and "  then runs    a" in gate.out
    as_json = json.loads(run_cli("plan", *args, "release", "--format", "json").out)
    assert (as_json["kind"], as_json["then"], as_json["decision"]) == ("gate", ["a"], "block")
    for key, message in (("", "--explain needs a step key, e.g. --explain a"),
                         ("   ", "--explain needs a step key"),
                         ("relase", "no such step or gate (did you mean 'release'?)")):
        refused = run_cli("plan", *args, key)
        assert refused.code == USAGE_EXIT and message in refused.err and refused.out == ""
    refused = run_cli("plan", *args, "a", "--format", "buildkite")
    assert refused.code == USAGE_EXIT and "use --step a --format buildkite" in refused.err


def test_a_local_plan_is_the_pull_request_about_to_be_opened(run_cli: Run) -> None:
    def planned(*extra: str) -> tuple[str, dict[str, str]]:
        text = run_cli("plan", "--files", "vllm/lora/layers.py", *PIPELINES, *extra).out
        data = json.loads(run_cli("plan", "--files", "vllm/lora/layers.py", *PIPELINES,
                                  *extra, "--format", "json").out)
        return text, {s["key"]: s["decision"] for s in data["steps"]}

    text, decided = planned()
    assert "planned as a pull request into main (outside Buildkite; change with --build)" \
        in text
    assert decided["pre-commit"] == "run"  # only_in=["pr"]
    text, decided = planned("--build", "branch")
    assert "planned as a build of a branch" in text and decided["pre-commit"] == "skip"
    text, decided = planned("--build", "main")
    assert "planned as a build of main" in text and decided["pre-commit"] == "skip"
    text, decided = planned("--build", "nightly")
    assert "planned as a nightly build of main" in text
    assert set(decided.values()) == {"run", "skip"}  # every step runs, optional ones too
    bad = run_cli("plan", "--files", "a", *PIPELINES, "--build", "tag")
    assert bad.code == USAGE_EXIT and "invalid choice: 'tag'" in bad.err


def test_a_build_is_planned_as_the_build_it_is(run_cli: Run,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUILDKITE", "true")
    monkeypatch.setenv("BUILDKITE_BRANCH", "feature")
    monkeypatch.setenv("MERGE_BASE_COMMIT", "")
    out = run_cli("plan", "--files", "vllm/lora/layers.py", *PIPELINES, "--format",
                  "json").out
    assert {s["key"]: s["decision"] for s in json.loads(out)["steps"]}["pre-commit"] == "skip"
    assert "planned as" not in run_cli("plan", "--files", "a", *PIPELINES).out


def test_the_release_pipeline_is_planned_as_a_branch_build_locally() -> None:
    from vllmci.stages import make_plan

    plan = make_plan(Request(files=("vllm/__init__.py",), pipeline="release"), env={})
    assert (plan.context.planned_as, plan.context.is_pr) == ("branch", False)


def test_noauto_with_run_all_does_not_say_run_everything(run_cli: Run,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    monkeypatch.setenv("NOAUTO", "1")
    monkeypatch.setenv("RUN_ALL", "1")
    out = run_cli("plan", "--files", "vllm/lora/layers.py", *PIPELINES).out
    assert "run everything" not in out
    assert "NOAUTO=1: every step waits for a click" in out
    assert "(RUN_ALL=1 has no effect: NOAUTO=1 decides first)" in out
    assert "No step runs." in out


def test_the_only_step_keys_example_names_keys_that_exist(run_cli: Run,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    keys = json.loads(ONLY_KEYS_EXAMPLE)
    assert set(keys) <= set(load(Request()).by_key)
    monkeypatch.setenv("VLLM_CI_ONLY_STEP_KEYS", "[lora")
    result = run_cli("plan", "--files", "a")
    assert result.code == USAGE_EXIT and ONLY_KEYS_EXAMPLE in result.err


def test_check_from_a_subdirectory_reads_the_whole_checkout(run_cli: Run, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    isolate_git(monkeypatch, tmp_path / "home")
    clean = Path(__file__).parent / "fixtures" / "clean"
    repo = GitRepo.init(tmp_path / "repo")
    repo.commit("tree", {f: "x\n" for f in (clean / "tree.txt").read_text().split()})
    top = run_cli("check", "--pipelines", str(clean), "--repo", str(repo.path))
    monkeypatch.chdir(repo.path / "vllm")
    inside = run_cli("check", "--pipelines", str(clean))
    assert (inside.code, inside.out) == (top.code, top.out) == (0, top.out)
    assert f"(git ls-files in {repo.path})" in inside.out


def test_a_missing_origin_says_so_in_one_line(run_cli: Run, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch, tmp_path / "home")
    repo = GitRepo.init(tmp_path / "repo")
    repo.commit("one", {"vllm/a.py": "x\n"})
    result = run_cli("plan", "--repo", str(repo.path), "--diff", "origin/main", *PIPELINES)
    assert result.code == USAGE_EXIT
    assert result.err == ("vllmci: error: 'origin/main' does not exist and `git fetch origin "
                          "main` cannot run: the repository has no remote named 'origin' "
                          "(`git remote add origin <url>`)\n")


# --- 3. a plan people enjoy reading --------------------------------------------------------


@pytest.fixture
def quick_start(run_cli: Run, monkeypatch: pytest.MonkeyPatch) -> Result:
    """The README's Quick start, in an 80-column terminal."""
    monkeypatch.setenv("COLUMNS", "80")
    return run_cli("plan", "--files", QUICK_START)


def test_the_quick_start_fits_80_columns_in_100_lines(quick_start: Result) -> None:
    assert QUICK_START in TREE
    assert quick_start.code == 0, quick_start.err
    lines = quick_start.out.splitlines()
    assert len(lines) <= 100
    assert max(map(len, lines)) <= 80  # no row the terminal wraps
    assert lines[0] == f"test pipeline · 1 changed file: {QUICK_START}"


def test_the_quick_start_names_every_running_step_by_its_whole_key(quick_start: Result) -> None:
    from vllmci.stages import make_plan

    plan = make_plan(Request(files=(QUICK_START,)))
    words = set(quick_start.out.split())
    running = plan.keys("run")
    assert running and set(running) <= words
    assert "…" not in quick_start.out
    assert "pre-commit" in running  # planned as a pull request
    blocked = len(plan.keys("block"))
    assert f"{blocked} step(s) wait for a click" in quick_start.out


def test_all_lists_every_step_with_its_decision(run_cli: Run, monkeypatch: pytest.MonkeyPatch
                                                ) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = run_cli("plan", "--files", QUICK_START, "--all").out
    from vllmci.stages import make_plan

    plan = make_plan(Request(files=(QUICK_START,)))
    rows = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("run", "block", "skip") and line.startswith("  "):
            rows[parts[1]] = parts[0]
    assert rows == {d.key: d.action for d in plan.decisions}
    assert max(len(line) for line in out.splitlines() if len(line.split()) > 2) <= 80


def test_a_docs_only_change_says_so_in_one_line(run_cli: Run) -> None:
    for extra in ((), ("--all",)):
        out = run_cli("plan", "--files", "docs/index.md", "README.md", *PIPELINES, *extra).out
        assert "docs-only change: every step is skipped and no pipeline is uploaded" in out
        assert not any(line.split()[:1] == ["skip"] for line in out.splitlines())
        assert len(out.splitlines()) <= 6


def test_text_is_coloured_only_on_request(run_cli: Run) -> None:
    args = ("plan", "--files", "vllm/lora/layers.py", *PIPELINES)
    assert "\033[" not in run_cli(*args).out  # not a terminal
    assert "\033[32mlora ×4" in run_cli(*args, "--color", "always").out
    explained = run_cli(*args, "--explain", "lora", "--color", "always").out
    assert "\033[32mrun" in explained and "\033[1mlora:" in explained
    assert "\033[" not in run_cli(*args, "--explain", "lora").out


def test_step_prints_one_steps_buildkite_json(run_cli: Run) -> None:
    args = ("plan", "--files", "vllm/lora/layers.py", *PIPELINES)
    (lora,) = json.loads(run_cli(*args, "--step", "lora", "--format", "buildkite").out)
    assert (lora["key"], lora["parallelism"], lora["agents"]) == (
        "lora", 4, {"queue": "gpu_1_queue"})
    block, core = json.loads(run_cli(*args, "--step", "kernels-core").out)
    assert block == {"block": "Run Kernels Core", "key": "block-kernels-core",
                     "depends_on": []}
    assert core["key"] == "kernels-core" and "block-kernels-core" in core["depends_on"]
    everything = run_cli(*args, "--format", "buildkite").out
    assert json.dumps(lora, ensure_ascii=False, indent=2).replace("\n", "\n        ") in \
        everything
    for extra, message in (
            (("--step", "lroa"), "--step lroa: no such step or gate (did you mean 'lora'?)"),
            (("--step", "lora", "--format", "json"), "--step prints Buildkite JSON"),
            (("--step", ""), "--step needs a step key")):
        refused = run_cli(*args, *extra)
        assert refused.code == USAGE_EXIT and message in refused.err and refused.out == ""
    skipped = run_cli("plan", "--files", "docs/a.md", *PIPELINES, "--step", "lora")
    assert skipped.code == USAGE_EXIT and "not part of this build" in skipped.err


# --- 4. found without reading source ---------------------------------------------------------


def test_version(run_cli: Run) -> None:
    import vllmci

    result = run_cli("--version")
    assert (result.code, result.out) == (0, f"vllmci {vllmci.__version__}\n")


def test_devices_lists_the_inventory(run_cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = run_cli("devices")
    assert result.code == 0, result.err
    rows = {line.split()[0]: line for line in result.out.splitlines() if line[:1].strip()}
    assert rows["h100"].split()[1] == "mithril-h100-pool"
    assert rows["h100"].split()[2:5] == ["Kubernetes", "nvidia", "×1-8"]
    assert "main: cpu_queue_postmerge_us_east_1" in result.out  # image-builder on main
    assert max(map(len, result.out.splitlines())) <= 80
    data = json.loads(run_cli("devices", "--format", "json").out)
    h100 = next(d for d in data["devices"] if d["device"] == "h100")
    assert h100["queues"] == [{"queue": "mithril-h100-pool", "min_devices": 1,
                               "max_devices": 8}]
    assert h100["runner"] == "Kubernetes" and h100["steps"] > 0
    mini = json.loads(run_cli("devices", *PIPELINES, "--format", "json").out)
    assert [d["device"] for d in mini["devices"]][:1] == ["l4"]


def test_upload_dry_run_of_a_docs_only_change_says_nothing_is_uploaded(run_cli: Run) -> None:
    result = run_cli("upload", "--dry-run", "--files", "docs/index.md", *PIPELINES)
    assert (result.code, result.out) == (0, "")
    assert result.err == ("vllmci: nothing would be uploaded: a docs-only change (every changed "
                          "file is documentation: under docs/, *.md or mkdocs.yaml); "
                          "DOCS_ONLY_DISABLE=1 runs CI anyway\n")


def _subparsers() -> dict[str, Any]:
    parser = make_parser()
    (action,) = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    return dict(action.choices)


MINE = ("plan", "upload", "check", "review", "devices", "import-yaml")


@pytest.mark.parametrize("command", MINE)
def test_every_option_has_help_text(command: str) -> None:
    for action in _subparsers()[command]._actions:
        assert action.help, f"{command} {action.option_strings or action.dest}"


def test_plan_help_describes_it_and_lists_the_knobs(run_cli: Run) -> None:
    result = run_cli("plan", "--help")
    assert result.code == 0
    assert "It validates the pipeline as upload does" in " ".join(result.out.split())
    epilog = result.out[result.out.index("environment (as a Buildkite build sets it"):]
    for name, what in KNOBS:
        assert name.split("=")[0] in epilog and what.split()[0] in epilog
    for knob in ("RUN_ALL", "NIGHTLY", "NOAUTO", "TORCH_NIGHTLY", "VLLM_CI_ONLY_STEP_KEYS",
                 "DOCS_ONLY_DISABLE", "SKIP_TIMEOUT", "MERGE_BASE_COMMIT"):
        assert knob in epilog


def test_every_flag_and_knob_in_help_is_in_the_docs() -> None:
    docs = "\n".join(p.read_text() for p in (ROOT / "docs").glob("*.md"))
    docs += (ROOT / "README.md").read_text()
    missing = []
    for command in ("plan", "upload", "check", "review", "devices"):
        for action in _subparsers()[command]._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help" and flag not in docs:
                    missing.append(f"{command} {flag}")
    missing += [name for name, _ in KNOBS if name.split("=")[0] not in docs]
    missing += [c for c in _subparsers() if f"vllmci {c}" not in docs]
    assert "--version" in docs
    assert not missing


def test_the_docs_name_the_json_plans_keys_and_exit_codes() -> None:
    from vllmci.report.text import plan_json
    from vllmci.stages import make_plan

    keys = set(plan_json(make_plan(Request(files=(QUICK_START,)))))
    selection = (ROOT / "docs" / "selection.md").read_text()
    for key in keys:
        assert f'"{key}"' in selection, key
    parity = (ROOT / "docs" / "parity.md").read_text()
    assert not re.search(r"`inactive_run_all`", selection + parity)  # the key's old name
    readme = (ROOT / "README.md").read_text()
    assert "3 an internal error, a bug in vllmci" in " ".join(readme.split())
    for path in re.findall(r"--files ((?:vllm|tests)/\S+)", readme):
        assert path in TREE, path
