"""`vllmci history` (replay, what-if, the HTML report) and `vllmci durations`.

Engine tests use the frozen definitions of tests/fixtures/mini and the changes of
tests/fixtures/history/changes.jsonl; the real-data tests replay vLLM's 300 PRs
with the live bundled definitions and compare with `plan` and `select`, never
with hard-coded counts (a maintainer may change the definitions).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import statistics
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import Result
from gitrepo import GitRepo, isolate_git

from vllmci.catalog.load import load_catalog
from vllmci.catalog.model import Catalog
from vllmci.catalog.paths import PathRule
from vllmci.errors import USAGE_EXIT, UsageError
from vllmci.history import source, stats, suggest, whatif
from vllmci.history.replay import RULE, build_context, replay
from vllmci.plan.changes import ChangeSet
from vllmci.plan.select import select
from vllmci.stages import bundled_definitions

HERE = Path(__file__).parent
MINI = HERE / "fixtures" / "mini"
FIXTURES = HERE / "fixtures" / "history"
CHANGES = FIXTURES / "changes.jsonl"
VLLM_PRS = HERE / "fixtures" / "vllm" / "commits.jsonl"
PR_BUILD = {"BUILDKITE": "true", "BUILDKITE_PULL_REQUEST": "1",
            "BUILDKITE_BRANCH": "history-replay", "VLLM_CI_PR_LABELS": ""}
Run = Callable[..., Result]


def sha(n: int) -> str:
    return (f"{n:x}" * 40)[:40]


def history(run_cli: Run, *args: str, fmt: str = "json") -> Any:
    result = run_cli("history", *args, "--format", fmt)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    return json.loads(result.out) if fmt == "json" else result.out


def mini_history(run_cli: Run, *args: str) -> Any:
    return history(run_cli, "--changes", str(CHANGES), "--pipelines", str(MINI), *args)


def steps_of(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["key"]: s for s in document["steps"]}


@pytest.fixture(scope="module")
def mini() -> Catalog:
    return load_catalog(MINI).for_pipeline("test")


@pytest.fixture(scope="module")
def live() -> Catalog:
    return load_catalog(bundled_definitions()).for_pipeline("test")


@pytest.fixture(scope="module")
def vllm_prs() -> tuple[source.Change, ...]:
    return source.read_jsonl(VLLM_PRS)


# --- the changes ---------------------------------------------------------------------------


def test_jsonl_changes_count_both_paths_of_a_rename() -> None:
    changes = source.read_jsonl(CHANGES)
    assert len(changes) == 10
    moved = next(c for c in changes if c.sha == sha(9))
    assert moved.files == ("vllm/lora/old_utils.py", "vllm/utils/lora_utils.py")
    assert moved.subject == "Move a LoRA helper (#9)"


def test_jsonl_changes_accept_files_lists_and_plain_paths(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"sha": "1", "files": ["b", "a"]}\n\n{"sha": "2", "changes": ["c"]}\n')
    assert [(c.sha, c.files) for c in source.read_jsonl(path)] == [("1", ("a", "b")),
                                                                   ("2", ("c",))]


@pytest.mark.parametrize(("text", "message"), [
    ("", "no changes in it"),
    ('{"sha": "1", "changes": []}\nnot json\n', "c.jsonl:2"),
    ('{"changes": []}\n', 'an object with a "sha"'),
    ('{"sha": "1", "changes": [{"status": "M"}]}\n', "changes[].path"),
    ('{"sha": "1"}\n', '"files" must be a list'),
])
def test_bad_jsonl_changes_name_the_file_and_line(tmp_path: Path, text: str,
                                                  message: str) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(text)
    with pytest.raises(UsageError, match=re.escape(f"--changes {path}")) as caught:
        source.read_jsonl(path)
    assert message in str(caught.value)


def test_missing_changes_file_is_a_usage_error(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("history", "--changes", str(tmp_path / "nope.jsonl"))
    assert result.code == USAGE_EXIT
    assert "--changes" in result.err and "Traceback" not in result.err


@pytest.fixture
def _git_isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_git(monkeypatch, tmp_path / "home")


@pytest.mark.usefixtures("_git_isolated")
def test_a_git_range_walks_the_first_parent_each_commit_against_its_parent(
        tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    root = repo.commit("root", {"README.md": "hi\n"})
    lora = repo.commit("lora fix", {"vllm/lora/layers.py": "x\n"})
    repo.git("checkout", "-q", "-b", "topic")
    repo.commit("topic one", {"tests/lora/test_a.py": "a\n"})
    repo.commit("topic two", {"vllm/kernels/a/b.py": "b\n"})
    repo.git("checkout", "-q", "main")
    repo.commit("docs", {"docs/x.md": "d\n"})
    merge = repo.merge("topic", "Merge topic (#3)")
    changes = source.read_range(repo.path, f"{root}..main")
    assert [c.sha for c in changes] == [lora, repo.rev("main~1"), merge]
    assert changes[0].files == ("vllm/lora/layers.py",)
    assert changes[0].subject == "lora fix"
    assert changes[2].files == ("tests/lora/test_a.py", "vllm/kernels/a/b.py")
    whole = source.read_range(repo.path, "main")
    assert whole[0].sha == root and whole[0].files == ("README.md",)


@pytest.mark.usefixtures("_git_isolated")
def test_a_git_range_replays_like_a_file_list(run_cli: Run, tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    root = repo.commit("root", {"README.md": "hi\n"})
    repo.commit("lora", {"vllm/lora/layers.py": "x\n"})
    document = history(run_cli, "--range", f"{root}..HEAD", "--repo", str(repo.path),
                       "--pipelines", str(MINI))
    assert document["changes_replayed"] == 1
    assert steps_of(document)["lora"]["runs"] == 1
    bad = run_cli("history", "--range", "no-such-ref..HEAD", "--repo", str(repo.path))
    assert bad.code == USAGE_EXIT and "--range no-such-ref..HEAD" in bad.err
    empty = run_cli("history", "--range", "HEAD..HEAD", "--repo", str(repo.path))
    assert empty.code == USAGE_EXIT and "no commits" in empty.err


# --- the replay ---------------------------------------------------------------------------


def test_replay_counts_runs_blocks_and_the_entries_responsible(run_cli: Run) -> None:
    steps = steps_of(mini_history(run_cli))
    lora = steps["lora"]
    # 1, 3, 9 (vllm/lora), 2 (tests/lora), 7 (setup.py runs everything); 4 is docs-only.
    assert (lora["runs"], lora["blocked"], lora["skipped"]) == (5, 4, 1)
    entries = {e["entry"]: (e["alone"], e["any"]) for e in lora["entries"]}
    assert entries == {"vllm/lora": (2, 3), "tests/lora": (1, 2),
                       RULE + "run-all setup.py": (1, 1)}
    assert lora["entries"][0]["entry"] == "vllm/lora"  # most changes triggered alone
    assert steps["amd-lora"]["runs"] == 6  # the mirror also runs for vllm/platforms/rocm.py
    assert steps["image-build"]["entries"] == [
        {"entry": RULE + "always runs", "alone": 9, "any": 9}]


def test_replay_costs_are_the_timeout_bound_unless_measured(run_cli: Run,
                                                            tmp_path: Path) -> None:
    lora = steps_of(mini_history(run_cli))["lora"]
    assert lora["basis"] == "timeout bound"
    assert lora["gpu_hours_per_run"] == pytest.approx(4 * 40 / 60)  # 4 shards x 40 min
    assert lora["gpu_hours_per_pr"] == pytest.approx(lora["gpu_hours_per_run"] * 5 / 10)
    durations = tmp_path / "d.json"
    durations.write_text(json.dumps({"durations": {"lora": 15}}))
    measured = steps_of(mini_history(run_cli, "--durations", str(durations)))
    assert measured["lora"]["basis"] == "measured"
    assert measured["lora"]["gpu_hours_per_run"] == pytest.approx(4 * 15 / 60)
    assert measured["lora-tp"]["basis"] == "timeout bound"
    assert measured["image-build"]["basis"] == "no GPU"


def test_devices_per_change_mean_median_and_p90(run_cli: Run) -> None:
    document = mini_history(run_cli)
    per_change = [c["gpu_hours"] for c in document["changes"]]
    total = document["total"]
    assert total["total"] == pytest.approx(sum(per_change))
    assert total["median"] == pytest.approx(sorted(per_change)[4:6][0] / 2
                                            + sorted(per_change)[4:6][1] / 2)
    assert total["p90"] == pytest.approx(sorted(per_change)[8])
    devices = {d["device"]: d for d in document["devices"]}
    assert set(devices) == {"h100", "l4", "mi300_1"}
    assert sum(d["total"] for d in devices.values()) == pytest.approx(total["total"])


def test_percentile_is_nearest_rank() -> None:
    assert stats.percentile([], 0.9) == 0.0
    assert stats.percentile([5.0], 0.9) == 5.0
    assert stats.percentile([float(v) for v in range(1, 11)], 0.9) == 9.0
    assert stats.percentile([float(v) for v in range(1, 101)], 0.9) == 90.0


def test_text_report_names_the_entries_to_narrow_first(run_cli: Run) -> None:
    out = mini_history_text(run_cli, "--top", "3")
    assert out.startswith("History: 10 changes replayed with --pipelines")
    assert "(top 3 of 10; --top 0 for all)" in out
    assert "← vllm/lora" in out and "alone on   3 (30%), matched 3" in out
    narrow = out.split("Entries to narrow first")[1]
    assert narrow.splitlines()[1].split() == ["3.60", "lora-tp", "←", "vllm/lora", "(alone",
                                              "on", "3", "of", "10", "changes)"]
    assert "all devices" in out


def mini_history_text(run_cli: Run, *args: str) -> str:
    return str(history(run_cli, "--changes", str(CHANGES), "--pipelines", str(MINI), *args,
                       fmt="text"))


# --- the real data: 300 vLLM pull requests ---------------------------------------------------


def test_replaying_300_prs_decides_each_once(live: Catalog,
                                             vllm_prs: tuple[source.Change, ...]) -> None:
    """One outcome per PR from one catalog (its speed: bench/history_speed.py)."""
    result = replay(live, vllm_prs, build_context("pr"))
    stats.summarise(result)
    assert len(result.outcomes) == 300


@pytest.mark.slow
def test_history_agrees_with_plan_pr_by_pr(run_cli: Run, monkeypatch: pytest.MonkeyPatch,
                                           vllm_prs: tuple[source.Change, ...]) -> None:
    document = history(run_cli, "--changes", str(VLLM_PRS))
    assert document["changes_replayed"] == len(vllm_prs)
    runs: dict[str, int] = {}
    for change in document["changes"]:
        for key in change["ran"]:
            runs[key] = runs.get(key, 0) + 1
    assert {k: s["runs"] for k, s in steps_of(document).items() if s["runs"]} == runs
    for name, value in PR_BUILD.items():
        monkeypatch.setenv(name, value)
    for change in document["changes"][::20]:  # 15 PRs, through the whole command line
        files = next(c.files for c in vllm_prs if c.sha == change["sha"])
        result = run_cli("plan", "--files", *files, "--format", "json")
        assert result.code == 0, result.err
        planned = [s["key"] for s in json.loads(result.out)["steps"] if s["decision"] == "run"]
        assert sorted(change["ran"]) == sorted(planned), change["sha"]


# --- what-if --------------------------------------------------------------------------------


def narrowed(catalog: Catalog, key: str, old: str, new: tuple[str, ...]) -> Catalog:
    """`catalog` with entry `old` of step `key` replaced by `new` (in memory)."""
    entry = catalog.by_key[key]
    paths = tuple(p for e in entry.step.paths or () for p in ((*new,) if e == old else (e,)))
    step = attrs.evolve(entry.step, paths=paths)
    changed = attrs.evolve(entry, step=step, rule=PathRule.from_entries(paths))
    return attrs.evolve(catalog, entries=tuple(changed if e.key == key else e
                                               for e in catalog.entries))


def most_triggered(catalog: Catalog, result: Any, entry: str = "vllm/") -> str:
    """The GPU step with entry `entry` that ran on the most changes."""
    candidates = [e.key for e in catalog.entries
                  if e.device.gpu and entry in (e.step.paths or ()) and not e.mirror_of]
    return max(candidates, key=lambda k: (sum(o.ran(k) for o in result.outcomes), k))


@pytest.mark.slow
def test_what_if_lists_every_change_a_narrowing_drops(live: Catalog,
                                                      vllm_prs: tuple[source.Change, ...]
                                                      ) -> None:
    ctx = build_context("pr")
    before = replay(live, vllm_prs, ctx)
    key = most_triggered(live, before)
    after_catalog = narrowed(live, key, "vllm/", ("vllm/model_executor/",))
    result = whatif.compare(before, replay(after_catalog, vllm_prs, ctx))
    delta = next(d for d in result.deltas if d.key == key)
    # `before` is select() PR by PR (test_history_agrees_with_plan_pr_by_pr): ask
    # select() again, with the narrowed catalog, where the step ran.
    expected = [c.sha for c, o in zip(vllm_prs, before.outcomes, strict=True) if o.ran(key)
                and select(after_catalog, ChangeSet.from_files(c.files), ctx)
                .decision(key).action != "run"]
    assert expected, f"narrowing vllm/ on {key} drops no PR: pick another narrowing"
    assert [d.sha for d in delta.dropped] == expected
    assert delta.added == ()
    assert all(any(r.endswith("← vllm/") for r in d.reasons) for d in delta.dropped)
    per_run = before.costs[key].gpu_hours
    assert delta.gpu_hours_saved == pytest.approx(len(expected) * per_run)
    assert result.saved == pytest.approx(sum(d.gpu_hours_saved for d in result.deltas))
    assert [d.key for d in result.deltas] == [key]  # nothing else changes


def test_what_if_of_a_definitions_directory_on_the_command_line(run_cli: Run,
                                                                 tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(MINI, other, ignore=shutil.ignore_patterns("__pycache__"))
    edit(other / "areas" / "lora.py", 'paths=["vllm/lora", "!vllm/lora/docs"]',
         'paths=["vllm/lora/tp", "!vllm/lora/docs"]')
    document = mini_history(run_cli, "--what-if", str(other))
    assert document["before"] == f"--pipelines {MINI}"
    (step,) = document["steps"]
    assert (step["key"], step["runs_before"], step["runs_after"]) == ("lora-tp", 4, 1)
    assert [d["sha"] for d in step["no_longer_runs"]] == [sha(1), sha(3), sha(9)]
    assert step["no_longer_runs"][2]["reasons"] == ["vllm/lora/old_utils.py ← vllm/lora"]
    assert step["no_longer_runs"][0]["after"] == "block"
    assert step["gpu_hours_saved"] == pytest.approx(3 * 4 * 180 / 60)
    assert document["gpu_hours_saved"] == pytest.approx(step["gpu_hours_saved"])
    out = mini_history_text(run_cli, "--what-if", str(other))
    assert "lora-tp: ran on 4 -> 1 changes, 36.0 GPU-h saved" in out
    assert f"{sha(9)[:12]} Move a LoRA helper (#9) -> block" in out


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.usefixtures("_git_isolated")
def test_what_if_against_a_git_ref(run_cli: Run, tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    shutil.copytree(MINI, repo.path / "ci", ignore=shutil.ignore_patterns("__pycache__"))
    repo.commit("definitions")
    edit(repo.path / "ci" / "areas" / "lora.py", "parallelism=4", "parallelism=2")
    edit(repo.path / "ci" / "areas" / "kernels.py", '"tests/kernels/helper.py"',
         '"tests/kernels/helper.py", "vllm/lora"')
    document = history(run_cli, "--changes", str(CHANGES), "--repo", str(repo.path),
                       "--pipelines", "ci", "--against", "HEAD")
    assert document["before"] == f"HEAD ({repo.rev('HEAD')[:12]})"
    steps = steps_of(document)
    assert steps["lora"]["no_longer_runs"] == [] and steps["lora"]["runs_after"] == 5
    assert steps["lora"]["gpu_hours_saved"] == pytest.approx(5 * (4 - 2) * 40 / 60)
    helper = steps["kernels-helper"]
    assert helper["newly_runs"] == [sha(1), sha(3), sha(9)]
    assert helper["gpu_hours_saved"] == pytest.approx(-3 * 180 / 60)
    bad = run_cli("history", "--changes", str(CHANGES), "--repo", str(repo.path),
                  "--pipelines", "ci", "--against", "no-such-ref")
    assert bad.code == USAGE_EXIT and "--against no-such-ref" in bad.err


# --- measured durations ------------------------------------------------------------------------

BUILDKITE = FIXTURES / "buildkite"
JUNIT = FIXTURES / "junit"
BUILDS = [str(BUILDKITE / n) for n in ("build-4101.json", "build-4102.json",
                                        "builds-page.json")]


def durations(run_cli: Run, out: Path, *args: str) -> dict[str, Any]:
    result = run_cli("durations", *args, "-o", str(out))
    assert result.code == 0, result.err
    assert f"wrote {out}" in result.err
    return json.loads(out.read_text())


def test_buildkite_builds_merge_into_medians_of_passed_jobs(run_cli: Run,
                                                            tmp_path: Path) -> None:
    document = durations(run_cli, tmp_path / "d.json", "--from-buildkite", *BUILDS)
    # lora's passed shards: 20 22 18 25 | 21 24 (failed) 23 | 19 23 20 24: median 22.
    assert document["durations"] == {"image-build": 13.0, "kernels-core": 31.5, "lora": 22.0,
                                     "lora-tp": 50.0}
    lora = document["steps"]["lora"]
    assert (lora["jobs"], lora["builds"], lora["shards"]) == (11, 3, 4)
    assert lora["build_minutes"] == 85.5  # builds 4101 (85) and 4103 (86): all shards passed
    assert lora["shard_minutes"] == [20.0, 23.0, 19.0, 24.0]
    assert lora["basis"] == "buildkite"
    # failed, timed out, cancelled, soft-failed and unkeyed jobs are not durations
    assert document["sources"] == {"buildkite_builds": 3, "ignored_jobs": 5,
                                   "junit_reports": 0, "failed_files": 0}
    assert "cpu-kernels" not in document["durations"]


def test_junit_reports_give_per_test_file_medians(run_cli: Run, tmp_path: Path) -> None:
    document = durations(run_cli, tmp_path / "d.json", "--from-junit",
                         f"lora@0={JUNIT / 'lora-4101-0.xml'}",
                         f"lora@1={JUNIT / 'lora-4101-1.xml'}",
                         f"lora@0={JUNIT / 'lora-4103-0.xml'}", str(JUNIT / "kernels-core.xml"))
    assert document["files"]["lora"] == {
        "lora/test_layers.py": pytest.approx((240.7 + 230.0) / 2),  # classes folded in
        "lora/test_llama.py": pytest.approx((962.214 + 921.002) / 2),  # skipped case: 0 s
        "lora/test_mixtral.py": 700.25, "lora/test_quant_model.py": 127.15}  # punica failed
    assert document["files"]["kernels-core"] == {  # xunit1 `file`, key from the suite name
        "kernels/core/test_layernorm.py": 910.5, "kernels/core/test_rotary_embedding.py": 800.0}
    lora = document["steps"]["lora"]
    assert lora["basis"] == "junit" and lora["shards"] == 2
    assert lora["minutes"] == pytest.approx((1202.914 + 1151.002) / 2 / 60, abs=0.01)
    assert document["sources"]["failed_files"] == 1


def test_durations_from_both_feed_history(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "d.json"
    document = durations(run_cli, out, "--from-buildkite", *BUILDS, "--from-junit",
                         f"lora={JUNIT / 'lora-4103-0.xml'}")
    assert document["steps"]["lora"]["basis"] == "buildkite"  # wall clock beats test time
    assert set(document["files"]) == {"lora"}
    steps = steps_of(mini_history(run_cli, "--durations", str(out)))
    assert steps["lora"]["basis"] == "measured"
    assert steps["lora"]["gpu_hours_per_run"] == pytest.approx(4 * 22 / 60)


BAD_FILES = [
    ("buildkite", "build.json", '{"jobs": [', "not JSON"),
    ("buildkite", "build.json", '{"number": 7, "state": "passed"}', 'no "jobs" list'),
    ("buildkite", "build.json", "[]", "expected a build object"),
    ("buildkite", "build.json", json.dumps({"jobs": [7]}), "jobs[0] is not an object"),
    ("buildkite", "build.json", json.dumps({"jobs": [
        {"type": "script", "step_key": "lora", "state": "passed",
         "started_at": "2026-08-10T09:00:00Z"}]}), "needs finished_at"),
    ("buildkite", "build.json", json.dumps({"jobs": [
        {"type": "script", "step_key": "lora", "state": "passed",
         "started_at": "yesterday", "finished_at": "2026-08-10T09:00:00Z"}]}),
     "'yesterday' is not an ISO 8601 time"),
    ("buildkite", "build.json", json.dumps({"jobs": [
        {"type": "script", "step_key": "lora", "state": "passed",
         "started_at": "2026-08-10T10:00:00Z", "finished_at": "2026-08-10T09:00:00Z"}]}),
     "finished_at is before started_at"),
    ("buildkite", "build.json", json.dumps({"jobs": [
        {"type": "script", "step_key": "lora", "state": "passed", "parallel_group_index": "1",
         "started_at": "2026-08-10T09:00:00Z", "finished_at": "2026-08-10T09:20:00Z"}]}),
     "parallel_group_index must be a whole number"),
    ("junit", "report.xml", "<testsuites><testsuite name='x'><testcase", "not well-formed XML"),
    ("junit", "report.xml", "<html><body>502 Bad Gateway</body></html>", "not a JUnit report"),
    ("junit", "report.xml", "<testsuite name='lora'><testcase classname='lora.test_a' "
     "name='t' time='fast'/></testsuite>", "time='fast'"),
    ("junit", "report.xml", "<testsuite name='pytest'><testcase classname='lora.test_a' "
     "name='t' time='1'/></testsuite>", "which step is it?"),
    ("junit", "report.xml", "<testsuite name='lora'><testcase name='t' time='1'/>"
     "</testsuite>", "names no file"),
]


@pytest.mark.parametrize(("kind", "name", "text", "message"), BAD_FILES)
def test_a_bad_file_is_a_clear_error_and_nothing_is_written(
        run_cli: Run, tmp_path: Path, kind: str, name: str, text: str, message: str) -> None:
    bad = tmp_path / name
    bad.write_text(text)
    out = tmp_path / "durations.json"
    out.write_text('{"durations": {"lora": 1}}\n')
    good = ["--from-buildkite", BUILDS[0]]
    result = run_cli("durations", *good, f"--from-{kind}", str(bad), "-o", str(out))
    assert result.code == USAGE_EXIT
    assert f"--from-{kind} {bad}" in result.err and message in result.err
    assert "Traceback" not in result.err
    assert out.read_text() == '{"durations": {"lora": 1}}\n'  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "durations.json"])


def test_durations_needs_input_and_a_writable_place(run_cli: Run, tmp_path: Path) -> None:
    none = run_cli("durations", "-o", str(tmp_path / "d.json"))
    assert none.code == USAGE_EXIT and "nothing to read" in none.err
    missing = tmp_path / "no" / "d.json"
    result = run_cli("durations", "--from-buildkite", BUILDS[0], "-o", str(missing))
    assert result.code == USAGE_EXIT and f"-o {missing}: no such directory" in result.err
    gone = run_cli("durations", "--from-junit", str(tmp_path / "nope.xml"), "-o",
                   str(tmp_path / "d.json"))
    assert gone.code == USAGE_EXIT and "cannot read it" in gone.err
    assert not (tmp_path / "d.json").exists()


# --- the HTML report --------------------------------------------------------------------------


class Page(HTMLParser):
    """What a report holds: its charts' marks, every tag and attribute, the embedded data."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: dict[str, list[dict[str, str]]] = {}
        self.references: dict[str, list[dict[str, str]]] = {}
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.data = ""
        self._chart: str | None = None
        self._in_data = False

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attributes}
        self.tags.append((tag, found))
        if tag == "svg":
            self._chart = found["data-chart"]
            self.charts[self._chart] = []
            self.references[self._chart] = []
        elif self._chart and "mark" in found.get("class", "").split():
            self.charts[self._chart].append(found)
        elif self._chart and found.get("class") == "reference":
            self.references[self._chart].append(found)
        self._in_data = tag == "script" and found.get("id") == "history-data"

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._chart = None
        self._in_data = False

    def handle_data(self, data: str) -> None:
        if self._in_data:
            self.data += data


