"""vLLM's AMD ROCm pipeline (`--pipeline amd`): `test-amd.yaml` imported by
`vllmci import-yaml .buildkite/test-amd.yaml pipelines --pipeline amd --package rocm`,
and what ci-infra's `test-template-amd.j2` decides about it, as definitions."""
