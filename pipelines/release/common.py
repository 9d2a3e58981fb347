"""What the release pipeline's steps share: its settings, registries, logins and
the shell fragments vLLM repeats in every step.

Commands are written as they run on the agent: `$BUILDKITE_COMMIT`, `$(uname -m)`
and `${CUDA_ARCH_X86}` reach the job's shell (the architecture lists are the
pipeline's environment, below).
"""

from __future__ import annotations

from vllmci.define import BuildContext, Plugin, Settings

# CUDA architecture lists, following PyTorch RELEASE.md. For CUDA >= 13, sm_100+
# targets have family specifiers, so 10.3 and 12.1 are covered by this list;
# aarch64 adds Orin (8.7) and Thor (11.0). For CUDA < 13 every target is listed;
# 10.3 and 12.1 are left out to keep the wheel under 500 MB.
CUDA_ARCHES = {
    "CUDA_ARCH_X86": "7.5 8.0 8.6 8.9 9.0 10.0 12.0",
    "CUDA_ARCH_AARCH64": "8.0 8.7 8.9 9.0 10.0 11.0 12.0",
    "CUDA_ARCH_X86_CU129": "7.5 8.0 8.6 8.9 9.0 10.0 12.0",
    "CUDA_ARCH_AARCH64_CU129": "8.0 8.7 8.9 9.0 10.0 12.0",
}


def release_env(ctx: BuildContext) -> dict[str, str]:
    return dict(CUDA_ARCHES)


# No automatic retries: a publishing job is never started twice by itself.
RELEASE_SETTINGS = Settings(pipeline="release", env=release_env, retry=())

# --- keys other modules wait for -------------------------------------------------------

RELEASE_VERSION = "input-release-version"
ADDITIONAL_WHEELS_GATE = "block-build-additional-wheels"
RELEASE_IMAGES_GATE = "block-build-release-images"
CPU_X86_GATE = "block-cpu-release-image-build"
CPU_ARM64_GATE = "block-arm64-cpu-release-image-build"
ROCM_ROOT_INDEX_GATE = "block-generate-root-index-rocm-wheels"
DOCKERHUB_GATE = "block-publish-release-images"
PYPI_GATE = "block-upload-release-wheels"

# --- registries and logins -------------------------------------------------------------

ECR = "public.ecr.aws/q9t5s3a7"
RELEASE_REPO = f"{ECR}/vllm-release-repo"
ECR_LOGIN = ("aws ecr-public get-login-password --region us-east-1 | docker login "
             f"--username AWS --password-stdin {ECR}")
GET_RELEASE_VERSION = "$(buildkite-agent meta-data get release-version)"
DOCKERHUB_LOGIN = Plugin(name="docker-login#v3.0.0",
                         config={"username": "vllmbot", "password-env": "DOCKERHUB_TOKEN"})
DOCKERHUB_ENV = {"DOCKER_BUILDKIT": "1", "DOCKERHUB_USERNAME": "vllmbot"}
BUILDKIT = {"DOCKER_BUILDKIT": "1"}
ROCM_ENV = {"DOCKER_BUILDKIT": "1", "S3_BUCKET": "vllm-wheels"}


def annotate(title: str, artifact: str, section: str) -> str:
    """Add a built artifact to the build's annotation."""
    return f'bash .buildkite/scripts/annotate-build-artifact.sh "{title}" "{artifact}" {section}'


# --- wheels ----------------------------------------------------------------------------

# PyTorch's manylinux builder images (the CUDA wheels' and release images' build
# base), pinned to one build rather than the moving `cudaX.Y` tag.
BUILDER_PIN = "78e737ad29420ffc4800e677c51e2a852caf8359"
X86_CUDA_13_BUILDER = f"pytorch/manylinux2_28-builder:cuda13.0-{BUILDER_PIN}"
ARM64_CUDA_13_BUILDER = f"pytorch/manylinuxaarch64-builder:cuda13.0-{BUILDER_PIN}"
X86_CUDA_129_BUILDER = f"pytorch/manylinux2_28-builder:cuda12.9-{BUILDER_PIN}"
ARM64_CUDA_129_BUILDER = f"pytorch/manylinuxaarch64-builder:cuda12.9-{BUILDER_PIN}"

WHEEL_URL = "s3://vllm-wheels/$BUILDKITE_COMMIT/$(cd artifacts/dist && echo *.whl)"
UPLOAD_WHEEL = (
    "mkdir artifacts",
    "docker run --rm -v $(pwd)/artifacts:/artifacts_host vllm-ci:build-image bash -c "
    "'cp -r dist /artifacts_host && chmod -R a+rw /artifacts_host'",
    "bash .buildkite/scripts/upload-nightly-wheels.sh",
    annotate("$BUILDKITE_LABEL", WHEEL_URL, "release-wheels"),
)
"""Copy the wheel out of the build image, upload it to S3 under the commit, annotate."""


