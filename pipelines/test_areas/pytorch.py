"""PyTorch: the source of truth, kept in step with vLLM's `.buildkite/test_areas/pytorch.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import AmdMirror, Group, Step

from ..common import AFTER_AMD_IMAGE, AFTER_IMAGE, TESTS_DIR

PYTORCH = Group(
    name="PyTorch",
    depends_on=AFTER_IMAGE,
    working_dir=TESTS_DIR,
    steps=[
        Step(
            key="pytorch-compilation-unit-tests",
            label=":nvidia: (H200) PyTorch Compilation",
            device="h200_35gb",
            timeout=60,
            paths=[
                "vllm/__init__.py",
                "vllm/_aiter_ops.py",
                "vllm/_custom_ops.py",
                "vllm/compilation/",
                "vllm/config/",
                "vllm/distributed/",
                "!vllm/distributed/kv_transfer/",
                "vllm/engine/",
                "vllm/env_override.py",
                "vllm/envs.py",
                "vllm/forward_context.py",
                "vllm/inputs/",
                "vllm/ir/",
                "vllm/kernels/",
                "vllm/logger.py",
                "vllm/model_executor/",
                "vllm/multimodal/",
                "vllm/platforms/",
                "vllm/plugins/",
                "vllm/sampling_params.py",
                "vllm/sequence.py",
                "vllm/transformers_utils/",
                "vllm/triton_utils/",
                "vllm/utils/",
                "vllm/v1/",
                "tests/compile",
            ],
            commands=[
                # Run unit tests defined directly under compile/,
                # not including subdirectories, which are usually heavier
                # tests covered elsewhere.
                # Use `find` to launch multiple instances of pytest so that
                # they do not suffer from https://github.com/vllm-project/vllm/issues/28965
                # However, find does not normally propagate error codes, so we combine it with xargs
                # (using -0 for proper path handling)
                "find compile/ -maxdepth 1 -name 'test_*.py' -print0 | xargs -0 -n1 -I{} pytest -s -v '{}'",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) PyTorch Compilation",
                timeout=90,
                depends_on=AFTER_AMD_IMAGE,
                paths=["csrc/", "vllm/platforms/rocm.py"],
                dind=False,
            ),
        ),

        Step(
            key="pytorch-compilation-unit-tests-h100",
            label=":nvidia: (H200) PyTorch Compilation H100 Cases",
            device="h200_18gb",
            timeout=30,
            paths=[
                "vllm/__init__.py",
                "vllm/_aiter_ops.py",
                "vllm/_custom_ops.py",
                "vllm/compilation/",
                "vllm/config/",
                "vllm/distributed/",
                "!vllm/distributed/kv_transfer/",
                "vllm/engine/",
                "vllm/env_override.py",
                "vllm/envs.py",
                "vllm/forward_context.py",
                "vllm/inputs/",
                "vllm/ir/",
                "vllm/kernels/",
                "vllm/logger.py",
                "vllm/model_executor/",
                "vllm/multimodal/",
                "vllm/platforms/",
                "vllm/plugins/",
                "vllm/sampling_params.py",
                "vllm/sequence.py",
                "vllm/transformers_utils/",
                "vllm/triton_utils/",
                "vllm/utils/",
                "vllm/v1/",
                "tests/compile/h100/",
            ],
            commands=[
                "find compile/h100/ -name 'test_*.py' -print0 | xargs -0 -n1 -I{} pytest -s -v '{}'",
            ],
        ),

        Step(
            key="pytorch-compilation-passes-unit-tests",
            label=":nvidia: (L4) PyTorch Compilation Passes",
            timeout=45,
            paths=[
                "vllm/__init__.py",
                "vllm/_aiter_ops.py",
                "vllm/_custom_ops.py",
                "vllm/compilation/",
                "vllm/config/",
                "vllm/distributed/",
                "!vllm/distributed/kv_transfer/",
                "vllm/engine/",
                "vllm/env_override.py",
                "vllm/envs.py",
                "vllm/forward_context.py",
                "vllm/inputs/",
                "vllm/ir/",
                "vllm/kernels/",
                "vllm/logger.py",
                "vllm/model_executor/",
                "vllm/multimodal/",
                "vllm/platforms/",
                "vllm/plugins/",
                "vllm/sampling_params.py",
                "vllm/sequence.py",
                "vllm/transformers_utils/",
                "vllm/triton_utils/",
                "vllm/utils/",
                "vllm/v1/",
                "tests/compile/passes",
            ],
            commands=[
                "pytest -s -v compile/passes --ignore compile/passes/distributed",
            ],
        ),

        Step(
            key="pytorch-fullgraph-test",
            label=":nvidia: (H200) PyTorch Fullgraph",
            device="h200_35gb",
            timeout=90,
            paths=[
                "vllm/__init__.py",
                "vllm/_aiter_ops.py",
                "vllm/_custom_ops.py",
                "vllm/compilation/",
                "vllm/config/",
                "vllm/distributed/",
                "!vllm/distributed/kv_transfer/",
                "vllm/engine/",
                "vllm/env_override.py",
                "vllm/envs.py",
                "vllm/forward_context.py",
                "vllm/inputs/",
                "vllm/ir/",
                "vllm/kernels/",
                "vllm/logger.py",
                "vllm/model_executor/",
                "vllm/multimodal/",
                "vllm/platforms/",
                "vllm/plugins/",
                "vllm/sampling_params.py",
                "vllm/sequence.py",
                "vllm/transformers_utils/",
                "vllm/triton_utils/",
                "vllm/utils/",
                "vllm/v1/",
                "tests/compile",
            ],
            commands=[
                # Run smoke tests under fullgraph directory, except test_full_cudagraph.py
                # as it is a heavy test that is covered in other steps.
                # Use `find` to launch multiple instances of pytest so that
                # they do not suffer from https://github.com/vllm-project/vllm/issues/28965
                "find compile/fullgraph/ -name 'test_*.py' -not -name 'test_full_cudagraph.py' -print0 | xargs -0 -n1 -I{} pytest -s -v '{}'",
            ],
        ),

        # Hopper-only DeepSeek-V2-Lite cases in this file require two 29.3-GiB model
        # instances and cannot fit a 35GB MIG slice. L4 retains the original coverage:
        # those SM90 cases skip while the architecture-compatible cases still run.
        Step(
            key="pytorch-fullgraph-cudagraph-l4-compatibility",
            label=":nvidia: (L4) PyTorch Fullgraph CUDAGraph Compatibility",
            timeout=60,
            paths=[
                "vllm/__init__.py",
                "vllm/_aiter_ops.py",
                "vllm/_custom_ops.py",
                "vllm/compilation/",
                "vllm/config/",
                "vllm/distributed/",
                "!vllm/distributed/kv_transfer/",
                "vllm/engine/",
                "vllm/env_override.py",
                "vllm/envs.py",
                "vllm/forward_context.py",
                "vllm/inputs/",
                "vllm/ir/",
                "vllm/kernels/",
                "vllm/logger.py",
                "vllm/model_executor/",
                "vllm/multimodal/",
                "vllm/platforms/",
                "vllm/plugins/",
                "vllm/sampling_params.py",
                "vllm/sequence.py",
                "vllm/transformers_utils/",
                "vllm/triton_utils/",
                "vllm/utils/",
                "vllm/v1/",
                "tests/compile",
            ],
            commands=[
                "pytest -s -v compile/fullgraph/test_full_cudagraph.py",
            ],
        ),

        # if this test fails, it means the nightly torch version is not compatible with some
        # of the dependencies. Please check the error message and add the package to whitelist
        # in /vllm/tools/pre_commit/generate_nightly_torch_test.py
        Step(
            key="pytorch-nightly-dependency-override-check",
            label=":nvidia: (H200) PyTorch Nightly Dependency Override Check",
            device="h200_18gb",
            soft_fail=True,
            paths=["requirements/test/nightly-torch.txt"],
            commands=[
                "bash standalone_tests/pytorch_nightly_dependency.sh",
            ],
            amd=AmdMirror(
                device="mi300_1",
                label=":amd: (MI300) PyTorch Nightly Dependency Override Check",
                timeout=30,
                depends_on=AFTER_AMD_IMAGE,
                paths=["requirements/test/nightly-torch.txt", "vllm/platforms/rocm.py"],
                dind=False,
            ),
        ),
    ],
)
