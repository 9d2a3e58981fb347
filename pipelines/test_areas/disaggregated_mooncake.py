"""Disaggregated Mooncake: the source of truth, kept in step with vLLM's `.buildkite/test_areas/disaggregated_mooncake.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_IMAGE, TESTS_DIR

DISAGGREGATED_MOONCAKE = Group(
    name="Disaggregated Mooncake",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        # Runs on b200-k8s because it is the only NVIDIA pool that can carry mooncake
        # transfers: its pods are the only ones granted IPC_LOCK, which RDMA needs to
        # pin memory, and the only ones using host networking. Elsewhere topology
        # discovery finds no usable HCA and the tcp fallback then advertises the
        # docker bridge address, so every transfer fails to connect.
        Step(
            key="distributed-mooncakeconnector-pd-accuracy-4-gpus",
            label=":nvidia: (B200) Distributed MooncakeConnector PD accuracy",
            device="b200-k8s",
            num_devices=4,
            timeout=10,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/mooncake/",
                "tests/v1/kv_connector/mooncake_integration/",
            ],
            commands=[
                "bash /vllm-workspace/.buildkite/scripts/install-kv-connectors.sh",
                "bash v1/kv_connector/mooncake_integration/config_sweep_accuracy_test.sh",
            ],
        ),
    ],
)
