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

from vllmci.errors import UsageError
from vllmci.importer import rules
from vllmci.importer.model import Note
from vllmci.importer.source import read_source
from vllmci.values import frozen

CONFIG = "ci_config.yaml"
SUFFIXES = (".yaml", ".yml")
READ_SUFFIX = ".yaml"
"""vLLM's generator reads `*.yaml` in its job directories, nothing else."""
CONFIG_FIELDS = frozenset({
    "name", "job_dirs", "run_all_patterns", "run_all_exclude_patterns", "registries",
    "repositories", "github_repo_name",
})


@frozen
class Planned:
    """One YAML file to import and the module it becomes (relative to OUT)."""

    path: Path
    display: str
    module: str
    constant: str


@frozen
class Config:
    """What `ci_config.yaml` says beyond the job directories (for the settings)."""

    run_all: tuple[str, ...] | None = None
    run_all_exclude: tuple[str, ...] = ()
    registry: str | None = None
    repositories: tuple[tuple[str, str], ...] = ()


@frozen
class Layout:
    files: tuple[Planned, ...]
    working_dir: str | None = rules.REPO_WORKING_DIR
    notes: tuple[Note, ...] = ()
    config: Config | None = None
    """None without a `ci_config.yaml` (a single file, or a directory without one)."""
    sources: tuple[str, ...] = ()
    """The job directories read, relative to SRC (`test_areas`, `intel_jobs`)."""


def plan_file(src: Path, package: str | None = None) -> Layout:
    module = _in_package(package, module_name(src.stem) + ".py")
    return Layout((Planned(src, src.name, module, constant_for(module)),))


def _in_package(package: str | None, module: str) -> str:
    return f"{package}/{module}" if package else module


def plan_directory(src: Path, config_name: str = CONFIG, package: str | None = None) -> Layout:
    """`config_name`: the config file in SRC (vLLM's Intel pipeline: `ci_config_intel.yaml`);
    `package`: the modules go into this package of OUT (a pipeline's own directory),
    those of a single job directory straight into it."""
    notes: list[Note] = []
    config_value = _read_config(src, notes, config_name)
    dirs = _job_dirs(src, config_value.get("job_dirs"), notes, config_name)
    candidates = sorted({p for d in dirs for p in d.rglob("*") if p.suffix in SUFFIXES
                         and p.is_file()}, key=lambda p: p.relative_to(src).parts)
    found = []
    for path in candidates:
        if path.suffix == READ_SUFFIX:
            found.append(path)
        else:
            notes.append(Note(path.relative_to(src).as_posix(), None, "", None,
                              f"vLLM's generator reads only *{READ_SUFFIX} files; not imported"))
    if not found:
        raise UsageError(f"{src}: no YAML step definitions found")
    base = dirs[0] if package and len(dirs) == 1 else src
    relative = [p.relative_to(base) for p in found]
    planned, seen = [], {}
    for path, rel in zip(found, relative, strict=True):
        module = _in_package(package, _module_for(rel, relative))
        if module in seen:
            raise UsageError(f"{rel.as_posix()} and {seen[module]} would both become {module}")
        seen[module] = rel.as_posix()
        planned.append(Planned(path, path.relative_to(src).as_posix(), module,
                               constant_for(module)))
    repo = config_value.get("github_repo_name") or rules.DEFAULT_REPO
    working_dir = rules.REPO_WORKING_DIR if repo == rules.DEFAULT_REPO else None
    notes += _top_level_notes(src, dirs, config_name)
    config = _config(config_value, notes, config_name) if (src / config_name).is_file() \
        else None
    sources = tuple(d.relative_to(src).as_posix() for d in dirs)
    return Layout(tuple(planned), working_dir, tuple(notes), config, sources)


def _read_config(src: Path, notes: list[Note], name: str = CONFIG) -> dict:
    if not (src / name).is_file():
        notes.append(Note(name, None, "", None, "not found: every subdirectory of "
                          f"{src.name or src} is read as a job directory"))
        return {}
    config = read_source(src / name, name).at()
    if config is None or not config.is_mapping:
        notes.append(Note(name, None, "", None, "not a mapping: ignored; every "
                          "subdirectory is read as a job directory"))
        return {}
    value = config.value
    for field in sorted(set(value) - CONFIG_FIELDS, key=str):
        notes.append(Note(name, None, str(field), value[field], "not read by the importer"))
    return value


def _job_dirs(src: Path, job_dirs: object, notes: list[Note],
              config_name: str = CONFIG) -> list[Path]:
    if not job_dirs:
        return sorted(p for p in src.iterdir() if p.is_dir() and not p.name.startswith("."))
    if isinstance(job_dirs, str):
        job_dirs = [job_dirs]
    if not isinstance(job_dirs, list):
        raise UsageError(f"{config_name}: job_dirs must be a list of directories")
    dirs = []
    for entry in job_dirs:
        parts = PurePosixPath(str(entry)).parts
        # The entries are relative to the repository root (`.buildkite/test_areas`):
        # look inside SRC without their first part, as they stand, then by their name.
        candidates = [*([src.joinpath(*parts[1:])] if len(parts) > 1 else []),
                      src.joinpath(*parts), *([src / parts[-1]] if parts else [])]
        found = next((c for c in candidates if c.is_dir()), None)
        if found is None:
            notes.append(Note(config_name, None, "job_dirs", entry, f"no such directory in "
                              f"{src}: vLLM's generator reads no steps from it"))
        elif found not in dirs:
            dirs.append(found)
    return dirs


def _config(config: dict, notes: list[Note], name: str = CONFIG) -> Config:
    def strings(field: str) -> tuple[str, ...] | None:
        value = config.get(field)
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            notes.append(Note(name, None, field, value, "must be a list of strings; ignored"))
            return None
        return tuple(value)

    registry = config.get("registries")
    repositories = config.get("repositories")
    return Config(
        run_all=strings("run_all_patterns"),
        run_all_exclude=strings("run_all_exclude_patterns") or (),
        registry=registry if isinstance(registry, str) else None,
        repositories=tuple((str(k), str(v)) for k, v in repositories.items())
        if isinstance(repositories, dict) else ())


def _top_level_notes(src: Path, dirs: list[Path], config_name: str = CONFIG) -> list[Note]:
    notes = []
    for path in sorted(src.iterdir()):
        if path.is_file() and path.suffix in SUFFIXES and path.name != config_name \
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
