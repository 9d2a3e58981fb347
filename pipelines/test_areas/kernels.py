"""Kernels: the source of truth, kept in step with vLLM's `.buildkite/test_areas/kernels.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

KERNELS = Group(
    name="Kernels",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="vllm-ir-tests",
            label=":nvidia: (H200) vLLM IR",
            device="h200_18gb",
            timeout=35,
            working_dir="/vllm-workspace/",
            paths=["vllm/ir", "vllm/kernels"],
            commands=[
                "pytest -v -s tests/ir",
                "pytest -v -s tests/kernels/ir",
            ],
        ),

        Step(
            key="kernels-core-operation-test",
            label=":nvidia: (H200) Core Operation Kernels Shard %N",
            device="h200_35gb",
            parallelism=3,
            timeout=120,
            paths=[
                "csrc/",
                "tests/kernels/core",
                "tests/kernels/test_concat_mla_q.py",
                "tests/kernels/test_fused_qk_norm_rope_gate.py",
            ],
            commands=[
                "pytest -v -s kernels/core --ignore=kernels/core/test_minimax_reduce_rms.py kernels/test_concat_mla_q.py kernels/test_fused_qk_norm_rope_gate.py --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT",
            ],
        ),

        Step(
            key="kernels-minimax-reduce-rms-test-2-gpus",
            label=":nvidia: (H100) MiniMax Reduce RMS Kernels",
            device="h100",
            num_devices=2,
            timeout=20,
            paths=[
                "csrc/minimax_reduce_rms_kernel.cu",
                "csrc/minimax_reduce_rms_kernel.h",
                "vllm/model_executor/layers/mamba/linear_attn.py",
                "vllm/model_executor/layers/mamba/lamport_workspace.py",
                "tests/kernels/core/test_minimax_reduce_rms.py",
            ],
            commands=[
                "pytest -v -s kernels/core/test_minimax_reduce_rms.py",
            ],
        ),

        Step(
            key="deepseek-v4-kernel-test-h100",
            label=":nvidia: (H100) DeepSeek V4 Kernels",
            device="h100",
            timeout=30,
            paths=[
                "csrc/fused_deepseek_v4_qnorm_rope_kv_insert_kernel.cu",
                "vllm/models/deepseek_v4/common/ops/",
                "tests/kernels/test_fused_deepseek_v4_qnorm_rope_kv_insert.py",
                "tests/kernels/test_top_k_per_row.py",  # it runs on Blackwell too - some kernels have arch-specific optimizations
            ],
            commands=[
                "pytest -v -s kernels/test_fused_deepseek_v4_*.py",
                "pytest -v -s kernels/test_top_k_per_row.py",
            ],
        ),

        Step(
            key="deepseek-v4-kernel-test-b200",
            label=":nvidia: (B200) DeepSeek V4 Kernels",
            device="b200-k8s",
            timeout=20,
            paths=[
                "csrc/fused_deepseek_v4_qnorm_rope_kv_insert_kernel.cu",
                "vllm/models/deepseek_v4/common/ops/",
                "vllm/models/deepseek_v4/nvidia/",
                "tests/kernels/test_fused_deepseek_v4_qnorm_rope_kv_insert.py",
                "tests/models/test_deepseek_v4_mega_moe.py",
            ],
            commands=[
                "pytest -v -s kernels/test_fused_deepseek_v4_*.py",
                "pytest -v -s models/test_deepseek_v4_mega_moe.py",
            ],
        ),

        # Catch-all for test files at the tests/kernels root. This job collects
        # the whole root so new files are wired by default.
        # Files with dedicated jobs elsewhere in this file are excluded via --ignore
        # (test_kda, test_bf16x3_router_gemm_cutedsl and test_ll_bf16_gemm run in
        # their own jobs / Kernels (B200)).
        Step(
            key="kernels-root-misc-test-b200",
            label=":nvidia: (B200) Miscellaneous Kernels",
            device="b200-k8s",
            timeout=45,
            paths=["csrc/", "vllm/", "tests/kernels/"],
            commands=[
                "pytest -v -s kernels/ --ignore=kernels/attention --ignore=kernels/core --ignore=kernels/helion --ignore=kernels/ir --ignore=kernels/mamba --ignore=kernels/moe --ignore=kernels/quantization --ignore=kernels/test_concat_mla_q.py --ignore=kernels/test_fused_qk_norm_rope_gate.py --ignore=kernels/test_fused_deepseek_v4_qnorm_rope_kv_insert.py --ignore=kernels/test_top_k_per_row.py --ignore=kernels/test_kda.py --ignore=kernels/test_bf16x3_router_gemm_cutedsl.py --ignore=kernels/test_ll_bf16_gemm.py --ignore=kernels/test_shuffle_rows.py",
            ],
        ),

        # BROKEN on main, pending kernel fixes (B200):
        #   test_shuffle_rows.py (1: test_shuffle_rows_edge_cases)
        Step(
            key="kernels-attention-test",
            label=":nvidia: (L4) Attention Kernels Shard %N",
            parallelism=2,
            timeout=65,
            paths=[
                "csrc/attention/",
                "vllm/v1/attention",
                # TODO: remove this dependency (https://github.com/vllm-project/vllm/issues/32267)
                "vllm/model_executor/layers/attention",
                "vllm/utils/flashinfer.py",
                "tests/kernels/attention",
            ],
            commands=[
                "pytest -v -s kernels/attention --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Attention Kernels Shard %N",
                timeout=90,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "csrc/attention/",
                    "vllm/v1/attention",
                    "vllm/model_executor/layers/attention",
                    "tests/kernels/attention",
                    "vllm/_aiter_ops.py",
                    "vllm/envs.py",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
            ),
        ),

        Step(
            key="kernels-attention-diffkv-test-h100",
            label=":nvidia: (H100) Attention DiffKV Kernels",
            device="h100",
            num_devices=1,
            timeout=20,
            paths=[
                "vllm/v1/attention/ops/triton_unified_attention_diffkv.py",
                "vllm/v1/attention/backends/triton_attn_diffkv.py",
                "vllm/v1/attention/backends/flash_attn_diffkv.py",
                "tests/kernels/attention/test_triton_unified_attention_diffkv.py",
            ],
            commands=[
                "pytest -v -s kernels/attention/test_triton_unified_attention_diffkv.py",
            ],
        ),

        Step(
            key="kernels-flashmla-test-h100",
            label=":nvidia: (H100) FlashMLA Kernels",
            device="h100",
            num_devices=1,
            timeout=25,
            paths=[
                "cmake/external_projects/flashmla.cmake",
                "vllm/v1/attention/ops/flashmla.py",
                "vllm/v1/attention/backends/mla/flashmla.py",
                "vllm/v1/attention/backends/mla/flashmla_sparse.py",
                "tests/kernels/attention/test_flashmla.py",
                "tests/kernels/attention/test_flashmla_sparse.py",
                "tests/kernels/attention/test_mla_cross_layer_kernel_equivalence.py",
            ],
            commands=[
                "pytest -v -s kernels/attention/test_flashmla.py",
                "pytest -v -s kernels/attention/test_flashmla_sparse.py",
                "pytest -v -s kernels/attention/test_mla_cross_layer_kernel_equivalence.py",
            ],
        ),

        Step(
            key="kernels-quantization-test",
            label=":nvidia: (L4) Quantization Kernels Shard %N",
            parallelism=2,
            timeout=60,
            paths=[
                "csrc/quantization/",
                "vllm/model_executor/layers/quantization",
                "tests/kernels/quantization",
            ],
            commands=[
                "pytest -v -s kernels/quantization --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Quantization Kernels Shard %N",
                timeout=120,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "csrc/quantization/",
                    "vllm/model_executor/layers/quantization",
                    "vllm/config/",
                    "tests/kernels/quantization",
                    "tests/kernels/quantization/test_rocm_skinny_gemms.py",
                    "vllm/_aiter_ops.py",
                    "vllm/kernels/aiter_ops.py",
                    "vllm/platforms/rocm.py",
                    "vllm/model_executor/kernels/",
                ],
                dind=False,
            ),
        ),

        Step(
            key="kernels-moe-test",
            label=":nvidia: (L4) MoE Kernels Shard %N",
            parallelism=5,
            timeout=50,
            paths=[
                "csrc/quantization/cutlass_w8a8/moe/",
                "csrc/moe/",
                "tests/kernels/moe",
                "vllm/model_executor/layers/fused_moe/",
                "vllm/distributed/device_communicators/",
                "vllm/envs.py",
                "vllm/config",
            ],
            commands=[
                "pytest -v -s kernels/moe --ignore=kernels/moe/test_modular_oai_triton_moe.py --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT",
                "pytest -v -s kernels/moe/test_modular_oai_triton_moe.py --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) MoE Kernels Shard %N",
                timeout=55,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "csrc/quantization/cutlass_w8a8/moe/",
                    "csrc/moe/",
                    "tests/kernels/moe",
                    "vllm/model_executor/layers/fused_moe/",
                    "vllm/distributed/device_communicators/",
                    "vllm/envs.py",
                    "vllm/config",
                    "vllm/_aiter_ops.py",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
            ),
        ),

        Step(
            key="kernels-mamba-test",
            label=":nvidia: (H200) Mamba Kernels",
            device="h200_35gb",
            timeout=60,
            paths=["csrc/mamba/", "tests/kernels/mamba", "vllm/model_executor/layers/mamba/ops"],
            commands=[
                "pytest -v -s kernels/mamba",
            ],
        ),

        Step(
            key="kernels-deepgemm-test-h100",
            label=":nvidia: (H100) DeepGEMM Kernels",
            device="h100",
            num_devices=1,
            timeout=35,
            paths=[
                "cmake/external_projects/deepgemm.cmake",
                "tools/install_deepgemm.sh",
                "tools/build_deepgemm_C.py",
                "tools/setup_deepgemm_pythons.sh",
                "tools/check_wheel_deepgemm.py",
                "vllm/utils/deep_gemm.py",
                "vllm/model_executor/layers/fused_moe",
                "vllm/model_executor/layers/quantization",
                "tests/kernels/quantization/test_block_fp8.py",
                "tests/kernels/moe/test_deepgemm.py",
                "tests/kernels/moe/test_batched_deepgemm.py",
                "tests/kernels/attention/test_deepgemm_attention.py",
                "tests/quantization/test_cutlass_w4a16.py",
            ],
            commands=[
                "python3 ../tools/check_wheel_deepgemm.py",
                "pytest -v -s kernels/quantization/test_block_fp8.py",
                "pytest -v -s kernels/moe/test_deepgemm.py",
                "pytest -v -s kernels/moe/test_batched_deepgemm.py",
                "pytest -v -s kernels/attention/test_deepgemm_attention.py",
                "pytest -v -s quantization/test_cutlass_w4a16.py",
            ],
        ),

        # optional: true
        Step(
            key="kernels-b200",
            label=":nvidia: (B200) Kernels",
            device="b200-k8s",
            timeout=80,
            working_dir="/vllm-workspace/",
            paths=[
                "csrc/quantization/fp4/",
                "csrc/attention/mla/",
                "csrc/quantization/cutlass_w8a8/moe/",
                "vllm/model_executor/layers/fused_moe/experts/cutlass_moe.py",
                "vllm/model_executor/layers/fused_moe/experts/flashinfer_cutlass_moe.py",
                "vllm/model_executor/layers/fused_moe/experts/trtllm_nvfp4_moe.py",
                "vllm/model_executor/layers/fused_moe/oracle/nvfp4.py",
                "vllm/model_executor/layers/fused_moe/prepare_finalize/flashinfer_nvlink_one_sided.py",
                "vllm/model_executor/layers/fused_moe/prepare_finalize/flashinfer_nvlink_two_sided.py",
                "vllm/model_executor/layers/quantization/utils/flashinfer_utils.py",
                "vllm/v1/attention/backends/flashinfer.py",
                "vllm/v1/attention/backends/mla/cutlass_mla.py",
                "vllm/v1/attention/backends/mla/flashinfer_mla.py",
                "vllm/v1/attention/selector.py",
                "vllm/platforms/cuda.py",
                "vllm/model_executor/kernels/linear/cute_dsl/ll_bf16.py",
                "vllm/model_executor/kernels/linear/cute_dsl/_ll_bf16_dotprod.py",
                "vllm/model_executor/kernels/linear/cute_dsl/_ll_bf16_splitk.py",
                "vllm/cute_utils/",
                "vllm/model_executor/layers/mamba/ops/gdn_chunk_cutedsl/",
                "vllm/model_executor/layers/fused_moe/router/bf16x3_router_gemm_cutedsl.py",
                "cmake/external_projects/fmha_sm100.cmake",
                "vllm/models/minimax_m3/common/sparse_attention.py",
                "vllm/models/minimax_m3/nvidia/",
                "vllm/config/attention.py",
                "vllm/v1/attention/backends/registry.py",
                "vllm/_custom_ops.py",
                "csrc/libtorch_stable/fused_minimax_m3_qknorm_rope_kv_insert_kernel.cu",
                "csrc/libtorch_stable/ops.h",
                "csrc/libtorch_stable/torch_bindings.cpp",
                "tests/kernels/attention/test_minimax_m3_msa_cutlass_sparse_decode.py",
                "tests/kernels/test_fused_minimax_m3_qknorm_rope_kv_insert.py",
                "tests/kernels/mamba/test_gdn_prefill_cutedsl.py",
                "tests/kernels/test_bf16x3_router_gemm_cutedsl.py",
                "tests/kernels/attention/test_minimax_m3.py",
                "tests/kernels/test_ll_bf16_gemm.py",
                "tests/kernels/test_top_k_per_row.py",
            ],
            commands=[
                "nvidia-smi",
                "python3 examples/basic/offline_inference/chat.py",
                # Attention
                # num_heads2 broken by https://github.com/flashinfer-ai/flashinfer/issues/1353
                "pytest -v -s tests/kernels/attention/test_attention_selector.py",
                "pytest -v -s tests/kernels/attention/test_flashinfer.py -k 'not num_heads2'",
                "pytest -v -s tests/kernels/attention/test_flashinfer_trtllm_attention.py",
                "pytest -v -s tests/kernels/attention/test_cutlass_mla_decode.py",
                "pytest -v -s tests/kernels/attention/test_flashinfer_mla_decode.py",
                "pytest -v -s tests/kernels/attention/test_minimax_m3_msa_cutlass_sparse_decode.py",
                "pytest -v -s tests/kernels/test_fused_minimax_m3_qknorm_rope_kv_insert.py",
                "pytest -v -s tests/kernels/test_top_k_per_row.py",
                # Quantization
                "pytest -v -s tests/kernels/quantization/test_cutlass_scaled_mm.py -k 'fp8'",
                "pytest -v -s tests/kernels/quantization/test_nvfp4_quant.py",
                "pytest -v -s tests/kernels/quantization/test_silu_mul_nvfp4_quant.py",
                "pytest -v -s tests/kernels/quantization/test_nvfp4_scaled_mm.py",
                "pytest -v -s tests/kernels/quantization/test_flashinfer_scaled_mm.py",
                "pytest -v -s tests/kernels/quantization/test_flashinfer_nvfp4_scaled_mm.py",
                "pytest -v -s tests/kernels/quantization/test_nvfp4_qutlass.py",
                "pytest -v -s tests/kernels/quantization/test_mxfp4_qutlass.py",
                "pytest -v -s tests/kernels/moe/test_nvfp4_moe.py",
                "pytest -v -s tests/kernels/moe/test_mxfp4_moe.py",
                "pytest -v -s tests/kernels/moe/test_ocp_mx_moe.py",
                "pytest -v -s tests/kernels/moe/test_flashinfer.py",
                "pytest -v -s tests/kernels/moe/test_flashinfer_moe.py",
                "pytest -v -s tests/kernels/moe/test_trtllm_nvfp4_moe.py",
                "pytest -v -s tests/kernels/moe/test_cutedsl_moe.py",
                "pytest -v -s tests/kernels/mamba/test_gdn_prefill_cutedsl.py",
                "pytest -v -s tests/kernels/test_bf16x3_router_gemm_cutedsl.py",
                "pytest -v -s tests/kernels/attention/test_minimax_m3.py",
                "pytest -v -s tests/kernels/test_ll_bf16_gemm.py",
                # e2e
                "pytest -v -s tests/models/quantization/test_nvfp4.py",
            ],
        ),

        Step(
            key="b12x-linear-kernels-dgx-spark-nightly",
            label=":nvidia: (DGX) Spark B12X Linear Kernels Nightly",
            device="dgx-spark",
            num_devices=1,
            timeout=30,
            optional=True,
            depends_on=["arm64-image-build", "pre-commit"],
            paths=[
                "setup.py",
                "vllm/model_executor/kernels/linear/",
                "vllm/model_executor/warmup/b12x_warmup.py",
                "vllm/utils/b12x.py",
                "tests/model_executor/kernels/test_b12x_linear.py",
                "tests/model_executor/test_b12x_warmup.py",
                "tests/kernels/quantization/test_block_fp8.py",
            ],
            commands=[
                "uv pip install --system b12x==1.2.4",
                "pytest -v -s model_executor/kernels/test_b12x_linear.py model_executor/test_b12x_warmup.py kernels/quantization/test_block_fp8.py -k b12x",
            ],
        ),

        Step(
            key="kernels-helion-test",
            label=":nvidia: (H100) Helion Kernels Shard %N",
            device="h100",
            parallelism=2,
            timeout=115,
            paths=["vllm/utils/import_utils.py", "tests/kernels/helion/"],
            commands=[
                "pip install helion==1.4.0",
                "pytest -v -s kernels/helion/ --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT",
            ],
        ),

        Step(
            key="kernels-fp8-moe-test-1xh100",
            label=":nvidia: (H100) FP8 MoE Kernels",
            device="h100",
            num_devices=1,
            timeout=40,
            optional=True,
            commands=[
                "pytest -v -s kernels/moe/test_cutlass_moe.py",
                "pytest -v -s kernels/moe/test_flashinfer.py",
                "pytest -v -s kernels/moe/test_gpt_oss_triton_kernels.py",
                "pytest -v -s kernels/moe/test_modular_oai_triton_moe.py",
                "pytest -v -s kernels/moe/test_moe.py",
                # - pytest -v -s kernels/moe/test_block_fp8.py - failing on main
                "pytest -v -s kernels/moe/test_block_int8.py",
                "pytest -v -s kernels/moe/test_triton_moe_no_act_mul.py",
                "pytest -v -s kernels/moe/test_triton_moe_ptpc_fp8.py",
            ],
        ),

        Step(
            key="kernels-fp8-moe-test-2xh100",
            label=":nvidia: (H100) DeepEP FP8 MoE Kernels",
            device="h100",
            num_devices=2,
            timeout=45,
            optional=True,
            commands=[
                "pytest -v -s kernels/moe/test_deepep_deepgemm_moe.py",
                "pytest -v -s kernels/moe/test_deepep_moe.py",
            ],
        ),

        Step(
            key="kernels-fp4-moe-test-b200",
            label=":nvidia: (B200) FP4 MoE Kernels",
            device="b200-k8s",
            num_devices=1,
            timeout=25,
            optional=True,
            commands=[
                "pytest -v -s kernels/moe/test_cutedsl_moe.py",
                "pytest -v -s kernels/moe/test_flashinfer_moe.py",
                "pytest -v -s kernels/moe/test_nvfp4_moe.py",
                "pytest -v -s kernels/moe/test_ocp_mx_moe.py",
            ],
        ),

        Step(
            key="kernels-fusedmoe-layer-test-2-h100s",
            label=":nvidia: (H100) FusedMoE Layer Kernels",
            device="h100",
            num_devices=2,
            timeout=30,
            paths=[
                "csrc/quantization/cutlass_w8a8/moe/",
                "csrc/moe/",
                "tests/kernels/moe",
                "vllm/model_executor/layers/fused_moe/",
                "vllm/model_executor/layers/quantization/",
                "vllm/distributed/device_communicators/",
                "vllm/config",
            ],
            commands=[
                "pytest -v -s kernels/moe/test_moe_layer.py",
            ],
        ),

        Step(
            key="kernels-fusedmoe-layer-test-2-b200s",
            label=":nvidia: (B200) FusedMoE Layer Kernels",
            device="b200-k8s",
            num_devices=2,
            timeout=90,
            paths=[
                "csrc/quantization/cutlass_w8a8/moe/",
                "csrc/moe/",
                "tests/kernels/moe",
                "vllm/model_executor/layers/fused_moe/",
                "vllm/model_executor/layers/quantization/",
                "vllm/distributed/device_communicators/",
                "vllm/config",
            ],
            commands=[
                "pytest -v -s kernels/moe/test_moe_layer.py",
                "pytest -v -s kernels/moe/test_deepep_v2_moe.py",
            ],
        ),

        Step(
            key="kernels-fusedmoe-layer-test-2-mi355",
            label="Kernels FusedMoE Layer Test (2xMI355)",
            device="mi355_2",
            timeout=180,
            working_dir="/vllm-workspace/tests",
            optional=True,
            soft_fail=True,
            depends_on=AFTER_AMD_IMAGE,
            paths=[
                "csrc/moe/",
                "csrc/rocm/",
                "tests/kernels/moe",
                "vllm/model_executor/layers/fused_moe/",
                "vllm/model_executor/layers/quantization/",
                "vllm/distributed/",
                "vllm/config/",
                "vllm/forward_context.py",
                "vllm/v1/worker/workspace.py",
                "vllm/utils/import_utils.py",
                "vllm/utils/math_utils.py",
                "vllm/utils/torch_utils.py",
                "vllm/platforms/",
                "vllm/_aiter_ops.py",
            ],
            dind=False,
            commands=[
                "pytest -v -s kernels/moe/test_moe_layer.py",
            ],
        ),

        Step(
            key="kernels-fp8-moe-test-mi355",
            label="Kernels FP8 MoE Test (MI355)",
            device="mi355_1",
            timeout=180,
            working_dir="/vllm-workspace/tests",
            optional=True,
            soft_fail=True,
            depends_on=AFTER_AMD_IMAGE,
            paths=[
                "csrc/moe/",
                "vllm/model_executor/layers/fused_moe/",
                "tests/kernels/moe/test_deepep_moe.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                "vllm/envs.py",
            ],
            dind=False,
            commands=[
                "pytest -v -s kernels/moe/test_gpt_oss_triton_kernels.py",
                "pytest -v -s kernels/moe/test_modular_oai_triton_moe.py",
                "pytest -v -s kernels/moe/test_moe.py",
                "pytest -v -s kernels/moe/test_block_int8.py",
                "pytest -v -s kernels/moe/test_triton_moe_no_act_mul.py",
                "pytest -v -s kernels/moe/test_triton_moe_ptpc_fp8.py",
            ],
        ),
    ],
)
