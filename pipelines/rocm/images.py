"""The AMD pipeline's three image steps: part of the template, not of `test-amd.yaml`.

They run on `amd-cpu` in every build (the test steps wait for `image-build-amd`),
never soft-fail, and retry on exit statuses 1 and 2 besides the pipeline's rules.
"""

from __future__ import annotations

from vllmci.define import AutoRetry, Group, Step

IMAGE_RETRY = [AutoRetry(exit_status=1, limit=1), AutoRetry(exit_status=2, limit=1)]
BUILDKIT = {"DOCKER_BUILDKIT": "1", "BUILDKIT_PROGRESS": "tty", "TERM": "xterm-256color"}

IMAGES = Group(
    name="AMD Tests",
    pipeline="amd",
    order=0,  # the template's one group: the image steps first, then test-amd.yaml's
    depends_on=[],
    steps=[
        # 540 minutes; the template gives 15 when ROCM_BASE_REFRESH_SKIP=1 (the
        # script then exits at once): see docs/parity.md.
        Step(
            key="refresh-rocm-base-amd",
            label="AMD: :docker: refresh ROCm base",
            device="amd_cpu",
            timeout=540,
            env=BUILDKIT,
            concurrency=1,
            concurrency_group="vllm/rocm/base-build/$BUILDKITE_COMMIT",
            no_plugin=True,
            priority=0,
            retry=IMAGE_RETRY,
            always_run=True,
            commands=["bash .buildkite/scripts/rocm/refresh-base-image.sh"],
        ),
        Step(
            key="ensure-ci-base-amd",
            label="AMD: :docker: ensure ci_base",
            device="amd_cpu",
            timeout=180,
            depends_on=["refresh-rocm-base-amd"],
            env={**BUILDKIT, "VLLM_BAKE_FILE": "docker/docker-bake-rocm.hcl",
                 "PYTORCH_ROCM_ARCH": "gfx90a;gfx942;gfx950"},
            concurrency=1,
            concurrency_group="vllm/rocm/ci-base-build/$BUILDKITE_COMMIT",
            no_plugin=True,
            priority=0,
            retry=IMAGE_RETRY,
            always_run=True,
            commands=["bash .buildkite/scripts/rocm/build-ci-base.sh"],
        ),
        Step(
            key="image-build-amd",
            label="AMD: :docker: build test image and artifacts",
            device="amd_cpu",
            timeout=180,
            depends_on=["ensure-ci-base-amd"],
            env={**BUILDKIT, "VLLM_BAKE_FILE": "docker/docker-bake-rocm.hcl",
                 "PYTORCH_ROCM_ARCH": "gfx90a;gfx942;gfx950",
                 "IMAGE_TAG": "rocm/vllm-ci:build-$BUILDKITE_BUILD_ID"},
            no_plugin=True,
            priority=0,
            retry=IMAGE_RETRY,
            always_run=True,
            commands=["bash .buildkite/scripts/rocm/build-test-image.sh",
                      "bash .buildkite/scripts/rocm/smoke-test-image.sh"],
        ),
    ],
)
