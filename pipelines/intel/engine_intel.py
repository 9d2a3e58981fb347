"""Engine Intel: imported from `intel_jobs/engine_intel.yaml` by `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_XPU_IMAGE, TESTS_DIR

ENGINE_INTEL = Group(
    name="Engine Intel",
    pipeline="intel",
    depends_on=AFTER_XPU_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="engine",
            label="Engine",
            device="intel_gpu",
            timeout=40,
            working_dir=".",
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
            ],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "16+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'cd tests && pytest -v -s engine/test_arg_utils.py test_sequence.py test_logger.py test_vllm_port.py jit_monitor/test_hooks.py'",
            ],
        ),

        Step(
            key="engine-1-gpu",
            label="Engine (1 GPU)",
            device="intel_gpu",
            timeout=30,
            working_dir=".",
            paths=["vllm/v1/engine/", "tests/v1/engine/", "tests/test_config/"],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "16+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'cd tests && pytest -v -s v1/engine --ignore v1/engine/test_preprocess_error_handling.py && VLLM_XPU_ENABLE_XPU_GRAPH=1 pytest -v -s test_config.py'",
            ],
        ),

        Step(
            key="v1-e2e-2-gpus",
            label="V1 e2e (2 GPUs)",
            device="intel_gpu",
            timeout=30,
            working_dir=".",
            paths=[
                "vllm/compilation/",
                "vllm/config/",
                "vllm/distributed/",
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
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "2+", "mem": "16+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'cd tests && pytest -v -s v1/e2e/spec_decode/draft_model/test_draft_model.py::test_draft_model_tensor_parallelism v1/e2e/spec_decode/draft_model/test_draft_model.py::test_draft_model_engine_args_tensor_parallelism'",
            ],
        ),
    ],
)
