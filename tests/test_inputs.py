"""No input crashes vllmci: every bad definition, file or argument is a message naming
the file, step and field (or the argument) with a usage exit code, and nothing is
uploaded. A property test feeds wrong-typed values to every field of the definition
language and expects a `DefinitionError` naming the field, never another exception."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import Result, StandInAgent
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vllmci.define import (
    AmdMirror,
    AutoRetry,
    ByTime,
    Gate,
    Group,
    Input,
    MirrorPolicy,
    Plugin,
    RunAll,
    Settings,
    Step,
    TextField,
)
from vllmci.errors import CHECK_FAILED_EXIT, USAGE_EXIT, DefinitionError

Run = Callable[..., Result]
HARDWARE = """
from vllmci.define import Device, Inventory
INVENTORY = Inventory(devices=[Device("l4", {1: "gpu_1_queue", 4: "gpu_4_queue"}),
                               Device("mi250_1", "amd_mi250_1", vendor="amd")], default="l4")
"""


def definitions(root: Path, body: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "hardware.py").write_text(textwrap.dedent(HARDWARE))
    (root / "area.py").write_text("from vllmci.define import AmdMirror, AutoRetry, Group, Step\n"
                                  + textwrap.dedent(body))
    return root


def one_step(**fields: str) -> str:
    extra = "".join(f", {name}={value}" for name, value in fields.items())
    return ('G = Group(name="G", steps=[\n'
            f'    Step(key="a", label="A", paths=["a"], commands=["x"]{extra}),\n'
            "])\n")


# --- section 1: each case, every command ---------------------------------------------------

BAD_STEPS = [
    ("retry-as-yaml", {"retry": '[{"exit_status": 1, "limit": 1}]'}, "retry",
     "must be a list of AutoRetry(...) objects, got [{'exit_status': 1, 'limit': 1}] "
     "(write AutoRetry(exit_status=1, limit=1))"),
    ("retry-a-number", {"retry": "[1]"}, "retry",
     "must be a list of AutoRetry(...) objects, got [1]"),
    ("soft-fail-yes", {"soft_fail": '"yes"'}, "soft_fail",
     "must be True, False or a list of whole numbers, got 'yes'"),
    ("optional-yes", {"optional": '"yes"'}, "optional", "must be True or False, got 'yes'"),
    ("retry-limit-0", {"retry": "[AutoRetry(exit_status=1, limit=0)]"}, "limit",
     "must be a whole number >= 1, got 0"),
    ("env-a-list", {"env": '{"A": [1]}'}, "env",
     "A: values must be strings, numbers or booleans, got [1]"),
]
COMMANDS = [("plan",), ("plan", "--format", "json"), ("plan", "--format", "buildkite"),
            ("upload",), ("upload", "--dry-run")]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
@pytest.mark.parametrize(("fields", "field", "message"), [c[1:] for c in BAD_STEPS],
                         ids=[c[0] for c in BAD_STEPS])
def test_a_wrong_field_is_a_message_not_a_crash(
        run_cli: Run, tmp_path: Path, stand_in_agent: StandInAgent, command: tuple[str, ...],
        fields: dict[str, str], field: str, message: str) -> None:
    defs = definitions(tmp_path / "defs", one_step(**fields))
    result = run_cli(*command, "--files", "a", "--pipelines", str(defs))
    assert result.code == USAGE_EXIT
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert f"{defs / 'area.py'}:3: step 'a': " in result.err
    assert f"field {field!r}: {message}" in result.err
    assert result.out == ""
    assert stand_in_agent.calls() == []  # nothing uploaded, nothing annotated


@pytest.mark.parametrize(("fields", "field", "message"), [c[1:] for c in BAD_STEPS],
                         ids=[c[0] for c in BAD_STEPS])
def test_check_reports_a_wrong_field_as_a_finding(run_cli: Run, tmp_path: Path,
                                                 fields: dict[str, str], field: str,
                                                 message: str) -> None:
    defs = definitions(tmp_path / "defs", one_step(**fields))
    result = run_cli("check", "--pipelines", str(defs))
    assert result.code == CHECK_FAILED_EXIT  # check's findings (docs/check.md)
    assert "Traceback" not in result.err
    assert f"field {field!r}: {message}" in result.out


def test_check_tree_that_is_not_utf8_is_a_usage_error(run_cli: Run, tmp_path: Path) -> None:
    tree = tmp_path / "tree.txt"
    tree.write_bytes(b"vllm/a.py\nvllm/\xff\xfe.py\n")
    result = run_cli("check", "--tree", str(tree))
    assert result.code == USAGE_EXIT
    assert result.err == (f"vllmci: error: --tree {tree}: not UTF-8 text (byte 0xff at offset "
                          "15): list the paths one a line, in UTF-8\n")
    listed = run_cli("plan", "--files-from", str(tree))  # as plan --files-from does
    assert listed.code == USAGE_EXIT and "Traceback" not in listed.err


def test_a_mirror_error_names_the_step_and_the_mirror(run_cli: Run, tmp_path: Path) -> None:
    defs = definitions(tmp_path / "defs", """
        G = Group(name="G", steps=[
            Step(key="lora", label="LoRA", paths=["a"], commands=["x"],
                 amd=AmdMirror(device="mi250_1",
                               parallel=2)),
        ])
    """)
    result = run_cli("plan", "--files", "a", "--pipelines", str(defs))
    assert result.code == USAGE_EXIT
    assert result.err.startswith(
        f"vllmci: error: {defs / 'area.py'}:5: step 'lora': AMD mirror 'mi250_1': field "
        "'parallel': unknown field for AMD mirror (a mirror runs as many shards as its step")
    assert "step 'mi250_1'" not in result.err
    checked = run_cli("check", "--pipelines", str(defs))
    assert "step 'lora': AMD mirror 'mi250_1': field 'parallel': unknown field" in checked.out


def test_a_parents_concurrency_problem_is_the_parents(run_cli: Run, tmp_path: Path) -> None:
    defs = definitions(tmp_path / "defs", """
        G = Group(name="G", steps=[
            Step(key="lora", label="LoRA", paths=["a"], commands=["x"], concurrency=2,
                 amd=AmdMirror(device="mi250_1")),
        ])
    """)
    result = run_cli("plan", "--files", "a", "--pipelines", str(defs))
    assert result.code == USAGE_EXIT
    assert result.err == (f"vllmci: error: {defs / 'area.py'}:4: step 'lora': field "
                          "'concurrency': needs concurrency_group as well\n")


def test_a_retry_rule_error_names_its_step() -> None:
    with pytest.raises(DefinitionError) as info:
        Step(key="lora", label="LoRA", commands=["x"],
             retry=[AutoRetry(exit_status="1")])
    assert (info.value.key, info.value.part, info.value.field) == (
        "lora", "automatic retry", "exit_status")
    assert "must be a whole number, '*' or None, got '1'" in str(info.value)


def test_python_dash_m_ignores_a_directory_called_vllmci(tmp_path: Path) -> None:
    """The Quick start from the parent directory of a clone named `vllmci`: the clone
    is a namespace package on `sys.path` there (holding a stale `build/` after
    `pip install .`); the installed package runs, never the clone's top."""
    clone = tmp_path / "vllmci"
    (clone / "build" / "lib" / "vllmci").mkdir(parents=True)
    (clone / "build" / "lib" / "vllmci" / "cli.py").write_text("raise SystemExit('stale')\n")
    (clone / "cli.py").write_text("raise SystemExit('shadowed')\n")
    (clone / "build.py").write_text("raise SystemExit('shadowed')\n")
    for argv in (["--version"], ["plan", "--files", "vllm/lora/layers/base.py"]):
        done = subprocess.run([sys.executable, "-m", "vllmci", *argv], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120, check=False,
                              env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
        assert done.returncode == 0, done.stderr
        assert "shadowed" not in done.stderr and "stale" not in done.stderr


def test_no_module_of_the_package_is_named_like_a_directory_of_the_checkout() -> None:
    """`vllmci.<name>` never resolves to the clone's `build/`, `docs/`, `tests/`, ..."""
    import pkgutil

    import vllmci

    root = Path(vllmci.__file__).parent.parent
    tops = {p.name for p in root.iterdir()} | {"build", "dist", "docs", "tests", "bench"}
    modules = {m.name for m in pkgutil.iter_modules(vllmci.__path__)}
    assert not modules & {t.removesuffix(".py") for t in tops}


# --- the property: wrong types name their field ----------------------------------------

def _strs(v: Any) -> bool:
    return isinstance(v, str) or (isinstance(v, list | tuple) and all(isinstance(x, str)
                                                                      for x in v))


def _ints(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _optional(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda v: v is None or check(v)


def _all(kind: type) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, list | tuple) and all(isinstance(x, kind) for x in v)


def _mapping(v: Any) -> bool:
    return isinstance(v, Mapping) or (isinstance(v, list | tuple) and all(
        isinstance(x, list | tuple) and len(x) == 2 for x in v))


def TEXT(v: Any) -> bool:
    return isinstance(v, str)


def BOOL(v: Any) -> bool:
    return isinstance(v, bool)


def POSITIVE(v: Any) -> bool:
    return _ints(v) and v >= 1


KINDS: dict[str, Callable[[Any], bool]] = {
    "text": TEXT, "text?": _optional(TEXT), "bool": BOOL, "bool?": _optional(BOOL),
    "int?": _optional(_ints), "positive": POSITIVE, "positive?": _optional(POSITIVE),
    "strings": _strs, "strings?": _optional(_strs), "env": _optional(_mapping),
    "retries": _all(AutoRetry), "retries?": _optional(_all(AutoRetry)),
    "plugins": _all(Plugin), "items": _all(Step | Gate | Input), "fields": _all(TextField),
    "soft_fail": lambda v: isinstance(v, bool) or (isinstance(v, list | tuple)
                                                   and all(_ints(x) for x in v)),
    "matrix": lambda v: v is None or _strs(v) or isinstance(v, Mapping),
    "mirror": _optional(lambda v: isinstance(v, AmdMirror)), "function": callable,
    "function?": _optional(callable),
    "matching": lambda v: v in ("paths", "prefix"),
    "runner?": _optional(lambda v: callable(getattr(v, "shape", None))),
    "by_time?": _optional(lambda v: isinstance(v, ByTime)),
    "minutes": lambda v: isinstance(v, int | float) and not isinstance(v, bool) and 0 < v < 1e9,
}
"""What each kind of field may be given (a superset: anything else is wrong-typed)."""
FIELDS: dict[type, tuple[dict[str, Any], dict[str, str]]] = {
    Step: ({"key": "a", "label": "A", "commands": ["x"]}, {
        "key": "text", "label": "text", "commands": "strings", "paths": "strings?",
        "device": "text?", "num_devices": "positive", "num_nodes": "positive",
        "parallelism": "positive", "timeout": "positive?", "working_dir": "text?",
        "optional": "bool", "soft_fail": "soft_fail", "retry": "retries", "env": "env",
        "depends_on": "strings?", "agents": "env", "concurrency": "positive?",
        "concurrency_group": "text?", "priority": "int?", "no_plugin": "bool",
        "mount_buildkite_agent": "bool", "dind": "bool", "artifact_paths": "strings",
        "always_run": "bool", "force_paths": "strings", "only_in": "strings",
        "amd": "mirror", "skip_in": "strings", "publishes": "bool", "matrix": "matrix",
        "plugins": "plugins", "allow_dependency_failure": "bool",
        "allow_failure_of": "strings", "tags": "strings", "shards": "by_time?"}),
    ByTime: ({"target_minutes": 20}, {
        "target_minutes": "minutes", "max": "positive", "min": "positive"}),
    Group: ({"name": "G", "steps": []}, {
        "name": "text", "steps": "items", "depends_on": "strings", "working_dir": "text?",
        "pipeline": "text", "key": "text?", "always_run": "bool", "top_level": "bool",
        "order": "int?"}),
    AmdMirror: ({"device": "mi300_1"}, {
        "device": "text", "label": "text?", "timeout": "positive?", "paths": "strings?",
        "commands": "strings?", "depends_on": "strings", "working_dir": "text?",
        "num_devices": "positive?", "dind": "bool", "no_plugin": "bool", "optional": "bool?",
        "soft_fail": "bool?", "env": "env"}),
    Gate: ({"key": "g", "label": "G"}, {
        "key": "text", "label": "text", "prompt": "text?", "prompt_in": "env",
        "fields": "fields", "depends_on": "strings?", "allow_failure_of": "strings",
        "skip_in": "strings"}),
    Input: ({"key": "i", "label": "I", "fields": [TextField(key="k", text="K")]}, {
        "key": "text", "label": "text", "fields": "fields", "prompt": "text?",
        "depends_on": "strings?", "allow_failure_of": "strings", "skip_in": "strings"}),
    TextField: ({"key": "k", "text": "K"}, {
        "key": "text", "text": "text", "hint": "text?", "required": "bool",
        "default": "text?", "format": "text?"}),
    MirrorPolicy: ({}, {
        "group": "text", "label": "text", "vendor": "text?", "block_key": "text?",
        "block_label": "text?", "image_build": "text?", "replaces_image": "strings",
        "timeout": "positive?", "max_timeout": "positive?", "retry": "retries?",
        "priority": "int?", "artifact_paths": "strings", "paths": "strings",
        "native_paths": "strings", "force_paths": "strings", "pipeline": "text"}),
    RunAll: ({"patterns": ["setup.py"]}, {
        "patterns": "strings", "exclude": "strings", "active": "bool", "labels": "strings",
        "nightly": "strings", "torch_nightly": "bool", "pipeline": "text"}),
    Plugin: ({"name": "docker#v5"}, {"name": "text", "config": "env"}),
    Settings: ({}, {"image": "function", "env": "function", "retry": "retries",
                    "timeout": "positive?", "priority": "function?", "pipeline": "text",
                    "docs_only_first": "bool", "matching": "matching", "tag": "function?",
                    "gpu_runner": "runner?", "block_after": "text?"}),
}
CASES = [(cls, field) for cls, (_, kinds) in FIELDS.items() for field in kinds]
VALUES = st.one_of(
    st.integers(-3, 3), st.booleans(), st.floats(allow_nan=False, width=16), st.none(),
    st.text(max_size=4), st.binary(max_size=3), st.just(object()), st.just(3 + 4j),
    st.lists(st.integers(-2, 2), min_size=1, max_size=3),
    st.lists(st.none(), min_size=1, max_size=2),
    st.lists(st.dictionaries(st.sampled_from(["exit_status", "limit", "x"]),
                             st.integers(-1, 2), min_size=1, max_size=2), min_size=1,
             max_size=2),
    st.dictionaries(st.integers(0, 3), st.text(max_size=2), min_size=1, max_size=2),
    st.dictionaries(st.text(min_size=1, max_size=3), st.lists(st.integers(), max_size=2),
                    min_size=1, max_size=2),
    st.lists(st.lists(st.integers(), min_size=1, max_size=3), min_size=1, max_size=2),
    st.sets(st.integers(0, 5), min_size=1, max_size=3),
)
PROPERTY = settings(max_examples=12, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.filter_too_much])


def test_every_field_of_the_definition_language_is_covered() -> None:
    for cls, (_, kinds) in FIELDS.items():
        assert set(kinds) == {a.name for a in attrs.fields(cls) if a.name != "origin"}, cls


CORPUS = (-3, -1, 0, 1, 3, True, False, 0.5, -2.0, None, "", "ab", " ", b"x", object(),
          3 + 4j, [1], [-1, 2], [None], [{"exit_status": 1}], [{"x": 2, "limit": -1}],
          {0: "a"}, {"a": [1]}, [[1, 2]], {1, 2}, (), [], {}, ("a",), ["a", 1])
"""Wrong values of every shape VALUES draws from, each tried on every field."""


@pytest.mark.parametrize(("cls", "field"), CASES, ids=[f"{c.__name__}.{f}" for c, f in CASES])
def test_every_wrong_value_of_the_corpus_is_a_definition_error_naming_its_field(
        cls: type, field: str) -> None:
    """The fast, fixed half of the property below (which `pytest -m slow` runs)."""
    base, kinds = FIELDS[cls]
    accepted = KINDS[kinds[field]]
    wrong = [v for v in CORPUS if not accepted(v)]
    assert wrong, f"the corpus has no wrong value for {cls.__name__}.{field}"
    for value in wrong:
        with pytest.raises(DefinitionError) as info:
            cls(**{**base, field: value})
        assert info.value.field == field, (value, str(info.value))
        assert f"field {field!r}" in str(info.value)


@pytest.mark.slow
@pytest.mark.parametrize(("cls", "field"), CASES, ids=[f"{c.__name__}.{f}" for c, f in CASES])
@PROPERTY
@given(data=st.data())
def test_a_wrong_typed_value_is_a_definition_error_naming_its_field(
        cls: type, field: str, data: st.DataObject) -> None:
    base, kinds = FIELDS[cls]
    accepted = KINDS[kinds[field]]
    value = data.draw(VALUES.filter(lambda v: not accepted(v)), label=field)
    with pytest.raises(DefinitionError) as info:
        cls(**{**base, field: value})
    assert info.value.field == field, str(info.value)
    assert f"field {field!r}" in str(info.value)
