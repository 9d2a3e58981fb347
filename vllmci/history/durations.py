"""The durations file: many Buildkite builds and JUnit reports, merged robustly.

Per step key: `minutes` is the median of its passed jobs' wall-clock minutes
(one job is one shard: what `--durations` multiplies by devices and shards),
`build_minutes` the median over builds of all its shards together (what shards
sized by time divide up). Per test file: the median of its seconds over the
reports that hold it. Medians, not means: one slow agent or a retried job does
not move them. A step with no Buildkite job takes its minutes from its passing
JUnit reports (test time only, no set-up: `basis` says which).

`--durations` reads the `durations` object; the rest is for people and `shards`.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from vllmci.errors import UsageError
from vllmci.history.buildkite import JobTime, read_builds
from vllmci.history.junit import Report, read_report
from vllmci.values import frozen

VERSION = 1


@frozen
class StepTimes:
    minutes: float
    jobs: int
    builds: int
    shards: int
    build_minutes: float
    shard_minutes: tuple[float, ...] = ()
    basis: str = "buildkite"


@frozen
class Measured:
    steps: dict[str, StepTimes]
    files: dict[str, dict[str, float]]
    sources: dict[str, int]


def _median(values: Iterable[float]) -> float:
    return float(statistics.median(list(values)))


def _shard_of(job: JobTime) -> int:
    return job.shard or 0


def _complete_builds(jobs: Sequence[JobTime], shards: int) -> list[float]:
    """Per build with a passed job for every shard: the sum of its shards' minutes."""
    by_build: dict[str, dict[int, float]] = defaultdict(dict)
    for job in jobs:
        by_build[job.build][_shard_of(job)] = job.minutes  # a retried shard: the last
    return [sum(s.values()) for s in by_build.values() if len(s) == shards]


def _step_from_jobs(jobs: Sequence[JobTime]) -> StepTimes:
    totals = Counter(j.shards or 1 for j in jobs)
    shards = totals.most_common(1)[0][0]
    same = [j for j in jobs if (j.shards or 1) == shards]
    minutes = _median(j.minutes for j in same)
    complete = _complete_builds(same, shards)
    per_shard = tuple(_median(j.minutes for j in same if _shard_of(j) == i)
                      if any(_shard_of(j) == i for j in same) else minutes
                      for i in range(shards))
    return StepTimes(minutes, len(jobs), len({j.build for j in jobs}), shards,
                     _median(complete) if complete else minutes * shards, per_shard)


def _step_from_reports(reports: Sequence[Report], files: dict[str, float]) -> StepTimes | None:
    passed = [r for r in reports if r.passed]
    if not passed:
        return None
    shards = len({r.shard for r in reports if r.shard is not None}) or 1
    return StepTimes(_median(r.seconds / 60 for r in passed), len(passed), 0, shards,
                     sum(files.values()) / 60, basis="junit")


def _files(reports: Sequence[Report]) -> dict[str, float]:
    seen: dict[str, list[float]] = defaultdict(list)
    for report in reports:
        for file, seconds in report.files.items():
            seen[file].append(seconds)
    return {f: _median(v) for f, v in sorted(seen.items())}


def measure(buildkite: Sequence[Path], junit: Sequence[str], command: str) -> Measured:
    """Read every file first (a bad one stops everything), then merge."""
    if not buildkite and not junit:
        raise UsageError(f"{command}: nothing to read: pass --from-buildkite FILE... "
                         "and/or --from-junit FILE...")
    reads = [read_builds(p) for p in buildkite]
    reports = [read_report(s) for s in junit]
    by_key: dict[str, list[JobTime]] = defaultdict(list)
    for job in (j for r in reads for j in r.jobs):
        by_key[job.key].append(job)
    steps = {k: _step_from_jobs(v) for k, v in sorted(by_key.items())}
    grouped: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        grouped[report.key].append(report)
    files = {k: _files(v) for k, v in sorted(grouped.items())}
    for key, group in grouped.items():
        found = _step_from_reports(group, files[key])
        if key not in steps and found is not None:
            steps[key] = found
    sources = {"buildkite_builds": sum(r.builds for r in reads),
               "ignored_jobs": sum(r.ignored for r in reads), "junit_reports": len(reports),
               "failed_files": sum(len(r.failed) for r in reports)}
    return Measured(dict(sorted(steps.items())), {k: v for k, v in files.items() if v}, sources)


def as_json(measured: Measured) -> dict[str, Any]:
    steps = {k: {**attrs.asdict(s), "minutes": round(s.minutes, 2),
                 "build_minutes": round(s.build_minutes, 2),
                 "shard_minutes": [round(m, 2) for m in s.shard_minutes]}
             for k, s in measured.steps.items()}
    return {"version": VERSION,
            "durations": {k: round(s.minutes, 2) for k, s in measured.steps.items()},
            "steps": steps,
            "files": {k: {f: round(t, 3) for f, t in v.items()}
                      for k, v in measured.files.items()},
            "sources": measured.sources}


def dumps(measured: Measured) -> str:
    return json.dumps(as_json(measured), indent=2, sort_keys=False) + "\n"


def summary(measured: Measured) -> str:
    src = measured.sources
    return (f"{len(measured.steps)} step(s) from {src['buildkite_builds']} build(s) "
            f"({src['ignored_jobs']} job(s) not passed, ignored) and "
            f"{src['junit_reports']} JUnit report(s); test files of "
            f"{len(measured.files)} step(s)")


def write_atomically(path: Path, text: str, flag: str) -> None:
    """Write `text` to `path` through a temporary file and a rename: never half-written."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise UsageError(f"{flag} {path}: no such directory {directory}")
    try:
        fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise UsageError(f"{flag} {path}: cannot write it: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise UsageError(f"{flag} {path}: cannot write it: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
