"""Escaping `$` for the agent's upload-time interpolation."""

from __future__ import annotations

import pytest

from vllmci.emit.escape import escape, escape_data, escape_value

HOSTILE = ["$(rm -rf /)", "${HOME}", "$HOME", "${VAR:?boom}", "${#VAR}", "a$", "$$", "`id`"]


@pytest.mark.parametrize("text", HOSTILE)
def test_commands_double_every_dollar(text: str) -> None:
    escaped = escape(text)
    assert escaped.count("$") == 2 * text.count("$")
    assert escaped.replace("$$", "") .count("$") == 0


@pytest.mark.parametrize(("text", "expected"), [
    ("rocm/vllm-ci:build-$BUILDKITE_BUILD_ID", "rocm/vllm-ci:build-$BUILDKITE_BUILD_ID"),
    ("x${BUILDKITE_COMMIT}y", "x${BUILDKITE_COMMIT}y"),
    ("$HOME", "$$HOME"),
    ("${HOME}", "$${HOME}"),
    ("$(rm -rf /)", "$$(rm -rf /)"),
    ("${VAR:?boom}", "$${VAR:?boom}"),
    ("$BUILDKITE_BRANCH", "$$BUILDKITE_BRANCH"),
    ("$BUILDKITE_BUILD_IDX", "$$BUILDKITE_BUILD_IDX"),
])
def test_values_keep_only_build_variables(text: str, expected: str) -> None:
    assert escape_value(text) == expected


def test_plugin_data_is_escaped_recursively() -> None:
    data = {"image": "img:$BUILDKITE_COMMIT", "env": [{"value": "$SECRET"}], "n": 3}
    assert escape_data(data) == {"image": "img:$BUILDKITE_COMMIT",
                                 "env": [{"value": "$$SECRET"}], "n": 3}
