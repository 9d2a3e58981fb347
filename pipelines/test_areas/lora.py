"""LoRA: the source of truth, kept in step with vLLM's `.buildkite/test_areas/lora.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

LORA = Group(
    name="LoRA",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        # vllmci import: field 'mirror.amd.working_dir' = '/vllm-workspace/tests': ignored by vLLM's generator (a mirror's working_dir only applies to its own commands); not imported
        Step(
            key="lora",
            label=":nvidia: (H200) LoRA Shard %N",
            device="h200_35gb",
            parallelism=4,
            timeout=40,
            paths=["vllm/lora", "tests/lora"],
            commands=[
                "pytest -v -s lora --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT --ignore=lora/test_chatglm3_tp.py --ignore=lora/test_llama_tp.py --ignore=lora/test_qwen3_with_multi_loras.py --ignore=lora/test_olmoe_tp.py --ignore=lora/test_deepseekv2_tp.py --ignore=lora/test_gptoss_tp.py --ignore=lora/test_qwen3moe_tp.py --ignore=lora/test_qwen35_densemodel_lora.py",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) LoRA Shard %N",
                timeout=85,
                depends_on=AFTER_AMD_IMAGE,
                paths=["vllm/lora", "tests/lora", "vllm/platforms/rocm.py"],
                dind=False,
            ),
        ),

        Step(
            key="lora-tp-distributed",
            label=":nvidia: (L4) LoRA TP (Distributed)",
            num_devices=4,
            timeout=60,
            paths=["vllm/lora", "vllm/model_executor/layers/fused_moe/", "tests/lora"],
            commands=[
                # FIXIT: find out which code initialize cuda before running the test
                # before the fix, we need to use spawn to test it
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                # Alot of these tests are on the edge of OOMing
                "export PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True",
                # There is some Tensor Parallelism related processing logic in LoRA that
                # requires multi-GPU testing for validation.
                "pytest -v -s -x lora/test_chatglm3_tp.py",
                "pytest -v -s -x lora/test_llama_tp.py",
                "pytest -v -s -x lora/test_qwen3_with_multi_loras.py",
                "pytest -v -s -x lora/test_olmoe_tp.py",
                "pytest -v -s -x lora/test_gptoss_tp.py",
                "pytest -v -s -x lora/test_qwen35_densemodel_lora.py",
                "pytest -v -s -x lora/test_gemma4_tp.py",
            ],
            amd=AmdMirror(
                device="mi300_4",
                label=":amd: (MI300) LoRA TP (Distributed)",
                timeout=55,
                working_dir="/vllm-workspace/tests",
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/lora",
                    "vllm/model_executor/layers/fused_moe/",
                    "vllm/platforms/rocm.py",
                    "tests/lora",
                ],
                dind=False,
                commands=[
                    "pytest -v -s -x lora/test_chatglm3_tp.py",
                    "pytest -v -s -x lora/test_llama_tp.py",
                    "pytest -v -s -x lora/test_qwen3_with_multi_loras.py",
                    "pytest -v -s -x lora/test_olmoe_tp.py",
                    "pytest -v -s -x lora/test_gptoss_tp.py",
                    "pytest -v -s -x lora/test_qwen35_densemodel_lora.py",
                    "pytest -v -s -x lora/test_gemma4_tp.py",
                ],
            ),
        ),
    ],
)
