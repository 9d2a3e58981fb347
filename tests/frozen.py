"""Frozen definitions of vLLM's CI, for tests that pin the engine.

`vllm_definitions(into)` is vLLM's `.buildkite/` at 0a21947d
(`fixtures/vllm/buildkite/`) imported with `vllmci import-yaml` over the frozen
hand-written project files of that date (`fixtures/vllm/project/`). Nothing of
the live `pipelines/` is read: a maintainer's change there never moves a test
that uses these.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from vllmci.catalog.load import load_catalog
from vllmci.catalog.model import Catalog
from vllmci.importer import import_yaml

FIXTURES = Path(__file__).parent / "fixtures" / "vllm"
YAML = FIXTURES / "buildkite"
PROJECT = FIXTURES / "project"


def vllm_definitions(into: Path, *, amd: bool = False, intel: bool = False) -> Path:
    """Write the frozen definitions into the new directory `into`; return it. The test
    pipeline always; with `amd` the AMD pipeline (`test-amd.yaml` into `rocm/`), with
    `intel` the Intel one (`intel_jobs/` with `ci_config_intel.yaml` into `intel/`)."""
    result = import_yaml(YAML, into, None, reference=PROJECT)
    assert result.load_error is None, result.load_error
    if amd:
        result = import_yaml(YAML / "test-amd.yaml", into, None, reference=PROJECT,
                             pipeline="amd", package="rocm", write=True)
        assert result.load_error is None, result.load_error
    if intel:
        result = import_yaml(YAML, into, None, reference=PROJECT, config="ci_config_intel.yaml",
                             pipeline="intel", package="intel", write=True)
        assert result.load_error is None, result.load_error
    return into


@functools.cache
def frozen_catalog() -> Catalog:
    """The frozen definitions of all three imported pipelines, loaded once a process."""
    root = Path(tempfile.mkdtemp(prefix="vllmci-frozen-"))
    return load_catalog(vllm_definitions(root / "vllm", amd=True, intel=True))
