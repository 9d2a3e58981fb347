"""Samplers Intel: imported from `intel_jobs/samplers_intel.yaml` by `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_XPU_IMAGE, TESTS_DIR

SAMPLERS_INTEL = Group(
    name="Samplers Intel",
    pipeline="intel",
    depends_on=AFTER_XPU_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="samplers-test-xpu-kernel-intel",
            label="Samplers Test (XPU Kernel)",
            device="intel_gpu",
            timeout=40,
            working_dir=".",
            paths=[
                "vllm/model_executor/layers",
                "vllm/sampling_metadata.py",
                "tests/samplers",
                "tests/conftest.py",
                "vllm/entrypoints/generate/beam_search",
            ],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "24+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'cd tests && VLLM_XPU_USE_SAMPLER_KERNEL=1 pytest -v -s samplers'",
            ],
        ),
    ],
)
