"""Import a directory of definitions as a package and collect what it defines."""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import os
import sys
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

from vllmci.errors import DefinitionError
from vllmci.values import frozen


@frozen
class Loaded:
    """Every module-level object of the definitions, in file then definition order."""

    directory: Path
    objects: tuple[tuple[str, Any], ...]

    def of_type(self, kind: type) -> list[Any]:
        seen: dict[int, Any] = {}
        for _, value in self.objects:
            if isinstance(value, kind):
                seen.setdefault(id(value), value)
        return list(seen.values())


def load_directory(directory: Path) -> Loaded:
    """Import every module below `directory`; errors name the file and line."""
    directory = directory.resolve()
    if not directory.is_dir():
        raise DefinitionError("definitions directory does not exist", file=str(directory))
    package = _package_name(directory)
    _forget(package)
    _import_package(package, directory)
    objects: list[tuple[str, Any]] = []
    for path in _module_files(directory):
        module = _import_module(package, directory, path)
        objects.extend((str(path), v) for k, v in vars(module).items() if not k.startswith("_"))
    return Loaded(directory=directory, objects=tuple(objects))


def _forget(package: str) -> None:
    """Drop an earlier load of the same directory: files may have changed since."""
    for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
        del sys.modules[name]


def _package_name(directory: Path) -> str:
    digest = hashlib.sha1(str(directory).encode()).hexdigest()[:12]
    return f"_vllmci_definitions_{digest}"


def _module_files(directory: Path) -> list[Path]:
    """Every `*.py` below `directory` (symlinked directories not followed), in path
    order, but for names starting with `.` or `_` (`__init__.py` is kept)."""
    found: list[tuple[str, ...]] = []
    for top, folders, files in os.walk(directory):
        folders[:] = [f for f in folders if not f.startswith((".", "_"))]
        parts = Path(top).relative_to(directory).parts
        found.extend((*parts, name) for name in files if name.endswith(".py")
                     and (name == "__init__.py" or not name.startswith((".", "_"))))
    return [directory.joinpath(*parts) for parts in sorted(found)]


def _module_name(package: str, directory: Path, path: Path) -> str:
    parts = list(path.relative_to(directory).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([package, *parts])


def _import_package(package: str, directory: Path) -> None:
    if package in sys.modules:
        return
    init = directory / "__init__.py"
    if not init.exists():
        _namespace(package, directory)
        return
    spec = importlib.util.spec_from_file_location(
        package, init, submodule_search_locations=[str(directory)])
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[package] = module
    _execute(module, spec, init)


def _import_module(package: str, directory: Path, path: Path) -> ModuleType:
    name = _module_name(package, directory, path)
    if name in sys.modules:
        return sys.modules[name]
    _import_parents(package, directory, path)
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    _execute(module, spec, path)
    return module


def _import_parents(package: str, directory: Path, path: Path) -> None:
    """Import the packages holding `path` (not `path` itself), outermost first."""
    relative = path.relative_to(directory)
    if relative.name == "__init__.py":
        relative = relative.parent
    for parent in reversed(relative.parents[:-1]):
        sub = directory / parent
        init = sub / "__init__.py"
        if init.exists():
            _import_module(package, directory, init)
        else:
            _namespace(_module_name(package, directory, init), sub)


def _namespace(name: str, sub: Path) -> None:
    if name not in sys.modules:
        spec = importlib.machinery.ModuleSpec(name, None, is_package=True)
        spec.submodule_search_locations = [str(sub)]
        sys.modules[name] = importlib.util.module_from_spec(spec)


def _execute(module: ModuleType, spec: Any, path: Path) -> None:
    try:
        spec.loader.exec_module(module)
    except DefinitionError:
        sys.modules.pop(spec.name, None)
        raise
    except Exception as exc:  # a definition module is user code: report, don't crash
        sys.modules.pop(spec.name, None)
        line = _line_in(exc, path)
        raise DefinitionError(f"{type(exc).__name__}: {exc}", file=str(path), line=line) from None


def _line_in(exc: BaseException, path: Path) -> int | None:
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename) == path:
            line = frame.lineno
    if isinstance(exc, SyntaxError) and exc.lineno:
        line = exc.lineno
    return line
