"""CUDA: the source of truth, kept in step with vLLM's `.buildkite/test_areas/cuda.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_IMAGE, TESTS_DIR

CUDA = Group(
    name="CUDA",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="platform-tests",
            label=":nvidia: (H200) CUDA Platform",
            device="h200_18gb",
            timeout=20,
            paths=[
                "vllm/envs.py",
                "vllm/logger.py",
                "vllm/platforms/",
                "vllm/plugins/",
                "vllm/utils/",
                "tests/cuda",
            ],
            commands=[
                "pytest -v -s cuda/test_cuda_context.py",
                "pytest -v -s cuda/test_platform_no_cuda_init.py",
                "pytest -v -s cuda/test_cuda_compatibility_path.py",
            ],
        ),

        Step(
            key="cudagraph",
            label=":nvidia: (H200) CUDAGraph",
            device="h200_35gb",
            timeout=30,
            paths=[
                "tests/v1/cudagraph",
                "vllm/v1/cudagraph_dispatcher.py",
                "vllm/config/compilation.py",
                "vllm/compilation",
                "vllm/v1/worker/encoder_cudagraph.py",
                "vllm/v1/worker/encoder_cudagraph_defs.py",
            ],
            commands=[
                "pytest -v -s v1/cudagraph/test_cudagraph_dispatch.py",
                "pytest -v -s v1/cudagraph/test_cudagraph_mode.py",
                "pytest -v -s v1/cudagraph/test_breakable_cudagraph.py",
                "pytest -v -s v1/cudagraph/test_encoder_cudagraph.py",
            ],
        ),
    ],
)
