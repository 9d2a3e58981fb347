"""Hardware: imported from `hardware_tests/gh200.yaml` by `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

GH200 = Group(
    name="Hardware",
    depends_on=[],
    steps=[
        Step(
            key="gh200-test",
            label="GH200 Test",
            device="gh200",
            optional=True,
            soft_fail=True,
            no_plugin=True,
            commands=[
                "nvidia-smi",
                "bash .buildkite/scripts/hardware_ci/run-gh200-test.sh",
            ],
        ),
    ],
)
