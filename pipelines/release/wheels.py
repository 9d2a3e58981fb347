"""Release pipeline, wheels: the release version, CUDA 13.0 wheels on every build,
the additional wheels (CUDA 12.9, CPU, XPU, macOS) behind their gate (automatic on
nightly builds), and the wheel indices on S3."""

from __future__ import annotations

from vllmci.define import Gate, Group, Input, Plugin, Step, TextField

from .common import (
    ADDITIONAL_WHEELS_GATE,
    ARM64_CUDA_13_BUILDER,
    ARM64_CUDA_129_BUILDER,
    BUILDKIT,
    RELEASE_VERSION,
    WHEEL_URL,
    X86_CUDA_13_BUILDER,
    X86_CUDA_129_BUILDER,
    annotate,
    cpu_wheel,
    cuda_wheel,
    xpu_wheel,
)

RELEASE_VERSION_INPUT = Group(
    name="Release version",
    pipeline="release",
    order=10,
    top_level=True,
    steps=[
        Input(
            key=RELEASE_VERSION,
            label="Provide Release version here",
            fields=[TextField(key="release-version", text="What is the release version?",
                              hint="The release's git tag, e.g. v0.11.0: the PyPI upload "
                                   "checks it against the tag")],
        ),
    ],
)

CUDA_13_WHEELS = Group(
    name="Build CUDA 13.0 Python wheels",
    key="build-wheels",
    pipeline="release",
    order=20,
    always_run=True,
    steps=[
        Step(key="build-wheel-arm64-cuda-13-0", label="Build wheel - aarch64 - CUDA 13.0",
             device="arm64-cpu-release", env=BUILDKIT,
             commands=cuda_wheel("13.0.2", "CUDA_ARCH_AARCH64",
                                 ARM64_CUDA_13_BUILDER)),
        Step(key="build-wheel-x86-cuda-13-0", label="Build wheel - x86_64 - CUDA 13.0",
             device="cpu-release", env=BUILDKIT,
             commands=cuda_wheel("13.0.2", "CUDA_ARCH_X86",
                                 X86_CUDA_13_BUILDER)),
    ],
)

ADDITIONAL_WHEELS_GATE_GROUP = Group(
    name="Gate: additional wheels",
    pipeline="release",
    order=30,
    top_level=True,
    steps=[
        Gate(key=ADDITIONAL_WHEELS_GATE, label="Unblock to build additional Python wheels",
             depends_on=[], skip_in=["nightly"],
             prompt="Builds the CUDA 12.9, CPU, XPU and macOS wheels, uploads them to S3 and "
                    "regenerates the wheel indices. Nightly builds do this without a click."),
    ],
)

MACOS_UPLOAD = (
    'buildkite-agent artifact download "artifacts/transfer/*" .',
    "mkdir -p artifacts/dist artifacts/reassembled",
    "wheel_name=$(cat artifacts/transfer/wheel.name)",
    '[[ "$wheel_name" =~ ^[A-Za-z0-9][A-Za-z0-9._+-]*\\.whl$ && "$wheel_name" != *..* ]]',
    "expected_sha=$(awk '{print $1}' artifacts/transfer/wheel.sha256)",
    '[[ "$expected_sha" =~ ^[0-9a-f]{64}$ ]]',
    "cat artifacts/transfer/wheel.part.* > artifacts/reassembled/wheel",
    "actual_sha=$(shasum -a 256 artifacts/reassembled/wheel | awk '{print $1}')",
    '[[ "$actual_sha" == "$expected_sha" ]]',
    'mv artifacts/reassembled/wheel "artifacts/dist/$wheel_name"',
    "aws sts get-caller-identity",
    "VLLM_WHEEL_PLATFORM=macos bash .buildkite/scripts/upload-nightly-wheels.sh",
    annotate("$BUILDKITE_LABEL", WHEEL_URL, "release-wheels"),
)
"""Reassemble the macOS wheel from its artifact parts, check it, upload it to S3."""

MACOS_UPLOADER = Plugin(
    name="aws-assume-role-with-web-identity#v1.6.0",
    config={"role-arn": "arn:aws:iam::936637512419:role/vllm-release-macos-wheel-uploader",
            "region": "us-west-2"})

