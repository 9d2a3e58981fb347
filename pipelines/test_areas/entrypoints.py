"""Entrypoints: the source of truth, kept in step with vLLM's `.buildkite/test_areas/entrypoints.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

ENTRYPOINTS = Group(
    name="Entrypoints",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="entrypoints-unit-tests",
            label=":nvidia: (H200) Entrypoints Unit",
            device="h200_35gb",
            timeout=25,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/entrypoints",
                "tests/entrypoints/unit_tests",
                "tests/entrypoints/weight_transfer",
                "tests/entrypoints/launchers",
            ],
            commands=[
                "pytest -v -s entrypoints/unit_tests",
                "pytest -v -s entrypoints/weight_transfer",
                "pytest -v -s entrypoints/launchers",
            ],
            amd=AmdMirror(
                device="mi355_1",
                label=":amd: (MI355) Entrypoints Unit",
                timeout=35,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="entrypoints-integration-llm",
            label=":nvidia: (H200) Entrypoints Integration (LLM)",
            device="h200_35gb",
            timeout=60,
            working_dir="/vllm-workspace/tests",
            paths=["vllm/", "!vllm/distributed/kv_transfer/", "tests/entrypoints/llm"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/llm --ignore=entrypoints/llm/test_generate.py --ignore=entrypoints/llm/test_collective_rpc.py --ignore=entrypoints/llm/offline_mode",
                "pytest -v -s entrypoints/llm/test_generate.py",  # it needs a clean process
                "pytest -v -s entrypoints/llm/offline_mode",  # Needs to avoid interference with other tests
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Entrypoints Integration (LLM)",
                timeout=55,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="entrypoints-integration-api-server",
            label=":nvidia: (H200) Entrypoints Integration (API Server)",
            device="h200_35gb",
            timeout=75,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/",
                "!vllm/distributed/kv_transfer/",
                "tests/entrypoints/serve",
                "tests/entrypoints/scale_out",
            ],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/serve --ignore=entrypoints/serve/dev/rpc",
                "PYTHONPATH=/vllm-workspace pytest -v -s entrypoints/serve/dev/rpc",
                "pytest -v -s entrypoints/scale_out",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Entrypoints Integration (API Server)",
                timeout=65,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="entrypoints-integration-api-server-openai-part-1",
            label=":nvidia: (H200) Entrypoints Integration (API Server OpenAI - Part 1)",
            device="h200_35gb",
            timeout=68,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/",
                "!vllm/distributed/kv_transfer/",
                "tests/entrypoints/openai",
                "tests/entrypoints/test_chat_utils",
            ],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/openai --ignore=entrypoints/openai/completion --ignore=entrypoints/openai/chat_completion --ignore=entrypoints/openai/responses --ignore=entrypoints/openai/correctness",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Entrypoints Integration (API Server OpenAI - Part 1)",
                timeout=65,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="entrypoints-integration-api-server-openai-part-2",
            label=":nvidia: (H200) Entrypoints Integration (API Server OpenAI - Part 2)",
            device="h200_35gb",
            timeout=83,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/",
                "!vllm/distributed/kv_transfer/",
                "tests/entrypoints/openai",
                "tests/entrypoints/test_chat_utils",
            ],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/openai/chat_completion",
                "pytest -v -s entrypoints/openai/completion --ignore=entrypoints/openai/completion/test_tensorizer_entrypoint.py",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Entrypoints Integration (API Server OpenAI - Part 2)",
                timeout=70,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="entrypoints-integration-api-server-generate",
            label=":nvidia: (H200) Entrypoints Integration (API Server Generate)",
            device="h200_35gb",
            timeout=50,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/",
                "!vllm/distributed/kv_transfer/",
                "tests/tool_use",
                "tests/entrypoints/tool_parsers",
                "tests/entrypoints/anthropic",
                "tests/entrypoints/generate",
            ],
            commands=[
                "pytest -v -s tool_use",
                "pytest -v -s entrypoints/tool_parsers",
                "pytest -v -s entrypoints/generate",
                "pytest -v -s entrypoints/anthropic",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) Entrypoints Integration (API Server Generate)",
                timeout=65,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="entrypoints-integration-responses-api",
            label=":nvidia: (H200) Entrypoints Integration (Responses API)",
            device="h200_35gb",
            timeout=50,
            working_dir="/vllm-workspace/tests",
            paths=["vllm/", "!vllm/distributed/kv_transfer/", "tests/entrypoints/openai/responses"],
            commands=[
                "pytest -v -s entrypoints/openai/responses",
            ],
            amd=AmdMirror(
                device="mi355_1",
                label=":amd: (MI355) Entrypoints Integration (Responses API)",
                timeout=50,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="entrypoints-integration-speech_to_text",
            label=":nvidia: (H200) Entrypoints Integration (Speech to Text)",
            device="h200_35gb",
            timeout=45,
            working_dir="/vllm-workspace/tests",
            paths=["vllm/", "!vllm/distributed/kv_transfer/", "tests/entrypoints/speech_to_text"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/speech_to_text",
            ],
        ),

        Step(
            key="entrypoints-integration-multimodal",
            label=":nvidia: (H200) Entrypoints Integration (Multimodal)",
            device="h200_35gb",
            timeout=45,
            working_dir="/vllm-workspace/tests",
            paths=["vllm/", "!vllm/distributed/kv_transfer/", "tests/entrypoints/multimodal"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/multimodal",
            ],
            amd=AmdMirror(
                device="mi355_1",
                label=":amd: (MI355) Entrypoints Integration (Multimodal)",
                timeout=55,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
            ),
        ),

        Step(
            key="entrypoints-integration-pooling",
            label=":nvidia: (H200) Entrypoints Integration (Pooling)",
            device="h200_35gb",
            timeout=75,
            working_dir="/vllm-workspace/tests",
            paths=["vllm/", "!vllm/distributed/kv_transfer/", "tests/entrypoints/pooling"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/pooling",
            ],
        ),

        Step(
            key="openai-api-correctness",
            label=":nvidia: (H200) OpenAI API Correctness",
            device="h200_18gb",
            timeout=20,
            paths=["csrc/", "vllm/entrypoints/openai/"],
            commands=[
                "pytest -s entrypoints/openai/correctness/",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) OpenAI API Correctness",
                timeout=30,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "csrc/",
                    "vllm/entrypoints/openai/",
                    "vllm/model_executor/layers/",
                    "vllm/v1/attention/backends/",
                    "vllm/v1/attention/selector.py",
                    "vllm/_aiter_ops.py",
                    "vllm/platforms/rocm.py",
                    "vllm/model_executor/model_loader/",
                ],
                dind=False,
                commands=[
                    "bash ../tools/install_torchcodec_rocm.sh || exit 1",
                    "pytest -s entrypoints/openai/correctness/",
                ],
            ),
        ),
    ],
)
