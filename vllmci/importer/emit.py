"""The intermediate model -> the text of a Python definitions module.

One `Group(...)` per module, one `Step(...)` per step, one field per line in a
fixed order; YAML comments come along. Same model, same bytes.
"""

from __future__ import annotations

from typing import Any

from vllmci.importer.model import (
    MIRROR_FIELDS,
    STEP_FIELDS,
    Field,
    GroupModel,
    Item,
    MirrorModel,
    Retry,
    Shared,
    StepModel,
)
from vllmci.importer.pyliteral import is_block, literal, string

INDENT = "    "
WIDTH = 100
ALWAYS_SPLIT = frozenset({"commands", "retry"})


COMMON = "common"
"""The module (at the top of the definitions) that `Shared` constants come from."""


def render_module(group: GroupModel) -> str:
    lines = [docstring(group), "", "from __future__ import annotations", "",
             f"from vllmci.define import {', '.join(_imports(group))}", ""]
    shared = _shared_names(group)
    if shared:
        dots = "." * (group.module.count("/") + 1)
        lines += [f"from {dots}{COMMON} import {', '.join(shared)}", ""]
    notes = [n.comment() for n in group.notes]
    header = [*group.header, *([""] if group.header and notes else []), *notes]
    if header:
        lines += [*_comments(header, ""), ""]
    lines += [f"{group.constant} = Group(", f"{INDENT}name={string(group.name)},"]
    if group.pipeline != "test":
        lines.append(f"{INDENT}pipeline={string(group.pipeline)},")
    if "depends_on" in group.shared:
        lines.append(f"{INDENT}depends_on={group.shared['depends_on']},")
    else:
        lines += _list_lines("depends_on", [Item(d) for d in group.depends_on], None, INDENT)
    if "working_dir" in group.shared:
        lines.append(f"{INDENT}working_dir={group.shared['working_dir']},")
    elif group.working_dir:
        lines.append(f"{INDENT}working_dir={string(group.working_dir)},")
    lines.append(f"{INDENT}steps=[")
    for index, step in enumerate(group.steps):
        if index:
            lines.append("")
        lines += _step_lines(step, INDENT * 2)
    lines += _comments(group.trailer, INDENT * 2)
    lines += [f"{INDENT}],", ")", ""]
    return "\n".join(lines)


def docstring(group: GroupModel) -> str:
    """The module's first line (a maintainer may reword it: a re-import keeps theirs)."""
    return f'"""{_title(group)}: imported from `{group.source}` by `vllmci import-yaml`."""'


def _shared_names(group: GroupModel) -> list[str]:
    names = set(group.shared.values())
    for step in group.steps:
        fields = list(step.fields.values())
        if step.mirror is not None:
            fields += list(step.mirror.fields.values())
        names.update(f.value.name for f in fields if isinstance(f.value, Shared))
    return sorted(names)


def _title(group: GroupModel) -> str:
    safe = group.name.isprintable() and not any(c in group.name for c in "\"\\`")
    return group.name if safe else group.constant


def _imports(group: GroupModel) -> list[str]:
    names = {"Group", "Step"}
    for step in group.steps:
        if step.mirror is not None:
            names.add("AmdMirror")
        if "retry" in step.fields:
            names.add("AutoRetry")
    return sorted(names)


def _comments(texts: list[str], indent: str) -> list[str]:
    return [f"{indent}# {t}" if t else f"{indent}#" for t in texts]


def _with_comment(line: str, comment: str | None) -> str:
    if comment is None:
        return line
    return f"{line}  # {comment}" if comment else f"{line}  #"


def _step_lines(step: StepModel, indent: str) -> list[str]:
    lines = _comments([*step.comments, *(n.comment() for n in step.notes)], indent)
    lines.append(f"{indent}Step(")
    lines += _fields(step.fields, STEP_FIELDS, indent + INDENT)
    lines.append(f"{indent}),")
    return lines


def _fields(fields: dict[str, Field], order: tuple[str, ...], indent: str) -> list[str]:
    lines: list[str] = []
    for name in order:
        if name in fields:
            lines += _field_lines(fields[name], indent)
    return lines


def _field_lines(field: Field, indent: str) -> list[str]:
    value = field.value
    if isinstance(value, Shared):
        return [_with_comment(f"{indent}{field.name}={value.name},", field.trailing)]
    if isinstance(value, MirrorModel):
        return [_with_comment(f"{indent}{field.name}=AmdMirror(", field.trailing),
                *_fields(value.fields, MIRROR_FIELDS, indent + INDENT), f"{indent}),"]
    if isinstance(value, list):
        return _list_lines(field.name, value, field.trailing, indent)
    if isinstance(value, dict):
        return _dict_lines(field.name, value, field.trailing, indent)
    return [_with_comment(f"{indent}{field.name}={literal(value)},", field.trailing)]


def _value(value: Any) -> str:
    if isinstance(value, Retry):
        parts = []
        if value.exit_status is not None:
            parts.append(f"exit_status={literal(value.exit_status)}")
        if value.signal_reason is not None:
            parts.append(f"signal_reason={string(value.signal_reason)}")
        parts.append(f"limit={value.limit}")
        return f"AutoRetry({', '.join(parts)})"
    return literal(value)


def _inline(items: list[Item]) -> bool:
    return all(not i.above and i.trailing is None
               and not (isinstance(i.value, str) and is_block(i.value)) for i in items)


def _list_lines(name: str, items: list[Item], trailing: str | None, indent: str) -> list[str]:
    one_line = f"{indent}{name}=[{', '.join(_value(i.value) for i in items)}],"
    if name not in ALWAYS_SPLIT and _inline(items) and len(one_line) <= WIDTH:
        return [_with_comment(one_line, trailing)]
    lines = [_with_comment(f"{indent}{name}=[", trailing)]
    for item in items:
        lines += _comments(list(item.above), indent + INDENT)
        lines.append(_with_comment(f"{indent}{INDENT}{_value(item.value)},", item.trailing))
    lines.append(f"{indent}],")
    return lines


def _dict_lines(name: str, items: dict[str, Item], trailing: str | None,
                indent: str) -> list[str]:
    pairs = [f"{string(k)}: {_value(i.value)}" for k, i in items.items()]
    one_line = f"{indent}{name}={{{', '.join(pairs)}}},"
    if _inline(list(items.values())) and len(one_line) <= WIDTH:
        return [_with_comment(one_line, trailing)]
    lines = [_with_comment(f"{indent}{name}={{", trailing)]
    for pair, item in zip(pairs, items.values(), strict=True):
        lines.append(_with_comment(f"{indent}{INDENT}{pair},", item.trailing))
    lines.append(f"{indent}}},")
    return lines
