"""Models - Multimodal: imported from `intel_jobs/models_multimodal_intel.yaml` by `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_XPU_IMAGE, TESTS_DIR

MODELS_MULTIMODAL_INTEL = Group(
    name="Models - Multimodal",
    pipeline="intel",
    depends_on=AFTER_XPU_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="multi-modal-models-standard-1-qwen2",
            label="Multi-Modal Models (Standard) 1: qwen2",
            device="intel_gpu",
            timeout=70,
            working_dir=".",
            paths=["vllm/", "tests/models/multimodal"],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "24+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'pip install av && cd tests && pytest -v -s models/multimodal/generation/test_common.py -m core_model -k \"qwen2\" && pytest -v -s models/multimodal/generation/test_ultravox.py -m core_model'",
            ],
        ),

        Step(
            key="multi-modal-models-standard-2-qwen3-gemma",
            label="Multi-Modal Models (Standard) 2: qwen3 + gemma",
            device="intel_gpu",
            timeout=70,
            working_dir=".",
            paths=["vllm/", "tests/models/multimodal"],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "16+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'cd tests && pytest -v -s models/multimodal/generation/test_qwen2_5_vl.py -m core_model'",
            ],
        ),

        Step(
            key="multi-modal-models-standard-3-llava-qwen2-vl",
            label="Multi-Modal Models (Standard) 3: llava + qwen2_vl",
            device="intel_gpu",
            timeout=65,
            working_dir=".",
            paths=["vllm/", "tests/models/multimodal"],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "24+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'cd tests && pytest -v -s models/multimodal/generation/test_common.py -m core_model -k \"not qwen2 and not qwen3 and not gemma\" && pytest -v -s models/multimodal/generation/test_qwen2_vl.py -m core_model'",
            ],
        ),

        Step(
            key="multi-modal-models-standard-4-other-whisper",
            label="Multi-Modal Models (Standard) 4: other + whisper",
            device="intel_gpu",
            timeout=45,
            working_dir=".",
            paths=["vllm/", "tests/models/multimodal"],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "24+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'pip install av && cd tests && pytest -v -s models/multimodal -m core_model --ignore models/multimodal/generation/test_common.py --ignore models/multimodal/generation/test_ultravox.py --ignore models/multimodal/generation/test_qwen2_5_vl.py --ignore models/multimodal/generation/test_qwen2_vl.py --ignore models/multimodal/generation/test_whisper.py  --ignore models/multimodal/generation/test_memory_leak.py --ignore models/multimodal/processing'",
            ],
        ),

        Step(
            key="multi-modal-processor",
            label="Multi-Modal Processor",  # 44min
            device="intel_gpu",
            parallelism=4,
            timeout=60,
            working_dir=".",
            paths=["vllm/", "tests/models/multimodal", "tests/models/registry.py"],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "24+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'pip install av matplotlib ftfy && pip install open-clip-torch --no-deps && cd tests && pytest -v -s models/multimodal/processing/test_tensor_schema.py --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT --shard-id=$BUILDKITE_PARALLEL_JOB'",
            ],
        ),
    ],
)
