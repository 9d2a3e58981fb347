"""`vllmci check`'s narrowing suggestions (`broad-entry`): the broad entries
`vllmci history --suggest` would narrow, each with the replayed savings when past
changes are given (docs/check.md), the same figures as history's."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Result
from frozen import vllm_definitions
from gitrepo import GitRepo, isolate_git
from test_check import VLLM_TREE, check, findings, write_defs, write_tree

from vllmci.catalog.load import load_catalog
from vllmci.checks.narrowing import HINT
from vllmci.checks.repository import file_tree
from vllmci.errors import USAGE_EXIT
from vllmci.history import source, suggest
from vllmci.history.replay import build_context, replay

VLLM_PRS = Path(__file__).parent / "fixtures" / "vllm" / "commits.jsonl"
Run = Callable[..., Result]


def cli(root: Path, *argv: str) -> tuple[int, Any]:
    """`vllmci ARGV --format json` in `root`, in this process: exit code and document."""
    from vllmci.cli import main

    out = io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(out):
        code = main([*argv, "--format", "json"])
    return code, json.loads(out.getvalue())


def broad(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """(step, entry) -> its broad-entry finding."""
    return {(f["key"], f["narrowing"]["entry"]): f for f in findings(document, "broad-entry")}


# --- vLLM's definitions at 0a21947d (frozen), its tree and 300 PRs --------------------------


SAMPLE = 100
"""The default run replays vLLM's first 100 PRs (the same comparisons on fewer PRs);
`test_the_figures_docs_check_md_cites` (`pytest -m slow`) replays all 300."""


def _run_both(root: Path, defs: Path, changes: Path) -> dict[str, Any]:
    """`check` without and with `--changes`, and `history --suggest`, on the same input."""
    common = ("--pipelines", str(defs), "--tree", str(VLLM_TREE))
    return {"root": root, "defs": defs, "changes": changes, "bare": cli(root, "check", *common),
            "replayed": cli(root, "check", *common, "--changes", str(changes)),
            "history": cli(root, "history", *common, "--changes", str(changes), "--suggest")}


@pytest.fixture(scope="module")
def vllm(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("narrowing")
    sample = root / "sample.jsonl"
    sample.write_text("".join(VLLM_PRS.read_text().splitlines(keepends=True)[:SAMPLE]))
    return _run_both(root, vllm_definitions(root / "pipelines"), sample)


def test_history_suggestions_are_check_findings_with_the_same_savings(
        vllm: dict[str, Any]) -> None:
    code, document = vllm["replayed"]
    assert code == 0 and document["summary"]["errors"] == 0
    history = vllm["history"][1]
    found = broad(document)
    assert history["suggestions"] and history["changes_replayed"] == SAMPLE
    for item in history["suggestions"]:
        narrowing = found[item["key"], item["entry"]]["narrowing"]
        assert (narrowing["replacement"], narrowing["tests"]) == (item["replacement"],
                                                                  item["tests"])
        assert narrowing["savings"] == {
            "changes_replayed": history["changes_replayed"],
            **{k: item[k] for k in ("gpu_hours_saved", "changes_dropped", "basis", "steps")}}
    top = max(history["suggestions"], key=lambda s: s["gpu_hours_saved"])
    finding = found[top["key"], top["entry"]]
    assert finding["level"] == "suggestion"
    assert (f"replayed on {SAMPLE} past changes, it no longer runs on "
            f"{top['changes_dropped']} of them, {top['gpu_hours_saved']:.1f} GPU-h saved "
            "(timeout bound") in finding["message"]
    assert len(found) == 22  # docs/check.md: one per broad entry, whatever the changes


@pytest.mark.slow
def test_the_figures_docs_check_md_cites(tmp_path: Path) -> None:
    """The 300 PRs of tests/fixtures/vllm on the frozen definitions, as docs/check.md says."""
    run = _run_both(tmp_path, vllm_definitions(tmp_path / "pipelines"), VLLM_PRS)
    found = broad(run["replayed"][1])
    top = max(run["history"][1]["suggestions"], key=lambda s: s["gpu_hours_saved"])
    assert (top["key"], top["changes_dropped"], round(top["gpu_hours_saved"], 1)) == (
        "language-models-tests-hybrid", 158, 658.3)
    message = found[top["key"], top["entry"]]["message"]
    assert "replayed on 300 past changes, it no longer runs on 158 of them, 658.3 GPU-h" in (
        message)
    assert message.endswith("(timeout bound; its 1 AMD mirror(s) included)")


def test_a_suggestion_history_leaves_out_has_the_figure_of_its_what_if(
        vllm: dict[str, Any]) -> None:
    """kernels-root-misc-test-b200 (not in history's top five): narrowed by hand in a
    copy, `history --what-if` replays every change again and saves the same."""
    finding = broad(vllm["replayed"][1])["kernels-root-misc-test-b200", "vllm/"]
    narrowing = finding["narrowing"]
    assert (narrowing["replacement"], narrowing["tests"]) == ("vllm/kernels", "tests/kernels")
    root, defs = vllm["root"], vllm["defs"]
    other = root / "narrowed"
    shutil.copytree(defs, other, ignore=shutil.ignore_patterns("__pycache__"))
    module = other / Path(finding["file"]).relative_to("pipelines")
    lines = module.read_text().splitlines(keepends=True)
    assert lines[finding["line"] - 1].count('"vllm/"') == 1
    lines[finding["line"] - 1] = lines[finding["line"] - 1].replace('"vllm/"', '"vllm/kernels"')
    module.write_text("".join(lines))
    code, whatif = cli(root, "history", "--changes", str(vllm["changes"]), "--pipelines", str(defs),
                       "--what-if", str(other))
    assert code == 0
    steps = {"kernels-root-misc-test-b200", "amd-kernels-root-misc-test-b200"}
    assert {s["key"] for s in whatif["steps"]} <= steps
    savings = narrowing["savings"]
    assert savings["gpu_hours_saved"] == pytest.approx(whatif["gpu_hours_saved"])
    assert savings["gpu_hours_saved"] > 0
    assert savings["changes_dropped"] == max(len(s["no_longer_runs"]) for s in whatif["steps"])


def test_without_past_changes_the_same_suggestions_without_a_figure(
        vllm: dict[str, Any]) -> None:
    code, document = vllm["bare"]
    assert code == 0
    found = broad(document)
    assert set(found) == set(broad(vllm["replayed"][1]))
    assert len(found) == document["summary"]["suggestions"] == document["summary"][
        "by_code"]["broad-entry"]
    for finding in found.values():
        assert finding["level"] == "suggestion" and finding["narrowing"]["savings"] is None
        assert finding["message"].endswith(f"({HINT})")
        assert finding["file"].startswith("pipelines/") and finding["line"]
    assert found["language-models-tests-hybrid", "vllm/"]["message"] == (
        "dependency entry 'vllm/' starts it on any change below vllm/, but its tests live in "
        "tests/models/language/generation: 'vllm/models' would do "
        "(pass --changes FILE or --range REVS to see the savings)")


# --- a small definition: only a suggestion --------------------------------------------------

LORA = """
    G = Group(name="G", steps=[
        Step(key="lora", label="LoRA", paths=["vllm/", "tests/lora"], timeout=30,
             working_dir="/vllm-workspace/tests", commands=["pytest -v -s lora"]),
    ])
"""
FILES = ("vllm/lora/layers.py", "vllm/engine.py", "tests/lora/test_a.py")


def small(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Definitions, tree and two past changes: one outside vllm/lora, one inside."""
    changes = tmp_path / "changes.jsonl"
    changes.write_text(json.dumps({"sha": "a" * 40, "changes": ["vllm/engine.py"]}) + "\n"
                       + json.dumps({"sha": "b" * 40, "files": ["vllm/lora/layers.py"]}) + "\n")
    return (write_defs(tmp_path / "defs", LORA), write_tree(tmp_path / "tree.txt", *FILES),
            changes)


def test_only_suggestions_is_exit_0(run_cli: Run, tmp_path: Path) -> None:
    defs, tree, changes = small(tmp_path)
    result = run_cli("check", "--pipelines", str(defs), "--tree", str(tree))
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        f"{defs / 'area.py'}:4: suggestion: broad-entry: step 'lora': dependency entry "
        "'vllm/' starts it on any change below vllm/, but its tests live in tests/lora: "
        f"'vllm/lora' would do ({HINT})",
        f"note: checked against 3 files ({tree})",
        "0 error(s), 0 warning(s), 1 suggestion(s) (broad-entry 1)"]
    result = run_cli("check", "--pipelines", str(defs), "--tree", str(tree),
                     "--changes", str(changes))
    assert result.code == 0, result.err
    assert ("'vllm/lora' would do: replayed on 2 past changes, it no longer runs on 1 of "
            "them, 0.5 GPU-h saved (timeout bound)") in result.out


