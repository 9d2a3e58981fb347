"""Properties of selection and generation over vLLM's real tree and definitions (hypothesis).

For random change sets drawn from vLLM's 6,561 paths, plus hostile names:
every defined step appears exactly once; more changed files never run fewer steps;
the output is byte-identical across runs and input orderings; the generated
pipeline always validates; odd paths never crash and mean only themselves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vllmci.catalog.model import Catalog
from vllmci.context import BuildContext
from vllmci.plan.changes import ChangeSet
from vllmci.plan.model import Plan
from vllmci.plan.select import select
from vllmci.report.text import plan_json
from vllmci.stages import Request, documents, load

TREE = tuple(Path(__file__).with_name("fixtures").joinpath("vllm", "tree.txt")
             .read_text(encoding="utf-8").split())
DIRECTORIES = tuple(sorted({p.rsplit("/", 1)[0] for p in TREE if "/" in p}))
BUILDS = {
    "pull request": {"BUILDKITE": "true", "BUILDKITE_PULL_REQUEST": "1234",
                     "BUILDKITE_BRANCH": "feature", "BUILDKITE_COMMIT": "a" * 40},
    "default branch": {"BUILDKITE": "true", "BUILDKITE_BRANCH": "main",
                       "BUILDKITE_COMMIT": "b" * 40},
}
FAST = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])
# Building and validating a whole pipeline takes a few tenths of a second.
SLOW = settings(max_examples=8, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])

# Characters that mean something to a shell, to the agent's interpolation, to globs, to
# Markdown or to argument parsers; `/` and newlines excepted (they change a path's depth).
ODD = st.text(st.sampled_from([*" \t$`'\"\\|&;<>(){}[]*?!#%~=:,-+", "ü", "🚀", "分"]),
              min_size=1, max_size=12)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load(Request())


def tree_paths(max_size: int = 25) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(TREE), max_size=max_size)


def odd_name() -> st.SearchStrategy[str]:
    """A path in one of vLLM's directories whose file name is made of odd characters,
    possibly looking like a flag (`-x`, `--files`)."""
    flaglike = st.sampled_from(["-", "--", "--files=", "-rf", "--help", ""])
    return st.builds(lambda d, f, n: f"{d}/{f}{n}.py", st.sampled_from(DIRECTORIES),
                     flaglike, ODD)


def plan_for(catalog: Catalog, files: list[str], build: str = "pull request") -> Plan:
    return select(catalog, ChangeSet(files=files, source="git"),
                  BuildContext.from_env(BUILDS[build]))


def running(plan: Plan) -> set[str]:
    return set(plan.keys("run"))


@FAST
@given(files=tree_paths(), build=st.sampled_from(sorted(BUILDS)))
def test_every_defined_step_appears_exactly_once(catalog: Catalog, files: list[str],
                                                  build: str) -> None:
    plan = plan_for(catalog, files, build)
    keys = [step["key"] for step in plan_json(plan)["steps"]]
    assert keys == [entry.key for entry in catalog.entries]
    assert len(keys) == len(set(keys))


@FAST
@given(files=st.lists(st.sampled_from(TREE), min_size=1, max_size=25), more=tree_paths(10),
       odd=st.lists(odd_name(), max_size=3), build=st.sampled_from(sorted(BUILDS)))
def test_more_changed_files_never_run_fewer_steps(catalog: Catalog, files: list[str],
                                                  more: list[str], odd: list[str],
                                                  build: str) -> None:
    """From any non-empty change. (From the empty one, "nothing changed", adding only
    documentation turns the build docs-only, which runs nothing: vLLM's rule.)"""
    fewer = plan_for(catalog, files, build)
    added = plan_for(catalog, files + more + odd, build)
    assert running(fewer) <= running(added)


@SLOW
@given(files=tree_paths(), odd=st.lists(odd_name(), max_size=3), data=st.data(),
       build=st.sampled_from(sorted(BUILDS)))
@pytest.mark.slow
def test_the_output_is_byte_identical_and_always_valid(
        catalog: Catalog, files: list[str], odd: list[str], data: st.DataObject,
        build: str) -> None:
    changed = files + odd
    reordered = data.draw(st.permutations(changed + changed[: len(changed) // 2]))
    first = documents(plan_for(catalog, changed, build))  # documents() validates
    shuffled = documents(plan_for(catalog, list(reordered), build))  # another run, too
    assert first == shuffled
    plan = plan_for(catalog, list(reordered), build)
    assert plan_json(plan) == plan_json(plan_for(catalog, changed, build))
    if not plan.docs_only:
        assert first and all(json.loads(text)["steps"] for text in first)


@FAST
@given(path=odd_name(), build=st.sampled_from(sorted(BUILDS)))
def test_an_odd_file_name_means_only_a_file_in_its_directory(catalog: Catalog, path: str,
                                                             build: str) -> None:
    """An odd name decides exactly like a plain `.py` file in the same directory (its
    characters are never globs, flags, or variables)."""
    plain = path.rsplit("/", 1)[0] + "/plain_name.py"
    odd_plan, plain_plan = plan_for(catalog, [path], build), plan_for(catalog, [plain], build)
    assert [d.action for d in odd_plan.decisions] == [d.action for d in plain_plan.decisions]
    assert odd_plan.changes.files == (path,)
    reported: dict[str, Any] = plan_json(odd_plan)
    assert reported["changed_files"] == [path]
    assert json.loads(json.dumps(reported, ensure_ascii=False)) == reported


def test_a_glob_spans_any_directory_name() -> None:
    from vllmci.catalog.paths import entry_matches

    assert entry_matches("vllm/**/*.py", "vllm/new\nline/x.py")
