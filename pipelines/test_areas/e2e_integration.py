"""E2E Integration: the source of truth, kept in step with vLLM's `.buildkite/test_areas/e2e_integration.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_IMAGE, TESTS_DIR

E2E_INTEGRATION = Group(
    name="E2E Integration",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="deepseek-v2-lite-sync-eplb-accuracy-4xh100",
            label=":nvidia: (H100) DeepSeek V2-Lite Sync EPLB Accuracy",
            device="h100",
            num_devices=4,
            timeout=25,
            working_dir="/vllm-workspace",
            optional=True,
            commands=[
                "bash .buildkite/scripts/scheduled_integration_test/deepseek_v2_lite_ep_eplb.sh 0.25 200 8010",
            ],
        ),

        Step(
            key="qwen3-30b-a3b-fp8-block-sync-eplb-accuracy-4xh100",
            label=":nvidia: (H100) Qwen3-30B-A3B-FP8-block Sync EPLB Accuracy",
            device="h100",
            num_devices=4,
            timeout=25,
            working_dir="/vllm-workspace",
            optional=True,
            commands=[
                "bash .buildkite/scripts/scheduled_integration_test/qwen30b_a3b_fp8_block_ep_eplb.sh 0.8 200 8020",
            ],
        ),

        Step(
            key="qwen3-30b-a3b-fp8-block-sync-eplb-accuracy-2xb200",
            label=":nvidia: (B200) Qwen3-30B-A3B-FP8-block Sync EPLB Accuracy",
            device="b200-k8s",
            num_devices=2,
            timeout=20,
            working_dir="/vllm-workspace",
            optional=True,
            commands=[
                "bash .buildkite/scripts/scheduled_integration_test/qwen30b_a3b_fp8_block_ep_eplb.sh 0.8 200 8020 2 1",
            ],
        ),

        Step(
            key="qwen3-30b-a3b-fp8-dp4-async-eplb-accuracy",
            label=":nvidia: (H100) Qwen3-30B-A3B-FP8 DP4 Async EPLB Accuracy",
            device="h100",
            num_devices=4,
            timeout=25,
            working_dir="/vllm-workspace",
            optional=True,
            commands=[
                "bash .buildkite/scripts/scheduled_integration_test/qwen30b_a3b_fp8_dp4_async_eplb.sh 0.8 200 8050",
            ],
        ),

        Step(
            key="deepseek-v2-lite-prefetch-offload-accuracy-h100",
            label=":nvidia: (H100) DeepSeek V2-Lite Prefetch Offload Accuracy",
            device="h100",
            num_devices=1,
            timeout=20,
            working_dir="/vllm-workspace",
            optional=True,
            commands=[
                "bash .buildkite/scripts/scheduled_integration_test/deepseek_v2_lite_prefetch_offload.sh 0.25 200 8030",
            ],
        ),
    ],
)
