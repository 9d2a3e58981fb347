"""Samplers: the source of truth, kept in step with vLLM's `.buildkite/test_areas/samplers.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

SAMPLERS = Group(
    name="Samplers",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="samplers-test",
            label=":nvidia: (H200) Samplers",
            device="h200_35gb",
            timeout=40,
            paths=[
                "vllm/model_executor/layers",
                "vllm/sampling_metadata.py",
                "tests/samplers",
                "tests/conftest.py",
                "vllm/entrypoints/generate/beam_search",
            ],
            commands=[
                # VLLM_USE_FLASHINFER_SAMPLER defaults to 1 now, so we need to pin both
                # values explicitly to still cover the PyTorch-native (Triton) path.
                "VLLM_USE_FLASHINFER_SAMPLER=0 pytest -v -s samplers",
                "VLLM_USE_FLASHINFER_SAMPLER=1 pytest -v -s samplers",
            ],
            amd=AmdMirror(
                device="mi250_1",
                label=":amd: (MI250) Samplers",
                timeout=40,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/model_executor/layers",
                    "vllm/sampling_metadata.py",
                    "vllm/v1/sample/",
                    "vllm/entrypoints/generate/beam_search/",
                    "tests/samplers",
                    "tests/conftest.py",
                    "vllm/_aiter_ops.py",
                    "vllm/platforms/rocm.py",
                ],
                commands=[
                    "pytest -v -s samplers",
                ],
            ),
        ),
    ],
)
