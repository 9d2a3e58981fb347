"""Python literals for the generated modules: readable, exact, ruff-clean.

Every literal is checked with `ast.literal_eval` against the value it stands for.
"""

from __future__ import annotations

import ast
from typing import Any

_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def literal(value: Any) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return repr(value)
    if isinstance(value, str):
        return string(value)
    if isinstance(value, tuple):
        inner = ", ".join(literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    raise TypeError(f"no literal for {type(value).__name__}")


def string(text: str) -> str:
    """Double quotes unless the text holds `"` and no `'`; a triple-quoted block for
    a multi-line command when that reads the same."""
    if "\n" in text:
        block = _block(text)
        if block is not None:
            return block
    quote = "'" if '"' in text and "'" not in text else '"'
    body = "".join(_escape(ch, quote) for ch in text)
    return _checked(f"{quote}{body}{quote}", text) or repr(text)


def is_block(text: str) -> bool:
    return "\n" in text and _block(text) is not None


def _escape(ch: str, quote: str) -> str:
    if ch == quote:
        return "\\" + ch
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if not ch.isprintable():
        return repr(ch)[1:-1]
    return ch


def _block(text: str) -> str | None:
    """`\"\"\"...\"\"\"` with the lines as they are, when nothing in them would change
    meaning or trip a linter (escapes, trailing blanks, tabs, the quotes themselves)."""
    unsafe = ('"""', "\\", "\t", "\r")
    if any(s in text for s in unsafe) or text.endswith('"'):
        return None
    if any(line != line.rstrip() for line in text.split("\n")):
        return None
    if not all(ch.isprintable() or ch == "\n" for ch in text):
        return None
    return _checked(f'"""{text}"""', text)


def _checked(source: str, text: str) -> str | None:
    try:
        return source if ast.literal_eval(source) == text else None
    except (SyntaxError, ValueError):
        return None
