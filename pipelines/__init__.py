"""vLLM's CI definitions, loaded by vllmci (installed as `vllmci_pipelines`)."""
