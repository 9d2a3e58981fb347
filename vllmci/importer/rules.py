"""What the YAML means: the rules vLLM's pipeline generator applies when it reads it.

Kept in one place so that the translators only map fields.
"""

from __future__ import annotations

import re

DEFAULT_GROUP = "ungrouped"
DEFAULT_REPO = "vllm-project/vllm"
REPO_WORKING_DIR = "/vllm-workspace/tests"
"""Steps of a file with a truthy `depends_on` run here (only for the default repo)."""

ALWAYS_RUN_PREFIX = "image-build"
ALWAYS_RUN_KEYS = frozenset({"ensure-ci-base-amd", "refresh-rocm-base-amd"})
DOCKER_LABEL = ":docker:"
IMAGE_BUILDER = "image-builder"
IMAGE_BUILDER_ARM64 = "image-builder-arm64"
DOCS_LABEL = "Documentation Build"
DOCS_DEVICE = "cpu-small"
MOUNT_AGENT_LABEL = "Benchmarks"
AMD_IMAGE_BUILD = "image-build-amd"
AMD_GPU_DEVICE = re.compile(r"^mi(250|300|325|355)_(1|2|4|8)$")
"""vLLM's AMD GPU devices (ci-infra `amd.py::AMD_DEVICE_CONFIGS`): a step with one of
these as its own device runs on it (a native AMD step)."""
GLOB_CHARS = frozenset("*?[")

IGNORED = "ignored by vLLM's generator; not imported"
NO_EQUIVALENT = "used by vLLM's generator, but vllmci has no equivalent; not imported"
LEGACY_NO_EQUIVALENT = "used by vLLM's legacy template; vllmci has no equivalent; not imported"

_REFERENCE = re.compile(r"\$\$|\$\{[^}]*\}?|\$[A-Za-z_][A-Za-z0-9_]*")
_PLAIN_BRACED = re.compile(r"^\$\{[A-Za-z_][A-Za-z0-9_]*\}$")


def derive_key(label: str) -> str:
    """vLLM's key for a step without one: exactly its replacement chain, nothing more."""
    key = label.replace(" ", "-").lower()
    for gone in "()%":
        key = key.replace(gone, "")
    for dash in ",+:./":
        key = key.replace(dash, "-")
    return key


def always_runs(yaml_key: str | None) -> bool:
    """vLLM checks the YAML key, so a step without one never always-runs."""
    return bool(yaml_key) and (yaml_key.startswith(ALWAYS_RUN_PREFIX)
                               or yaml_key in ALWAYS_RUN_KEYS)


def is_amd_gpu_device(device: object) -> bool:
    return isinstance(device, str) and AMD_GPU_DEVICE.match(device) is not None


def device_for_label(label: str) -> str | None:
    """The device vLLM's queue rules imply by label, ahead of the `device` field."""
    if label.startswith(DOCKER_LABEL):
        return IMAGE_BUILDER_ARM64 if "arm64" in label else IMAGE_BUILDER
    if label == DOCS_LABEL:
        return DOCS_DEVICE
    return None


def unescape(text: str) -> str:
    """`$$` is how the YAML says "a `$` at run time"; vllmci escapes on upload itself."""
    return text.replace("$$", "$")


def upload_time_references(text: str) -> list[str]:
    """`$VAR` / `${...}` that the agent would interpolate when uploading the YAML."""
    return [m.group() for m in _REFERENCE.finditer(text) if m.group() != "$$"]


def shell_only_forms(text: str) -> list[str]:
    """`${VAR:?msg}`, `${#VAR}`, `${VAR:-x}`...: forms beyond a plain `$VAR`/`${VAR}`."""
    return [ref for ref in upload_time_references(text)
            if ref.startswith("${") and not _PLAIN_BRACED.match(ref)]


def normalise_mirror_dependencies(depends_on: list[str]) -> list[str]:
    """An AMD mirror waits for the AMD image: `image-build` becomes `image-build-amd`,
    duplicates go, and `image-build-amd` comes first."""
    renamed = [AMD_IMAGE_BUILD if d == "image-build" else d for d in depends_on]
    unique = list(dict.fromkeys(renamed))
    if AMD_IMAGE_BUILD not in unique:
        unique.insert(0, AMD_IMAGE_BUILD)
    return unique
