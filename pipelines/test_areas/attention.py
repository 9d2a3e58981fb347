"""Attention: the source of truth, kept in step with vLLM's `.buildkite/test_areas/attention.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

ATTENTION = Group(
    name="Attention",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="v1-attention-h100-mi300",
            label=":nvidia: (H100) V1 Attention Shard %N",
            device="h100",
            parallelism=2,
            timeout=85,
            paths=[
                "vllm/config/attention.py",
                "vllm/model_executor/layers/attention",
                "vllm/v1/attention",
                "tests/v1/attention",
            ],
            commands=[
                "pytest -v -s v1/attention --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) V1 Attention Shard %N",
                timeout=125,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/config/attention.py",
                    "vllm/model_executor/layers/attention",
                    "vllm/v1/attention",
                    "tests/v1/attention",
                    "vllm/_aiter_ops.py",
                    "vllm/envs.py",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
            ),
        ),

        Step(
            key="v1-attention-b200",
            label=":nvidia: (B200) V1 Attention Shard %N",
            device="b200-k8s",
            parallelism=2,
            timeout=80,
            paths=[
                "vllm/config/attention.py",
                "vllm/model_executor/layers/attention",
                "vllm/v1/attention",
                "tests/v1/attention",
            ],
            commands=[
                "pytest -v -s v1/attention --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT",
            ],
        ),
    ],
)
