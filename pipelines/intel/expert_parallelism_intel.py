"""Expert Parallelism: imported from `intel_jobs/expert_parallelism_intel.yaml` by `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_XPU_IMAGE, TESTS_DIR

EXPERT_PARALLELISM_INTEL = Group(
    name="Expert Parallelism",
    pipeline="intel",
    depends_on=AFTER_XPU_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="eplb-algorithm",
            label="EPLB Algorithm",
            device="intel_gpu",
            timeout=45,
            working_dir=".",
            paths=[
                "vllm/distributed/eplb",
                "tests/distributed/test_eplb_algo.py",
                "tests/distributed/test_eplb_utils.py",
            ],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "16+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'cd tests && pytest -v -s distributed/test_eplb_algo.py'",
            ],
        ),
    ],
)
