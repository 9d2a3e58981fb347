"""The plan's values: each step's `Decision` and its reasons, and the `Plan`."""

from __future__ import annotations

import functools
from typing import Literal, NamedTuple

from vllmci.catalog.durations import Durations
from vllmci.catalog.model import Catalog
from vllmci.context import BuildContext
from vllmci.plan.changes import ChangeSet
from vllmci.values import frozen

Action = Literal["run", "block", "skip"]
FORK_REASON = "changed by a fork PR: needs a maintainer's click"


@frozen
class ForkReview:
    """What a fork's pull request changed in the definitions (read as text):
    the steps that must wait for a click, and what the plan must say about it."""

    keys: frozenset[str] = frozenset()
    notes: tuple[str, ...] = ()


class Match(NamedTuple):
    """A changed file and the dependency entry (or rule) that it matched.

    A tuple rather than an attrs class: an all-files diff makes 10^5 of them, and
    plain `(file, entry)` tuples are accepted wherever a Match is.
    """

    file: str
    entry: str

    def __str__(self) -> str:
        return show_match(self)


def show_match(match: tuple[str, str]) -> str:
    """`vllm/lora/layers.py ← vllm/lora`."""
    return f"{match[0]} ← {match[1]}"


@frozen
class Decision:
    """A step's fate and why: `notes` (rules), else each matched file and entry."""

    key: str
    action: Action
    notes: tuple[str, ...] = ()
    matches: tuple[Match, ...] = ()

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.notes or tuple(map(show_match, self.matches))


@frozen
class RunAllCause:
    """Why everything runs, when it does."""

    reason: str
    matches: tuple[Match, ...] = ()


@frozen
class Plan:
    pipeline: str
    catalog: Catalog
    changes: ChangeSet
    context: BuildContext
    decisions: tuple[Decision, ...]
    run_all: RunAllCause | None = None
    docs_only: bool = False
    inactive_run_all: tuple[Match, ...] = ()
    notes: tuple[str, ...] = ()
    """Things the reader must know about this plan (shown in text and annotation)."""
    gate_decisions: tuple[Decision, ...] = ()
    """Each gate and input: "block" (in the build, waits for a person) or "skip"."""
    durations: Durations | None = None
    """The measured durations given to this plan (`--durations`, `$VLLMCI_DURATIONS`):
    the cost and shards sized by time read them (`vllmci.catalog.effective.resolve`)."""

    @functools.cached_property
    def by_key(self) -> dict[str, Decision]:
        """Every step's and gate's decision by key."""
        return {d.key: d for d in (*self.decisions, *self.gate_decisions)}

    def decision(self, key: str) -> Decision:
        return self.by_key[key]

    def keys(self, action: Action) -> list[str]:
        return [d.key for d in self.decisions if d.action == action]
