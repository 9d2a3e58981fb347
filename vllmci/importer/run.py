"""`vllmci import-yaml SRC OUT`: read, translate, check, then compare with OUT and
write (into an empty OUT, or with `write=True`).

1. translate every YAML file (nothing is written unless every file translates);
2. add what vLLM's generator adds at run time (`dependencies`) and the project
   files OUT lacks (`scaffold`);
3. lay the result over a copy of OUT and load it (it must load);
4. compare it, step by step, with what OUT holds (`sync`, `vllmci review`'s
   comparison);
5. write, when OUT is empty or missing, or when asked.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from vllmci.errors import DefinitionErrors, UsageError, VllmciError
from vllmci.importer import dependencies, scaffold, sync
from vllmci.importer.emit import docstring, render_module
from vllmci.importer.layout import CONFIG, Layout, package_inits, plan_directory, plan_file
from vllmci.importer.legacy import is_legacy, translate_legacy
from vllmci.importer.model import GroupModel, Note, Shared
from vllmci.importer.source import read_source
from vllmci.importer.steps import translate_file
from vllmci.importer.template import is_amd_template, translate_template
from vllmci.importer.verify import (
    device_names,
    drop_unknown_devices,
    key_problems,
    validate,
)
from vllmci.review.compare import Review
from vllmci.values import frozen

PACKAGE_DOC = '"""Imported from `{source}/` by `vllmci import-yaml`."""\n'
IMPORTED_MARK = "`vllmci import-yaml`"
"""Modules whose docstring names the importer were written by it (or kept in step
with it): when their YAML file is gone, a re-import removes them."""


@frozen
class ImportResult:
    groups: tuple[GroupModel, ...]
    notes: tuple[Note, ...]
    written: tuple[str, ...]
    files: sync.Files = attrs.Factory(sync.Files)
    review: Review | None = None
    """The step-by-step comparison with what OUT held (None for a first import)."""
    current_error: str | None = None
    """Why OUT's definitions could not be loaded for the comparison."""
    first: bool = False
    """OUT was empty or missing: written without being asked."""
    run_all: tuple[str, ...] = ()
    """How ci_config.yaml's run-all patterns differ from OUT's own settings."""
    load_error: str | None = None
    """Why the written definitions do not load (a first import is written anyway)."""

    @property
    def step_count(self) -> int:
        return sum(len(g.steps) for g in self.groups)

    @property
    def mirror_count(self) -> int:
        return sum(s.mirror is not None for g in self.groups for s in g.steps)


