"""Distributed: the source of truth, kept in step with vLLM's `.buildkite/test_areas/distributed.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

DISTRIBUTED = Group(
    name="Distributed",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="distributed-comm-ops",
            label=":nvidia: (L4) Distributed Comm Ops",
            num_devices=2,
            timeout=25,
            working_dir="/vllm-workspace/tests",
            paths=["vllm/distributed", "!vllm/distributed/kv_transfer/", "tests/distributed"],
            commands=[
                "pytest -v -s distributed/test_comm_ops.py",
                "pytest -v -s distributed/test_shm_broadcast.py",
                "pytest -v -s distributed/test_shm_buffer.py",
                "pytest -v -s distributed/test_shm_storage.py",
            ],
        ),

        Step(
            key="distributed-dp-tests-2-gpus",
            label=":nvidia: (L4) Distributed DP Basic",
            num_devices=2,
            timeout=35,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/distributed/",
                "!vllm/distributed/kv_transfer/",
                "vllm/engine/",
                "vllm/executor/",
                "vllm/worker/worker_base.py",
                "vllm/v1/engine/",
                "vllm/v1/worker/",
                "tests/v1/distributed",
                "tests/entrypoints/launchers/api_server/test_multi_api_servers.py",
            ],
            commands=[
                # https://github.com/NVIDIA/nccl/issues/1838
                "export NCCL_CUMEM_HOST_ENABLE=0",
                "TP_SIZE=1 DP_SIZE=2 pytest -v -s v1/distributed/test_async_llm_dp.py",
                "TP_SIZE=1 DP_SIZE=2 pytest -v -s v1/distributed/test_eagle_dp.py",
                "TP_SIZE=1 DP_SIZE=2 pytest -v -s v1/distributed/test_external_lb_dp.py",
                "DP_SIZE=2 pytest -v -s entrypoints/launchers/api_server/test_multi_api_servers.py",
            ],
            amd=AmdMirror(
                device="mi300_2",
                label=":amd: (MI300) Distributed DP Basic",
                timeout=45,
                depends_on=AFTER_AMD_IMAGE,
                paths=[
                    "vllm/distributed/",
                    "!vllm/distributed/kv_transfer/",
                    "vllm/engine/",
                    "vllm/executor/",
                    "vllm/worker/worker_base.py",
                    "vllm/v1/engine/",
                    "vllm/v1/worker/",
                    "tests/v1/distributed",
                    "tests/entrypoints/launchers/api_server/test_multi_api_servers.py",
                    "vllm/platforms/rocm.py",
                ],
                dind=False,
            ),
        ),

        Step(
            key="distributed-compile-rpc-tests-2-gpus",
            label=":nvidia: (L4) Distributed Compile + RPC",
            num_devices=2,
            timeout=65,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/compilation/",
                "vllm/distributed/",
                "!vllm/distributed/kv_transfer/",
                "vllm/engine/",
                "vllm/executor/",
                "vllm/worker/worker_base.py",
                "vllm/v1/engine/",
                "vllm/v1/worker/",
                "tests/compile/test_wrapper.py",
                "tests/entrypoints/llm/test_collective_rpc.py",
            ],
            commands=[
                # https://github.com/NVIDIA/nccl/issues/1838
                "export NCCL_CUMEM_HOST_ENABLE=0",
                "pytest -v -s entrypoints/llm/test_collective_rpc.py",
                "pytest -v -s ./compile/test_wrapper.py",
            ],
        ),

        Step(
            key="distributed-torchrun-shutdown-tests-2-gpus",
            label=":nvidia: (L4) Distributed Torchrun + Shutdown",
            num_devices=2,
            timeout=30,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/distributed/",
                "!vllm/distributed/kv_transfer/",
                "vllm/engine/",
                "vllm/executor/",
                "vllm/worker/worker_base.py",
                "vllm/v1/engine/",
                "vllm/v1/worker/",
                "tests/distributed/",
                "tests/v1/shutdown",
                "tests/v1/worker/test_worker_memory_snapshot.py",
            ],
            commands=[
                # https://github.com/NVIDIA/nccl/issues/1838
                "export NCCL_CUMEM_HOST_ENABLE=0",
                "VLLM_TEST_SAME_HOST=1 torchrun --nproc-per-node=4 distributed/test_same_node.py | grep 'Same node test passed'",
                "VLLM_TEST_SAME_HOST=1 VLLM_TEST_WITH_DEFAULT_DEVICE_SET=1 torchrun --nproc-per-node=4 distributed/test_same_node.py | grep 'Same node test passed'",
                "CUDA_VISIBLE_DEVICES=0,1 pytest -v -s v1/shutdown",
                "pytest -v -s v1/worker/test_worker_memory_snapshot.py",
            ],
        ),

        Step(
            key="distributed-torchrun-examples-4-gpus",
            label=":nvidia: (L4) Distributed Torchrun + Examples",
            num_devices=4,
            timeout=30,
            working_dir="/vllm-workspace",
            paths=[
                "vllm/distributed/",
                "!vllm/distributed/kv_transfer/",
                "tests/distributed/test_torchrun_example.py",
                "tests/distributed/test_torchrun_example_moe.py",
                "examples/rl/",
                "examples/features/data_parallel/data_parallel_offline.py",
            ],
            commands=[
                # https://github.com/NVIDIA/nccl/issues/1838
                "export NCCL_CUMEM_HOST_ENABLE=0",
                # test with torchrun tp=2 and external_dp=2
                "torchrun --nproc-per-node=4 tests/distributed/test_torchrun_example.py",
                # test with torchrun tp=2 and pp=2
                "PP_SIZE=2 torchrun --nproc-per-node=4 tests/distributed/test_torchrun_example.py",
                # test with torchrun tp=4 and dp=1
                "TP_SIZE=4 torchrun --nproc-per-node=4 tests/distributed/test_torchrun_example_moe.py",
                # test with torchrun tp=2, pp=2 and dp=1
                "PP_SIZE=2 TP_SIZE=2 torchrun --nproc-per-node=4 tests/distributed/test_torchrun_example_moe.py",
                # test with torchrun tp=1 and dp=4 with ep
                "DP_SIZE=4 ENABLE_EP=1 torchrun --nproc-per-node=4 tests/distributed/test_torchrun_example_moe.py",
                # test with torchrun tp=2 and dp=2 with ep
                "TP_SIZE=2 DP_SIZE=2 ENABLE_EP=1 torchrun --nproc-per-node=4 tests/distributed/test_torchrun_example_moe.py",
                # test with internal dp
                "python3 examples/features/data_parallel/data_parallel_offline.py --enforce-eager",
                # rlhf examples (each launches its own `vllm serve` and tears it down)
                "VLLM_ALLOW_INSECURE_SERIALIZATION=1 python3 examples/rl/rlhf_http_nccl.py",
                "VLLM_ALLOW_INSECURE_SERIALIZATION=1 python3 examples/rl/rlhf_http_ipc.py",
            ],
        ),

        Step(
            key="distributed-dp-tests-4-gpus",
            label=":nvidia: (L4) Distributed DP Extended",
            num_devices=4,
            timeout=45,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/distributed/",
                "!vllm/distributed/kv_transfer/",
                "tests/v1/distributed",
                "tests/v1/engine/test_engine_core_client.py",
                "tests/distributed/test_utils",
            ],
            commands=[
                # https://github.com/NVIDIA/nccl/issues/1838
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
            key="distributed-compile-comm-4-gpus",
            label=":nvidia: (L4) Distributed Compile + Comm",
            num_devices=4,
            timeout=70,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/distributed/",
                "!vllm/distributed/kv_transfer/",
                "tests/distributed/test_pynccl",
                "tests/distributed/test_events",
                "tests/distributed/test_symm_mem_allreduce.py",
                "tests/distributed/test_multiproc_executor.py",
            ],
            commands=[
                # https://github.com/NVIDIA/nccl/issues/1838
                "export NCCL_CUMEM_HOST_ENABLE=0",
                "pytest -v -s distributed/test_pynccl.py",
                "pytest -v -s distributed/test_events.py",
                "pytest -v -s distributed/test_symm_mem_allreduce.py",
                # test multi-node TP with multiproc executor (simulated on single node)
                "pytest -v -s distributed/test_multiproc_executor.py::test_multiproc_executor_multi_node",
            ],
        ),

        Step(
            key="distributed-tests-8xh100",
            label=":nvidia: (H100) Distributed DP + EP",
            device="h100",
            num_devices=8,
            timeout=20,
            working_dir="/vllm-workspace/tests",
            paths=[
                "examples/features/torchrun/torchrun_dp_example_offline.py",
                "vllm/config/parallel.py",
                "vllm/distributed/",
                "!vllm/distributed/kv_transfer/",
                "vllm/v1/engine/llm_engine.py",
                "vllm/v1/executor/uniproc_executor.py",
                "vllm/v1/worker/gpu_worker.py",
                "tests/distributed/test_mnnvl_alltoall.py",
            ],
            commands=[
                # https://github.com/NVIDIA/nccl/issues/1838
                "export NCCL_CUMEM_HOST_ENABLE=0",
                # test with torchrun tp=2 and dp=4 with ep
                "torchrun --nproc-per-node=8 ../examples/features/torchrun/torchrun_dp_example_offline.py --tp-size=2 --pp-size=1 --dp-size=4 --enable-ep",
            ],
        ),

        Step(
            key="distributed-tests-4xa100",
            label=":nvidia: (A100) Distributed",
            device="a100",
            num_devices=4,
            optional=True,
            paths=["vllm/", "!vllm/distributed/kv_transfer/"],
            commands=[
                # NOTE: don't test llama model here, it seems hf implementation is buggy
                # see https://github.com/vllm-project/vllm/pull/5689 for details
                "pytest -v -s distributed/test_custom_all_reduce.py",
                "torchrun --nproc_per_node=2 distributed/test_ca_buffer_sharing.py",
                "TARGET_TEST_SUITE=A100 pytest basic_correctness/ -v -s -m 'distributed(num_gpus=2)'",
                "pytest -v -s -x lora/test_mixtral.py",
            ],
        ),

        Step(
            key="distributed-tests-2xh100-2xmi300",
            label=":nvidia: (H100) Distributed Features",
            device="h100",
            num_devices=2,
            timeout=30,
            working_dir="/vllm-workspace/",
            optional=True,
            commands=[
                "pytest -v -s tests/distributed/test_context_parallel.py",
                "VLLM_ALLOW_INSECURE_SERIALIZATION=1 python3 examples/rl/rlhf_async_new_apis.py",
                "VLLM_USE_DEEP_GEMM=1 VLLM_LOGGING_LEVEL=DEBUG python3 examples/features/data_parallel/data_parallel_offline.py --model=Qwen/Qwen1.5-MoE-A2.7B -tp=1 -dp=2 --max-model-len=2048 --all2all-backend=deepep_high_throughput",
                "pytest -v -s tests/v1/distributed/test_dbo.py",
                "VLLM_ALLOW_INSECURE_SERIALIZATION=1 pytest -v -s tests/distributed/test_weight_transfer.py",
                "pytest -v -s tests/distributed/test_packed_tensor.py",
            ],
        ),

        Step(
            key="distributed-tests-2xb200",
            label=":nvidia: (B200) Distributed",
            device="b200-k8s",
            num_devices=2,
            working_dir="/vllm-workspace/",
            optional=True,
            commands=[
                "pytest -v -s tests/distributed/test_context_parallel.py",
                "pytest -v -s tests/distributed/test_nccl_symm_mem.py",
                "pytest -v -s tests/v1/distributed/test_dbo.py",
                "pytest -v -s tests/distributed/test_mnnvl_alltoall.py",
            ],
        ),

        Step(
            key="kimi-k3-gemm-rs-ar-2xb200",
            label=":nvidia: (B200) Kimi-K3 GEMM-RS/AR",
            device="b200-k8s",
            num_devices=2,
            timeout=20,
            working_dir="/vllm-workspace/",
            paths=[
                "vllm/models/kimi_k3/nvidia/ops/cute_dsl/gemm_rs_ar.py",
                "tests/kernels/test_kimi_k3_gemm_rs_ar.py",
            ],
            commands=[
                "pytest -v -s tests/kernels/test_kimi_k3_gemm_rs_ar.py",
            ],
        ),

        Step(
            key="2-node-test-4-gpus",
            label=":nvidia: (L4) Distributed 2-Node",
            num_devices=2,
            num_nodes=2,
            timeout=30,
            working_dir="/vllm-workspace/tests",
            optional=True,  # TODO: revert once infra issue solved
            paths=[
                "vllm/distributed/",
                "!vllm/distributed/kv_transfer/",
                "vllm/engine/",
                "vllm/executor/",
                "vllm/model_executor/models/",
                "tests/distributed/",
                "examples/features/data_parallel/data_parallel_offline.py",
            ],
            no_plugin=True,
            commands=[
                "./.buildkite/scripts/run-multi-node-test.sh /vllm-workspace/tests 2 2 $IMAGE_TAG \"VLLM_TEST_SAME_HOST=0 torchrun --nnodes 2 --nproc-per-node=2 --rdzv_backend=c10d --rdzv_endpoint=192.168.10.10 distributed/test_same_node.py | grep 'Same node test passed' && NUM_NODES=2 torchrun --nnodes 2 --nproc-per-node=2 --rdzv_backend=c10d --rdzv_endpoint=192.168.10.10 distributed/test_node_count.py | grep 'Node count test passed' && python3 ../examples/features/data_parallel/data_parallel_offline.py -dp=2 -tp=1 --dp-num-nodes=2 --dp-node-rank=0 --dp-master-addr=192.168.10.10 --dp-master-port=12345 --enforce-eager --trust-remote-code && VLLM_MULTI_NODE=1 pytest -v -s distributed/test_multi_node_assignment.py && VLLM_MULTI_NODE=1 pytest -v -s distributed/test_pipeline_parallel.py\" \"VLLM_TEST_SAME_HOST=0 torchrun --nnodes 2 --nproc-per-node=2 --rdzv_backend=c10d --rdzv_endpoint=192.168.10.10 distributed/test_same_node.py | grep 'Same node test passed' && NUM_NODES=2 torchrun --nnodes 2 --nproc-per-node=2 --rdzv_backend=c10d --rdzv_endpoint=192.168.10.10 distributed/test_node_count.py | grep 'Node count test passed' && python3 ../examples/features/data_parallel/data_parallel_offline.py -dp=2 -tp=1 --dp-num-nodes=2 --dp-node-rank=1 --dp-master-addr=192.168.10.10 --dp-master-port=12345 --enforce-eager --trust-remote-code\"",
            ],
        ),

        Step(
            key="pipeline-context-parallelism-4-gpus",
            label=":nvidia: (L4) Pipeline + Context Parallelism",
            num_devices=4,
            timeout=55,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/distributed/",
                "!vllm/distributed/kv_transfer/",
                "vllm/engine/",
                "vllm/executor/",
                "vllm/model_executor/models/",
                "tests/distributed/",
            ],
            commands=[
                "pytest -v -s distributed/test_pp_cudagraph.py",
                "pytest -v -s distributed/test_pipeline_parallel.py",
            ],
        ),

        Step(
            key="rayexecutorv2-4-gpus",
            label=":nvidia: (L4) RayExecutorV2",
            num_devices=4,
            timeout=45,
            working_dir="/vllm-workspace/tests",
            paths=[
                "vllm/v1/executor/ray_executor_v2.py",
                "vllm/v1/executor/abstract.py",
                "vllm/v1/executor/multiproc_executor.py",
                "tests/distributed/test_ray_v2_executor.py",
                "tests/distributed/test_ray_v2_executor_e2e.py",
                "tests/distributed/test_pipeline_parallel.py",
                "tests/basic_correctness/test_basic_correctness.py",
            ],
            commands=[
                "export VLLM_USE_RAY_V2_EXECUTOR_BACKEND=1",
                "export NCCL_CUMEM_HOST_ENABLE=0",
                "pytest -v -s distributed/test_ray_v2_executor.py",
                "pytest -v -s distributed/test_ray_v2_executor_e2e.py",
                'pytest -v -s distributed/test_pipeline_parallel.py -k "ray"',
                'TARGET_TEST_SUITE=L4 pytest -v -s basic_correctness/test_basic_correctness.py -k "ray"',
            ],
        ),
    ],
)
