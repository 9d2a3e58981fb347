"""vLLM's hardware inventory: every device a step may name, its queues and runner.

One table in one place. A step names a device (`device="h200_35gb"`); the
device says which agent queue takes the job and how the job runs (docker
plugin, Kubernetes pod, a script on the agent). Secrets are never values here:
only names passed through from the agent's environment or Kubernetes secret
references.
"""

from __future__ import annotations

from typing import Any

from vllmci.define import AutoRetry, Device, Docker, Inventory, Kubernetes, Script

from .amd import amd_env, amd_native_pod

# --- command setup lines -----------------------------------------------------------

NVIDIA_SETUP = ("echo '--- :nvidia: GPU Info'", "(command nvidia-smi || true)")
NVIDIA_TOPOLOGY = ("echo '--- :nvidia: GPU Topology'", "(command nvidia-smi topo -m || true)")
CUDA_COREDUMP = (
    "echo '--- :gear: CUDA Coredump Setup'",
    "export CUDA_ENABLE_COREDUMP_ON_EXCEPTION=1 && export CUDA_COREDUMP_SHOW_PROGRESS=1"
    " && export CUDA_COREDUMP_GENERATION_FLAGS='skip_nonrelocated_elf_images,"
    "skip_global_memory,skip_shared_memory,skip_local_memory,skip_constbank_memory'",
)
NVIDIA = {"setup": NVIDIA_SETUP, "multi_device_setup": NVIDIA_TOPOLOGY,
          "after_setup": CUDA_COREDUMP}

AMD_SETUP = (
    "echo '--- :amd: GPU Info'",
    "(command amd-smi || true)",
    "echo '--- :gear: ROCm Debug Agent Setup'",
    "echo 'ROCm debug agent disabled; set VLLM_CI_ENABLE_ROCM_DEBUG_AGENT=1 at pipeline"
    " generation time to enable coredump setup'",
)

# --- docker plugin templates -------------------------------------------------------

DEFAULT_ENV = ("VLLM_USAGE_SOURCE=ci-test", "NCCL_CUMEM_HOST_ENABLE=0", "HF_HOME=/fsx/hf_cache",
               "HF_TOKEN", "CODECOV_TOKEN", "BUILDKITE_ANALYTICS_TOKEN",
               "RAY_COMPAT_SLACK_WEBHOOK_URL")
DEFAULT_VOLUMES = ("/dev/shm:/dev/shm", "/fsx/hf_cache:/fsx/hf_cache")
PULL_THROUGH_CACHE = (("public.ecr.aws",
                       "936637512419.dkr.ecr.us-west-2.amazonaws.com/vllm-ci-pull-through-cache"),)

L4 = Docker(**NVIDIA, environment=DEFAULT_ENV, volumes=DEFAULT_VOLUMES)
CPU_DOCKER = Docker(**NVIDIA, gpus=None, environment=DEFAULT_ENV, volumes=DEFAULT_VOLUMES)
H200_MIG = Docker(
    **NVIDIA, gpus=None, image_rewrites=PULL_THROUGH_CACHE,
    environment=("VLLM_USAGE_SOURCE=ci-test", "NCCL_CUMEM_HOST_ENABLE=0",
                 "PYTORCH_CUDA_ALLOC_CONF=expandable_segments:False", "HF_TOKEN", "HF_HOME",
                 "CODECOV_TOKEN", "BUILDKITE_ANALYTICS_TOKEN", "CUDA_VISIBLE_DEVICES",
                 "NVIDIA_VISIBLE_DEVICES"),
    volumes=("/dev/shm:/dev/shm", "/mnt/vllm-ci:/mnt/vllm-ci", "/dev/nvidiactl:/dev/nvidiactl"))
H200 = Docker(
    **NVIDIA,
    environment=("VLLM_USAGE_SOURCE=ci-test", "NCCL_CUMEM_HOST_ENABLE=0", "HF_TOKEN", "HF_HOME",
                 "CODECOV_TOKEN", "BUILDKITE_ANALYTICS_TOKEN"),
    volumes=("/dev/shm:/dev/shm", "/mnt/vllm-ci:/mnt/vllm-ci"))
