"""How text reports fit a terminal: its width, wrapping that never cuts a key, and
colour (only when asked: `commands.common.colour` decides)."""

from __future__ import annotations

import os
import shutil
import sys
import textwrap

DEFAULT_WIDTH = 100
"""The width when there is no terminal and no `COLUMNS` (CI logs, pipes)."""
MIN_WIDTH = 40
COLOURS = {"run": "\033[32m", "block": "\033[33m", "skip": "\033[2m", "warn": "\033[1;31m",
           "head": "\033[1m", "dim": "\033[2m"}
RESET = "\033[0m"


def width() -> int:
    """`COLUMNS`, else the terminal's width, else (a pipe, a CI log) `DEFAULT_WIDTH`."""
    if not os.environ.get("COLUMNS", "").strip().isdigit() and not sys.stdout.isatty():
        return DEFAULT_WIDTH
    return max(MIN_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)


def paint(text: str, kind: str, colour: bool) -> str:
    return f"{COLOURS[kind]}{text}{RESET}" if colour and text else text


def wrap(text: str, width: int, first: str = "", rest: str | None = None, *,
         keys: bool = False) -> list[str]:
    """`text` wrapped to `width` after `first` (later lines after `rest`, default spaces
    as wide as `first`), at spaces; a word longer than a line (a path) is broken
    unless the text holds `keys`, which are never broken."""
    rest = " " * len(first) if rest is None else rest
    return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest,
                         break_long_words=not keys, break_on_hyphens=False) or [first.rstrip()]


def items(parts: list[str], width: int, indent: str = "", sep: str = " · ") -> list[str]:
    """Parts joined by `sep` in lines of `width`, broken only between parts."""
    lines: list[str] = []
    line = ""
    for part in parts:
        if line and len(indent) + len(line) + len(sep) + len(part) > width:
            lines.append(indent + line + sep.rstrip())
            line = part
        else:
            line = f"{line}{sep}{part}" if line else part
    return [*lines, indent + line] if line else lines


def clip(text: str, width: int) -> str:
    """Cut `text` to `width` with an ellipsis (never used for keys)."""
    return text if len(text) <= width else text[: width - 1] + "…"
