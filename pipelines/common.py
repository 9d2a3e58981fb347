"""Dependencies shared by the test areas."""

from __future__ import annotations

# Test steps wait for the build's test image and, on pull requests, for the
# GitHub pre-commit check (the step is left out of other builds, and so is
# the dependency on it).
AFTER_IMAGE = ["image-build", "pre-commit"]
AFTER_AMD_IMAGE = ["image-build-amd", "pre-commit"]
AFTER_XPU_IMAGE = ["image-build-xpu", "pre-commit"]
TESTS_DIR = "/vllm-workspace/tests"
