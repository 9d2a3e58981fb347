"""Release pipeline, images: the release images per architecture behind their gate
(automatic on nightly builds), the CPU images behind a gate each, the multi-arch
manifests in ECR, and the nightly images on DockerHub (nightly builds only)."""

from __future__ import annotations

from vllmci.define import Gate, Group, Step

from .common import (
    ARM64_CUDA_13_BUILDER,
    ARM64_CUDA_129_BUILDER,
    BUILDKIT,
    CPU_ARM64_GATE,
    CPU_X86_GATE,
    DOCKERHUB_ENV,
    DOCKERHUB_LOGIN,
    RELEASE_IMAGES_GATE,
    RELEASE_VERSION,
    X86_CUDA_13_BUILDER,
    X86_CUDA_129_BUILDER,
    cpu_release_image,
    manifest,
    release_image,
)

X86_13 = ("CUDA_VERSION=13.0.2", X86_CUDA_13_BUILDER, "CUDA_ARCH_X86")
ARM64_13 = ("CUDA_VERSION=13.0.2", ARM64_CUDA_13_BUILDER, "CUDA_ARCH_AARCH64")
X86_129 = ("CUDA_VERSION=12.9.1", X86_CUDA_129_BUILDER, "CUDA_ARCH_X86_CU129")
ARM64_129 = ("CUDA_VERSION=12.9.1", ARM64_CUDA_129_BUILDER, "CUDA_ARCH_AARCH64_CU129")
UBUNTU_2404 = ("UBUNTU_VERSION=24.04", "GDRCOPY_OS_VERSION=Ubuntu24_04")
COMMON = ("max_jobs=16", "USE_SCCACHE=1", "GIT_REPO_CHECK=1")


def cuda_13(cuda: tuple[str, str, str], *extra: str) -> tuple[str, ...]:
    """CUDA 13.0 build arguments, in vLLM's order."""
    version, base, arches = cuda
    return (*COMMON, version, *extra, f'torch_cuda_arch_list="${{{arches}}}"',
            "INSTALL_KV_CONNECTORS=true", f"BUILD_BASE_IMAGE={base}")


def cuda_129(cuda: tuple[str, str, str], *extra: str) -> tuple[str, ...]:
    """CUDA 12.9 build arguments, in vLLM's order."""
    version, base, arches = cuda
    return (*COMMON, version, f"BUILD_BASE_IMAGE={base}", *extra,
            f'torch_cuda_arch_list="${{{arches}}}"', "INSTALL_KV_CONNECTORS=true")


RELEASE_IMAGES_GATE_GROUP = Group(
    name="Gate: release images",
    pipeline="release",
    order=60,
    top_level=True,
    steps=[
        Gate(key=RELEASE_IMAGES_GATE, label="Unblock to build release Docker images",
             depends_on=[], skip_in=["nightly"],
             prompt="Builds the release images (CUDA 13.0 and 12.9, Ubuntu 24.04, XPU, ROCm) "
                    "and pushes them to ECR under this commit, then their multi-arch "
                    "manifests. Nightly builds do this without a click."),
    ],
)

RELEASE_IMAGES = Group(
    name="Build release Docker images",
    key="build-release-images",
    pipeline="release",
    order=70,
    always_run=True,
    depends_on=[RELEASE_IMAGES_GATE],
    steps=[
        Step(key="build-release-image-x86", label="Build release image - x86_64 - CUDA 13.0",
             device="cpu-release", publishes=True,
             commands=release_image("", *cuda_13(X86_13), retag=True)),
        Step(key="build-release-image-arm64", label="Build release image - aarch64 - CUDA 13.0",
             device="arm64-cpu-release", publishes=True,
             commands=release_image("", *cuda_13(ARM64_13))),
        Step(key="build-release-image-x86-cuda-12-9",
             label="Build release image - x86_64 - CUDA 12.9", device="cpu-release",
             publishes=True,
             commands=release_image("cu129", *cuda_129(X86_129), suffix="-cu129", retag=True)),
        Step(key="build-release-image-arm64-cuda-12-9",
             label="Build release image - aarch64 - CUDA 12.9", device="arm64-cpu-release",
             publishes=True,
             commands=release_image("cu129", *cuda_129(ARM64_129), suffix="-cu129")),
        Step(key="build-release-image-x86-ubuntu2404",
             label="Build release image - x86_64 - CUDA 13.0 - Ubuntu 24.04",
             device="cpu-release", publishes=True,
             commands=release_image("ubuntu2404", *cuda_13(X86_13, *UBUNTU_2404),
                                    suffix="-ubuntu2404", retag=True)),
        Step(key="build-release-image-arm64-ubuntu2404",
             label="Build release image - aarch64 - CUDA 13.0 - Ubuntu 24.04",
             device="arm64-cpu-release", publishes=True,
             commands=release_image("ubuntu2404", *cuda_13(ARM64_13, *UBUNTU_2404),
                                    suffix="-ubuntu2404")),
        Step(key="build-release-image-x86-cuda-12-9-ubuntu2404",
             label="Build release image - x86_64 - CUDA 12.9 - Ubuntu 24.04",
             device="cpu-release", publishes=True,
             commands=release_image("cu129-ubuntu2404", *cuda_129(X86_129, *UBUNTU_2404),
                                    suffix="-cu129-ubuntu2404", retag=True)),
        Step(key="build-release-image-arm64-cuda-12-9-ubuntu2404",
             label="Build release image - aarch64 - CUDA 12.9 - Ubuntu 24.04",
             device="arm64-cpu-release", publishes=True,
             commands=release_image("cu129-ubuntu2404", *cuda_129(ARM64_129, *UBUNTU_2404),
                                    suffix="-cu129-ubuntu2404")),
        Step(key="build-xpu-release-image", label=":docker: Build release image - x86_64 - XPU",
             device="cpu-release", env=BUILDKIT, publishes=True,
             commands=release_image("xpu", "GIT_REPO_CHECK=1", suffix="-xpu",
                                    dockerfile="docker/Dockerfile.xpu")),
        Gate(key=CPU_X86_GATE, label="Build release image for x86_64 CPU",
             prompt="Builds the x86_64 CPU image and pushes it to ECR as the release version "
                    "entered and as latest."),
        Step(key="build-cpu-release-image-x86", label="Build release image - x86_64 - CPU",
             device="cpu-release", env=BUILDKIT, publishes=True,
             depends_on=[CPU_X86_GATE, RELEASE_VERSION],
             commands=cpu_release_image("vllm-cpu-release-repo", "VLLM_CPU_X86=true")),
        Gate(key=CPU_ARM64_GATE, label="Build release image for arm64 CPU",
             prompt="Builds the arm64 CPU image and pushes it to ECR as the release version "
                    "entered and as latest."),
        Step(key="build-cpu-release-image-arm64", label="Build release image - arm64 - CPU",
             device="arm64-cpu-release", env=BUILDKIT, publishes=True,
             depends_on=[CPU_ARM64_GATE, RELEASE_VERSION],
             commands=cpu_release_image("vllm-arm64-cpu-release-repo")),
    ],
)

