"""`vllmci check`: the definitions, checked against themselves and against the
repository they describe (`vllmci.checks`; docs/check.md lists every finding)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vllmci.catalog.model import Catalog
from vllmci.checks import check_catalog
from vllmci.checks.definitions import definition_findings
from vllmci.checks.findings import Finding, as_json, as_text, exit_code, ordered
from vllmci.checks.narrowing import Past, broad_entries
from vllmci.checks.repository import Tree, file_tree, git_tree, own_entries
from vllmci.errors import DefinitionError, DefinitionErrors, UsageError
from vllmci.history.source import from_flags
from vllmci.report.cost import load_durations
from vllmci.stages import find_definitions, load_all


def _tree(args: argparse.Namespace) -> Tree | None:
    if args.tree is not None:
        return file_tree(args.tree)
    return git_tree(args.repo)


def _past(args: argparse.Namespace, in_checkout: bool) -> Past | None:
    """The past changes the narrowing suggestions are replayed on, as `history` reads
    them (`--changes`, `--range` in `--repo`, `--durations`); a step's own definition
    file counts as in history when the definitions are the checkout's."""
    changes = from_flags(args.changes, args.range, args.repo)
    if changes is None:
        if args.durations is not None:
            raise UsageError("--durations prices the replayed savings: pass --changes FILE "
                             "or --range REVS with it")
        return None
    durations = load_durations(args.durations) if args.durations else None
    return Past(changes, durations, args.repo if in_checkout else None)


def _findings(catalog: Catalog, tree: Tree | None, past: Past | None) -> list[Finding]:
    found = check_catalog(catalog, tree)
    if tree is None:
        return found
    return ordered([*found, *broad_entries(catalog, tree, past)])


def _notes(tree: Tree | None, catalog: Catalog | None, repo: Path) -> list[str]:
    if catalog is None:
        return ["the definitions did not load: fix the errors above to check the rest"]
    if tree is None:
        return [f"{repo} is not a git checkout (and no --tree was given): stale entries, "
                "run-all patterns, test coverage and broad entries were not checked"]
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


def run(args: argparse.Namespace) -> int:
    tree = _tree(args)
    definitions = find_definitions(args.repo, args.pipelines)
    past = _past(args, definitions.in_checkout)
    catalog: Catalog | None = None
    try:
        catalog = load_all(definitions.directory)
        found = _findings(catalog, tree, past)
    except (DefinitionError, DefinitionErrors) as error:
        found = ordered(definition_findings(error))
    notes = _notes(tree, catalog, args.repo)
    if args.format == "json":
        context = {"repo": str(args.repo), "tree": tree.source if tree else None,
                   "definitions": str(catalog.directory) if catalog else None}
        sys.stdout.write(as_json(found, notes, context))
    else:
        sys.stdout.write(as_text(found, notes))
    return exit_code(found)
