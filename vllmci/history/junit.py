"""Test-file durations from JUnit XML as `pytest --junitxml` writes it.

A report is one job (one shard of one step in one build). Its `<testcase>`
times are summed per test file: the `file` attribute where pytest writes it
(`junit_family=xunit1`), else the file the `classname` names (`lora.test_x.TestY`
-> `lora/test_x.py`: trailing capitalised parts are classes), relative to where
pytest ran. A file with a failed or erroring test case does not count from that
report (a failure can cut it short or hang it to the timeout).

Which step a report belongs to: `KEY=FILE` (or `KEY@SHARD=FILE`) on the command
line, else the report's `<testsuite name>` when it is not pytest's default
(`pytest -o junit_suite_name=$BUILDKITE_STEP_KEY`).
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from vllmci.errors import UsageError
from vllmci.values import frozen

FLAG = "--from-junit"
DEFAULT_SUITE = "pytest"
_SPEC = re.compile(r"(?P<key>[A-Za-z0-9_.:-]+)(?:@(?P<shard>\d+))?=(?P<path>.+)")


@frozen
class Report:
    key: str
    path: str
    shard: int | None
    files: dict[str, float]
    """Seconds per test file, for files whose every test passed or was skipped."""
    failed: tuple[str, ...]
    seconds: float
    """Every test case's time, failed ones included."""

    @property
    def passed(self) -> bool:
        return not self.failed


def parse_spec(spec: str) -> tuple[str | None, int | None, Path]:
    """`KEY@SHARD=FILE`, `KEY=FILE` or `FILE`."""
    found = _SPEC.fullmatch(spec)
    if not found:
        return None, None, Path(spec)
    shard = found["shard"]
    return found["key"], int(shard) if shard is not None else None, Path(found["path"])


def read_report(spec: str) -> Report:
    key, shard, path = parse_spec(spec)
    root = _root(path)
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    if root.tag not in ("testsuite", "testsuites") or not suites:
        raise UsageError(f"{FLAG} {path}: not a JUnit report (root <{root.tag}>, expected "
                         "<testsuites> or <testsuite>)")
    key = key or _suite_key(suites, path)
    times: dict[str, float] = {}
    failed: set[str] = set()
    for case in (c for suite in suites for c in suite.iter("testcase")):
        file = _file_of(case, path)
        times[file] = times.get(file, 0.0) + _seconds(case, path)
        if case.find("failure") is not None or case.find("error") is not None:
            failed.add(file)
    kept = {f: t for f, t in sorted(times.items()) if f not in failed}
    return Report(key, str(path), shard, kept, tuple(sorted(failed)), math.fsum(times.values()))


def _root(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except OSError as exc:
        raise UsageError(f"{FLAG} {path}: cannot read it: {exc.strerror or exc}") from None
    except ET.ParseError as exc:
        raise UsageError(f"{FLAG} {path}: not well-formed XML ({exc})") from None


def _suite_key(suites: list[ET.Element], path: Path) -> str:
    names = {s.get("name", DEFAULT_SUITE) for s in suites} - {DEFAULT_SUITE, ""}
    if len(names) != 1:
        raise UsageError(f"{FLAG} {path}: which step is it? pass KEY={path} (its testsuite "
                         "name is pytest's default)")
    return names.pop()


def _seconds(case: ET.Element, path: Path) -> float:
    raw = case.get("time", "0")
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not math.isfinite(value) or value < 0:
        raise UsageError(f"{FLAG} {path}: testcase {case.get('name')!r} has time={raw!r}, "
                         "not a number of seconds")
    return value


def _file_of(case: ET.Element, path: Path) -> str:
    if case.get("file"):
        return str(case.get("file"))
    parts = (case.get("classname") or "").split(".")
    while parts and parts[-1][:1].isupper():
        parts.pop()
    if not any(parts):
        raise UsageError(f"{FLAG} {path}: testcase {case.get('name')!r} names no file "
                         "(no file or classname attribute)")
    return "/".join(parts) + ".py"
