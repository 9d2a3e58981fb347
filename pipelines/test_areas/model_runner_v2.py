"""Model Runner V2: the source of truth, kept in step with vLLM's `.buildkite/test_areas/model_runner_v2.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

MODEL_RUNNER_V2 = Group(
    name="Model Runner V2",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="model-runner-v2-core-tests",
            label=":nvidia: (H200) Model Runner V2 Core",
            device="h200_35gb",
            timeout=35,
            paths=[
                "vllm/v1/worker/gpu/",
                "vllm/v1/worker/gpu_worker.py",
                "vllm/v1/core/sched/",
                "vllm/v1/attention/",
                "tests/v1/engine/test_llm_engine.py",
                "tests/v1/e2e/",
                "tests/entrypoints/llm/test_struct_output_generate.py",
            ],
            commands=[
                "set -x",
                "export VLLM_USE_V2_MODEL_RUNNER=1",
                'pytest -v -s v1/engine/test_llm_engine.py -k "not test_engine_metrics"',
                'pytest -v -s v1/e2e/general/test_async_scheduling.py -k "not ngram"',
                "pytest -v -s v1/e2e/general/test_context_length.py",
                "pytest -v -s v1/e2e/general/test_min_tokens.py",
                # Temporary hack filter to exclude ngram spec decoding based tests.
                'pytest -v -s entrypoints/llm/test_struct_output_generate.py -k "xgrammar and not speculative_config6 and not speculative_config7 and not speculative_config8 and not speculative_config0"',
            ],
        ),

        Step(
            key="model-runner-v2-examples",
            label=":nvidia: (H200) Model Runner V2 Examples",
            device="h200_35gb",
            timeout=35,
            working_dir="/vllm-workspace/examples",
            paths=[
                "vllm/v1/worker/gpu/",
                "vllm/v1/core/sched/",
                "vllm/v1/worker/gpu_worker.py",
                "examples/basic/offline_inference/",
                "examples/generate/multimodal/",
                "examples/features/",
                "examples/pooling/embed/vision_embedding_offline.py",
                "examples/features/tensorize_vllm_model.py",
            ],
            commands=[
                "set -x",
                "export VLLM_USE_V2_MODEL_RUNNER=1",
                "pip install --no-deps tensorizer",  # for tensorizer test
                "python3 basic/offline_inference/chat.py",  # for basic
                "python3 basic/offline_inference/generate.py --model facebook/opt-125m",
                # - python3 basic/offline_inference/generate.py --model meta-llama/Llama-2-13b-chat-hf --cpu-offload-gb 10  # TODO
                # - python3 basic/offline_inference/embed.py   # TODO
                # for multi-modal models
                "python3 generate/multimodal/audio_language_offline.py --seed 0",
                "python3 generate/multimodal/vision_language_offline.py --seed 0",
                "python3 generate/multimodal/vision_language_multi_image_offline.py --seed 0",
                "python3 generate/multimodal/encoder_decoder_multimodal_offline.py --model-type whisper --seed 0",
                # for pooling models
                "python3 pooling/embed/vision_embedding_offline.py --seed 0",
                # for features demo
                "python3 features/automatic_prefix_caching/prefix_caching_offline.py",
                "python3 deployment/llm_engine_example.py",
                "python3 features/tensorize_vllm_model.py --model facebook/opt-125m serialize --serialized-directory /tmp/ --suffix v1 && python3 features/tensorize_vllm_model.py --model facebook/opt-125m deserialize --path-to-tensors /tmp/vllm/facebook/opt-125m/v1/model.tensors",
                "python3 features/speculative_decoding/spec_decode_offline.py --test --method eagle --num_spec_tokens 3 --dataset-name hf --dataset-path philschmid/mt-bench --num-prompts 80 --temp 0 --top-p 1.0 --top-k -1 --tp 1 --enable-chunked-prefill --max-model-len 2048",
                # https://github.com/vllm-project/vllm/pull/26682 uses slightly more memory in PyTorch 2.9+ causing this test to OOM in 1xL4 GPU
                "python3 features/speculative_decoding/spec_decode_offline.py --test --method eagle3 --num_spec_tokens 3 --dataset-name hf --dataset-path philschmid/mt-bench --num-prompts 80 --temp 0 --top-p 1.0 --top-k -1 --tp 1 --enable-chunked-prefill --max-model-len 1536",
            ],
        ),

        Step(
            key="model-runner-v2-distributed-2-gpus",
            label=":nvidia: (L4) Model Runner V2 Distributed",
            num_devices=2,
            timeout=30,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/v1/worker/gpu/",
                "vllm/v1/worker/gpu_worker.py",
                "tests/basic_correctness/test_basic_correctness.py",
                "tests/v1/distributed/test_async_llm_dp.py",
                "tests/v1/distributed/test_eagle_dp.py",
            ],
            commands=[
                "set -x",
                "export VLLM_USE_V2_MODEL_RUNNER=1",
                # The "and not True" here is a hacky way to exclude the prompt_embeds cases which aren't yet supported.
                "TARGET_TEST_SUITE=L4 pytest -v -s basic_correctness/test_basic_correctness.py -m 'distributed(num_gpus=2)' -k \"not ray and not True\"",
                # https://github.com/NVIDIA/nccl/issues/1838
                "export NCCL_CUMEM_HOST_ENABLE=0",
                'TP_SIZE=1 DP_SIZE=2 pytest -v -s v1/distributed/test_async_llm_dp.py -k "not ray"',
                "TP_SIZE=1 DP_SIZE=2 pytest -v -s v1/distributed/test_eagle_dp.py",
            ],
            amd=AmdMirror(
                device="mi300_2",
                label=":amd: (MI300) Model Runner V2 Distributed",
                timeout=45,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/v1/worker/gpu/",
                    "vllm/v1/worker/gpu_worker.py",
                    "tests/basic_correctness/test_basic_correctness.py",
                    "tests/v1/distributed/test_async_llm_dp.py",
                    "tests/v1/distributed/test_eagle_dp.py",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
                commands=[
                    "set -x",
                    "export VLLM_USE_V2_MODEL_RUNNER=1",
                    "TARGET_TEST_SUITE=MI300 pytest -v -s basic_correctness/test_basic_correctness.py -m 'distributed(num_gpus=2)' -k \"not ray and not True\"",
                    'TP_SIZE=1 DP_SIZE=2 pytest -v -s v1/distributed/test_async_llm_dp.py -k "not ray"',
                    "TP_SIZE=1 DP_SIZE=2 pytest -v -s v1/distributed/test_eagle_dp.py",
                ],
            ),
        ),

        Step(
            key="model-runner-v2-pipeline-parallelism-4-gpus",
            label=":nvidia: (L4) Model Runner V2 Pipeline Parallelism",
            num_devices=4,
            timeout=50,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/v1/worker/gpu/",
                "vllm/v1/worker/gpu_worker.py",
                "tests/distributed/test_pipeline_parallel.py",
                "tests/distributed/test_pp_cudagraph.py",
                "tests/v1/distributed/test_pp_dp_v2.py",
            ],
            commands=[
                "set -x",
                "export VLLM_USE_V2_MODEL_RUNNER=1",
                'pytest -v -s distributed/test_pipeline_parallel.py -k "not ray"',
                'pytest -v -s distributed/test_pp_cudagraph.py -k "not ray"',
                "pytest -v -s v1/distributed/test_pp_dp_v2.py",
            ],
        ),

        Step(
            key="model-runner-v2-spec-decode",
            label=":nvidia: (H200) Model Runner V2 Spec Decode",
            device="h200_35gb",
            timeout=50,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/v1/worker/gpu/",
                "vllm/v1/worker/gpu_worker.py",
                "tests/v1/spec_decode/test_max_len.py",
                "tests/v1/spec_decode/test_rejection_sampler_utils.py",
                "tests/v1/spec_decode/test_synthetic_rejection_sampler_utils.py",
                "tests/v1/e2e/spec_decode/",
            ],
            commands=[
                "set -x",
                "export VLLM_USE_V2_MODEL_RUNNER=1",
                'pytest -v -s v1/spec_decode/test_max_len.py -k "eagle or mtp"',
                "pytest -v -s v1/spec_decode/test_rejection_sampler_utils.py",
                "pytest -v -s v1/spec_decode/test_synthetic_rejection_sampler_utils.py",
                "pytest -v -s v1/e2e/spec_decode/eagle/",
                "pytest -v -s v1/e2e/spec_decode/speculators/",
                "pytest -v -s 'v1/e2e/spec_decode/mtp/test_mtp.py::test_mtp_correctness[qwen3_5-hybrid]'",
            ],
        ),
    ],
)
