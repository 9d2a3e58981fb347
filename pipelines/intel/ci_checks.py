"""The Intel pipeline's GitHub pre-commit check: the test pipeline's step, in this pipeline.

vLLM's generator adds it to every pipeline it makes for a pull request; the
Intel steps that wait for the XPU image wait for it too (`AFTER_XPU_IMAGE`).
"""

from __future__ import annotations

from vllmci.define import Group

from ..ci_checks import CI_CHECKS

INTEL_CI_CHECKS = Group(name=CI_CHECKS.name, pipeline="intel", depends_on=[],
                        steps=CI_CHECKS.steps)
