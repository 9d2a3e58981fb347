"""Basic Correctness: the source of truth, kept in step with vLLM's `.buildkite/test_areas/basic_correctness.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

BASIC_CORRECTNESS = Group(
    name="Basic Correctness",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="basic-correctness",
            label=":nvidia: (H200) Basic Correctness",
            device="h200_18gb",
            timeout=68,
            paths=[
                "vllm/",
                "!vllm/distributed/kv_transfer/",
                "tests/basic_correctness/test_basic_correctness",
                "tests/basic_correctness/test_cpu_offload",
                "tests/basic_correctness/test_mem.py",
            ],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s basic_correctness/test_mem.py",
                "pytest -v -s basic_correctness/test_basic_correctness.py",
                "pytest -v -s basic_correctness/test_cpu_offload.py",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Basic Correctness",
                timeout=60,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),
    ],
)
