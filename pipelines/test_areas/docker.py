"""Docker: the source of truth, kept in step with vLLM's `.buildkite/test_areas/docker.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import TESTS_DIR

DOCKER = Group(
    name="Docker",
    depends_on=["image-build-cpu", "pre-commit"],
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="-computer--cpu-docker-build-metadata",
            label=":computer: (CPU) Docker Build Metadata",
            device="cpu-small",
            timeout=20,
            paths=[
                ".buildkite/release-pipeline.yaml",
                ".buildkite/scripts/docker-build-metadata-args.sh",
                "docker/Dockerfile",
                "docker/Dockerfile.cpu",
                "docker/docker-bake.hcl",
                "tests/tools/test_docker_build_metadata_args.py",
            ],
            commands=[
                "pytest -v -s tools/test_docker_build_metadata_args.py",
            ],
        ),
    ],
)
