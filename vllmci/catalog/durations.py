"""Measured durations: the file `vllmci durations` writes (docs/cost.md), read for
`plan` and `upload` (`--durations FILE`, else `$VLLMCI_DURATIONS`).

Three parts, each optional: `durations` (step key -> median minutes of one job: the
cost), `steps.KEY.build_minutes` (all of a step's shards in one build: what shards
sized by time divide up) and `files.KEY` (test file -> median seconds, relative to
where pytest ran: what balanced shards hand out). A plain `{"key": minutes}` object
is a `durations` part alone.

Everything is checked when the file is read: a malformed file stops the command
(exit 2) naming the file and the place in it, before anything is built or uploaded.
A test file's name goes into the emitted commands, so it must be a plain relative
path: no option (`-k ...`), no `..`, nothing absolute.
"""

from __future__ import annotations

import json
import math
import os
import posixpath
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from vllmci.errors import UsageError
from vllmci.values import frozen

VERSION = 1
VARIABLE = "VLLMCI_DURATIONS"
PARTS = ("version", "durations", "steps", "files", "sources")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@frozen
class Durations:
    minutes: dict[str, float] = attrs.field(factory=dict)
    """Step key -> median minutes of one job (one shard)."""
    build_minutes: dict[str, float] = attrs.field(factory=dict)
    """Step key -> median minutes of all its shards in one build."""
    files: dict[str, dict[str, float]] = attrs.field(factory=dict)
    """Step key -> test file -> median seconds."""
    source: str = ""
    """How it was named: `--durations FILE` or `$VLLMCI_DURATIONS=FILE`."""

    @property
    def measures_steps(self) -> bool:
        """Whether it prices any step (a job's or a build's minutes)."""
        return bool(self.minutes or self.build_minutes)


class _Bad(ValueError):
    """A problem at one place of the file."""


def find(flag: Path | None, repo: Path, env: Mapping[str, str] | None = None
         ) -> Durations | None:
    """`--durations FILE` (relative to the current directory), else
    `$VLLMCI_DURATIONS` (relative to `--repo`, as `$VLLMCI_PIPELINES` is), else none."""
    env = os.environ if env is None else env
    if flag is not None:
        return load(flag, f"--durations {flag}")
    named = env.get(VARIABLE, "").strip()
    return load(repo / named, f"{VARIABLE}={named}") if named else None


def load(path: Path, named: str) -> Durations:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{named}: cannot read it: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise UsageError(f"{named}: cannot read it as JSON: {exc}") from None
    try:
        return _parse(data, named)
    except _Bad as exc:
        raise UsageError(f"{named}: {exc}") from None


def _parse(data: Any, named: str) -> Durations:
    if not isinstance(data, dict):
        raise _Bad(f"expected an object of step key -> minutes, got {_kind(data)}")
    if not any(part in data for part in PARTS):  # the plain form: {"lora": 12.5}
        return Durations(_numbers(data, "", "minutes"), source=named)
    version = data.get("version", VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version > VERSION:
        raise _Bad(f"version {version!r}: this vllmci reads version {VERSION} (written by "
                   "a newer vllmci? rewrite it with this one's `vllmci durations`)")
    steps = _object(data.get("steps", {}), "steps")
    return Durations(
        minutes=_numbers(data.get("durations", {}), "durations.", "minutes"),
        build_minutes={key: minutes for key, step in steps.items()
                       if (minutes := _build_minutes(step, key)) is not None},
        files={key: _files(value, key) for key, value in
               _object(data.get("files", {}), "files").items()},
        source=named)


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(f"{where}: expected an object, got {_kind(value)}")
    return value


def _number(value: Any, where: str, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not (
            math.isfinite(value) and value >= 0):
        raise _Bad(f"{where}: expected {what} (a number >= 0), got {json.dumps(value)}")
    return float(value)


def _numbers(value: Any, prefix: str, what: str) -> dict[str, float]:
    table = _object(value, prefix.rstrip(".") or "the file")
    return {key: _number(v, f"{prefix}{key}", what) for key, v in table.items()}


def _build_minutes(step: Any, key: str) -> float | None:
    found = _object(step, f"steps.{key}").get("build_minutes")
    return None if found is None else _number(found, f"steps.{key}.build_minutes", "minutes")


def _files(value: Any, key: str) -> dict[str, float]:
    table = _object(value, f"files.{key}")
    for name in table:
        _test_file(name, f"files.{key}")
    return {name: _number(v, f"files.{key}[{json.dumps(name)}]", "seconds")
            for name, v in table.items()}


def _test_file(name: str, where: str) -> None:
    parts = name.split("/")
    if (not name or name.startswith(("-", "/")) or ".." in parts or "::" in name
            or _CONTROL.search(name) or posixpath.normpath(name) != name):
        raise _Bad(f"{where}: {json.dumps(name)} is not a test file's plain path relative "
                   "to where pytest ran")
