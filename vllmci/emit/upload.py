"""Stage 8: upload. Pipe each document to `buildkite-agent pipeline upload`.

Documents are validated before the first upload, so a failure never leaves
half a pipeline that validation would have refused. A failed or hung upload
names which documents went up and which did not.

Retries of the bootstrap job: Buildkite refuses a second upload of step keys
already used in the build, so a retried bootstrap must not upload again what
an earlier try uploaded. Inside a build, after each accepted document vllmci
records `vllmci:<pipeline>:uploaded:<i>` = the document's sha256 in the build's
meta-data, and `vllmci:<pipeline>:uploaded` = `<count> <digest>` once every
document is up. A later try reads these records first:

- every earlier document is identical: those are skipped (said on stderr), the
  rest uploaded; a complete earlier upload makes the retry a no-op;
- the earlier try uploaded the *complete* pipeline, but of another plan (the
  base branch moved between tries): that pipeline stays, nothing is uploaded,
  a warning says so;
- the earlier try uploaded *part* of another plan: nothing is uploaded, the job
  fails (exit 4) naming the clashing documents: start a new build.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Callable, Sequence

import attrs

from vllmci.errors import UploadError
from vllmci.values import frozen

AGENT = "buildkite-agent"
# Seconds; read at call time, so tests (and callers) can shorten them.
UPLOAD_TIMEOUT: float = 300
ANNOTATE_TIMEOUT: float = 60
META_DATA_TIMEOUT: float = 60
ABSENT_STATUS = 100  # `meta-data exists`: the key is not set


@frozen
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


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _complete_value(documents: Sequence[str]) -> str:
    return f"{len(documents)} {digest(''.join(digest(d) for d in documents))}"


def _complaint(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit status {result.returncode}: {result.stderr.strip() or '(no output)'}"


@frozen
class Ledger:
    """What earlier tries of this job uploaded: the build's meta-data, one key a document."""

    agent: Agent
    scope: str

    def key(self, index: int | None = None) -> str:
        base = f"vllmci:{self.scope}:uploaded"
        return base if index is None else f"{base}:{index}"

    def read(self, key: str) -> str | None:
        """The recorded value, or None when nothing is recorded. Raises UploadError."""
        found = self.agent.run(["meta-data", "exists", key], "", META_DATA_TIMEOUT)
        if found.returncode == ABSENT_STATUS:
            return None
        if found.returncode != 0:
            raise UploadError(f"{AGENT} meta-data exists {key} failed with {_complaint(found)}")
        value = self.agent.run(["meta-data", "get", key], "", META_DATA_TIMEOUT)
        if value.returncode != 0:
            raise UploadError(f"{AGENT} meta-data get {key} failed with {_complaint(value)}")
        return value.stdout.strip()

    def write(self, key: str, value: str) -> str | None:
        """Record `value`; a warning instead of failing (the upload itself went through)."""
        try:
            result = self.agent.run(["meta-data", "set", key, value], "", META_DATA_TIMEOUT)
        except UploadError as error:
            return f"warning: upload not recorded ({error}); a retry of this job may fail"
        if result.returncode != 0:
            return (f"warning: upload not recorded: {AGENT} meta-data set {key} failed with "
                    f"{_complaint(result)}; a retry of this job may fail")
        return None


def ledger_for(agent: Agent, build_id: str, pipeline: str) -> Ledger | None:
    """The build's upload record, or None outside a Buildkite build (no build id)."""
    return Ledger(agent, pipeline) if build_id else None


@frozen
class Outcome:
    """What one upload did: documents (1-based) sent now, and skipped as already up."""

    total: int
    uploaded: tuple[int, ...] = ()
    already: tuple[int, ...] = ()
    kept_earlier: bool = False
    """An earlier try uploaded a complete pipeline of another plan; it was kept."""
    messages: tuple[str, ...] = ()


def upload(agent: Agent, documents: Sequence[str], timeout: float | None = None,
           ledger: Ledger | None = None) -> Outcome:
    """Upload every document in order; on failure say which went up.

    `timeout` (seconds per document) defaults to `UPLOAD_TIMEOUT`. With a
    `ledger`, documents an earlier try of this job uploaded are not sent again.
    """
    limit = UPLOAD_TIMEOUT if timeout is None else timeout
    if ledger is None or not documents:
        _send(agent, documents, range(1, len(documents) + 1), limit)
        return Outcome(len(documents), tuple(range(1, len(documents) + 1)))
    return _upload_once(agent, documents, limit, ledger)


