"""`vllmci history`: what CI costs and why, over many past changes (docs/cost.md).

Takes: past changes (a JSON-lines file or a git range), one or two catalogs
(a directory, or the definitions at a git ref) and, optionally, measured durations.
Gives: `replay` (`select()` once per change, in one process) summed up by `stats`
per step (trigger rate, GPU-hours, the entries responsible) and per device;
`whatif` the same changes under two catalogs, step by step; the reports `text`,
`document` (JSON) and `html` (+ `svg`, inline charts). `buildkite`, `junit` and
`durations` turn Buildkite builds and JUnit reports into the durations file
(shards sized by time read it: `vllmci.catalog.shards`).

Nothing here is imported by `plan` or `upload` but `flags` (the parser's flags).
"""
