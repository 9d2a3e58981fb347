"""Which definitions a replay uses: a directory (the bundled ones by default), or
the same directory as it is at a git ref (read as `vllmci review` reads it:
`vllmci.review.compare.load_at`, `git archive` into a temporary directory).

`own` is what definition files are relative to when a step's own file counts as
a dependency (as in `plan`: only for definitions given with `--pipelines`).
"""

from __future__ import annotations

from pathlib import Path

from vllmci.catalog.load import load_catalog
from vllmci.catalog.model import Catalog
from vllmci.errors import UsageError
from vllmci.review import compare
from vllmci.values import frozen


@frozen
class Definitions:
    catalog: Catalog
    label: str
    own: Path | None = None


def from_directory(directory: Path, pipeline: str, own: Path | None,
                   label: str | None = None) -> Definitions:
    if not directory.is_dir():
        raise UsageError(f"{label or directory}: no such definitions directory")
    name = label or str(directory)
    return Definitions(load_catalog(directory).named(pipeline, name), name, own)


def at_ref(directory: Path, ref: str, pipeline: str, own_files: bool) -> Definitions:
    """The definitions in `directory` as they are at `ref` (a commit of its checkout)."""
    old = compare.catalog_at(directory, ref)
    label = f"{ref} ({old.commit[:12]})"
    return Definitions(old.catalog.named(pipeline, label), label,
                       old.root if own_files else None)