def _upload_once(agent: Agent, documents: Sequence[str], limit: float,
                 ledger: Ledger) -> Outcome:
    total = len(documents)
    try:
        earlier = _earlier(ledger, total)
    except UploadError as error:
        warning = f"warning: cannot tell what earlier tries uploaded ({error}); uploading all"
        return attrs.evolve(_record(agent, documents, range(1, total + 1), limit, ledger),
                            messages=(warning,))
    complete, hashes = earlier
    if complete is not None:
        return _after_complete(documents, complete)
    already = _already(documents, hashes)
    todo = [i for i in range(1, total + 1) if i not in already]
    outcome = _record(agent, documents, todo, limit, ledger)
    messages = [_span_message(already, total)] if already else []
    return attrs.evolve(outcome, already=tuple(already),
                        messages=(*messages, *outcome.messages))


def _earlier(ledger: Ledger, total: int) -> tuple[str | None, dict[int, str]]:
    """The complete-upload record, and each recorded document digest (1-based)."""
    complete = ledger.read(ledger.key())
    if complete is not None:
        return complete, {}
    hashes = {}
    for index in range(1, total + 1):
        value = ledger.read(ledger.key(index))
        if value is None:
            break  # documents go up in order: nothing after a gap was uploaded
        hashes[index] = value
    return None, hashes


def _after_complete(documents: Sequence[str], complete: str) -> Outcome:
    total = len(documents)
    everything = tuple(range(1, total + 1))
    if complete == _complete_value(documents):
        return Outcome(total, already=everything, messages=(
            f"an earlier try of this job already uploaded all {total} document(s) of this "
            "plan: nothing to upload",))
    return Outcome(total, kept_earlier=True, messages=(
        "warning: an earlier try of this job uploaded a complete pipeline from a different "
        "plan (the base branch may have moved between tries); Buildkite refuses its step "
        "keys a second time, so that pipeline stays and nothing was uploaded now. Start a "
        "new build to run the current plan.",))


def _already(documents: Sequence[str], hashes: dict[int, str]) -> list[int]:
    """Documents an earlier partial try uploaded; UploadError when one differs."""
    clashes = [i for i, value in hashes.items() if value != digest(documents[i - 1])]
    if clashes:
        listed = ", ".join(str(i) for i in clashes)
        raise UploadError(
            f"an earlier try of this job uploaded document(s) {listed} of {len(documents)} "
            "with different content (the plan changed between tries, e.g. the base branch "
            "moved); uploading the rest would mix two plans and reuse step keys, so nothing "
            "was uploaded now. Start a new build.")
    return sorted(hashes)


def _span_message(already: list[int], total: int) -> str:
    span = _span(already[0], already[-1], total, "already uploaded")
    return f"{span} by an earlier try of this job (same content): not uploaded again"


def _record(agent: Agent, documents: Sequence[str], todo: Sequence[int], limit: float,
            ledger: Ledger) -> Outcome:
    """Upload `todo` in order, recording each; then record the complete pipeline."""
    warnings: list[str] = []

    def done(index: int) -> None:
        warning = ledger.write(ledger.key(index), digest(documents[index - 1]))
        if warning:
            warnings.append(warning)

    _send(agent, documents, todo, limit, done)
    warning = ledger.write(ledger.key(), _complete_value(documents))
    warnings.extend([warning] if warning else [])
    return Outcome(len(documents), tuple(todo), messages=tuple(dict.fromkeys(warnings)))


def _send(agent: Agent, documents: Sequence[str], todo: Sequence[int], limit: float,
          done: Callable[[int], None] | None = None) -> None:
    for index in todo:
        try:
            result = agent.run(["pipeline", "upload"], documents[index - 1], limit)
        except UploadError as error:
            raise UploadError(f"{error}; {progress(index, len(documents))}") from None
        if result.returncode != 0:
            stderr = result.stderr.strip() or "(no output)"
            raise UploadError(
                f"{AGENT} pipeline upload failed with exit status {result.returncode}; "
                f"{progress(index, len(documents))}\n{AGENT} said:\n{stderr}")
        if done is not None:
            done(index)


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
