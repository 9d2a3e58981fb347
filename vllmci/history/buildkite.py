"""Job durations from Buildkite's REST API build JSON.

`GET /v2/organizations/{org}/pipelines/{pipeline}/builds/{number}` returns one
build, `.../builds` a list of them; either (or a file of either) is read. Of each
build's `jobs`, only command jobs (`type: script`) that passed count: their
`step_key`, shard (`parallel_group_index` of `parallel_group_total`) and
`finished_at - started_at`. Failed, soft-failed, timed-out, cancelled, skipped
or never-run jobs are counted as ignored, never as a duration; waiters, block
steps and triggers are not jobs that take time on an agent.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from vllmci.errors import UsageError
from vllmci.values import frozen

FLAG = "--from-buildkite"


@frozen
class JobTime:
    """One passed job of one build."""

    key: str
    build: str
    minutes: float
    shard: int | None = None
    shards: int | None = None


@frozen
class BuildkiteRead:
    jobs: tuple[JobTime, ...]
    builds: int
    ignored: int
    """Command jobs that did not pass, or have no step key."""


class _Bad(ValueError):
    """A problem in the file, reported with where it is."""


def read_builds(path: Path) -> BuildkiteRead:
    """Every passed job of every build in `path`; a malformed file is a UsageError."""
    data = _load(path)
    builds = data if isinstance(data, list) else [data]
    jobs: list[JobTime] = []
    ignored = 0
    for number, build in enumerate(builds):
        try:
            found, skipped = _build(build, number)
        except _Bad as exc:
            raise UsageError(f"{FLAG} {path}: build {number}: {exc}") from None
        jobs.extend(found)
        ignored += skipped
    return BuildkiteRead(tuple(jobs), len(builds), ignored)


def _load(path: Path) -> Any:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{FLAG} {path}: cannot read it: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{FLAG} {path}: not JSON ({exc})") from None
    if not isinstance(data, dict | list) or (isinstance(data, list) and not data):
        raise UsageError(f"{FLAG} {path}: expected a build object or a list of builds "
                         "(Buildkite's REST API JSON)")
    return data


def _build(build: Any, number: int) -> tuple[list[JobTime], int]:
    if not isinstance(build, dict) or not isinstance(build.get("jobs"), list):
        raise _Bad('no "jobs" list: is this a build from Buildkite\'s REST API '
                   "(GET .../builds/{number})?")
    name = str(build.get("id") or build.get("number") or number)
    found, ignored = [], 0
    for index, job in enumerate(build["jobs"]):
        if not isinstance(job, dict):
            raise _Bad(f"jobs[{index}] is not an object")
        if job.get("type", "script") != "script":
            continue
        if job.get("state") != "passed" or not isinstance(job.get("step_key"), str):
            ignored += 1
            continue
        try:
            found.append(_job(job, name))
        except _Bad as exc:
            raise _Bad(f"jobs[{index}] ({job['step_key']}): {exc}") from None
    return found, ignored


def _job(job: dict[str, Any], build: str) -> JobTime:
    started, finished = _time(job, "started_at"), _time(job, "finished_at")
    seconds = (finished - started).total_seconds()
    if seconds < 0:
        raise _Bad("finished_at is before started_at")
    return JobTime(job["step_key"], build, seconds / 60, _index(job, "parallel_group_index"),
                   _index(job, "parallel_group_total"))


def _time(job: dict[str, Any], field: str) -> datetime:
    raw = job.get(field)
    if not isinstance(raw, str):
        raise _Bad(f"a passed job needs {field} (got {raw!r})")
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise _Bad(f"{field} {raw!r} is not an ISO 8601 time") from None
    if value.tzinfo is None:
        raise _Bad(f"{field} {raw!r} has no time zone")
    return value


def _index(job: dict[str, Any], field: str) -> int | None:
    raw = job.get(field)
    if raw is None:
        return None
    if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
        raise _Bad(f"{field} must be a whole number, got {raw!r}")
    return raw

