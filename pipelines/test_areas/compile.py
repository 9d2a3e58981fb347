"""Compile: the source of truth, kept in step with vLLM's `.buildkite/test_areas/compile.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_IMAGE, TESTS_DIR

COMPILE = Group(
    name="Compile",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="sequence-parallel-correctness-tests-2xb200",
            label=":nvidia: (B200) Sequence Parallel Correctness",
            device="b200-k8s",
            num_devices=2,
            timeout=45,
            working_dir="/vllm-workspace/",
            optional=True,
            commands=[
                "export VLLM_TEST_CLEAN_GPU_MEMORY=1",
                "pytest -v -s tests/compile/correctness_e2e/test_sequence_parallel.py",
            ],
        ),

        Step(
            key="asynctp-correctness-tests-b200",
            label=":nvidia: (B200) AsyncTP Correctness",
            device="b200-k8s",
            num_devices=2,
            timeout=30,
            working_dir="/vllm-workspace/",
            optional=True,
            commands=[
                "export VLLM_TEST_CLEAN_GPU_MEMORY=1",
                "pytest -v -s tests/compile/correctness_e2e/test_async_tp.py",
            ],
        ),

        Step(
            key="distributed-compile-unit-tests-2xh100",
            label=":nvidia: (H100) Distributed Compile",
            device="h100",
            num_devices=2,
            timeout=45,
            working_dir="/vllm-workspace/",
            paths=[
                "vllm/compilation/",
                "vllm/model_executor/layers",
                "tests/compile/passes/distributed/",
            ],
            commands=[
                "export VLLM_TEST_CLEAN_GPU_MEMORY=1",
                "pytest -s -v tests/compile/passes/distributed",
            ],
        ),

        Step(
            key="fusion-and-compile-unit-tests-2xb200",
            label=":nvidia: (B200) Fusion and Compile",
            device="b200-k8s",
            timeout=30,
            working_dir="/vllm-workspace/",
            paths=[
                "csrc/quantization/fp4/",
                "vllm/model_executor/layers/quantization/",
                "vllm/model_executor/layers/layernorm.py",
                "vllm/model_executor/layers/activation.py",
                "vllm/model_executor/layers/attention/attention.py",
                "vllm/v1/attention/backends/flashinfer.py",
                "vllm/compilation/",  # TODO(luka) limit to vllm/compilation/passes
                "tests/compile/passes/test_fusion_attn.py",
                "tests/compile/passes/test_mla_attn_quant_fusion.py",
                "tests/compile/passes/test_silu_mul_quant_fusion.py",
                "tests/compile/passes/distributed/test_fusion_all_reduce.py",
                "tests/compile/fullgraph/test_full_graph.py",
            ],
            commands=[
                # b200 runners are limited, so we limit the tests to the minimum set only supported on Blackwell
                "nvidia-smi",
                "pytest -v -s tests/compile/passes/test_fusion_attn.py -k FLASHINFER",
                "pytest -v -s tests/compile/passes/test_mla_attn_quant_fusion.py",
                "pytest -v -s tests/compile/passes/test_silu_mul_quant_fusion.py",
                # this runner has 2 GPUs available even though num_devices=2 is not set
                "pytest -v -s tests/compile/passes/distributed/test_fusion_all_reduce.py",
            ],
        ),

        Step(
            key="fusion-e2e-quick-h100",
            label=":nvidia: (H100) Fusion E2E Quick",
            device="h100",
            num_devices=1,
            timeout=25,
            working_dir="/vllm-workspace/",
            paths=[
                "csrc/quantization/",
                "vllm/model_executor/",
                "vllm/v1/attention/",
                "vllm/compilation/",
                "tests/compile/fusions_e2e/",
            ],
            commands=[
                "nvidia-smi",
                # Run all models and attn backends but only Inductor partition and native custom ops
                'pytest -v -s tests/compile/fusions_e2e/test_tp1_quant.py -k "inductor_partition and not +rms_norm and not +quant_fp8"',
                # Qwen/Deepseek requires +quant_fp8 as -quant_fp8 rms+quant fusion is not supported
                'pytest -v -s tests/compile/fusions_e2e/test_tp1_quant.py -k "inductor_partition and not +rms_norm and +quant_fp8 and (qwen3 or deepseek)"',
            ],
        ),

        Step(
            key="fusion-e2e-config-sweep-h100",
            label=":nvidia: (H100) Fusion E2E Config Sweep",
            device="h100",
            num_devices=1,
            timeout=25,
            working_dir="/vllm-workspace/",
            paths=[
                "csrc/quantization/",
                "vllm/compilation/",
                # can affect pattern matching
                "vllm/model_executor/layers/layernorm.py",
                "vllm/model_executor/layers/activation.py",
                "vllm/model_executor/layers/attention/attention.py",
                "vllm/model_executor/layers/quantization/input_quant_fp8.py",
                "tests/compile/fusions_e2e/",
            ],
            commands=[
                "nvidia-smi",
                # Run just llama3 (fp8) for all config combinations
                'pytest -v -s tests/compile/fusions_e2e/test_tp1_quant.py -k "llama-3"',
            ],
        ),

        Step(
            key="fusion-e2e-config-sweep-b200",
            label=":nvidia: (B200) Fusion E2E Config Sweep",
            device="b200-k8s",
            num_devices=1,
            timeout=30,
            working_dir="/vllm-workspace/",
            optional=True,
            commands=[
                "nvidia-smi",
                # Run all models but only FLASHINFER, Inductor partition and native custom ops
                # Qwen/Deepseek requires +quant_fp8 as -quant_fp8 rms+quant fusion is not supported
                # Run just llama3 (fp8 & fp4) for all config combinations (only inductor partition)
                'pytest -v -s tests/compile/fusions_e2e/test_tp1_quant.py -k "inductor_partition and (FLASHINFER and not +rms_norm and (not +quant_fp8 or +quant_fp8 and (qwen3 or deepseek)) or llama-3)"',
            ],
        ),

        Step(
            key="fusion-e2e-tp2-quick-h100",
            label=":nvidia: (H100) Fusion E2E TP2 Quick",
            device="h100",
            num_devices=2,
            timeout=35,
            working_dir="/vllm-workspace/",
            paths=[
                "csrc/quantization/",
                "vllm/model_executor/",
                "vllm/v1/attention/",
                "vllm/compilation/",
                "tests/compile/fusions_e2e/",
            ],
            commands=[
                "nvidia-smi",
                # Run all models and attn backends but only Inductor partition and native custom ops
                'pytest -v -s tests/compile/fusions_e2e/test_tp2_ar_rms.py -k "inductor_partition and not +rms_norm and (not +quant_fp8 or +quant_fp8 and (qwen3 or deepseek))"',
                'pytest -v -s tests/compile/fusions_e2e/test_tp2_async_tp.py -k "inductor_partition and not +rms_norm and (not +quant_fp8 or +quant_fp8 and (qwen3 or deepseek))"',
            ],
        ),

        Step(
            key="fusion-e2e-tp2-ar-rms-config-sweep-h100",
            label=":nvidia: (H100) Fusion E2E TP2 AR-RMS Config Sweep",
            device="h100",
            num_devices=2,
            timeout=30,
            working_dir="/vllm-workspace/",
            paths=[
                "csrc/quantization/",
                "vllm/compilation/",
                # can affect pattern matching
                "vllm/model_executor/layers/layernorm.py",
                "vllm/model_executor/layers/activation.py",
                "vllm/model_executor/layers/attention/attention.py",
                "vllm/model_executor/layers/quantization/input_quant_fp8.py",
                "tests/compile/fusions_e2e/",
            ],
            commands=[
                "nvidia-smi",
                # Run just llama3 (fp8 & bf16) for all config combinations
                'pytest -v -s tests/compile/fusions_e2e/test_tp2_ar_rms.py -k "llama-3"',
            ],
        ),

        Step(
            key="fusion-e2e-tp2-asynctp-config-sweep-h100",
            label=":nvidia: (H100) Fusion E2E TP2 AsyncTP Config Sweep",
            device="h100",
            num_devices=2,
            timeout=40,
            working_dir="/vllm-workspace/",
            paths=[
                "csrc/quantization/",
                "vllm/compilation/",
                # can affect pattern matching
                "vllm/model_executor/layers/layernorm.py",
                "vllm/model_executor/layers/activation.py",
                "vllm/model_executor/layers/attention/attention.py",
                "vllm/model_executor/layers/quantization/input_quant_fp8.py",
                "tests/compile/fusions_e2e/",
            ],
            commands=[
                "nvidia-smi",
                # Run just llama3 (fp8 & bf16) for all config combinations
                'pytest -v -s tests/compile/fusions_e2e/test_tp2_async_tp.py -k "llama-3"',
            ],
        ),

        Step(
            key="fusion-e2e-tp2-b200",
            label=":nvidia: (B200) Fusion E2E TP2",
            device="b200-k8s",
            num_devices=2,
            timeout=45,
            working_dir="/vllm-workspace/",
            paths=[
                "csrc/quantization/",
                "vllm/model_executor/",
                "vllm/v1/attention/",
                "vllm/compilation/",
                "tests/compile/fusions_e2e/",
            ],
            commands=[
                "nvidia-smi",
                # Run all models but only FLASHINFER, Inductor partition and native custom ops
                # include qwen/deepseek with +quant_fp8 as -quant_fp8 rms+quant fusion is not supported
                # for ar-rms-quant-fp4, also sweep llama3
                'pytest -v -s tests/compile/fusions_e2e/test_tp2_ar_rms.py -k "(FLASHINFER and inductor_partition and not +rms_norm and (not +quant_fp8 or +quant_fp8 and (qwen3 or deepseek))) or Llama-3.1-8B-Instruct-FP4"',
                'pytest -v -s tests/compile/fusions_e2e/test_tp2_async_tp.py -k "FLASHINFER and inductor_partition and not +rms_norm and (not +quant_fp8 or +quant_fp8 and (qwen3 or deepseek))"',
            ],
        ),
    ],
)
