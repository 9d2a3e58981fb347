"""vLLM's AMD pipeline: how it selects and how its jobs look, as ci-infra's
`bootstrap-amd.sh` and `test-template-amd.j2` decide today.

Selection, differently from the test pipeline:
- a docs-only change builds nothing, whatever else holds (the script exits first);
- dependency entries are raw string prefixes (`vllm/lora` also matches
  `vllm/lora_x.py`), without globs or `!` exclusions;
- run-all and nightly are decided by file prefix (below); optional steps run only
  in nightly mode, on run-all builds too;
- only the steps tagged with this build's mirror hardware are in the build.
"""

from __future__ import annotations

from vllmci.define import AutoRetry, BuildContext, RunAll, Settings

from .jobs import TEMPLATE_JOB

# bootstrap-amd.sh, by plain string prefix of each changed file:
# - docker/Dockerfile.rocm_base sets NIGHTLY=1: every step runs, optional ones too
#   (the file is then not checked against the run-all list);
# - the others set RUN_ALL=1: every non-optional step runs; csrc/cpu and
#   cmake/cpu_extension.cmake are exempt (csrc/rocm is not, unlike on NVIDIA);
# - the ready-run-all-tests label sets both.
# TORCH_NIGHTLY=1 changes nothing: the script passes it, the template never reads it.
RUN_ALL = RunAll(
    pipeline="amd",
    patterns=[r"docker/Dockerfile\.rocm", r"CMakeLists\.txt", r"requirements/common\.txt",
              r"requirements/rocm\.txt", r"requirements/build/rocm\.txt",
              r"requirements/test/rocm\.txt", r"setup\.py", "csrc/", "cmake/"],
    exclude=["csrc/cpu", r"cmake/cpu_extension\.cmake"],
    nightly=[r"docker/Dockerfile\.rocm_base"],
    labels=["ready-run-all-tests"],
    torch_nightly=False,
)


def mirror_hardware(ctx: BuildContext) -> str:
    """The template's `mirror_hw`: `AMD_MIRROR_HW` (default `amdproduction`), always
    `amdtentative` on the `fastcheck` pipeline. Only steps tagged with it are built."""
    if ctx.getenv("BUILDKITE_PIPELINE_SLUG") == "fastcheck":
        return "amdtentative"
    return ctx.getenv("AMD_MIRROR_HW") or "amdproduction"


def pipeline_env(ctx: BuildContext) -> dict[str, str]:
    """What the ROCm base refresh reads (the template passes the script's values on)."""
    return {knob: ctx.getenv(knob, "0") or "0"
            for knob in ("ROCM_BASE_REFRESH_SKIP", "ROCM_BASE_REFRESH_FORCE")}


def priority(ctx: BuildContext) -> int:
    return 100


# Every command step gets these (the image steps add exit statuses 1 and 2).
RETRY = [AutoRetry(signal_reason="stack_error", limit=1),
         AutoRetry(signal_reason="agent_stop", limit=1),
         AutoRetry(signal_reason="agent_refused", limit=1),
         AutoRetry(exit_status=-1, signal_reason="none", limit=1),
         AutoRetry(exit_status=134, limit=1)]  # ROCm GPU hang

SETTINGS = Settings(
    pipeline="amd",
    env=pipeline_env,
    retry=RETRY,
    timeout=180,
    priority=priority,
    docs_only_first=True,
    matching="prefix",
    tag=mirror_hardware,
    gpu_runner=TEMPLATE_JOB,
    block_after="image-build-amd",
)
