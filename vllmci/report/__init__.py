"""Reports: the Plan told to people.

Takes: a `Plan` (and measured durations, when given).
Gives: text. `text` the plan as a table and its JSON form, `story` one step's
story (`plan --explain KEY`), `annotation` the build page's Markdown summary,
`cost` the GPU-hours, `gates` the release gates in the order a person meets
them.
"""
