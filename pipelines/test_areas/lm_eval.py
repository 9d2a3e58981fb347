"""LM Eval: the source of truth, kept in step with vLLM's `.buildkite/test_areas/lm_eval.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

LM_EVAL = Group(
    name="LM Eval",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        # vllmci import: field 'autorun_on_main' = True: ignored by vLLM's generator; not imported
        Step(
            key="lm-eval-small-models",
            label=":nvidia: (H200) LM Eval Small Models",
            device="h200_35gb",
            timeout=45,
            paths=["csrc/", "vllm/model_executor/layers/quantization"],
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=configs/models-small.txt",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) LM Eval Small Models",
                timeout=45,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "csrc/",
                    "vllm/model_executor/layers/quantization",
                    "vllm/model_executor/models/",
                    "vllm/model_executor/model_loader/",
                    "vllm/v1/attention/backends/",
                    "vllm/v1/attention/selector.py",
                    "vllm/_aiter_ops.py",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
            ),
        ),

        # - label: LM Eval Large Models (4xA100)
        #   key: lm-eval-large-models-4xa100
        #   device: a100
        #   optional: true
        #   num_devices: 4
        #   working_dir: "/vllm-workspace/.buildkite/lm-eval-harness"
        #   source_file_dependencies:
        #   - csrc/
        #   - vllm/model_executor/layers/quantization
        #   commands:
        #   - export VLLM_WORKER_MULTIPROC_METHOD=spawn
        #   - pytest -s -v test_lm_eval_correctness.py --config-list-file=configs/models-large.txt --tp-size=4
        Step(
            key="lm-eval-large-models-4xh100",
            label=":nvidia: (H100) LM Eval Large Models",
            device="h100",
            num_devices=4,
            working_dir="/vllm-workspace/.buildkite/lm-eval-harness",
            optional=True,
            paths=["csrc/", "vllm/model_executor/layers/quantization"],
            commands=[
                "export VLLM_USE_DEEP_GEMM=0",  # We found Triton is faster than DeepGEMM for H100
                "pytest -s -v test_lm_eval_correctness.py --config-list-file=configs/models-large-hopper.txt --tp-size=4",
            ],
        ),

        Step(
            key="lm-eval-small-models-1xb200",
            label=":nvidia: (B200) LM Eval Small Models",
            device="b200-k8s",
            timeout=50,
            optional=True,
            paths=["csrc/", "vllm/model_executor/layers/quantization"],
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=configs/models-blackwell.txt",
            ],
        ),

        # vllmci import: field 'autorun_on_main' = True: ignored by vLLM's generator; not imported
        Step(
            key="lm-eval-small-models-distributed-2xb200",
            label=":nvidia: (B200) LM Eval Small Models Distributed",
            device="b200-k8s",
            num_devices=2,
            timeout=120,
            optional=True,
            paths=["csrc/", "vllm/model_executor/layers/quantization"],
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=configs/models-small-tp.txt",
            ],
        ),

        # vllmci import: field 'autorun_on_main' = True: ignored by vLLM's generator; not imported
        Step(
            key="lm-eval-pcp-4xb200",
            label=":nvidia: (B200) LM Eval PCP",
            device="b200-k8s",
            num_devices=4,
            timeout=360,
            optional=True,
            paths=[
                "csrc/",
                "tests/evals/gsm8k/configs/GLM-5.2-NVFP4-TP2-PCP2-EP.yaml",
                "tests/evals/gsm8k/configs/GLM-5.2-NVFP4-TP1-PCP4-EP.yaml",
                "tests/evals/gsm8k/configs/models-pcp.txt",
                "vllm/model_executor/layers/quantization",
                "vllm/config/parallel.py",
                "vllm/distributed/parallel_state.py",
                "vllm/model_executor/layers/attention/mla_attention.py",
                "vllm/model_executor/layers/attention/pcp.py",
                "vllm/v1/worker/gpu/model_runner.py",
                "vllm/v1/worker/gpu/pcp_manager.py",
            ],
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=configs/models-pcp.txt",
            ],
        ),

        Step(
            key="lm-eval-spec-decode-4xb200",
            label=":nvidia: (B200) LM Eval Spec Decode",
            device="b200-k8s",
            num_devices=4,
            timeout=120,
            optional=True,
            paths=[
                "tests/evals/gsm8k/configs/DeepSeek-V4-Flash-DSpark-confidence-TP4.yaml",
                "tests/evals/gsm8k/configs/models-spec-decode.txt",
                "vllm/models/deepseek_v4/",
                "vllm/model_executor/models/qwen3_dspark.py",
                "vllm/v1/spec_decode/metrics.py",
                "vllm/v1/worker/gpu/spec_decode/adaptive_verification.py",
                "vllm/v1/worker/gpu/spec_decode/dflash/",
                "vllm/v1/worker/gpu/spec_decode/dspark/",
                "vllm/v1/worker/gpu/spec_decode/rejection_sampler.py",
                "vllm/v1/worker/gpu/spec_decode/speculator.py",
            ],
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=configs/models-spec-decode.txt",
            ],
        ),

        Step(
            key="lm-eval-large-models-ep-2xb200",
            label=":nvidia: (B200) LM Eval Large Models EP",
            device="b200-k8s",
            num_devices=2,
            timeout=60,
            optional=True,
            paths=["csrc/", "vllm/model_executor/layers/quantization"],
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=configs/models-blackwell-ep.txt",
            ],
        ),

        Step(
            key="lm-eval-qwen3-5-models-2xb200",
            label=":nvidia: (B200) LM Eval Qwen3.5 Models",
            device="b200-k8s",
            num_devices=2,
            timeout=45,
            optional=True,
            paths=[
                "vllm/model_executor/models/qwen3_5.py",
                "vllm/model_executor/models/qwen3_5_mtp.py",
                "vllm/transformers_utils/configs/qwen3_5.py",
                "vllm/transformers_utils/configs/qwen3_5_moe.py",
                "vllm/model_executor/models/qwen3_next.py",
                "vllm/model_executor/models/qwen3_next_mtp.py",
                "vllm/third_party/flash_linear_attention/ops/",
            ],
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=configs/models-qwen35-blackwell.txt",
            ],
        ),

        Step(
            key="lm-eval-large-models-8xh200",
            label=":nvidia: (H200) LM Eval Large Models",
            device="h200",
            num_devices=8,
            timeout=50,
            optional=True,
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=configs/models-h200.txt",
            ],
            amd=AmdMirror(
                device="mi300_8",
                label=":amd: (MI300) LM Eval Large Models",
                timeout=40,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
                commands=[
                    "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                    "export PYTORCH_ROCM_ARCH=gfx942",  # Limit Quark compilation to save time
                    "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=configs/models-mi3xx.txt",
                ],
            ),
        ),

        Step(
            key="moe-refactor-integration-test-h100-temporary",
            label=":nvidia: (H100) MoE Refactor Integration TEMPORARY",
            device="h100",
            num_devices=2,
            optional=True,
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=evals/gsm8k/configs/moe-refactor/config-h100.txt",
            ],
        ),

        Step(
            key="moe-refactor-integration-test-b200-temporary",
            label=":nvidia: (B200) MoE Refactor Integration TEMPORARY Shard %N",
            device="b200-k8s",
            num_devices=2,
            parallelism=4,
            optional=True,
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=evals/gsm8k/configs/moe-refactor/config-b200-shard-$BUILDKITE_PARALLEL_JOB.txt",
            ],
        ),

        Step(
            key="moe-refactor-integration-test-b200-dp-temporary",
            label=":nvidia: (B200) MoE Refactor DP Integration TEMPORARY",
            device="b200-k8s",
            num_devices=2,
            optional=True,
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=evals/gsm8k/configs/moe-refactor-dp-ep/config-b200.txt",
            ],
        ),

        Step(
            key="lm-eval-humming-f16-a100",
            label=":nvidia: (A100) LM Eval Humming FP16 TEMPORARY Shard %N",
            device="a100",
            num_devices=1,
            parallelism=3,
            timeout=75,
            optional=True,
            paths=[
                "vllm/model_executor/layers/quantization/humming.py",
                "vllm/model_executor/layers/quantization/utils/humming_utils.py",
                "vllm/model_executor/layers/fused_moe/experts/fused_humming_moe.py",
                "vllm/model_executor/layers/fused_moe/oracle/",
                "vllm/model_executor/kernels/linear/",
            ],
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=evals/gsm8k/configs/humming/config-a100-shard-$BUILDKITE_PARALLEL_JOB.txt",
            ],
        ),

        Step(
            key="lm-eval-humming-act-a100",
            label=":nvidia: (A100) LM Eval Humming Activation INT8 TEMPORARY",
            device="a100",
            num_devices=1,
            timeout=45,
            optional=True,
            paths=[
                "vllm/model_executor/layers/quantization/humming.py",
                "vllm/model_executor/layers/quantization/utils/humming_utils.py",
                "vllm/model_executor/layers/fused_moe/experts/fused_humming_moe.py",
                "vllm/model_executor/layers/fused_moe/oracle/",
                "vllm/model_executor/kernels/linear/",
            ],
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=evals/gsm8k/configs/humming/config-act-int8.txt",
            ],
        ),

        Step(
            key="lm-eval-humming-f16-h100",
            label=":nvidia: (H100) LM Eval Humming FP16 TEMPORARY Shard %N",
            device="h100",
            num_devices=1,
            parallelism=3,
            timeout=70,
            optional=True,
            paths=[
                "vllm/model_executor/layers/quantization/humming.py",
                "vllm/model_executor/layers/quantization/utils/humming_utils.py",
                "vllm/model_executor/layers/fused_moe/experts/fused_humming_moe.py",
                "vllm/model_executor/layers/fused_moe/oracle/",
                "vllm/model_executor/kernels/linear/",
            ],
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=evals/gsm8k/configs/humming/config-h100-shard-$BUILDKITE_PARALLEL_JOB.txt",
            ],
        ),

        Step(
            key="lm-eval-humming-act-h100",
            label=":nvidia: (H100) LM Eval Humming Activation FP8/INT8 TEMPORARY",
            device="h100",
            num_devices=1,
            timeout=70,
            optional=True,
            paths=[
                "vllm/model_executor/layers/quantization/humming.py",
                "vllm/model_executor/layers/quantization/utils/humming_utils.py",
                "vllm/model_executor/layers/fused_moe/experts/fused_humming_moe.py",
                "vllm/model_executor/layers/fused_moe/oracle/",
                "vllm/model_executor/kernels/linear/",
            ],
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=evals/gsm8k/configs/humming/config-act-fp8.txt",
            ],
        ),

        # - pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=evals/gsm8k/configs/humming/config-act-int8.txt
        Step(
            key="lm-eval-humming-f16-b200",
            label=":nvidia: (B200) LM Eval Humming FP16 TEMPORARY",
            device="b200-k8s",
            num_devices=1,
            timeout=50,
            optional=True,
            paths=[
                "vllm/model_executor/layers/quantization/humming.py",
                "vllm/model_executor/layers/quantization/utils/humming_utils.py",
                "vllm/model_executor/layers/fused_moe/experts/fused_humming_moe.py",
                "vllm/model_executor/layers/fused_moe/oracle/",
                "vllm/model_executor/kernels/linear/",
            ],
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=evals/gsm8k/configs/humming/config.txt",
            ],
        ),

        Step(
            key="lm-eval-humming-act-b200",
            label=":nvidia: (B200) LM Eval Humming Activation FP8/INT8 TEMPORARY",
            device="b200-k8s",
            num_devices=1,
            timeout=50,
            optional=True,
            paths=[
                "vllm/model_executor/layers/quantization/humming.py",
                "vllm/model_executor/layers/quantization/utils/humming_utils.py",
                "vllm/model_executor/layers/fused_moe/experts/fused_humming_moe.py",
                "vllm/model_executor/layers/fused_moe/oracle/",
                "vllm/model_executor/kernels/linear/",
            ],
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=evals/gsm8k/configs/humming/config-act-fp8.txt",
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=evals/gsm8k/configs/humming/config-act-int8.txt",
            ],
        ),

        Step(
            key="lm-eval-turboquant-kv-cache",
            label=":nvidia: (H200) LM Eval TurboQuant KV Cache",
            device="h200_18gb",
            timeout=55,
            paths=[
                "vllm/model_executor/layers/quantization/turboquant/",
                "vllm/v1/attention/backends/turboquant_attn.py",
                "vllm/v1/attention/ops/triton_turboquant_decode.py",
                "vllm/v1/attention/ops/triton_turboquant_store.py",
            ],
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=evals/gsm8k/configs/models-turboquant.txt",
            ],
        ),

        Step(
            key="gpqa-eval-gpt-oss-2xh100",
            label=":nvidia: (H100) GPQA Eval (GPT-OSS)",
            device="h100",
            num_devices=2,
            timeout=35,
            optional=True,
            paths=["csrc/", "vllm/model_executor/layers/quantization", "tests/evals/gpt_oss/"],
            commands=[
                "uv pip install --system 'gpt-oss[eval]==0.0.5'",
                "pytest -s -v evals/gpt_oss/test_gpqa_correctness.py --config-list-file=configs/models-h100.txt",
            ],
        ),

        Step(
            key="gpqa-eval-gpt-oss-2xb200",
            label=":nvidia: (B200) GPQA Eval (GPT-OSS)",
            device="b200-k8s",
            num_devices=2,
            timeout=30,
            optional=True,
            paths=["csrc/", "vllm/model_executor/layers/quantization", "tests/evals/gpt_oss/"],
            commands=[
                "uv pip install --system 'gpt-oss[eval]==0.0.5'",
                "pytest -s -v evals/gpt_oss/test_gpqa_correctness.py --config-list-file=configs/models-b200.txt",
            ],
        ),

        Step(
            key="gpqa-eval-gpt-oss-spark",
            label=":nvidia: (DGX) Spark GPQA Eval (GPT-OSS)",
            device="dgx-spark",
            num_devices=1,
            timeout=35,
            optional=True,
            depends_on=["arm64-image-build", "pre-commit"],
            paths=["csrc/", "vllm/model_executor/layers/quantization", "tests/evals/gpt_oss/"],
            commands=[
                "uv pip install --system 'gpt-oss[eval]==0.0.5'",
                "pytest -s -v evals/gpt_oss/test_gpqa_correctness.py --config-list-file=configs/models-spark.txt",
            ],
        ),

        Step(
            key="kv-offload-small",
            label=":nvidia: (H200) LM Eval KV-Offload",
            device="h200_35gb",
            timeout=30,
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/offloading/",
                "vllm/distributed/kv_transfer/kv_connector/v1/simple_cpu_offload_connector.py",
                "vllm/v1/kv_offload/",
                "vllm/v1/simple_kv_offload/",
                "tests/evals/gsm8k/test_gsm8k_offloading.py",
            ],
            commands=[
                'pytest -s -v evals/gsm8k/test_gsm8k_offloading.py -k "nemotron-h-8b or gemma-4-e4b-it"',
            ],
        ),

        Step(
            key="kv-offload-medium",
            label=":nvidia: (H100) LM Eval KV-Offload Medium",
            device="h100",
            num_devices=2,
            timeout=45,
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/offloading/",
                "vllm/distributed/kv_transfer/kv_connector/v1/simple_cpu_offload_connector.py",
                "vllm/v1/kv_offload/",
                "vllm/v1/simple_kv_offload/",
                "tests/evals/gsm8k/test_gsm8k_offloading.py",
            ],
            commands=[
                'pytest -s -v evals/gsm8k/test_gsm8k_offloading.py -k "qwen3.5-35b or deepseek-v2-lite"',
            ],
        ),

        Step(
            key="kv-offload-large",
            label=":nvidia: (H100) LM Eval KV-Offload Large",
            device="h100",
            num_devices=4,
            timeout=40,
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/offloading/",
                "vllm/distributed/kv_transfer/kv_connector/v1/simple_cpu_offload_connector.py",
                "vllm/v1/kv_offload/",
                "vllm/v1/simple_kv_offload/",
                "tests/evals/gsm8k/test_gsm8k_offloading.py",
            ],
            commands=[
                'pytest -s -v evals/gsm8k/test_gsm8k_offloading.py -k "deepseek-v4-flash"',
            ],
        ),

        Step(
            key="-nvidia--h200-mrcr-eval-small-models",
            label=":nvidia: (H200) MRCR Eval Small Models",
            device="h200_35gb",
            timeout=25,
            paths=["tests/evals/mrcr/"],
            commands=[
                "pytest -s -v evals/mrcr/test_mrcr_correctness.py --config-list-file=evals/mrcr/configs/models-small.txt",
            ],
        ),
    ],
)
