"""Basic Correctness: imported from `intel_jobs/basic_correctness.yaml` by `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_XPU_IMAGE, TESTS_DIR

BASIC_CORRECTNESS = Group(
    name="Basic Correctness",
    pipeline="intel",
    depends_on=AFTER_XPU_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="xpu-sleep-mode",
            label="XPU Sleep Mode",
            device="intel_gpu",
            timeout=45,
            working_dir=".",
            paths=["vllm/", "tests/basic_correctness/test_cumem.py"],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "16+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'cd tests && export VLLM_WORKER_MULTIPROC_METHOD=spawn && pytest -v -s basic_correctness/test_cpu_offload.py && pytest -v -s basic_correctness/test_mem.py::test_end_to_end'",
            ],
        ),
    ],
)
