"""Balanced shards as a command: each shard runs its own list of test files.

`vllmci.catalog.effective.resolve` says how many shards a step sized by time runs
and, when the durations know its test files, which files each runs. Here the
step's pytest command becomes one POSIX `sh` command (`shard_command`) that needs
nothing but `sh` and pytest, which vLLM's images have: a `case` on
`$BUILDKITE_PARALLEL_JOB`. Shard 0 runs the test directory minus every file the
other shards run (`--ignore=`), so a test file the durations do not know yet (a
new one) still runs there, never skipped.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence

import attrs

from vllmci.catalog.shards import SHARD_INDEX, Shards
from vllmci.define.step import Step


def shard_command(lists: Sequence[Sequence[str]], runner: str, root: str,
                  variable: str = SHARD_INDEX) -> str:
    """One `sh` command: `case $BUILDKITE_PARALLEL_JOB in ...`, each shard its files."""
    others = [f for files in lists[1:] for f in files]
    first = " ".join([runner, shlex.quote(root), *(f"--ignore={shlex.quote(f)}" for f in others)])
    arms = [f"0) {first} ;;"]
    for index, files in enumerate(lists[1:], 1):
        run = " ".join([runner, *map(shlex.quote, files)]) if files else "true"
        arms.append(f"{index}) {run} ;;")
    arms.append(f'*) echo "unknown shard ${variable}" >&2; exit 2 ;;')
    return f'case "${{{variable}:-0}}" in ' + " ".join(arms) + " esac"


def sharded(step: Step, shards: Shards) -> Step:
    """`step` with its pytest command replaced by the shards' file lists (unchanged
    when there are none)."""
    run = shards.run
    if run is None or not shards.lists:
        return step
    commands = list(step.commands)
    commands[run.index] = shard_command(shards.lists, run.runner, run.root)
    return attrs.evolve(step, commands=tuple(commands), origin=step.origin)
