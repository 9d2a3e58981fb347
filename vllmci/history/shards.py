"""Shards sized by time: how many, and which test files each one runs.

`ByTime(target_minutes=20, max=8)` asks for as many shards as it takes for each
to run about `target_minutes`: the step's measured work (`build_minutes` of the
durations file: all its shards of one build together) divided by the target,
rounded up, between `min` and `max`. Without a measurement the step keeps its
declared `parallelism`, and the choice says so.

`balance` hands each shard a list of test files, longest first onto the shard
with the least work (LPT: within 4/3 of the best split). `shard_command` turns
the lists into one POSIX `sh` command that needs nothing but `sh` and the test
runner: shard 0 runs the test root minus every file the other shards run, so a
test file the durations do not know yet (a new one) still runs, never skipped.
"""

from __future__ import annotations

import math
import shlex
from collections.abc import Mapping, Sequence
from typing import Literal

import attrs

from vllmci.errors import DefinitionError


def _positive(instance: object, attribute: attrs.Attribute, value: float) -> None:
    if not value > 0:
        raise DefinitionError(f"ByTime: {attribute.name} must be positive, got {value!r}",
                              field=attribute.name)


@attrs.frozen
class ByTime:
    """Shard by wall-clock time instead of a fixed `parallelism`."""

    target_minutes: float = attrs.field(validator=_positive)
    max: int = attrs.field(default=8, validator=_positive)
    min: int = attrs.field(default=1, validator=_positive)

    def __attrs_post_init__(self) -> None:
        if self.min > self.max:
            raise DefinitionError(f"ByTime: min={self.min} is above max={self.max}",
                                  field="min")


@attrs.frozen
class ShardChoice:
    count: int
    basis: Literal["measured", "declared"]
    reason: str


def choose(key: str, by_time: ByTime, declared: int,
           build_minutes: float | None) -> ShardChoice:
    """The shard count of step `key`: sized by its measured minutes, else `declared`."""
    if build_minutes is None:
        return ShardChoice(declared, "declared",
                           f"no measured duration for {key}: parallelism={declared} as declared")
    wanted = math.ceil(build_minutes / by_time.target_minutes) if build_minutes else 1
    count = min(by_time.max, max(by_time.min, wanted))
    bound = (f" (capped at max={by_time.max})" if wanted > by_time.max else
             f" (raised to min={by_time.min})" if wanted < by_time.min else "")
    return ShardChoice(count, "measured",
                       f"{build_minutes:g} measured minutes / {by_time.target_minutes:g} "
                       f"target -> {count} shard(s){bound}")


def balance(files: Mapping[str, float], shards: int) -> tuple[tuple[str, ...], ...]:
    """Longest-processing-time first: each file onto the least loaded shard."""
    if shards < 1:
        raise ValueError("at least one shard")
    loads = [0.0] * shards
    lists: list[list[str]] = [[] for _ in range(shards)]
    for file, seconds in sorted(files.items(), key=lambda kv: (-kv[1], kv[0])):
        target = min(range(shards), key=lambda i: (loads[i], i))
        loads[target] += seconds
        lists[target].append(file)
    return tuple(tuple(sorted(files_of)) for files_of in lists)


def shard_command(lists: Sequence[Sequence[str]], runner: str, root: str,
                  variable: str = "BUILDKITE_PARALLEL_JOB") -> str:
    """One `sh` command: `case $BUILDKITE_PARALLEL_JOB in ...`, each shard its files.

    Shard 0 runs `root` without the other shards' files (`--ignore`), so it also
    runs any test file the durations did not know.
    """
    others = [f for files in lists[1:] for f in files]
    first = " ".join([runner, shlex.quote(root), *(f"--ignore={shlex.quote(f)}" for f in others)])
    arms = [f"0) {first} ;;"]
    for index, files in enumerate(lists[1:], 1):
        run = " ".join([runner, *map(shlex.quote, files)]) if files else "true"
        arms.append(f"{index}) {run} ;;")
    arms.append(f'*) echo "unknown shard ${variable}" >&2; exit 2 ;;')
    return f'case "${{{variable}:-0}}" in ' + " ".join(arms) + " esac"
