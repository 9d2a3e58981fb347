"""Release pipeline, ROCm (x86_64 only): the base image and wheels (cached in ECR
and S3), the vLLM ROCm wheel and its upload on every build, the root index of
the ROCm wheels behind its gate, the ROCm release image behind the release
images gate, and the nightly ROCm and XPU images on DockerHub (nightly only).

The vLLM version comes from the Buildkite checkout; the ROCm version from
BASE_IMAGE in docker/Dockerfile.rocm_base.
"""

from __future__ import annotations

from vllmci.define import Gate, Group, Step

from . import rocm_scripts as scripts
from .common import (
    DOCKERHUB_ENV,
    DOCKERHUB_LOGIN,
    RELEASE_IMAGES_GATE,
    ROCM_ENV,
    ROCM_ROOT_INDEX_GATE,
)

ROCM = Group(
    name="Build ROCm Wheel / Image ",
    key="build-rocm-wheel-image",
    pipeline="release",
    order=90,
    always_run=True,
    depends_on=[],
    steps=[
        Step(key="build-rocm-base-wheels", label=":rocm: Build ROCm Base Image & Wheels",
             device="cpu-release", env=ROCM_ENV,
             artifact_paths=["artifacts/rocm-base-wheels/*.whl"],
             commands=[scripts.BUILD_BASE_WHEELS]),
        Step(key="build-rocm-vllm-wheel", label=":python: Build vLLM ROCm Wheel - x86_64",
             device="cpu-release", timeout=180, env=ROCM_ENV,
             depends_on=["build-rocm-base-wheels"],
             artifact_paths=["artifacts/rocm-vllm-wheel/*.whl"],
             commands=[scripts.BUILD_VLLM_WHEEL]),
        Step(key="upload-rocm-wheels", label=":s3: Upload ROCm Wheels to S3",
             device="cpu-release", timeout=60, env=ROCM_ENV,
             depends_on=["build-rocm-vllm-wheel"],
             commands=[scripts.UPLOAD_WHEELS]),
        Step(key="annotate-rocm-release", label=":memo: Annotate ROCm wheel release",
             device="cpu-release", env={"S3_BUCKET": "vllm-wheels"},
             depends_on=["upload-rocm-wheels"],
             commands=["bash .buildkite/scripts/annotate-rocm-release.sh"]),
        # The index at https://wheels.vllm.ai/rocm/ that lets users install with
        # `uv pip install vllm --extra-index-url https://wheels.vllm.ai/rocm/`.
        Gate(key=ROCM_ROOT_INDEX_GATE, label="Generate Root Index for ROCm Wheels for Release",
             depends_on=["upload-rocm-wheels"],
             prompt="Points the root ROCm index (https://wheels.vllm.ai/rocm/) at this "
                    "build's ROCm wheels: what `--extra-index-url "
                    "https://wheels.vllm.ai/rocm/` installs."),
        Step(key="generate-root-index-rocm-wheels",
             label=":package: Generate Root Index for ROCm Wheels for Release",
             device="cpu-release", publishes=True, depends_on=[ROCM_ROOT_INDEX_GATE],
             env={"S3_BUCKET": "vllm-wheels", "VARIANT": "rocm723"},
             commands=["bash tools/vllm-rocm/generate-rocm-wheels-root-index.sh"]),
        Step(key="build-rocm-release-image", label=":docker: Build release image - x86_64 - ROCm",
             device="cpu-release", timeout=60, env=ROCM_ENV, publishes=True,
             depends_on=[RELEASE_IMAGES_GATE, "build-rocm-base-wheels"],
             allow_failure_of=[RELEASE_IMAGES_GATE],
             commands=[scripts.BUILD_RELEASE_IMAGE]),
        Step(key="publish-nightly-xpu-image-dockerhub",
             label="Publish nightly XPU image to DockerHub", device="small-cpu-release",
             only_in=["nightly"], publishes=True, depends_on=["create-manifest-xpu"],
             plugins=[DOCKERHUB_LOGIN], env=DOCKERHUB_ENV,
             commands=["bash .buildkite/scripts/xpu/push-nightly-builds-xpu.sh",
                       "bash .buildkite/scripts/cleanup-nightly-builds.sh nightly- "
                       "vllm/vllm-openai-xpu"]),
        Step(key="publish-nightly-rocm-image-dockerhub",
             label="Publish nightly ROCm image to DockerHub", device="small-cpu-release",
             only_in=["nightly"], publishes=True, depends_on=["build-rocm-release-image"],
             plugins=[DOCKERHUB_LOGIN], env=DOCKERHUB_ENV,
             commands=["bash .buildkite/scripts/push-nightly-builds-rocm.sh",
                       "bash .buildkite/scripts/cleanup-nightly-builds.sh nightly- "
                       "vllm/vllm-openai-rocm",
                       "bash .buildkite/scripts/cleanup-nightly-builds.sh base-nightly- "
                       "vllm/vllm-openai-rocm"]),
    ],
)
