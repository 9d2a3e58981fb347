"""Intel: imported from `intel_jobs/test-intel.yaml` by `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AutoRetry, Group, Step

from ..common import AFTER_XPU_IMAGE

TEST_INTEL = Group(
    name="Intel",
    pipeline="intel",
    depends_on=[],
    steps=[
        Step(
            key="image-build-xpu",
            label=":docker: Build XPU image",
            device="image-builder",
            soft_fail=True,
            env={"DOCKER_BUILDKIT": "1"},
            retry=[
                AutoRetry(exit_status=-1, limit=2),  # Agent was lost
                AutoRetry(exit_status=-10, limit=2),  # Agent was lost
            ],
            always_run=True,
            commands=[
                "bash -lc '.buildkite/image_build/image_build_xpu.sh \"public.ecr.aws/q9t5s3a7\" \"vllm-ci-test-repo\" \"$BUILDKITE_COMMIT\"'",
            ],
        ),

        Step(
            key="xpu-example-test",
            label="XPU example Test",
            device="intel_gpu",
            timeout=50,
            depends_on=AFTER_XPU_IMAGE,
            paths=["vllm/", ".buildkite/intel_jobs/test-intel.yaml"],
            env={"REGISTRY": "public.ecr.aws/q9t5s3a7", "REPO": "vllm-ci-test-repo"},
            agents={"label": "production", "gpu": "2+", "mem": "24+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'pip install tblib==3.1.0 && python3 examples/basic/offline_inference/generate.py --model facebook/opt-125m --block-size 64 --enforce-eager && python3 examples/basic/offline_inference/generate.py --model facebook/opt-125m --block-size 64 -O3 -cc.cudagraph_mode=NONE && python3 examples/basic/offline_inference/generate.py --model facebook/opt-125m --block-size 64 --enforce-eager -tp 2 --distributed-executor-backend mp && python3 examples/basic/offline_inference/generate.py --model facebook/opt-125m --block-size 64 --enforce-eager --attention-backend=TRITON_ATTN && python3 examples/basic/offline_inference/generate.py --model facebook/opt-125m --block-size 64 --enforce-eager --quantization fp8 && python3 examples/basic/offline_inference/generate.py --model facebook/opt-125m --block-size 64 --enforce-eager --kv-cache-dtype fp8 && python3 examples/basic/offline_inference/generate.py --model nvidia/Llama-3.1-8B-Instruct-FP8 --block-size 64 --enforce-eager --quantization modelopt --kv-cache-dtype fp8 --attention-backend TRITON_ATTN --max-model-len 4096 && python3 examples/basic/offline_inference/generate.py --model superjob/Qwen3-4B-Instruct-2507-GPTQ-Int4 --block-size 64 --enforce-eager --max-model-len 8192 && python3 examples/basic/offline_inference/generate.py --model TheBloke/TinyLlama-1.1B-Chat-v0.3-AWQ --block-size 64 --enforce-eager && python3 examples/basic/offline_inference/generate.py --model ibm-research/PowerMoE-3b --block-size 64 --enforce-eager -tp 2 && python3 examples/basic/offline_inference/generate.py --model ibm-research/PowerMoE-3b --block-size 64 --enforce-eager -tp 2 --enable-expert-parallel && python3 examples/basic/offline_inference/generate.py --model superjob/Qwen3-4B-Instruct-2507-GPTQ-Int4 --max-model-len 8192 && VLLM_XPU_FUSED_MOE_USE_REF=1 python3 examples/basic/offline_inference/generate.py --model Qwen/Qwen3-30B-A3B-Instruct-2507-FP8 --enforce-eager -tp 2 --max-model-len 8192 && python3 examples/basic/offline_inference/generate.py --model INCModel/Qwen3-30B-A3B-Instruct-2507-MXFP4-LLMC --enforce-eager -tp 2 --max-model-len 8192 '",
            ],
        ),

        Step(
            key="xpu-w8a8-fp8-linear-examples",
            label="XPU W8A8 FP8 Linear Examples",
            device="intel_gpu",
            timeout=60,
            depends_on=AFTER_XPU_IMAGE,
            paths=["vllm/", ".buildkite/intel_jobs/test-intel.yaml"],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "24+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'python3 examples/basic/offline_inference/generate.py --linear-backend xpu --model RedHatAI/Meta-Llama-3.1-8B-Instruct-FP8 --enforce-eager --max-model-len 4096 && python3 examples/basic/offline_inference/generate.py --linear-backend torch --model RedHatAI/Meta-Llama-3.1-8B-Instruct-FP8 --enforce-eager --max-model-len 4096 && python3 examples/basic/offline_inference/generate.py --linear-backend xpu --model neuralmagic/Llama-3.2-1B-Instruct-FP8-dynamic --enforce-eager --max-model-len 4096 && python3 examples/basic/offline_inference/generate.py --linear-backend torch --model Qwen/Qwen3-4B-Instruct-2507-FP8 --enforce-eager --max-model-len 4096 && python3 examples/basic/offline_inference/generate.py --linear-backend xpu --model meta-llama/Llama-3.2-1B-Instruct --quantization fp8 --enforce-eager --max-model-len 4096 && python3 examples/basic/offline_inference/generate.py --linear-backend torch --model meta-llama/Llama-3.2-1B-Instruct --quantization fp8 --enforce-eager --max-model-len 4096 '",
            ],
        ),

        Step(
            key="xpu-v1-test",
            label="XPU V1 test",
            device="intel_gpu",
            parallelism=2,
            timeout=70,
            depends_on=AFTER_XPU_IMAGE,
            paths=["vllm/", ".buildkite/intel_jobs/test-intel.yaml"],
            env={"REGISTRY": "public.ecr.aws/q9t5s3a7", "REPO": "vllm-ci-test-repo"},
            agents={"label": "production", "gpu": "1+", "mem": "24+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'cd tests && pytest -v -s v1/core --ignore=v1/core/test_reset_prefix_cache_e2e.py --ignore=v1/core/test_scheduler_e2e.py && pytest -v -s v1/engine --ignore=v1/engine/test_output_processor.py && pytest -v -s v1/sample --ignore=v1/sample/test_logprobs.py --ignore=v1/sample/test_logprobs_e2e.py -k \"not test_topk_only and not test_topp_only and not test_topk_and_topp\" && pytest -v -s v1/worker --ignore=v1/worker/test_gpu_model_runner.py --ignore=v1/worker/test_worker_memory_snapshot.py && pytest -v -s v1/structured_output && pytest -v -s v1/test_serial_utils.py && pytest -v -s v1/e2e/general/test_correctness_sliding_window.py && pytest -v -s v1/spec_decode --ignore=v1/spec_decode/test_max_len.py --ignore=v1/spec_decode/test_speculators_eagle3.py --ignore=v1/spec_decode/test_acceptance_length.py --ignore=v1/spec_decode/test_speculators_correctness.py && pytest -v -s v1/kv_connector/unit --ignore=v1/kv_connector/unit/test_lmcache_integration.py --ignore=v1/kv_connector/unit/test_hf3fs_client.py --ignore=v1/kv_connector/unit/test_hf3fs_connector.py --ignore=v1/kv_connector/unit/test_hf3fs_metadata_server.py --ignore=v1/kv_connector/unit/test_offloading_connector.py'",
            ],
        ),

        Step(
            key="xpu-server-test",
            label="XPU server test",
            device="intel_gpu",
            timeout=45,
            depends_on=AFTER_XPU_IMAGE,
            paths=["vllm/", ".buildkite/intel_jobs/test-intel.yaml"],
            env={"REGISTRY": "public.ecr.aws/q9t5s3a7", "REPO": "vllm-ci-test-repo"},
            agents={"label": "production", "gpu": "1+", "mem": "16+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'pip install av && cd tests && pytest -v -s entrypoints/multimodal/openai/chat_completion/test_audio_in_video.py && pytest -v -s benchmarks/test_serve_cli.py'",
            ],
        ),

        Step(
            key="xpu-quantization-test",
            label="XPU quantization test",
            device="intel_gpu",
            timeout=30,
            depends_on=AFTER_XPU_IMAGE,
            paths=["vllm/", ".buildkite/intel_jobs/test-intel.yaml"],
            env={"REGISTRY": "public.ecr.aws/q9t5s3a7", "REPO": "vllm-ci-test-repo"},
            agents={"label": "production", "gpu": "1+", "mem": "16+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'cd tests && pytest -v -s quantization/test_auto_round.py && pytest -v -s quantization/test_online.py'",
            ],
        ),

        Step(
            key="xpu-gpqa-eval-gpt-oss",
            label="XPU GPQA Eval (GPT-OSS)",
            device="intel_gpu",
            timeout=60,
            depends_on=AFTER_XPU_IMAGE,
            paths=["vllm/", "tests/evals/gpt_oss/", ".buildkite/intel_jobs/test-intel.yaml"],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "24+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'pip install \"gpt-oss[eval]==0.0.5\" && cd tests && pytest -s -v evals/gpt_oss/test_gpqa_correctness.py --config-list-file=configs/models-xpu.txt'",
            ],
        ),

        Step(
            key="xpu-compressed-tensors-fp8-test",
            label="XPU compressed tensors FP8 test",
            device="intel_gpu",
            timeout=60,
            depends_on=AFTER_XPU_IMAGE,
            paths=[
                "vllm/",
                "tests/quantization/test_compressed_tensors.py",
                ".buildkite/intel_jobs/test-intel.yaml",
            ],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "16+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'cd tests && pytest -v -s quantization/test_compressed_tensors.py::test_compressed_tensors_fp8 && pytest -v -s quantization/test_compressed_tensors.py::test_compressed_tensors_fp8_block_enabled'",
            ],
        ),

        Step(
            key="xpu-graph",
            label="XPU Graph",
            device="intel_gpu",
            timeout=60,
            depends_on=AFTER_XPU_IMAGE,
            paths=[
                "vllm/compilation/",
                "vllm/platforms/xpu.py",
                "vllm/v1/worker/xpu_model_runner.py",
                "vllm/v1/worker/xpu_worker.py",
                ".buildkite/intel_jobs/test-intel.yaml",
            ],
            env={
                "REGISTRY": "public.ecr.aws/q9t5s3a7",
                "REPO": "vllm-ci-test-repo",
                "VLLM_TEST_DEVICE": "xpu",
            },
            agents={"label": "production", "gpu": "1+", "mem": "32+"},
            no_plugin=True,
            commands=[
                "bash .buildkite/scripts/hardware_ci/run-intel-test.sh 'export VLLM_XPU_ENABLE_XPU_GRAPH=1 && python3 examples/basic/offline_inference/generate.py --model Qwen/Qwen3-0.6B && python3 examples/basic/offline_inference/generate.py --model Qwen/Qwen3-0.6B --kv-cache-dtype fp8 && python3 examples/basic/offline_inference/generate.py --model INCModel/Qwen3-30B-A3B-Instruct-2507-MXFP4-CT-AutoRound --max-model-len 4096'",
            ],
        ),
        # Temporarily disabled (multi-GPU/MXFP8 not yet supported with XPU Graph):
        # python3 examples/basic/offline_inference/generate.py --model INCModel/Qwen3-30B-A3B-Instruct-2507-MXFP8-CT-AutoRound -tp 2 --max-model-len 4096
    ],
)
