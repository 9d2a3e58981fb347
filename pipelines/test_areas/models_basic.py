"""Models - Basic: the source of truth, kept in step with vLLM's `.buildkite/test_areas/models_basic.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

MODELS_BASIC = Group(
    name="Models - Basic",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="basic-models-tests-initialization",
            label=":nvidia: (H200) Basic Models (Initialization)",
            device="h200_18gb",
            timeout=25,
            paths=[
                "vllm/",
                "!vllm/distributed/kv_transfer/",
                "tests/models/test_initialization.py",
                "tests/models/registry.py",
            ],
            commands=[
                # Run a subset of model initialization tests
                "pytest -v -s models/test_initialization.py::test_can_initialize_small_subset",
            ],
        ),

        Step(
            key="basic-models-tests-extra-initialization",
            label=":nvidia: (H200) Basic Models (Extra Initialization) Shard %N",
            device="h200_35gb",
            parallelism=4,
            timeout=100,
            paths=[
                "vllm/model_executor/models/",
                "tests/models/test_initialization.py",
                "tests/models/registry.py",
            ],
            commands=[
                # Only when vLLM model source is modified - test initialization of a large
                # subset of supported models (the complement of the small subset in the above
                # test.) Also run if model initialization test file is modified
                "pytest -v -s models/test_initialization.py -k 'not test_can_initialize_small_subset' --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT --shard-id=$BUILDKITE_PARALLEL_JOB",
            ],
        ),

        Step(
            key="basic-models-tests-other",
            label=":nvidia: (H200) Basic Models (Other)",
            device="h200_35gb",
            timeout=35,
            paths=[
                "vllm/",
                "!vllm/distributed/kv_transfer/",
                "tests/models/test_terratorch.py",
                "tests/models/transformers/test_backend.py",
                "tests/models/test_registry.py",
            ],
            commands=[
                "pytest -v -s models/test_terratorch.py models/transformers/test_backend.py models/test_registry.py",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Basic Models (Other)",
                timeout=50,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="inkling-unit-tests-b200",
            label=":nvidia: (B200) Inkling",
            device="b200-k8s",
            timeout=40,
            paths=[
                "vllm/models/inkling/",
                "vllm/cute_utils/",
                "cmake/external_projects/tml_fa4.cmake",
                "tests/models/inkling/",
            ],
            commands=[
                # FA4 kernel tests require SM100; the suite skips them elsewhere.
                "pytest -v -s models/inkling",
            ],
        ),

        Step(
            key="kimi-k3-unit-tests-b200",
            label=":nvidia: (B200) Kimi K3",
            device="b200-k8s",
            timeout=40,
            paths=[
                "vllm/models/kimi_k3/",
                "csrc/libtorch_stable/kimi_k3/",
                "tests/models/kimi_k3/",
                "tests/kernels/attention/test_kimi_k3_mla_fused_epilogue.py",
                "tests/kernels/test_bf16_skinny_gemm.py",
            ],
            commands=[
                # The native NVIDIA Kimi K3 kernels require the SM100 family.
                "pytest -v -s models/kimi_k3 kernels/attention/test_kimi_k3_mla_fused_epilogue.py kernels/test_bf16_skinny_gemm.py",
            ],
        ),

        Step(
            key="basic-models-test-other-cpu",
            label=":computer: (CPU) Basic Models Other",
            device="cpu-small",
            timeout=20,
            depends_on=["image-build-cpu", "pre-commit"],
            paths=[
                "vllm/",
                "!vllm/distributed/kv_transfer/",
                "tests/models/test_utils.py",
                "tests/models/test_vision.py",
                "tests/models/test_adapters.py",
                "tests/models/transformers/fusers/",
            ],
            commands=[
                "pytest -v -s models/test_utils.py models/test_vision.py models/test_adapters.py models/transformers/fusers/",
            ],
        ),
    ],
)
