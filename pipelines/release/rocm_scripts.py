"""The ROCm release jobs' shell scripts, as they run on the agent (vLLM's,
verbatim). Used by `rocm.py`.

Each script is a file in `_scripts/` (the `_` keeps the definitions loader out
of it), read here as it is: its text is the step's command, byte for byte.
"""

from __future__ import annotations

from pathlib import Path

_SCRIPTS = Path(__file__).parent / "_scripts"


def _script(name: str) -> str:
    return (_SCRIPTS / name).read_text(encoding="utf-8")


# Build the ROCm base image and wheels, or reuse them from the ECR and S3 caches.
BUILD_BASE_WHEELS = _script("rocm-build-base-wheels.sh")

# Build the vLLM ROCm wheel on the cached base image.
BUILD_VLLM_WHEEL = _script("rocm-build-vllm-wheel.sh")

# Upload the base and vLLM ROCm wheels (and their indices) to S3.
UPLOAD_WHEELS = _script("rocm-upload-wheels.sh")

# Build the ROCm release image on the cached base image and push it to ECR.
BUILD_RELEASE_IMAGE = _script("rocm-build-release-image.sh")
