"""The project files an import needs besides its modules, so that OUT loads and
selects like vLLM without files copied in by hand.

What OUT already defines is never replaced; what it lacks is written next to the
imported modules:

| OUT has no ... | the importer writes |
| --- | --- |
| `Inventory(...)` | `hardware.py` (and what it imports: `amd.py`) |
| `Settings`, `RunAll` or `MirrorPolicy` | `settings.py`, `RUN_ALL` from `ci_config.yaml` |
| a step keyed `pre-commit` (needed) | `ci_checks.py`, `_scripts/pre_commit_check.py` |
| `common.py` (when a module uses its constants) | `common.py` |
| `__init__.py` | `__init__.py` |

The reference copies are the bundled definitions' (`vllmci_pipelines`). OUT is
surveyed without running it: its modules are parsed, not imported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import attrs

from vllmci.importer.dependencies import COMMON, COMMON_MODULE, COMMON_TEXT, PRE_COMMIT
from vllmci.importer.layout import Config
from vllmci.importer.model import Note
from vllmci.importer.pyliteral import string
from vllmci.values import frozen

HARDWARE = "hardware.py"
SETTINGS = "settings.py"
CI_CHECKS = "ci_checks.py"
PRE_COMMIT_SCRIPT = "_scripts/pre_commit_check.py"
INIT = "__init__.py"
WHERE = "vllmci import: scaffold"


@frozen
class Survey:
    """What the definitions in OUT already define (found by parsing, not running, them)."""

    files: frozenset[str] = frozenset()
    calls: frozenset[str] = frozenset()
    """Names called at the top of a module or in an assignment (`Inventory`, `Settings`)."""
    keys: frozenset[str] = frozenset()
    """String values of `key=` arguments anywhere."""
    common: dict[str, Any] = attrs.Factory(dict)
    """The literal constants of OUT's `common.py`."""
    docstrings: dict[str, str] = attrs.Factory(dict)
    """module -> the source text of its docstring (its first statement)."""

    @property
    def empty(self) -> bool:
        return not self.files


def python_files(out: Path) -> Iterator[tuple[str, Path]]:
    """(path relative to OUT, path) of every module the definitions loader would read."""
    if not out.is_dir():
        return
    for path in sorted(out.rglob("*.py"), key=lambda p: p.relative_to(out).parts):
        parts = path.relative_to(out).parts
        if any(p.startswith((".", "_")) and p != INIT for p in parts) or "__pycache__" in parts:
            continue
        yield "/".join(parts), path


def survey(out: Path) -> Survey:
    if not out.is_dir():
        return Survey()
    files = frozenset(p.relative_to(out).as_posix() for p in out.rglob("*")
                      if p.is_file() and "__pycache__" not in p.parts)
    calls: set[str] = set()
    keys: set[str] = set()
    docstrings: dict[str, str] = {}
    common: dict[str, Any] = {}
    for name, path in python_files(out):
        try:
            text = path.read_text(encoding="utf-8")
            tree = ast.parse(text)
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if called:
                    calls.add(called)
                for keyword in node.keywords:
                    if keyword.arg == "key" and isinstance(keyword.value, ast.Constant) \
                            and isinstance(keyword.value.value, str):
                        keys.add(keyword.value.value)
        doc = _docstring_source(tree, text)
        if doc is not None:
            docstrings[name] = doc
        if name == COMMON_MODULE:
            common = _literals(tree)
    return Survey(files, frozenset(calls), frozenset(keys), common, docstrings)


def _docstring_source(tree: ast.Module, text: str) -> str | None:
    first = tree.body[0] if tree.body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
            and isinstance(first.value.value, str):
        return ast.get_source_segment(text, first)
    return None


def _literals(tree: ast.Module) -> dict[str, Any]:
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return found


def common_names(found: Survey) -> dict[str, Any]:
    """The `common.py` constants an import may use: all of them when the importer
    writes `common.py`, else those that OUT's `common.py` holds with the same value."""
    if COMMON_MODULE not in found.files:
        return dict(COMMON)
    return {name: value for name, value in COMMON.items() if found.common.get(name) == value}


@frozen
class Scaffold:
    texts: dict[str, str]
    notes: tuple[Note, ...] = ()


def scaffold(reference: Path | None, found: Survey, config: Config | None, *,
             uses_common: bool, uses_pre_commit: bool, source: str,
             package: str | None = None, package_found: Survey | None = None,
             imported: frozenset[str] = frozenset()) -> Scaffold:
    """The project files OUT lacks, as texts (relative path -> text).

    With `package` (a pipeline's own directory, `import-yaml --package`), the
    pipeline's own project files come from the reference's package of that name
    when the package has no `Settings(...)` yet: every module of it that the
    import does not write (`imported`), with what they import."""
    texts: dict[str, str] = {}
    notes: list[Note] = []
    if INIT not in found.files:
        texts[INIT] = (f'"""vLLM\'s CI definitions: imported from `{source}` by '
                       '`vllmci import-yaml`."""\n')
    if uses_common and COMMON_MODULE not in found.files:
        texts[COMMON_MODULE] = COMMON_TEXT
    wanted = []
    if "Inventory" not in found.calls:
        wanted.append(HARDWARE)
    if not package and not found.calls & {"Settings", "RunAll", "MirrorPolicy"}:
        wanted.append(SETTINGS)
    if uses_pre_commit and PRE_COMMIT not in found.keys and not package:
        wanted += [CI_CHECKS, PRE_COMMIT_SCRIPT]
    if package and "Settings" not in (package_found or Survey()).calls:
        own = _package_files(reference, package, imported) if reference else []
        if reference is not None and not own:
            notes.append(Note(WHERE, None, "", None, f"the reference definitions have no "
                              f"{package}/ package: write {package}/settings.py (its "
                              "Settings and RunAll) by hand"))
        wanted += own
    if wanted and reference is None:
        notes.append(Note(WHERE, None, "", None, "the bundled definitions are not installed: "
                          f"not written: {', '.join(wanted)}; copy them in by hand"))
        return Scaffold(texts, tuple(notes))
    for name in wanted:
        for module in _with_local_imports(reference, name):  # type: ignore[arg-type]
            if module in found.files or module in texts or module in imported:
                continue
            text = (reference / module).read_text(encoding="utf-8")  # type: ignore[operator]
            if PurePosixPath(module).name == SETTINGS:
                text = _settings(text, config, notes)
            texts[module] = text
    return Scaffold(texts, tuple(notes))


