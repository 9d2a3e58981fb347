"""Engine: the source of truth, kept in step with vLLM's `.buildkite/test_areas/engine.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

ENGINE = Group(
    name="Engine",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="engine",
            label=":nvidia: (H200) Engine Core",
            device="h200_18gb",
            timeout=30,
            paths=[
                "vllm/compilation/",
                "vllm/config/",
                "vllm/engine/",
                "vllm/entrypoints/logger.py",
                "vllm/envs.py",
                "vllm/logger.py",
                "vllm/logging_utils/",
                "vllm/platforms/",
                "vllm/sequence.py",
                "vllm/triton_utils/",
                "vllm/utils/",
                "tests/engine",
                "tests/test_sequence",
                "tests/test_config",
                "tests/test_logger",
                "tests/test_vllm_port",
                "tests/jit_monitor/test_hooks.py",
                "tests/jit_monitor/test_hooks_gpu.py",
            ],
            commands=[
                "pytest -v -s engine test_sequence.py test_config.py test_logger.py test_vllm_port.py jit_monitor/test_hooks.py jit_monitor/test_hooks_gpu.py",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Engine Core",
                timeout=40,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="engine-1-gpu",
            label=":nvidia: (L4) V1 Engine",
            timeout=45,
            paths=["vllm/v1/engine/", "tests/v1/engine/", "tests/v1/test_tensor_ipc_queue.py"],
            commands=[
                "pytest -v -s v1/engine/test_preprocess_error_handling.py",
                "pytest -v -s v1/engine --ignore v1/engine/test_preprocess_error_handling.py",
                "pytest -v -s v1/test_tensor_ipc_queue.py",
            ],
            amd=AmdMirror(
                device="mi250_1",
                label=":amd: (MI250) V1 Engine",
                timeout=45,
                depends_on=AFTER_AMD_IMAGE,
            ),
        ),

        Step(
            key="e2e-scheduling-1-gpu",
            label=":nvidia: (H200) E2E Scheduling",
            device="h200_18gb",
            timeout=53,
            paths=["vllm/v1/", "tests/v1/e2e/general/"],
            commands=[
                "pytest -v -s v1/e2e/general/test_async_scheduling.py",
            ],
            amd=AmdMirror(
                device="mi250_1",
                label=":amd: (MI250) E2E Scheduling",
                timeout=55,
                depends_on=AFTER_AMD_IMAGE,
            ),
        ),

        Step(
            key="e2e-core-1-gpu",
            label=":nvidia: (H200) E2E Core",
            device="h200_35gb",
            timeout=40,
            paths=["vllm/v1/", "tests/v1/e2e/general/"],
            commands=[
                "pytest -v -s v1/e2e/general --ignore v1/e2e/general/test_async_scheduling.py",
            ],
            amd=AmdMirror(
                device="mi250_1",
                label=":amd: (MI250) E2E Core",
                timeout=50,
                depends_on=AFTER_AMD_IMAGE,
                paths=["vllm/v1/", "tests/v1/e2e/general/", "vllm/platforms/rocm.py"],
            ),
        ),

        Step(
            key="v1-e2e-2-gpus",
            label=":nvidia: (L4) V1 E2E",
            num_devices=2,
            timeout=25,  # TODO: Fix timeout after we have more confidence in the test stability
            optional=True,
            paths=[
                "vllm/compilation/",
                "vllm/config/",
                "vllm/distributed/",
                "!vllm/distributed/kv_transfer/",
                "vllm/engine/",
                "vllm/envs.py",
                "vllm/forward_context.py",
                "vllm/inputs/",
                "vllm/logger.py",
                "vllm/logging_utils/",
                "vllm/model_executor/",
                "vllm/multimodal/",
                "vllm/platforms/",
                "vllm/sampling_params.py",
                "vllm/transformers_utils/",
                "vllm/triton_utils/",
                "vllm/utils/",
                "vllm/v1/",
                "tests/v1/e2e/spec_decode/",
            ],
            commands=[
                # Only run tests that need exactly 2 GPUs
                "pytest -v -s v1/e2e/spec_decode/draft_model/test_draft_model.py::test_draft_model_tensor_parallelism v1/e2e/spec_decode/draft_model/test_draft_model.py::test_draft_model_engine_args_tensor_parallelism",
            ],
            amd=AmdMirror(
                device="mi300_2",
                label=":amd: (MI300) V1 E2E",
                timeout=30,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="v1-e2e-4xh100",
            label=":nvidia: (H100) V1 E2E Hybrid Chunked Prefill",
            device="h100",
            num_devices=4,
            timeout=35,
            optional=True,
            paths=[
                "vllm/v1/attention/backends/utils.py",
                "vllm/v1/worker/gpu_model_runner.py",
                "tests/v1/e2e/test_hybrid_chunked_prefill.py",
            ],
            commands=[
                "pytest -v -s v1/e2e/test_hybrid_chunked_prefill.py",
            ],
            amd=AmdMirror(
                device="mi300_4",
                label=":amd: (MI300) V1 E2E Hybrid Chunked Prefill",
                timeout=35,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),
    ],
)
