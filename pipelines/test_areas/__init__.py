"""Test areas: one module per area of vLLM."""
