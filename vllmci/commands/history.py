"""`vllmci history`: replay past changes, what each step costs and why, and what a
change to the definitions would save (docs/cost.md)."""

from __future__ import annotations

import argparse
import sys

import attrs

from vllmci.checks import repository
from vllmci.errors import UsageError
from vllmci.history import definitions, document, source, stats, suggest, text, whatif
from vllmci.history.replay import Replay, build_context, replay
from vllmci.history.source import Change
from vllmci.report import cost
from vllmci.stages import find_definitions


def run(args: argparse.Namespace) -> int:
    if args.suggest and (args.against or args.what_if):
        raise UsageError("--suggest replays one set of definitions: not with --what-if "
                         "or --against")
    changes = _changes(args)
    current = _current(args)
    if args.against is not None:
        found = find_definitions(args.repo, args.pipelines)
        before = definitions.at_ref(found.directory, args.against, args.pipeline,
                                    own_files=found.in_checkout)
        return _what_if(args, changes, before, current)
    if args.what_if is not None:
        # OTHER's files are not the repository's: neither side counts its own files
        after = definitions.from_directory(args.repo / args.what_if, args.pipeline,
                                           None, f"--what-if {args.what_if}")
        return _what_if(args, changes, attrs.evolve(current, own=None), after)
    return _history(args, _replay(args, changes, current))


def _history(args: argparse.Namespace, result: Replay) -> int:
    history = stats.summarise(result)
    found = _suggestions(args, result, history)
    if args.format == "json":
        data = document.history_json(history, args.build)
        if found is not None:
            data["suggestions"] = document.suggestions_json(found)
        sys.stdout.write(document.dumps(data))
    else:
        sys.stdout.write(text.history_text(history, args.top, args.sort))
        if found is not None:
            sys.stdout.write(text.suggestion_text(found, history.prs))
    _html(args, history, None)
    return 0


def _suggestions(args: argparse.Namespace, result: Replay,
                 history: stats.History) -> tuple[suggest.Suggestion, ...] | None:
    if not args.suggest:
        return None
    tree = repository.file_tree(args.tree) if args.tree else repository.git_tree(args.repo)
    if tree is None:
        raise UsageError(f"--suggest needs the repository's files: --tree FILE, or --repo "
                         f"a git checkout ({args.repo} is not one)")
    return suggest.suggest(result, history, tree)


def _changes(args: argparse.Namespace) -> tuple[Change, ...]:
    return source.from_flags(args.changes, args.range, args.repo) or ()  # one is required


def _current(args: argparse.Namespace) -> definitions.Definitions:
    found = find_definitions(args.repo, args.pipelines)
    own = args.repo if found.in_checkout else None
    return definitions.from_directory(found.directory, args.pipeline, own, found.why)


def _replay(args: argparse.Namespace, changes: tuple[Change, ...],
            chosen: definitions.Definitions) -> Replay:
    durations = cost.load_durations(args.durations) if args.durations else None
    return replay(chosen.catalog, changes, build_context(args.build), args.pipeline,
                  chosen.own, durations, chosen.label)


def _what_if(args: argparse.Namespace, changes: tuple[Change, ...],
             before: definitions.Definitions, after: definitions.Definitions) -> int:
    old, new = _replay(args, changes, before), _replay(args, changes, after)
    result = whatif.compare(old, new)
    if args.format == "json":
        sys.stdout.write(document.dumps(document.whatif_json(result)))
    else:
        sys.stdout.write(text.whatif_text(result, args.top))
    _html(args, stats.summarise(new), result)
    return 0


def _html(args: argparse.Namespace, history: stats.History,
          result: whatif.WhatIf | None) -> None:
    if args.html is None:
        return
    from vllmci.history import html
    from vllmci.history.durations import write_atomically

    write_atomically(args.html, html.report(history, result, args.build), "--html")
    print(f"vllmci: wrote {args.html}", file=sys.stderr)
