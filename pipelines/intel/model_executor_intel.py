"""Model Executor Intel: imported from `intel_jobs/model_executor_intel.yaml` by `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_XPU_IMAGE, TESTS_DIR

MODEL_EXECUTOR_INTEL = Group(
    name="Model Executor Intel",
    pipeline="intel",
    depends_on=AFTER_XPU_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="model-executor-intel",
            label="Model Executor (Intel)",
            device="intel_gpu",
            timeout=45,
            working_dir=".",
            paths=[
                "vllm/engine/arg_utils.py",
                "vllm/config/model.py",
                "vllm/model_executor",
                "tests/model_executor",
            ],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "24+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'apt-get update && apt-get install -y curl libsodium23 && pip3 install tensorizer==2.10.1 && pip3 install runai-model-streamer[s3,gcs,azure]\\>=0.15.7 && export VLLM_WORKER_MULTIPROC_METHOD=spawn && export PYTHONFAULTHANDLER=1 && cd tests && pytest -v -s model_executor -m \"not slow_test\" --ignore=\"model_executor/layers/test_rocm_unquantized_gemm.py\" --deselect=\"tests/model_executor/model_loader/test_reload.py::test_kv_scale_reload\"'",
            ],
        ),
    ],
)
