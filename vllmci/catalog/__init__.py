"""Stage 3, the catalog: the definitions loaded, resolved and validated.

Takes: a definitions directory (`pipelines/`, or `--pipelines DIR`).
Gives: a `Catalog` (`model`): every step as an `Entry` resolved against its
group and the hardware inventory (AMD mirrors included, `mirrors`), every gate
as a `GateEntry`, the run-all rule and the settings, or `DefinitionErrors`
naming file, line, step and field.

`load` loads (`modules` imports the definition files), `rules` checks what
spans steps (keys, dependencies, cycles), `gates` the release-gate graph,
`paths` matches changed files to dependency entries, and `effective` computes
a step's queue, timeout, retries, priority and shards in a build (`shards` sizes
shards by time from the measured durations `durations` reads).
"""
