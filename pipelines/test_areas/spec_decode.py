"""Spec Decode: the source of truth, kept in step with vLLM's `.buildkite/test_areas/spec_decode.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

SPEC_DECODE = Group(
    name="Spec Decode",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="v1-spec-decode",
            label=":nvidia: (H200) V1 Spec Decode",
            device="h200_35gb",
            timeout=40,
            paths=[
                "vllm/config/",
                "vllm/distributed/",
                "vllm/inputs/",
                "vllm/model_executor/",
                "vllm/platforms/",
                "vllm/sampling_params.py",
                "vllm/transformers_utils/",
                "vllm/utils/",
                "vllm/v1/",
                "tests/v1/spec_decode",
            ],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                # TODO: create another `optional` test group for slow tests
                "pytest -v -s -m 'not slow_test' v1/spec_decode",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) V1 Spec Decode",
                timeout=50,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="spec-decode-eagle-1-deepseek-qwen",
            label=":nvidia: (H200) Spec Decode Eagle 1: DeepSeek + Qwen",
            device="h200_35gb",
            timeout=25,
            paths=[
                "vllm/v1/spec_decode/",
                "vllm/v1/worker/gpu/spec_decode/",
                "tests/v1/e2e/spec_decode/",
            ],
            commands=[
                'pytest -v -s v1/e2e/spec_decode/eagle/ -k "deepseek_eagle or qwen3_eagle3"',
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Spec Decode Eagle 1: DeepSeek + Qwen",
                timeout=25,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/v1/spec_decode/",
                    "vllm/v1/worker/gpu/spec_decode/",
                    "vllm/model_executor/model_loader/",
                    "vllm/v1/sample/",
                    "vllm/model_executor/layers/",
                    "tests/v1/e2e/spec_decode/",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
            ),
        ),

        Step(
            key="spec-decode-eagle-2-llama3-qwen-vl-other",
            label=":nvidia: (H200) Spec Decode Eagle 2: Llama 3 + Qwen VL + Other",
            device="h200_35gb",
            timeout=25,
            paths=[
                "vllm/v1/spec_decode/",
                "vllm/v1/worker/gpu/spec_decode/",
                "tests/v1/e2e/spec_decode/",
            ],
            commands=[
                'pytest -v -s v1/e2e/spec_decode/eagle/ -k "not deepseek_eagle and not qwen3_eagle3"',
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Spec Decode Eagle 2: Llama 3 + Qwen VL + Other",
                timeout=25,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/v1/spec_decode/",
                    "vllm/v1/worker/gpu/spec_decode/",
                    "vllm/model_executor/model_loader/",
                    "vllm/v1/sample/",
                    "vllm/model_executor/layers/",
                    "tests/v1/e2e/spec_decode/",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
            ),
        ),

        Step(
            key="spec-decode-eagle-nightly-b200",
            label=":nvidia: (B200) Spec Decode Eagle Nightly",
            device="b200-k8s",
            timeout=25,
            optional=True,
            paths=[
                "vllm/v1/spec_decode/",
                "vllm/v1/worker/gpu/spec_decode/",
                "tests/v1/e2e/spec_decode/",
            ],
            commands=[
                "pytest -v -s v1/e2e/spec_decode/eagle/",
            ],
        ),

        Step(
            key="spec-decode-speculators-mtp",
            label=":nvidia: (H200) Spec Decode Speculators + MTP",
            device="h200_35gb",
            timeout=50,
            paths=[
                "vllm/v1/spec_decode/",
                "vllm/v1/worker/gpu/spec_decode/",
                "vllm/v1/attention/backends/",
                "vllm/transformers_utils/configs/speculators/",
                "tests/v1/e2e/spec_decode/",
            ],
            commands=[
                "pytest -v -s v1/e2e/spec_decode/speculators/",
                "pytest -v -s v1/e2e/spec_decode/mtp/",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Spec Decode Speculators + MTP",
                timeout=75,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/v1/spec_decode/",
                    "vllm/v1/worker/gpu/spec_decode/",
                    "vllm/model_executor/model_loader/",
                    "vllm/v1/sample/",
                    "vllm/model_executor/layers/",
                    "vllm/transformers_utils/configs/speculators/",
                    "tests/v1/e2e/spec_decode/",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
            ),
        ),

        Step(
            key="spec-decode-speculators-mtp-nightly-b200",
            label=":nvidia: (B200) Spec Decode Speculators + MTP Nightly",
            device="b200-k8s",
            timeout=30,
            optional=True,
            paths=[
                "vllm/v1/spec_decode/",
                "vllm/v1/worker/gpu/spec_decode/",
                "vllm/transformers_utils/configs/speculators/",
                "tests/v1/e2e/spec_decode/",
            ],
            commands=[
                "pytest -v -s v1/e2e/spec_decode/speculators/",
                "pytest -v -s v1/e2e/spec_decode/mtp/",
            ],
        ),

        Step(
            key="spec-decode-ngram-suffix",
            label=":nvidia: (H200) Spec Decode N-Gram + Suffix",
            device="h200_35gb",
            timeout=20,
            paths=[
                "vllm/v1/spec_decode/",
                "vllm/v1/worker/gpu/spec_decode/",
                "tests/v1/e2e/spec_decode/",
                "tests/spec_decode/",
            ],
            commands=[
                "pytest -v -s v1/e2e/spec_decode/ngram_suffix/",
                "python3 spec_decode/test_custom_proposer.py",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Spec Decode N-Gram + Suffix",
                timeout=35,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/v1/spec_decode/",
                    "vllm/v1/worker/gpu/spec_decode/",
                    "vllm/model_executor/model_loader/",
                    "vllm/v1/sample/",
                    "vllm/model_executor/layers/",
                    "tests/v1/e2e/spec_decode/",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
            ),
        ),

        Step(
            key="spec-decode-draft-model",
            label=":nvidia: (H200) Spec Decode Draft Model",
            device="h200_18gb",
            timeout=45,
            paths=[
                "vllm/v1/spec_decode/",
                "vllm/v1/worker/gpu/spec_decode/",
                "tests/v1/e2e/spec_decode/",
            ],
            commands=[
                "pytest -v -s v1/e2e/spec_decode/draft_model/",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Spec Decode Draft Model",
                timeout=55,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/v1/spec_decode/",
                    "vllm/v1/worker/gpu/spec_decode/",
                    "vllm/model_executor/model_loader/",
                    "vllm/v1/sample/",
                    "vllm/model_executor/layers/",
                    "tests/v1/e2e/spec_decode/",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
            ),
        ),

        Step(
            key="spec-decode-draft-model-nightly-b200",
            label=":nvidia: (B200) Spec Decode Draft Model Nightly",
            device="b200-k8s",
            timeout=40,
            optional=True,
            paths=[
                "vllm/v1/spec_decode/",
                "vllm/v1/worker/gpu/spec_decode/",
                "tests/v1/e2e/spec_decode/",
            ],
            commands=[
                "pytest -v -s v1/e2e/spec_decode/draft_model/",
            ],
        ),

        Step(
            key="speculators-correctness",
            label=":nvidia: (H100) Speculators Correctness Nightly",
            device="h100",
            num_devices=1,
            timeout=30,
            optional=True,
            paths=[
                "vllm/v1/spec_decode/",
                "vllm/v1/worker/gpu/spec_decode/dflash/",
                "vllm/model_executor/models/qwen3_dflash.py",
                "tests/v1/spec_decode/test_speculators_correctness.py",
            ],
            commands=[
                "export VLLM_ALLOW_INSECURE_SERIALIZATION=1",
                "pytest -v -s v1/spec_decode/test_speculators_correctness.py -m slow_test",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Speculators Correctness Nightly",
                timeout=40,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="spec-decode-deepseek-mtp-parallel-load-2xb200-2xmi300",
            label=":nvidia: (B200) Spec Decode DeepSeek MTP Parallel Load",
            device="b200-k8s",
            num_devices=2,
            timeout=30,
            optional=True,
            paths=[
                "vllm/v1/spec_decode/llm_base_proposer.py",
                "vllm/v1/spec_decode/eagle.py",
                "vllm/v1/worker/gpu/spec_decode/eagle/",
                "vllm/model_executor/models/deepseek_mtp.py",
                "vllm/model_executor/models/deepseek_v2.py",
                "tests/v1/e2e/spec_decode/test_mtp_parallel_load.py",
            ],
            commands=[
                "pytest -v -s v1/e2e/spec_decode/test_mtp_parallel_load.py",
            ],
            amd=AmdMirror(
                device="mi300_2",
                label=":amd: (MI300) Spec Decode DeepSeek MTP Parallel Load",
                timeout=45,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/distributed/",
                    "vllm/model_executor/model_loader/",
                    "vllm/model_executor/layers/",
                    "vllm/model_executor/models/deepseek_mtp.py",
                    "vllm/model_executor/models/deepseek_v2.py",
                    "vllm/v1/attention/",
                    "vllm/v1/engine/",
                    "vllm/v1/spec_decode/",
                    "vllm/v1/worker/gpu/spec_decode/",
                    "vllm/v1/worker/gpu_model_runner.py",
                    "tests/v1/e2e/spec_decode/test_mtp_parallel_load.py",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
            ),
        ),

        Step(
            key="spec-decode-dflash-nightly",
            label=":nvidia: (H200) Spec Decode AL DFlash Nightly",
            device="h200_35gb",
            timeout=90,
            optional=True,
            paths=[
                "vllm/v1/spec_decode/",
                "vllm/v1/worker/gpu/spec_decode/",
                "vllm/model_executor/models/qwen3_dflash.py",
                "vllm/model_executor/models/laguna_dflash.py",
                "tests/v1/e2e/spec_decode/",
            ],
            commands=[
                "pytest -v -s v1/e2e/spec_decode/acceptance_rates/dflash/",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Spec Decode AL DFlash Nightly",
                timeout=120,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/v1/spec_decode/",
                    "vllm/v1/worker/gpu/spec_decode/",
                    "vllm/v1/attention/",
                    "vllm/v1/sample/",
                    "vllm/model_executor/model_loader/",
                    "vllm/model_executor/layers/",
                    "vllm/model_executor/models/qwen2.py",
                    "vllm/model_executor/models/qwen3.py",
                    "vllm/model_executor/models/qwen3_dflash.py",
                    "vllm/model_executor/models/laguna.py",
                    "vllm/model_executor/models/laguna_dflash.py",
                    "tests/v1/e2e/spec_decode/",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
            ),
        ),

        Step(
            key="spec-decode-dspark-nightly",
            label=":nvidia: (H200) Spec Decode AL DSpark Nightly",
            device="h200_35gb",
            timeout=60,
            optional=True,
            paths=[
                "vllm/v1/spec_decode/",
                "vllm/v1/worker/gpu/spec_decode/",
                "vllm/model_executor/models/qwen3_dspark.py",
                "vllm/model_executor/models/gemma4_dspark.py",
                "tests/v1/e2e/spec_decode/",
            ],
            commands=[
                "pytest -v -s v1/e2e/spec_decode/acceptance_rates/dspark/",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Spec Decode AL DSpark Nightly",
                timeout=90,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/v1/spec_decode/",
                    "vllm/v1/worker/gpu/spec_decode/",
                    "vllm/v1/attention/",
                    "vllm/v1/sample/",
                    "vllm/model_executor/model_loader/",
                    "vllm/model_executor/layers/",
                    "vllm/model_executor/models/qwen2.py",
                    "vllm/model_executor/models/qwen3.py",
                    "vllm/model_executor/models/qwen3_dflash.py",
                    "vllm/model_executor/models/qwen3_dspark.py",
                    "vllm/model_executor/models/gemma4.py",
                    "vllm/model_executor/models/gemma4_mm.py",
                    "vllm/model_executor/models/gemma4_unified.py",
                    "vllm/model_executor/models/gemma4_mtp.py",
                    "vllm/model_executor/models/gemma4_dspark.py",
                    "tests/v1/e2e/spec_decode/",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
            ),
        ),

        Step(
            key="spec-decode-mtp-other-acceptance-nightly",
            label=":nvidia: (H200) Spec Decode AL MTP + Other Acceptance Nightly",
            device="h200_35gb",
            timeout=60,
            optional=True,
            paths=[
                "vllm/v1/spec_decode/",
                "vllm/v1/worker/gpu/spec_decode/",
                "tests/v1/e2e/spec_decode/conftest.py",
                "tests/v1/e2e/spec_decode/",
            ],
            commands=[
                "pytest -v -s v1/e2e/spec_decode/acceptance_rates/mtp_other/",
            ],
        ),
    ],
)
