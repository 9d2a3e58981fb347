"""Secrets never travel as literal values in a generated pipeline.

Buildkite's agent redacts the values of variables whose names match its
`redacted-vars` patterns (`*_TOKEN`, `*_SECRET`, ...) from job logs, but a
value written into a pipeline is stored with the build and shown on its page:
redaction never reaches it. So a variable with a secret-looking name may only
be *passed through* (the docker plugin's bare `NAME`, a Kubernetes
`valueFrom` secret reference) or *refer* to a variable of the agent's
environment (`$$NAME`, `$${NAME}`: the job reads it at run time).

Where values are looked at, in every upload document:

- `env` maps at pipeline level and on each step;
- plugin `environment` entries of the form `NAME=value` (a bare `NAME` is a
  pass-through) and `environment` / `env` maps inside plugin settings;
- Kubernetes `env` lists (`{"name": ..., "value": ...}`) anywhere in a plugin's
  settings (`podSpec`, `podSpecPatch`, init containers, ...).

And anywhere in a document: an interpolation the agent performs at upload time
(`$NAME`, `${NAME}`, one `$`) of a secret-looking variable, which would copy
the bootstrap's secret into the uploaded pipeline.

Problems name the document, the step and the variable, never the value.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Iterator
from typing import Any

from vllmci.emit.walk import (
    Document,
    as_list,
    dollar_strings,
    step_name,
    steps_of,
    upload_time_names,
)

# The agent's default `redacted-vars`, plus the API keys its secret scanner
# (`pipeline upload --reject-secrets`) is commonly configured with.
SECRET_PATTERNS: tuple[str, ...] = (
    "*_TOKEN",
    "*_SECRET",
    "*_PASSWORD",
    "*_API_KEY",
    "*_PRIVATE_KEY",
    "*_ACCESS_KEY",
    "*_SECRET_KEY",
    "*_CONNECTION_STRING",
)
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
# A whole value that only names another variable: `$X`, `${X}`, or escaped `$$X`, `$${X}`.
_REFERENCE = re.compile(rf"\$\$?(?:\{{{_NAME}\}}|{_NAME})")


# `fnmatch.fnmatchcase(name, p)` is `re.match(fnmatch.translate(p), name)`: one pattern for all.
_SECRET_NAME = re.compile("|".join(fnmatch.translate(p) for p in SECRET_PATTERNS))


@functools.lru_cache(maxsize=4096)
def looks_secret(name: str) -> bool:
    """Whether the agent treats a variable called `name` as a secret."""
    return _SECRET_NAME.match(name.strip().upper()) is not None


def is_reference(value: str) -> bool:
    """A value that names a variable instead of holding one (or holds nothing)."""
    return value == "" or _REFERENCE.fullmatch(value) is not None


def literal_secret(name: str, value: Any) -> bool:
    """A secret-looking variable given a literal value (or a non-string value).

    A reference that the agent would fill in at upload time is reported by
    `secret_problems` on its own (it is not literal here, but leaks all the same).
    """
    return looks_secret(name) and not (isinstance(value, str) and is_reference(value))


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _env_map(env: Any, where: str) -> Iterator[tuple[str, str]]:
    for name, value in _dict(env).items():
        if literal_secret(str(name), value):
            yield where, str(name)


def _environmentas_list(entries: Any, where: str) -> Iterator[tuple[str, str]]:
    """Docker-style `NAME=value` strings; a bare `NAME` passes the agent's value through."""
    for entry in as_list(entries):
        if isinstance(entry, str) and "=" in entry:
            name, value = entry.split("=", 1)
            if literal_secret(name, value):
                yield where, name


def _kubernetes_env(entries: Any, where: str) -> Iterator[tuple[str, str]]:
    for entry in as_list(entries):
        item = _dict(entry)
        if "value" in item and literal_secret(str(item.get("name", "")), item["value"]):
            yield where, str(item.get("name"))


def _plugin_settings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every environment-like place inside one plugin's settings, at any depth."""
    if isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)):
                yield from _plugin_settings(item, where)
        return
    if not isinstance(value, dict):
        return
    for field, inner in value.items():
        if field in ("environment", "env") and isinstance(inner, list):
            yield from _environmentas_list(inner, where)
            yield from _kubernetes_env(inner, where)
        elif field in ("environment", "env") and isinstance(inner, dict):
            yield from _env_map(inner, where)
        elif isinstance(inner, (dict, list)):  # nothing to find in a plain value
            yield from _plugin_settings(inner, where)


def _step_findings(step: dict[str, Any]) -> Iterator[tuple[str, str]]:
    where = f"step {step_name(step)!r}"
    yield from _env_map(step.get("env"), where)
    yield from _env_map(_dict(step.get("build")).get("env"), where)  # trigger steps
    for plugin in as_list(step.get("plugins")):
        for name, settings in _dict(plugin).items():
            yield from _plugin_settings(settings, f"{where} (plugin {name})")


def secret_problems(document: Document, name: str = "pipeline",
                    strings: list[tuple[str, str]] | None = None) -> Iterator[str]:
    """Every literal secret in `document`, naming where it is and the variable.

    `strings`: the document's `dollar_strings`, when the caller already walked it
    (validation does, once for every rule that reads them).
    """
    for where, variable in _env_map(document.get("env"), "pipeline env"):
        yield (f"{name}: {where}: {variable} has a literal value; a secret must be passed "
               f"through from the agent's environment (write ${variable} in the definition)")
    for step in (s for s, _ in steps_of(document) if isinstance(s, dict)):
        for where, variable in _step_findings(step):
            yield (f"{name}: {where}: env {variable} has a literal value; a secret must be "
                   f"passed through (${variable}, a bare {variable} in the docker plugin's "
                   "environment, or a Kubernetes secretKeyRef), never written into the pipeline")
    for path, text in dollar_strings(document) if strings is None else strings:
        for variable in sorted(set(upload_time_names(text))):
            if looks_secret(variable):
                yield (f"{name}: at {path}: ${variable} would be filled in at upload time, "
                       "copying a secret into the pipeline; write $$" + variable
                       + " to read it when the job runs")
