"""vLLM's project settings: run-all rules, test images, pipeline env, shared
defaults and the policy every AMD mirror follows."""

from __future__ import annotations

from vllmci.define import AutoRetry, BuildContext, MirrorPolicy, RunAll, Settings

REGISTRY = "public.ecr.aws/q9t5s3a7"
PREMERGE_REPO = "vllm-ci-test-repo"
POSTMERGE_REPO = "vllm-ci-postmerge-repo"

# vLLM's ci_config.yaml run_all_patterns: regexes anchored at the path's start.
# A changed file matching one (and no exclusion) runs every non-optional step; a
# pull request labelled ready-run-all-tests runs every step, optional ones too.
RUN_ALL = RunAll(
    patterns=["docker/Dockerfile", "CMakeLists.txt", "requirements/common.txt",
              "requirements/cuda.txt", "requirements/kv_connectors.txt",
              "requirements/build/cuda.txt", "requirements/test/cuda.txt", "setup.py",
              "csrc/", "cmake/", ".buildkite/check-torch-abi.py"],
    exclude=["docker/Dockerfile.", "csrc/cpu/", "csrc/rocm/", "cmake/hipify.py",
             "cmake/cpu_extension.cmake"],
    labels=["ready-run-all-tests"],
)


def _on_main(ctx: BuildContext) -> bool:
    return ctx.branch == "main" and not ctx.is_pr


def repository(ctx: BuildContext) -> str:
    return POSTMERGE_REPO if _on_main(ctx) else PREMERGE_REPO


def image(ctx: BuildContext, variant: str = "") -> str:
    """This build's test image: `<registry>/<repo>:<commit>[-torch-nightly][-cpu|-arm64]`."""
    tag = ctx.commit or "latest"
    if ctx.torch_nightly:
        tag += "-torch-nightly"
    if variant:
        tag += f"-{variant}"
    return f"{REGISTRY}/{repository(ctx)}:{tag}"


def pipeline_env(ctx: BuildContext) -> dict[str, str]:
    """What the image-build and multi-node commands read at run time."""
    env = {"REGISTRY": REGISTRY, "REPO": repository(ctx), "BRANCH": ctx.branch,
           "IMAGE_TAG": image(ctx),
           "IMAGE_TAG_TORCH_NIGHTLY": f"{REGISTRY}/{repository(ctx)}:{ctx.commit or 'latest'}"
                                      "-torch-nightly"}
    if _on_main(ctx) and not ctx.torch_nightly:
        env["IMAGE_TAG_LATEST"] = f"{REGISTRY}/{POSTMERGE_REPO}:latest"
    for knob in ("ROCM_BASE_REFRESH_SKIP", "ROCM_BASE_REFRESH_FORCE"):
        env[knob] = ctx.getenv(knob, "0") or "0"
    return env


def priority(ctx: BuildContext) -> int:
    return 1000 if ctx.getenv("PRIORITY") == "HIGH" else 0


SETTINGS = Settings(image=image, env=pipeline_env, priority=priority,
                    retry=[AutoRetry(exit_status=-1, limit=1)])

# Every AMD mirror (`amd=AmdMirror(...)`), and every step whose own device is an
# AMD GPU (`device="mi355_1"`), runs in one group with these settings.
AMD_MIRRORS = MirrorPolicy(
    group="Hardware-AMD Tests",
    vendor="amd",
    label="AMD: {label} ({device})",
    block_key="block-amd-{key}",
    block_label="Run AMD: {label}",
    image_build="image-build-amd",
    replaces_image=["image-build"],
    timeout=180,
    max_timeout=180,
    priority=200,
    retry=[AutoRetry(signal_reason="stack_error", limit=1), AutoRetry(exit_status=-1, limit=1),
           AutoRetry(exit_status=1, limit=1), AutoRetry(exit_status=128, limit=1),
           AutoRetry(exit_status=134, limit=1), AutoRetry(signal_reason="agent_stop", limit=1),
           AutoRetry(signal_reason="agent_refused", limit=1)],
    artifact_paths=["artifacts/amd-gpu-diagnostics/*/diagnostics.log"],
    native_paths=[".buildkite/scripts/hardware_ci/run-amd-test.sh"],
    force_paths=["docker/Dockerfile.rocm_base"],
)