PUBLISH_RELEASE_IMAGES = Group(
    name="Publish release images",
    key="publish-release-images",
    pipeline="release",
    order=80,
    always_run=True,
    steps=[
        Step(key="create-multi-arch-manifest", label="Create multi-arch manifest - CUDA 13.0",
             device="small-cpu-release", publishes=True,
             depends_on=["build-release-image-x86", "build-release-image-arm64"],
             commands=manifest("", "CUDA 13.0")),
        Step(key="create-multi-arch-manifest-cuda-12-9",
             label="Create multi-arch manifest - CUDA 12.9", device="small-cpu-release",
             publishes=True,
             depends_on=["build-release-image-x86-cuda-12-9",
                         "build-release-image-arm64-cuda-12-9"],
             commands=manifest("-cu129", "CUDA 12.9")),
        Step(key="create-multi-arch-manifest-ubuntu2404",
             label="Create multi-arch manifest - CUDA 13.0 - Ubuntu 24.04",
             device="small-cpu-release", publishes=True,
             depends_on=["build-release-image-x86-ubuntu2404",
                         "build-release-image-arm64-ubuntu2404"],
             commands=manifest("-ubuntu2404", "CUDA 13.0 Ubuntu 24.04")),
        Step(key="create-multi-arch-manifest-cuda-12-9-ubuntu2404",
             label="Create multi-arch manifest - CUDA 12.9 - Ubuntu 24.04",
             device="small-cpu-release", publishes=True,
             depends_on=["build-release-image-x86-cuda-12-9-ubuntu2404",
                         "build-release-image-arm64-cuda-12-9-ubuntu2404"],
             commands=manifest("-cu129-ubuntu2404", "CUDA 12.9 Ubuntu 24.04")),
        Step(key="create-manifest-xpu", label="Create manifest - XPU",
             device="small-cpu-release", publishes=True, depends_on=["build-xpu-release-image"],
             commands=["bash .buildkite/scripts/xpu/create-xpu-ecr-manifest.sh",
                       'bash .buildkite/scripts/annotate-build-artifact.sh "Manifest: XPU" '
                       '"public.ecr.aws/q9t5s3a7/vllm-release-repo:$BUILDKITE_COMMIT-xpu" '
                       "release-manifests"]),
        Step(key="publish-nightly-image-dockerhub",
             label="Publish nightly multi-arch image to DockerHub",
             device="small-cpu-release", only_in=["nightly"], publishes=True,
             depends_on=["create-multi-arch-manifest"], plugins=[DOCKERHUB_LOGIN],
             env=DOCKERHUB_ENV,
             commands=["bash .buildkite/scripts/push-nightly-builds.sh",
                       "bash .buildkite/scripts/cleanup-nightly-builds.sh"]),
        Step(key="publish-nightly-image-dockerhub-cuda-12-9",
             label="Publish nightly multi-arch image to DockerHub - CUDA 12.9",
             device="small-cpu-release", only_in=["nightly"], publishes=True,
             depends_on=["create-multi-arch-manifest-cuda-12-9"], plugins=[DOCKERHUB_LOGIN],
             env=DOCKERHUB_ENV,
             commands=["bash .buildkite/scripts/push-nightly-builds.sh cu129",
                       "bash .buildkite/scripts/cleanup-nightly-builds.sh cu129-nightly-"]),
    ],
)
