"""CPU: imported from `hardware_tests/cpu.yaml` by `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

CPU = Group(
    name="CPU",
    depends_on=[],
    steps=[
        Step(
            key="cpu-kernel-tests",
            label="CPU-Kernel Tests",
            device="intel_cpu",
            paths=[
                "csrc/cpu/",
                "cmake/cpu_extension.cmake",
                "CMakeLists.txt",
                "vllm/_custom_ops.py",
                "tests/kernels/attention/test_cpu_attn.py",
                "tests/v1/attention/test_group_head_counts.py",
                "tests/kernels/attention/test_amx_mla.py",
                "vllm/v1/attention/backends/mla/amx_mla.py",
                "vllm/model_executor/layers/attention/mla_attention.py",
                "tests/kernels/moe/test_cpu_fused_moe.py",
                "tests/kernels/moe/test_cpu_quant_fused_moe.py",
                "tests/kernels/test_onednn.py",
                "tests/kernels/test_awq_int4_to_int8.py",
                "tests/kernels/quantization/test_cpu_fp8_scaled_mm.py",
                "tests/kernels/mamba/cpu/test_cpu_gdn_ops.py",
                "tests/kernels/mamba/test_cpu_short_conv.py",
                "tests/kernels/mamba/test_causal_conv1d.py",
                "tests/kernels/mamba/test_mamba_ssm.py",
                "vllm/v1/sample/ops/topk_topp_triton.py",
                "vllm/v1/sample/ops/topk_topp_sampler.py",
                "tests/v1/sample/test_topk_topp_sampler.py",
            ],
            no_plugin=True,
            commands=[
                """bash .buildkite/scripts/hardware_ci/run-cpu-test.sh 30m "
pytest -x -v -s tests/kernels/attention/test_cpu_attn.py
pytest -x -v -s tests/v1/attention/test_group_head_counts.py
pytest -x -v -s tests/kernels/attention/test_amx_mla.py
pytest -x -v -s tests/kernels/moe/test_cpu_fused_moe.py
pytest -x -v -s tests/kernels/moe/test_cpu_quant_fused_moe.py
pytest -x -v -s tests/kernels/mamba/test_cpu_short_conv.py
pytest -x -v -s tests/kernels/test_onednn.py
pytest -x -v -s tests/kernels/test_awq_int4_to_int8.py
pytest -x -v -s tests/kernels/quantization/test_cpu_fp8_scaled_mm.py
pytest -x -v -s tests/kernels/mamba/cpu/test_cpu_gdn_ops.py
pytest -x -v -s tests/kernels/mamba/test_causal_conv1d.py
pytest -x -v -s tests/kernels/mamba/test_mamba_ssm.py
pytest -x -v -s tests/v1/sample/test_topk_topp_sampler.py::TestTritonTopkTopp"
""",
            ],
        ),

        # Note: SDE can't be downloaded from CI host because of AWS WAF
        # - label: CPU-Compatibility Tests
        #   depends_on: []
        #   device: intel_cpu
        #   no_plugin: true
        #   source_file_dependencies:
        #   - cmake/cpu_extension.cmake
        #   - setup.py
        #   - vllm/platforms/cpu.py
        #   commands:
        #     - |
        #       bash .buildkite/scripts/hardware_ci/run-cpu-test.sh 20m "
        #       bash .buildkite/scripts/hardware_ci/run-cpu-compatibility-test.sh"
        Step(
            key="cpu-language-generation-and-pooling-model-tests",
            label="CPU-Language Generation and Pooling Model Tests",
            device="intel_cpu",
            paths=[
                "csrc/cpu/",
                "vllm/",
                "tests/models/language/generation/",
                "tests/models/language/pooling/",
                "tests/v1/e2e/test_cpu_linear_attn_chunked_prefix.py",
            ],
            no_plugin=True,
            commands=[
                """bash .buildkite/scripts/hardware_ci/run-cpu-test.sh 50m "
