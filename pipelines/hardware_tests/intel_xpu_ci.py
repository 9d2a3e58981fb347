"""Intel: imported from `hardware_tests/intel_xpu_ci/test-intel.yaml` by `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AutoRetry, Group, Step

from ..common import AFTER_XPU_IMAGE

INTEL_XPU_CI = Group(
    name="Intel",
    depends_on=[],
    steps=[
        Step(
            key="image-build-xpu",
            label=":docker: Build XPU image",
            device="image-builder",
            optional=True,
            soft_fail=True,
            env={"DOCKER_BUILDKIT": "1"},
            retry=[
                AutoRetry(exit_status=-1, limit=2),  # Agent was lost
                AutoRetry(exit_status=-10, limit=2),  # Agent was lost
            ],
            always_run=True,
            commands=[
                "bash -lc '.buildkite/image_build/image_build_xpu.sh \"public.ecr.aws/q9t5s3a7\" \"vllm-ci-test-repo\" \"$BUILDKITE_COMMIT\"'",
            ],
        ),

        Step(
            key="xpu-example-test",
            label="XPU example Test",
            device="intel_gpu",
            timeout=50,
            optional=True,
            depends_on=AFTER_XPU_IMAGE,
            paths=[
                ".buildkite/hardware_tests/intel_xpu_ci/test-intel.yaml",
                ".buildkite/scripts/hardware_ci/run-intel-ci-test.sh",
            ],
            env={"REGISTRY": "public.ecr.aws/q9t5s3a7", "REPO": "vllm-ci-test-repo"},
            agents={"label": "production", "gpu": "2+", "mem": "24+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'bash .buildkite/scripts/hardware_ci/run-intel-ci-test.sh example'",
            ],
        ),

        Step(
            key="xpu-v1-test",
            label="XPU V1 test",
            device="intel_gpu",
            parallelism=2,
            timeout=70,
            optional=True,
            depends_on=AFTER_XPU_IMAGE,
            paths=[
                ".buildkite/hardware_tests/intel_xpu_ci/test-intel.yaml",
                ".buildkite/scripts/hardware_ci/run-intel-ci-test.sh",
            ],
            env={"REGISTRY": "public.ecr.aws/q9t5s3a7", "REPO": "vllm-ci-test-repo"},
            agents={"label": "production", "gpu": "1+", "mem": "24+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'bash .buildkite/scripts/hardware_ci/run-intel-ci-test.sh v1'",
            ],
        ),

        Step(
            key="xpu-server-test",
            label="XPU server test",
            device="intel_gpu",
            timeout=45,
            optional=True,
            depends_on=AFTER_XPU_IMAGE,
            paths=[
                ".buildkite/hardware_tests/intel_xpu_ci/test-intel.yaml",
                ".buildkite/scripts/hardware_ci/run-intel-ci-test.sh",
            ],
            env={"REGISTRY": "public.ecr.aws/q9t5s3a7", "REPO": "vllm-ci-test-repo"},
            agents={"label": "production", "gpu": "1+", "mem": "16+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'bash .buildkite/scripts/hardware_ci/run-intel-ci-test.sh server'",
            ],
        ),
    ],
)
