"""Benchmarks: the source of truth, kept in step with vLLM's `.buildkite/test_areas/benchmarks.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

BENCHMARKS = Group(
    name="Benchmarks",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="benchmarks-cli-test",
            label=":nvidia: (H200) Benchmarks CLI",
            device="h200_18gb",
            timeout=45,
            paths=[
                "vllm/",
                "!vllm/distributed/kv_transfer/",
                "rust/src/bench/tests/python_serve_flags.txt",
                "tests/benchmarks/",
            ],
            commands=[
                "pytest -v -s benchmarks/",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Benchmarks CLI",
                timeout=40,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        # vllmci import: field 'num_gpus' = 2: ignored by vLLM's generator; not imported
        Step(
            key="attention-benchmarks-smoke-test-b200",
            label=":nvidia: (B200) Attention Benchmark Smoke",
            device="b200-k8s",
            timeout=20,
            working_dir="/vllm-workspace/",
            optional=True,
            paths=["benchmarks/attention_benchmarks/", "vllm/v1/attention/"],
            commands=[
                'python3 benchmarks/attention_benchmarks/benchmark.py --backends flash flashinfer --batch-specs "8q1s1k"',
            ],
        ),
    ],
)