def import_yaml(src: Path, out: Path, devices: set[str] | None = None, *,
                write: bool = False, reference: Path | None = None,
                config: str | None = None, pipeline: str = "test",
                package: str | None = None) -> ImportResult:
    """Import `src` (a directory in vLLM's layout, or one file) into `out`.

    Writes when `out` is empty or missing, or when `write` is true; else only
    compares. Nothing is written unless every file translates, and, over existing
    definitions, unless the result loads (a first import is written even when it
    does not load, e.g. a legacy file without its image build: `load_error`).
    `reference` holds the project files written when OUT lacks them (default: the
    bundled definitions).

    Another pipeline (vLLM's Intel and AMD ones): `config` names the config file
    of SRC (`ci_config_intel.yaml`), `pipeline` the pipeline every imported group
    belongs to, `package` the directory of OUT its modules go into (and its own
    project files, `settings.py`...); only that package is compared, written and
    cleaned of stale modules.
    """
    if package is not None and not _valid_package(package):
        raise UsageError(f"--package {package}: use a directory name of letters, digits "
                         "and _ (nested with /)")
    if not src.exists():
        raise UsageError(f"{src}: no such file or directory")
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: not a directory")
    first = sync.is_empty(out)
    if first or write:
        sync.check_writable(out)
    layout = (plan_directory(src, config or CONFIG, package) if src.is_dir()
              else plan_file(src, package))
    groups, skipped, legacy = _translate_all(layout)
    for group in groups:
        group.pipeline = pipeline
    validate(groups)
    found = scaffold.survey(out)
    if not legacy:  # vLLM's generator for the step format adds these; the template did not
        dependencies.apply(groups, scaffold.common_names(found))
    reference = reference if reference is not None else _reference()
    notes: list[Note] = [*layout.notes, *skipped]
    names = devices if devices is not None else _inventory_names(out, found, reference, notes)
    if names is not None:
        drop_unknown_devices(groups, names)
    notes += [n for g in groups for n in g.all_notes()]
    notes += key_problems(groups)
    texts = _module_texts(groups, layout, found)
    project = scaffold.scaffold(
        reference, found, layout.config, source=src.name or str(src),
        uses_common=any(_uses_shared(g) for g in groups),
        uses_pre_commit=any(dependencies.PRE_COMMIT in _all_dependencies(g) for g in groups),
        package=package, package_found=scaffold.survey(out / package) if package else None,
        imported=frozenset(texts))
    notes += project.notes
    texts.update(project.texts)
    removed = _stale(found, texts, layout.sources, package) if src.is_dir() else []
    files = sync.plan_files(out, texts, removed)
    review, current_error, load_error, run_all = None, None, None, ()
    with sync.would_be(out, texts, removed) as root:
        try:
            after = sync.load(root, str(out))
        except DefinitionErrors as error:
            if not first:
                raise UsageError(f"the import would not load in {out}, so nothing was "
                                 f"written:\n{error}") from None
            after, load_error = None, str(error)
        if not first and after is not None:
            try:
                current = sync.load(out, str(out))
            except DefinitionErrors as error:
                current_error = str(error)
            else:
                review = sync.review(out, current, after, root)
                run_all = _run_all_drift(layout, current, project.texts, pipeline, package)
    written: list[str] = []
    if (first or write) and files.writes:
        written = sync.write(out, texts, files)
    return ImportResult(tuple(groups), tuple(notes), tuple(written), files, review,
                        current_error, first, run_all, load_error)


def _translate_all(layout: Layout) -> tuple[list[GroupModel], list[Note], bool]:
    """The groups (files without steps are skipped, with a note); whether the source
    is the legacy single-file format."""
    groups, skipped, legacy = [], [], False
    for planned in layout.files:
        source = read_source(planned.path, planned.display)
        root = source.at()
        steps = root.get("steps") if root is not None and root.is_mapping else None
        if root is None or (root.is_mapping and (steps is None or steps.value in (None, []))):
            skipped.append(Note(planned.display, None, "", None, "no steps (vLLM's generator "
                                "reads none from it); no module written"))
            continue
        if layout.config is None and len(layout.files) == 1 and is_amd_template(source):
            legacy = True  # a template's data: the generator adds nothing to it
            groups.append(translate_template(source, planned.module, planned.constant))
        elif layout.config is None and len(layout.files) == 1 and is_legacy(source):
            legacy = True
            groups.append(translate_legacy(source, planned.module, planned.constant,
                                           name=planned.path.stem))
        else:
            groups.append(translate_file(source, planned.module, planned.constant,
                                         layout.working_dir))
    if not groups:
        raise UsageError("no steps found in the YAML files: nothing to import")
    return groups, skipped, legacy


def _reference() -> Path | None:
    from vllmci.stages import bundled_definitions

    try:
        return bundled_definitions()
    except UsageError:
        return None


def _inventory_names(out: Path, found: scaffold.Survey, reference: Path | None,
                     notes: list[Note]) -> set[str] | None:
    """The device names of the inventory OUT will have: its own, else the reference's."""
    where = out if "Inventory" in found.calls else reference
    if where is None:
        return None
    try:
        return device_names(where)
    except VllmciError as error:
        notes.append(Note(str(where), None, "", None, f"device names not checked: {error}"))
        return None


