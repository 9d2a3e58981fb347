"""Dependency entries: prefixes, exclusions and globs."""

from __future__ import annotations

import pytest

from vllmci.catalog.paths import PathRule, entry_matches

CASES = [
    ("vllm/lora", "vllm/lora", True),
    ("vllm/lora", "vllm/lora/layers.py", True),
    ("vllm/lora/", "vllm/lora/layers.py", True),
    ("vllm/lora", "vllm/lora_utils.py", False),
    ("vllm/lora", "tests/vllm/lora/x.py", False),
    ("tests/kernels/test_x.py", "tests/kernels/test_x.py", True),
    ("tests/kernels/test_x", "tests/kernels/test_x.py", False),
    ("vllm/**/*.py", "vllm/a/b/c.py", True),
    ("vllm/**/*.py", "vllm/c.py", True),
    ("vllm/*.py", "vllm/a/c.py", False),
    ("vllm/*.py", "vllm/c.py", True),
    ("tests/**", "tests/a/b", True),
    ("vllm/model_executor/models/qwen?.py", "vllm/model_executor/models/qwen2.py", True),
    ("vllm/[ab].py", "vllm/c.py", False),
    ("vllm/*/layers", "vllm/lora/layers/base.py", True),
]


@pytest.mark.parametrize(("entry", "path", "expected"), CASES,
                         ids=[f"{e}~{p}" for e, p, _ in CASES])
def test_entry_matches(entry: str, path: str, expected: bool) -> None:
    assert entry_matches(entry, path) is expected


def test_exclusion_removes_file_that_an_include_matches() -> None:
    rule = PathRule.from_entries(("vllm/lora", "!vllm/lora/docs"))
    assert rule.match("vllm/lora/layers.py") == "vllm/lora"
    assert rule.match("vllm/lora/docs/readme.txt") is None


def test_rule_reports_the_entry_that_matched() -> None:
    rule = PathRule.from_entries(("tests/lora", "vllm/lora"))
    assert rule.match("vllm/lora/x.py") == "vllm/lora"


def test_empty_rule_is_falsy_and_matches_nothing() -> None:
    rule = PathRule.from_entries(None)
    assert not rule
    assert rule.match("anything") is None


def test_exclusion_only_rule_matches_nothing() -> None:
    rule = PathRule.from_entries(("!vllm",))
    assert not rule
    assert rule.match("setup.py") is None
