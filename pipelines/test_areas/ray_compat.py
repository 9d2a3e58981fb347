"""Ray Compatibility: the source of truth, kept in step with vLLM's `.buildkite/test_areas/ray_compat.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_IMAGE, TESTS_DIR

RAY_COMPAT = Group(
    name="Ray Compatibility",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        # Informational only — does not block the pipeline.
        # If this fails, it means the PR introduces a dependency that
        # conflicts with Ray's dependency constraints.
        # See https://github.com/vllm-project/vllm/issues/33599
        Step(
            key="ray-dependency-compatibility-check",
            label=":nvidia: (H200) Ray Dependency Compatibility Check",
            device="h200_18gb",
            timeout=10,
            soft_fail=True,
            paths=["requirements/", "setup.py"],
            commands=[
                "bash /vllm-workspace/.buildkite/scripts/check-ray-compatibility.sh",
            ],
        ),
    ],
)