def _uses_shared(group: GroupModel) -> bool:
    fields = [f for s in group.steps for f in s.fields.values()]
    fields += [f for s in group.steps if s.mirror for f in s.mirror.fields.values()]
    return bool(group.shared) or any(isinstance(f.value, Shared) for f in fields)


def _all_dependencies(group: GroupModel) -> set[str]:
    found = set(group.depends_on)
    for step in group.steps:
        found.update(step.value("depends_on") or ())
        if step.mirror is not None:
            found.update(step.mirror.plain().get("depends_on") or ())
    return found


def _module_texts(groups: list[GroupModel], layout: Layout,
                  found: scaffold.Survey) -> dict[str, str]:
    texts = {}
    for group in groups:
        text = render_module(group)
        kept = found.docstrings.get(group.module)
        if kept is not None:  # a maintainer's first line stays
            text = kept + text[len(docstring(group)):]
        texts[group.module] = text
    for init in package_inits(list(texts)):
        if init not in found.files:
            package = str(Path(init).parent.as_posix())
            texts[init] = PACKAGE_DOC.format(source=_sources_of(layout).get(package, package))
    return texts


def _sources_of(layout: Layout) -> dict[str, str]:
    """Each package directory of OUT -> the YAML directory it comes from."""
    table = {}
    for planned in layout.files:
        module_parts = Path(planned.module).parent.parts
        source_parts = Path(planned.display).parent.parts
        for depth in range(1, len(module_parts) + 1):
            table["/".join(module_parts[:depth])] = "/".join(source_parts[:depth])
    return table


def _stale(found: scaffold.Survey, texts: dict[str, str], sources: tuple[str, ...] = (),
           package: str | None = None) -> list[str]:
    """Modules of an earlier import whose YAML file is gone: their docstring names the
    importer and a YAML file in one of the job directories read (`sources`; another
    pipeline's modules come from other YAML), and this import does not write them;
    with `package`, only that package's."""
    return sorted(name for name, doc in found.docstrings.items()
                  if IMPORTED_MARK in doc and name not in texts
                  and not name.endswith(scaffold.INIT)
                  and _from_sources(doc, sources)
                  and (package is None or name.startswith(package + "/")))


_IMPORTED_FROM = re.compile(r"imported from `([^`]+)`")


def _from_sources(doc: str, sources: tuple[str, ...]) -> bool:
    found = _IMPORTED_FROM.search(doc)
    if found is None or not sources or "." in sources:
        return True
    source = found.group(1)
    return any(source == s or source.startswith(s.rstrip("/") + "/") for s in sources)


def _valid_package(package: str) -> bool:
    return all(part.isidentifier() and not part.startswith("_")
               for part in package.split("/"))


def _run_all_drift(layout: Layout, current: object, written: dict[str, str],
                   pipeline: str = "test", package: str | None = None) -> tuple[str, ...]:
    """ci_config.yaml's run-all patterns against OUT's own settings (kept as they are)."""
    config = layout.config
    settings = f"{package}/{scaffold.SETTINGS}" if package else scaffold.SETTINGS
    if config is None or settings in written:
        return ()
    run_all_of = getattr(current, "run_all_of", None)
    rule = run_all_of(pipeline) if run_all_of else getattr(current, "run_all", None)
    if rule is None:
        return ()
    drift = []
    for what, theirs, ours in (("run_all_patterns", config.run_all or (), rule.patterns),
                               ("run_all_exclude_patterns", config.run_all_exclude,
                                rule.exclude)):
        added = [p for p in theirs if p not in ours]
        gone = [p for p in ours if p not in theirs]
        if added or gone:
            drift.append(f"{what}: " + ", ".join([*(f"+ {p}" for p in added),
                                                  *(f"- {p}" for p in gone)]))
    return tuple(drift)


__all__ = ["ImportResult", "import_yaml"]
