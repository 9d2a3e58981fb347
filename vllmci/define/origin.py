"""Where a definition object was written: the file and line of its constructor call."""

from __future__ import annotations

import sys
from pathlib import Path

import attrs

_ENGINE_DIR = str(Path(__file__).resolve().parent) + "/"


@attrs.frozen
class Origin:
    file: str = "<unknown>"
    line: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


def caller_origin() -> Origin:
    """The first frame outside vllmci and attrs' generated code."""
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_code.co_filename
        if not name.startswith("<") and not name.startswith(_ENGINE_DIR):
            return Origin(file=name, line=frame.f_lineno)
        frame = frame.f_back
    return Origin()
