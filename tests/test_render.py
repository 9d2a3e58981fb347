"""render: deterministic JSON the agent reads, split into uploads of <= 500 jobs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from buildkite_sdk import CommandStep, Pipeline
from hypothesis import given, settings
from hypothesis import strategies as st

from vllmci.emit.build import build
from vllmci.emit.render import MAX_JOBS_PER_UPLOAD, dumps, jobs_of, split, to_document
from vllmci.emit.validate import rule_problems, validate
from vllmci.emit.walk import Document
from vllmci.stages import Request, documents, make_plan

MINI = Path(__file__).parent / "fixtures" / "mini"
HEADER = {"env": {"Z_FIRST": "1", "A_SECOND": "2"}}


def mini_documents(*files: str) -> list[str]:
    return documents(make_plan(Request(files=files, pipelines=MINI), env={}))


def command(key: str, parallelism: Any = None, **extra: Any) -> dict[str, Any]:
    step: dict[str, Any] = {"commands": ["true"], "key": key, **extra}
    if parallelism is not None:
        step["parallelism"] = parallelism
    return step


def group(name: str, *steps: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"group": name, **extra, "steps": list(steps)}


def document(*steps: dict[str, Any]) -> Document:
    return {**HEADER, "steps": list(steps)}


def keys(steps: list[Any]) -> list[str]:
    found = []
    for step in steps:
        found.extend(keys(step["steps"]) if "group" in step else [step["key"]])
    return found


def all_keys(parts: list[Document]) -> list[str]:
    return [key for part in parts for key in keys(part["steps"])]


def total_jobs(part: Document) -> int:
    return sum(jobs_of(step) for step in part["steps"])


# --- determinism and encoding --------------------------------------------------------


def test_the_same_plan_renders_byte_identical() -> None:
    first = mini_documents("vllm/lora/layers.py", "tests/kernels/core/test_x.py")
    second = mini_documents("tests/kernels/core/test_x.py", "vllm/lora/layers.py")
    assert first == second
    assert first[0].endswith("\n")


def test_env_keeps_the_order_it_was_given() -> None:
    pipeline = Pipeline(env={"Z_FIRST": "1", "A_SECOND": "$$Z_FIRST"})
    pipeline.add_step(CommandStep(key="k", commands=["true"],
                                  env={"ZZ": "1", "MM": "2", "AA": "3"}))
    text = dumps(to_document(pipeline))
    assert text.index("Z_FIRST") < text.index("A_SECOND")
    assert text.index('"ZZ"') < text.index('"MM"') < text.index('"AA"')
    assert list(json.loads(text)["env"]) == ["Z_FIRST", "A_SECOND"]


@pytest.mark.parametrize("label", ["🚀 Release", "Ünïcödé", "日本語 tests", "a\u00a0b"],
                         ids=["emoji", "accents", "cjk", "nbsp"])
def test_non_ascii_is_written_verbatim(label: str) -> None:
    pipeline = Pipeline()
    pipeline.add_step(CommandStep(key="k", label=label, commands=["true"]))
    text = dumps(to_document(pipeline))
    assert label in text
    assert "\\u" not in text
    assert json.loads(text)["steps"][0]["label"] == label


def test_no_none_reaches_the_json() -> None:
    for text in mini_documents("vllm/lora/layers.py"):
        assert "null" not in text


# --- jobs ------------------------------------------------------------------------------


@pytest.mark.parametrize(("step", "jobs"), [
    (command("a"), 1),
    (command("a", parallelism=4), 4),
    (command("a", matrix=["x", "y", "z"]), 3),
    (command("a", matrix={"setup": {"os": ["l", "m"], "py": ["3.10", "3.11", "3.12"]}}), 6),
    (command("a", matrix={"setup": {"os": ["l", "m"]},
                          "adjustments": [{"with": {"os": "w"}}]}), 3),
    (command("a", matrix={"setup": ["x", "y"]}), 2),
    (command("a", parallelism=2, matrix=["x", "y", "z"]), 6),
    ({"block": "Run a", "key": "block-a"}, 1),
    ("wait", 1),
    (group("G", command("a", parallelism=3), command("b")), 4),
    (group("G"), 0),
    (command("a", parallelism="x"), 1),
    (command("a", parallelism=True), 1),
], ids=["command", "parallelism", "matrix-list", "matrix-setup-product",
        "matrix-adjustment", "matrix-setup-list", "parallel-matrix", "block", "wait-string",
        "group-sums", "empty-group", "malformed-parallelism", "bool-parallelism"])
def test_jobs_of(step: Any, jobs: int) -> None:
    assert jobs_of(step) == jobs


# --- splitting ---------------------------------------------------------------------------


def test_a_small_pipeline_is_one_document() -> None:
    doc = document(group("G", command("a", 100), command("b", 400)))
    assert split(doc) == [doc]


def test_groups_are_kept_whole_when_they_fit() -> None:
    doc = document(
        group("G1", command("a", 100), command("b", 100), command("c", 100)),
        group("G2", command("d", 150)),
        group("G3", command("e", 100), command("f", 100)),
    )
    parts = split(doc)
    assert [[g["group"] for g in p["steps"]] for p in parts] == [["G1", "G2"], ["G3"]]
    assert [total_jobs(p) for p in parts] == [450, 200]


def test_a_group_over_the_limit_is_cut_into_numbered_parts() -> None:
    big = group("Big", *(command(f"s{i}", 50) for i in range(12)),
                key="big", depends_on=["image-build"])
    parts = split(document(command("image-build"), big))
    assert all(total_jobs(p) <= MAX_JOBS_PER_UPLOAD for p in parts)
    groups = [s for p in parts for s in p["steps"] if "group" in s]
    assert [g["group"] for g in groups] == ["Big (1/2)", "Big (2/2)"]
    assert all(g["depends_on"] == ["image-build"] for g in groups)
    assert all("key" not in g for g in groups), "a group key may appear once per build"
    assert all_keys(parts) == ["image-build", *(f"s{i}" for i in range(12))]


def test_every_document_carries_the_header() -> None:
    doc = document(*(group(f"G{i}", command(f"k{i}", 300)) for i in range(4)))
    parts = split(doc)
    assert len(parts) == 4
    assert all(p["env"] == HEADER["env"] for p in parts)
    assert all(list(p) == ["env", "steps"] for p in parts)


def test_split_documents_validate_with_blocks_before_their_steps() -> None:
    plan = make_plan(Request(files=("vllm/lora/layers.py",), pipelines=MINI), env={})
    whole = to_document(build(plan))
    for limit in range(1, 12):
        parts = split(whole, limit=limit)
        assert all_keys(parts) == keys(whole["steps"])
        validate(parts)


GROUP_SIZES = st.lists(st.lists(st.integers(1, 200), min_size=1, max_size=12),
                       min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(GROUP_SIZES)
def test_split_keeps_every_step_once_in_order_within_the_limit(
        sizes: list[list[int]]) -> None:
    doc = document(*(group(f"G{g}", *(command(f"g{g}-s{s}", n) for s, n in enumerate(steps)))
                     for g, steps in enumerate(sizes)))
    parts = split(doc)
    assert all_keys(parts) == keys(doc["steps"])
    assert all(total_jobs(p) <= MAX_JOBS_PER_UPLOAD for p in parts)
    assert all(p["env"] == HEADER["env"] for p in parts)
    assert sum(total_jobs(p) for p in parts) == total_jobs(doc)
    assert list(rule_problems(parts)) == []
    whole = [g["group"] for g in doc["steps"] if jobs_of(g) <= MAX_JOBS_PER_UPLOAD]
    kept = [s["group"] for p in parts for s in p["steps"]]
    assert set(whole) <= set(kept), "a group that fits is never cut"
