"""Fault Tolerance: the source of truth, kept in step with vLLM's `.buildkite/test_areas/fault_tolerance.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_IMAGE, TESTS_DIR

FAULT_TOLERANCE = Group(
    name="Fault Tolerance",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="fault-tolerance-e2e-2xh100",
            label=":nvidia: (H100) Fault Tolerance E2E",
            device="h100",
            num_devices=2,
            timeout=35,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/v1/fault_tolerance/",
                "vllm/v1/worker/sentinel/",
                "vllm/entrypoints/serve/fault_tolerance/",
                "vllm/distributed/elastic_ep/",
                "vllm/distributed/device_communicators/",
                "vllm/v1/engine/",
                "vllm/v1/worker/",
                "tests/v1/fault_tolerance/",
                "tests/v1/distributed/test_external_lb_dp.py",
            ],
            commands=[
                # Base image has no nixl; install it or has_nixl_ep() skips the tests.
                "bash /vllm-workspace/.buildkite/scripts/install-kv-connectors.sh",
                # https://github.com/NVIDIA/nccl/issues/1838
                "export NCCL_CUMEM_HOST_ENABLE=0",
                "pytest -v -s v1/fault_tolerance/test_fault_tolerance_e2e.py",
            ],
        ),
    ],
)
