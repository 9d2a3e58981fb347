"""How the AMD template runs a test job: `run-amd-test.sh`, told what to run by env.

Every GPU job of the AMD pipeline is shaped here (`Settings.gpu_runner` in
`settings.py`), on the devices of the one inventory (`hardware.py`: the agent
pool `mi300_1` is the device, queue `amd_mi300_1`). The test pipeline's AMD
mirrors run on the same devices but are wrapped as vLLM's generator wraps them
(`amd.py`).

- The commands travel in `VLLM_TEST_COMMANDS`: `(command rocm-smi || true)`, the
  debug-agent notice, `cd <working_dir>`, then the step's commands, joined by
  ` && ` (multi-node steps: one `VLLM_NODE_COMMAND_<i>` per node instead).
- `VLLM_CI_EXPECTED_GPU_COUNT` is the step's device count, or its own value
  (`0` for the template's `no_gpu: true`); `CONTAINER_TIMEOUT_S` is its timeout
  less a minute.
- A native job (`dind=False`) runs in its Kubernetes pod (the `podSpecPatch`
  below) with the persistent HF cache; a docker-in-docker job gets the base image
  and the build's fallback image instead.
- Every job uploads its GPU diagnostics.
"""

from __future__ import annotations

from typing import Any

from vllmci.define import Shaped

from ..amd import ARTIFACT_GLOB, NATIVE_DEFAULTS, NATIVE_IMAGE

COMMAND = "bash .buildkite/scripts/hardware_ci/run-amd-test.sh"
DIAGNOSTICS = ("artifacts/amd-gpu-diagnostics/*/diagnostics.log",)
WORKING_DIR = "/vllm-workspace/tests"
DEFAULT_TIMEOUT = 180
DEBUG_AGENT_NOTICE = ("echo 'ROCm debug agent disabled; set VLLM_CI_ENABLE_ROCM_DEBUG_AGENT=1 "
                      "at pipeline generation time to enable coredump setup'")
GPU_COUNT = "VLLM_CI_EXPECTED_GPU_COUNT"


def gpus(job: Any) -> int:
    """The GPUs the job asks for: its own `VLLM_CI_EXPECTED_GPU_COUNT`, else its devices."""
    own = dict(job.step.env).get(GPU_COUNT)
    return int(own) if own is not None else job.step.num_devices


def test_commands(job: Any) -> str:
    step = job.step
    return " && ".join(("(command rocm-smi || true)", DEBUG_AGENT_NOTICE,
                        f"cd {step.working_dir or WORKING_DIR}", *step.commands))


def job_env(job: Any) -> dict[str, str]:
    step = job.step
    env = {"NUM_NODES": str(step.num_nodes), GPU_COUNT: str(gpus(job)),
           "VLLM_CI_USE_ARTIFACTS": "1", "VLLM_CI_ARTIFACT_GLOB": ARTIFACT_GLOB}
    if step.dind:
        env.update({"DOCKER_IMAGE_NAME": "rocm/vllm-dev:ci_base",
                    "VLLM_CI_FALLBACK_IMAGE": "rocm/vllm-ci:build-$BUILDKITE_BUILD_ID"})
    else:
        env.update(NATIVE_DEFAULTS)
    env["CONTAINER_TIMEOUT_S"] = str((step.timeout or DEFAULT_TIMEOUT) * 60 - 60)
    if step.num_nodes >= 2:
        for index, command in enumerate(step.commands):
            env[f"VLLM_NODE_COMMAND_{index}"] = command
        env["VLLM_NODE_COMMAND_COUNT"] = str(len(step.commands))
        env["VLLM_NUM_GPUS_PER_NODE"] = str(gpus(job))
    else:
        env["VLLM_TEST_COMMANDS"] = test_commands(job)
    return env


def _field(name: str, path: str) -> dict[str, Any]:
    return {"name": name, "valueFrom": {"fieldRef": {"fieldPath": path}}}


def native_pod(job: Any) -> dict[str, Any]:
    """The podSpecPatch of a native job: the build's ci_base image, its GPUs (none
    for `no_gpu`), a 16 GiB /dev/shm and an empty /vllm-workspace."""
    count = str(gpus(job))
    container = {
        "name": "container-0",
        "image": NATIVE_IMAGE,
        "imagePullPolicy": "Always",
        "securityContext": {"allowPrivilegeEscalation": False,
                            "capabilities": {"add": ["IPC_LOCK"]}},
        "resources": {"limits": {"amd.com/gpu": count}, "requests": {"amd.com/gpu": count}},
        "volumeMounts": [{"name": "devshm", "mountPath": "/dev/shm"},
                         {"name": "vllm-workspace", "mountPath": "/vllm-workspace"}],
        "env": [{"name": "AMD_CI_RUNTIME", "value": "native"},
                {"name": "NATIVE_CI", "value": "true"},
                {"name": "VLLM_CI_DOCKER_DISABLED", "value": "1"},
                _field("VLLM_CI_K8S_POD_NAME", "metadata.name"),
                _field("VLLM_CI_K8S_NAMESPACE", "metadata.namespace"),
                _field("VLLM_CI_K8S_NODE_NAME", "spec.nodeName")],
    }
    return {"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
            "containers": [container],
            "volumes": [{"name": "devshm", "emptyDir": {"medium": "Memory",
                                                        "sizeLimit": "16Gi"}},
                        {"name": "vllm-workspace", "emptyDir": {}}]}


class TemplateJob:
    """The runner of the AMD pipeline's GPU jobs (`Settings.gpu_runner`)."""

    def shape(self, job: Any) -> Shaped:
        step = job.step
        env = job_env(job)
        if step.no_plugin:  # the template runs such a step's commands as they are
            return Shaped((" && ".join(step.commands),), (), tuple(env.items()), DIAGNOSTICS)
        plugins = () if step.dind else (
            {"kubernetes": {"podSpecPatch": native_pod(job)}},)
        return Shaped((COMMAND,), plugins, tuple(env.items()), DIAGNOSTICS)


TEMPLATE_JOB = TemplateJob()
