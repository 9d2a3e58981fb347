"""`vllmci import-yaml SRC OUT`: read, translate, check, then write every module."""

from __future__ import annotations

from pathlib import Path

import attrs

from vllmci.errors import UsageError
from vllmci.importer.emit import render_module
from vllmci.importer.layout import Layout, Planned, package_inits, plan_directory, plan_file
from vllmci.importer.legacy import is_legacy, translate_legacy
from vllmci.importer.model import GroupModel, Note
from vllmci.importer.source import read_source
from vllmci.importer.steps import translate_file
from vllmci.importer.verify import key_problems, unknown_devices, validate

PACKAGE_DOC = '"""Imported from `{source}/` by `vllmci import-yaml`."""\n'


@attrs.frozen
class ImportResult:
    groups: tuple[GroupModel, ...]
    notes: tuple[Note, ...]
    written: tuple[str, ...]

    @property
    def step_count(self) -> int:
        return sum(len(g.steps) for g in self.groups)

    @property
    def mirror_count(self) -> int:
        return sum(s.mirror is not None for g in self.groups for s in g.steps)


def import_yaml(src: Path, out: Path, devices: set[str] | None = None) -> ImportResult:
    """Import `src` (a directory in vLLM's layout, or one file) into modules under `out`.

    Nothing is written unless every file translates and checks.
    """
    if not src.exists():
        raise UsageError(f"{src}: no such file or directory")
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: not a directory")
    layout = plan_directory(src) if src.is_dir() else plan_file(src)
    groups = [_translate(planned, layout) for planned in layout.files]
    validate(groups)
    notes = [*layout.notes, *(n for g in groups for n in g.all_notes()), *key_problems(groups)]
    if devices is not None:
        notes += unknown_devices(groups, devices)
    texts = {g.module: render_module(g) for g in groups}
    written = _write(out, texts, _sources_of(layout))
    return ImportResult(tuple(groups), tuple(notes), tuple(written))


def _translate(planned: Planned, layout: Layout) -> GroupModel:
    source = read_source(planned.path, planned.display)
    if len(layout.files) == 1 and is_legacy(source):
        return translate_legacy(source, planned.module, planned.constant,
                                name=planned.path.stem)
    return translate_file(source, planned.module, planned.constant, layout.working_dir)


def _sources_of(layout: Layout) -> dict[str, str]:
    """Each package directory of OUT -> the YAML directory it comes from."""
    table = {}
    for planned in layout.files:
        module_parts = Path(planned.module).parent.parts
        source_parts = Path(planned.display).parent.parts
        for depth in range(1, len(module_parts) + 1):
            table["/".join(module_parts[:depth])] = "/".join(source_parts[:depth])
    return table


def _write(out: Path, texts: dict[str, str], sources: dict[str, str]) -> list[str]:
    written = []
    for init in package_inits(list(texts)):
        path = out / init
        if not path.exists():
            package = str(Path(init).parent.as_posix())
            texts[init] = PACKAGE_DOC.format(source=sources.get(package, package))
    for name in sorted(texts):
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(texts[name], encoding="utf-8")
        written.append(name)
    return written
