"""Stage 8: upload. Pipe each document to `buildkite-agent pipeline upload`.

Documents are validated before the first upload, so a failure never leaves
half a pipeline that validation would have refused. A failed or hung upload
names which documents went up and which did not.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence

import attrs

from vllmci.errors import UploadError

AGENT = "buildkite-agent"
# Seconds; read at call time, so tests (and callers) can shorten them.
UPLOAD_TIMEOUT: float = 300
ANNOTATE_TIMEOUT: float = 60


@attrs.frozen
class Agent:
    """The `buildkite-agent` executable found on PATH."""

    path: str

    @classmethod
    def find(cls) -> Agent:
        path = shutil.which(AGENT)
        if not path:
            raise UploadError(f"{AGENT} was not found on PATH; nothing was uploaded "
                              "(use --dry-run to print the pipeline instead)")
        return cls(path)

    def run(self, args: Sequence[str], text: str,
            timeout: float) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run([self.path, *args], input=text, text=True,
                                  encoding="utf-8", errors="replace",
                                  capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise UploadError(f"{AGENT} {' '.join(args)} did not finish within "
                              f"{timeout:g}s and was stopped") from None
        except OSError as exc:
            raise UploadError(f"{AGENT} could not be started: {exc}") from None


def upload(agent: Agent, documents: Sequence[str], timeout: float | None = None) -> None:
    """Upload every document in order; on failure say which went up.

    `timeout` (seconds per document) defaults to `UPLOAD_TIMEOUT`.
    """
    limit = UPLOAD_TIMEOUT if timeout is None else timeout
    for index, text in enumerate(documents, 1):
        try:
            result = agent.run(["pipeline", "upload"], text, limit)
        except UploadError as error:
            raise UploadError(f"{error}; {progress(index, len(documents))}") from None
        if result.returncode != 0:
            stderr = result.stderr.strip() or "(no output)"
            raise UploadError(
                f"{AGENT} pipeline upload failed with exit status {result.returncode}; "
                f"{progress(index, len(documents))}\n{AGENT} said:\n{stderr}")


def progress(failed: int, total: int) -> str:
    """Which documents went up when document `failed` (1-based) of `total` did not."""
    if failed == 1:
        return "nothing was uploaded"
    return f"{_span(1, failed - 1, total, 'uploaded')}, {_span(failed, total, total, 'not')}"


def _span(first: int, last: int, total: int, what: str) -> str:
    if first == last:
        return f"document {first} of {total} was {what}"
    return f"documents {first}-{last} of {total} were {what}"


def annotate(agent: Agent, body: str, *, context: str, style: str) -> str | None:
    """Write a Buildkite annotation; return a warning instead of failing."""
    args = ["annotate", "--context", context, "--style", style]
    try:
        result = agent.run(args, body, ANNOTATE_TIMEOUT)
    except UploadError as error:
        return f"warning: annotation not written: {error}"
    if result.returncode != 0:
        stderr = result.stderr.strip() or "(no output)"
        return (f"warning: {AGENT} annotate failed with exit status {result.returncode}: "
                f"{stderr}")
    return None
