"""AMD Tests: imported from `test-amd.yaml` by `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

# In this file, you can add more tests to run either by adding a new step or
# adding a new command to an existing step. See different options here for examples.
#
# This script will be feed into Jinja template in `test-template-amd.j2` at
# https://github.com/vllm-project/buildkite-ci/blob/main/scripts/test-template-amd.j2
# to generate the final pipeline yaml file.
#
# Documentation
# label(str): the name of the test. emojis allowed.
# fast_check(bool): whether to run this on each commit on the fastcheck pipeline.
# fast_check_only(bool): run this test on the fastcheck pipeline only
# optional(bool): never run this test by default (i.e. need to unblock manually) unless it's a scheduled nightly run.
# soft_fail(bool): allow this step to fail without failing the entire pipeline (useful for flaky or experimental tests).
# command(str): the single command to run for tests. incompatible with commands.
# commands(list): the list of commands to run for the test. incompatible with command.
# mirror_hardwares(list): selector tags for AMD pipelines that should include the test.
# dind(bool): when false, run the job directly in the AMD Kubernetes pod.
#     When true or omitted, use the legacy Docker-in-Docker path.
# num_gpus(int): override the number of GPUs for the test. defaults to 1 GPU. currently supports 2,4.
# num_nodes(int): whether to simulate multi-node setup by launching multiple containers on one host,
#     in this case, commands must be specified. the first command runs on the first host, the second
#     command runs on the second host.
# timeout_in_minutes(int): sets a timeout for the step in minutes. if not specified, uses the default timeout.
# parallelism(int): number of parallel jobs to run for this step. enables test sharding using $$BUILDKITE_PARALLEL_JOB
#     and $$BUILDKITE_PARALLEL_JOB_COUNT environment variables.
# working_dir(str): specify the place where the command should execute, default to /vllm-workspace/tests
# source_file_dependencies(list): the list of prefixes to opt-in the test for, if empty, the test will always run.
#
# When adding a test
# - If the test belongs to an existing group, add it there
# - If the test is short, add to any existing step
# - If the test takes more than 10min, then it is okay to create a new step.
#   Note that all steps execute in parallel.
#
# ####################################################################################################################################
#                                                                                                                                   #
#                                                             README                                                                #
#                                                                                                                                   #
# ####################################################################################################################################
#                                                                                                                                   #
# IMPORTANT:                                                                                                                        #
#   * Currently AMD CI has MI250 agents, MI300 agents, and MI355 agents. All upcoming feature improvements are                      #
#         tracked in: https://github.com/vllm-project/vllm/issues/34994                                                             #
#                                                                                                                                   #
# -----------------------------------------------------------------------------------------------------------------------------------#
#                                                                                                                                   #
# NOTES:                                                                                                                            #
#   * [Pytorch Nightly Dependency Override Check]: if this test fails, it means the nightly torch version is not compatible with    #
#                                                  some of the dependencies. Please check the error message and add the package to  #
#                                                  whitelist in `/vllm/tools/pre_commit/generate_nightly_torch_test.py`.            #
#   * [Entrypoints Integration (LLM)]:                                                                                              #
#     - {`pytest -v -s entrypoints/llm/test_generate.py`}: It needs a clean process                                                 #
#     - {`pytest -v -s entrypoints/offline_mode`}: Needs to avoid interference with other tests                                     #
#   * [Engine / Engine (1 GPU) / e2e Scheduling / e2e Core / V1 e2e / Spec Decode / V1 Sample + Logits / V1 Core + KV + Metrics]:   #
#     - Previously a single "V1 Test e2e + engine" step, now split across multiple groups.                                          #
#     - V1 e2e (2/4 GPUs) uses 4 GPUs but is scheduled on 8-GPU machines for stability. See:                                        #
#       https://github.com/vllm-project/vllm/pull/31040                                                                             #
#   * [V1 Sample + Logits / V1 Core + KV + Metrics / V1 others (CPU)]:                                                              #
#     - Previously a single "V1 others" step, now split to avoid interference.                                                      #
#     - Integration test for streaming correctness (requires special branch for __harness__ lib).                                   #
#   * [V1 others (CPU)]: Split the tests to avoid interference                                                                      #
#   * [PyTorch Compilation Unit Tests]: Run unit tests defined directly under `compile/`, not including subdirectories, which       #
#                                       are usually heavier tests covered elsewhere. Use `find` to launch multiple instances        #
#                                       of pytest so that they do not suffer from:                                                  #
#                                       https://github.com/vllm-project/vllm/issues/28965                                           #
#   * [PyTorch Fullgraph Smoke Test]: Run smoke tests under fullgraph directory, except `test_full_graph.py` as it is a heavy       #
#                                     test that is covered in other steps. Use `find` to launch multiple instances of pytest        #
#                                     so that they do not suffer from: https://github.com/vllm-project/vllm/issues/28965            #
#   * [PyTorch Fullgraph]:                                                                                                          #
#     - Limit to no custom ops to reduce running time. Wrap with quotes to escape yaml and avoid starting `-k` string               #
#       with a `-`                                                                                                                  #
#     - Old E2E tests such as:                                                                                                      #
#           ```bash                                                                                                                 #
#           pytest -v -s compile/distributed/test_fusions_e2e.py -k 'TRITON and not +quant_fp8 and not Llama-4'                     #
#           ```                                                                                                                     #
#       were removed in https://github.com/vllm-project/vllm/pull/33293 in favor of new tests in `fusions_e2e`. We                  #
#       avoid replicating the new jobs in this file as it's deprecated.                                                             #
#   * [Basic Models Tests (Extra Initialization) %N]: Only when vLLM model source is modified - test initialization of a            #
#                                                     large subset of supported models (the complement of the small subset in       #
#                                                     the above test.) Also run if model initialization test file is modified.      #
#   * [Language Models Tests (Extra Standard) %N]: Shard slow subset of standard language models tests. Only run when model         #
#                                                  source is modified, or when specified test files are modified.                   #
#   * [Language Models Tests (Hybrid) %N]: Install fast path packages for testing against transformers (mamba, conv1d).             #
#   * [Language Models Test (Extended Generation)]: Install fast path packages for testing against transformers (mamba, conv1d).    #
#   * [Multi-Modal Models (Standard) 1-4]:                                                                                          #
#     - Do NOT remove `VLLM_WORKER_MULTIPROC_METHOD=spawn` setting as ROCm requires this for certain models to function.            #
#   * [Transformers Nightly Models]: Whisper needs `VLLM_WORKER_MULTIPROC_METHOD=spawn` to avoid deadlock.                          #
#   * [Plugin Tests (2 GPUs)]:                                                                                                      #
#     - {`pytest -v -s plugins_tests/test_oot_registration_online.py`}: It needs a clean process                                    #
#     - {`pytest -v -s plugins_tests/test_oot_registration_offline.py`}: It needs a clean process                                   #
#     - {`pytest -v -s plugins_tests/lora_resolvers`}: Unit tests for in-tree lora resolver plugins                                 #
#   * [LoRA TP (Distributed)]:                                                                                                      #
#     - There is some Tensor Parallelism related processing logic in LoRA that requires multi-GPU testing for validation.           #
#     - {`pytest -v -s -x lora/test_gptoss_tp.py`}: Disabled for now because MXFP4 backend on non-cuda platform doesn't support     #
#                                                   LoRA yet.                                                                       #
#   * [Distributed Tests (NxGPUs)(HW-TAG)]: Don't test llama model here, it seems hf implementation is buggy. See:                  #
#                                           https://github.com/vllm-project/vllm/pull/5689                                          #
#   * [Distributed Tests (NxGPUs)(HW-TAG)]: Some old E2E tests were removed in https://github.com/vllm-project/vllm/pull/33293      #
#                                           in favor of new tests in fusions_e2e. We avoid replicating the new jobs in              #
#                                           this file as it's deprecated.                                                           #
#                                                                                                                                   #
# ####################################################################################################################################
#
# vllmci import: The AMD template (test-template-amd.j2) decides for every step: key = the slug of its block step, label `<agent_pool>: <label>`, device = the agent pool, soft_fail, timeout <= 180; a native step (dind=False) also starts when .buildkite/scripts/hardware_ci/run-amd-test.sh changes.

TEST_AMD = Group(
    name="AMD Tests",
    pipeline="amd",
    depends_on=["image-build-amd"],
    working_dir="/vllm-workspace/tests",
    steps=[
        # ########################################################################################################################################
        #                                                                                                                                       #
        #                                                           AMD CPU tests                                                               #
        #                                                                                                                                       #
        # ########################################################################################################################################
        Step(
            key="mi250_1-:computer:-cpu-basic-models-other",
            label="mi250_1: :computer: (CPU) Basic Models Other",  # TBD
            device="mi250_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/test_utils.py",
                "tests/models/test_vision.py",
                "tests/models/test_adapters.py",
                "tests/models/transformers/fusers/",
            ],
            env={
                "VLLM_CI_EXPECTED_GPU_COUNT": "0",  # no_gpu: true: the job requests no GPU
            },
            tags=["amdexperimental", "amdproduction", "amdgfx90anightly", "amdmi250"],
            commands=[
                "pytest -v -s models/test_utils.py models/test_vision.py models/test_adapters.py models/transformers/fusers/",
            ],
        ),

        Step(
            key="mi250_1-:computer:-cpu-multimodal-processor-shard-n",
            label="mi250_1: :computer: (CPU) Multimodal Processor Shard %N",  # TBD
            device="mi250_1",
            parallelism=6,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=["vllm/", "tests/models/multimodal", "tests/models/registry.py"],
            env={
                "VLLM_CI_EXPECTED_GPU_COUNT": "0",  # no_gpu: true: the job requests no GPU
            },
            tags=["amdexperimental", "amdproduction", "amdgfx90anightly", "amdmi250"],
            commands=[
                "pytest -v -s models/multimodal/processing --ignore models/multimodal/processing/test_tensor_schema.py --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT --shard-id=$BUILDKITE_PARALLEL_JOB",
            ],
        ),

        Step(
            key="mi250_1-:computer:-cpu-v1-others",
            label="mi250_1: :computer: (CPU) V1 Others",  # TBD
            device="mi250_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=["vllm/", "tests/v1"],
            env={
                "VLLM_CI_EXPECTED_GPU_COUNT": "0",  # no_gpu: true: the job requests no GPU
            },
            tags=["amdexperimental", "amdproduction", "amdgfx90anightly", "amdmi250"],
            commands=[
                "pytest -v -s -m 'cpu_test' v1/core",
                "pytest -v -s v1/structured_output",
                "pytest -v -s v1/test_serial_utils.py",
                "pytest -v -s v1/test_kv_cache_spec_registry.py",
                "pytest -v -s v1/cudagraph/test_cudagraph_manager.py",
                "pytest -v -s -m 'cpu_test' v1/kv_connector/unit",
                "pytest -v -s -m 'cpu_test' v1/ec_connector/unit",
                "pytest -v -s -m 'cpu_test' v1/metrics",
            ],
        ),

        Step(
            key="mi250_1-:computer:-cpu-async-engine--inputs--utils--worker--config",
            label="mi250_1: :computer: (CPU) Async Engine, Inputs, Utils, Worker, Config",  # TBD
            device="mi250_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/test_envs.py",
                "tests/test_outputs.py",
                "tests/test_pooling_params.py",
                "tests/test_ray_env.py",
                "tests/test_sampling_params.py",
                "tests/multimodal",
                "tests/renderers",
                "tests/standalone_tests/lazy_imports.py",
                "tests/tokenizers_",
                "tests/reasoning",
                "tests/tool_parsers",
                "tests/parser",
                "tests/transformers_utils",
                "tests/config",
            ],
            env={
                "VLLM_CI_EXPECTED_GPU_COUNT": "0",  # no_gpu: true: the job requests no GPU
            },
            tags=["amdexperimental", "amdproduction", "amdgfx90anightly", "amdmi250"],
            commands=[
                "python3 standalone_tests/lazy_imports.py",
                "pytest -v -s test_envs.py",
                "pytest -v -s test_outputs.py",
                "pytest -v -s test_pooling_params.py",
                "pytest -v -s test_ray_env.py",
                "pytest -v -s test_sampling_params.py",
                "pytest -v -s -m 'cpu_test' multimodal",
                "pytest -v -s renderers",
                "pytest -v -s tokenizers_",
                "pytest -v -s reasoning",
                "pytest -v -s tool_parsers",
                "pytest -v -s parser",
                "pytest -v -s transformers_utils",
                "pytest -v -s config --ignore=config/test_mp_reducer.py",
            ],
        ),

        Step(
            key="mi250_1-:computer:-cpu-rust-frontend-cargo-style---clippy",
            label="mi250_1: :computer: (CPU) Rust Frontend Cargo Style + Clippy",  # TBD
            device="mi250_1",
            timeout=180,
            working_dir="/vllm-workspace",
            optional=True,
            soft_fail=True,
            paths=[
                "rust/",
                "rust-toolchain.toml",
                ".buildkite/test_areas/rust_frontend_cargo.yaml",
                ".buildkite/scripts/run-rust-frontend-cargo-ci.sh",
            ],
            env={
                "VLLM_CI_EXPECTED_GPU_COUNT": "0",  # no_gpu: true: the job requests no GPU
            },
            tags=["amdexperimental", "amdproduction", "amdgfx90anightly", "amdmi250"],
            commands=[
                "bash .buildkite/scripts/run-rust-frontend-cargo-ci.sh style-clippy",
            ],
        ),

        Step(
            key="mi250_1-:computer:-cpu-rust-frontend-cargo",
            label="mi250_1: :computer: (CPU) Rust Frontend Cargo",  # TBD
            device="mi250_1",
            timeout=180,
            working_dir="/vllm-workspace",
            optional=True,
            soft_fail=True,
            paths=[
                "rust/",
                "rust-toolchain.toml",
                ".buildkite/test_areas/rust_frontend_cargo.yaml",
                ".buildkite/scripts/run-rust-frontend-cargo-ci.sh",
            ],
            env={
                "VLLM_CI_EXPECTED_GPU_COUNT": "0",  # no_gpu: true: the job requests no GPU
            },
            tags=["amdexperimental", "amdproduction", "amdgfx90anightly", "amdmi250"],
            commands=[
                "bash .buildkite/scripts/run-rust-frontend-cargo-ci.sh test",
            ],
        ),

        Step(
            key="mi250_1-:computer:-cpu-docker-build-metadata",
            label="mi250_1: :computer: (CPU) Docker Build Metadata",  # TBD
            device="mi250_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                ".buildkite/scripts/docker-build-metadata-args.sh",
                ".buildkite/scripts/ci-bake-rocm.sh",
                ".buildkite/release-pipeline.yaml",
                "docker/Dockerfile",
                "docker/Dockerfile.cpu",
                "docker/Dockerfile.rocm",
                "docker/Dockerfile.rocm_base",
                "docker/ci-rocm.hcl",
                "docker/docker-bake.hcl",
                "docker/docker-bake-rocm.hcl",
                "tests/tools/test_docker_build_metadata_args.py",
            ],
            env={
                "VLLM_CI_EXPECTED_GPU_COUNT": "0",  # no_gpu: true: the job requests no GPU
            },
            tags=["amdexperimental", "amdproduction", "amdgfx90anightly", "amdmi250"],
            commands=[
                "pytest -v -s tools/test_docker_build_metadata_args.py",
            ],
        ),

        # ########################################################################################################################################
        #                                                                                                                                       #
        #                                                         MI250 (gfx90a) tests                                                          #
        #                                                                                                                                       #
        # ########################################################################################################################################
        #
        # ----------------------------------------------------------  mi250 · compile  ----------------------------------------------------------#
        Step(
            key="mi250_1-:amd:-mi250-pytorch-fullgraph-smoke",
            label="mi250_1: :amd: (MI250) PyTorch Fullgraph Smoke",  # TBD
            device="mi250_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/compilation/",
                "vllm/model_executor/",
                "vllm/v1/attention/",
                "vllm/config/compilation.py",
                "csrc/",
                "tests/compile",
                "vllm/platforms/rocm.py",
            ],
            tags=["amdexperimental", "amdproduction", "amdgfx90anightly", "amdmi250"],
            commands=[
                "find compile/fullgraph/ -name 'test_*.py' -not -name 'test_full_graph.py' -exec pytest -s -v {} \\\\;",
            ],
        ),

        # --------------------------------------------------------  mi250 · distributed  --------------------------------------------------------#
        Step(
            key="mi250_4-:amd:-mi250-pipeline---context-parallelism",
            label="mi250_4: :amd: (MI250) Pipeline + Context Parallelism",  # TBD
            device="mi250_4",
            num_devices=4,
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/distributed/",
                "vllm/engine/",
                "vllm/executor/",
                "vllm/model_executor/models/",
                "vllm/model_executor/layers/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "tests/distributed/",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
            ],
            tags=["amdexperimental", "amdproduction", "amdgfx90anightly", "amdmi250"],
            commands=[
                "pytest -v -s distributed/test_pp_cudagraph.py",
                "pytest -v -s distributed/test_pipeline_parallel.py",
            ],
        ),

        # ----------------------------------------------------------  mi250 · kernels  ----------------------------------------------------------#
        Step(
            key="mi250_1-:amd:-mi250-helion-kernels",
            label="mi250_1: :amd: (MI250) Helion Kernels",  # TBD
            device="mi250_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/utils/import_utils.py",
                "scripts/benchmark_helion_kernels.py",
                "tests/kernels/helion/",
                "vllm/platforms/rocm.py",
            ],
            tags=["amdexperimental", "amdproduction", "amdgfx90anightly", "amdmi250"],
            commands=[
                "pip install helion==1.4.0",
                "pytest -v -s kernels/helion/",
            ],
        ),

        # -----------------------------------------------------  mi250 · models / language  -----------------------------------------------------#
        Step(
            key="mi250_1-:amd:-mi250-language-models-mteb",
            label="mi250_1: :amd: (MI250) Language Models (MTEB)",  # TBD
            device="mi250_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=["vllm/", "tests/models/language/pooling_mteb_test"],
            tags=["amdexperimental", "amdproduction", "amdgfx90anightly", "amdmi250"],
            commands=[
                "pytest -v -s models/language/pooling_mteb_test",
            ],
        ),

        Step(
            key="mi250_1-:amd:-mi250-language-models-ppl",
            label="mi250_1: :amd: (MI250) Language Models (PPL)",  # TBD
            device="mi250_1",
            timeout=180,
            soft_fail=True,
            paths=["vllm/", "tests/models/language/generation_ppl_test"],
            tags=["amdexperimental", "amdproduction", "amdgfx90anightly", "amdmi250"],
            commands=[
                "pytest -v -s models/language/generation_ppl_test",
            ],
        ),

        # ----------------------------------------------------  mi250 · models / multimodal  ----------------------------------------------------#
        Step(
            key="mi250_1-:amd:-mi250-multimodal-models-standard-3:-llava---qwen2_vl",
            label="mi250_1: :amd: (MI250) Multimodal Models (Standard) 3: llava + qwen2_vl",  # TBD
            device="mi250_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=["vllm/", "tests/models/multimodal"],
            tags=["amdexperimental", "amdproduction", "amdgfx90anightly", "amdmi250"],
            commands=[
                'pytest -v -s models/multimodal/generation/test_common.py -m core_model -k "not qwen2 and not qwen3 and not gemma"',
                "pytest -v -s models/multimodal/generation/test_qwen2_vl.py -m core_model",
            ],
        ),

        # ------------------------------------------------------------  mi250 · v1  -------------------------------------------------------------#
        Step(
            key="mi250_1-:amd:-mi250-batch-invariance",
            label="mi250_1: :amd: (MI250) Batch Invariance",  # TBD
            device="mi250_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/v1/attention",
                "vllm/model_executor/layers",
                "tests/v1/determinism/",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
            ],
            tags=["amdexperimental", "amdproduction", "amdgfx90anightly", "amdmi250"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pip install pytest-timeout pytest-forked",
                "pytest -v -s v1/determinism/test_batch_invariance.py",
                "pytest -v -s v1/determinism/test_rms_norm_batch_invariant.py",
            ],
        ),

        Step(
            key="mi250_1-:amd:-mi250-cudagraph",
            label="mi250_1: :amd: (MI250) CUDAGraph",  # TBD
            device="mi250_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "tests/v1/cudagraph",
                "vllm/v1/cudagraph_dispatcher.py",
                "vllm/config/compilation.py",
                "vllm/compilation",
                "vllm/platforms/rocm.py",
            ],
            tags=["amdexperimental", "amdproduction", "amdgfx90anightly", "amdmi250"],
            commands=[
                "pytest -v -s v1/cudagraph/test_cudagraph_dispatch.py",
                "pytest -v -s v1/cudagraph/test_cudagraph_mode.py",
            ],
        ),

        Step(
            key="mi250_1-:amd:-mi250-e2e-core",
            label="mi250_1: :amd: (MI250) E2E Core",  # TBD
            device="mi250_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=["vllm/v1/", "tests/v1/e2e/general/", "vllm/platforms/rocm.py"],
            tags=["amdexperimental", "amdproduction", "amdgfx90anightly", "amdmi250"],
            commands=[
                "pytest -v -s v1/e2e/general --ignore v1/e2e/general/test_async_scheduling.py",
            ],
        ),

        Step(
            key="mi250_1-:amd:-mi250-e2e-scheduling",
            label="mi250_1: :amd: (MI250) E2E Scheduling",  # TBD
            device="mi250_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=["vllm/v1/", "tests/v1/e2e/general/", "vllm/platforms/rocm.py"],
            tags=["amdexperimental", "amdproduction", "amdgfx90anightly", "amdmi250"],
            commands=[
                "pytest -v -s v1/e2e/general/test_async_scheduling.py",
            ],
        ),

        Step(
            key="mi250_1-:amd:-mi250-v1-engine",
            label="mi250_1: :amd: (MI250) V1 Engine",  # TBD
            device="mi250_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/v1/",
                "tests/v1/engine/",
                "tests/v1/test_tensor_ipc_queue.py",
                "tests/config/test_mp_reducer.py",
                "vllm/config/",
                "vllm/engine/arg_utils.py",
                "vllm/transformers_utils/config.py",
                "vllm/platforms/rocm.py",
            ],
            tags=["amdexperimental", "amdproduction", "amdgfx90anightly", "amdmi250"],
            commands=[
                "pytest -v -s v1/engine/test_preprocess_error_handling.py",
                "pytest -v -s v1/engine --ignore v1/engine/test_preprocess_error_handling.py",
                "pytest -v -s v1/test_tensor_ipc_queue.py",
                "pytest -v -s config/test_mp_reducer.py",
            ],
        ),

        Step(
            key="mi250_1-:amd:-mi250-spec-decode-draft-model",
            label="mi250_1: :amd: (MI250) Spec Decode Draft Model",  # TBD
            device="mi250_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/v1/spec_decode/",
                "vllm/v1/worker/gpu/spec_decode/",
                "vllm/model_executor/model_loader/",
                "vllm/v1/sample/",
                "vllm/model_executor/layers/",
                "tests/v1/e2e/spec_decode/",
                "vllm/platforms/rocm.py",
            ],
            tags=["amdexperimental", "amdproduction", "amdgfx90anightly", "amdmi250"],
            commands=[
                "pytest -v -s v1/e2e/spec_decode/draft_model/",
            ],
        ),

        Step(
            key="mi250_1-:amd:-mi250-spec-decode-speculators---mtp",
            label="mi250_1: :amd: (MI250) Spec Decode Speculators + MTP",  # TBD
            device="mi250_1",
            timeout=180,
            optional=True,
            soft_fail=True,
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
            tags=["amdexperimental", "amdproduction", "amdgfx90anightly", "amdmi250"],
            commands=[
                "pytest -v -s v1/e2e/spec_decode/speculators/",
                "pytest -v -s v1/e2e/spec_decode/mtp/",
            ],
        ),

        # -------------------------------------------------------------  mi250 · misc  ------------------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-python-only-installation",
            label="mi300_1: :amd: (MI300) Python-only Installation",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "tests/standalone_tests/python_only_compile.sh",
                "setup.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "bash standalone_tests/python_only_compile.sh",
            ],
        ),

        # ########################################################################################################################################
        #                                                                                                                                       #
        #                                                         MI300 (gfx942) tests                                                          #
        #                                                                                                                                       #
        # ########################################################################################################################################
        #
        # -----------------------------------------------------  mi300 · basic_correctness  -----------------------------------------------------#
        # vllmci import: field 'fast_check' = True: not read by the AMD template; not imported
        Step(
            key="mi300_1-:amd:-mi300-basic-correctness",
            label="mi300_1: :amd: (MI300) Basic Correctness",  # TBD
            device="mi300_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/basic_correctness/test_basic_correctness",
                "tests/basic_correctness/test_cpu_offload",
                "tests/basic_correctness/test_mem.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s basic_correctness/test_mem.py",
                "VLLM_TARGET_TEST_SUITE=MI300 pytest -v -s basic_correctness/test_basic_correctness.py",
                "pytest -v -s basic_correctness/test_cpu_offload.py",
            ],
        ),

        Step(
            key="mi300_2-:amd:-mi300-distributed-models",
            label="mi300_2: :amd: (MI300) Distributed Models",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/model_executor/model_loader/sharded_state_loader.py",
                "vllm/model_executor/models/",
                "vllm/model_executor/layers/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                "tests/basic_correctness/",
                "tests/model_executor/model_loader/test_sharded_state_loader.py",
                "tests/models/",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "TARGET_TEST_SUITE=MI300 pytest basic_correctness/ -v -s -m 'distributed(num_gpus=2)'",
                "HIP_VISIBLE_DEVICES=0,1 pytest -v -s model_executor/model_loader/test_sharded_state_loader.py -m '(not slow_test)'",
                "pytest models/transformers/test_backend.py -v -s -m 'distributed(num_gpus=2)'",
                "pytest models/language -v -s -m 'distributed(num_gpus=2)'",
                "pytest models/multimodal -v -s -m 'distributed(num_gpus=2)' --ignore models/multimodal/generation/test_whisper.py --ignore models/multimodal/generation/test_phi4siglip.py",
                "pytest models/multimodal/generation/test_phi4siglip.py -v -s -m 'distributed(num_gpus=2)'",
                "VLLM_WORKER_MULTIPROC_METHOD=spawn pytest models/multimodal/generation/test_whisper.py -v -s -m 'distributed(num_gpus=2)'",
                "pytest -v -s models/test_vision.py -m 'distributed(num_gpus=2)'",
            ],
        ),

        # --------------------------------------------------------  mi300 · benchmarks  ---------------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-benchmarks-cli",
            label="mi300_1: :amd: (MI300) Benchmarks CLI",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=["vllm/", "tests/benchmarks/", ".buildkite/scripts/hardware_ci/run-amd-test.sh"],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s benchmarks/",
            ],
        ),

        # ----------------------------------------------------------  mi300 · compile  ----------------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-pytorch-compilation",
            label="mi300_1: :amd: (MI300) PyTorch Compilation",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/compilation/",
                "vllm/model_executor/layers/",
                "vllm/v1/worker/",
                "vllm/v1/attention/",
                "vllm/v1/cudagraph_dispatcher.py",
                "vllm/config/compilation.py",
                "csrc/",
                "tests/compile",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "find compile/ -maxdepth 1 -name 'test_*.py' -print0 | xargs -0 -n1 -I{} pytest -s -v '{}'",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-fusion-e2e-config-sweep",
            label="mi300_1: :amd: (MI300) Fusion E2E Config Sweep",  # TBD
            device="mi300_1",
            timeout=180,
            working_dir="/vllm-workspace/",
            soft_fail=True,
            paths=[
                "csrc/quantization/",
                "vllm/compilation/",
                "vllm/model_executor/layers/layernorm.py",
                "vllm/model_executor/layers/activation.py",
                "vllm/model_executor/layers/attention/attention.py",
                "vllm/model_executor/layers/quantization/input_quant_fp8.py",
                "tests/compile/fusions_e2e/",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "rocm-smi",
                'pytest -v -s tests/compile/fusions_e2e/test_tp1_quant.py -k "llama-3"',
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-fusion-e2e-quick",
            label="mi300_1: :amd: (MI300) Fusion E2E Quick",  # TBD
            device="mi300_1",
            timeout=180,
            working_dir="/vllm-workspace/",
            soft_fail=True,
            paths=[
                "csrc/quantization/",
                "vllm/model_executor/",
                "vllm/v1/attention/",
                "vllm/compilation/",
                "tests/compile/fusions_e2e/",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "rocm-smi",
                # Run all models and attn backends but only Inductor partition and native custom ops
                "pytest -v -s tests/compile/fusions_e2e/test_tp1_quant.py -k 'inductor_partition and not +rms_norm and not +quant_fp8'",
                # Different from CUDA, Qwen requires +rms_norm and +quant_fp8 as rms+quant fusion is only supported on AITER
                "pytest -v -s tests/compile/fusions_e2e/test_tp1_quant.py -k 'inductor_partition and +rms_norm and +quant_fp8 and qwen3'",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-pytorch-compilation-passes",
            label="mi300_1: :amd: (MI300) PyTorch Compilation Passes",  # TBD
            device="mi300_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/compile/passes",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -s -v compile/passes --ignore compile/passes/distributed",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-pytorch-fullgraph",
            label="mi300_1: :amd: (MI300) PyTorch Fullgraph",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/compilation/",
                "vllm/model_executor/",
                "vllm/v1/attention/",
                "vllm/config/compilation.py",
                "csrc/",
                "tests/compile",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s compile/fullgraph/test_full_graph.py",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-pytorch-nightly-dependency-override-check",
            label="mi300_1: :amd: (MI300) PyTorch Nightly Dependency Override Check",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "requirements/test/nightly-torch.txt",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "bash standalone_tests/pytorch_nightly_dependency.sh",
            ],
        ),

        Step(
            key="mi300_2-:amd:-mi300-distributed-compile",
            label="mi300_2: :amd: (MI300) Distributed Compile",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            working_dir="/vllm-workspace/",
            soft_fail=True,
            paths=[
                "vllm/compilation/",
                "vllm/model_executor/layers",
                "tests/compile/passes/distributed/",
                "tests/compile/fusions_e2e/",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_TEST_CLEAN_GPU_MEMORY=1",
                "VLLM_TEST_CLEAN_GPU_MEMORY=1 pytest -v -s tests/compile/passes/distributed/test_async_tp.py",
                "pytest -v -s tests/compile/fusions_e2e/test_tp2_ar_rms.py::test_tp2_ar_rms_fusions",
            ],
        ),

        Step(
            key="mi300_2-:amd:-mi300-distributed-compile---rpc",
            label="mi300_2: :amd: (MI300) Distributed Compile + RPC",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/compilation/",
                "vllm/distributed/",
                "vllm/engine/",
                "vllm/executor/",
                "vllm/worker/worker_base.py",
                "vllm/v1/engine/",
                "vllm/v1/worker/",
                "tests/compile/fullgraph/test_basic_correctness.py",
                "tests/compile/test_wrapper.py",
                "tests/entrypoints/llm/test_collective_rpc.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s entrypoints/llm/test_collective_rpc.py",
                "pytest -v -s ./compile/fullgraph/test_basic_correctness.py",
                "pytest -v -s ./compile/test_wrapper.py",
            ],
        ),

        # -----------------------------------------------------------  mi300 · cuda  ------------------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-cuda-platform",
            label="mi300_1: :amd: (MI300) CUDA Platform",  # TBD
            device="mi300_1",
            timeout=180,
            soft_fail=True,
            paths=["vllm/", "tests/cuda", ".buildkite/scripts/hardware_ci/run-amd-test.sh"],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s cuda/test_cuda_context.py",
                "pytest -v -s cuda/test_platform_no_cuda_init.py",
            ],
        ),

        # --------------------------------------------------------  mi300 · detokenizer  --------------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-async-engine--inputs--utils--worker",
            label="mi300_1: :amd: (MI300) Async Engine, Inputs, Utils, Worker",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/detokenizer",
                "tests/multimodal",
                "tests/utils_",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s detokenizer",
                "pytest -v -s -m 'not cpu_test' multimodal",
                "pytest -v -s multimodal/test_cache.py::test_sleep_wake_preserves_mm_cache_consistency",
                "pytest -v -s utils_",
            ],
        ),

        # --------------------------------------------------------  mi300 · distributed  --------------------------------------------------------#
        Step(
            key="mi300_2-:amd:-mi300-distributed-comm-ops",
            label="mi300_2: :amd: (MI300) Distributed Comm Ops",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/distributed",
                "tests/distributed",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s distributed/test_comm_ops.py",
                "pytest -v -s distributed/test_shm_broadcast.py",
                "pytest -v -s distributed/test_shm_buffer.py",
                "pytest -v -s distributed/test_shm_storage.py",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-eplb-algorithm",
            label="mi300_1: :amd: (MI300) EPLB Algorithm",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/distributed/eplb",
                "tests/distributed/test_eplb_algo.py",
                "tests/distributed/test_eplb_utils.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s distributed/test_eplb_algo.py",
                "pytest -v -s distributed/test_eplb_utils.py",
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-eplb-execution",
            label="mi300_4: :amd: (MI300) EPLB Execution",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/distributed/eplb",
                "tests/distributed/test_eplb_execute.py",
                "tests/distributed/test_eplb_spec_decode.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s distributed/test_eplb_execute.py",
                "pytest -v -s distributed/test_eplb_spec_decode.py",
            ],
        ),

        Step(
            key="mi300_2-:amd:-mi300-distributed-features",
            label="mi300_2: :amd: (MI300) Distributed Features",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            working_dir="/vllm-workspace/",
            soft_fail=True,
            paths=[
                "vllm/distributed/",
                "vllm/v1/distributed/",
                "vllm/model_executor/layers/fused_moe/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "tests/v1/distributed/test_dbo.py",
                "tests/distributed/test_context_parallel.py",
                "examples/features/data_parallel/data_parallel_offline.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s tests/distributed/test_context_parallel.py",
                "VLLM_ALLOW_INSECURE_SERIALIZATION=1 python3 examples/rl/rlhf_async_new_apis.py",
                "VLLM_LOGGING_LEVEL=DEBUG python3 examples/features/data_parallel/data_parallel_offline.py --model=Qwen/Qwen1.5-MoE-A2.7B -tp=1 -dp=2 --max-model-len=2048 --all2all-backend=deepep_high_throughput",
                "VLLM_LOGGING_LEVEL=DEBUG python3 examples/features/data_parallel/data_parallel_offline.py --model=Qwen/Qwen1.5-MoE-A2.7B -tp=1 -dp=2 --max-model-len=2048 --all2all-backend=allgather_reducescatter --disable-nccl-for-dp-synchronization",
                "pytest -v -s tests/v1/distributed/test_dbo.py",
                "VLLM_ALLOW_INSECURE_SERIALIZATION=1 pytest -v -s tests/distributed/test_weight_transfer.py",
                "pytest -v -s tests/distributed/test_packed_tensor.py",
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-distributed",
            label="mi300_4: :amd: (MI300) Distributed",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/test_vision.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s distributed/test_custom_all_reduce.py",
                "torchrun --nproc_per_node=2 distributed/test_ca_buffer_sharing.py",
                "TARGET_TEST_SUITE=MI300 pytest basic_correctness/ -v -s -m 'distributed(num_gpus=2)'",
                "pytest -v -s -x lora/test_mixtral.py",
                "pytest -v -s models/test_vision.py -m 'distributed(num_gpus=4)'",
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-distributed-torchrun---examples",
            label="mi300_4: :amd: (MI300) Distributed Torchrun + Examples",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/distributed/",
                "tests/distributed/test_torchrun_example.py",
                "tests/distributed/test_torchrun_example_moe.py",
                "examples/rl/",
                "examples/features/data_parallel/data_parallel_offline.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "torchrun --nproc-per-node=4 distributed/test_torchrun_example.py",
                "PP_SIZE=2 torchrun --nproc-per-node=4 distributed/test_torchrun_example.py",
                "TP_SIZE=4 torchrun --nproc-per-node=4 distributed/test_torchrun_example_moe.py",
                "PP_SIZE=2 TP_SIZE=2 torchrun --nproc-per-node=4 distributed/test_torchrun_example_moe.py",
                "DP_SIZE=4 ENABLE_EP=1 torchrun --nproc-per-node=4 distributed/test_torchrun_example_moe.py",
                "TP_SIZE=2 DP_SIZE=2 ENABLE_EP=1 torchrun --nproc-per-node=4 distributed/test_torchrun_example_moe.py",
                "python3 ../examples/features/data_parallel/data_parallel_offline.py --enforce-eager",
                # rlhf examples
                "VLLM_ALLOW_INSECURE_SERIALIZATION=1 python3 ../examples/rl/rlhf_http_nccl.py",
                "VLLM_ALLOW_INSECURE_SERIALIZATION=1 python3 ../examples/rl/rlhf_http_ipc.py",
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-elastic-ep-scaling",
            label="mi300_4: :amd: (MI300) Elastic EP Scaling",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/distributed/",
                "vllm/engine/",
                "vllm/executor/",
                "vllm/compilation/",
                "tests/distributed/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s distributed/test_elastic_ep.py",
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-rayexecutorv2",
            label="mi300_4: :amd: (MI300) RayExecutorV2",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/v1/executor/ray_executor_v2.py",
                "vllm/v1/executor/abstract.py",
                "vllm/v1/executor/multiproc_executor.py",
                "tests/distributed/test_ray_v2_executor.py",
                "tests/distributed/test_ray_v2_executor_e2e.py",
                "tests/distributed/test_pipeline_parallel.py",
                "tests/basic_correctness/test_basic_correctness.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_USE_RAY_V2_EXECUTOR_BACKEND=1",
                "pytest -v -s distributed/test_ray_v2_executor.py",
                "pytest -v -s distributed/test_ray_v2_executor_e2e.py",
                'pytest -v -s distributed/test_pipeline_parallel.py -k "ray"',
                'TARGET_TEST_SUITE=L4 pytest -v -s basic_correctness/test_basic_correctness.py -k "ray"',
            ],
        ),

        Step(
            key="mi300_8-:amd:-mi300-distributed-dp---ep",
            label="mi300_8: :amd: (MI300) Distributed DP + EP",  # TBD
            device="mi300_8",
            num_devices=8,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "examples/features/torchrun/torchrun_dp_example_offline.py",
                "vllm/config/parallel.py",
                "vllm/distributed/",
                "vllm/v1/engine/llm_engine.py",
                "vllm/v1/executor/uniproc_executor.py",
                "vllm/v1/worker/gpu_worker.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "torchrun --nproc-per-node=8 ../examples/features/torchrun/torchrun_dp_example_offline.py --tp-size=2 --pp-size=1 --dp-size=4 --enable-ep",
            ],
        ),

        Step(
            key="mi300_2-:amd:-mi300-distributed-torchrun---shutdown",
            label="mi300_2: :amd: (MI300) Distributed Torchrun + Shutdown",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/distributed/",
                "vllm/engine/",
                "vllm/executor/",
                "vllm/worker/worker_base.py",
                "vllm/v1/engine/",
                "vllm/v1/worker/",
                "tests/distributed/",
                "tests/v1/shutdown",
                "tests/v1/worker/test_worker_memory_snapshot.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "VLLM_TEST_SAME_HOST=1 torchrun --nproc-per-node=4 distributed/test_same_node.py | grep 'Same node test passed'",
                "VLLM_TEST_SAME_HOST=1 VLLM_TEST_WITH_DEFAULT_DEVICE_SET=1 torchrun --nproc-per-node=4 distributed/test_same_node.py | grep 'Same node test passed'",
                "HIP_VISIBLE_DEVICES=0,1 pytest -v -s v1/shutdown",
                "pytest -v -s v1/worker/test_worker_memory_snapshot.py",
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-distributed-compile---comm",
            label="mi300_4: :amd: (MI300) Distributed Compile + Comm",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/distributed/",
                "tests/distributed/test_pynccl",
                "tests/distributed/test_events",
                "tests/compile/fullgraph/test_basic_correctness.py",
                "tests/distributed/test_symm_mem_allreduce.py",
                "tests/distributed/test_multiproc_executor.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s compile/fullgraph/test_basic_correctness.py",
                "pytest -v -s distributed/test_pynccl.py",
                "pytest -v -s distributed/test_events.py",
                "pytest -v -s distributed/test_symm_mem_allreduce.py",
                "pytest -v -s distributed/test_multiproc_executor.py::test_multiproc_executor_multi_node",
            ],
        ),

        # ----------------------------------------------------------  mi300 · engine  -----------------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-engine-core",
            label="mi300_1: :amd: (MI300) Engine Core",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/engine",
                "tests/test_sequence",
                "tests/test_config",
                "tests/test_logger",
                "tests/test_vllm_port",
                "tests/jit_monitor/test_hooks.py",
                "tests/jit_monitor/test_hooks_gpu.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s engine test_sequence.py test_config.py test_logger.py test_vllm_port.py jit_monitor/test_hooks.py jit_monitor/test_hooks_gpu.py",
            ],
        ),

        # --------------------------------------------------------  mi300 · entrypoints  --------------------------------------------------------#
        # vllmci import: field 'fast_check' = True: not read by the AMD template; not imported
        Step(
            key="mi300_1-:amd:-mi300-entrypoints-unit",
            label="mi300_1: :amd: (MI300) Entrypoints Unit",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/entrypoints",
                "tests/entrypoints/unit_tests",
                "tests/entrypoints/weight_transfer",
                "tests/entrypoints/launchers",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s entrypoints/unit_tests",
                "pytest -v -s entrypoints/weight_transfer",
                "pytest -v -s entrypoints/launchers",
            ],
        ),

        # vllmci import: field 'fast_check' = True: not read by the AMD template; not imported
        Step(
            key="mi300_1-:amd:-mi300-entrypoints-integration-llm",
            label="mi300_1: :amd: (MI300) Entrypoints Integration (LLM)",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/entrypoints/llm",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/llm --ignore=entrypoints/llm/test_generate.py --ignore=entrypoints/llm/test_collective_rpc.py --ignore=entrypoints/llm/offline_mode",
                "pytest -v -s entrypoints/llm/test_generate.py",  # it needs a clean process
                "pytest -v -s entrypoints/llm/offline_mode",  # Needs to avoid interference with other tests
            ],
        ),

        # vllmci import: field 'fast_check' = True: not read by the AMD template; not imported
        Step(
            key="mi300_1-:amd:-mi300-entrypoints-integration-api-server",
            label="mi300_1: :amd: (MI300) Entrypoints Integration (API Server)",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/entrypoints/serve",
                "tests/entrypoints/scale_out",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/serve --ignore=entrypoints/serve/dev/rpc",
                "PYTHONPATH=/vllm-workspace pytest -v -s entrypoints/serve/dev/rpc",
                "pytest -v -s entrypoints/scale_out",
            ],
        ),

        # vllmci import: field 'fast_check' = True: not read by the AMD template; not imported
        Step(
            key="mi300_1-:amd:-mi300-entrypoints-integration-api-server-openai---part-1",
            label="mi300_1: :amd: (MI300) Entrypoints Integration (API Server OpenAI - Part 1)",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/entrypoints/openai",
                "tests/entrypoints/test_chat_utils",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/openai/ --ignore=entrypoints/openai/completion --ignore=entrypoints/openai/chat_completion --ignore=entrypoints/openai/responses --ignore=entrypoints/openai/correctness",
            ],
        ),

        # vllmci import: field 'fast_check' = True: not read by the AMD template; not imported
        Step(
            key="mi300_1-:amd:-mi300-entrypoints-integration-api-server-openai---part-2",
            label="mi300_1: :amd: (MI300) Entrypoints Integration (API Server OpenAI - Part 2)",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/entrypoints/openai",
                "tests/entrypoints/test_chat_utils",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/openai/chat_completion",
                "pytest -v -s entrypoints/openai/completion --ignore=entrypoints/openai/completion/test_tensorizer_entrypoint.py",
            ],
        ),

        # vllmci import: field 'fast_check' = True: not read by the AMD template; not imported
        Step(
            key="mi300_1-:amd:-mi300-entrypoints-integration-api-server-generate",
            label="mi300_1: :amd: (MI300) Entrypoints Integration (API Server Generate)",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/tool_use",
                "tests/entrypoints/tool_parsers",
                "tests/entrypoints/anthropic",
                "tests/entrypoints/generate",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s tool_use",
                "pytest -v -s entrypoints/tool_parsers",
                "pytest -v -s entrypoints/generate",
                "pytest -v -s entrypoints/anthropic",
            ],
        ),

        # vllmci import: field 'fast_check' = True: not read by the AMD template; not imported
        Step(
            key="mi300_1-:amd:-mi300-entrypoints-integration-responses-api",
            label="mi300_1: :amd: (MI300) Entrypoints Integration (Responses API)",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/entrypoints/openai/responses",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/openai/responses",
            ],
        ),

        # vllmci import: field 'fast_check' = True: not read by the AMD template; not imported
        Step(
            key="mi300_1-:amd:-mi300-entrypoints-integration-speech-to-text",
            label="mi300_1: :amd: (MI300) Entrypoints Integration (Speech to Text)",  # TBD
            device="mi300_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/entrypoints/speech_to_text",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/speech_to_text",
            ],
        ),

        # vllmci import: field 'fast_check' = True: not read by the AMD template; not imported
        Step(
            key="mi300_1-:amd:-mi300-entrypoints-integration-multimodal",
            label="mi300_1: :amd: (MI300) Entrypoints Integration (Multimodal)",
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/entrypoints/multimodal",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/multimodal",
            ],
        ),

        # vllmci import: field 'fast_check' = True: not read by the AMD template; not imported
        Step(
            key="mi300_1-:amd:-mi300-entrypoints-integration-pooling",
            label="mi300_1: :amd: (MI300) Entrypoints Integration (Pooling)",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/entrypoints/pooling",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/pooling",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-openai-api-correctness",
            label="mi300_1: :amd: (MI300) OpenAI API Correctness",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "csrc/",
                "vllm/entrypoints/openai/",
                "vllm/model_executor/layers/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                "vllm/model_executor/model_loader/",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "bash ../tools/install_torchcodec_rocm.sh || exit 1",
                "pytest -s entrypoints/openai/correctness/",
            ],
        ),

        # -----------------------------------------------------------  mi300 · evals  -----------------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-deepseek-v2-lite-prefetch-offload-accuracy",
            label="mi300_1: :amd: (MI300) DeepSeek V2-Lite Prefetch Offload Accuracy",  # TBD
            device="mi300_1",
            timeout=180,
            working_dir="/vllm-workspace",
            soft_fail=True,
            paths=[
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/model_executor/layers/fused_moe/",
                "vllm/model_executor/layers/quantization/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/backends/mla/",
                "vllm/v1/attention/selector.py",
                ".buildkite/scripts/scheduled_integration_test/",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "bash .buildkite/scripts/scheduled_integration_test/deepseek_v2_lite_prefetch_offload.sh 0.25 200 8030",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-lm-eval-small-models",
            label="mi300_1: :amd: (MI300) LM Eval Small Models",  # TBD
            device="mi300_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "csrc/",
                "vllm/model_executor/layers/quantization",
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=configs/models-small.txt",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-mrcr-eval-small-models",
            label="mi300_1: :amd: (MI300) MRCR Eval Small Models",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                "tests/evals/mrcr/",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -s -v evals/mrcr/test_mrcr_correctness.py --config-list-file=evals/mrcr/configs/models-small.txt",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-lm-eval-small-models-harness",
            label="mi300_1: :amd: (MI300) LM Eval Small Models Harness",  # TBD
            device="mi300_1",
            timeout=180,
            working_dir="/vllm-workspace/.buildkite/lm-eval-harness",
            optional=True,
            soft_fail=True,
            paths=[
                "csrc/",
                "vllm/model_executor/layers/quantization",
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -s -v test_lm_eval_correctness.py --config-list-file=configs/models-small-rocm.txt",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-multimodal-accuracy-eval-small-models",
            label="mi300_1: :amd: (MI300) Multimodal Accuracy Eval (Small Models)",  # TBD
            device="mi300_1",
            timeout=180,
            working_dir="/vllm-workspace/.buildkite/lm-eval-harness",
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/multimodal/",
                "vllm/inputs/",
                "vllm/v1/core/",
                "vllm/platforms/rocm.py",
                "vllm/model_executor/model_loader/",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -s -v test_lm_eval_correctness.py --config-list-file=configs/models-mm-small.txt --tp-size=1",
            ],
        ),

        Step(
            key="mi300_2-:amd:-mi300-gpqa-eval-gpt-oss",
            label="mi300_2: :amd: (MI300) GPQA Eval (GPT-OSS)",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "csrc/",
                "vllm/model_executor/layers/quantization",
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/model_executor/layers/fused_moe/",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                "tests/evals/gpt_oss/",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "uv pip install --system 'gpt-oss[eval]==0.0.5'",
                "pytest -s -v evals/gpt_oss/test_gpqa_correctness.py --config-list-file=configs/models-gfx942.txt",
            ],
        ),

        Step(
            key="mi300_2-:amd:-mi300-lm-eval-small-models-fp8---mixed",
            label="mi300_2: :amd: (MI300) LM Eval Small Models FP8 + Mixed",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            soft_fail=True,
            paths=[
                "csrc/",
                "vllm/model_executor/layers/quantization",
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=configs/models-mi3xx-fp8-and-mixed.txt",
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-deepseek-v2-lite-sync-eplb-accuracy",
            label="mi300_4: :amd: (MI300) DeepSeek V2-Lite Sync EPLB Accuracy",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            working_dir="/vllm-workspace",
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/distributed/eplb",
                "vllm/model_executor/layers/fused_moe/",
                "vllm/model_executor/layers/quantization/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/backends/mla/",
                "vllm/v1/attention/selector.py",
                ".buildkite/scripts/scheduled_integration_test/",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "bash .buildkite/scripts/scheduled_integration_test/deepseek_v2_lite_ep_eplb.sh 0.25 200 8010",
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-lm-eval-large-models-harness",
            label="mi300_4: :amd: (MI300) LM Eval Large Models Harness",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            working_dir="/vllm-workspace/.buildkite/lm-eval-harness",
            optional=True,
            soft_fail=True,
            paths=[
                "csrc/",
                "vllm/model_executor/layers/quantization",
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -s -v test_lm_eval_correctness.py --config-list-file=configs/models-large.txt --tp-size=4",
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-qwen3-30b-a3b-fp8-block-sync-eplb-accuracy",
            label="mi300_4: :amd: (MI300) Qwen3-30B-A3B-FP8-block Sync EPLB Accuracy",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            working_dir="/vllm-workspace",
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/model_executor/layers/quantization/",
                "vllm/distributed/eplb",
                "vllm/model_executor/layers/fused_moe/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                ".buildkite/scripts/scheduled_integration_test/",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "bash .buildkite/scripts/scheduled_integration_test/qwen30b_a3b_fp8_block_ep_eplb.sh 0.8 200 8020",
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-qwen3-30b-a3b-fp8-dp4-async-eplb-accuracy",
            label="mi300_4: :amd: (MI300) Qwen3-30B-A3B-FP8 DP4 Async EPLB Accuracy",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            working_dir="/vllm-workspace",
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/model_executor/layers/quantization/",
                "vllm/distributed/eplb",
                "vllm/model_executor/layers/fused_moe/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                ".buildkite/scripts/scheduled_integration_test/",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "bash .buildkite/scripts/scheduled_integration_test/qwen30b_a3b_fp8_dp4_async_eplb.sh 0.8 200 8050",
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-qwen3-next-80b-a3b-instruct-mtp-async-eplb-accuracy",
            label="mi300_4: :amd: (MI300) Qwen3-Next-80B-A3B-Instruct MTP Async EPLB Accuracy",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            working_dir="/vllm-workspace",
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/v1/spec_decode/",
                "vllm/distributed/eplb",
                "vllm/model_executor/layers/fused_moe/",
                "vllm/model_executor/layers/quantization/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                ".buildkite/scripts/scheduled_integration_test/",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "bash .buildkite/scripts/scheduled_integration_test/qwen3_next_mtp_async_eplb.sh 0.8 1319 8040",
            ],
        ),

        Step(
            key="mi300_8-:amd:-mi300-lm-eval-large-models",
            label="mi300_8: :amd: (MI300) LM Eval Large Models",  # TBD
            device="mi300_8",
            num_devices=8,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/model_executor/layers/quantization/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/model_executor/layers/layernorm.py",
                "csrc/",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                "tests/evals/",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "export PYTORCH_ROCM_ARCH=gfx942",
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=configs/models-mi3xx.txt",
            ],
        ),

        Step(
            key="mi300_8-:amd:-mi300-lm-eval-large-models-rocm-harness",
            label="mi300_8: :amd: (MI300) LM Eval Large Models ROCm Harness",  # TBD
            device="mi300_8",
            num_devices=8,
            timeout=180,
            working_dir="/vllm-workspace/.buildkite/lm-eval-harness",
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/model_executor/layers/quantization/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/model_executor/layers/layernorm.py",
                "csrc/",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -s -v test_lm_eval_correctness.py --config-list-file=configs/models-large-rocm.txt --tp-size=8",
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-lm-eval-large-models-fp8",
            label="mi300_4: :amd: (MI300) LM Eval Large Models FP8",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            working_dir="/vllm-workspace/.buildkite/lm-eval-harness",
            optional=True,
            soft_fail=True,
            paths=[
                "csrc/",
                "vllm/model_executor/layers/quantization",
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_USE_DEEP_GEMM=0",
                "pytest -s -v test_lm_eval_correctness.py --config-list-file=configs/models-large-rocm-fp8.txt --tp-size=4",
            ],
        ),

        # ---------------------------------------------------------  mi300 · examples  ----------------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-examples",
            label="mi300_1: :amd: (MI300) Examples",  # TBD
            device="mi300_1",
            timeout=180,
            working_dir="/vllm-workspace/examples",
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/entrypoints",
                "vllm/multimodal",
                "examples/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pip install tensorizer",
                # Basic
                "python3 basic/offline_inference/chat.py",
                "python3 basic/offline_inference/generate.py --model facebook/opt-125m",
                "python3 basic/offline_inference/generate.py --model meta-llama/Llama-2-13b-chat-hf --cpu-offload-gb 10",
                "python3 basic/offline_inference/classify.py",
                "python3 basic/offline_inference/embed.py",
                "python3 basic/offline_inference/score.py",
                # Multi-modal models
                "python3 generate/multimodal/audio_language_offline.py --seed 0",
                "python3 generate/multimodal/vision_language_offline.py --seed 0",
                "python3 generate/multimodal/vision_language_multi_image_offline.py --seed 0",
                "python3 generate/multimodal/encoder_decoder_multimodal_offline.py --model-type whisper --seed 0",
                # Pooling models
                "python3 pooling/embed/vision_embedding_offline.py --seed 0",
                # Features demo
                "python3 features/automatic_prefix_caching/prefix_caching_offline.py",
                "python3 deployment/llm_engine_example.py",
                "python3 features/tensorize_vllm_model.py --model facebook/opt-125m serialize --serialized-directory /tmp/ --suffix v1 && python3 features/tensorize_vllm_model.py --model facebook/opt-125m deserialize --path-to-tensors /tmp/vllm/facebook/opt-125m/v1/model.tensors",
                "python3 features/speculative_decoding/spec_decode_offline.py --test --method eagle --num_spec_tokens 3 --dataset-name hf --dataset-path philschmid/mt-bench --num-prompts 80 --temp 0 --top-p 1.0 --top-k -1 --tp 1 --enable-chunked-prefill --max-model-len 2048",
                "python3 features/speculative_decoding/spec_decode_offline.py --test --method eagle3 --num_spec_tokens 3 --dataset-name hf --dataset-path philschmid/mt-bench --num-prompts 80 --temp 0 --top-p 1.0 --top-k -1 --tp 1 --enable-chunked-prefill --max-model-len 1536",
            ],
        ),

        # ----------------------------------------------------------  mi300 · kernels  ----------------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-vllm-ir",
            label="mi300_1: :amd: (MI300) vLLM IR",  # TBD
            device="mi300_1",
            timeout=180,
            working_dir="/vllm-workspace/",
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/ir",
                "vllm/kernels",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s tests/ir",
                "pytest -v -s tests/kernels/ir",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-mla-kernels",
            label="mi300_1: :amd: (MI300) MLA Kernels",  # TBD
            device="mi300_1",
            timeout=180,
            working_dir="/vllm-workspace/",
            soft_fail=True,
            paths=[
                "vllm/v1/attention/backends/mla/rocm_aiter_mla.py",
                "vllm/v1/attention/selector.py",
                "vllm/platforms/rocm.py",
                "vllm/_aiter_ops.py",
                "tests/kernels/attention/test_rocm_aiter_mla_decode.py",
                "tests/kernels/attention/test_rocm_aiter_mla_decode_metadata.py",
                "tests/kernels/attention/test_rocm_aiter_mla_fp8_support.py",
                "tests/kernels/attention/test_rocm_aiter_mla_op_registration.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "rocm-smi",
                "pytest -v -s tests/kernels/attention/test_rocm_aiter_mla_decode_metadata.py",
                "pytest -v -s tests/kernels/attention/test_rocm_aiter_mla_decode.py",
                "pytest -v -s tests/kernels/attention/test_rocm_aiter_mla_fp8_support.py",
                "pytest -v -s tests/kernels/attention/test_rocm_aiter_mla_op_registration.py",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-attention-kernels-shard-n",
            label="mi300_1: :amd: (MI300) Attention Kernels Shard %N",  # TBD
            device="mi300_1",
            parallelism=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "csrc/attention/",
                "vllm/v1/attention",
                "vllm/model_executor/layers/attention",
                "tests/kernels/attention",
                "vllm/_aiter_ops.py",
                "vllm/envs.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s kernels/attention --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-core-operation-kernels-shard-n",
            label="mi300_1: :amd: (MI300) Core Operation Kernels Shard %N",  # TBD
            device="mi300_1",
            parallelism=3,
            timeout=180,
            soft_fail=True,
            paths=[
                "csrc/",
                "tests/kernels/core",
                "tests/kernels/test_top_k_per_row.py",
                "tests/kernels/test_concat_mla_q.py",
                "vllm/model_executor/layers/rotary_embedding/",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s kernels/core --ignore=kernels/core/test_minimax_reduce_rms.py kernels/test_concat_mla_q.py kernels/test_top_k_per_row.py --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-kda-kernels",
            label="mi300_1: :amd: (MI300) KDA Kernels",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/third_party/flash_linear_attention/ops/kda.py",
                "vllm/third_party/flash_linear_attention/ops/chunk_delta_h.py",
                "vllm/third_party/flash_linear_attention/ops/l2norm.py",
                "vllm/models/kimi_k3/nvidia/kda.py",
                "vllm/models/kimi_k3/nvidia/kda_metadata.py",
                "vllm/models/kimi_k3/nvidia/ops/third_party/kda/",
                "tests/models/kimi_k3/test_kda.py",
                "tests/models/kimi_k3/test_kda_metadata.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s models/kimi_k3/test_kda.py models/kimi_k3/test_kda_metadata.py",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-mamba-kernels",
            label="mi300_1: :amd: (MI300) Mamba Kernels",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "csrc/mamba/",
                "tests/kernels/mamba",
                "vllm/model_executor/layers/mamba/ops",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s kernels/mamba",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-moe-kernels-shard-n",
            label="mi300_1: :amd: (MI300) MoE Kernels Shard %N",  # TBD
            device="mi300_1",
            parallelism=5,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "csrc/quantization/cutlass_w8a8/moe/",
                "csrc/moe/",
                "csrc/rocm/",
                "tests/kernels/moe",
                "tests/kernels/utils.py",
                "vllm/model_executor/layers/fused_moe/",
                "vllm/model_executor/layers/quantization/mxfp4.py",
                "vllm/model_executor/layers/quantization/utils/quant_utils.py",
                "vllm/distributed/device_communicators/",
                "vllm/envs.py",
                "vllm/config",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s kernels/moe --ignore=kernels/moe/test_modular_oai_triton_moe.py --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT",
                "pytest -v -s kernels/moe/test_modular_oai_triton_moe.py --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-quantization-kernels",
            label="mi300_1: :amd: (MI300) Quantization Kernels",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "csrc/quantization/",
                "csrc/rocm/",
                "vllm/model_executor/layers/quantization",
                "tests/kernels/quantization",
                "tests/kernels/quant_utils.py",
                "tests/kernels/utils.py",
                "vllm/_aiter_ops.py",
                "vllm/kernels/aiter_ops.py",
                "vllm/_custom_ops.py",
                "vllm/envs.py",
                "vllm/platforms/rocm.py",
                "vllm/model_executor/kernels/",
                "vllm/v1/attention/backends/rocm_aiter_fa.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s kernels/quantization",
            ],
        ),

        Step(
            key="mi300_2-:amd:-mi300-deepep-fp8-moe-kernels",
            label="mi300_2: :amd: (MI300) DeepEP FP8 MoE Kernels",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "csrc/moe/",
                "csrc/quantization/w8a8/cutlass/moe/",
                "vllm/model_executor/layers/fused_moe/",
                "tests/kernels/moe/test_deepep_moe.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                "vllm/envs.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s kernels/moe/test_deepep_moe.py",
            ],
        ),

        # -----------------------------------------------------------  mi300 · lora  ------------------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-lora-shard-n",
            label="mi300_1: :amd: (MI300) LoRA Shard %N",  # TBD
            device="mi300_1",
            parallelism=4,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/lora",
                "tests/lora",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s lora --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT --ignore=lora/test_chatglm3_tp.py --ignore=lora/test_llama_tp.py --ignore=lora/test_qwen3_with_multi_loras.py --ignore=lora/test_olmoe_tp.py --ignore=lora/test_deepseekv2_tp.py --ignore=lora/test_gptoss_tp.py --ignore=lora/test_qwen3moe_tp.py --ignore=lora/test_qwen35_densemodel_lora.py",
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-lora-tp-distributed",
            label="mi300_4: :amd: (MI300) LoRA TP (Distributed)",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/lora",
                "vllm/model_executor/layers/fused_moe/",
                "tests/lora",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s -x lora/test_chatglm3_tp.py",
                "pytest -v -s -x lora/test_llama_tp.py",
                "pytest -v -s -x lora/test_qwen3_with_multi_loras.py",
                "pytest -v -s -x lora/test_olmoe_tp.py",
                "pytest -v -s -x lora/test_gptoss_tp.py",
                "pytest -v -s -x lora/test_qwen35_densemodel_lora.py",
                "pytest -v -s -x lora/test_gemma4_tp.py",
            ],
        ),

        # ------------------------------------------------------  mi300 · model_executor  -------------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-model-executor",
            label="mi300_1: :amd: (MI300) Model Executor",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/engine/arg_utils.py",
                "vllm/config/model.py",
                "vllm/model_executor",
                "tests/model_executor",
                "tests/entrypoints/openai/completion/test_tensorizer_entrypoint.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "apt-get update && apt-get install -y curl libsodium23",
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s model_executor -m '(not slow_test)'",
                "pytest -v -s entrypoints/openai/completion/test_tensorizer_entrypoint.py",
            ],
        ),

        # ----------------------------------------------------  mi300 · model_runner_v2  -------------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-model-runner-v2-core",
            label="mi300_1: :amd: (MI300) Model Runner V2 Core",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/v1/worker/gpu/",
                "vllm/v1/worker/gpu_worker.py",
                "vllm/v1/core/sched/",
                "vllm/v1/attention/",
                "tests/v1/engine/test_llm_engine.py",
                "tests/v1/e2e/",
                "tests/entrypoints/llm/test_struct_output_generate.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "set -x",
                "export VLLM_USE_V2_MODEL_RUNNER=1",
                'pytest -v -s v1/engine/test_llm_engine.py -k "not test_engine_metrics"',
                'pytest -v -s v1/e2e/general/test_async_scheduling.py -k "not ngram"',
                "pytest -v -s v1/e2e/general/test_context_length.py",
                "pytest -v -s v1/e2e/general/test_min_tokens.py",
                'pytest -v -s entrypoints/llm/test_struct_output_generate.py -k "xgrammar and not speculative_config6 and not speculative_config7 and not speculative_config8 and not speculative_config0"',
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-model-runner-v2-examples",
            label="mi300_1: :amd: (MI300) Model Runner V2 Examples",  # TBD
            device="mi300_1",
            timeout=180,
            working_dir="/vllm-workspace/examples",
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/v1/worker/gpu/",
                "vllm/v1/core/sched/",
                "vllm/v1/worker/gpu_worker.py",
                "examples/basic/offline_inference/",
                "examples/generate/multimodal/",
                "examples/features/",
                "examples/pooling/embed/vision_embedding_offline.py",
                "examples/features/tensorize_vllm_model.py",
                "examples/deployment/llm_engine_example.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "set -x",
                "export VLLM_USE_V2_MODEL_RUNNER=1",
                "pip install tensorizer",
                "python3 basic/offline_inference/chat.py",
                "python3 basic/offline_inference/generate.py --model facebook/opt-125m",
                "python3 generate/multimodal/audio_language_offline.py --seed 0",
                "python3 generate/multimodal/vision_language_offline.py --seed 0",
                "python3 generate/multimodal/vision_language_multi_image_offline.py --seed 0",
                "python3 generate/multimodal/encoder_decoder_multimodal_offline.py --model-type whisper --seed 0",
                "python3 pooling/embed/vision_embedding_offline.py --seed 0",
                "python3 features/automatic_prefix_caching/prefix_caching_offline.py",
                "python3 deployment/llm_engine_example.py",
                "python3 features/tensorize_vllm_model.py --model facebook/opt-125m serialize --serialized-directory /tmp/ --suffix v1 && python3 features/tensorize_vllm_model.py --model facebook/opt-125m deserialize --path-to-tensors /tmp/vllm/facebook/opt-125m/v1/model.tensors",
                "python3 features/speculative_decoding/spec_decode_offline.py --test --method eagle --num_spec_tokens 3 --dataset-name hf --dataset-path philschmid/mt-bench --num-prompts 80 --temp 0 --top-p 1.0 --top-k -1 --tp 1 --enable-chunked-prefill --max-model-len 2048",
                "python3 features/speculative_decoding/spec_decode_offline.py --test --method eagle3 --num_spec_tokens 3 --dataset-name hf --dataset-path philschmid/mt-bench --num-prompts 80 --temp 0 --top-p 1.0 --top-k -1 --tp 1 --enable-chunked-prefill --max-model-len 1536",
            ],
        ),

        Step(
            key="mi300_2-:amd:-mi300-model-runner-v2-distributed",
            label="mi300_2: :amd: (MI300) Model Runner V2 Distributed",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/v1/worker/gpu/",
                "vllm/v1/worker/gpu_worker.py",
                "tests/basic_correctness/test_basic_correctness.py",
                "tests/v1/distributed/test_async_llm_dp.py",
                "tests/v1/distributed/test_eagle_dp.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "set -x",
                "export VLLM_USE_V2_MODEL_RUNNER=1",
                "TARGET_TEST_SUITE=MI300 pytest -v -s basic_correctness/test_basic_correctness.py -m 'distributed(num_gpus=2)' -k \"not ray and not True\"",
                'TP_SIZE=1 DP_SIZE=2 pytest -v -s v1/distributed/test_async_llm_dp.py -k "not ray"',
                "TP_SIZE=1 DP_SIZE=2 pytest -v -s v1/distributed/test_eagle_dp.py",
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-model-runner-v2-pipeline-parallelism",
            label="mi300_4: :amd: (MI300) Model Runner V2 Pipeline Parallelism",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/v1/worker/gpu/",
                "vllm/v1/worker/gpu_worker.py",
                "tests/distributed/test_pipeline_parallel.py",
                "tests/distributed/test_pp_cudagraph.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "set -x",
                "export VLLM_USE_V2_MODEL_RUNNER=1",
                'pytest -v -s distributed/test_pipeline_parallel.py -k "not ray"',
                'pytest -v -s distributed/test_pp_cudagraph.py -k "not ray"',
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-model-runner-v2-spec-decode",
            label="mi300_1: :amd: (MI300) Model Runner V2 Spec Decode",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/v1/worker/gpu/",
                "vllm/v1/worker/gpu_worker.py",
                "tests/v1/spec_decode/test_max_len.py",
                "tests/v1/spec_decode/test_rejection_sampler_utils.py",
                "tests/v1/spec_decode/test_synthetic_rejection_sampler_utils.py",
                "tests/v1/e2e/spec_decode/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "set -x",
                "export VLLM_USE_V2_MODEL_RUNNER=1",
                'pytest -v -s v1/spec_decode/test_max_len.py -k "eagle or mtp"',
                "pytest -v -s v1/spec_decode/test_rejection_sampler_utils.py",
                "pytest -v -s v1/spec_decode/test_synthetic_rejection_sampler_utils.py",
                "pytest -v -s v1/e2e/spec_decode/eagle/",
                "pytest -v -s v1/e2e/spec_decode/speculators/",
                "pytest -v -s v1/e2e/spec_decode/mtp/",
            ],
        ),

        # ------------------------------------------------------  mi300 · models / basic  -------------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-basic-models-extra-initialization-shard-n",
            label="mi300_1: :amd: (MI300) Basic Models (Extra Initialization) Shard %N",  # TBD
            device="mi300_1",
            parallelism=6,
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/model_executor/models/",
                "vllm/model_executor/layers/",
                "tests/models/test_initialization.py",
                "tests/models/registry.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s models/test_initialization.py -k 'not test_can_initialize_small_subset' --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT --shard-id=$BUILDKITE_PARALLEL_JOB",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-basic-models-initialization",
            label="mi300_1: :amd: (MI300) Basic Models (Initialization)",  # TBD
            device="mi300_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/test_initialization.py",
                "tests/models/registry.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s models/test_initialization.py::test_can_initialize_small_subset",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-basic-models-other",
            label="mi300_1: :amd: (MI300) Basic Models (Other)",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/test_terratorch.py",
                "tests/models/transformers/test_backend.py",
                "tests/models/test_registry.py",
                "tests/models/test_vision.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s models/test_terratorch.py models/transformers/test_backend.py models/test_registry.py",
                "pytest -v -s models/test_vision.py::test_simple_mrope_vision_model_spatial_merge",
            ],
        ),

        # -----------------------------------------------------  mi300 · models / language  -----------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-language-models-extended-pooling",
            label="mi300_1: :amd: (MI300) Language Models (Extended Pooling)",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/language/pooling",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s models/language/pooling -m 'not core_model'",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-language-models-standard",
            label="mi300_1: :amd: (MI300) Language Models (Standard)",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/language",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pip freeze | grep -E 'torch'",
                "pytest -v -s models/language -m 'core_model and (not slow_test)'",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-language-models-extra-standard-shard-n",
            label="mi300_1: :amd: (MI300) Language Models (Extra Standard) Shard %N",  # TBD
            device="mi300_1",
            parallelism=2,
            timeout=180,
            optional=True,
            soft_fail=True,
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
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pip freeze | grep -E 'torch'",
                "pytest -v -s models/language -m 'core_model and slow_test' --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT --shard-id=$BUILDKITE_PARALLEL_JOB",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-language-models-extended-generation",
            label="mi300_1: :amd: (MI300) Language Models (Extended Generation)",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/language/generation",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "MAMBA_FORCE_BUILD=TRUE uv pip install --system --no-build-isolation 'git+https://github.com/AndreasKaratzas/mamba@fix-rocm-7.0-warp-size-constexpr'",
                "CAUSAL_CONV1D_FORCE_BUILD=TRUE uv pip install --system --no-build-isolation 'git+https://github.com/Dao-AILab/causal-conv1d@v1.6.0'",
                "pytest -v -s models/language/generation -m '(not core_model) and (not hybrid_model)'",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-language-models-hybrid-shard-n",
            label="mi300_1: :amd: (MI300) Language Models (Hybrid) Shard %N",  # TBD
            device="mi300_1",
            parallelism=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/language/generation",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "MAMBA_FORCE_BUILD=TRUE uv pip install --system --no-build-isolation 'git+https://github.com/AndreasKaratzas/mamba@fix-rocm-7.0-warp-size-constexpr'",
                "CAUSAL_CONV1D_FORCE_BUILD=TRUE uv pip install --system --no-build-isolation 'git+https://github.com/Dao-AILab/causal-conv1d@v1.6.0'",
                "pytest -v -s models/language/generation -m hybrid_model --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT --shard-id=$BUILDKITE_PARALLEL_JOB",
            ],
        ),

        # ----------------------------------------------------  mi300 · models / multimodal  ----------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-multimodal-models-extended-generation-1",
            label="mi300_1: :amd: (MI300) Multimodal Models (Extended Generation 1)",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/multimodal/generation",
                "tests/models/multimodal/test_mapping.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s models/multimodal/generation -m 'not core_model' --ignore models/multimodal/generation/test_common.py",
                "pytest -v -s models/multimodal/test_mapping.py",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-multimodal-models-extended-generation-2",
            label="mi300_1: :amd: (MI300) Multimodal Models (Extended Generation 2)",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/multimodal/generation",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s models/multimodal/generation/test_common.py -m 'split(group=0) and not core_model'",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-multimodal-models-extended-generation-3",
            label="mi300_1: :amd: (MI300) Multimodal Models (Extended Generation 3)",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/multimodal/generation",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s models/multimodal/generation/test_common.py -m 'split(group=1) and not core_model'",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-multimodal-models-standard-1:-qwen2",
            label="mi300_1: :amd: (MI300) Multimodal Models (Standard) 1: qwen2",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/multimodal",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                'pytest -v -s models/multimodal/generation/test_common.py -m core_model -k "qwen2"',
                "pytest -v -s models/multimodal/generation/test_ultravox.py -m core_model",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-multimodal-models-standard-3:-llava---qwen2_vl",
            label="mi300_1: :amd: (MI300) Multimodal Models (Standard) 3: llava + qwen2_vl",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/multimodal/generation",
                "tests/models/multimodal/test_mapping.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                'pytest -v -s models/multimodal/generation/test_common.py -m core_model -k "not qwen2 and not qwen3 and not gemma"',
                "pytest -v -s models/multimodal/generation/test_qwen2_vl.py -m core_model",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-multimodal-models-standard-4:-other---whisper",
            label="mi300_1: :amd: (MI300) Multimodal Models (Standard) 4: other + whisper",  # TBD
            device="mi300_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/multimodal",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s models/multimodal -m core_model --ignore models/multimodal/generation/test_common.py --ignore models/multimodal/generation/test_ultravox.py --ignore models/multimodal/generation/test_qwen2_5_vl.py --ignore models/multimodal/generation/test_qwen2_vl.py --ignore models/multimodal/generation/test_whisper.py --ignore models/multimodal/generation/test_mm_prefix_lm.py --ignore models/multimodal/generation/test_memory_leak.py --ignore models/multimodal/generation/test_vit_cudagraph.py --ignore models/multimodal/processing",
                "pytest -v -s models/multimodal/generation/test_vit_cudagraph.py -m core_model",
                "pytest -v -s models/multimodal/generation/test_memory_leak.py -m core_model",
                "cd .. && VLLM_WORKER_MULTIPROC_METHOD=spawn pytest -v -s tests/models/multimodal/generation/test_whisper.py -m core_model",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-multimodal-processor",
            label="mi300_1: :amd: (MI300) Multimodal Processor",  # 1h 42m
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/multimodal",
                "tests/models/registry.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s models/multimodal/processing/test_tensor_schema.py",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-multimodal-models-extended-pooling",
            label="mi300_1: :amd: (MI300) Multimodal Models (Extended Pooling)",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/multimodal/pooling",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s models/multimodal/pooling -m 'not core_model'",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-multimodal-models-standard-2:-qwen3---gemma",
            label="mi300_1: :amd: (MI300) Multimodal Models (Standard) 2: qwen3 + gemma",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/multimodal",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                'pytest -v -s models/multimodal/generation/test_common.py -m core_model -k "qwen3 or gemma"',
                "pytest -v -s models/multimodal/generation/test_mm_prefix_lm.py -m core_model",
                "pytest -v -s models/multimodal/generation/test_qwen2_5_vl.py -m core_model",
            ],
        ),

        # -----------------------------------------------------  mi300 · models / quantized  -----------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-quantized-models",
            label="mi300_1: :amd: (MI300) Quantized Models",  # TBD
            device="mi300_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/model_executor/layers/quantization",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                "tests/models/quantization",
                "vllm/model_executor/model_loader/",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s models/quantization",
            ],
        ),

        # --------------------------------------------------  mi300 · models / transformers  ---------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-transformers-nightly-models-initialization-shard-n",
            label="mi300_1: :amd: (MI300) Transformers Nightly Models (Initialization) Shard %N",  # TBD
            device="mi300_1",
            parallelism=6,
            timeout=180,
            working_dir="/vllm-workspace/",
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/multimodal/",
                "vllm/model_executor/layers/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                "tests/models/",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pip install --upgrade git+https://github.com/huggingface/transformers",
                "pytest -v -s tests/models/test_initialization.py --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT --shard-id=$BUILDKITE_PARALLEL_JOB",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-transformers-nightly-models-processing-shard-n",
            label="mi300_1: :amd: (MI300) Transformers Nightly Models (Processing) Shard %N",  # TBD
            device="mi300_1",
            parallelism=8,
            timeout=180,
            working_dir="/vllm-workspace/",
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/multimodal/",
                "vllm/model_executor/layers/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                "tests/models/",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pip install --upgrade git+https://github.com/huggingface/transformers",
                "pytest -v -s tests/models/multimodal/processing/ --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT --shard-id=$BUILDKITE_PARALLEL_JOB",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-transformers-nightly-models-single",
            label="mi300_1: :amd: (MI300) Transformers Nightly Models (Single)",  # TBD
            device="mi300_1",
            timeout=180,
            working_dir="/vllm-workspace/",
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/multimodal/",
                "vllm/model_executor/layers/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                "tests/models/",
                "examples/",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pip install --upgrade git+https://github.com/huggingface/transformers",
                "pytest -v -s tests/models/transformers/test_backend.py",
                "pytest -v -s tests/models/multimodal/test_mapping.py",
                "python3 examples/basic/offline_inference/chat.py",
                "python3 examples/generate/multimodal/vision_language_offline.py --model-type qwen2_5_vl",
                "VLLM_WORKER_MULTIPROC_METHOD=spawn python3 examples/generate/multimodal/audio_language_offline.py --model-type whisper",
            ],
        ),

        # ----------------------------------------------------------  mi300 · plugins  ----------------------------------------------------------#
        Step(
            key="mi300_2-:amd:-mi300-plugin-integration",
            label="mi300_2: :amd: (MI300) Plugin Integration",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/plugins/",
                "tests/plugins/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                # BEGIN: platform plugin and general plugin tests, all the code in-between runs on dummy platform
                "pip install -e ./plugins/vllm_add_dummy_platform",
                "pytest -v -s plugins_tests/test_platform_plugins.py",
                "pip uninstall vllm_add_dummy_platform -y",
                # END: platform plugin tests
                # BEGIN: `io_processor` plugins test, all the code in between uses the `prithvi_io_processor` plugin
                "pip install -e ./plugins/prithvi_io_processor_plugin",
                "pytest -v -s plugins_tests/test_io_processor_plugins.py",
                "pytest -v -s plugins_tests/test_terratorch_io_processor_plugins.py",
                "pip uninstall prithvi_io_processor_plugin -y",
                # END: `io_processor` plugins test
                # BEGIN: `bge_m3_sparse io_processor` test
                "pip install -e ./plugins/bge_m3_sparse_plugin",
                "pytest -v -s plugins_tests/test_bge_m3_sparse_io_processor_plugins.py",
                "pip uninstall bge_m3_sparse_plugin -y",
                # END: `bge_m3_sparse io_processor` test
                # BEGIN: `colbert_query io_processor` test
                "pip install -e ./plugins/colbert_query_plugin",
                "pytest -v -s plugins_tests/test_colbert_query_io_processor_plugins.py",
                "pip uninstall colbert_query_plugin -y",
                # END: `colbert_query io_processor` test
                # BEGIN: `stat_logger` plugins test
                "pip install -e ./plugins/vllm_add_dummy_stat_logger",
                "pytest -v -s plugins_tests/test_stats_logger_plugins.py",
                "pip uninstall dummy_stat_logger -y",
                # END: `stat_logger` plugins test
                # BEGIN: `endpoint` plugins test
                "pip install -e ./plugins/vllm_add_dummy_endpoint_plugin",
                "pytest -v -s plugins_tests/test_endpoint_plugins.py",
                "pip uninstall vllm_add_dummy_endpoint_plugin -y",
                # END: `endpoint` plugins test
                # BEGIN: other tests
                "pytest -v -s plugins_tests/test_scheduler_plugins.py",
                "pip install -e ./plugins/vllm_add_dummy_model",
                "pytest -v -s distributed/test_distributed_oot.py",
                "pytest -v -s plugins_tests/test_oot_registration_online.py",  # it needs a clean process
                "pytest -v -s plugins_tests/test_oot_registration_offline.py",  # it needs a clean process
                "pytest -v -s plugins_tests/lora_resolvers",  # unit tests for in-tree lora resolver plugins
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-gguf-plugin",
            label="mi300_1: :amd: (MI300) GGUF Plugin",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/model_executor/layers/quantization",
                "tests/plugins_tests/test_gguf_plugin.py",
                "tests/plugins_tests/gguf",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                'pip install "vllm-gguf-plugin >= 0.0.2"',
                "pytest -v -s plugins_tests/gguf",
            ],
        ),

        # -------------------------------------------------------  mi300 · rust_frontend  -------------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-rust-frontend-openai-coverage",
            label="mi300_1: :amd: (MI300) Rust Frontend OpenAI Coverage",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
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
                "tests/entrypoints/launchers/test_shutdown.py",
                "tests/entrypoints/openai/test_return_token_ids.py",
                "tests/entrypoints/serve/instrumentator/test_uds.py",
                "tests/v1/sample/test_logprobs_e2e.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_USE_RUST_FRONTEND=1",
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                'pytest -v -s benchmarks/test_serve_cli.py -k "not insecure and not (test_bench_serve and not test_bench_serve_chat)"',
                'pytest -v -s entrypoints/openai/chat_completion/test_chat_completion.py -k "not test_invalid_json_schema and not test_invalid_regex and not test_kv_transfer_prompt_token_ids_round_trip and not test_kv_transfer_prompt_token_ids_streaming"',
                'pytest -v -s entrypoints/openai/chat_completion/test_chat_logit_bias_validation.py -k "not multiple"',
                'pytest -v -s entrypoints/launchers/test_shutdown.py -k "not engine_failure and not test_abort_timeout_exits_quickly"',
                'pytest -v -s entrypoints/openai/test_return_token_ids.py -k "not test_comparison"',
                "pytest -v -s entrypoints/serve/instrumentator/test_uds.py",
                'pytest -v -s v1/sample/test_logprobs_e2e.py -k "test_prompt_logprobs_e2e_server"',
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-rust-frontend-serve---admin-coverage",
            label="mi300_1: :amd: (MI300) Rust Frontend Serve + Admin Coverage",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
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
                "tests/entrypoints/serve/tokenize/test_tokenization.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_USE_RUST_FRONTEND=1",
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "PYTHONPATH=/vllm-workspace pytest -v -s entrypoints/serve/dev/rpc/test_collective_rpc.py",
                'pytest -v -s entrypoints/serve/instrumentator/test_basic.py -k "not server_load"',
                'pytest -v -s entrypoints/scale_out/token_in_token_out/test_serving_tokens.py -k "not stream and not lora and not test_generate_logprobs and not stop_string_workflow"',
                'pytest -v -s entrypoints/serve/instrumentator/test_metrics.py -k "text and not show and not run_batch and not test_metrics_counts and not test_metrics_exist"',
                'pytest -v -s entrypoints/serve/tokenize/test_tokenization.py -k "not tokenizer_info"',
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-rust-frontend-core-correctness",
            label="mi300_1: :amd: (MI300) Rust Frontend Core Correctness",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "rust/",
                "vllm/entrypoints/openai/",
                "tests/utils.py",
                "tests/entrypoints/openai/correctness/test_lmeval.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_USE_RUST_FRONTEND=1",
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -s entrypoints/openai/correctness/test_lmeval.py::test_lm_eval_accuracy_v1_engine",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-rust-frontend-tool-use",
            label="mi300_1: :amd: (MI300) Rust Frontend Tool Use",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "rust/",
                "vllm/entrypoints/openai/",
                "vllm/tool_parsers/",
                "tests/utils.py",
                "tests/tool_use/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_USE_RUST_FRONTEND=1",
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                'pytest -v -s tool_use --ignore=tool_use/mistral --models llama3.2 -k "not test_response_format_with_tool_choice_required and not test_parallel_tool_calls_false and not test_tool_call_and_choice"',
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-rust-frontend-distributed",
            label="mi300_4: :amd: (MI300) Rust Frontend Distributed",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "rust/",
                "vllm/distributed/",
                "vllm/engine/",
                "vllm/executor/",
                "vllm/v1/engine/",
                "vllm/v1/worker/",
                "tests/utils.py",
                "tests/v1/distributed/test_dense_dp_world_size.py",
                "tests/v1/distributed/test_external_lb_dp.py",
                "tests/v1/distributed/test_hybrid_lb_dp.py",
                "tests/v1/distributed/test_internal_lb_dp.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_USE_RUST_FRONTEND=1",
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "TP_SIZE=1 DP_SIZE=4 pytest -v -s v1/distributed/test_dense_dp_world_size.py",
                'TP_SIZE=1 DP_SIZE=4 pytest -v -s v1/distributed/test_internal_lb_dp.py -k "not 4 and not server_info"',
                'TP_SIZE=1 DP_SIZE=2 pytest -v -s v1/distributed/test_external_lb_dp.py -k "not 4 and not server_info"',
                'TP_SIZE=1 DP_SIZE=4 pytest -v -s v1/distributed/test_hybrid_lb_dp.py -k "not 4 and not server_info"',
            ],
        ),

        # -------------------------------------------------------  mi300 · quantization  --------------------------------------------------------#
        # temporary install here since we need nightly, will move to requirements/test.in
        # after torchao 0.12 release, and pin a working version of torchao nightly here
        Step(
            key="mi300_1-:amd:-mi300-quantization",
            label="mi300_1: :amd: (MI300) Quantization",  # TBD
            device="mi300_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "csrc/",
                "vllm/model_executor/layers/quantization",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                "tests/quantization",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                # since torchao nightly is only compatible with torch nightly currently
                # https://github.com/pytorch/ao/issues/2919, we'll have to skip new torchao tests for now
                # we can only upgrade after this is resolved
                # TODO(jerryzh168): resolve the above comment
                "uv pip install --system torchao==0.17.0",
                "uv pip install --system conch-triton-kernels",
                "VLLM_TEST_FORCE_LOAD_FORMAT=auto pytest -v -s quantization/ --ignore quantization/test_blackwell_moe.py",
            ],
        ),

        # ---------------------------------------------------------  mi300 · samplers  ----------------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-samplers",
            label="mi300_1: :amd: (MI300) Samplers",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/model_executor/layers",
                "vllm/sampling_metadata.py",
                "vllm/v1/sample/",
                "vllm/entrypoints/generate/beam_search/",
                "tests/samplers",
                "tests/conftest.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s samplers",
            ],
        ),

        # ------------------------------------------------------------  mi300 · misc  ------------------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-regression",
            label="mi300_1: :amd: (MI300) Regression",  # TBD
            device="mi300_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/test_regression",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pip install 'modelscope<1.38'",
                "pytest -v -s test_regression.py",
            ],
        ),

        # ---------------------------------------------------------  mi300 · ray_compat  ---------------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-ray-dependency-compatibility-check",
            label="mi300_1: :amd: (MI300) Ray Dependency Compatibility Check",  # TBD
            device="mi300_1",
            timeout=180,
            working_dir="/",
            soft_fail=True,
            paths=[
                "requirements/",
                "setup.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "bash /vllm-workspace/.buildkite/scripts/check-ray-compatibility.sh",
            ],
        ),

        # ------------------------------------------------------------  mi300 · v1  -------------------------------------------------------------#
        Step(
            key="mi300_1-:amd:-mi300-acceptance-length-large-models",
            label="mi300_1: :amd: (MI300) Acceptance Length (Large Models)",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/v1/spec_decode/",
                "vllm/model_executor/models/mlp_speculator.py",
                "tests/v1/spec_decode/test_acceptance_length.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_ALLOW_INSECURE_SERIALIZATION=1",
                "pytest -v -s v1/spec_decode/test_acceptance_length.py -m slow_test",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-e2e-scheduling",
            label="mi300_1: :amd: (MI300) E2E Scheduling",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/v1/",
                "tests/v1/e2e/general/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s v1/e2e/general/test_async_scheduling.py",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-v1-engine",
            label="mi300_1: :amd: (MI300) V1 Engine",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/v1/engine/",
                "tests/v1/engine/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s v1/engine/test_preprocess_error_handling.py",
                "pytest -v -s v1/engine --ignore v1/engine/test_preprocess_error_handling.py",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-spec-decode-draft-model",
            label="mi300_1: :amd: (MI300) Spec Decode Draft Model",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/v1/spec_decode/",
                "vllm/v1/worker/gpu/spec_decode/",
                "vllm/model_executor/model_loader/",
                "vllm/v1/sample/",
                "vllm/model_executor/layers/",
                "tests/v1/e2e/spec_decode/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s v1/e2e/spec_decode/draft_model/",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-spec-decode-eagle",
            label="mi300_1: :amd: (MI300) Spec Decode Eagle",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/v1/spec_decode/",
                "vllm/v1/worker/gpu/spec_decode/",
                "vllm/model_executor/model_loader/",
                "vllm/v1/sample/",
                "vllm/model_executor/layers/",
                "tests/v1/e2e/spec_decode/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s v1/e2e/spec_decode/eagle/",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-spec-decode-n-gram---suffix",
            label="mi300_1: :amd: (MI300) Spec Decode N-Gram + Suffix",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/v1/spec_decode/",
                "vllm/v1/worker/gpu/spec_decode/",
                "vllm/model_executor/model_loader/",
                "vllm/v1/sample/",
                "vllm/model_executor/layers/",
                "tests/v1/e2e/spec_decode/",
                "tests/spec_decode/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s v1/e2e/spec_decode/ngram_suffix/",
                "python3 spec_decode/test_custom_proposer.py",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-spec-decode-speculators---mtp",
            label="mi300_1: :amd: (MI300) Spec Decode Speculators + MTP",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/v1/spec_decode/",
                "vllm/v1/worker/gpu/spec_decode/",
                "vllm/model_executor/model_loader/",
                "vllm/v1/sample/",
                "vllm/model_executor/layers/",
                "vllm/transformers_utils/configs/speculators/",
                "tests/v1/e2e/spec_decode/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s v1/e2e/spec_decode/speculators/",
                "pytest -v -s v1/e2e/spec_decode/mtp/",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-speculators-correctness",
            label="mi300_1: :amd: (MI300) Speculators Correctness",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/config/speculative.py",
                "vllm/engine/arg_utils.py",
                "vllm/transformers_utils/config.py",
                "vllm/transformers_utils/configs/speculators/",
                "vllm/v1/spec_decode/",
                "vllm/v1/worker/gpu/spec_decode/",
                "vllm/v1/worker/gpu_model_runner.py",
                "vllm/v1/sample/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/model_executor/model_loader/",
                "vllm/model_executor/layers/",
                "vllm/model_executor/models/llama_eagle3.py",
                "vllm/model_executor/models/qwen3.py",
                "vllm/model_executor/models/qwen3_dflash.py",
                "vllm/model_executor/models/registry.py",
                "vllm/_aiter_ops.py",
                "tests/evals/gsm8k/",
                "tests/v1/spec_decode/test_speculators_correctness.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_ALLOW_INSECURE_SERIALIZATION=1",
                "pytest -v -s v1/spec_decode/test_speculators_correctness.py -m slow_test",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-v1-spec-decode",
            label="mi300_1: :amd: (MI300) V1 Spec Decode",  # TBD
            device="mi300_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/v1/spec_decode",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s -m 'not slow_test' v1/spec_decode",
            ],
        ),

        Step(
            key="mi300_2-:amd:-mi300-extract-hidden-states-integration",
            label="mi300_2: :amd: (MI300) Extract Hidden States Integration",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/config/speculative.py",
                "vllm/distributed/kv_transfer/kv_connector/",
                "vllm/model_executor/layers/attention/",
                "vllm/model_executor/layers/mamba/",
                "vllm/model_executor/model_loader/",
                "vllm/model_executor/models/extract_hidden_states.py",
                "vllm/model_executor/models/llama.py",
                "vllm/model_executor/models/qwen3_5.py",
                "vllm/model_executor/models/qwen3_next.py",
                "vllm/model_executor/models/registry.py",
                "vllm/transformers_utils/configs/extract_hidden_states.py",
                "vllm/transformers_utils/configs/qwen3_5.py",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/v1/kv_cache_interface.py",
                "vllm/v1/spec_decode/extract_hidden_states.py",
                "vllm/v1/worker/gpu_model_runner.py",
                "vllm/_aiter_ops.py",
                "tests/v1/kv_connector/extract_hidden_states_integration/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s v1/kv_connector/extract_hidden_states_integration",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-v1-attention-shard-n",
            label="mi300_1: :amd: (MI300) V1 Attention Shard %N",  # TBD
            device="mi300_1",
            parallelism=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/config/attention.py",
                "vllm/model_executor/layers/attention",
                "vllm/v1/attention",
                "tests/v1/attention",
                "vllm/_aiter_ops.py",
                "vllm/envs.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s v1/attention --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-v1-core---kv---metrics",
            label="mi300_1: :amd: (MI300) V1 Core + KV + Metrics",  # TBD
            device="mi300_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/v1/core",
                "tests/v1/executor",
                "tests/v1/kv_offload",
                "tests/v1/simple_kv_offload",
                "tests/v1/worker",
                "tests/v1/streaming_input",
                "tests/v1/kv_connector/unit",
                "tests/v1/ec_connector/unit",
                "tests/v1/metrics",
                "tests/entrypoints/openai/correctness/test_lmeval.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "uv pip install --system -r /vllm-workspace/requirements/kv_connectors_rocm.txt",
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s -m 'not cpu_test' v1/core",
                "pytest -v -s v1/executor",
                "pytest -v -s v1/kv_offload",
                "pytest -v -s v1/simple_kv_offload",
                "pytest -v -s v1/worker",
                "pytest -v -s v1/streaming_input",
                "pytest -v -s -m 'not cpu_test' v1/kv_connector/unit",
                "pytest -v -s -m 'not cpu_test' v1/ec_connector/unit",
                "pytest -v -s -m 'not cpu_test' v1/metrics",
                "pip install -U git+https://github.com/vllm-project/lm-evaluation-harness.git@streaming-api",
                # - export HSA_NO_SCRATCH_RECLAIM=1
                "pytest -v -s entrypoints/openai/correctness/test_lmeval.py::test_lm_eval_accuracy_v1_engine",
            ],
        ),

        Step(
            key="mi300_1-:amd:-mi300-v1-sample---logits",
            label="mi300_1: :amd: (MI300) V1 Sample + Logits",  # TBD
            device="mi300_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/v1/sample",
                "tests/v1/logits_processors",
                "tests/v1/test_oracle.py",
                "tests/v1/test_request.py",
                "tests/v1/test_outputs.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s v1/sample",
                "pytest -v -s v1/logits_processors",
                "pytest -v -s v1/test_oracle.py",
                "pytest -v -s v1/test_request.py",
                "pytest -v -s v1/test_outputs.py",
            ],
        ),

        Step(
            key="mi300_2-:amd:-mi300-distributed-dp-basic",
            label="mi300_2: :amd: (MI300) Distributed DP Basic",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/distributed/",
                "vllm/engine/",
                "vllm/executor/",
                "vllm/worker/worker_base.py",
                "vllm/v1/engine/",
                "vllm/v1/worker/",
                "tests/v1/distributed",
                "tests/entrypoints/launchers/api_server/test_multi_api_servers.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export NCCL_CUMEM_HOST_ENABLE=0",
                "TP_SIZE=1 DP_SIZE=2 pytest -v -s v1/distributed/test_async_llm_dp.py",
                "TP_SIZE=1 DP_SIZE=2 pytest -v -s v1/distributed/test_eagle_dp.py",
                "TP_SIZE=1 DP_SIZE=2 pytest -v -s v1/distributed/test_external_lb_dp.py",
                "DP_SIZE=2 pytest -v -s entrypoints/launchers/api_server/test_multi_api_servers.py",
            ],
        ),

        Step(
            key="mi300_2-:amd:-mi300-metrics--tracing",
            label="mi300_2: :amd: (MI300) Metrics, Tracing",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/v1/tracing",
                "tests/tracing/",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pip install 'opentelemetry-sdk>=1.26.0' 'opentelemetry-api>=1.26.0' 'opentelemetry-exporter-otlp>=1.26.0' 'opentelemetry-semantic-conventions-ai>=0.4.1'",
                "pytest -v -s v1/tracing",
                "pytest -v -s tracing",
            ],
        ),

        Step(
            key="mi300_2-:amd:-mi300-v1-e2e",
            label="mi300_2: :amd: (MI300) V1 E2E",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=["vllm/", "tests/v1/e2e", ".buildkite/scripts/hardware_ci/run-amd-test.sh"],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s v1/e2e/spec_decode/draft_model/test_draft_model.py::test_draft_model_tensor_parallelism v1/e2e/spec_decode/draft_model/test_draft_model.py::test_draft_model_engine_args_tensor_parallelism",
            ],
        ),

        Step(
            key="mi300_2-:amd:-mi300-nixlconnector-pd---spec-decode-acceptance",
            label="mi300_2: :amd: (MI300) NixlConnector PD + Spec Decode acceptance",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                "vllm/v1/worker/kv_connector_model_runner_mixin.py",
                "tests/v1/kv_connector/nixl_integration/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "uv pip install --system -r /vllm-workspace/requirements/kv_connectors_rocm.txt",
                "KV_CACHE_MEMORY_BYTES=8G ATTENTION_BACKEND=TRITON_ATTN bash v1/kv_connector/nixl_integration/config_sweep_spec_decode_test.sh",
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-crosslayer-kv-layout-distributed-nixlconnector-pd-accuracy",
            label="mi300_4: :amd: (MI300) CrossLayer KV layout Distributed NixlConnector PD accuracy",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                "tests/v1/kv_connector/nixl_integration/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "uv pip install --system -r /vllm-workspace/requirements/kv_connectors_rocm.txt",
                "CROSS_LAYERS_BLOCKS=True ATTENTION_BACKEND=TRITON_ATTN bash v1/kv_connector/nixl_integration/config_sweep_accuracy_test.sh",
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-distributed-dp-extended",
            label="mi300_4: :amd: (MI300) Distributed DP Extended",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/distributed/",
                "tests/v1/distributed",
                "tests/v1/engine/test_engine_core_client.py",
                "tests/distributed/test_utils",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "export NCCL_CUMEM_HOST_ENABLE=0",
                "TP_SIZE=2 DP_SIZE=2 pytest -v -s v1/distributed/test_async_llm_dp.py",
                "TP_SIZE=2 DP_SIZE=2 pytest -v -s v1/distributed/test_eagle_dp.py",
                "TP_SIZE=2 DP_SIZE=2 pytest -v -s v1/distributed/test_external_lb_dp.py",
                "TP_SIZE=1 DP_SIZE=4 pytest -v -s v1/distributed/test_dense_dp_world_size.py",
                "TP_SIZE=1 DP_SIZE=4 pytest -v -s v1/distributed/test_internal_lb_dp.py",
                "TP_SIZE=1 DP_SIZE=4 pytest -v -s v1/distributed/test_hybrid_lb_dp.py",
                "pytest -v -s v1/engine/test_engine_core_client.py::test_kv_cache_events_dp",
                "pytest -v -s distributed/test_utils.py",
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-distributed-nixlconnector-pd-accuracy",
            label="mi300_4: :amd: (MI300) Distributed NixlConnector PD accuracy",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                "tests/v1/kv_connector/nixl_integration/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "uv pip install --system -r /vllm-workspace/requirements/kv_connectors_rocm.txt",
                "ATTENTION_BACKEND=TRITON_ATTN bash v1/kv_connector/nixl_integration/config_sweep_accuracy_test.sh",
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-dp-ep-distributed-nixlconnector-pd-accuracy",
            label="mi300_4: :amd: (MI300) DP EP Distributed NixlConnector PD accuracy",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                "tests/v1/kv_connector/nixl_integration/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "uv pip install --system -r /vllm-workspace/requirements/kv_connectors_rocm.txt",
                "DP_EP=1 ATTENTION_BACKEND=TRITON_ATTN bash v1/kv_connector/nixl_integration/config_sweep_accuracy_test.sh",
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-hybrid-ssm-nixlconnector-pd-accuracy",
            label="mi300_4: :amd: (MI300) Hybrid SSM NixlConnector PD accuracy",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                "tests/v1/kv_connector/nixl_integration/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "uv pip install --system -r /vllm-workspace/requirements/kv_connectors_rocm.txt",
                "HYBRID_SSM=1 ATTENTION_BACKEND=TRITON_ATTN bash v1/kv_connector/nixl_integration/config_sweep_accuracy_test.sh",
            ],
        ),

        Step(
            key="mi300_2-:amd:-mi300-hybrid-ssm-nixlconnector-pd-prefix-cache",
            label="mi300_2: :amd: (MI300) Hybrid SSM NixlConnector PD prefix cache",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                "vllm/v1/core/sched/",
                "vllm/v1/core/kv_cache_coordinator.py",
                "tests/v1/kv_connector/nixl_integration/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "uv pip install --system -r /vllm-workspace/requirements/kv_connectors_rocm.txt",
                "ATTENTION_BACKEND=TRITON_ATTN bash v1/kv_connector/nixl_integration/run_mamba_prefix_cache_test.sh",
            ],
        ),

        Step(
            key="mi300_2-:amd:-mi300-multiconnector-nixl-offloading-pd-accuracy",
            label="mi300_2: :amd: (MI300) MultiConnector (Nixl+Offloading) PD accuracy",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                "vllm/distributed/kv_transfer/kv_connector/v1/multi_connector.py",
                "vllm/distributed/kv_transfer/kv_connector/v1/offloading_connector.py",
                "vllm/distributed/kv_transfer/kv_connector/v1/offloading/",
                "tests/v1/kv_connector/nixl_integration/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "uv pip install --system -r /vllm-workspace/requirements/kv_connectors_rocm.txt",
                "ATTENTION_BACKEND=TRITON_ATTN bash v1/kv_connector/nixl_integration/run_multi_connector_accuracy_test.sh",
            ],
        ),

        Step(
            key="mi300_2-:amd:-mi300-multiconnector-nixl-offloading-pd-edge-cases",
            label="mi300_2: :amd: (MI300) MultiConnector (Nixl+Offloading) PD edge cases",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/distributed/kv_transfer/kv_connector/v1/nixl/",
                "vllm/distributed/kv_transfer/kv_connector/v1/multi_connector.py",
                "vllm/distributed/kv_transfer/kv_connector/v1/offloading_connector.py",
                "vllm/distributed/kv_transfer/kv_connector/v1/offloading/",
                "tests/v1/kv_connector/nixl_integration/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "uv pip install --system -r /vllm-workspace/requirements/kv_connectors_rocm.txt",
                "ATTENTION_BACKEND=TRITON_ATTN bash v1/kv_connector/nixl_integration/run_multi_connector_edge_case_test.sh",
            ],
        ),

        Step(
            key="mi300_4-:amd:-mi300-v1-e2e-hybrid-chunked-prefill",
            label="mi300_4: :amd: (MI300) V1 E2E Hybrid Chunked Prefill",  # TBD
            device="mi300_4",
            num_devices=4,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/v1/attention/backends/utils.py",
                "vllm/v1/worker/gpu_model_runner.py",
                "tests/v1/e2e/test_hybrid_chunked_prefill.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "pytest -v -s v1/e2e/test_hybrid_chunked_prefill.py",
            ],
        ),

        # ------------------------------------------------------  mi300 · weight_loading  -------------------------------------------------------#
        Step(
            key="mi300_2-:amd:-mi300-weight-loading-multi-gpu",
            label="mi300_2: :amd: (MI300) Weight Loading Multi-GPU",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/weight_loading",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "bash weight_loading/run_model_weight_loading_test.sh -c weight_loading/models-amd.txt",
            ],
        ),

        Step(
            key="mi300_2-:amd:-mi300-weight-loading-multi-gpu-large-models",
            label="mi300_2: :amd: (MI300) Weight Loading Multi-GPU (Large Models)",  # TBD
            device="mi300_2",
            num_devices=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/weight_loading",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi300"],
            commands=[
                "bash weight_loading/run_model_weight_loading_test.sh -c weight_loading/models-large-amd.txt",
            ],
        ),

        # ########################################################################################################################################
        #                                                                                                                                       #
        #                                                         MI355 (gfx950) tests                                                          #
        #                                                                                                                                       #
        # ########################################################################################################################################
        #
        # --------------------------------------------------------  mi355 · benchmarks  ---------------------------------------------------------#
        Step(
            key="mi355_2-:amd:-mi355-attention-benchmark-smoke",
            label="mi355_2: :amd: (MI355) Attention Benchmark Smoke",  # TBD
            device="mi355_2",
            num_devices=2,
            timeout=180,
            working_dir="/vllm-workspace/",
            soft_fail=True,
            paths=[
                "benchmarks/attention_benchmarks/",
                "vllm/v1/attention/",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                'python3 benchmarks/attention_benchmarks/benchmark.py --backends ROCM_ATTN ROCM_AITER_FA ROCM_AITER_UNIFIED_ATTN --batch-specs "8q1s1k"',
            ],
        ),

        # --------------------------------------------------------  mi355 · distributed  --------------------------------------------------------#
        Step(
            key="mi355_2-:amd:-mi355-distributed-features",
            label="mi355_2: :amd: (MI355) Distributed Features",  # TBD
            device="mi355_2",
            num_devices=2,
            timeout=180,
            working_dir="/vllm-workspace/",
            optional=True,
            soft_fail=True,
            paths=[
                "csrc/custom_quickreduce.cu",
                "csrc/ops.h",
                "csrc/torch_bindings.cpp",
                "vllm/distributed/",
                "vllm/model_executor/layers/",
                "vllm/entrypoints/llm.py",
                "vllm/config/parallel.py",
                "vllm/model_executor/layers/fused_moe/",
                "vllm/v1/engine/",
                "vllm/v1/executor/",
                "vllm/v1/worker/",
                "vllm/v1/distributed/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/_aiter_ops.py",
                "vllm/_custom_ops.py",
                "vllm/platforms/rocm.py",
                "vllm/envs.py",
                "examples/offline_inference/data_parallel.py",
                "tests/distributed/test_context_parallel.py",
                "tests/distributed/test_rocm_aiter_custom_ar.py",
                "tests/distributed/test_rocm_quick_reduce.py",
                "tests/distributed/test_quick_all_reduce.py",
                "tests/v1/e2e/general/test_rocm_aiter_custom_ar.py",
                "tests/v1/distributed/test_dbo.py",
                "tests/utils.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pytest -v -s tests/distributed/test_context_parallel.py",
                "pytest -v -s tests/distributed/test_rocm_aiter_custom_ar.py",
                "pytest -v -s tests/v1/e2e/general/test_rocm_aiter_custom_ar.py",
                "pytest -v -s tests/distributed/test_rocm_quick_reduce.py",
                "pytest -v -s tests/distributed/test_quick_all_reduce.py",
                "pytest -v -s tests/v1/distributed/test_dbo.py",
            ],
        ),

        # --------------------------------------------------------  mi355 · entrypoints  --------------------------------------------------------#
        # vllmci import: field 'fast_check' = True: not read by the AMD template; not imported
        Step(
            key="mi355_1-:amd:-mi355-entrypoints-integration-api-server",
            label="mi355_1: :amd: (MI355) Entrypoints Integration (API Server)",  # TBD
            device="mi355_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/entrypoints/serve",
                "tests/entrypoints/scale_out",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/serve --ignore=entrypoints/serve/dev/rpc",
                "PYTHONPATH=/vllm-workspace pytest -v -s entrypoints/serve/dev/rpc",
                "pytest -v -s entrypoints/scale_out",
            ],
        ),

        # vllmci import: field 'fast_check' = True: not read by the AMD template; not imported
        Step(
            key="mi355_1-:amd:-mi355-entrypoints-integration-api-server-openai---part-1",
            label="mi355_1: :amd: (MI355) Entrypoints Integration (API Server OpenAI - Part 1)",  # TBD
            device="mi355_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/entrypoints/openai",
                "tests/entrypoints/test_chat_utils",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/openai --ignore=entrypoints/openai/completion --ignore=entrypoints/openai/chat_completion --ignore=entrypoints/openai/responses --ignore=entrypoints/openai/correctness",
            ],
        ),

        # vllmci import: field 'fast_check' = True: not read by the AMD template; not imported
        Step(
            key="mi355_1-:amd:-mi355-entrypoints-integration-api-server-openai---part-2",
            label="mi355_1: :amd: (MI355) Entrypoints Integration (API Server OpenAI - Part 2)",  # TBD
            device="mi355_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/entrypoints/openai",
                "tests/entrypoints/test_chat_utils",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/openai/chat_completion",
                "pytest -v -s entrypoints/openai/completion --ignore=entrypoints/openai/completion/test_tensorizer_entrypoint.py",
            ],
        ),

        # vllmci import: field 'fast_check' = True: not read by the AMD template; not imported
        Step(
            key="mi355_1-:amd:-mi355-entrypoints-integration-api-server-generate",
            label="mi355_1: :amd: (MI355) Entrypoints Integration (API Server Generate)",  # TBD
            device="mi355_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/tool_use",
                "tests/entrypoints/tool_parsers",
                "tests/entrypoints/anthropic",
                "tests/entrypoints/generate",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s tool_use",
                "pytest -v -s entrypoints/tool_parsers",
                "pytest -v -s entrypoints/generate",
                "pytest -v -s entrypoints/anthropic",
            ],
        ),

        # vllmci import: field 'fast_check' = True: not read by the AMD template; not imported
        Step(
            key="mi355_1-:amd:-mi355-entrypoints-integration-speech-to-text",
            label="mi355_1: :amd: (MI355) Entrypoints Integration (Speech to Text)",  # TBD
            device="mi355_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/entrypoints/speech_to_text",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi355"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/speech_to_text",
            ],
        ),

        # vllmci import: field 'fast_check' = True: not read by the AMD template; not imported
        Step(
            key="mi355_1-:amd:-mi355-entrypoints-integration-multimodal",
            label="mi355_1: :amd: (MI355) Entrypoints Integration (Multimodal)",
            device="mi355_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/entrypoints/multimodal",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx942nightly", "amdmi355"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/multimodal",
            ],
        ),

        # vllmci import: field 'fast_check' = True: not read by the AMD template; not imported
        Step(
            key="mi355_1-:amd:-mi355-entrypoints-integration-pooling",
            label="mi355_1: :amd: (MI355) Entrypoints Integration (Pooling)",  # TBD
            device="mi355_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/entrypoints/pooling",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -v -s entrypoints/pooling",
            ],
        ),

        # -----------------------------------------------------------  mi355 · evals  -----------------------------------------------------------#
        Step(
            key="mi355_2-:amd:-mi355-gpqa-eval-gpt-oss",
            label="mi355_2: :amd: (MI355) GPQA Eval (GPT-OSS)",  # TBD
            device="mi355_2",
            num_devices=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "csrc/",
                "vllm/model_executor/layers/quantization",
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/model_executor/layers/fused_moe/",
                "tests/evals/gpt_oss/",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "uv pip install --system 'gpt-oss[eval]==0.0.5'",
                "pytest -s -v evals/gpt_oss/test_gpqa_correctness.py --config-list-file=configs/models-gfx950.txt",
            ],
        ),

        Step(
            key="mi355_2-:amd:-mi355-lm-eval-qwen3-5-models",
            label="mi355_2: :amd: (MI355) LM Eval Qwen3-5 Models",  # TBD
            device="mi355_2",
            num_devices=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/model_executor/models/qwen3_5.py",
                "vllm/model_executor/models/qwen3_5_mtp.py",
                "vllm/transformers_utils/configs/qwen3_5.py",
                "vllm/transformers_utils/configs/qwen3_5_moe.py",
                "vllm/model_executor/models/qwen2.py",
                "vllm/model_executor/models/qwen3.py",
                "vllm/model_executor/models/qwen3_next.py",
                "vllm/model_executor/models/qwen3_next_mtp.py",
                "vllm/third_party/flash_linear_attention/ops/",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=configs/models-qwen35-mi355.txt",
            ],
        ),

        Step(
            key="mi355_2-:amd:-mi355-lm-eval-small-models",
            label="mi355_2: :amd: (MI355) LM Eval Small Models",  # TBD
            device="mi355_2",
            num_devices=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "csrc/",
                "vllm/model_executor/layers/quantization",
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=configs/models-mi3xx-fp8-and-mixed.txt",
            ],
        ),

        Step(
            key="mi355_2-:amd:-mi355-qwen3-30b-a3b-fp8-block-sync-eplb-accuracy",
            label="mi355_2: :amd: (MI355) Qwen3-30B-A3B-FP8-block Sync EPLB Accuracy",  # TBD
            device="mi355_2",
            num_devices=2,
            timeout=180,
            working_dir="/vllm-workspace",
            soft_fail=True,
            paths=[
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/model_executor/layers/quantization/",
                "vllm/model_executor/layers/fused_moe/",
                "vllm/distributed/eplb",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                ".buildkite/scripts/scheduled_integration_test/",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "bash .buildkite/scripts/scheduled_integration_test/qwen30b_a3b_fp8_block_ep_eplb.sh 0.8 200 8020 2 1",
            ],
        ),

        Step(
            key="mi355_4-:amd:-mi355-lm-eval-large-models-fp8",
            label="mi355_4: :amd: (MI355) LM Eval Large Models FP8",  # TBD
            device="mi355_4",
            num_devices=4,
            timeout=180,
            working_dir="/vllm-workspace/.buildkite/lm-eval-harness",
            optional=True,
            soft_fail=True,
            paths=[
                "csrc/",
                "vllm/model_executor/layers/quantization",
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "export VLLM_USE_DEEP_GEMM=0",
                "pytest -s -v test_lm_eval_correctness.py --config-list-file=configs/models-large-rocm-fp8.txt --tp-size=4",
            ],
        ),

        Step(
            key="mi355_8-:amd:-mi355-lm-eval-large-models",
            label="mi355_8: :amd: (MI355) LM Eval Large Models",  # TBD
            device="mi355_8",
            num_devices=8,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/model_executor/models/",
                "vllm/model_executor/model_loader/",
                "vllm/model_executor/layers/quantization/",
                "vllm/v1/attention/backends/",
                "vllm/v1/attention/selector.py",
                "vllm/model_executor/layers/layernorm.py",
                "csrc/",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                "tests/evals/",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "export VLLM_WORKER_MULTIPROC_METHOD=spawn",
                "pytest -s -v evals/gsm8k/test_gsm8k_correctness.py --config-list-file=configs/models-gfx950-large.txt",
            ],
        ),

        # ---------------------------------------------------------  mi355 · examples  ----------------------------------------------------------#
        Step(
            key="mi355_1-:amd:-mi355-examples",
            label="mi355_1: :amd: (MI355) Examples",  # TBD
            device="mi355_1",
            timeout=180,
            working_dir="/vllm-workspace/examples",
            soft_fail=True,
            paths=[
                "vllm/entrypoints",
                "vllm/multimodal",
                "examples/",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pip install tensorizer",
                # Basic
                "python3 basic/offline_inference/chat.py",
                "python3 basic/offline_inference/generate.py --model facebook/opt-125m",
                "python3 basic/offline_inference/generate.py --model meta-llama/Llama-2-13b-chat-hf --cpu-offload-gb 10",
                "python3 basic/offline_inference/classify.py",
                "python3 basic/offline_inference/embed.py",
                "python3 basic/offline_inference/score.py",
                # Multi-modal models
                "python3 generate/multimodal/audio_language_offline.py --seed 0",
                "python3 generate/multimodal/vision_language_offline.py --seed 0",
                "python3 generate/multimodal/vision_language_multi_image_offline.py --seed 0",
                "python3 generate/multimodal/encoder_decoder_multimodal_offline.py --model-type whisper --seed 0",
                # Pooling models
                "python3 pooling/embed/vision_embedding_offline.py --seed 0",
                # Features demo
                "python3 features/automatic_prefix_caching/prefix_caching_offline.py",
                "python3 deployment/llm_engine_example.py",
                "python3 features/tensorize_vllm_model.py --model facebook/opt-125m serialize --serialized-directory /tmp/ --suffix v1 && python3 features/tensorize_vllm_model.py --model facebook/opt-125m deserialize --path-to-tensors /tmp/vllm/facebook/opt-125m/v1/model.tensors",
                "python3 features/speculative_decoding/spec_decode_offline.py --test --method eagle --num_spec_tokens 3 --dataset-name hf --dataset-path philschmid/mt-bench --num-prompts 80 --temp 0 --top-p 1.0 --top-k -1 --tp 1 --enable-chunked-prefill --max-model-len 2048",
                "python3 features/speculative_decoding/spec_decode_offline.py --test --method eagle3 --num_spec_tokens 3 --dataset-name hf --dataset-path philschmid/mt-bench --num-prompts 80 --temp 0 --top-p 1.0 --top-k -1 --tp 1 --enable-chunked-prefill --max-model-len 1536",
            ],
        ),

        # ----------------------------------------------------------  mi355 · kernels  ----------------------------------------------------------#
        Step(
            key="mi355_1-:amd:-mi355-core-operation-kernels-shard-n",
            label="mi355_1: :amd: (MI355) Core Operation Kernels Shard %N",  # TBD
            device="mi355_1",
            parallelism=3,
            timeout=180,
            soft_fail=True,
            paths=[
                "csrc/",
                "tests/kernels/core",
                "tests/kernels/test_top_k_per_row.py",
                "tests/kernels/test_concat_mla_q.py",
                "vllm/model_executor/layers/rotary_embedding/",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pytest -v -s kernels/core --ignore=kernels/core/test_minimax_reduce_rms.py kernels/test_concat_mla_q.py kernels/test_top_k_per_row.py --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT",
            ],
        ),

        Step(
            key="mi355_1-:amd:-mi355-kernels",
            label="mi355_1: :amd: (MI355) Kernels",  # TBD
            device="mi355_1",
            timeout=180,
            working_dir="/vllm-workspace/",
            soft_fail=True,
            paths=[
                "csrc/quantization/fp4/",
                "csrc/attention/mla/",
                "csrc/quantization/cutlass_w8a8/moe/",
                "vllm/model_executor/layers/fused_moe/cutlass_moe.py",
                "vllm/v1/attention/backends/triton_attn.py",
                "vllm/v1/attention/backends/rocm_attn.py",
                "vllm/v1/attention/backends/rocm_aiter_fa.py",
                "vllm/v1/attention/backends/rocm_aiter_unified_attn.py",
                "vllm/v1/attention/backends/mla/aiter_triton_mla.py",
                "vllm/v1/attention/backends/mla/rocm_aiter_mla.py",
                "vllm/v1/attention/selector.py",
                "vllm/platforms/rocm.py",
                "vllm/_aiter_ops.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "rocm-smi",
                "python3 examples/basic/offline_inference/chat.py --attention-backend TRITON_ATTN",
                "pytest -v -s tests/kernels/attention/test_attention_selector.py",
                "pytest -v -s tests/kernels/attention/test_rocm_aiter_mla_decode_metadata.py",
            ],
        ),

        Step(
            key="mi355_1-:amd:-mi355-mla-kernels",
            label="mi355_1: :amd: (MI355) MLA Kernels",  # TBD
            device="mi355_1",
            timeout=180,
            working_dir="/vllm-workspace/",
            soft_fail=True,
            paths=[
                "vllm/v1/attention/backends/mla/rocm_aiter_mla.py",
                "vllm/v1/attention/selector.py",
                "vllm/platforms/rocm.py",
                "vllm/_aiter_ops.py",
                "tests/kernels/attention/test_rocm_aiter_mla_decode.py",
                "tests/kernels/attention/test_rocm_aiter_mla_decode_metadata.py",
                "tests/kernels/attention/test_rocm_aiter_mla_fp8_support.py",
                "tests/kernels/attention/test_rocm_aiter_mla_op_registration.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "rocm-smi",
                "pytest -v -s tests/kernels/attention/test_rocm_aiter_mla_decode_metadata.py",
                "pytest -v -s tests/kernels/attention/test_rocm_aiter_mla_decode.py",
                "pytest -v -s tests/kernels/attention/test_rocm_aiter_mla_fp8_support.py",
                "pytest -v -s tests/kernels/attention/test_rocm_aiter_mla_op_registration.py",
            ],
        ),

        Step(
            key="mi355_1-:amd:-mi355-attention-kernels-shard-n",
            label="mi355_1: :amd: (MI355) Attention Kernels Shard %N",  # TBD
            device="mi355_1",
            parallelism=2,
            timeout=180,
            soft_fail=True,
            paths=[
                "csrc/attention/",
                "vllm/v1/attention",
                "vllm/model_executor/layers/attention",
                "tests/kernels/attention",
                "vllm/_aiter_ops.py",
                "vllm/envs.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pytest -v -s kernels/attention --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT",
            ],
        ),

        Step(
            key="mi355_1-:amd:-mi355-moe-kernels-shard-n",
            label="mi355_1: :amd: (MI355) MoE Kernels Shard %N",  # TBD
            device="mi355_1",
            parallelism=5,
            timeout=180,
            soft_fail=True,
            paths=[
                "csrc/quantization/cutlass_w8a8/moe/",
                "csrc/moe/",
                "csrc/rocm/",
                "tests/kernels/moe",
                "tests/kernels/utils.py",
                "vllm/model_executor/layers/fused_moe/",
                "vllm/model_executor/layers/quantization/mxfp4.py",
                "vllm/model_executor/layers/quantization/utils/quant_utils.py",
                "vllm/distributed/device_communicators/",
                "vllm/envs.py",
                "vllm/config",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pytest -v -s kernels/moe --ignore=kernels/moe/test_modular_oai_triton_moe.py --ignore=kernels/moe/test_gpt_oss_triton_kernels.py --ignore=kernels/moe/test_moe.py --ignore=kernels/moe/test_block_int8.py --ignore=kernels/moe/test_triton_moe_no_act_mul.py --ignore=kernels/moe/test_triton_moe_ptpc_fp8.py --ignore=kernels/moe/test_deepep_moe.py --ignore=kernels/moe/test_moe_layer.py --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT",
                "pytest -v -s kernels/moe/test_modular_oai_triton_moe.py --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT",
            ],
        ),

        Step(
            key="mi355_2-:amd:-mi355-fusedmoe-layer-kernels",
            label="mi355_2: :amd: (MI355) FusedMoE Layer Kernels",  # TBD
            device="mi355_2",
            num_devices=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "csrc/moe/",
                "csrc/rocm/",
                "tests/kernels/moe",
                "vllm/model_executor/layers/fused_moe/",
                "vllm/model_executor/layers/quantization/",
                "vllm/distributed/",
                "vllm/config/",
                "vllm/forward_context.py",
                "vllm/v1/worker/workspace.py",
                "vllm/utils/import_utils.py",
                "vllm/utils/math_utils.py",
                "vllm/utils/torch_utils.py",
                "vllm/platforms/",
                "vllm/_aiter_ops.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pytest -v -s kernels/moe/test_moe_layer.py",
            ],
        ),

        Step(
            key="mi355_1-:amd:-mi355-quantization-kernels",
            label="mi355_1: :amd: (MI355) Quantization Kernels",  # TBD
            device="mi355_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "csrc/quantization/",
                "csrc/rocm/",
                "vllm/model_executor/layers/quantization",
                "tests/kernels/quantization",
                "tests/kernels/quant_utils.py",
                "tests/kernels/utils.py",
                "vllm/_aiter_ops.py",
                "vllm/kernels/aiter_ops.py",
                "vllm/_custom_ops.py",
                "vllm/envs.py",
                "vllm/platforms/rocm.py",
                "vllm/model_executor/kernels/",
                "vllm/v1/attention/backends/rocm_aiter_fa.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pytest -v -s kernels/quantization",
            ],
        ),

        Step(
            key="mi355_1-:amd:-mi355-fp8-moe-kernels",
            label="mi355_1: :amd: (MI355) FP8 MoE Kernels",  # TBD
            device="mi355_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "csrc/moe/",
                "vllm/model_executor/layers/fused_moe/",
                "tests/kernels/moe/test_deepep_moe.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                "vllm/envs.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pytest -v -s kernels/moe/test_gpt_oss_triton_kernels.py",
                "pytest -v -s kernels/moe/test_modular_oai_triton_moe.py",
                "pytest -v -s kernels/moe/test_moe.py",
                "pytest -v -s kernels/moe/test_block_int8.py",
                "pytest -v -s kernels/moe/test_triton_moe_no_act_mul.py",
                "pytest -v -s kernels/moe/test_triton_moe_ptpc_fp8.py",
            ],
        ),

        Step(
            key="mi355_2-:amd:-mi355-deepep-fp8-moe-kernels",
            label="mi355_2: :amd: (MI355) DeepEP FP8 MoE Kernels",  # TBD
            device="mi355_2",
            num_devices=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "csrc/moe/",
                "csrc/quantization/w8a8/cutlass/moe/",
                "vllm/model_executor/layers/fused_moe/",
                "tests/kernels/moe/test_deepep_moe.py",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                "vllm/envs.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pytest -v -s kernels/moe/test_deepep_moe.py",
            ],
        ),

        # -----------------------------------------------------  mi355 · models / language  -----------------------------------------------------#
        Step(
            key="mi355_1-:amd:-mi355-language-models-extended-generation",
            label="mi355_1: :amd: (MI355) Language Models (Extended Generation)",  # TBD
            device="mi355_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/language/generation",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "MAMBA_FORCE_BUILD=TRUE uv pip install --system --no-build-isolation 'git+https://github.com/AndreasKaratzas/mamba@rocm-7.0-v2.3.0'",
                "CAUSAL_CONV1D_FORCE_BUILD=TRUE uv pip install --system --no-build-isolation 'git+https://github.com/Dao-AILab/causal-conv1d@v1.6.0'",
                "pytest -v -s models/language/generation -m '(not core_model) and (not hybrid_model)'",
            ],
        ),

        Step(
            key="mi355_1-:amd:-mi355-language-models-extended-pooling",
            label="mi355_1: :amd: (MI355) Language Models (Extended Pooling)",  # TBD
            device="mi355_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/language/pooling",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pytest -v -s models/language/pooling -m 'not core_model'",
            ],
        ),

        Step(
            key="mi355_1-:amd:-mi355-language-models-ppl",
            label="mi355_1: :amd: (MI355) Language Models (PPL)",  # TBD
            device="mi355_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/model_executor/models/qwen3_5.py",
                "vllm/model_executor/models/qwen3_5_mtp.py",
                "vllm/transformers_utils/configs/qwen3_5.py",
                "vllm/transformers_utils/configs/qwen3_5_moe.py",
                "vllm/model_executor/models/qwen2.py",
                "vllm/model_executor/models/qwen3.py",
                "vllm/model_executor/models/qwen3_next.py",
                "vllm/model_executor/models/qwen3_next_mtp.py",
                "vllm/third_party/flash_linear_attention/ops/",
                "vllm/_aiter_ops.py",
                "vllm/v1/attention/backends/triton_attn.py",
                "vllm/v1/attention/backends/rocm_attn.py",
                "vllm/v1/attention/backends/rocm_aiter_unified_attn.py",
                "vllm/v1/attention/backends/rocm_aiter_fa.py",
                "vllm/v1/attention/backends/flex_attention.py",
                "vllm/v1/attention/ops/",
                "vllm/platforms/rocm.py",
                "tests/models/language/generation_ppl_test",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pytest -v -s models/language/generation_ppl_test",
            ],
        ),

        Step(
            key="mi355_1-:amd:-mi355-language-models-standard",
            label="mi355_1: :amd: (MI355) Language Models (Standard)",  # TBD
            device="mi355_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/language",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pip freeze | grep -E 'torch'",
                "pytest -v -s models/language -m 'core_model and (not slow_test)'",
            ],
        ),

        # ----------------------------------------------------  mi355 · models / multimodal  ----------------------------------------------------#
        Step(
            key="mi355_1-:amd:-mi355-multimodal-models-extended-generation-1",
            label="mi355_1: :amd: (MI355) Multimodal Models (Extended Generation 1)",  # TBD
            device="mi355_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/multimodal/generation",
                "tests/models/multimodal/test_mapping.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pytest -v -s models/multimodal/generation -m 'not core_model' --ignore models/multimodal/generation/test_common.py",
                "pytest -v -s models/multimodal/test_mapping.py",
            ],
        ),

        Step(
            key="mi355_1-:amd:-mi355-multimodal-models-extended-generation-3",
            label="mi355_1: :amd: (MI355) Multimodal Models (Extended Generation 3)",  # TBD
            device="mi355_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/multimodal/generation",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pytest -v -s models/multimodal/generation/test_common.py -m 'split(group=1) and not core_model'",
            ],
        ),

        Step(
            key="mi355_1-:amd:-mi355-multimodal-models-extended-pooling",
            label="mi355_1: :amd: (MI355) Multimodal Models (Extended Pooling)",  # TBD
            device="mi355_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/multimodal/pooling",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pytest -v -s models/multimodal/pooling -m 'not core_model'",
            ],
        ),

        Step(
            key="mi355_1-:amd:-mi355-multimodal-models-standard-1:-qwen2",
            label="mi355_1: :amd: (MI355) Multimodal Models (Standard) 1: qwen2",  # TBD
            device="mi355_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/multimodal",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                'pytest -v -s models/multimodal/generation/test_common.py -m core_model -k "qwen2"',
                "pytest -v -s models/multimodal/generation/test_ultravox.py -m core_model",
            ],
        ),

        Step(
            key="mi355_1-:amd:-mi355-multimodal-models-standard-4:-other---whisper",
            label="mi355_1: :amd: (MI355) Multimodal Models (Standard) 4: other + whisper",  # TBD
            device="mi355_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/models/multimodal",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pytest -v -s models/multimodal -m core_model --ignore models/multimodal/generation/test_common.py --ignore models/multimodal/generation/test_ultravox.py --ignore models/multimodal/generation/test_qwen2_5_vl.py --ignore models/multimodal/generation/test_qwen2_vl.py --ignore models/multimodal/generation/test_whisper.py --ignore models/multimodal/generation/test_mm_prefix_lm.py --ignore models/multimodal/generation/test_memory_leak.py --ignore models/multimodal/generation/test_vit_cudagraph.py --ignore models/multimodal/processing",
                "pytest -v -s models/multimodal/generation/test_vit_cudagraph.py -m core_model",
                "pytest -v -s models/multimodal/generation/test_memory_leak.py -m core_model",
                "cd .. && VLLM_WORKER_MULTIPROC_METHOD=spawn pytest -v -s tests/models/multimodal/generation/test_whisper.py -m core_model",
            ],
        ),

        # -----------------------------------------------------  mi355 · models / quantized  -----------------------------------------------------#
        Step(
            key="mi355_1-:amd:-mi355-quantized-models",
            label="mi355_1: :amd: (MI355) Quantized Models",  # TBD
            device="mi355_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/model_executor/layers/quantization",
                "tests/models/quantization",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                "vllm/model_executor/model_loader/",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pytest -v -s models/quantization",
            ],
        ),

        # -------------------------------------------------------  mi355 · quantization  --------------------------------------------------------#
        Step(
            key="mi355_1-:amd:-mi355-quantization",
            label="mi355_1: :amd: (MI355) Quantization",  # TBD
            device="mi355_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "csrc/",
                "vllm/model_executor/layers/quantization",
                "tests/quantization",
                "vllm/_aiter_ops.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "uv pip install --system torchao==0.17.0",
                "uv pip install --system conch-triton-kernels",
                "VLLM_TEST_FORCE_LOAD_FORMAT=auto pytest -v -s quantization/ --ignore quantization/test_blackwell_moe.py",
            ],
        ),

        # - label: Quantized MoE Test (B200-MI355) # TBD
        #   timeout_in_minutes: 180
        #   mirror_hardwares: [amdexperimental, amdproduction, amdgfx950nightly, amdmi355]
        #   dind: false
        #   agent_pool: mi355_1
        #   working_dir: "/vllm-workspace/"
        #   source_file_dependencies:
        #   - tests/quantization/test_gfx950_moe.py
        #   - vllm/model_executor/models/deepseek_v2.py
        #   - vllm/model_executor/models/gpt_oss.py
        #   - vllm/model_executor/models/llama4.py
        #   - vllm/model_executor/layers/fused_moe
        #   - vllm/model_executor/layers/quantization/compressed_tensors
        #   - vllm/model_executor/layers/quantization/modelopt.py
        #   - vllm/model_executor/layers/quantization/mxfp4.py
        #   - vllm/v1/attention/backends/triton_attn.py
        #   - vllm/v1/attention/backends/rocm_attn.py
        #   - vllm/v1/attention/backends/rocm_aiter_fa.py
        #   - vllm/v1/attention/backends/mla/
        #   - vllm/v1/attention/selector.py
        #   - vllm/model_executor/layers/layernorm.py
        #   - vllm/_aiter_ops.py
        #   - vllm/platforms/rocm.py
        #   - vllm/model_executor/model_loader/
        #   commands:
        #   - pytest -s -v tests/quantization/test_gfx950_moe.py
        #
        # ------------------------------------------------------------  mi355 · v1  -------------------------------------------------------------#
        Step(
            key="mi355_1-:amd:-mi355-v1-attention-shard-n",
            label="mi355_1: :amd: (MI355) V1 Attention Shard %N",  # TBD
            device="mi355_1",
            parallelism=2,
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/config/attention.py",
                "vllm/model_executor/layers/attention",
                "vllm/v1/attention",
                "tests/v1/attention",
                "vllm/_aiter_ops.py",
                "vllm/envs.py",
                "vllm/platforms/rocm.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pytest -v -s v1/attention --shard-id=$BUILDKITE_PARALLEL_JOB --num-shards=$BUILDKITE_PARALLEL_JOB_COUNT",
            ],
        ),

        Step(
            key="mi355_1-:amd:-mi355-v1-core---kv---metrics",
            label="mi355_1: :amd: (MI355) V1 Core + KV + Metrics",  # TBD
            device="mi355_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/v1/core",
                "tests/v1/executor",
                "tests/v1/kv_offload",
                "tests/v1/worker",
                "tests/v1/cudagraph",
                "tests/v1/kv_connector/unit",
                "tests/v1/metrics",
                "tests/entrypoints/openai/correctness/test_lmeval.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "uv pip install --system -r /vllm-workspace/requirements/kv_connectors_rocm.txt",
                "pytest -v -s -m 'not cpu_test' v1/core",
                "pytest -v -s v1/executor",
                "pytest -v -s v1/kv_offload",
                "pytest -v -s v1/worker",
                "pytest -v -s v1/cudagraph/test_encoder_cudagraph.py",
                "pytest -v -s -m 'not cpu_test' v1/kv_connector/unit",
                "pytest -v -s -m 'not cpu_test' v1/metrics",
                "pip install -U git+https://github.com/vllm-project/lm-evaluation-harness.git@streaming-api",
                "pytest -v -s entrypoints/openai/correctness/test_lmeval.py::test_lm_eval_accuracy_v1_engine",
            ],
        ),

        Step(
            key="mi355_1-:amd:-mi355-v1-sample---logits",
            label="mi355_1: :amd: (MI355) V1 Sample + Logits",  # TBD
            device="mi355_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/v1/sample",
                "tests/v1/logits_processors",
                "tests/v1/test_oracle.py",
                "tests/v1/test_request.py",
                "tests/v1/test_outputs.py",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pytest -v -s v1/sample",
                "pytest -v -s v1/logits_processors",
                "pytest -v -s v1/test_oracle.py",
                "pytest -v -s v1/test_request.py",
                "pytest -v -s v1/test_outputs.py",
            ],
        ),

        Step(
            key="mi355_1-:amd:-mi355-v1-spec-decode",
            label="mi355_1: :amd: (MI355) V1 Spec Decode",  # TBD
            device="mi355_1",
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/v1/spec_decode",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pytest -v -s -m 'not slow_test' v1/spec_decode",
            ],
        ),

        # ------------------------------------------------------  mi355 · weight_loading  -------------------------------------------------------#
        Step(
            key="mi355_2-:amd:-mi355-weight-loading-multi-gpu",
            label="mi355_2: :amd: (MI355) Weight Loading Multi-GPU",  # TBD
            device="mi355_2",
            num_devices=2,
            timeout=180,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/weight_loading",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "bash weight_loading/run_model_weight_loading_test.sh -c weight_loading/models-amd.txt",
            ],
        ),

        Step(
            key="mi355_2-:amd:-mi355-weight-loading-multi-gpu-large-models",
            label="mi355_2: :amd: (MI355) Weight Loading Multi-GPU (Large Models)",  # TBD
            device="mi355_2",
            num_devices=2,
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/weight_loading",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "bash weight_loading/run_model_weight_loading_test.sh -c weight_loading/models-large-amd.txt",
            ],
        ),

        # -----------------------------------------------------------  mi355 · misc  ------------------------------------------------------------#
        Step(
            key="mi355_1-:amd:-mi355-regression",
            label="mi355_1: :amd: (MI355) Regression",  # TBD
            device="mi355_1",
            timeout=180,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/",
                "tests/test_regression",
                ".buildkite/scripts/hardware_ci/run-amd-test.sh",
            ],
            dind=False,
            tags=["amdexperimental", "amdproduction", "amdgfx950nightly", "amdmi355"],
            commands=[
                "pip install 'modelscope<1.38'",
                "pytest -v -s test_regression.py",
            ],
        ),
    ],
)
