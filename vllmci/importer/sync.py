"""Importing again into definitions that exist: compare, then write only when asked.

The would-be result is OUT as it is, with the imported files laid over it and the
modules of YAML files that are gone taken out, in a temporary directory. Both are
loaded as catalogs and compared with `vllmci review`'s comparison, step by step
and field by field. Writing goes through a staging directory inside OUT, so that
a failure never leaves half-written modules; files that would not change are not
touched, and files the import does not produce are never removed unless they are
modules an earlier import wrote for a YAML file that no longer exists.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from vllmci.catalog.load import load_catalog
from vllmci.catalog.model import Catalog
from vllmci.errors import DefinitionError, DefinitionErrors, UsageError
from vllmci.review.compare import Review, Side, compare
from vllmci.values import frozen

STAGING_PREFIX = ".vllmci-import-"
IGNORED = ("__pycache__",)


@frozen
class Files:
    """What writing would do to OUT, by path relative to OUT."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def writes(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def is_empty(out: Path) -> bool:
    """A first import: OUT is missing or holds no files."""
    return not out.exists() or not any(p.is_file() for p in out.rglob("*")
                                       if not set(p.relative_to(out).parts) & set(IGNORED))


def check_writable(out: Path) -> None:
    """A UsageError naming OUT when it cannot be created or written."""
    probe = out
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        what = "is not a directory" if probe == out else f"cannot be created: {probe} is " \
            "not a directory"
        raise UsageError(f"{out}: {what}")
    if not os.access(probe, os.W_OK | os.X_OK):
        what = "is not writable" if probe == out else f"cannot be created: {probe} is not " \
            "writable"
        raise UsageError(f"{out}: {what}")


def plan_files(out: Path, texts: dict[str, str], removed: list[str]) -> Files:
    added, changed, unchanged = [], [], []
    for name in sorted(texts):
        target = out / name
        if not target.is_file():
            added.append(name)
        elif _read(target) != texts[name]:
            changed.append(name)
        else:
            unchanged.append(name)
    return Files(tuple(added), tuple(changed), tuple(unchanged), tuple(sorted(removed)))


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


@contextmanager
def would_be(out: Path, texts: dict[str, str], removed: list[str]) -> Iterator[Path]:
    """A temporary directory holding what OUT would hold after writing."""
    with tempfile.TemporaryDirectory(prefix="vllmci-import-") as temp:
        root = Path(temp).resolve() / "definitions"
        if out.is_dir():
            shutil.copytree(out, root, symlinks=True,
                            ignore=shutil.ignore_patterns(*IGNORED, STAGING_PREFIX + "*"))
        else:
            root.mkdir()
        for name in removed:
            (root / name).unlink(missing_ok=True)
        for name, text in texts.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        yield root


def load(directory: Path, what: str) -> Catalog:
    try:
        return load_catalog(directory)
    except (DefinitionError, DefinitionErrors) as error:
        raise DefinitionErrors(_relocated(error, directory, what)) from None


def _relocated(error: DefinitionError | DefinitionErrors, directory: Path,
               what: str) -> list[DefinitionError]:
    """The errors, with paths in the temporary directory shown as paths in `what`."""
    errors = error.errors if isinstance(error, DefinitionErrors) else (error,)
    out = []
    for one in errors:
        file = one.file
        if file:
            with suppress(ValueError):
                file = str(Path(what) / Path(file).resolve().relative_to(directory))
        out.append(DefinitionError(one.detail, file=file, line=one.line, key=one.key,
                                   field=one.field))
    return out


def review(out: Path, current: Catalog, after: Catalog, root: Path) -> Review:
    return compare(Side(current, out.resolve()), Side(after, root), against=str(out),
                   definitions=str(out))


def write(out: Path, texts: dict[str, str], files: Files) -> list[str]:
    """Write the added and changed files and remove the removed ones; all files are
    written into a staging directory inside OUT first, then moved into place."""
    check_writable(out)
    created = not out.exists()
    names = [*files.added, *files.changed]
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
    except OSError as exc:
        raise UsageError(f"{out}: cannot write: {exc.strerror or exc}") from None
    moved: list[str] = []
    try:
        for index, name in enumerate(names):
            staged = staging / str(index)
            staged.write_text(texts[name], encoding="utf-8")
        for index, name in enumerate(names):
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / str(index), target)
            moved.append(name)
        for name in files.removed:
            (out / name).unlink(missing_ok=True)
    except OSError as exc:
        done = f" (already written: {', '.join(moved)})" if moved else " (nothing was written)"
        raise UsageError(f"{out}: cannot write {exc.filename or ''}: "
                         f"{exc.strerror or exc}{done}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and not moved:
            with suppress(OSError):
                out.rmdir()
    return [*moved, *files.removed]
