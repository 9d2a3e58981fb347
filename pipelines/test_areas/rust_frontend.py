"""Rust Frontend E2E: the source of truth, kept in step with vLLM's `.buildkite/test_areas/rust_frontend.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

from ..common import AFTER_IMAGE, TESTS_DIR

RUST_FRONTEND = Group(
    name="Rust Frontend E2E",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="-nvidia--h200-rust-frontend-openai-coverage",
            label=":nvidia: (H200) Rust Frontend OpenAI Coverage",
            device="h200_18gb",
            timeout=30,
            working_dir="/vllm-workspace/tests",
            paths=[
                "rust/",
                "vllm/benchmarks/",
                "vllm/entrypoints/openai/",
                "vllm/entrypoints/serve/",
                "vllm/v1/sample/",
                "tests/utils.py",
                "tests/benchmarks/test_serve_cli.py",
                "tests/entrypoints/openai/chat_completion/test_chat_completion.py",
                "tests/entrypoints/openai/chat_completion/test_chat_logit_bias_validation.py",
                # - tests/entrypoints/openai/completion/test_prompt_validation.py
                "tests/entrypoints/launchers/test_shutdown.py",
                "tests/entrypoints/openai/test_return_token_ids.py",
                "tests/entrypoints/serve/instrumentator/test_uds.py",
                "tests/v1/sample/test_logprobs_e2e.py",
            ],
            commands=[
                "export VLLM_USE_RUST_FRONTEND=1",
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                'pytest -v -s benchmarks/test_serve_cli.py -k "not insecure and not (test_bench_serve and not test_bench_serve_chat)"',
                'pytest -v -s entrypoints/openai/chat_completion/test_chat_completion.py -k "not test_invalid_json_schema and not test_invalid_regex and not test_kv_transfer_prompt_token_ids_round_trip and not test_kv_transfer_prompt_token_ids_streaming"',
                'pytest -v -s entrypoints/openai/chat_completion/test_chat_logit_bias_validation.py -k "not multiple"',
                # - pytest -v -s entrypoints/openai/completion/test_prompt_validation.py -k "not prompt_embeds"
                'pytest -v -s entrypoints/launchers/test_shutdown.py -k "not engine_failure and not test_abort_timeout_exits_quickly"',
                # test_comparison streams differently: Rust emits a separate first (prompt_token_ids) chunk and
                # finish chunk without logprobs, while the test reads `logprobs.tokens` on every chunk.
                'pytest -v -s entrypoints/openai/test_return_token_ids.py -k "not test_comparison"',
                "pytest -v -s entrypoints/serve/instrumentator/test_uds.py",
                'pytest -v -s v1/sample/test_logprobs_e2e.py -k "test_prompt_logprobs_e2e_server"',
            ],
        ),

        Step(
            key="-nvidia--h200-rust-frontend-serve-admin-coverage",
            label=":nvidia: (H200) Rust Frontend Serve/Admin Coverage",
            device="h200_18gb",
            timeout=25,
            working_dir="/vllm-workspace/tests",
            paths=[
                "rust/",
                "vllm/entrypoints/openai/",
                "vllm/entrypoints/serve/",
                "vllm/v1/engine/",
                "tests/utils.py",
                "tests/entrypoints/serve/dev/rpc/test_collective_rpc.py",
                "tests/entrypoints/scale_out/token_in_token_out/test_serving_tokens.py",
                "tests/entrypoints/serve/instrumentator/test_basic.py",
                "tests/entrypoints/serve/instrumentator/test_metrics.py",
                # - tests/entrypoints/serve/dev/test_sleep.py
                "tests/entrypoints/serve/tokenize/test_tokenization.py",
            ],
            commands=[
                "export VLLM_USE_RUST_FRONTEND=1",
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "PYTHONPATH=/vllm-workspace pytest -v -s entrypoints/serve/dev/rpc/test_collective_rpc.py",
                # server_load can be flaky under the Rust frontend; keep it excluded for now.
                'pytest -v -s entrypoints/serve/instrumentator/test_basic.py -k "not server_load"',
                # test_generate_logprobs expects Python-style top_logprobs truncation (dedup sampled + cap at max(k, 1)).
                'pytest -v -s entrypoints/scale_out/token_in_token_out/test_serving_tokens.py -k "not stream and not lora and not test_generate_logprobs and not stop_string_workflow"',
                'pytest -v -s entrypoints/serve/instrumentator/test_metrics.py -k "text and not show and not run_batch and not test_metrics_counts and not test_metrics_exist"',
                # - pytest -v -s entrypoints/serve/dev/test_sleep.py
                # /tokenizer_info is not implemented in the Rust frontend (the CLI flag is accepted as a no-op).
                'pytest -v -s entrypoints/serve/tokenize/test_tokenization.py -k "not tokenizer_info"',
            ],
        ),

        Step(
            key="-nvidia--h200-rust-frontend-core-correctness",
            label=":nvidia: (H200) Rust Frontend Core Correctness",
            device="h200_18gb",
            timeout=20,
            working_dir="/vllm-workspace/tests",
            paths=[
                "rust/",
                "vllm/entrypoints/openai/",
                "tests/utils.py",
                "tests/entrypoints/openai/correctness/test_lmeval.py",
            ],
            commands=[
                "export VLLM_USE_RUST_FRONTEND=1",
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -s entrypoints/openai/correctness/test_lmeval.py::test_lm_eval_accuracy_v1_engine",
            ],
        ),

        Step(
            key="-nvidia--h200-rust-frontend-tool-use",
            label=":nvidia: (H200) Rust Frontend Tool Use",
            device="h200_35gb",
            timeout=25,
            working_dir="/vllm-workspace/tests",
            paths=[
                "rust/",
                "vllm/entrypoints/openai/",
                "vllm/tool_parsers/",
                "tests/utils.py",
                "tests/tool_use/",
            ],
            commands=[
                "export VLLM_USE_RUST_FRONTEND=1",
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                'pytest -v -s tool_use --ignore=tool_use/mistral --models llama3.2 -k "not test_response_format_with_tool_choice_required and not test_parallel_tool_calls_false and not test_tool_call_and_choice"',
            ],
        ),

        Step(
            key="-nvidia--l4-rust-frontend-distributed",
            label=":nvidia: (L4) Rust Frontend Distributed",
            num_devices=4,
            timeout=25,
            working_dir="/vllm-workspace/tests",
            paths=[
                "rust/",
                "vllm/distributed/",
                "!vllm/distributed/kv_transfer/",
                "vllm/engine/",
                "vllm/executor/",
                "vllm/v1/engine/",
                "vllm/v1/worker/",
                "tests/utils.py",
                "tests/v1/distributed/test_dense_dp_world_size.py",
                "tests/v1/distributed/test_external_lb_dp.py",
                "tests/v1/distributed/test_hybrid_lb_dp.py",
                "tests/v1/distributed/test_internal_lb_dp.py",
            ],
            commands=[
                "export VLLM_USE_RUST_FRONTEND=1",
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "export NCCL_CUMEM_HOST_ENABLE=0",
                "TP_SIZE=1 DP_SIZE=4 pytest -v -s v1/distributed/test_dense_dp_world_size.py",
                'TP_SIZE=1 DP_SIZE=4 pytest -v -s v1/distributed/test_internal_lb_dp.py -k "not 4 and not server_info"',
                'TP_SIZE=1 DP_SIZE=2 pytest -v -s v1/distributed/test_external_lb_dp.py -k "not 4 and not server_info"',
                'TP_SIZE=1 DP_SIZE=4 pytest -v -s v1/distributed/test_hybrid_lb_dp.py -k "not 4 and not server_info"',
            ],
        ),
    ],
)
