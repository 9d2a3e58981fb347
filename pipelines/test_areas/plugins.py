"""Plugins: the source of truth, kept in step with vLLM's `.buildkite/test_areas/plugins.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

PLUGINS = Group(
    name="Plugins",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="plugin-tests-2-gpus",
            label=":nvidia: (L4) Plugin Integration",
            num_devices=2,
            timeout=35,
            working_dir="/vllm-workspace/tests",
            paths=["vllm/plugins/", "tests/plugins/"],
            commands=[
                # begin platform plugin and general plugin tests, all the code in-between runs on dummy platform
                "pip install -e ./plugins/vllm_add_dummy_platform",
                "pytest -v -s plugins_tests/test_platform_plugins.py",
                "pip uninstall vllm_add_dummy_platform -y",
                # end platform plugin tests
                # begin io_processor plugins test
                # test generic io_processor plugins functions
                "pytest -v -s ./plugins_tests/test_io_processor_plugins.py",
                # test Terratorch io_processor plugins
                "pip install -e ./plugins/prithvi_io_processor_plugin",
                "pytest -v -s plugins_tests/test_terratorch_io_processor_plugins.py",
                "pip uninstall prithvi_io_processor_plugin -y",
                # test bge_m3_sparse io_processor plugin
                "pip install -e ./plugins/bge_m3_sparse_plugin",
                "pytest -v -s plugins_tests/test_bge_m3_sparse_io_processor_plugins.py",
                "pip uninstall bge_m3_sparse_plugin -y",
                # test colbert_query io_processor plugin
                "pip install -e ./plugins/colbert_query_plugin",
                "pytest -v -s plugins_tests/test_colbert_query_io_processor_plugins.py",
                "pip uninstall colbert_query_plugin -y",
                # end io_processor plugins test
                # begin stat_logger plugins test
                "pip install -e ./plugins/vllm_add_dummy_stat_logger",
                "pytest -v -s plugins_tests/test_stats_logger_plugins.py",
                "pip uninstall dummy_stat_logger -y",
                # end stat_logger plugins test
                # begin endpoint plugins test
                "pip install -e ./plugins/vllm_add_dummy_endpoint_plugin",
                "pytest -v -s plugins_tests/test_endpoint_plugins.py",
                "pip uninstall vllm_add_dummy_endpoint_plugin -y",
                # end endpoint plugins test
                # other tests continue here:
                "pytest -v -s plugins_tests/test_scheduler_plugins.py",
                "pip install -e ./plugins/vllm_add_dummy_model",
                "pytest -v -s distributed/test_distributed_oot.py",
                "pytest -v -s plugins_tests/test_oot_registration_online.py",  # it needs a clean process
                "pytest -v -s plugins_tests/test_oot_registration_offline.py",  # it needs a clean process
                "pytest -v -s plugins_tests/lora_resolvers",  # unit tests for in-tree lora resolver plugins
            ],
            amd=AmdMirror(
                device="mi250_2",
                label=":amd: (MI250) Plugin Integration",
                timeout=50,
                depends_on=AFTER_AMD_IMAGE,
                paths=["vllm/plugins/", "tests/plugins/", "vllm/platforms/rocm.py"],
            ),
        ),

        Step(
            key="gguf-plugin",
            label=":nvidia: (H200) GGUF Plugin",
            device="h200_18gb",
            timeout=30,
            optional=True,
            soft_fail=True,
            paths=[
                "vllm/model_executor/layers/quantization",
                "tests/plugins_tests/test_gguf_plugin.py",
            ],
            commands=[
                'pip install "vllm-gguf-plugin >= 0.0.2"',
                "pytest -v -s plugins_tests/gguf",
            ],
        ),

        Step(
            key="bitsandbytes-plugin",
            label=":nvidia: (H200) BitsAndBytes Plugin",
            device="h200_18gb",
            timeout=30,
            working_dir="/vllm-workspace/tests",
            optional=True,
            soft_fail=True,
            paths=["vllm/model_executor/layers/quantization", "tests/plugins_tests/bitsandbytes"],
            commands=[
                # bitsandbytes' int8 quant syncs internally, and it is out-of-tree, so
                # there is nothing to wrap on the vLLM side.
                "unset VLLM_GPU_SYNC_CHECK",
                'pip install "vllm-bnb-plugin >= 0.0.1"',
                "pytest -v -s plugins_tests/bitsandbytes -m 'not distributed'",
            ],
        ),

        Step(
            key="bitsandbytes-plugin-2-gpus",
            label=":nvidia: (L4) BitsAndBytes Plugin",
            num_devices=2,
            timeout=15,
            working_dir="/vllm-workspace/tests",
            optional=True,
            soft_fail=True,
            paths=["vllm/model_executor/layers/quantization", "tests/plugins_tests/bitsandbytes"],
            commands=[
                # bitsandbytes' int8 quant syncs internally, and it is out-of-tree, so
                # there is nothing to wrap on the vLLM side.
                "unset VLLM_GPU_SYNC_CHECK",
                'pip install "vllm-bnb-plugin >= 0.0.1"',
                "pytest -v -s plugins_tests/bitsandbytes -m 'distributed(num_gpus=2)'",
            ],
        ),
    ],
)
