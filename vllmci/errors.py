"""Every error vllmci reports to a user, each with its exit code.

`cli.main` catches `VllmciError` and exits with `exit_code`; anything else is a
bug and is reported with a traceback and exit code 3.
"""

from __future__ import annotations

from collections.abc import Iterable

USAGE_EXIT = 2
UPLOAD_EXIT = 4
BUG_EXIT = 3
CHECK_FAILED_EXIT = 1


class VllmciError(Exception):
    """Base class: a problem the user can fix; never shown with a traceback."""

    exit_code = USAGE_EXIT


class UsageError(VllmciError):
    """Bad command-line flags or environment values."""


class DefinitionError(VllmciError):
    """A pipeline definition is wrong: names the file, line, step key and field."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        key: str | None = None,
        field: str | None = None,
        kind: str = "step",
        part: str | None = None,
    ) -> None:
        self.detail = message
        self.file = file
        self.line = line
        self.key = key
        self.field = field
        self.kind = kind
        """What `key` names: a step, gate, input or group."""
        self.part = part
        """The part of it the error is in, e.g. "AMD mirror 'mi300_1'"."""
        super().__init__(self._render())

    def _render(self) -> str:
        where = self.file or "<definitions>"
        if self.line:
            where += f":{self.line}"
        parts = [where]
        if self.key:
            parts.append(f"{self.kind} {self.key!r}")
        if self.part:
            parts.append(self.part)
        if self.field:
            parts.append(f"field {self.field!r}")
        return ": ".join(parts) + f": {self.detail}"


class DefinitionErrors(VllmciError):
    """Several definition errors found in one pass, reported together."""

    def __init__(self, errors: Iterable[DefinitionError]) -> None:
        self.errors = tuple(errors)
        lines = [str(error) for error in self.errors]
        super().__init__("\n".join(lines))


class GitError(VllmciError):
    """The diff could not be computed (inside a build this becomes a fallback)."""


class ValidationError(VllmciError):
    """The generated pipeline breaks the schema or a Buildkite rule."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        listing = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(
            f"generated pipeline is invalid ({len(self.problems)} problem(s)); "
            f"nothing was uploaded:\n{listing}"
        )


class UploadError(VllmciError):
    """`buildkite-agent pipeline upload` is missing, failed or hung."""

    exit_code = UPLOAD_EXIT


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix, or '' when nothing is close."""
    import difflib  # only a mistake needs it: kept off the start-up path

    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
