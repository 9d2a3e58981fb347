"""Escaping for the agent's upload-time interpolation.

Definitions are written as they run on the agent (`$BUILDKITE_PARALLEL_JOB`).
The agent interpolates `$VAR` and `${VAR}` in every string when the pipeline is
uploaded, so every `$` vllmci emits in commands and labels is doubled: the job
then sees one `$`.

Fields that are not run by a shell (env values, `concurrency_group`, plugin
settings) cannot expand variables at run time. There, a few build variables
that hold no user text (`BUILD_VARIABLES`) are left for the agent to fill in
at upload; every other `$` is doubled.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

BUILD_VARIABLES = frozenset({
    "BUILDKITE_BUILD_ID", "BUILDKITE_BUILD_NUMBER", "BUILDKITE_COMMIT",
    "BUILDKITE_PIPELINE_SLUG", "BUILDKITE_ORGANIZATION_SLUG", "BUILDKITE_JOB_ID",
})
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_VARIABLE = re.compile(rf"\$(\{{(?P<braced>{_NAME})\}}|(?P<bare>{_NAME}))?")


def escape(text: str) -> str:
    return text.replace("$", "$$")


def escape_all(texts: Iterable[str]) -> list[str]:
    return [escape(text) for text in texts]


def _keep_build_variable(match: re.Match[str]) -> str:
    name = match.group("braced") or match.group("bare")
    if name in BUILD_VARIABLES:
        return match.group(0)
    return "$$" + (match.group(1) or "")


def escape_value(text: str) -> str:
    """Escape a non-shell value, keeping `BUILD_VARIABLES` for upload-time filling."""
    return _VARIABLE.sub(_keep_build_variable, text) if "$" in text else text


def escape_data(value: Any) -> Any:
    """`escape_value` on every string inside plugin settings."""
    if isinstance(value, str):
        return escape_value(value)
    if isinstance(value, dict):
        return {k: escape_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [escape_data(v) for v in value]
    return value
