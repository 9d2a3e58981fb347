"""Explaining the plan: text table, annotation Markdown, GPU cost, one step's story."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from vllmci.catalog.load import load_catalog
from vllmci.catalog.model import Catalog
from vllmci.context import BuildContext
from vllmci.errors import UsageError
from vllmci.plan.changes import ChangeSet
from vllmci.plan.model import Plan
from vllmci.plan.select import select
from vllmci.report.annotation import annotation, style
from vllmci.report.cost import load_durations, summarise
from vllmci.report.story import describe
from vllmci.report.text import WIDTH, plan_text

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(MINI)


def plan_for(catalog: Catalog, files: list[str], **env: str) -> Plan:
    return select(catalog, ChangeSet.from_files(files), BuildContext.from_env(env))


@pytest.mark.parametrize("columns", [60, 80, WIDTH])
@pytest.mark.parametrize("everything", [False, True], ids=["default", "all"])
def test_text_fits_the_terminal_and_ends_with_a_summary(catalog: Catalog, columns: int,
                                                        everything: bool) -> None:
    text = plan_text(plan_for(catalog, ["vllm/lora/" + "x" * 200 + ".py"]), columns=columns,
                     everything=everything)
    assert all(len(line) <= columns for line in text.splitlines())
    assert text.splitlines()[-1].startswith("4 run · 5 blocked · 1 skipped")


def test_text_has_colour_only_when_asked(catalog: Catalog) -> None:
    plan = plan_for(catalog, ["vllm/lora/x.py"])
    assert "\033[" not in plan_text(plan)
    assert "\033[32mlora ×4" in plan_text(plan, colour=True)
    assert "\033[32mrun" in plan_text(plan, colour=True, everything=True)
    assert "\033[" not in describe(plan, "lora")
    assert "\033[32m✓" in describe(plan, "lora", colour=True)


def test_long_file_lists_are_summarised_in_text(catalog: Catalog) -> None:
    files = [f"vllm/lora/f{i}.py" for i in range(10)]
    text = plan_text(plan_for(catalog, files))
    assert "10 files: vllm/lora/f0.py" in text


def test_cost_adds_up(catalog: Catalog) -> None:
    cost = summarise(plan_for(catalog, ["vllm/kernels/a.py"], RUN_ALL="1"))
    assert cost.selected_total == pytest.approx(sum(cost.selected.values()))
    # kernels-core: 1 × h100 × 60 min = 1 GPU-h; lora: 4 shards × 40 min (timeout bound)
    assert cost.selected["h100"] == pytest.approx(1.0)
    assert cost.selected_total <= cost.everything_total


def test_durations_override_timeouts(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "durations.json"
    path.write_text(json.dumps({"durations": {"kernels-core": 30}}))
    plan = select(catalog, ChangeSet.from_files(["vllm/kernels/a.py"]), BuildContext.from_env({}),
                  durations=load_durations(path))
    cost = summarise(plan)
    assert cost.selected["h100"] == pytest.approx(0.5)
    assert cost.basis == "measured durations"


def test_bad_durations_file_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text('{"lora": "slow"}')
    with pytest.raises(UsageError, match="minutes"):
        load_durations(path)


def _tokens(markdown: str) -> list[str]:
    return [t.type for t in MarkdownIt("commonmark").enable("table").parse(markdown)]


def test_annotation_is_markdown_with_a_table_of_running_steps(catalog: Catalog) -> None:
    plan = plan_for(catalog, ["vllm/lora/layers.py"])
    body = annotation(plan, summarise(plan))
    tokens = _tokens(body)
    assert "table_open" in tokens
    assert "`lora`" in body and "vllm/lora/layers.py ← vllm/lora" in body
    assert style(plan) == "info"


def test_fallback_annotation_is_loud(catalog: Catalog) -> None:
    plan = select(catalog, ChangeSet(source="git", fallback_reason="origin/main | missing"),
                  BuildContext())
    body = annotation(plan)
    assert style(plan) == "warning"
    assert body.startswith("### :warning: vllmci ran every step")
    assert "origin/main \\| missing" in body


def test_annotation_escapes_hostile_file_names(catalog: Catalog) -> None:
    plan = plan_for(catalog, ["vllm/lora/<script>|x.py"])
    body = annotation(plan)
    assert "<script>" not in body
    assert "&lt;script&gt;\\|x.py" in body


def test_annotation_snapshot(catalog: Catalog, snapshot) -> None:  # type: ignore[no-untyped-def]
    plan = plan_for(catalog, ["vllm/lora/layers.py", "csrc/cpu/a.cpp"],
                    BUILDKITE_PULL_REQUEST="5")
    assert annotation(plan, summarise(plan)) == snapshot


def test_describe_shows_definition_matches_and_what_would_run(catalog: Catalog) -> None:
    text = describe(plan_for(catalog, ["tests/lora/t.py"]), "lora-tp")
    assert "areas/lora.py:" in text
    assert "decision     block" in text
    assert "VLLM_CI_ONLY_STEP_KEYS" in text
    ran = describe(plan_for(catalog, ["tests/lora/t.py"]), "lora")
    assert "✓ tests/lora" in ran


def test_describe_unknown_key_suggests(catalog: Catalog) -> None:
    with pytest.raises(UsageError, match="did you mean 'lora'"):
        describe(plan_for(catalog, []), "lroa")


@pytest.mark.slow
def test_every_running_step_of_every_real_pr_says_why() -> None:
    """For each of the 300 real vLLM PRs, a running step names the changed file and the
    entry it matched, or the rule that started it."""
    from vllmci.stages import bundled_definitions

    bundled = load_catalog(bundled_definitions()).for_pipeline("test")
    ctx = BuildContext.from_env({"BUILDKITE_PULL_REQUEST": "1", "BUILDKITE_BRANCH": "f"})
    rules = ("always runs", "required by ", "listed in", "run everything: ")
    rows = (Path(__file__).parent / "fixtures" / "vllm" / "anchor_selection.jsonl")
    for line in rows.read_text().splitlines():
        files = json.loads(line)["files"]
        plan = select(bundled, ChangeSet.from_files(files), ctx)
        for decision in plan.decisions:
            if decision.action != "run":
                continue
            assert decision.reasons, decision.key
            # a run-all file names the pattern it matched, behind the rule's note
            assert all(f in files and entry for f, entry in decision.matches)
            if decision.notes:
                assert decision.reasons[0].startswith(rules), decision
            else:
                assert decision.matches and all("←" in r for r in decision.reasons)
