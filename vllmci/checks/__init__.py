"""`vllmci check`: the definitions, checked against themselves and against the
repository they describe. docs/check.md lists every finding code.

Errors (exit 1): definition errors (duplicate keys, dangling `depends_on`,
cycles, devices without a queue, `concurrency` without a group, bad keys, a
module that does not load) and problems in any generated scenario's pipeline
(schema, job limit, interpolation, ...). Warnings (exit 0): stale dependency
entries, run-all patterns matching nothing, test files no step covers, steps
that never start by themselves, shadowed entries, unreachable optional steps.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vllmci.catalog.model import Catalog
from vllmci.checks.definitions import definition_findings
from vllmci.checks.findings import Finding, as_json, as_text, exit_code, ordered
from vllmci.checks.repository import (
    Tree,
    file_tree,
    git_tree,
    own_entries,
    stale_entries,
    uncovered_tests,
    unmatched_run_all,
)
from vllmci.checks.scenarios import scenario_findings
from vllmci.checks.steps import never_started, shadowed, unreachable_optional
from vllmci.errors import DefinitionError, DefinitionErrors
from vllmci.stages import Request, load

__all__ = ["Finding", "Tree", "check_catalog", "run_check"]


def check_catalog(catalog: Catalog, tree: Tree | None) -> list[Finding]:
    """Every finding about loaded definitions; repository checks need `tree`."""
    found = [*scenario_findings(catalog), *never_started(catalog), *shadowed(catalog),
             *unreachable_optional(catalog)]
    if tree is not None:
        found += [*stale_entries(catalog, tree), *unmatched_run_all(catalog, tree),
                  *uncovered_tests(catalog, tree)]
    return ordered(found)


def _tree(args: argparse.Namespace) -> Tree | None:
    if getattr(args, "tree", None) is not None:
        return file_tree(args.tree)
    return git_tree(args.repo)


def _notes(tree: Tree | None, catalog: Catalog | None, repo: Path) -> list[str]:
    if catalog is None:
        return ["the definitions did not load: fix the errors above to check the rest"]
    if tree is None:
        return [f"{repo} is not a git checkout (and no --tree was given): stale entries, "
                "run-all patterns and test coverage were not checked"]
    notes = [f"checked against {len(tree.files)} files ({tree.source})"]
    if not tree.files:
        notes.append("the repository has no tracked files")
    elif _mostly_stale(catalog, tree):
        notes.append("most dependency entries match no file: is this the repository the "
                     "definitions describe? (--repo DIR, or --tree FILE)")
    return notes


def _mostly_stale(catalog: Catalog, tree: Tree) -> bool:
    values = {v.removeprefix("!") for e in catalog.entries for _, v in own_entries(catalog, e)}
    stale = sum(1 for v in values if not tree.matching(v))
    return stale * 2 > len(values)


def run_check(args: argparse.Namespace) -> int:
    request = Request(repo=args.repo, pipelines=args.pipelines)
    tree = _tree(args)
    catalog: Catalog | None = None
    try:
        catalog = load(request, any_pipeline=True)
        found = check_catalog(catalog, tree)
    except (DefinitionError, DefinitionErrors) as error:
        found = ordered(definition_findings(error))
    notes = _notes(tree, catalog, args.repo)
    if getattr(args, "format", "text") == "json":
        context = {"repo": str(args.repo), "tree": tree.source if tree else None,
                   "definitions": str(catalog.directory) if catalog else None}
        sys.stdout.write(as_json(found, notes, context))
    else:
        sys.stdout.write(as_text(found, notes))
    return exit_code(found)
