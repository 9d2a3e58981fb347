"""vLLM's Intel pipeline (`--pipeline intel`): imported from `.buildkite/intel_jobs/` by
`vllmci import-yaml --config ci_config_intel.yaml --pipeline intel --package intel`."""
