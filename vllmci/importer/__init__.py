"""Import YAML pipeline definitions (vLLM's `.buildkite/` format) as Python definitions.

`source` and `comments` read the YAML, `steps`, `mirror` and `legacy` translate
it to the intermediate `model`, `check` validates it, `emit` writes Python and
`run` ties them together for `vllmci import-yaml`.
"""

from __future__ import annotations

from vllmci.importer.run import ImportResult, import_yaml

__all__ = ["ImportResult", "import_yaml"]