B200 = Docker(
    **NVIDIA, gpus=None,
    environment=("VLLM_USAGE_SOURCE=ci-test", "NCCL_CUMEM_HOST_ENABLE=0", "HF_HOME", "HF_TOKEN",
                 "CODECOV_TOKEN", "BUILDKITE_ANALYTICS_TOKEN"),
    volumes=("/dev/shm:/dev/shm", "/raid:/raid", "/mnt/shared:/mnt/shared"))
ZEN5 = Docker(
    **NVIDIA, gpus=None,
    environment=("VLLM_USAGE_SOURCE=ci-test", "NCCL_CUMEM_HOST_ENABLE=0", "HF_HOME", "HF_TOKEN",
                 "CODECOV_TOKEN", "BUILDKITE_ANALYTICS_TOKEN"),
    volumes=("/dev/shm:/dev/shm", "/mnt/ci-cache:/mnt/ci-cache"))

# --- Kubernetes pod specs ----------------------------------------------------------


def _secret(name: str, secret: str, optional: bool = False) -> dict[str, Any]:
    ref: dict[str, Any] = {"name": secret, "key": "token"}
    if optional:
        ref["optional"] = True
    return {"name": name, "valueFrom": {"secretKeyRef": ref}}


def _k8s_env(hf_home: str) -> list[dict[str, Any]]:
    return [{"name": "VLLM_USAGE_SOURCE", "value": "ci-test"},
            {"name": "NCCL_CUMEM_HOST_ENABLE", "value": "0"},
            {"name": "HF_HOME", "value": hf_home},
            _secret("HF_TOKEN", "hf-token-secret"),
            _secret("BUILDKITE_ANALYTICS_TOKEN", "buildkite-analytics-token-secret", True)]


def _host_path(name: str, path: str) -> dict[str, Any]:
    return {"name": name, "hostPath": {"path": path, "type": "DirectoryOrCreate"}}


DEVSHM = {"name": "devshm", "emptyDir": {"medium": "Memory"}}


def h100_pod(image: str, gpus: int) -> dict[str, Any]:
    container = {
        "image": image,
        "resources": {"limits": {"nvidia.com/gpu": gpus}},
        "volumeMounts": [{"name": "devshm", "mountPath": "/dev/shm"},
                         {"name": "hf-cache", "mountPath": "/root/.cache/huggingface"}],
        "env": _k8s_env("/root/.cache/huggingface"),
    }
    return {"containers": [container],
            "volumes": [DEVSHM, _host_path("hf-cache", "/mnt/hf-cache")]}


def a100_pod(image: str, gpus: int) -> dict[str, Any]:
    return {**h100_pod(image, gpus), "priorityClassName": "ci",
            "nodeSelector": {"nvidia.com/gpu.product": "NVIDIA-A100-SXM4-80GB"}}


def b200_pod(image: str, gpus: int) -> dict[str, Any]:
    container = {
        "image": image,
        "resources": {"limits": {"nvidia.com/gpu": gpus}},
        "securityContext": {"capabilities": {"add": ["IPC_LOCK", "SYS_RESOURCE"]}},
        "volumeMounts": [{"name": "devshm", "mountPath": "/dev/shm"},
                         {"name": "raid", "mountPath": "/raid"},
                         {"name": "shared", "mountPath": "/mnt/shared"}],
        "env": _k8s_env("/raid/hf_cache"),
    }
    return {"runtimeClassName": "nvidia", "hostNetwork": True,
            "dnsPolicy": "ClusterFirstWithHostNet",
            "imagePullSecrets": [{"name": "k8s-ecr-login-renew-docker-secret"}],
            "containers": [container],
            "volumes": [DEVSHM, _host_path("raid", "/raid"), _host_path("shared", "/mnt/shared")]}


