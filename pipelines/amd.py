"""How vLLM's AMD jobs run: the env that `run-amd-test.sh` reads, and the pod of
native (non docker-in-docker) jobs. Used by the AMD devices in `hardware.py`
and by the mirror policy in `settings.py`."""

from __future__ import annotations

from typing import Any

ARTIFACT_GLOB = "artifacts/vllm-rocm-install/vllm-rocm-install.tar.gz"
RESULTS_ROOT = "/home/buildkite-agent/huggingface/amd-ci-results"
NATIVE_IMAGE = "rocm/vllm-dev:ci_base-build-$BUILDKITE_BUILD_ID"


def gpu_count(job: Any) -> int:
    return int(job.entry.device.name.rsplit("_", 1)[1])


def _common(job: Any) -> dict[str, str]:
    return {"BUILDKITE_ARTIFACT_UPLOAD_SKIP_SYMLINKS": "true",
            "VLLM_CI_DIAGNOSTICS_DIR": "artifacts/amd-gpu-diagnostics",
            "VLLM_CI_EXPECTED_GPU_COUNT": str(gpu_count(job))}


def _dind(commands: str) -> dict[str, str]:
    return {"DOCKER_BUILDKIT": "1",
            "DOCKER_IMAGE_NAME": "rocm/vllm-dev:ci_base",
            "VLLM_CI_BASE_IMAGE": "rocm/vllm-dev:ci_base",
            "VLLM_CI_FALLBACK_IMAGE": "rocm/vllm-ci:build-$BUILDKITE_BUILD_ID",
            "VLLM_CI_USE_ARTIFACTS": "1",
            "VLLM_CI_ARTIFACT_GLOB": ARTIFACT_GLOB,
            "VLLM_CI_RESULTS_ROOT": RESULTS_ROOT,
            "VLLM_TEST_COMMANDS": commands}


NATIVE_DEFAULTS = {
    "VLLM_CI_ARTIFACT_STEP": "image-build-amd",
    "VLLM_CI_ARTIFACT_CHECKSUM_GLOB": ARTIFACT_GLOB + ".sha256",
    "VLLM_CI_REQUIRE_PERSISTENT_HF_CACHE": "1",
    "HF_HOME": "/home/buildkite-agent/huggingface",
    "HF_HUB_DOWNLOAD_TIMEOUT": "300",
    "HF_HUB_ETAG_TIMEOUT": "60",
}


def _native(commands: str) -> dict[str, str]:
    return {"VLLM_CI_BASE_IMAGE": NATIVE_IMAGE,
            "VLLM_CI_USE_ARTIFACTS": "1",
            "VLLM_CI_ARTIFACT_GLOB": ARTIFACT_GLOB,
            "VLLM_CI_RESULTS_ROOT": RESULTS_ROOT,
            "VLLM_CI_WORKSPACE": "/vllm-workspace",
            "VLLM_CI_REQUIRE_WORKSPACE_MOUNT": "1",
            "VLLM_TEST_COMMANDS": commands,
            "AMD_CI_RUNTIME": "native",
            "NATIVE_CI": "true",
            "VLLM_CI_DOCKER_DISABLED": "1",
            "PYTORCH_ROCM_ARCH": ""}


def amd_env(job: Any, commands: str) -> dict[str, str]:
    """The env of an AMD job: the joined commands travel in VLLM_TEST_COMMANDS
    (a step on an AMD GPU, not a mirror, first exports VLLM_TEST_GROUP_NAME=<key>)."""
    step_env = dict(job.step.env)
    if job.entry.mirror_of is None:
        commands = f"export VLLM_TEST_GROUP_NAME={job.step.key} && {commands}"
    if job.step.no_plugin:
        return {**_common(job), **step_env}
    if job.step.dind:
        return {**_common(job), **step_env, **_dind(commands)}
    return {**NATIVE_DEFAULTS, **_common(job), **step_env, **_native(commands)}


def _field(name: str, path: str) -> dict[str, Any]:
    return {"name": name, "valueFrom": {"fieldRef": {"fieldPath": path}}}


def _pod_env(gpus: int) -> list[dict[str, Any]]:
    plain = {"AMD_CI_RUNTIME": "native", "NATIVE_CI": "true", "VLLM_CI_DOCKER_DISABLED": "1",
             "VLLM_CI_EXPECTED_GPU_COUNT": str(gpus), "VLLM_CI_WORKSPACE": "/vllm-workspace",
             "VLLM_CI_REQUIRE_WORKSPACE_MOUNT": "1", "PYTORCH_ROCM_ARCH": ""}
    return [*({"name": k, "value": v} for k, v in plain.items()),
            _field("VLLM_CI_K8S_POD_NAME", "metadata.name"),
            _field("VLLM_CI_K8S_NAMESPACE", "metadata.namespace"),
            _field("VLLM_CI_K8S_NODE_NAME", "spec.nodeName")]


def amd_native_pod(job: Any) -> dict[str, Any]:
    """The podSpecPatch of a native AMD job (`dind=False`)."""
    gpus = str(gpu_count(job))
    container = {
        "name": "container-0",
        "image": NATIVE_IMAGE,
        "imagePullPolicy": "Always",
        "securityContext": {"allowPrivilegeEscalation": False,
                            "capabilities": {"add": ["IPC_LOCK"]}},
        "resources": {"limits": {"amd.com/gpu": gpus}, "requests": {"amd.com/gpu": gpus}},
        "volumeMounts": [{"name": "devshm", "mountPath": "/dev/shm"},
                         {"name": "vllm-workspace", "mountPath": "/vllm-workspace"}],
        "env": _pod_env(int(gpus)),
    }
    return {"automountServiceAccountToken": False,
            "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
            "imagePullSecrets": [{"name": "docker-config"}],
            "containers": [container],
            "volumes": [{"name": "devshm", "emptyDir": {"medium": "Memory", "sizeLimit": "16Gi"}},
                        {"name": "vllm-workspace", "emptyDir": {}}]}
