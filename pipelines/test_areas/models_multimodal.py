"""Models - Multimodal: the source of truth, kept in step with vLLM's `.buildkite/test_areas/models_multimodal.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

MODELS_MULTIMODAL = Group(
    name="Models - Multimodal",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="multi-modal-models-standard-1-qwen2",
            label=":nvidia: (H200) Multimodal Models (Standard) 1: qwen2",
            device="h200_18gb",
            timeout=68,
            paths=["vllm/", "!vllm/distributed/kv_transfer/", "tests/models/multimodal"],
            commands=[
                'pytest -v -s models/multimodal/generation/test_common.py -m core_model -k "qwen2"',
                "pytest -v -s models/multimodal/generation/test_ultravox.py -m core_model",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Multimodal Models (Standard) 1: qwen2",
                timeout=65,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="multi-modal-models-standard-2-qwen3-gemma",
            label=":nvidia: (H200) Multimodal Models (Standard) 2: qwen3 + gemma",
            device="h200_18gb",
            timeout=75,
            paths=["vllm/", "!vllm/distributed/kv_transfer/", "tests/models/multimodal"],
            commands=[
                'pytest -v -s models/multimodal/generation/test_common.py -m core_model -k "qwen3 or gemma"',
                "pytest -v -s models/multimodal/generation/test_mm_prefix_lm.py -m core_model",
                "pytest -v -s models/multimodal/generation/test_qwen2_5_vl.py -m core_model",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Multimodal Models (Standard) 2: qwen3 + gemma",
                timeout=55,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="multi-modal-models-standard-3-llava-qwen2-vl",
            label=":nvidia: (H200) Multimodal Models (Standard) 3: llava + qwen2_vl",
            device="h200_35gb",
            timeout=40,
            paths=["vllm/", "!vllm/distributed/kv_transfer/", "tests/models/multimodal"],
            commands=[
                'pytest -v -s models/multimodal/generation/test_common.py -m core_model -k "not qwen2 and not qwen3 and not gemma"',
                "pytest -v -s models/multimodal/generation/test_qwen2_vl.py -m core_model",
            ],
            amd=AmdMirror(
                device="mi250_1",
                label=":amd: (MI250) Multimodal Models (Standard) 3: llava + qwen2_vl",
                timeout=55,
                depends_on=AFTER_AMD_IMAGE,
            ),
        ),

        Step(
            key="multi-modal-models-standard-4-other-whisper",
            label=":nvidia: (H200) Multimodal Models (Standard) 4: other + whisper",
            device="h200_35gb",
            timeout=75,
            paths=["vllm/", "!vllm/distributed/kv_transfer/", "tests/models/multimodal"],
            commands=[
                "pytest -v -s models/multimodal -m core_model --ignore models/multimodal/generation/test_common.py --ignore models/multimodal/generation/test_ultravox.py --ignore models/multimodal/generation/test_qwen2_5_vl.py --ignore models/multimodal/generation/test_qwen2_vl.py --ignore models/multimodal/generation/test_whisper.py --ignore models/multimodal/generation/test_mm_prefix_lm.py --ignore models/multimodal/generation/test_memory_leak.py --ignore models/multimodal/generation/test_vit_cudagraph.py --ignore models/multimodal/processing",
                "pytest -v -s models/multimodal/generation/test_vit_cudagraph.py -m core_model",
                "pytest models/multimodal/generation/test_memory_leak.py -m core_model",
                "cd .. && VLLM_WORKER_MULTIPROC_METHOD=spawn pytest -v -s tests/models/multimodal/generation/test_whisper.py -m core_model",  # Otherwise, mp_method="spawn" doesn't work
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Multimodal Models (Standard) 4: other + whisper",
                timeout=70,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="multi-modal-processor-cpu",
            label=":computer: (CPU) Multimodal Processor Shard %N",
            device="cpu-medium",
            parallelism=4,
            timeout=125,
            depends_on=["image-build-cpu", "pre-commit"],
            paths=[
                "vllm/",
                "!vllm/distributed/kv_transfer/",
                "tests/models/multimodal",
                "tests/models/registry.py",
            ],
            commands=[
                "pytest -v -s models/multimodal/processing --ignore models/multimodal/processing/test_tensor_schema.py --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT --shard-id=$BUILDKITE_PARALLEL_JOB",
            ],
        ),

        Step(
            key="multi-modal-processor",
            label=":nvidia: (H200) Multimodal Processor",
            device="h200_18gb",
            timeout=98,
            paths=[
                "vllm/",
                "!vllm/distributed/kv_transfer/",
                "tests/models/multimodal",
                "tests/models/registry.py",
            ],
            commands=[
                "pytest -v -s models/multimodal/processing/test_tensor_schema.py",
            ],
            amd=AmdMirror(
                device="mi355_1",
                label=":amd: (MI355) Multimodal Processor",
                timeout=115,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="multi-modal-accuracy-eval-small-models",
            label=":nvidia: (H200) Multimodal Accuracy Eval (Small Models)",
            device="h200_35gb",
            timeout=30,
            working_dir="/vllm-workspace/.buildkite/lm-eval-harness",
            paths=["vllm/multimodal/", "vllm/inputs/", "vllm/v1/core/"],
            commands=[
                "pytest -s -v test_lm_eval_correctness.py --config-list-file=configs/models-mm-small.txt --tp-size=1",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Multimodal Accuracy Eval (Small Models)",
                timeout=35,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/multimodal/",
                    "vllm/inputs/",
                    "vllm/v1/core/",
                    "vllm/platforms/rocm.py",
                    "vllm/model_executor/model_loader/",
                ],
                dind=False,
            ),
        ),

        Step(
            key="multi-modal-models-extended-generation-1",
            label=":nvidia: (H200) Multimodal Models (Extended Generation 1)",
            device="h200_35gb",
            optional=True,
            paths=[
                "vllm/",
                "!vllm/distributed/kv_transfer/",
                "tests/models/multimodal/generation",
                "tests/models/multimodal/test_mapping.py",
            ],
            commands=[
                "pytest -v -s models/multimodal/generation -m 'not core_model' --ignore models/multimodal/generation/test_common.py",
                "pytest -v -s models/multimodal/test_mapping.py",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Multimodal Models (Extended Generation 1)",
                timeout=90,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="multi-modal-models-extended-ppl",
            label=":nvidia: (H200) Multimodal Models (PPL)",
            device="h200_35gb",
            optional=True,
            paths=["vllm/", "tests/models/multimodal/generation_ppl_test/"],
            commands=[
                "pytest -v -s models/multimodal/generation_ppl_test/",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Multimodal Models (PPL)",
                timeout=90,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="multi-modal-models-extended-generation-2",
            label=":nvidia: (H200) Multimodal Models (Extended Generation 2) Shard %N",
            device="h200_35gb",
            parallelism=4,
            optional=True,
            paths=["vllm/", "!vllm/distributed/kv_transfer/", "tests/models/multimodal/generation"],
            commands=[
                "pytest -v -s models/multimodal/generation/test_common.py -m 'split(group=0) and not core_model' --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT --shard-id=$BUILDKITE_PARALLEL_JOB",
            ],
            amd=AmdMirror(
                device="mi355_1",
                label=":amd: (MI355) Multimodal Models (Extended Generation 2) Shard %N",
                timeout=100,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="multi-modal-models-extended-generation-3",
            label=":nvidia: (H200) Multimodal Models (Extended Generation 3)",
            device="h200_35gb",
            optional=True,
            paths=["vllm/", "!vllm/distributed/kv_transfer/", "tests/models/multimodal/generation"],
            commands=[
                "pytest -v -s models/multimodal/generation/test_common.py -m 'split(group=1) and not core_model'",
            ],
            amd=AmdMirror(
                device="mi355_1",
                label=":amd: (MI355) Multimodal Models (Extended Generation 3)",
                timeout=90,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="multi-modal-models-extended-pooling",
            label=":nvidia: (H200) Multimodal Models (Extended Pooling)",
            device="h200_18gb",
            optional=True,
            paths=["vllm/", "!vllm/distributed/kv_transfer/", "tests/models/multimodal/pooling"],
            commands=[
                "pytest -v -s models/multimodal/pooling -m 'not core_model'",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Multimodal Models (Extended Pooling)",
                timeout=60,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/",
                    "!vllm/distributed/kv_transfer/",
                    "tests/models/multimodal/pooling",
                ],
                dind=False,
            ),
        ),
    ],
)
