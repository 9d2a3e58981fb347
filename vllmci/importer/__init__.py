"""Import YAML pipeline definitions (vLLM's `.buildkite/` format) as Python definitions.

Takes: a `.buildkite/` directory (the job directories of its `ci_config.yaml`)
or one YAML file, and an output directory.
Gives: Python definition modules written there, and notes on what was not
imported.

`source` and `comments` read the YAML, `steps`, `mirror` and `legacy` translate
it to the intermediate `model`, `verify` validates it, `emit` writes Python and
`run` ties them together for `vllmci import-yaml`.
"""

from __future__ import annotations

from vllmci.importer.run import ImportResult, import_yaml

__all__ = ["ImportResult", "import_yaml"]
