"""Disaggregated: the source of truth, kept in step with vLLM's `.buildkite/test_areas/disaggregated.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

DISAGGREGATED = Group(
    name="Disaggregated",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="distributed-nixlconnector-pd-accuracy-4-gpus",
            label=":nvidia: (L4) Distributed NixlConnector PD accuracy",
            num_devices=4,
            timeout=55,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                "tests/v1/kv_connector/nixl_integration/",
            ],
            commands=[
                "bash /vllm-workspace/.buildkite/scripts/install-kv-connectors.sh",
                "bash v1/kv_connector/nixl_integration/config_sweep_accuracy_test.sh",
            ],
            amd=AmdMirror(
                device="mi300_4",
                label=":amd: (MI300) Distributed NixlConnector PD accuracy",
                timeout=60,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                    "tests/v1/kv_connector/nixl_integration/",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
                commands=[
                    "uv pip install --system -r /vllm-workspace/requirements/kv_connectors_rocm.txt",
                    "ATTENTION_BACKEND=TRITON_ATTN bash v1/kv_connector/nixl_integration/config_sweep_accuracy_test.sh",
                ],
            ),
        ),

        Step(
            key="distributed-flashinfer-nixlconnector-pd-accuracy-4-gpus",
            label=":nvidia: (L4) Distributed FlashInfer NixlConnector PD accuracy",
            num_devices=4,
            timeout=55,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                "tests/v1/kv_connector/nixl_integration/",
            ],
            commands=[
                "bash /vllm-workspace/.buildkite/scripts/install-kv-connectors.sh",
                "FLASHINFER=1 bash v1/kv_connector/nixl_integration/config_sweep_accuracy_test.sh",
            ],
        ),

        Step(
            key="push-nixlconnector-pp-prefill-pd-accuracy-4-gpus",
            label=":nvidia: (L4) Push NixlConnector PP prefill PD accuracy",
            num_devices=4,
            timeout=30,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                "tests/v1/kv_connector/nixl_integration/",
                "tests/v1/kv_connector/nixl_push_integration/",
            ],
            commands=[
                "bash /vllm-workspace/.buildkite/scripts/install-kv-connectors.sh",
                "bash v1/kv_connector/nixl_push_integration/config_sweep_accuracy_test.sh",
            ],
        ),

        Step(
            key="dp-ep-distributed-nixlconnector-pd-accuracy-tests-4-gpus",
            label=":nvidia: (L4) DP EP Distributed NixlConnector PD accuracy",
            num_devices=4,
            timeout=30,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                "tests/v1/kv_connector/nixl_integration/",
            ],
            commands=[
                "bash /vllm-workspace/.buildkite/scripts/install-kv-connectors.sh",
                "DP_EP=1 bash v1/kv_connector/nixl_integration/config_sweep_accuracy_test.sh",
            ],
            amd=AmdMirror(
                device="mi300_4",
                label=":amd: (MI300) DP EP Distributed NixlConnector PD accuracy",
                timeout=40,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                    "tests/v1/kv_connector/nixl_integration/",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
                commands=[
                    "uv pip install --system -r /vllm-workspace/requirements/kv_connectors_rocm.txt",
                    "DP_EP=1 ATTENTION_BACKEND=TRITON_ATTN bash v1/kv_connector/nixl_integration/config_sweep_accuracy_test.sh",
                ],
            ),
        ),

        Step(
            key="crosslayer-kv-layout-distributed-nixlconnector-pd-accuracy-tests-4-gpus",
            label=":nvidia: (L4) CrossLayer KV layout Distributed NixlConnector PD accuracy",
            num_devices=4,
            timeout=55,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                "tests/v1/kv_connector/nixl_integration/",
            ],
            commands=[
                "bash /vllm-workspace/.buildkite/scripts/install-kv-connectors.sh",
                "CROSS_LAYERS_BLOCKS=True bash v1/kv_connector/nixl_integration/config_sweep_accuracy_test.sh",
            ],
            amd=AmdMirror(
                device="mi300_4",
                label=":amd: (MI300) CrossLayer KV layout Distributed NixlConnector PD accuracy",
                timeout=60,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                    "tests/v1/kv_connector/nixl_integration/",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
                commands=[
                    "uv pip install --system -r /vllm-workspace/requirements/kv_connectors_rocm.txt",
                    "CROSS_LAYERS_BLOCKS=True ATTENTION_BACKEND=TRITON_ATTN bash v1/kv_connector/nixl_integration/config_sweep_accuracy_test.sh",
                ],
            ),
        ),

        Step(
            key="hybrid-ssm-nixlconnector-pd-accuracy-tests-4-gpus",
            label=":nvidia: (L4) Hybrid SSM NixlConnector PD accuracy",
            num_devices=4,
            timeout=60,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                "tests/v1/kv_connector/nixl_integration/",
            ],
            commands=[
                "bash /vllm-workspace/.buildkite/scripts/install-kv-connectors.sh",
                "HYBRID_SSM=1 bash v1/kv_connector/nixl_integration/config_sweep_accuracy_test.sh",
            ],
            amd=AmdMirror(
                device="mi300_4",
                label=":amd: (MI300) Hybrid SSM NixlConnector PD accuracy",
                timeout=55,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                    "tests/v1/kv_connector/nixl_integration/",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
                commands=[
                    "uv pip install --system -r /vllm-workspace/requirements/kv_connectors_rocm.txt",
                    "HYBRID_SSM=1 ATTENTION_BACKEND=TRITON_ATTN bash v1/kv_connector/nixl_integration/config_sweep_accuracy_test.sh",
                ],
            ),
        ),

        Step(
            key="nixlconnector-pd-edge-cases-2-gpus",
            label=":nvidia: (L4) NixlConnector PD edge case",
            num_devices=2,
            timeout=40,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                "vllm/v1/core/sched/",
                "tests/v1/kv_connector/nixl_integration/",
            ],
            env={"PREFILL_GPU_ID": "0", "DECODE_GPU_ID": "1"},
            commands=[
                "bash /vllm-workspace/.buildkite/scripts/install-kv-connectors.sh",
                "bash v1/kv_connector/nixl_integration/run_edge_case_test.sh",
            ],
        ),

        Step(
            key="hybrid-ssm-nixlconnector-pd-prefix-cache-2-gpus",
            label=":nvidia: (L4) Hybrid SSM NixlConnector PD prefix cache",
            num_devices=2,
            timeout=25,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                "vllm/v1/core/sched/",
                "vllm/v1/core/kv_cache_coordinator.py",
                "tests/v1/kv_connector/nixl_integration/",
            ],
            commands=[
                "bash /vllm-workspace/.buildkite/scripts/install-kv-connectors.sh",
                "bash v1/kv_connector/nixl_integration/run_mamba_prefix_cache_test.sh",
            ],
        ),

        Step(
            key="multiconnector-nixl-offloading-pd-accuracy-2-gpus",
            label=":nvidia: (L4) MultiConnector (Nixl+Offloading) PD accuracy",
            num_devices=2,
            timeout=40,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                "vllm/distributed/kv_transfer/kv_connector/v1/multi_connector.py",
                "vllm/distributed/kv_transfer/kv_connector/v1/offloading_connector.py",
                "vllm/distributed/kv_transfer/kv_connector/v1/offloading/",
                "tests/v1/kv_connector/nixl_integration/",
            ],
            commands=[
                "bash /vllm-workspace/.buildkite/scripts/install-kv-connectors.sh",
                "bash v1/kv_connector/nixl_integration/run_multi_connector_accuracy_test.sh",
            ],
        ),

        Step(
            key="nixlconnector-pd-spec-decode-acceptance-2-gpus",
            label=":nvidia: (A100) NixlConnector PD + Spec Decode acceptance",
            device="a100",
            num_devices=2,
            timeout=45,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                "vllm/v1/worker/kv_connector_model_runner_mixin.py",
                "tests/v1/kv_connector/nixl_integration/",
            ],
            commands=[
                "bash /vllm-workspace/.buildkite/scripts/install-kv-connectors.sh",
                "bash v1/kv_connector/nixl_integration/config_sweep_spec_decode_test.sh",
            ],
            amd=AmdMirror(
                device="mi300_2",
                label=":amd: (MI300) NixlConnector PD + Spec Decode acceptance",
                timeout=45,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                    "vllm/v1/worker/kv_connector_model_runner_mixin.py",
                    "tests/v1/kv_connector/nixl_integration/",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
                commands=[
                    "uv pip install --system -r /vllm-workspace/requirements/kv_connectors_rocm.txt",
                    "KV_CACHE_MEMORY_BYTES=8G ATTENTION_BACKEND=TRITON_ATTN bash v1/kv_connector/nixl_integration/config_sweep_spec_decode_test.sh",
                ],
            ),
        ),

        Step(
            key="multiconnector-nixl-offloading-pd-edge-cases-2-gpus",
            label=":nvidia: (L4) MultiConnector (Nixl+Offloading) PD edge cases",
            num_devices=2,
            timeout=25,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                "vllm/distributed/kv_transfer/kv_connector/v1/multi_connector.py",
                "vllm/distributed/kv_transfer/kv_connector/v1/offloading_connector.py",
                "vllm/distributed/kv_transfer/kv_connector/v1/offloading/",
                "tests/v1/kv_connector/nixl_integration/",
            ],
            commands=[
                "bash /vllm-workspace/.buildkite/scripts/install-kv-connectors.sh",
                "bash v1/kv_connector/nixl_integration/run_multi_connector_edge_case_test.sh",
            ],
        ),

        # P TP 4 - D DPEP 4 test case for DSv4-Flash
        Step(
            key="dsv4-flash-disaggregated",
            label=":nvidia: (H200) DSv4-Flash Disaggregated DP EP",
            device="h200",
            num_devices=8,
            timeout=60,
            working_dir="/vllm-workspace/tests",
            optional=True,
            env={
                "ENABLE_HMA_FLAG": "1",
                "DP_EP": "1",
                "GPU_MEMORY_UTILIZATION": "0.85",
                "PREFILLER_TP_SIZE": "4",
                "DECODER_TP_SIZE": "4",
                "PREFILL_BLOCK_SIZE": "256",
                "DECODE_BLOCK_SIZE": "256",
                "MODEL_NAMES": "deepseek-ai/DeepSeek-V4-Flash",
                "VLLM_SERVE_EXTRA_ARGS": "--trust-remote-code,--kv-cache-dtype,fp8",
            },
            commands=[
                "bash /vllm-workspace/.buildkite/scripts/install-kv-connectors.sh",
                "bash v1/kv_connector/nixl_integration/run_accuracy_test.sh",
            ],
        ),

        Step(
            key="kimi-linear-disaggregated",
            label=":nvidia: (H200) Kimi-Linear-48B-A3B Disaggregated DP EP",
            device="h200",
            num_devices=4,
            timeout=60,
            working_dir="/vllm-workspace/tests",
            optional=True,
            env={
                "ENABLE_HMA_FLAG": "1",
                "DP_EP": "1",
                "GPU_MEMORY_UTILIZATION": "0.9",
                "VLLM_SSM_CONV_STATE_LAYOUT": "DS",
                "PREFILLER_TP_SIZE": "2",
                "DECODER_TP_SIZE": "2",
                "MODEL_NAMES": "moonshotai/Kimi-Linear-48B-A3B-Instruct",
                "VLLM_SERVE_EXTRA_ARGS": "--trust-remote-code,--mamba-cache-mode align,--max-model-len 32768",
            },
            commands=[
                "bash /vllm-workspace/.buildkite/scripts/install-kv-connectors.sh",
                "bash v1/kv_connector/nixl_integration/run_accuracy_test.sh",
            ],
        ),
    ],
)
