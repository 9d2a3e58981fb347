"""Comments of a YAML file: PyYAML drops them, so they are found in the raw text.

Lines are 0-based here. A comment line is a line whose first non-blank
character is `#` and which is not inside a multi-line scalar (a `|` block may
hold shell comments). Translators `claim` the lines they attach to a value so
that the rest can be attached to the enclosing step.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import yaml


class CommentIndex:
    def __init__(self, lines: Sequence[str], root: yaml.Node | None) -> None:
        self.lines = tuple(lines)
        self.inside: set[int] = set()
        self.claimed: set[int] = set()
        if root is not None:
            self._mark_scalars(root)

    def _mark_scalars(self, node: yaml.Node) -> None:
        for scalar in _scalars(node):
            last = self.last_line(scalar)
            self.inside.update(range(scalar.start_mark.line + 1, last + 1))

    def is_comment(self, index: int) -> bool:
        return (0 <= index < len(self.lines) and index not in self.inside
                and self.lines[index].lstrip().startswith("#"))

    def text(self, index: int) -> str:
        body = self.lines[index].strip()[1:]
        return (body[1:] if body.startswith(" ") else body).rstrip()

    def last_line(self, node: yaml.Node) -> int:
        """The last line holding the node's content (a mapping's end mark runs on to
        the next item; a block scalar's to the line after it)."""
        if isinstance(node, yaml.ScalarNode):
            end = node.end_mark
            return max(node.start_mark.line, end.line if end.column else end.line - 1)
        children = _children(node)
        if not children:
            return node.end_mark.line
        return max(self.last_line(child) for child in children)

    def above(self, index: int, floor: int) -> list[str]:
        """Unclaimed comment lines directly above line `index` (no blank line between),
        below line `floor`; claims them."""
        found = []
        line = index - 1
        while line > floor and self.is_comment(line) and line not in self.claimed:
            found.append(line)
            line -= 1
        return self.claim(reversed(found))

    def between(self, start: int, end: int) -> list[str]:
        """Unclaimed comment lines strictly between `start` and `end`; claims them.
        Paragraphs (runs of comment lines apart in the YAML) are parted by ""."""
        taken = [i for i in range(start + 1, end) if self.is_comment(i)
                 and i not in self.claimed]
        texts = self.claim(taken)
        out: list[str] = []
        for index, (line, text) in enumerate(zip(taken, texts, strict=True)):
            if index and line != taken[index - 1] + 1:
                out.append("")
            out.append(text)
        return out

    def claim(self, indexes: Iterator[int] | Sequence[int]) -> list[str]:
        taken = list(indexes)
        self.claimed.update(taken)
        return [self.text(i) for i in taken]

    def trailing(self, node: yaml.Node) -> str | None:
        """The comment after the node on its last line (`- exit_status: -1  # lost`)."""
        end = node.end_mark
        if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            return None
        if isinstance(node, yaml.CollectionNode) and not node.flow_style:
            return None
        if not end.column or end.line >= len(self.lines):
            return None
        rest = self.lines[end.line][end.column:].strip()
        if not rest.startswith("#"):
            return None
        body = rest[1:]
        return (body[1:] if body.startswith(" ") else body).rstrip()


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _scalars(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    stack = [node]
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.ScalarNode):
            yield current
        stack.extend(_children(current))
