"""Models - Language: the source of truth, kept in step with vLLM's `.buildkite/test_areas/models_language.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

MODELS_LANGUAGE = Group(
    name="Models - Language",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="language-models-tests-standard",
            label=":nvidia: (H200) Language Models (Standard)",
            device="h200_18gb",
            timeout=30,
            paths=["vllm/", "!vllm/distributed/kv_transfer/", "tests/models/language"],
            commands=[
                # Test standard language models, excluding a subset of slow tests
                "pip freeze | grep -E 'torch'",
                "pytest -v -s models/language -m 'core_model and (not slow_test)'",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Language Models (Standard)",
                timeout=45,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="language-models-tests-extra-standard",
            label=":nvidia: (H200) Language Models (Extra Standard) Shard %N",
            device="h200_35gb",
            parallelism=2,
            timeout=40,
            paths=[
                "vllm/model_executor/models/",
                "tests/models/language/pooling/test_embedding.py",
                "tests/models/language/generation/test_common.py",
                "tests/models/language/pooling/test_classification.py",
            ],
            commands=[
                # Shard slow subset of standard language models tests. Only run when model
                # source is modified, or when specified test files are modified
                "pip freeze | grep -E 'torch'",
                "pytest -v -s models/language -m 'core_model and slow_test' --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT --shard-id=$BUILDKITE_PARALLEL_JOB",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Language Models (Extra Standard) Shard %N",
                timeout=40,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/model_executor/models/",
                    "vllm/model_executor/model_loader/",
                    "vllm/model_executor/layers/",
                    "vllm/v1/attention/backends/",
                    "vllm/v1/attention/selector.py",
                    "tests/models/language/pooling/test_embedding.py",
                    "tests/models/language/generation/test_common.py",
                    "tests/models/language/pooling/test_classification.py",
                    "vllm/_aiter_ops.py",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
            ),
        ),

        Step(
            key="language-models-tests-hybrid",
            label=":nvidia: (H200) Language Models (Hybrid) Shard %N",
            device="h200_35gb",
            parallelism=2,
            timeout=65,
            paths=["vllm/", "!vllm/distributed/kv_transfer/", "tests/models/language/generation"],
            commands=[
                # Install fast path packages for testing against transformers
                "MAMBA_FORCE_BUILD=TRUE uv pip install --system --no-build-isolation 'git+https://github.com/state-spaces/mamba@v2.3.0'",
                "CAUSAL_CONV1D_FORCE_BUILD=TRUE uv pip install --system --no-build-isolation 'git+https://github.com/Dao-AILab/causal-conv1d@v1.6.0'",
                # Shard the hybrid language model tests that are numerically stable on Hopper.
                "pytest -v -s models/language/generation -m hybrid_model -k 'not granite-4.0-tiny-preview' --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT --shard-id=$BUILDKITE_PARALLEL_JOB",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Language Models (Hybrid) Shard %N",
                timeout=60,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
                commands=[
                    "MAMBA_FORCE_BUILD=TRUE uv pip install --system --no-build-isolation 'git+https://github.com/AndreasKaratzas/mamba@fix-rocm-7.0-warp-size-constexpr'",
                    "CAUSAL_CONV1D_FORCE_BUILD=TRUE uv pip install --system --no-build-isolation 'git+https://github.com/Dao-AILab/causal-conv1d@v1.6.0'",
                    "pytest -v -s models/language/generation -m hybrid_model --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT --shard-id=$BUILDKITE_PARALLEL_JOB",
                ],
            ),
        ),

        # Granite 4 hybrid generation is sensitive to hardware-specific Triton SSD
        # autotuning (https://github.com/vllm-project/vllm/issues/25194). Keep this one
        # correctness test on L4 until its H200 output matches the Transformers reference.
        Step(
            key="language-models-tests-granite-l4-compatibility",
            label=":nvidia: (L4) Granite Language Model Compatibility",
            timeout=65,
            paths=["vllm/", "!vllm/distributed/kv_transfer/", "tests/models/language/generation"],
            commands=[
                "MAMBA_FORCE_BUILD=TRUE uv pip install --system --no-build-isolation 'git+https://github.com/state-spaces/mamba@v2.3.0'",
                "CAUSAL_CONV1D_FORCE_BUILD=TRUE uv pip install --system --no-build-isolation 'git+https://github.com/Dao-AILab/causal-conv1d@v1.6.0'",
                "pytest -v -s models/language/generation -m hybrid_model -k 'granite-4.0-tiny-preview'",
            ],
        ),

        Step(
            key="language-models-test-extended-generation",
            label=":nvidia: (H200) Language Models (Extended Generation)",
            device="h200_35gb",
            timeout=80,
            optional=True,
            paths=["vllm/", "!vllm/distributed/kv_transfer/", "tests/models/language/generation"],
            commands=[
                # Install fast path packages for testing against transformers
                "MAMBA_FORCE_BUILD=TRUE uv pip install --system --no-build-isolation 'git+https://github.com/state-spaces/mamba@v2.3.0'",
                "CAUSAL_CONV1D_FORCE_BUILD=TRUE uv pip install --system --no-build-isolation 'git+https://github.com/Dao-AILab/causal-conv1d@v1.6.0'",
                "pytest -v -s models/language/generation -m '(not core_model) and (not hybrid_model)'",
            ],
            amd=AmdMirror(
                device="mi355_1",
                label=":amd: (MI355) Language Models (Extended Generation)",
                timeout=70,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
                commands=[
                    "MAMBA_FORCE_BUILD=TRUE uv pip install --system --no-build-isolation 'git+https://github.com/AndreasKaratzas/mamba@fix-rocm-7.0-warp-size-constexpr'",
                    "CAUSAL_CONV1D_FORCE_BUILD=TRUE uv pip install --system --no-build-isolation 'git+https://github.com/Dao-AILab/causal-conv1d@v1.6.0'",
                    "pytest -v -s models/language/generation -m '(not core_model) and (not hybrid_model)'",
                ],
            ),
        ),

        Step(
            key="language-models-test-ppl",
            label=":nvidia: (H200) Language Models (PPL)",
            device="h200_18gb",
            timeout=30,
            optional=True,
            paths=[
                "vllm/",
                "!vllm/distributed/kv_transfer/",
                "tests/models/language/generation_ppl_test",
            ],
            commands=[
                "pytest -v -s models/language/generation_ppl_test",
            ],
        ),

        # vllmci import: field 'mirror.amd.parallelism' = 2: ignored by vLLM's generator: the mirror takes the step's parallelism (4); not imported
        Step(
            key="language-models-test-extended-pooling",
            label=":nvidia: (H200) Language Models (Extended Pooling) Shard %N",
            device="h200_35gb",
            parallelism=4,
            timeout=120,
            optional=True,
            paths=["vllm/", "!vllm/distributed/kv_transfer/", "tests/models/language/pooling"],
            commands=[
                "pytest -v -s models/language/pooling -m 'not core_model' --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT --shard-id=$BUILDKITE_PARALLEL_JOB",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Language Models (Extended Pooling) Shard %N",
                timeout=95,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
                commands=[
                    "pytest -v -s models/language/pooling -m 'not core_model' --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT --shard-id=$BUILDKITE_PARALLEL_JOB",
                ],
            ),
        ),

        Step(
            key="language-models-test-mteb",
            label=":nvidia: (H200) Language Models (MTEB)",
            device="h200_18gb",
            timeout=68,
            optional=True,
            paths=[
                "vllm/",
                "!vllm/distributed/kv_transfer/",
                "tests/models/language/pooling_mteb_test",
            ],
            commands=[
                "pytest -v -s models/language/pooling_mteb_test",
            ],
        ),
    ],
)
