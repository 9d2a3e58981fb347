"""Stages 1-4, planning: what changed, what build this is, what runs.

Takes: the request (files or a git diff), the build's environment and the
`Catalog`.
Gives: `changes` a `ChangeSet` (git through `vllmci.gitops`; a fallback reason
when the diff cannot be computed), `fork` which definitions to trust and what a
fork changed, and `select` the `Plan` (`model`): every step's `Decision` (run,
block or skip) with its reasons, decided once and never edited afterwards.
"""
