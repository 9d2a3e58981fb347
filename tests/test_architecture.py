"""The layout is the architecture (docs/architecture.md): packages per stage,
no import cycle, a docstring on every package saying what its stage takes and
gives, and definitions that import only the public face, `vllmci.define`."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "vllmci"
MAX_TOP_LEVEL_MODULES = 8


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imported(tree: ast.AST) -> set[str]:
    """Every vllmci module an import statement names (not under `if TYPE_CHECKING`)."""
    found: set[str] = set()
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _type_checking_only(node):
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        found |= imported(node)
    return {name for name in found if name in MODULES}


def packages_of(name: str) -> set[str]:
    """`a.b.c` and the packages whose `__init__` importing it runs (`a.b`; the root's
    is empty)."""
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(2, len(parts) + 1)} & set(MODULES)


def edges(name: str, path: Path) -> set[str]:
    """What importing module `name` imports. A module's own packages are running
    already when it is imported: they are not edges."""
    found = set().union(*map(packages_of, imported(ast.parse(path.read_text()))))
    return found - packages_of(name)


GRAPH = {name: edges(name, path) for name, path in MODULES.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                return [*stack[stack.index(dep):], dep]
            if dep not in state and (cycle := visit(dep)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_there_is_no_import_cycle() -> None:
    cycle = find_cycle(GRAPH)
    assert cycle is None, " -> ".join(cycle or [])


def test_the_cycle_finder_finds_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_few_modules_beside_the_packages() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top


@pytest.mark.parametrize("package", sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py")))
def test_every_package_says_what_its_stage_takes_and_gives(package: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text()))
    assert doc and "Takes:" in doc and "Gives:" in doc, package


def test_definitions_import_only_the_public_face() -> None:
    for path in (ROOT / "pipelines").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("vllmci"):
                assert node.module == "vllmci.define", f"{path}: from {node.module} import"


def test_the_commands_import_buildkite_sdk_only_when_they_build() -> None:
    """`stages.read_alongside` imports the build stage (and with it buildkite_sdk and
    pydantic, the longest computation of a plan) while git runs: nothing imports it
    before, or git would wait for it."""
    code = ("import sys, vllmci.cli, vllmci.stages, vllmci.commands.plan, "
            "vllmci.commands.upload; print(sorted(m for m in ('buildkite_sdk', 'pydantic', "
            "'vllmci.emit.build') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
