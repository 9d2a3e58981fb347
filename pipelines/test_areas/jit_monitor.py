"""JIT Monitor: the source of truth, kept in step with vLLM's `.buildkite/test_areas/jit_monitor.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_IMAGE, TESTS_DIR

JIT_MONITOR = Group(
    name="JIT Monitor",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="jit-monitor-no-runtime-jit",
            label=":nvidia: (H200) No Runtime JITs E2E",
            device="h200_35gb",
            timeout=45,
            paths=[
                "vllm/utils/jit_monitor.py",
                "vllm/v1/worker/gpu_worker.py",
                "vllm/model_executor/warmup/",
                "vllm/config/observability.py",
                "tests/jit_monitor/test_no_runtime_jit.py",
                "tests/models/registry.py",
            ],
            commands=[
                # Boot a curated JIT-heavy model set with the JIT monitor in "error" mode
                # and run generation; any post-warmup JIT compilation fails the test.
                # Per-test watchdog so a wedged engine/CUDA init fails with a traceback
                # instead of running until the build timeout.
                "export PYTHONFAULTHANDLER=1",
                "pytest -v -s jit_monitor/test_no_runtime_jit.py --timeout=900 --timeout-method=thread",
            ],
        ),
    ],
)
