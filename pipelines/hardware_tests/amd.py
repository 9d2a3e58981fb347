"""Hardware - AMD Build: imported from `hardware_tests/amd.yaml` by `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AutoRetry, Group, Step

# ROCm image flow:
# 1. Select the content-matching ROCm base, building only on a cache miss.
# 2. Build ci_base from either the stable base or the newly selected base.
# 3. Build the build-scoped ROCm CI image and smoke-test it before GPU jobs run.

AMD = Group(
    name="Hardware - AMD Build",
    depends_on=[],
    steps=[
        Step(
            key="refresh-rocm-base-amd",
            label="AMD: :docker: refresh ROCm base",
            device="amd_cpu",
            env={"DOCKER_BUILDKIT": "1", "BUILDKIT_PROGRESS": "tty", "TERM": "xterm-256color"},
            concurrency=1,
            concurrency_group="vllm/rocm/base-build/$BUILDKITE_COMMIT",
            no_plugin=True,
            retry=[
                AutoRetry(exit_status=1, limit=1),  # Transient Docker/BuildKit failure
                AutoRetry(exit_status=-1, limit=1),  # Agent was lost
                AutoRetry(exit_status=-10, limit=1),  # Agent was lost
            ],
            always_run=True,
            commands=[
                "bash .buildkite/scripts/rocm/refresh-base-image.sh",
            ],
        ),

        # Ensure ci_base is up-to-date before building the test image.
        # Compares a content hash of ci_base-affecting files against the remote
        # image label. If hashes match the build is skipped (< 30 s); if they
        # differ ci_base is rebuilt and pushed automatically.
        Step(
            key="ensure-ci-base-amd",
            label="AMD: :docker: ensure ci_base",
            device="amd_cpu",
            depends_on=["refresh-rocm-base-amd"],
            env={
                "DOCKER_BUILDKIT": "1",
                "BUILDKIT_PROGRESS": "tty",
                "TERM": "xterm-256color",
                "VLLM_BAKE_FILE": "docker/docker-bake-rocm.hcl",
                "PYTORCH_ROCM_ARCH": "gfx90a;gfx942;gfx950",
                "REMOTE_VLLM": "0",
            },
            concurrency=1,
            concurrency_group="vllm/rocm/ci-base-build/$BUILDKITE_COMMIT",
            no_plugin=True,
            retry=[
                AutoRetry(exit_status=1, limit=1),  # Transient Docker/BuildKit failure
                AutoRetry(exit_status=2, limit=1),  # Exact image found but registry handoff failed
                AutoRetry(exit_status=-1, limit=1),  # Agent was lost
                AutoRetry(exit_status=-10, limit=1),  # Agent was lost
            ],
            always_run=True,
            commands=[
                "bash .buildkite/scripts/rocm/build-ci-base.sh",
            ],
        ),

        Step(
            key="image-build-amd",
            label="AMD: :docker: build test image and artifacts",
            device="amd_cpu",
            depends_on=["ensure-ci-base-amd"],
            env={
                "DOCKER_BUILDKIT": "1",
                "BUILDKIT_PROGRESS": "tty",
                "TERM": "xterm-256color",
                "VLLM_BAKE_FILE": "docker/docker-bake-rocm.hcl",
                "PYTORCH_ROCM_ARCH": "gfx90a;gfx942;gfx950",
                "IMAGE_TAG": "rocm/vllm-ci:build-$BUILDKITE_BUILD_ID",
                "REMOTE_VLLM": "0",
            },
            no_plugin=True,
            retry=[
                AutoRetry(exit_status=1, limit=1),  # Transient Docker/BuildKit failure
                AutoRetry(exit_status=-1, limit=1),  # Agent was lost
                AutoRetry(exit_status=-10, limit=1),  # Agent was lost
            ],
            always_run=True,
            commands=[
                "bash .buildkite/scripts/rocm/build-test-image.sh",
                "bash .buildkite/scripts/rocm/smoke-test-image.sh",
            ],
        ),
    ],
)
