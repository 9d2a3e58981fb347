"""Benchmarks: imported from `intel_jobs/benchmarks_intel.yaml` by `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_XPU_IMAGE, TESTS_DIR

BENCHMARKS_INTEL = Group(
    name="Benchmarks",
    pipeline="intel",
    depends_on=AFTER_XPU_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="benchmarks-cli-test",
            label="Benchmarks CLI Test",
            device="intel_gpu",
            timeout=40,
            working_dir=".",
            paths=["vllm/", "tests/benchmarks/"],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "16+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'cd tests && pytest -v -s benchmarks/'",
            ],
        ),
    ],
)
