"""Models - Distributed: imported from `intel_jobs/models_distributed_intel.yaml` by `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_XPU_IMAGE, TESTS_DIR

MODELS_DISTRIBUTED_INTEL = Group(
    name="Models - Distributed",
    pipeline="intel",
    depends_on=AFTER_XPU_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="distributed-model-tests-2-gpus",
            label="Distributed Model Tests (2 GPUs)",
            device="intel_gpu",
            timeout=65,
            working_dir=".",
            paths=[
                "vllm/model_executor/model_loader/sharded_state_loader.py",
                "vllm/model_executor/models/",
                "tests/model_executor/model_loader/test_sharded_state_loader.py",
            ],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "2+", "mem": "16+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'cd tests && pytest -v -s model_executor/model_loader/test_sharded_state_loader.py -m \"not slow_test\"'",
            ],
        ),
    ],
)
