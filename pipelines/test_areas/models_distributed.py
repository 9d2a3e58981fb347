"""Models - Distributed: the source of truth, kept in step with vLLM's `.buildkite/test_areas/models_distributed.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

MODELS_DISTRIBUTED = Group(
    name="Models - Distributed",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="distributed-model-tests-2-gpus",
            label=":nvidia: (L4) Distributed Models",
            num_devices=2,
            timeout=60,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/model_executor/model_loader/sharded_state_loader.py",
                "vllm/model_executor/models/",
                "tests/basic_correctness/",
                "tests/model_executor/model_loader/test_sharded_state_loader.py",
                "tests/models/",
            ],
            commands=[
                "TARGET_TEST_SUITE=L4 pytest basic_correctness/ -v -s -m 'distributed(num_gpus=2)'",
                "CUDA_VISIBLE_DEVICES=0,1 pytest -v -s model_executor/model_loader/test_sharded_state_loader.py -m '(not slow_test)'",
                # Avoid importing model tests that cause CUDA reinitialization error
                "pytest models/transformers/test_backend.py -v -s -m 'distributed(num_gpus=2)'",
                "pytest models/language -v -s -m 'distributed(num_gpus=2)'",
                "pytest models/multimodal/generation/test_phi4siglip.py -v -s -m 'distributed(num_gpus=2)'",
                "pytest models/multimodal -v -s -m 'distributed(num_gpus=2)' --ignore models/multimodal/generation/test_whisper.py --ignore models/multimodal/generation/test_phi4siglip.py",
                "VLLM_WORKER_MULTIPROC_METHOD=spawn pytest models/multimodal/generation/test_whisper.py -v -s -m 'distributed(num_gpus=2)'",
            ],
            amd=AmdMirror(
                device="mi300_2",
                label=":amd: (MI300) Distributed Models",
                timeout=75,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/model_executor/model_loader/sharded_state_loader.py",
                    "vllm/model_executor/models/",
                    "vllm/model_executor/layers/",
                    "vllm/v1/attention/backends/",
                    "vllm/v1/attention/selector.py",
                    "vllm/_aiter_ops.py",
                    "vllm/platforms/rocm.py",
                    "tests/basic_correctness/",
                    "tests/model_executor/model_loader/test_sharded_state_loader.py",
                    "tests/models/",
                ],
                dind=False,
                commands=[
                    "TARGET_TEST_SUITE=MI300 pytest basic_correctness/ -v -s -m 'distributed(num_gpus=2)'",
                    "HIP_VISIBLE_DEVICES=0,1 pytest -v -s model_executor/model_loader/test_sharded_state_loader.py -m '(not slow_test)'",
                    "pytest models/transformers/test_backend.py -v -s -m 'distributed(num_gpus=2)'",
                    "pytest models/language -v -s -m 'distributed(num_gpus=2)'",
                    "pytest models/multimodal -v -s -m 'distributed(num_gpus=2)' --ignore models/multimodal/generation/test_whisper.py --ignore models/multimodal/generation/test_phi4siglip.py",
                    "pytest models/multimodal/generation/test_phi4siglip.py -v -s -m 'distributed(num_gpus=2)'",
                    "VLLM_WORKER_MULTIPROC_METHOD=spawn pytest models/multimodal/generation/test_whisper.py -v -s -m 'distributed(num_gpus=2)'",
                ],
            ),
        ),
    ],
)
