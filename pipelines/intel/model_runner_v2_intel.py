"""Model Runner V2 Intel: imported from `intel_jobs/model_runner_v2_intel.yaml` by `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_XPU_IMAGE, TESTS_DIR

MODEL_RUNNER_V2_INTEL = Group(
    name="Model Runner V2 Intel",
    pipeline="intel",
    depends_on=AFTER_XPU_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="model-runner-v2-core-tests-intel",
            label="Model Runner V2 Core Tests (Intel)",
            device="intel_gpu",
            timeout=45,
            working_dir=".",
            paths=[
                "vllm/v1/worker/gpu/",
                "vllm/v1/worker/gpu_worker.py",
                "vllm/v1/core/sched/",
                "vllm/v1/attention/",
                "tests/v1/engine/test_llm_engine.py",
                "tests/v1/e2e/",
            ],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "2+", "mem": "24+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'export VLLM_USE_V2_MODEL_RUNNER=1 && cd tests && pytest -v -s v1/engine/test_llm_engine.py -k \"not test_engine_metrics\" && pytest -v -s v1/e2e/general/test_context_length.py && ENFORCE_EAGER=1 pytest -v -s v1/e2e/general/test_async_scheduling.py -k \"not ngram\" && pytest -v -s entrypoints/llm/test_struct_output_generate.py -k \"xgrammar and not speculative_config6 and not speculative_config7 and not speculative_config8 and not speculative_config0\" && pytest -v -s v1/e2e/general/test_min_tokens.py'",
            ],
        ),

        Step(
            key="model-runner-v2-examples-intel",
            label="Model Runner V2 Examples (Intel)",
            device="intel_gpu",
            timeout=45,
            working_dir=".",
            paths=[
                "vllm/v1/worker/gpu/",
                "vllm/v1/core/sched/",
                "vllm/v1/worker/gpu_worker.py",
                "examples/basic/offline_inference/",
                "examples/generate/multimodal/",
                "examples/features/",
            ],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "24+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'export VLLM_USE_V2_MODEL_RUNNER=1 && cd examples && python3 basic/offline_inference/chat.py && python3 basic/offline_inference/generate.py --model facebook/opt-125m && python3 generate/multimodal/vision_language_offline.py --seed 0 && python3 features/automatic_prefix_caching/prefix_caching_offline.py'",
            ],
        ),

        Step(
            key="model-runner-v2-distributed-2-gpus",
            label="Model Runner V2 Distributed (2 GPUs)",
            device="intel_gpu",
            timeout=50,
            working_dir=".",
            paths=[
                "vllm/v1/worker/gpu/",
                "vllm/v1/worker/gpu_worker.py",
                "tests/basic_correctness/test_basic_correctness.py",
                "tests/v1/distributed/test_async_llm_dp.py",
                "tests/v1/distributed/test_eagle_dp.py",
            ],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "2+", "mem": "16+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'export VLLM_USE_V2_MODEL_RUNNER=1 && cd tests && TARGET_TEST_SUITE=L4 pytest -v -s basic_correctness/test_basic_correctness.py -m \"distributed\\(num_gpus=2\\)\" -k \"not ray and not True\"'",
            ],
        ),

        Step(
            key="model-runner-v2-spec-decode",
            label="Model Runner V2 Spec Decode",
            device="intel_gpu",
            timeout=50,
            working_dir=".",
            paths=[
                "vllm/v1/worker/gpu/",
                "vllm/v1/worker/gpu_worker.py",
                "tests/v1/spec_decode/test_max_len.py",
                "tests/v1/spec_decode/test_rejection_sampler_utils.py",
                "tests/v1/spec_decode/test_synthetic_rejection_sampler_utils.py",
            ],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "24+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'export VLLM_USE_V2_MODEL_RUNNER=1 && cd tests && pytest -v -s v1/spec_decode/test_synthetic_rejection_sampler_utils.py'",
            ],
        ),
    ],
)
