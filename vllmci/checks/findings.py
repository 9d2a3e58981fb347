"""What `vllmci check` reports: one finding per problem, with where to fix it."""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs

from vllmci.define.origin import Origin
from vllmci.errors import CHECK_FAILED_EXIT
from vllmci.values import frozen

Level = Literal["error", "warning", "suggestion"]
LEVELS: tuple[Level, ...] = ("error", "warning", "suggestion")
"""Errors fail `check` (exit 1); warnings and suggestions never do."""
# How far below a step's constructor line an entry's own line is looked for.
_SEARCH_LINES = 200


@frozen
class Finding:
    """One problem: `code` names its kind (docs/check.md lists every code)."""

    level: Level
    code: str
    message: str
    key: str | None = None
    file: str | None = None
    line: int | None = None
    extra: Mapping[str, Any] | None = attrs.field(default=None, eq=False, repr=False)
    """More keys of the finding's JSON object (a `broad-entry`'s `narrowing`)."""

    @property
    def where(self) -> str:
        if not self.file:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file

    def as_text(self) -> str:
        """`file:line: level: code: step 'key': message`, parts absent when unknown."""
        parts = [self.where] if self.file else []
        parts += [self.level, self.code]
        if self.key:
            parts.append(f"step {self.key!r}")
        return ": ".join([*parts, self.message])

    def as_json(self) -> dict[str, Any]:
        base = attrs.asdict(self, filter=lambda a, _: a.name != "extra")
        return {**base, **(self.extra or {})}

    def sort_key(self) -> tuple[Any, ...]:
        return (LEVELS.index(self.level), self.code, self.file or "", self.line or 0,
                self.key or "", self.message)


def shown_path(path: str | None) -> str | None:
    """A definition file as the reader can open it: relative to the working directory
    when below it, else as given."""
    if not path or path.startswith("<"):
        return path
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path


def at(origin: Origin) -> dict[str, Any]:
    """`file` and `line` keyword arguments for a Finding from a definition's origin."""
    return {"file": shown_path(origin.file), "line": origin.line or None}


@functools.lru_cache(maxsize=256)
def _lines(path: str) -> tuple[str, ...]:
    try:
        return tuple(Path(path).read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()


def line_of(origin: Origin, text: str) -> int | None:
    """The line holding the string literal `text` at or below `origin` (a step's
    constructor call), else the constructor's own line."""
    lines = _lines(origin.file)
    start = max(origin.line - 1, 0)
    quoted = (f'"{text}"', f"'{text}'")
    for number in range(start, min(start + _SEARCH_LINES, len(lines))):
        if any(q in lines[number] for q in quoted):
            return number + 1
    return origin.line or None


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then by code and place; duplicates dropped."""
    return sorted(set(findings), key=Finding.sort_key)


def exit_code(findings: Iterable[Finding]) -> int:
    return CHECK_FAILED_EXIT if any(f.level == "error" for f in findings) else 0


def summary(findings: list[Finding]) -> dict[str, Any]:
    levels = Counter(f.level for f in findings)
    return {"errors": levels["error"], "warnings": levels["warning"],
            "suggestions": levels["suggestion"],
            "by_code": dict(sorted(Counter(f.code for f in findings).items()))}


def as_json(findings: list[Finding], notes: list[str], context: dict[str, Any]) -> str:
    document = {**context, "summary": summary(findings), "notes": notes,
                "findings": [f.as_json() for f in findings]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def as_text(findings: list[Finding], notes: list[str]) -> str:
    lines = [f.as_text() for f in findings]
    lines.extend(f"note: {note}" for note in notes)
    counts = summary(findings)
    by_code = ", ".join(f"{code} {n}" for code, n in counts["by_code"].items())
    suggestions = f", {counts['suggestions']} suggestion(s)" if counts["suggestions"] else ""
    lines.append(f"{counts['errors']} error(s), {counts['warnings']} warning(s)"
                 + suggestions + (f" ({by_code})" if by_code else ""))
    return "\n".join(lines) + "\n"
