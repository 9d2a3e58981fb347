"""Reading YAML: the parsed node tree of a file, with lines for messages and comments."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from vllmci.errors import DefinitionError, UsageError
from vllmci.importer.comments import CommentIndex
from vllmci.values import frozen

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml when PyYAML has it (several times faster); the marks are the same."""


@frozen
class SourceFile:
    """One YAML file: `display` names it in messages (relative to the import source)."""

    display: str
    root: yaml.Node | None
    comments: CommentIndex

    def at(self) -> Value | None:
        return None if self.root is None else Value(self.root, self)


def read_source(path: Path, display: str) -> SourceFile:
    """Parse `path`; malformed YAML is a DefinitionError naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DefinitionError("is not UTF-8 text", file=display) from None
    except OSError as exc:
        raise UsageError(f"{display}: cannot read: {exc.strerror or exc}") from None
    try:
        root = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = " ".join(str(p) for p in (exc.context, exc.problem) if p) or str(exc)
        raise DefinitionError(f"malformed YAML: {detail}", file=display,
                              line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise DefinitionError(f"malformed YAML: {exc}", file=display) from None
    return SourceFile(display, root, CommentIndex(text.splitlines(), root))


@frozen
class Value:
    """A YAML node of a source file: its Python value, line and children."""

    node: yaml.Node
    source: SourceFile = attrs.field(repr=False)

    @property
    def line(self) -> int:
        """1-based line where the node starts."""
        return self.node.start_mark.line + 1

    @property
    def value(self) -> Any:
        try:
            return SafeConstructor().construct_object(self.node, deep=True)
        except ConstructorError as exc:
            raise DefinitionError(f"malformed YAML: {exc.problem}", file=self.source.display,
                                  line=self.line) from None

    @property
    def is_mapping(self) -> bool:
        return isinstance(self.node, yaml.MappingNode)

    @property
    def is_sequence(self) -> bool:
        return isinstance(self.node, yaml.SequenceNode)

    def entries(self) -> Iterator[tuple[str, Value, Value]]:
        """(name, key node, value node) of a mapping, merge keys resolved."""
        assert isinstance(self.node, yaml.MappingNode)
        SafeConstructor().flatten_mapping(self.node)
        for key, value in self.node.value:
            name = Value(key, self.source).value
            yield str(name), Value(key, self.source), Value(value, self.source)

    def get(self, name: str) -> Value | None:
        if not self.is_mapping:
            return None
        return next((v for k, _, v in self.entries() if k == name), None)

    def elements(self) -> list[Value]:
        assert isinstance(self.node, yaml.SequenceNode)
        return [Value(v, self.source) for v in self.node.value]

    # --- comments -----------------------------------------------------------------

    def trailing(self) -> str | None:
        """The comment at the end of the node's last line, if any."""
        return self.source.comments.trailing(self.node)

    @property
    def last_line(self) -> int:
        """0-based index of the node's last line holding content."""
        return self.source.comments.last_line(self.node)