def _package_files(reference: Path, package: str, imported: frozenset[str]) -> list[str]:
    """The reference package's own files (not those an import writes): its settings,
    its fixed steps (image builds, pre-commit), the programs they read."""
    root = reference / package
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        name = path.relative_to(reference).as_posix()
        if not path.is_file() or "__pycache__" in path.parts or name in imported:
            continue
        if path.suffix == ".py" and "`vllmci import-yaml`" in path.read_text(encoding="utf-8"):
            continue  # a module an import writes (of a YAML file this import may lack)
        found.append(name)
    return found


def _with_local_imports(reference: Path, name: str) -> list[str]:
    """`name` and the modules of the definitions it imports (`from .amd import ...`,
    `from ..ci_checks import ...`), transitively."""
    order, todo = [], [name]
    while todo:
        module = todo.pop(0)
        if module in order or not (reference / module).is_file():
            continue
        order.append(module)
        if not module.endswith(".py"):
            continue
        tree = ast.parse((reference / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            parents = PurePosixPath(module).parents
            if isinstance(node, ast.ImportFrom) and 1 <= node.level <= len(parents) \
                    and node.module:
                base = parents[node.level - 1]
                todo.append((base / (node.module.replace(".", "/") + ".py")).as_posix())
    return order


# --- settings.py: the reference, with the run-all rule and registries of ci_config.yaml ---


def _settings(text: str, config: Config | None, notes: list[Note]) -> str:
    """The reference settings with `ci_config.yaml`'s run-all patterns and registries
    (a value that is already the same is left as it is written)."""
    if config is None:
        return text
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    edits: list[tuple[tuple[int, int], tuple[int, int], str]] = []
    run_all = _assignment(tree, "RUN_ALL")
    call = run_all.value if run_all is not None else None
    if not isinstance(call, ast.Call):
        notes.append(Note(WHERE, None, "", None, "the reference settings.py has no "
                          "RUN_ALL = RunAll(...): ci_config.yaml's run_all_patterns were not "
                          "written; add them by hand"))
    else:
        keywords = {k.arg: k for k in call.keywords}
        for name, wanted in (("patterns", list(config.run_all or ())),
                             ("exclude", list(config.run_all_exclude))):
            keyword = keywords.get(name)
            if keyword is None:
                if wanted:
                    end = (call.end_lineno or call.lineno) - 1
                    listed = _wrapped(wanted, 4 + len(name) + 2)
                    edits.append(((end, 0), (end, 0), f"    {name}={listed},\n"))
                continue
            if _literal(keyword.value) == wanted:
                continue
            value = keyword.value
            edits.append(((value.lineno - 1, value.col_offset),
                          ((value.end_lineno or value.lineno) - 1, value.end_col_offset or 0),
                          _wrapped(wanted, value.col_offset + 1)))
    repositories = dict(config.repositories)
    for name, wanted_value in (("REGISTRY", config.registry),
                               ("PREMERGE_REPO", repositories.get("premerge")),
                               ("POSTMERGE_REPO", repositories.get("main"))):
        node = _assignment(tree, name)
        if wanted_value is None or node is None or not isinstance(node.value, ast.Constant):
            continue
        if node.value.value != wanted_value:
            value = node.value
            edits.append(((value.lineno - 1, value.col_offset),
                          ((value.end_lineno or value.lineno) - 1, value.end_col_offset or 0),
                          string(wanted_value)))
    for (line, col), (end_line, end_col), replacement in sorted(edits, reverse=True):
        head, tail = lines[line][:col], lines[end_line][end_col:]
        lines[line:end_line + 1] = [head + replacement + tail]
    return "".join(lines)


def _literal(node: ast.expr) -> Any:
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return None
    return list(value) if isinstance(value, list | tuple) else value


def _assignment(tree: ast.Module, name: str) -> ast.Assign | None:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name
                                                for t in node.targets):
            return node
    return None


def _wrapped(values: list[str], column: int, width: int = 100) -> str:
    """`["a", "b", ...]` wrapped at `width`, continued under the first item."""
    lines, current = [], ""
    for index, value in enumerate(values):
        item = string(value) + ("," if index < len(values) - 1 else "]")
        candidate = f"{current} {item}" if current else item
        if current and column + len(candidate) + 2 > width:
            lines.append(current)
            current = item
        else:
            current = candidate
    lines.append(current or "]")
    return "[" + ("\n" + " " * column).join(lines)
