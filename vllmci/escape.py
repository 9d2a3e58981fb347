"""Escaping for the agent's upload-time interpolation.

Definitions are written as they run on the agent (`$BUILDKITE_PARALLEL_JOB`).
The agent interpolates `$VAR` and `${VAR}` in every string when the pipeline is
uploaded, so every `$` vllmci emits is doubled: the job then sees one `$`.
"""

from __future__ import annotations

from collections.abc import Iterable


def escape(text: str) -> str:
    return text.replace("$", "$$")


def escape_all(texts: Iterable[str]) -> list[str]:
    return [escape(text) for text in texts]
