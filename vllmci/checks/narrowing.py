"""Suggestions (`broad-entry`): a broad dependency entry (`vllm/`) of a step whose
tests live in one directory, and the narrower entry for it (`vllm/lora` for
`tests/lora`), found as `vllmci history --suggest` finds them
(`vllmci.history.suggest`). Given past changes (`--changes`, `--range`), each is
replayed as history replays it: the changes it would keep the step out of, and the
GPU-hours saved.

Not imported by `vllmci.checks` itself: it needs the replay (`vllmci.history`),
which needs `vllmci.checks.repository`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vllmci.catalog.durations import Durations
from vllmci.catalog.model import Catalog
from vllmci.checks.findings import Finding, at, line_of
from vllmci.checks.repository import Tree
from vllmci.history import document, suggest
from vllmci.history.replay import Replay, build_context, replay
from vllmci.history.source import Change
from vllmci.values import frozen

CODE = "broad-entry"
HINT = "pass --changes FILE or --range REVS to see the savings"
SAVINGS = ("gpu_hours_saved", "changes_dropped", "basis", "steps")
"""The keys of a `history --suggest` suggestion a finding's `savings` carries."""


@frozen
class Past:
    """The past changes to replay the suggestions on, and what a run costs."""

    changes: tuple[Change, ...]
    durations: Durations | None = None
    own: Path | None = None
    """What definition files are relative to (a step's own file counts), as in history."""


def broad_entries(catalog: Catalog, tree: Tree, past: Past | None) -> Iterator[Finding]:
    """A suggestion for every broad entry with a narrower counterpart, pipeline by
    pipeline; replayed (with the step's mirrors) when `past` is given."""
    for pipeline in catalog.pipelines():
        part = catalog.only(pipeline)
        found = tuple(suggest.every_candidate(part, tree))
        if not found:
            continue
        if past is None:
            yield from (_finding(part, c, None) for c in found)
            continue
        result = replay(part, past.changes, build_context(), pipeline, past.own,
                        past.durations)
        for item in suggest.replayed(result, found):
            yield _finding(part, item, _savings(item, result))


def _savings(item: suggest.Suggestion, result: Replay) -> dict[str, Any]:
    shown = document.suggestion_json(item)
    return {"changes_replayed": result.prs, **{k: shown[k] for k in SAVINGS}}


def _finding(catalog: Catalog, item: suggest.Candidate | suggest.Suggestion,
             savings: dict[str, Any] | None) -> Finding:
    origin = catalog.by_key[item.key].step.origin
    mirrors = len(suggest.narrowed_steps(catalog, item.key)) - 1
    narrowing = {"entry": item.entry, "replacement": item.replacement, "tests": item.tests,
                 "savings": savings}
    return Finding("suggestion", CODE, _message(item, mirrors, savings), key=item.key,
                   file=at(origin)["file"], line=line_of(origin, item.entry),
                   extra={"narrowing": narrowing})


def _message(item: suggest.Candidate | suggest.Suggestion, mirrors: int,
             savings: dict[str, Any] | None) -> str:
    head = (f"dependency entry {item.entry!r} starts it on any change below "
            f"{item.entry.rstrip('/')}/, but its tests live in {item.tests}: "
            f"{item.replacement!r} would do")
    if savings is None:
        return f"{head} ({HINT})"
    also = f"; its {mirrors} AMD mirror(s) included" if mirrors else ""
    return (f"{head}: replayed on {savings['changes_replayed']} past changes, it no longer "
            f"runs on {savings['changes_dropped']} of them, "
            f"{savings['gpu_hours_saved']:.1f} GPU-h saved ({savings['basis']}{also})")
