"""vLLM's Intel pipeline settings: its run-all rule and registry (`ci_config_intel.yaml`),
and how it selects as vLLM's Intel bootstrap does."""

from __future__ import annotations

from vllmci.define import AutoRetry, BuildContext, RunAll, Settings

REGISTRY = "public.ecr.aws/q9t5s3a7"
PREMERGE_REPO = "vllm-ci-test-repo"
POSTMERGE_REPO = "vllm-ci-test-repo"

# ci_config_intel.yaml's run_all_patterns: regexes anchored at the path's start
# (so `docker/Dockerfile` matches every Dockerfile variant, `.rocm` and `.s390x`
# too: vLLM's generator applies them so). A changed file matching one (and no
# exclusion) runs every non-optional step; a pull request labelled
# ready-run-all-tests runs every step, optional ones too.
RUN_ALL = RunAll(
    pipeline="intel",
    patterns=[".buildkite/ci_config_intel.yaml", ".buildkite/scripts/hardware_ci/run-intel-test.sh",
              "docker/Dockerfile", "docker/Dockerfile.xpu", "CMakeLists.txt",
              "requirements/common.txt", "requirements/xpu.txt", "setup.py", "csrc/", "cmake/"],
    exclude=["csrc/cpu/", "csrc/rocm/", "cmake/hipify.py", "cmake/cpu_extension.cmake"],
    labels=["ready-run-all-tests"],
)


def repository(ctx: BuildContext) -> str:
    return POSTMERGE_REPO if ctx.on_default_branch else PREMERGE_REPO


def image(ctx: BuildContext, variant: str = "") -> str:
    """This build's image (`<registry>/<repo>:<commit>`); the Intel jobs run scripts that
    bring their own containers, so no step runs in it."""
    tag = ctx.commit or "latest"
    return f"{REGISTRY}/{repository(ctx)}:{tag}" + (f"-{variant}" if variant else "")


def priority(ctx: BuildContext) -> int:
    return 1000 if ctx.getenv("PRIORITY") == "HIGH" else 0


# The bootstrap script exits on a docs-only change before anything else, so a
# docs-only change builds nothing even when a run-all pattern matches (a `.md`
# under `csrc/`), unlike the test pipeline. vLLM's generator emits no
# pipeline-level env for this pipeline: each step carries its own.
SETTINGS = Settings(
    pipeline="intel",
    image=image,
    priority=priority,
    retry=[AutoRetry(exit_status=-1, limit=1)],
    docs_only_first=True,
)
