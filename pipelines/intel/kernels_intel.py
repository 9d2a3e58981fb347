"""Kernels Intel: imported from `intel_jobs/kernels_intel.yaml` by `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_XPU_IMAGE, TESTS_DIR

KERNELS_INTEL = Group(
    name="Kernels Intel",
    pipeline="intel",
    depends_on=AFTER_XPU_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="vllm-ir-tests",
            label="vLLM IR Tests",
            device="intel_gpu",
            timeout=30,
            working_dir=".",
            paths=["vllm/ir", "vllm/kernels"],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "16+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'cd tests && pytest -v -s ir && pytest -v -s kernels/ir'",
            ],
        ),
    ],
)
