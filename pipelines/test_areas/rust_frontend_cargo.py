"""Rust Frontend Cargo: the source of truth, kept in step with vLLM's `.buildkite/test_areas/rust_frontend_cargo.yaml` through `vllmci import-yaml`."""

from __future__ import annotations

from vllmci.define import Group, Step

RUST_FRONTEND_CARGO = Group(
    name="Rust Frontend Cargo",
    depends_on=[],
    steps=[
        Step(
            key="rust-frontend-cargo-style-clippy",
            label=":computer: (CPU) Rust Frontend Cargo Style + Clippy",
            device="cpu-medium",
            timeout=20,
            paths=[
                "rust/",
                "rust-toolchain.toml",
                ".buildkite/test_areas/rust_frontend_cargo.yaml",
                ".buildkite/scripts/run-rust-frontend-cargo-ci.sh",
            ],
            no_plugin=True,
            commands=[
                ".buildkite/scripts/run-rust-frontend-cargo-ci.sh style-clippy",
            ],
        ),

        Step(
            key="rust-frontend-cargo-tests",
            label=":computer: (CPU) Rust Frontend Cargo",
            device="cpu-medium",
            timeout=20,
            paths=[
                "rust/",
                "rust-toolchain.toml",
                ".buildkite/test_areas/rust_frontend_cargo.yaml",
                ".buildkite/scripts/run-rust-frontend-cargo-ci.sh",
            ],
            no_plugin=True,
            commands=[
                ".buildkite/scripts/run-rust-frontend-cargo-ci.sh test",
            ],
        ),
    ],
)
