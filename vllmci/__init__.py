"""vllmci: vLLM's Buildkite CI pipeline, generated from Python definitions."""

__version__ = "0.1.0"