def page_of(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def check_self_contained(page: Page) -> None:
    """Nothing fetched: no script code, style sheet, image, frame or remote URL."""
    for tag, found in page.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed", "image", "use"), tag
        if tag == "script":
            assert found == {"type": "application/json", "id": "history-data"}
        for name, value in found.items():
            assert name not in ("src", "href", "xlink:href") and not name.startswith("on")
            assert "://" not in value, (tag, name, value)


@pytest.fixture(scope="module")
def vllm_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    from vllmci.cli import main

    out = tmp_path_factory.mktemp("report") / "history.html"
    data = out.with_suffix(".json")
    with contextlib.redirect_stdout(io.StringIO()) as printed, \
            contextlib.redirect_stderr(io.StringIO()):
        assert main(["history", "--changes", str(VLLM_PRS), "--format", "json",
                     "--html", str(out)]) == 0
    data.write_text(printed.getvalue())
    return out, json.loads(printed.getvalue())


def test_the_html_report_is_self_contained(vllm_report: tuple[Path, dict[str, Any]]) -> None:
    page = page_of(vllm_report[0])
    check_self_contained(page)
    assert set(page.charts) == {"cost-by-step", "rate-vs-cost", "cost-over-time"}
    assert json.loads(page.data) == vllm_report[1]  # the JSON report, embedded as data


def test_the_charts_draw_the_reports_numbers(vllm_report: tuple[Path, dict[str, Any]]) -> None:
    page, document = page_of(vllm_report[0]), vllm_report[1]
    steps = steps_of(document)
    bars = page.charts["cost-by-step"]
    ranked = sorted(document["steps"], key=lambda s: (-s["gpu_hours_per_pr"], -s["runs"],
                                                      s["key"]))
    assert [b["data-key"] for b in bars] == [s["key"] for s in ranked[:len(bars)]]
    assert 0 < len(bars) <= 30
    for bar in bars:
        assert float(bar["data-value"]) == pytest.approx(steps[bar["data-key"]]
                                                         ["gpu_hours_per_pr"])
        assert bar["data-basis"] == steps[bar["data-key"]]["basis"]
    points = {p["data-key"]: p for p in page.charts["rate-vs-cost"]}
    assert set(points) == {s["key"] for s in document["steps"]
                           if s["gpu_hours_per_run"] and s["runs"]}
    for key, point in points.items():
        assert float(point["data-x"]) == pytest.approx(steps[key]["run_rate"])
        assert float(point["data-value"]) == pytest.approx(steps[key]["gpu_hours_per_run"])
    columns = page.charts["cost-over-time"]
    assert [c["data-sha"] for c in columns] == [c["sha"] for c in document["changes"]]
    assert [float(c["data-value"]) for c in columns] == pytest.approx(
        [c["gpu_hours"] for c in document["changes"]])
    (median,) = page.references["cost-over-time"]
    assert float(median["data-value"]) == pytest.approx(
        statistics.median(c["gpu_hours"] for c in document["changes"]))


def test_a_what_if_report_charts_the_savings(run_cli: Run, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(MINI, other, ignore=shutil.ignore_patterns("__pycache__"))
    edit(other / "areas" / "lora.py", 'paths=["vllm/lora", "!vllm/lora/docs"]',
         'paths=["vllm/lora/tp", "!vllm/lora/docs"]')
    out = tmp_path / "report.html"
    mini_history(run_cli, "--what-if", str(other), "--html", str(out))
    page = page_of(out)
    check_self_contained(page)
    (bar,) = page.charts["saved-by-step"]
    assert (bar["data-key"], float(bar["data-saved"])) == ("lora-tp", pytest.approx(36.0))
    assert json.loads(page.data)["what_if"]["gpu_hours_saved"] == pytest.approx(36.0)


@pytest.mark.slow  # a browser's start-up: seconds, and tens of them on a busy machine
@pytest.mark.skipif(shutil.which("chromium") is None, reason="no headless Chromium here")
def test_the_html_report_renders_in_a_headless_browser(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    mini_history(run_cli, "--html", str(out))
    profile = tmp_path / "profile"
    done = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                           f"--user-data-dir={profile}", "--dump-dom", out.as_uri()],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    rendered = Page()
    rendered.feed(done.stdout)
    assert set(rendered.charts) == {"cost-by-step", "rate-vs-cost", "cost-over-time"}
    assert len(rendered.charts["cost-over-time"]) == 10


# --- narrowing suggestions ---------------------------------------------------------------------


def test_pytest_targets_skip_options_and_their_values() -> None:
    command = ("export X=1 && pytest -v -s -m 'not slow' lora/test_a.py::test_b lora/sub "
               "--ignore lora/x.py -k foo --shard-id=$BUILDKITE_PARALLEL_JOB; echo lora/no")
    assert list(suggest.pytest_targets(command)) == ["lora/test_a.py", "lora/sub"]
    assert list(suggest.pytest_targets("python -m pytest models/language")) == [
        "models/language"]
    assert list(suggest.pytest_targets("echo 'unbalanced")) == []


def test_suggest_narrows_a_broad_entry_to_the_tests_source_counterpart(
        run_cli: Run, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(MINI, other, ignore=shutil.ignore_patterns("__pycache__"))
    edit(other / "areas" / "lora.py", 'paths=["vllm/lora", "!vllm/lora/docs"],',
         'paths=["vllm/", "tests/lora"], working_dir="/workspace/tests",')
    tree = tmp_path / "tree.txt"
    tree.write_text("vllm/lora/layers.py\nvllm/kernels/a.py\ntests/lora/test_tp.py\n")
    document = history(run_cli, "--changes", str(CHANGES), "--pipelines", str(other),
                       "--suggest", "--tree", str(tree))
    (found,) = document["suggestions"]
    assert (found["key"], found["entry"], found["replacement"], found["tests"]) == (
        "lora-tp", "vllm/", "vllm/lora", "tests/lora")
    (step,) = found["steps"]
    # 5 (vllm/kernels/...) and 8 (vllm/platforms/rocm.py) ran only because of vllm/
    assert [d["sha"] for d in step["no_longer_runs"]] == [sha(5), sha(8)]
    assert found["gpu_hours_saved"] == pytest.approx(2 * 4 * 180 / 60)
    out = str(history(run_cli, "--changes", str(CHANGES), "--pipelines", str(other),
                      "--suggest", "--tree", str(tree), fmt="text"))
    assert "lora-tp: vllm/ -> vllm/lora  (its tests: tests/lora)" in out
    assert "no longer runs on 2 of 10 changes, 24.0 GPU-h saved" in out


def test_suggest_needs_the_repositorys_files(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("history", "--changes", str(CHANGES), "--pipelines", str(MINI),
                     "--suggest", "--repo", str(tmp_path))
    assert result.code == USAGE_EXIT and "--suggest needs the repository's files" in result.err


def test_every_flag_is_documented() -> None:
    from vllmci.cli import make_parser

    text = (HERE.parent / "docs" / "cost.md").read_text(encoding="utf-8")
    parser = make_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in ("history", "durations"):
        for action in commands[name]._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help", "-o"):
                    assert flag in text, f"{name} {flag} is not in docs/cost.md"
