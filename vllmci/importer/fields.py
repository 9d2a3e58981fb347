"""Reading one step's fields: type checks that name the file, line, step and field,
comments kept next to their values, and notes for what is not imported."""

from __future__ import annotations

from typing import Any

import attrs

from vllmci.emit.escape import BUILD_VARIABLES
from vllmci.errors import DefinitionError
from vllmci.importer import rules
from vllmci.importer.model import Item, Note, Retry
from vllmci.importer.source import Value


@attrs.define
class StepReader:
    """The fields of one YAML step (or of its `mirror.amd`), read one at a time."""

    node: Value
    key: str | None
    prefix: str = ""
    notes: list[Note] = attrs.Factory(list)
    used: set[str] = attrs.Factory(set)

    @property
    def file(self) -> str:
        return self.node.source.display

    def error(self, field: str | None, message: str, at: Value | None = None) -> DefinitionError:
        name = None if field is None else self.prefix + field
        return DefinitionError(message, file=self.file, line=(at or self.node).line,
                               key=self.key, field=name)

    def note(self, field: str, value: Any, message: str) -> None:
        self.notes.append(Note(self.file, self.key, self.prefix + field, value, message))

    def raw(self, field: str) -> Value | None:
        """The field's node; marks it as read. Absent and `~` are both None."""
        self.used.add(field)
        found = self.node.get(field)
        return None if found is None or found.value is None else found

    def key_line(self, field: str) -> int:
        """0-based line of the field's name (comments below it belong to its value)."""
        return next(k.node.start_mark.line for name, k, _ in self.node.entries() if name == field)

    def unread(self) -> list[tuple[str, Value]]:
        return [(name, value) for name, _, value in self.node.entries() if name not in self.used]

    # --- scalars ------------------------------------------------------------------

    def text(self, field: str, *, interpolated: bool = True) -> str | None:
        found = self.raw(field)
        if found is None:
            return None
        value = found.value
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise self.error(field, f"must be a string, got {value!r}", found)
        text = str(value)
        if interpolated:
            self._report_references(field, text)
            text = rules.unescape(text)
        return text

    def integer(self, field: str) -> int | None:
        found = self.raw(field)
        if found is None:
            return None
        value = found.value
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(field, f"must be a whole number, got {value!r}", found)
        return value

    def flag(self, field: str) -> bool | None:
        found = self.raw(field)
        if found is None:
            return None
        if not isinstance(found.value, bool):
            raise self.error(field, f"must be true or false, got {found.value!r}", found)
        return found.value

    def trailing(self, field: str) -> str | None:
        found = self.node.get(field)
        return None if found is None else found.trailing()

    # --- lists and mappings -------------------------------------------------------

    def strings(self, field: str, *, commands: bool = False) -> list[Item] | None:
        """A list of strings (a lone string is a list of one), with their comments."""
        found = self.raw(field)
        if found is None:
            return None
        if not found.is_sequence:
            return [self._string_item(field, found, -1, commands)]
        items, floor = [], self.key_line(field)
        for element in found.elements():
            above = found.source.comments.above(element.node.start_mark.line, floor)
            items.append(attrs.evolve(self._string_item(field, element, floor, commands),
                                      above=tuple(above)))
            floor = element.last_line
        return items

    def _string_item(self, field: str, element: Value, floor: int, commands: bool) -> Item:
        value = element.value
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise self.error(field, f"must hold strings, got {value!r}", element)
        text = str(value)
        if commands:
            for form in rules.shell_only_forms(text):
                self.note(field, form, "upload-time interpolation form in a command: vllmci "
                          "escapes `$`, so the shell evaluates it at run time instead")
            text = rules.unescape(text)
        return Item(text, trailing=element.trailing())

    def mapping(self, field: str) -> dict[str, Item] | None:
        """A mapping of strings (env, agent tags); values as Buildkite would see them."""
        found = self.raw(field)
        if found is None:
            return None
        if not found.is_mapping:
            raise self.error(field, f"must be a mapping, got {found.value!r}", found)
        out = {}
        for name, _, value in found.entries():
            text = _env_text(value.value)
            if text is None:
                raise self.error(field, f"{name}: must be a string, got {value.value!r}", value)
            self._report_references(f"{field}.{name}", text)
            out[name] = Item(rules.unescape(text), trailing=value.trailing())
        return out

    def retries(self, field: str = "retry") -> list[Item] | None:
        found = self.raw(field)
        if found is None:
            return None
        if not found.is_mapping:
            raise self.error(field, f"must be a mapping with `automatic`, got {found.value!r}",
                             found)
        for name, _, value in found.entries():
            if name != "automatic":
                self.note(f"{field}.{name}", value.value, "no vllmci equivalent; not imported")
        automatic = found.get("automatic")
        if automatic is None or automatic.value in (None, False):
            return None
        if automatic.value is True:
            return [Item(Retry(exit_status="*", limit=2), trailing=automatic.trailing())]
        entries = automatic.elements() if automatic.is_sequence else [automatic]
        return [Item(self._retry(field, e), trailing=_last_trailing(e)) for e in entries]

    def _retry(self, field: str, rule: Value) -> Retry:
        value = rule.value
        if not isinstance(value, dict):
            raise self.error(field, f"an automatic retry must be a mapping, got {value!r}", rule)
        status = value.get("exit_status")
        signal = value.get("signal_reason")
        limit = value.get("limit", 1)
        if status is None and signal is None:
            raise self.error(field, "an automatic retry needs exit_status or signal_reason", rule)
        if status is not None and not (status == "*" or _is_int(status)):
            raise self.error(field, f"exit_status must be a number or '*', got {status!r}", rule)
        if not _is_int(limit) or limit < 1:
            raise self.error(field, f"limit must be a whole number >= 1, got {limit!r}", rule)
        for extra in sorted(set(value) - {"exit_status", "signal_reason", "limit"}):
            self.note(f"{field}.automatic.{extra}", value[extra], "not imported")
        return Retry(exit_status=status, signal_reason=None if signal is None else str(signal),
                     limit=limit)

    def _report_references(self, field: str, text: str) -> None:
        for ref in rules.upload_time_references(text):
            if ref.strip("${}") in BUILD_VARIABLES:
                continue
            self.note(field, ref, "interpolated by the agent when the YAML is uploaded; "
                      "vllmci escapes `$` here (only build variables such as "
                      "$BUILDKITE_BUILD_ID are filled in), so the job sees it literally: check it")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _env_text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def _last_trailing(rule: Value) -> str | None:
    """The comment of a retry entry: on any of its lines (`exit_status: -1  # lost`)."""
    if not rule.is_mapping:
        return rule.trailing()
    found = [v.trailing() for _, _, v in rule.entries()]
    return "; ".join(c for c in found if c) or None
