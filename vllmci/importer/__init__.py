"""Import YAML pipeline definitions (vLLM's `.buildkite/` format) as Python definitions.

Takes: a `.buildkite/` directory (the job directories of its `ci_config.yaml`)
or one YAML file, and an output directory (empty, or holding definitions).
Gives: an `ImportResult`: the Python definition modules and the project files
the directory lacks, written there (into an empty directory, or when asked);
over existing definitions, a `Review` of what the import adds, removes and
changes, step by step; notes on what was not imported.

`layout` finds the files, `source` and `comments` read the YAML, `steps`, `mirror`
and `legacy` translate it to the intermediate `model`, `dependencies` adds what
vLLM's generator adds at run time, `verify` validates it, `emit` writes Python,
`scaffold` adds the project files OUT lacks, `sync` compares with and writes to
OUT, and `run` ties them together for `vllmci import-yaml`.
"""

from __future__ import annotations

from vllmci.importer.run import ImportResult, import_yaml

__all__ = ["ImportResult", "import_yaml"]
