"""Model Executor: the source of truth, kept in step with vLLM's `.buildkite/test_areas/model_executor.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

MODEL_EXECUTOR = Group(
    name="Model Executor",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="model-executor",
            label=":nvidia: (H200) Model Executor",
            device="h200_35gb",
            timeout=60,
            paths=[
                "vllm/engine/arg_utils.py",
                "vllm/config/model.py",
                "vllm/model_executor",
                "vllm/model_executor/warmup",
                "tests/model_executor",
                "tests/model_executor/test_jit_warmup.py",
                "tests/entrypoints/openai/completion/test_tensorizer_entrypoint.py",
            ],
            commands=[
                "apt-get update && apt-get install -y curl libsodium23",
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                # Dump tracebacks of all threads if a test hangs, so a wedged GPU/CUDA
                # init surfaces a stack instead of silently stalling.
                "export PYTHONFAULTHANDLER=1",
                # Per-test watchdog: a single hung test (e.g. stuck during engine/CUDA
                # init) fails fast with a traceback instead of running until the global
                # build timeout. The `thread` method also handles hangs inside C/CUDA
                # calls that the signal method cannot interrupt.
                "pytest -v -s model_executor -m '(not slow_test)' --timeout=900 --timeout-method=thread",
                "pytest -v -s entrypoints/openai/completion/test_tensorizer_entrypoint.py --timeout=900 --timeout-method=thread",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Model Executor",
                timeout=60,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/engine/arg_utils.py",
                    "vllm/config/model.py",
                    "vllm/model_executor",
                    "vllm/model_executor/warmup",
                    "tests/model_executor",
                    "tests/model_executor/test_jit_warmup.py",
                    "tests/entrypoints/openai/completion/test_tensorizer_entrypoint.py",
                    "vllm/_aiter_ops.py",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
            ),
        ),
    ],
)
