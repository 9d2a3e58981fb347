"""Definition errors (what loading the catalog refuses) as check findings.

The catalog collects every cross-step error of one pass (`DefinitionErrors`);
an error that stops a module from importing at all comes alone.
"""

from __future__ import annotations

from vllmci.checks.findings import Finding, shown_path
from vllmci.errors import DefinitionError, DefinitionErrors

DEFINITION_ERROR = "definition-error"


def code_of(error: DefinitionError) -> str:
    """The finding code of one definition error, from its field and message."""
    field, detail = error.field or "", error.detail
    if field == "key":
        return "duplicate-key" if detail.startswith("duplicate key") else "invalid-key"
    if field == "depends_on":
        return "dependency-cycle" if "cycle" in detail else "dangling-depends-on"
    if field in ("device", "amd.device", "num_devices"):
        return "no-queue"
    if field == "concurrency":
        return "concurrency-without-group"
    return DEFINITION_ERROR


def finding(error: DefinitionError) -> Finding:
    field = f"field {error.field!r}" if error.field else None
    message = ": ".join(p for p in (error.part, field, error.detail) if p)  # mirror, field
    return Finding("error", code_of(error), message, key=error.key,
                   file=shown_path(error.file), line=error.line or None)


def definition_findings(error: DefinitionError | DefinitionErrors) -> list[Finding]:
    errors = error.errors if isinstance(error, DefinitionErrors) else (error,)
    return [finding(e) for e in errors]
