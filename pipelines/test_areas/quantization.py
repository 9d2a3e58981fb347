"""Quantization: the source of truth, kept in step with vLLM's `.buildkite/test_areas/quantization.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_IMAGE, TESTS_DIR

QUANTIZATION = Group(
    name="Quantization",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="quantization",
            label=":nvidia: (H200) Quantization Shard %N",
            device="h200_35gb",
            parallelism=4,
            timeout=40,
            paths=["csrc/", "vllm/model_executor/layers/quantization", "tests/quantization"],
            env={"VLLM_USE_V2_MODEL_RUNNER": "0"},
            commands=[
                # Pin torchao to the version compatible with the CI PyTorch and CUDA stack.
                "uv pip install --system torchao==0.17.0 --index-url https://download.pytorch.org/whl/cu130",
                "uv pip install --system conch-triton-kernels",
                # The SM90-only checkpoint currently contains a removed weight_chan_scale
                # parameter. It was not exercised by the previous L4 job.
                "VLLM_TEST_FORCE_LOAD_FORMAT=auto pytest -v -s quantization/ --ignore quantization/test_blackwell_moe.py -k 'not test_compressed_tensors_w4a8_fp8' --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT",
            ],
        ),

        Step(
            key="quantized-fusions",
            label=":nvidia: (H200) Quantized Fusions",
            device="h200_35gb",
            timeout=20,
            paths=[
                "tests/fusion",
                "vllm/model_executor/layers/fusion",
                "vllm/model_executor/kernels/linear",
                "vllm/model_executor/layers/quantization/compressed_tensors",
                "vllm/model_executor/layers/quantization/modelopt.py",
            ],
            commands=[
                "pytest -v -s fusion/",
            ],
        ),

        Step(
            key="quantized-moe-test-b200",
            label=":nvidia: (B200) Quantized MoE",
            device="b200-k8s",
            timeout=120,
            working_dir="/vllm-workspace/",
            paths=[
                "tests/quantization/test_blackwell_moe.py",
                "vllm/model_executor/models/deepseek_v2.py",
                "vllm/model_executor/models/gpt_oss.py",
                "vllm/model_executor/models/llama4.py",
                "vllm/model_executor/layers/fused_moe",
                "vllm/model_executor/layers/quantization/compressed_tensors",
                "vllm/model_executor/layers/quantization/modelopt.py",
                "vllm/model_executor/layers/quantization/mxfp4.py",
                "vllm/v1/attention/backends/flashinfer.py",
            ],
            commands=[
                "pytest -s -v tests/quantization/test_blackwell_moe.py",
            ],
        ),

        Step(
            key="quantized-models-test",
            label=":nvidia: (H200) Quantized Models",
            device="h200_35gb",
            timeout=65,
            paths=["vllm/model_executor/layers/quantization", "tests/models/quantization"],
            env={"VLLM_USE_V2_MODEL_RUNNER": "0"},
            commands=[
                "pytest -v -s models/quantization",
            ],
        ),
    ],
)
