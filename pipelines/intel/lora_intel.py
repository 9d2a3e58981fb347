"""LoRA Intel: imported from `intel_jobs/lora_intel.yaml` by `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_XPU_IMAGE, TESTS_DIR

LORA_INTEL = Group(
    name="LoRA Intel",
    pipeline="intel",
    depends_on=AFTER_XPU_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="lora-runtime---utils",
            label="LoRA Runtime + Utils",
            device="intel_gpu",
            timeout=45,
            working_dir=".",
            paths=["vllm/lora", "tests/lora"],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "24+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'cd tests && export VLLM_WORKER_MULTIPROC_METHOD=spawn && pytest -v -s lora/test_layers.py && pytest -v -s lora/test_lora_checkpoints.py && pytest -v -s lora/test_lora_functions.py && pytest -v -s lora/test_lora_huggingface.py && pytest -v -s lora/test_lora_manager.py && pytest -v -s lora/test_lora_utils.py && pytest -v -s lora/test_peft_helper.py && pytest -v -s lora/test_resolver.py && pytest -v -s lora/test_utils.py && pytest -v -s lora/test_add_lora.py  && pytest -v -s lora/test_worker.py'",
            ],
        ),

        Step(
            key="lora-fused-moe-kernels",
            label="LoRA Fused/MoE Kernels",
            device="intel_gpu",
            timeout=45,
            working_dir=".",
            paths=["vllm/lora", "tests/lora"],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "16+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'cd tests && export VLLM_WORKER_MULTIPROC_METHOD=spawn && pytest -v -s lora/test_fused_moe_lora_kernel.py &&  pytest -v -s lora/test_moe_lora_align_sum.py --deselect=\"tests/lora/test_moe_lora_align_sum.py::test_moe_lora_align_block_size_mixed_base_and_lora[1]\"'",
            ],
        ),

        Step(
            key="lora-punica-kernels",
            label="LoRA Punica Kernels",
            device="intel_gpu",
            timeout=45,
            working_dir=".",
            paths=["vllm/lora", "tests/lora"],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "16+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'cd tests && export VLLM_WORKER_MULTIPROC_METHOD=spawn && set -o pipefail && pytest -v -s lora/test_punica_ops.py::test_kernels && pytest -v -s lora/test_punica_ops.py::test_kernels_hidden_size && pytest -v -s lora/test_punica_ops.py::test_add_lora_fused_moe_early_exit'",
            ],
        ),

        Step(
            key="lora-punica-fp8-xpu-ops",
            label="LoRA Punica FP8/XPU Ops",
            device="intel_gpu",
            timeout=60,
            working_dir=".",
            paths=["vllm/lora", "tests/lora"],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "16+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'cd tests && export VLLM_WORKER_MULTIPROC_METHOD=spawn && pytest -v -s lora/test_punica_ops_fp8.py && pytest -v -s lora/test_punica_xpu_ops.py'",
            ],
        ),

        Step(
            key="lora-models",
            label="LoRA Models",
            device="intel_gpu",
            timeout=45,
            working_dir=".",
            paths=["vllm/lora", "tests/lora"],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "2+", "mem": "24+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'cd tests && export VLLM_WORKER_MULTIPROC_METHOD=spawn && pytest -v -s lora/test_quant_model.py --deselect=\"tests/lora/test_quant_model.py::test_quant_model_lora[model0]\" --deselect=\"tests/lora/test_quant_model.py::test_quant_model_lora[model1]\" --deselect=\"tests/lora/test_quant_model.py::test_quant_model_tp_equality[model0]\" && pytest -v -s lora/test_transformers_model.py && pytest -v -s lora/test_chatglm3_tp.py && pytest -v -s lora/test_llama_tp.py::test_llama_lora && pytest -s -v lora/test_minicpmv_tp.py'",
            ],
        ),

        Step(
            key="lora-multimodal",
            label="LoRA Multimodal",
            device="intel_gpu",
            timeout=45,
            working_dir=".",
            paths=["vllm/lora", "tests/lora"],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "16+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'cd tests && export VLLM_WORKER_MULTIPROC_METHOD=spawn && pytest -v -s lora/test_default_mm_loras.py &&  pytest -v -s lora/test_whisper.py'",
            ],
        ),
    ],
)
