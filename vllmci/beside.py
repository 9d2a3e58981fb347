"""Work that waits on another process, run beside the caller's own.

A plan's git commands spend most of their time waiting for git; the definitions take
their time in Python. `Beside` starts a function on a thread of its own and `result()`
joins it: what the function returned, or the exception it raised, re-raised in the
caller. Only work that waits goes beside: two Python computations would take turns on
one interpreter lock and gain nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

_T = TypeVar("_T")


class Beside(Generic[_T]):
    """`work()` running on its own (daemon) thread from construction on."""

    def __init__(self, work: Callable[[], _T]) -> None:
        self._work = work
        self._value: _T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._work()
        except BaseException as exc:  # handed to the caller by `result`
            self._error = exc

    def wait(self) -> None:
        """Wait for the work to end, whatever its outcome (`result` would raise it)."""
        self._thread.join()

    def result(self) -> _T:
        """Wait for the work to end; its value, or its exception raised here."""
        self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        return self._value  # type: ignore[return-value]
