"""Where a definition object was written: the file and line of its constructor call."""

from __future__ import annotations

import ast
import functools
import sys
from pathlib import Path

from vllmci.values import frozen

_ENGINE_DIR = str(Path(__file__).resolve().parent) + "/"


@frozen
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


KEYED_CALLS = {"Step": "step", "Gate": "gate", "Input": "input"}


def enclosing(origin: Origin, inner: str) -> tuple[str, str] | None:
    """The kind and key of the `Step(...)`, `Gate(...)` or `Input(...)` call written
    around the `inner(...)` call at `origin` (read from the source, for messages: an
    `AmdMirror(...)` is made before the step that holds it)."""
    try:
        stat = Path(origin.file).stat()
        tree = _parsed(origin.file, stat.st_mtime_ns, stat.st_size)
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return None
    best: tuple[int, str, str] | None = None
    for node in ast.walk(tree):
        kind = KEYED_CALLS.get(_called(node))
        if kind is None or not _spans(node, origin.line):
            continue
        if not any(_called(n) == inner and _spans(n, origin.line) for n in ast.walk(node)):
            continue
        key = next((k.value.value for k in node.keywords  # type: ignore[attr-defined]
                    if k.arg == "key" and isinstance(k.value, ast.Constant)
                    and isinstance(k.value.value, str)), None)
        if key is not None and (best is None or node.lineno >= best[0]):
            best = (node.lineno, kind, key)
    return best[1:] if best else None


@functools.lru_cache(maxsize=8)
def _parsed(file: str, mtime_ns: int, size: int) -> ast.Module:
    """A source file's syntax tree, parsed once while it is unchanged (a module with
    many mistakes is read once for all their messages)."""
    return ast.parse(Path(file).read_text(encoding="utf-8"))


def _called(node: ast.AST) -> str:
    if not isinstance(node, ast.Call):
        return ""
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _spans(node: ast.AST, line: int) -> bool:
    start, end = getattr(node, "lineno", 0), getattr(node, "end_lineno", 0) or 0
    return start <= line <= end
