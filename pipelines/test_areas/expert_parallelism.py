"""Expert Parallelism: the source of truth, kept in step with vLLM's `.buildkite/test_areas/expert_parallelism.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

EXPERT_PARALLELISM = Group(
    name="Expert Parallelism",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="eplb-algorithm",
            label=":nvidia: (H200) EPLB Algorithm",
            device="h200_18gb",
            timeout=20,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/distributed/eplb",
                "tests/distributed/test_eplb_algo.py",
                "tests/distributed/test_eplb_utils.py",
            ],
            commands=[
                "pytest -v -s distributed/test_eplb_algo.py",
                "pytest -v -s distributed/test_eplb_utils.py",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) EPLB Algorithm",
                timeout=30,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/distributed/eplb",
                    "tests/distributed/test_eplb_algo.py",
                    "tests/distributed/test_eplb_utils.py",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
            ),
        ),

        Step(
            key="eplb-execution",
            label=":nvidia: (L4) EPLB Execution",
            num_devices=4,
            timeout=25,
            working_dir="/vllm-workspace/tests",
            paths=["vllm/distributed/eplb", "tests/distributed/test_eplb_execute.py"],
            commands=[
                "pytest -v -s distributed/test_eplb_execute.py",
                "pytest -v -s distributed/test_eplb_spec_decode.py",
            ],
        ),

        Step(
            key="elastic-ep-scaling-test",
            label=":nvidia: (H100) Elastic EP Scaling",
            device="h100",
            num_devices=4,
            timeout=30,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/distributed/",
                "!vllm/distributed/kv_transfer/",
                "vllm/engine/",
                "vllm/executor/",
                "vllm/compilation/",
                "tests/distributed/",
            ],
            commands=[
                "bash /vllm-workspace/.buildkite/scripts/install-kv-connectors.sh",
                "pytest -v -s distributed/test_elastic_ep.py",
            ],
        ),
    ],
)
