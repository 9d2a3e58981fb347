"""Loading definitions: what the catalog resolves, and every cross-step mistake."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from vllmci.catalog.load import load_catalog
from vllmci.errors import DefinitionError, DefinitionErrors

MINI = Path(__file__).parent / "fixtures" / "mini"
HARDWARE = """
from vllmci.define import Device, Inventory
INVENTORY = Inventory(devices=[Device("l4", {1: "gpu_1_queue", 4: "gpu_4_queue"}),
                               Device("h100", {8: "h100"})], default="l4")
"""


def write_defs(tmp_path: Path, steps: str, hardware: str = HARDWARE) -> Path:
    (tmp_path / "hardware.py").write_text(textwrap.dedent(hardware))
    body = "from vllmci.define import Group, Step, AmdMirror\n" + textwrap.dedent(steps)
    (tmp_path / "area.py").write_text(body)
    return tmp_path


def load_errors(tmp_path: Path, steps: str) -> list[DefinitionError]:
    with pytest.raises((DefinitionError, DefinitionErrors)) as info:
        load_catalog(write_defs(tmp_path, steps))
    error = info.value
    return list(error.errors) if isinstance(error, DefinitionErrors) else [error]


def test_mini_catalog_resolves_queues_and_inherits_group_dependencies() -> None:
    catalog = load_catalog(MINI)
    queues = {e.key: e.queue for e in catalog.entries}
    assert queues["lora"] == "gpu_1_queue"
    assert queues["lora-tp"] == "gpu_4_queue"
    assert queues["amd-lora"] == "amd_mi300_1"
    assert catalog.by_key["lora"].depends_on == ("image-build",)
    assert catalog.by_key["kernels-slow"].depends_on == ("image-build", "kernels-helper")


def test_groups_are_ordered_by_name_and_mirrors_go_to_the_policy_group() -> None:
    entries = load_catalog(MINI).entries
    groups = [e.group for e in entries]
    assert groups == sorted(groups)
    assert next(e for e in entries if e.key == "amd-lora").group == "AMD"
    assert [e.key for e in entries if e.group == "Abuild"] == ["image-build", "pre-commit"]


def test_mirror_merges_dependency_entries() -> None:
    rule = load_catalog(MINI).by_key["amd-lora"].rule
    assert rule.match("vllm/platforms/rocm.py") == "vllm/platforms/rocm.py"
    assert rule.match("tests/lora/test_x.py") == "tests/lora"


@pytest.mark.parametrize(("steps", "field", "text"), [
    ('G = Group(name="G", steps=[Step(key="a", label="A", device="h10", commands=["x"])])',
     "device", "did you mean 'h100'"),
    ('G = Group(name="G", steps=[Step(key="a", label="A", num_devices=8, commands=["x"])])',
     "num_devices", "maximum of 4"),
    ('G = Group(name="G", steps=[Step(key="a", label="A", commands=["x"]),\n'
     '                          Step(key="a", label="B", commands=["y"])])',
     "key", "duplicate key"),
    ('G = Group(name="G", steps=[Step(key="a", label="A", depends_on=["imge"], commands=["x"]),'
     '\n  Step(key="image", label="I", commands=["x"])])',
     "depends_on", "did you mean 'image'"),
    ('G = Group(name="G", steps=[Step(key="a b", label="A", commands=["x"])])',
     "key", "letters, digits"),
    ('G = Group(name="G", steps=[Step(key="a", label="A", concurrency=1, commands=["x"])])',
     "concurrency", "concurrency_group"),
    ('G = Group(name="G", steps=[Step(key="a", label="A", depends_on=["b"], commands=["x"]),\n'
     '                          Step(key="b", label="B", depends_on=["a"], commands=["x"])])',
     "depends_on", "cycle"),
    ('G = Group(name="G", steps=[Step(key="a", label="A", commands=["x"],\n'
     '                               amd=AmdMirror(device="mi300_1"))])',
     "amd.device", "unknown device 'mi300_1'"),
], ids=["unknown-device", "too-many-devices", "duplicate-key", "unknown-depends-on",
        "bad-key", "concurrency-without-group", "cycle", "unknown-mirror-device"])
def test_cross_step_mistakes_name_file_key_and_field(
        tmp_path: Path, steps: str, field: str, text: str) -> None:
    errors = load_errors(tmp_path, steps)
    assert any(e.field == field and text in str(e) for e in errors), errors
    assert all(e.file and e.file.endswith("area.py") and e.line for e in errors)


def test_exception_in_a_definition_module_names_file_and_line(tmp_path: Path) -> None:
    errors = load_errors(tmp_path, "X = 1\nY = undefined_name\n")
    assert errors[0].file and errors[0].file.endswith("area.py")
    assert errors[0].line == 3
    assert "NameError" in str(errors[0])


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    errors = load_errors(tmp_path, "X = (\n")
    assert "SyntaxError" in str(errors[0])


def test_missing_inventory_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "area.py").write_text("X = 1\n")
    with pytest.raises(DefinitionError, match="exactly one Inventory"):
        load_catalog(tmp_path)


def test_relative_imports_between_definition_modules_work(tmp_path: Path) -> None:
    write_defs(tmp_path, "from .common import STEPS\nG = Group(name='G', steps=STEPS)\n")
    (tmp_path / "common.py").write_text(
        "from vllmci.define import Step\nSTEPS = [Step(key='a', label='A', commands=['x'])]\n")
    assert [e.key for e in load_catalog(tmp_path).entries] == ["a"]


def test_keys_leave_room_for_their_block_step(tmp_path: Path) -> None:
    steps = ('G = Group(name="G", steps=[Step(key="k" * 95, label="A", commands=["x"]),\n'
             '  Step(key="block-a", label="B", commands=["x"])])')
    errors = load_errors(tmp_path, steps)
    assert any("block step" in str(e) for e in errors)
    assert any("must not start with 'block-'" in str(e) for e in errors)


def test_nested_packages_load(tmp_path: Path) -> None:
    write_defs(tmp_path, "")
    sub = tmp_path / "areas" / "deep"
    sub.mkdir(parents=True)
    (tmp_path / "areas" / "__init__.py").write_text("")
    (sub / "__init__.py").write_text("")
    (sub / "x.py").write_text("from vllmci.define import Group, Step\n"
                              "G = Group(name='Deep', steps=[Step(key='d', label='D', "
                              "commands=['x'])])\n")
    assert [e.key for e in load_catalog(tmp_path).entries] == ["d"]


def test_for_pipeline_keeps_mirrors_of_its_groups() -> None:
    catalog = load_catalog(MINI).for_pipeline("test")
    assert "amd-lora" in catalog.by_key


def test_loading_a_directory_again_sees_its_changes(tmp_path: Path) -> None:
    write_defs(tmp_path, 'G = Group(name="G", steps=[Step(key="a", label="A", commands=["x"])])')
    assert [e.key for e in load_catalog(tmp_path).entries] == ["a"]
    write_defs(tmp_path, 'G = Group(name="G", steps=[Step(key="bb", label="B", commands=["x"])])')
    assert [e.key for e in load_catalog(tmp_path).entries] == ["bb"]


def test_the_definition_files_are_every_visible_module_in_path_order(tmp_path: Path) -> None:
    """Names starting with `.` or `_` are left out (but `__init__.py`), at any depth; a
    symlinked directory is not followed."""
    from vllmci.catalog.modules import _module_files

    for name in ("b.py", "a/__init__.py", "a/z.py", "a/_private.py", "a/notes.txt",
                 "a/b/c.py", "_scripts/x.py", ".hidden/y.py", "a/__pycache__/z.py",
                 "a.py", "elsewhere/e.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    (tmp_path / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    found = [p.relative_to(tmp_path).as_posix() for p in _module_files(tmp_path)]
    assert found == ["a/__init__.py", "a/b/c.py", "a/z.py", "a.py", "b.py", "elsewhere/e.py"]
