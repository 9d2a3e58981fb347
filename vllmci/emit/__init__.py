"""Stages 5-8, emitting: the plan as Buildkite JSON, checked, then uploaded.

Takes: a `Plan` (`vllmci.plan.model`).
Gives: `build` a typed `buildkite_sdk.Pipeline`; `render` plain documents of at
most 500 jobs, in dependency order; `validate` the same documents or a
`ValidationError` (schema, keys, interpolation, `secrets`); `upload` pipes the
JSON text to `buildkite-agent pipeline upload`. `escape` makes outside text safe
for the agent's interpolation; `walk` is the one reader of a document's shape;
`shards` writes balanced shards' test files into a step's command.
"""