def test_a_git_range_of_the_checkout(run_cli: Run, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """`--range` in `--repo`, whose `git ls-files` is the tree too."""
    isolate_git(monkeypatch, tmp_path / "home")
    defs, _, _ = small(tmp_path)
    repo = GitRepo.init(tmp_path / "repo")
    repo.commit("the tree", {f: "x\n" for f in FILES})
    repo.commit("engine", {"vllm/engine.py": "y\n"})
    repo.commit("lora", {"vllm/lora/layers.py": "y\n"})
    code, document = check(run_cli, defs, "--repo", str(repo.path), "--range", "HEAD~2..HEAD")
    assert code == 0
    [finding] = findings(document, "broad-entry")
    savings = finding["narrowing"]["savings"]
    assert (savings["changes_replayed"], savings["changes_dropped"]) == (2, 1)
    assert savings["gpu_hours_saved"] == pytest.approx(0.5)


def test_measured_durations_give_measured_savings(run_cli: Run, tmp_path: Path) -> None:
    defs, tree, changes = small(tmp_path)
    minutes = tmp_path / "minutes.json"
    minutes.write_text('{"lora": 12}')
    args = ("--pipelines", str(defs), "--tree", str(tree), "--changes", str(changes),
            "--durations", str(minutes))
    code, document = check(run_cli, defs, *args[2:])
    assert code == 0
    [finding] = findings(document, "broad-entry")
    savings = finding["narrowing"]["savings"]
    assert (savings["gpu_hours_saved"], savings["basis"]) == (pytest.approx(0.2), "measured")
    history = json.loads(run_cli("history", *args, "--suggest", "--format", "json").out)
    [item] = history["suggestions"]
    assert savings["gpu_hours_saved"] == item["gpu_hours_saved"]
    assert savings["steps"] == item["steps"]


@pytest.mark.parametrize(("text", "message"), [
    ("not json\n", "--changes {}:1: "),
    ('{"sha": "a", "changes": "vllm/x.py"}\n', '--changes {}:1: "changes" must be a list'),
    ("", "--changes {}: no changes in it"),
])
def test_a_bad_changes_file_is_a_usage_error(run_cli: Run, tmp_path: Path, text: str,
                                             message: str) -> None:
    defs, tree, _ = small(tmp_path)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(text)
    result = run_cli("check", "--pipelines", str(defs), "--tree", str(tree),
                     "--changes", str(bad))
    assert result.code == USAGE_EXIT
    assert result.out == ""
    assert f"vllmci: error: {message.format(bad)}" in result.err


def test_flags_that_need_past_changes(run_cli: Run, tmp_path: Path) -> None:
    defs, tree, changes = small(tmp_path)
    result = run_cli("check", "--pipelines", str(defs), "--tree", str(tree),
                     "--durations", str(tmp_path / "minutes.json"))
    assert result.code == USAGE_EXIT
    assert "--durations prices the replayed savings: pass --changes FILE" in result.err
    result = run_cli("check", "--pipelines", str(defs), "--changes", str(changes),
                     "--range", "HEAD~3..HEAD")
    assert result.code == USAGE_EXIT
    result = run_cli("check", "--pipelines", str(defs), "--repo", str(tmp_path),
                     "--range", "HEAD~3..HEAD")
    assert result.code == USAGE_EXIT
    assert f"--range HEAD~3..HEAD in {tmp_path}" in result.err


# --- candidates that share a replay -------------------------------------------------------

CHAIN = """
    G = Group(name="G", steps=[
        Step(key="a", label="A", paths=["vllm/"], working_dir="/w/tests",
             commands=["pytest a"]),
        Step(key="b", label="B", paths=["vllm/"], depends_on=["a"], working_dir="/w/tests",
             commands=["pytest b"]),
        Step(key="c", label="C", paths=["vllm/"], working_dir="/w/tests",
             commands=["pytest c"]),
    ])
"""


def test_a_shared_replay_gives_what_each_suggestion_alone_gives(tmp_path: Path) -> None:
    """b depends on a (b running starts a): they are replayed apart; c joins a."""
    catalog = load_catalog(write_defs(tmp_path / "defs", CHAIN)).only("test")
    tree = file_tree(write_tree(tmp_path / "tree.txt", "vllm/a/x.py", "vllm/b/x.py",
                                "vllm/c/x.py", "vllm/other.py", "tests/a/test_a.py",
                                "tests/b/test_b.py", "tests/c/test_c.py"))
    found = tuple(suggest.every_candidate(catalog, tree))
    assert [(c.key, c.replacement) for c in found] == [("a", "vllm/a"), ("b", "vllm/b"),
                                                       ("c", "vllm/c")]
    assert [[c.key for c in b] for b in suggest.batches(catalog, found)] == [["a", "c"], ["b"]]
    files = (["vllm/other.py"], ["vllm/b/x.py"], ["vllm/a/x.py", "vllm/c/x.py"])
    changes = [source.Change(f"{n:x}" * 40, f) for n, f in enumerate(files, 10)]
    result = replay(catalog, changes, build_context())
    together = {s.key: s for s in suggest.replayed(result, found)}
    for candidate in found:
        [alone] = suggest.replayed(result, [candidate])
        assert together[candidate.key] == alone
    # b's runs start a: narrowed alone, a still runs wherever b does (with b narrowed
    # in the same replay, a would stop on the first change)
    assert together["a"].effects == ()
    assert [len(together[k].effects[0].dropped) for k in "bc"] == [2, 2]
