"""Frozen definitions of vLLM's CI, for tests that pin the engine.

`vllm_definitions(into)` is vLLM's `.buildkite/` at 0a21947d
(`fixtures/vllm/buildkite/`) imported with `vllmci import-yaml` over the frozen
hand-written project files of that date (`fixtures/vllm/project/`). Nothing of
the live `pipelines/` is read: a maintainer's change there never moves a test
that uses these.
"""

from __future__ import annotations

from pathlib import Path

from vllmci.importer import import_yaml

FIXTURES = Path(__file__).parent / "fixtures" / "vllm"
YAML = FIXTURES / "buildkite"
PROJECT = FIXTURES / "project"


def vllm_definitions(into: Path) -> Path:
    """Write the frozen definitions into the new directory `into`; return it."""
    result = import_yaml(YAML, into, None, reference=PROJECT)
    assert result.load_error is None, result.load_error
    return into