pytest -x -v -s tests/models/language/generation -m cpu_model
pytest -x -v -s tests/models/language/pooling -m cpu_model
pytest -x -v -s tests/v1/e2e/test_cpu_linear_attn_chunked_prefix.py"
""",
            ],
        ),

        Step(
            key="cpu-quantization-model-tests",
            label="CPU-Quantization Model Tests",
            device="intel_cpu",
            paths=[
                "csrc/cpu/",
                "vllm/model_executor/layers/quantization/auto_gptq.py",
                "vllm/model_executor/layers/quantization/compressed_tensors/schemes/compressed_tensors_w8a8_int8.py",
                "vllm/model_executor/kernels/linear/mixed_precision/cpu.py",
                "vllm/model_executor/kernels/linear/scaled_mm/cpu.py",
                "vllm/model_executor/layers/fused_moe/experts/cpu_moe.py",
                "tests/quantization/test_compressed_tensors.py",
                "tests/quantization/test_cpu_wna16.py",
                "tests/quantization/test_cpu_w8a8.py",
            ],
            no_plugin=True,
            commands=[
                """bash .buildkite/scripts/hardware_ci/run-cpu-test.sh 45m "
pytest -x -v -s tests/quantization/test_compressed_tensors.py::test_compressed_tensors_w8a8_logprobs
pytest -x -v -s tests/quantization/test_cpu_wna16.py
pytest -x -v -s tests/quantization/test_cpu_w8a8.py"
""",
            ],
        ),

        Step(
            key="cpu-distributed-tests-pp-tp",
            label="CPU-Distributed Tests (PP+TP)",
            device="intel_cpu",
            paths=[
                "csrc/cpu/shm.cpp",
                "vllm/v1/worker/cpu_worker.py",
                "vllm/v1/worker/gpu_worker.py",
                "vllm/v1/worker/cpu_model_runner.py",
                "vllm/v1/worker/gpu_model_runner.py",
                "vllm/platforms/cpu.py",
                "vllm/distributed/parallel_state.py",
                "vllm/distributed/device_communicators/cpu_communicator.py",
                ".buildkite/scripts/hardware_ci/run-cpu-distributed-smoke-test.sh",
            ],
            no_plugin=True,
            commands=[
                """bash .buildkite/scripts/hardware_ci/run-cpu-test.sh 10m "
bash .buildkite/scripts/hardware_ci/run-cpu-distributed-smoke-test.sh tp_pp"
""",
            ],
        ),

        Step(
            key="cpu-distributed-tests-dp-tp",
            label="CPU-Distributed Tests (DP+TP)",
            device="intel_cpu",
            paths=[
                "csrc/cpu/shm.cpp",
                "vllm/v1/worker/cpu_worker.py",
                "vllm/v1/worker/gpu_worker.py",
                "vllm/v1/worker/cpu_model_runner.py",
                "vllm/v1/worker/gpu_model_runner.py",
                "vllm/platforms/cpu.py",
                "vllm/distributed/parallel_state.py",
                "vllm/distributed/device_communicators/cpu_communicator.py",
                ".buildkite/scripts/hardware_ci/run-cpu-distributed-smoke-test.sh",
            ],
            no_plugin=True,
            commands=[
                """bash .buildkite/scripts/hardware_ci/run-cpu-test.sh 10m "
bash .buildkite/scripts/hardware_ci/run-cpu-distributed-smoke-test.sh dp_tp"
""",
            ],
        ),

        Step(
            key="cpu-multi-modal-model-tests-n",
            label="CPU-Multi-Modal Model Tests %N",
            device="intel_cpu",
            parallelism=4,
            paths=[
                # - vllm/
                "vllm/model_executor/layers/rotary_embedding",
                "tests/models/multimodal/generation/",
            ],
            no_plugin=True,
            commands=[
                """bash .buildkite/scripts/hardware_ci/run-cpu-test.sh 45m "
pytest -x -v -s tests/models/multimodal/generation --ignore=tests/models/multimodal/generation/test_pixtral.py --ignore=tests/models/multimodal/generation/test_qwen2_5_vl.py -m cpu_model --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT --shard-id=$BUILDKITE_PARALLEL_JOB"
""",
            ],
        ),

        Step(
            key="cpu-qwen2-5-vl-multimodal-tests",
            label="CPU-Qwen2.5-VL Multimodal Tests",
            device="intel_cpu",
            paths=[
                # - vllm/
                "vllm/model_executor/layers/rotary_embedding",
                "tests/models/multimodal/generation/",
            ],
            no_plugin=True,
            commands=[
                """bash .buildkite/scripts/hardware_ci/run-cpu-test.sh 40m "
VLLM_CI_ENV=0 pytest -x -v -s tests/models/multimodal/generation/test_qwen2_5_vl.py"
""",
            ],
        ),

        Step(
            key="arm-cpu-test",
            label="Arm CPU Test",
            device="arm_cpu",
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-cpu-test-arm.sh",
            ],
        ),
    ],
)
