"""`vllmci check`: the definitions, checked against themselves and against the
repository they describe. docs/check.md lists every finding code.

Takes: a `Catalog` and, when known, the repository's tree (`git ls-files` or
`--tree FILE`).
Gives: `Finding`s, each an error, a warning or a suggestion naming the file, line
and step.

Errors (exit 1): definition errors (duplicate keys, dangling `depends_on`,
cycles, devices without a queue, `concurrency` without a group, bad keys, a
module that does not load) and problems in any generated scenario's pipeline
(schema, job limit, interpolation, ...). Warnings (exit 0): stale dependency
entries, run-all patterns matching nothing, test files no step covers, steps
that never start by themselves, shadowed entries, unreachable optional steps,
keys derived from labels, sharded steps whose commands never read the shard.
Suggestions (exit 0): broad entries a narrower one would do, with the replayed
savings (`narrowing`, which the command adds: it replays with `vllmci.history`).
"""

from __future__ import annotations

from vllmci.catalog.model import Catalog
from vllmci.checks.findings import Finding, ordered
from vllmci.checks.repository import Tree, stale_entries, uncovered_tests, unmatched_run_all
from vllmci.checks.scenarios import scenario_findings
from vllmci.checks.steps import (
    label_derived_keys,
    never_started,
    shadowed,
    unreachable_optional,
    unsharded_commands,
)

__all__ = ["Finding", "Tree", "check_catalog"]


def check_catalog(catalog: Catalog, tree: Tree | None) -> list[Finding]:
    """Every finding about loaded definitions; repository checks need `tree`."""
    found = [*scenario_findings(catalog), *never_started(catalog), *shadowed(catalog),
             *unreachable_optional(catalog), *label_derived_keys(catalog),
             *unsharded_commands(catalog)]
    if tree is not None:
        found += [*stale_entries(catalog, tree), *unmatched_run_all(catalog, tree),
                  *uncovered_tests(catalog, tree)]
    return ordered(found)


