"""Torch ABI: the source of truth, kept in step with vLLM's `.buildkite/test_areas/torch_abi.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_IMAGE, TESTS_DIR

TORCH_ABI = Group(
    name="Torch ABI",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="torch-stable-abi-audit",
            label=":nvidia: (L4) Torch Stable ABI Audit",
            timeout=5,
            paths=[".buildkite/check-torch-abi.py", "csrc/", "cmake/", "setup.py"],
            commands=[
                "python3 /vllm-workspace/.buildkite/check-torch-abi.py",
            ],
        ),
    ],
)
