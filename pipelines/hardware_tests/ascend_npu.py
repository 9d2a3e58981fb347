"""Hardware: imported from `hardware_tests/ascend_npu.yaml` by `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

ASCEND_NPU = Group(
    name="Hardware",
    depends_on=[],
    steps=[
        Step(
            key="ascend-npu-test",
            label="Ascend NPU Test",
            device="ascend_npu",
            timeout=20,
            soft_fail=True,
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-npu-test.sh",
            ],
        ),
    ],
)
