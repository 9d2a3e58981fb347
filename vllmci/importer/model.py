"""The importer's intermediate model: what a YAML step means, before it is Python.

The translators (`steps`, `legacy`) fill it from YAML; `check` builds the real
definition objects from it to validate it; `emit` writes it as Python. Values
keep the comments that the YAML had next to them.
"""

from __future__ import annotations

from typing import Any

import attrs

from vllmci.values import frozen

STEP_FIELDS: tuple[str, ...] = (
    "key", "label", "device", "num_devices", "num_nodes", "parallelism", "timeout",
    "working_dir", "optional", "soft_fail", "depends_on", "paths", "env", "agents",
    "concurrency", "concurrency_group", "no_plugin", "dind", "mount_buildkite_agent", "retry",
    "always_run", "only_in", "tags", "commands", "amd",
)
"""The order in which a Step's fields are written."""

MIRROR_FIELDS: tuple[str, ...] = (
    "device", "label", "num_devices", "timeout", "working_dir", "optional", "soft_fail",
    "depends_on", "paths", "env", "no_plugin", "dind", "commands",
)
"""The order in which an AmdMirror's fields are written."""

NOTE_PREFIX = "vllmci import: "


@frozen
class Note:
    """Something in the YAML that was not imported as is: reported, never dropped silently."""

    file: str
    key: str | None
    field: str
    value: Any
    message: str

    def __str__(self) -> str:
        where = self.file + (f": step {self.key!r}" if self.key else "")
        return f"{where}: {self._what()}"

    def comment(self) -> str:
        """The note as the comment written above its step (the file is the module's)."""
        return NOTE_PREFIX + self._what()

    def _what(self) -> str:
        if not self.field:
            return self.message
        return f"field {self.field!r} = {_short(self.value)}: {self.message}"


def _short(value: Any, limit: int = 160) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@frozen
class Item:
    """One value of a list (or mapping) field, with the YAML comments around it."""

    value: Any
    above: tuple[str, ...] = ()
    trailing: str | None = None


@frozen
class Retry:
    """An automatic retry rule: `AutoRetry(...)` in Python."""

    exit_status: int | str | None = None
    signal_reason: str | None = None
    limit: int = 1


@frozen
class Shared:
    """A value written as the name of a constant of the definitions' `common.py`
    (`depends_on=AFTER_IMAGE`); `value` is what the constant holds."""

    name: str
    value: Any


@frozen
class Field:
    """A field of a Step or AmdMirror: a scalar, a list of Items, a dict of Items,
    or a MirrorModel; `trailing` is the comment on its YAML line."""

    name: str
    value: Any
    trailing: str | None = None


@attrs.define
class MirrorModel:
    fields: dict[str, Field] = attrs.Factory(dict)
    line: int = 0

    def plain(self) -> dict[str, Any]:
        return {name: plain(f.value) for name, f in self.fields.items()}


@attrs.define
class StepModel:
    key: str
    line: int
    fields: dict[str, Field] = attrs.Factory(dict)
    comments: list[str] = attrs.Factory(list)
    notes: list[Note] = attrs.Factory(list)

    def set(self, name: str, value: Any, trailing: str | None = None) -> None:
        self.fields[name] = Field(name, value, trailing)

    def value(self, name: str, default: Any = None) -> Any:
        field = self.fields.get(name)
        return default if field is None else plain(field.value)

    @property
    def mirror(self) -> MirrorModel | None:
        field = self.fields.get("amd")
        return None if field is None else field.value

    def plain(self) -> dict[str, Any]:
        return {name: plain(f.value) for name, f in self.fields.items()}


@attrs.define
class GroupModel:
    """One YAML file: one `Group(...)` bound to `constant` in module `module`."""

    name: str
    source: str
    module: str
    constant: str
    depends_on: list[str] = attrs.Factory(list)
    working_dir: str | None = None
    steps: list[StepModel] = attrs.Factory(list)
    header: list[str] = attrs.Factory(list)
    trailer: list[str] = attrs.Factory(list)
    notes: list[Note] = attrs.Factory(list)
    line: int = 1
    shared: dict[str, str] = attrs.Factory(dict)
    """Group fields written as a `common.py` constant: field -> constant name."""
    pipeline: str = "test"
    """The pipeline the group belongs to (`import-yaml --pipeline`)."""

    def all_notes(self) -> list[Note]:
        return [*self.notes, *(n for s in self.steps for n in s.notes)]


def plain(value: Any) -> Any:
    """The value without comments: what the definition objects are built from."""
    if isinstance(value, Item | Shared):
        return plain(value.value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value
