"""Hardware: imported from `hardware_tests/intel.yaml` by `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

INTEL = Group(
    name="Hardware",
    depends_on=[],
    steps=[
        Step(
            key="intel-hpu-test",
            label="Intel HPU Test",
            device="intel_hpu",
            soft_fail=True,
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-hpu-test.sh",
            ],
        ),
    ],
)