ADDITIONAL_WHEELS = Group(
    name="Build additional Python wheels",
    key="build-additional-wheels",
    pipeline="release",
    order=40,
    always_run=True,
    depends_on=[ADDITIONAL_WHEELS_GATE],
    steps=[
        Step(key="build-wheel-arm64-cuda-12-9", label="Build wheel - aarch64 - CUDA 12.9",
             device="arm64-cpu-release", env=BUILDKIT, publishes=True,
             commands=cuda_wheel("12.9.1", "CUDA_ARCH_AARCH64_CU129",
                                 ARM64_CUDA_129_BUILDER)),
        Step(key="build-wheel-arm64-cpu", label="Build wheel - aarch64 - CPU",
             device="arm64-cpu-release", env=BUILDKIT, publishes=True,
             commands=cpu_wheel("VLLM_BUILD_ACL=ON")),
        Step(key="build-wheel-macos-arm64-cpu", label="Build wheel - macOS arm64 - CPU",
             device="macos-arm64", timeout=90, artifact_paths=["artifacts/transfer/*"],
             env={"BUILDKITE_ARTIFACT_UPLOAD_CONCURRENCY": "1", "BUILDKITE_NO_HTTP2": "true"},
             commands=["bash .buildkite/scripts/build-macos-wheel.sh",
                       "mkdir -p artifacts/transfer",
                       "basename artifacts/dist/*.whl > artifacts/transfer/wheel.name",
                       "shasum -a 256 artifacts/dist/*.whl > artifacts/transfer/wheel.sha256",
                       "split -b 1m artifacts/dist/*.whl artifacts/transfer/wheel.part."]),
        Step(key="upload-wheel-macos-arm64-cpu", label="Upload wheel - macOS arm64 - CPU",
             device="small-cpu-release", timeout=15, publishes=True,
             depends_on=[ADDITIONAL_WHEELS_GATE, "build-wheel-macos-arm64-cpu"],
             plugins=[MACOS_UPLOADER], commands=MACOS_UPLOAD),
        Step(key="build-wheel-x86-cuda-12-9", label="Build wheel - x86_64 - CUDA 12.9",
             device="cpu-release", env=BUILDKIT, publishes=True,
             commands=cuda_wheel("12.9.1", "CUDA_ARCH_X86_CU129",
                                 X86_CUDA_129_BUILDER)),
        Step(key="build-wheel-x86-cpu", label="Build wheel - x86_64 - CPU",
             device="cpu-release", env=BUILDKIT, publishes=True,
             commands=cpu_wheel("VLLM_CPU_X86=true")),
        Step(key="build-wheel-x86-xpu", label="Build wheel - x86_64 - XPU",
             device="cpu-release", env=BUILDKIT, publishes=True, commands=xpu_wheel()),
    ],
)

WHEEL_INDICES = Group(
    name="Wheel indices",
    pipeline="release",
    order=50,
    top_level=True,
    always_run=True,
    steps=[
        Step(key="publish-xpu-triton-shim", label="Publish and stage XPU Triton shim",
             device="cpu-release", depends_on=[],
             commands=["bash .buildkite/scripts/xpu/publish-triton-shim.sh"]),
        Step(key="generate-wheel-indices", label="Generate and upload wheel indices",
             device="cpu-release", depends_on=["build-wheels"], allow_dependency_failure=True,
             skip_in=["nightly"],
             commands=["UPDATE_VERSION_INDEX=0 bash "
                       ".buildkite/scripts/generate-and-upload-nightly-index.sh"]),
        # It goes on when a wheel job fails (allow_dependency_failure), so it waits
        # for the additional wheels' gate itself: a cancelled job is no click.
        Step(key="generate-additional-wheel-indices",
             label="Regenerate indices with additional wheels", device="cpu-release",
             depends_on=[ADDITIONAL_WHEELS_GATE, "build-wheels", "build-additional-wheels",
                         "generate-wheel-indices"],
             allow_dependency_failure=True, publishes=True,
             commands=['UPDATE_NIGHTLY_INDEX="${NIGHTLY:-0}" bash '
                       ".buildkite/scripts/generate-and-upload-nightly-index.sh"]),
    ],
)
