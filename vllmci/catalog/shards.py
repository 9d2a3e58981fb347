"""Shards sized by time: how many a step runs, and which test files each one runs.

`ByTime(target_minutes=20, max=8)` asks for as many shards as it takes for each
to run about `target_minutes`: the step's measured work (`build_minutes` of the
durations file: all its shards of one build together) divided by the target,
rounded up, between `min` and `max`. Without a measurement the step keeps its
declared `parallelism`, and the choice says so (`choose`).

Where the durations file has the step's test files and one of its commands is a
pytest run over one test directory (`pytest_run`), `balance` hands each shard a
list of them, longest first onto the shard with the least work (LPT: within 4/3
of the best split). `vllmci.emit.shards` writes the lists into the command.
`vllmci.catalog.effective.resolve` puts the pieces together for a build.
"""

from __future__ import annotations

import math
import posixpath
import re
import shlex
from collections.abc import Mapping, Sequence
from typing import Literal

from vllmci.define.parts import ByTime
from vllmci.values import frozen

Basis = Literal["fixed", "measured", "declared"]
SHARD_INDEX = "BUILDKITE_PARALLEL_JOB"
SHARD_OPTIONS = frozenset({"--shard-id", "--num-shards"})
"""The sharding options of vLLM's pytest commands: left out where files are handed out."""
VALUED = frozenset({"-m", "-k", "-n", "-c", "-p", "-o", "-W", "-r", "--deselect", "--ignore",
                    "--ignore-glob", "--junitxml", "--junit-xml", "--timeout", "--maxfail",
                    "--durations", "--basetemp", "--rootdir", "--confcutdir", "--dist",
                    "--tb", "--log-level", "--import-mode", "--capture", "--color",
                    *SHARD_OPTIONS})
"""pytest options whose value may be the next word."""
_OPERATOR = re.compile(r"[;&|<>()]+")
_EXPANDS = re.compile(r"[$`*?\[{~]")
"""What the shell would expand: a word holding it cannot be quoted again safely."""
WARNING = "warning: "
"""How `split` starts when every shard would run the same tests."""
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")


@frozen
class PytestRun:
    """One of a step's commands: pytest over one test directory."""

    index: int
    """Which of the step's commands it is."""
    runner: str
    """The command without its directory and sharding options, as `sh` words."""
    root: str
    ignored: tuple[str, ...] = ()
    """What its own `--ignore` options leave out."""

    def owns(self, file: str) -> bool:
        """Whether `file` lies in the directory and is not ignored by the command."""
        inside = file.startswith(self.root + "/") if self.root != "." else True
        return inside and not any(file == i or file.startswith(i + "/") for i in self.ignored)


@frozen
class Shards:
    """A step's shards in one build: how many, on what basis and why, and (when the
    durations know its test files) the files each shard runs."""

    count: int
    basis: Basis = "fixed"
    """fixed: `parallelism` without `ByTime`; measured or declared: sized by time."""
    reason: str = ""
    split: str = ""
    """How the tests are split among the shards (sized by time only)."""
    lists: tuple[tuple[str, ...], ...] = ()
    run: PytestRun | None = None

    @property
    def by_time(self) -> bool:
        return self.basis != "fixed"


def choose(key: str, by_time: ByTime, declared: int,
           build_minutes: float | None) -> tuple[int, Basis, str]:
    """The shard count of step `key`: sized by its measured minutes, else `declared`."""
    if build_minutes is None:
        return declared, "declared", (f"no measured duration for {key}: "
                                      f"parallelism={declared} as declared")
    wanted = math.ceil(build_minutes / by_time.target_minutes) if build_minutes else 1
    count = min(by_time.max, max(by_time.min, wanted))
    bound = (f" (capped at max={by_time.max})" if wanted > by_time.max else
             f" (raised to min={by_time.min})" if wanted < by_time.min else "")
    return count, "measured", (f"{build_minutes:g} measured minutes / "
                               f"{by_time.target_minutes:g} target -> {count} shard(s){bound}")


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


def _words(command: str) -> list[str] | None:
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        words = list(lexer)
    except ValueError:  # an unbalanced quote
        return None
    return None if any(_OPERATOR.fullmatch(w) for w in words) else words


def _runner_length(words: list[str]) -> int | None:
    """How many words start the command: `VAR=x ...`, then `pytest` or `python -m pytest`."""
    start = 0
    while start < len(words) and _ASSIGNMENT.match(words[start]):
        start += 1
    head = words[start:start + 3]
    if head[:1] and (head[0] == "pytest" or head[0].endswith("/pytest")):
        return start + 1
    if len(head) == 3 and re.fullmatch(r"python[0-9.]*", head[0]) and head[1:] == [
            "-m", "pytest"]:
        return start + 3
    return None


def pytest_run(command: str, index: int = 0) -> PytestRun | None:
    """`command` as a pytest run over one directory, or None when it is anything else
    (several targets, a file, shell operators, words the shell would expand)."""
    words = _words(command)
    start = _runner_length(words) if words else None
    if words is None or start is None:
        return None
    kept, targets, ignored = words[:start], [], []
    rest = iter(words[start:])
    for word in rest:
        name, _, value = word.partition("=")
        if not word.startswith("-"):
            targets.append(word)
            continue
        if name in VALUED and "=" not in word:
            value = next(rest, "")
            if name not in SHARD_OPTIONS:
                kept.extend((word, value))
        elif name not in SHARD_OPTIONS:
            kept.append(word)
        if name == "--ignore":
            ignored.append(posixpath.normpath(value))
    if len(targets) != 1 or targets[0].endswith(".py") or "::" in targets[0] or any(
            _EXPANDS.search(w) for w in (*kept, targets[0])):
        return None
    runner = " ".join(shlex.quote(w) for w in kept)
    return PytestRun(index, runner, posixpath.normpath(targets[0]), tuple(ignored))


def split(commands: Sequence[str], count: int,
          files: Mapping[str, float] | None) -> tuple[str, tuple[tuple[str, ...], ...],
                                                      PytestRun | None]:
    """How `count` shards split the tests: (what to say, the file lists, the command)."""
    if count < 2:
        return "one shard runs every test", (), None
    runs = [r for i, c in enumerate(commands) if (r := pytest_run(c, i)) is not None]
    owned = [(r, known) for r in runs
             if (known := {f: s for f, s in (files or {}).items() if r.owns(f)})]
    if len(owned) == 1:
        run, known = owned[0]
        return (f"{len(known)} measured test file(s) under {run.root} balanced by time; "
                "shard 0 also runs the files not measured"), balance(known, count), run
    why = ("no measured test files" if not files else
           "no pytest command over one test directory holds the measured test files"
           if not owned else "several pytest commands hold the measured test files")
    if not any(SHARD_INDEX in c for c in commands):
        return (f"{WARNING}{why}, and its commands never read ${SHARD_INDEX}: each of the "
                f"{count} shards runs every test"), (), None
    return f"{why}: the step's own sharding splits its tests", (), None
