"""Weight Loading: the source of truth, kept in step with vLLM's `.buildkite/test_areas/weight_loading.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

WEIGHT_LOADING = Group(
    name="Weight Loading",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="weight-loading-multiple-gpu",
            label=":nvidia: (L4) Weight Loading Multi-GPU",
            num_devices=2,
            timeout=50,
            working_dir="/vllm-workspace/tests",
            optional=True,
            paths=["vllm/", "!vllm/distributed/kv_transfer/", "tests/weight_loading"],
            commands=[
                "bash weight_loading/run_model_weight_loading_test.sh -c weight_loading/models.txt",
            ],
            amd=AmdMirror(
                device="mi300_2",
                label=":amd: (MI300) Weight Loading Multi-GPU",
                timeout=35,
                depends_on=AFTER_AMD_IMAGE,
                dind=False,
                commands=[
                    "bash weight_loading/run_model_weight_loading_test.sh -c weight_loading/models-amd.txt",
                ],
            ),
        ),
        # - label: Weight Loading Multiple GPU - Large Models # optional
        #   working_dir: "/vllm-workspace/tests"
        #   num_devices: 2
        #   device: a100
        #   optional: true
        #   source_file_dependencies:
        #   - vllm/
        #   - tests/weight_loading
        #   commands:
        #     - bash weight_loading/run_model_weight_loading_test.sh -c weight_loading/models-large.txt
    ],
)