H100_K8S = Kubernetes(**NVIDIA, pod_spec=h100_pod, image_rewrites=PULL_THROUGH_CACHE)
A100_K8S = Kubernetes(**NVIDIA, pod_spec=a100_pod)
B200_K8S = Kubernetes(**NVIDIA, pod_spec=b200_pod, image_rewrites=PULL_THROUGH_CACHE)

# --- AMD ---------------------------------------------------------------------------

AMD_GPU = Script(setup=AMD_SETUP, command="bash .buildkite/scripts/hardware_ci/run-amd-test.sh",
                 env_for=amd_env, pod_patch=amd_native_pod)
AMD_CPU_RETRY = (AutoRetry(signal_reason="stack_error", limit=1),)


def _amd_gpus() -> list[Device]:
    return [Device(f"{chip}_{n}", {n: f"amd_{chip}_{n}"}, runner=AMD_GPU, vendor="amd")
            for chip in ("mi250", "mi300", "mi325", "mi355") for n in (1, 2, 4, 8)]


# --- the inventory -----------------------------------------------------------------

INVENTORY = Inventory(
    default="l4",
    devices=[
        # NVIDIA L4: one GPU on gpu_1_queue, two to four on gpu_4_queue.
        Device("l4", {1: "gpu_1_queue", 4: "gpu_4_queue"}, runner=L4),
        Device("a100", {8: "a100_queue"}, runner=A100_K8S),
        Device("h100", {8: "mithril-h100-pool"}, runner=H100_K8S),
        Device("h200", {8: "H200"}, runner=H200),
        Device("h200_18gb", {8: "h200_18gb"}, runner=H200_MIG),
        Device("h200_35gb", {8: "h200_35gb"}, runner=H200_MIG),
        Device("b200", {8: "B200"}, runner=B200),
        Device("b200-k8s", {8: "b200-k8s"}, runner=B200_K8S),
        Device("gh200", {8: "gh200_queue"}, runner=L4),
        Device("dgx-spark", {8: "dgx-spark"}, runner=L4, image_variant="arm64"),
        Device("zen5", {8: "amd-zen5-cpu"}, runner=ZEN5, gpu=False),
        # CPU queues for tests and docs.
        Device("cpu", "cpu_queue_premerge_us_east_1", runner=CPU_DOCKER, gpu=False,
               image_variant="cpu"),
        Device("cpu-small", "small_cpu_queue_premerge", runner=CPU_DOCKER, gpu=False,
               image_variant="cpu"),
        Device("cpu-medium", "medium_cpu_queue_premerge", runner=CPU_DOCKER, gpu=False,
               image_variant="cpu"),
        # Image builds: plain commands on the build queues (postmerge queues on main).
        Device("image-builder", "cpu_queue_premerge_us_east_1", gpu=False,
               main_queues="cpu_queue_postmerge_us_east_1"),
        Device("image-builder-arm64", "arm64_cpu_queue_premerge", gpu=False,
               main_queues="arm64_cpu_queue_postmerge"),
        Device("ci-check", "small_cpu_queue_premerge", gpu=False),
        # The release pipeline: plain commands on the release queues.
        Device("cpu-release", "cpu_queue_release", gpu=False),
        Device("arm64-cpu-release", "arm64_cpu_queue_release", gpu=False),
        Device("small-cpu-release", "small_cpu_queue_release", gpu=False),
        Device("macos-arm64", "macmini", gpu=False, vendor="apple"),
        # Other hardware: its steps run scripts that bring their own containers
        # (`no_plugin=True`); the docker template applies only to those that don't.
        Device("intel_cpu", "intel-cpu", runner=L4, vendor="intel", gpu=False),
        Device("intel_hpu", "intel-hpu", runner=L4, vendor="intel"),
        Device("intel_gpu", "intel-gpu", runner=L4, vendor="intel"),
        Device("arm_cpu", "arm-cpu", runner=L4, vendor="arm", gpu=False),
        Device("ascend_npu", "ascend", runner=L4, vendor="huawei"),
        Device("amd_cpu", "amd-cpu", vendor="amd", gpu=False, retry=AMD_CPU_RETRY, timeout=180),
        *_amd_gpus(),
    ],
)