def cuda_wheel(cuda: str, arches: str, base_image: str) -> tuple[str, ...]:
    """Build a CUDA wheel (`arches` names the pipeline's architecture list) and upload it."""
    build = ("DOCKER_BUILDKIT=1 docker build --build-arg max_jobs=16 --build-arg USE_SCCACHE=1 "
             f"--build-arg GIT_REPO_CHECK=1 --build-arg CUDA_VERSION={cuda} "
             f'--build-arg torch_cuda_arch_list="${{{arches}}}" '
             f"--build-arg BUILD_BASE_IMAGE={base_image} --tag vllm-ci:build-image "
             "--target build --progress plain -f docker/Dockerfile .")
    return (build, *UPLOAD_WHEEL)


def cpu_wheel(build_arg: str) -> tuple[str, ...]:
    """Build a CPU wheel from docker/Dockerfile.cpu and upload it."""
    return _vllm_build_wheel("docker/Dockerfile.cpu", build_arg)


def xpu_wheel() -> tuple[str, ...]:
    """Build the XPU wheel from docker/Dockerfile.xpu and upload it."""
    return _vllm_build_wheel("docker/Dockerfile.xpu")


def _vllm_build_wheel(dockerfile: str, *build_args: str) -> tuple[str, ...]:
    """A wheel built by the `vllm-build` target of `dockerfile`, uploaded."""
    args = "".join(f"--build-arg {arg} " for arg in ("max_jobs=16", "GIT_REPO_CHECK=1",
                                                       *build_args))
    build = (f"DOCKER_BUILDKIT=1 docker build {args}--tag vllm-ci:build-image "
             f"--target vllm-build --progress plain -f {dockerfile} .")
    return (build, *UPLOAD_WHEEL)


# --- release images --------------------------------------------------------------------


def image_build(variant: str, *build_args: str, dockerfile: str = "docker/Dockerfile") -> str:
    """`docker build` of the vllm-openai target, tagged by the metadata script."""
    metadata = " ".join(("$(bash .buildkite/scripts/docker-build-metadata-args.sh",
                         *((variant,) if variant else ()))) + ")"
    lines = ("DOCKER_BUILDKIT=1 docker build", metadata,
             *(f"--build-arg {arg}" for arg in build_args),
             "--target vllm-openai", "--progress plain", f"-f {dockerfile} .")
    return " \\\n  ".join(lines) + "\n"


def release_image(variant: str, *build_args: str, suffix: str = "", retag: bool = False,
                  dockerfile: str = "docker/Dockerfile") -> tuple[str, ...]:
    """Build a release image, push `<commit>-<arch><suffix>` to ECR (and, with `retag`,
    `<commit><suffix>` too, in case the other architecture fails), annotate."""
    tag = f"{RELEASE_REPO}:$BUILDKITE_COMMIT-$(uname -m){suffix}"
    commands = [ECR_LOGIN, image_build(variant, *build_args, dockerfile=dockerfile),
                f"docker push {tag}"]
    if retag:
        commands += [f"docker tag {tag} {RELEASE_REPO}:$BUILDKITE_COMMIT{suffix}",
                     f"docker push {RELEASE_REPO}:$BUILDKITE_COMMIT{suffix}"]
    return (*commands, annotate("$BUILDKITE_LABEL", tag, "release-images"))


def manifest(suffix: str, title: str) -> tuple[str, ...]:
    """The multi-arch manifest `<commit><suffix>` over the x86_64 and aarch64 images."""
    image = f"{RELEASE_REPO}:$BUILDKITE_COMMIT{suffix}"
    parts = [f"{RELEASE_REPO}:$BUILDKITE_COMMIT-{arch}{suffix}" for arch in ("x86_64", "aarch64")]
    return (ECR_LOGIN, f"docker manifest create {image} {' '.join(parts)} --amend",
            f"docker manifest push {image}",
            annotate(f"Manifest: {title}", image, "release-manifests"))


def cpu_release_image(repo: str, *build_args: str) -> tuple[str, ...]:
    """A CPU release image tagged with the entered release version and `latest`."""
    image = f"{ECR}/{repo}"
    args = " ".join(f"--build-arg {arg}" for arg in ("max_jobs=16", "GIT_REPO_CHECK=1",
                                                      *build_args))
    build = (f"DOCKER_BUILDKIT=1 docker build {args} --tag {image}:{GET_RELEASE_VERSION} "
             f"--tag {image}:latest --progress plain --target vllm-openai "
             "-f docker/Dockerfile.cpu .")
    return (ECR_LOGIN, build, f"docker push {image}:latest",
            f"docker push {image}:{GET_RELEASE_VERSION}",
            annotate("$BUILDKITE_LABEL", f"{image}:{GET_RELEASE_VERSION}", "release-images"))
