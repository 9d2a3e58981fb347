"""Which YAML files to import, and the module each one becomes.

A directory is read in vLLM's `.buildkite/` layout: the job directories that
`ci_config.yaml` names (every subdirectory when there is none), recursively.
Each file becomes a module at the same place under OUT, `-` and other
characters invalid in a module name becoming `_`. A directory whose tree holds
a single YAML file becomes one module named after the directory
(`image_build/image_build.yaml` -> `image_build.py`). A single file (the
legacy format, or one file of the step format) becomes `OUT/<name>.py`.
"""

from __future__ import annotations

import keyword
import re
from pathlib import Path, PurePosixPath

import attrs

from vllmci.errors import UsageError
from vllmci.importer import rules
from vllmci.importer.model import Note
from vllmci.importer.source import read_source

CONFIG = "ci_config.yaml"
SUFFIXES = (".yaml", ".yml")


@attrs.frozen
class Planned:
    """One YAML file to import and the module it becomes (relative to OUT)."""

    path: Path
    display: str
    module: str
    constant: str


@attrs.frozen
class Layout:
    files: tuple[Planned, ...]
    working_dir: str | None = rules.REPO_WORKING_DIR
    notes: tuple[Note, ...] = ()


def plan_file(src: Path) -> Layout:
    module = module_name(src.stem) + ".py"
    return Layout((Planned(src, src.name, module, constant_for(module)),))


def plan_directory(src: Path) -> Layout:
    config = read_source(src / CONFIG, CONFIG).at() if (src / CONFIG).is_file() else None
    config_value = config.value if config is not None and config.is_mapping else {}
    dirs = _job_dirs(src, config_value.get("job_dirs"))
    found = sorted({p for d in dirs for p in d.rglob("*") if p.suffix in SUFFIXES
                    and p.is_file()}, key=lambda p: p.relative_to(src).parts)
    if not found:
        raise UsageError(f"{src}: no YAML step definitions found")
    relative = [p.relative_to(src) for p in found]
    planned, seen = [], {}
    for path, rel in zip(found, relative, strict=True):
        module = _module_for(rel, relative)
        if module in seen:
            raise UsageError(f"{rel.as_posix()} and {seen[module]} would both become {module}")
        seen[module] = rel.as_posix()
        planned.append(Planned(path, rel.as_posix(), module, constant_for(module)))
    repo = config_value.get("github_repo_name") or rules.DEFAULT_REPO
    working_dir = rules.REPO_WORKING_DIR if repo == rules.DEFAULT_REPO else None
    return Layout(tuple(planned), working_dir, tuple(_config_notes(src, config_value, dirs)))


def _job_dirs(src: Path, job_dirs: object) -> list[Path]:
    if not job_dirs:
        return sorted(p for p in src.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not isinstance(job_dirs, list):
        raise UsageError(f"{CONFIG}: job_dirs must be a list of directories")
    dirs = []
    for entry in job_dirs:
        parts = PurePosixPath(str(entry)).parts
        candidates = [src.parent.joinpath(*parts), src.joinpath(*parts[1:]), src / parts[-1]]
        found = next((c for c in candidates if parts and c.is_dir()), None)
        if found is None:
            raise UsageError(f"{CONFIG}: job directory {entry!r} not found in {src}")
        dirs.append(found)
    return dirs


def _config_notes(src: Path, config: dict, dirs: list[Path]) -> list[Note]:
    notes = []
    for field in ("run_all_patterns", "run_all_exclude_patterns"):
        if config.get(field):
            notes.append(Note(CONFIG, None, field, config[field], "not imported: declare "
                              "them once in your settings as RunAll(patterns=..., exclude=...)"))
    for path in sorted(src.iterdir()):
        if path.is_file() and path.suffix in SUFFIXES and path.name != CONFIG \
                and not any(d == src for d in dirs):
            notes.append(Note(path.name, None, "", None, "not in a job directory; not imported"))
    return notes


def _module_for(rel: Path, selected: list[Path]) -> str:
    """The topmost directory holding only this YAML file stands for it."""
    for depth in range(1, len(rel.parts)):
        prefix = rel.parts[:depth]
        if sum(1 for other in selected if other.parts[:depth] == prefix) == 1:
            return "/".join(module_name(p) for p in prefix) + ".py"
    return "/".join([*(module_name(p) for p in rel.parts[:-1]), module_name(rel.stem)]) + ".py"


def module_name(name: str) -> str:
    text = re.sub(r"\W", "_", name)
    if text[:1].isdigit() or text.startswith("_") or not text:
        text = "m_" + text
    return text + "_" if keyword.iskeyword(text) else text


def constant_for(module: str) -> str:
    return PurePosixPath(module).stem.upper()


def package_inits(modules: list[str]) -> list[str]:
    """The `__init__.py` every subpackage of the written modules needs."""
    packages = {parent for m in modules for parent in PurePosixPath(m).parents
                if parent != PurePosixPath(".")}
    return sorted(f"{p.as_posix()}/__init__.py" for p in packages)
