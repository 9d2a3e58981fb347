"""The fast paths of emitting give exactly the answers of the slow ones they replace.

- the compiled schema check (`vllmci.emit.validate`) = jsonschema's Draft 7 verdict,
  on real steps and on random mutations of them (a looser check would let a document
  through that Buildkite refuses; a stricter one only costs time, but they agree);
- `render.dumps` = `json.dumps(..., ensure_ascii=False, indent=2)` byte for byte;
- `walk.dollar_strings` = the strings of `walk.strings_in` the agent interpolates;
- `secrets.looks_secret` = `fnmatch` against each of the agent's patterns;
- step models made with `model_construct` = the same models validated by pydantic,
  serialized without a warning.
"""

from __future__ import annotations

import copy
import fnmatch
import json
import warnings
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from frozen import frozen_catalog
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vllmci.emit import build as build_stage
from vllmci.emit import compiled, validate
from vllmci.emit.build import build
from vllmci.emit.render import dumps, split, to_document
from vllmci.emit.secrets import SECRET_PATTERNS, looks_secret
from vllmci.emit.walk import UNESCAPED, dollar_strings, strings_in
from vllmci.errors import ValidationError
from vllmci.stages import Request, make_plan

MINI = Path(__file__).parent / "fixtures" / "mini"
BUNDLED = Path(__file__).parent.parent / "pipelines"  # compared with itself: never pinned
SCHEMA = validate._schema()
POINTERS = ("#", *(f"#/definitions/{name}" for name in sorted(SCHEMA["definitions"])))
UUID = "0b9e4d3c-5f1a-4c2b-9d8e-7a6b5c4d3e2f"
MANY = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])


def _jsonschema(pointer: str) -> Any:
    if pointer == "#":
        return jsonschema.Draft7Validator(SCHEMA)
    return jsonschema.Draft7Validator({"$ref": pointer, "definitions": SCHEMA["definitions"]})


JSONSCHEMA = {pointer: _jsonschema(pointer) for pointer in POINTERS}


def _property_names() -> list[str]:
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            names.update(node.get("properties", {}) if isinstance(
                node.get("properties"), dict) else ())
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(SCHEMA)
    return sorted(names)


NAMES = [*_property_names(), "bogus"]


def _steps() -> list[Any]:
    """Every step (groups and the steps inside them) of the mini pipelines' builds."""
    found: list[Any] = ["wait", {"wait": None}, {"trigger": "other", "build": {"env": {}}},
                        {"input": "Go?", "fields": [{"key": "a", "text": "A"}]}]
    for env in ({}, {"RUN_ALL": "1"}, {"NIGHTLY": "1"}):
        plan = make_plan(Request(files=("vllm/lora/layers.py",), pipelines=MINI), env=env)
        for document in split(to_document(build(plan))):
            for step in document["steps"]:
                found.append(step)
                found.extend(step.get("steps", []) if isinstance(step, dict) else [])
    return found


STEPS = _steps()
SCALARS = st.sampled_from([
    None, True, False, 0, 1, -1, 10, 11, 1.0, 1.5, "", "x", "true", "false", "*", "none",
    "passed", "eager", "block", "wait", "a b", "k" * 100, "k" * 101, UUID, "abc\n", "12g",
])
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(NAMES), inner, max_size=3), max_leaves=6)


def _paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*here, index))
    return found


@st.composite
def mutated_steps(draw: st.DrawFn) -> Any:
    step = copy.deepcopy(draw(st.sampled_from(STEPS)))
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.sampled_from(_paths(step)))
        if not where:
            continue
        parent = step
        for part in where[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[where[-1]] = draw(VALUES)
        elif action == "delete" and isinstance(parent, dict):
            del parent[where[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(NAMES))] = draw(VALUES)
        else:
            parent.append(draw(VALUES))
    return step


def test_buildkites_schema_compiles() -> None:
    """Else validation falls back to jsonschema everywhere: right, but slow. A new
    keyword in a buildkite-sdk upgrade shows up here."""
    assert validate._compiled() is not None


@pytest.mark.parametrize("pointer", POINTERS)
def test_real_steps_get_jsonschemas_verdict(pointer: str) -> None:
    for step in STEPS:
        instance = {"steps": [step]} if pointer == "#" else step
        assert validate._check(pointer)(instance) == JSONSCHEMA[pointer].is_valid(instance)


STEP_POINTERS = ("#", *(f"#/definitions/{name}" for name in (
    "commandStep", "blockStep", "groupStep", "inputStep", "waitStep", "triggerStep")))


@pytest.mark.slow
@MANY
@given(step=mutated_steps(), pointer=st.sampled_from(STEP_POINTERS) | st.sampled_from(POINTERS))
def test_mutated_steps_get_jsonschemas_verdict(step: Any, pointer: str) -> None:
    instance = {"steps": [step]} if pointer == "#" else step
    assert validate._check(pointer)(instance) == JSONSCHEMA[pointer].is_valid(instance)


@pytest.mark.slow
@MANY
@given(steps=st.lists(mutated_steps(), min_size=1, max_size=4))
def test_a_document_passes_only_if_the_whole_schema_accepts_it(steps: list[Any]) -> None:
    document = {"steps": steps}
    if validate.quickly_valid(document):
        assert JSONSCHEMA["#"].is_valid(document)


def test_without_the_compiled_check_jsonschema_decides(monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    monkeypatch.setattr(validate, "_compiled", lambda: None)
    monkeypatch.setattr(validate, "_check", validate._check.__wrapped__)
    good = {"steps": [{"commands": ["true"], "key": "a"}]}
    validate.validate([good])
    with pytest.raises(ValidationError, match="timeout_in_minutes: 'x' is not of type"):
        validate.validate([{"steps": [{"commands": ["true"], "timeout_in_minutes": "x"}]}])


@pytest.mark.parametrize("node", [
    {"type": "string", "contains": {}}, {"$ref": "https://example.com/schema.json"},
    {"$ref": "#/definitions/nowhere"}, {"type": "strange"},
])
def test_what_the_compiler_lacks_it_refuses(node: Any) -> None:
    with pytest.raises(compiled.Unsupported):
        compiled.Compiler({"definitions": {}, **node}).pointer("#")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


WITHOUT_FLOATS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


@pytest.mark.slow
@MANY
@given(value=WITHOUT_FLOATS)
def test_dumps_is_json_dumps(value: Any) -> None:
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.slow
@MANY
@given(value=JSON)
def test_dumps_writes_floats_as_the_same_numbers(value: Any) -> None:
    """Floats may read otherwise than json writes them (`0.00001` for `1e-05`): the same
    numbers, and the same text around them."""
    ours, theirs = dumps(value), json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    assert repr(json.loads(ours)) == repr(json.loads(theirs))
    assert ours.count("\n") == theirs.count("\n")


@pytest.mark.parametrize("value", [1e16, 1.5e-7, -2.5e300, 1e-05, 0.1 + 0.2, -0.0])
def test_a_float_reads_back_as_itself(value: float) -> None:
    assert repr(json.loads(dumps({"x": value}))["x"]) == repr(value)


@pytest.mark.parametrize("value", [(1, "a"), {1: "x"}, {"a": (True, None)}, {True: 1},
                                   ["\x00\x1f\u2028\x7f", "é😀"], float("nan"), 2**70])
def test_dumps_writes_tuples_keys_and_odd_text_as_json_does(value: Any) -> None:
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def test_what_pydantic_core_refuses_is_left_to_json() -> None:
    assert dumps(["\ud800"]) == json.dumps(["\ud800"], ensure_ascii=False, indent=2) + "\n"
    with pytest.raises(TypeError):
        dumps({"x": object()})


@MANY
@given(value=JSON | st.dictionaries(st.sampled_from(["env", "steps"]), st.lists(
    st.text(alphabet="$a{}#:?", max_size=6) | st.dictionaries(
        st.text(alphabet="ab", max_size=2), st.text(alphabet="$a{}", max_size=6)))))
@pytest.mark.slow
def test_dollar_strings_are_the_strings_the_agent_interpolates(value: Any) -> None:
    expected = [(path, text) for path, text in strings_in(value) if UNESCAPED.search(text)]
    assert dollar_strings(value) == expected


@given(name=st.text(alphabet="ABCKNOPRSTWY_ Ekt", max_size=14))
def test_looks_secret_is_fnmatch(name: str) -> None:
    upper = name.strip().upper()
    assert looks_secret(name) == any(fnmatch.fnmatchcase(upper, p) for p in SECRET_PATTERNS)


def _every_step_document(pipelines: Path, pipeline: str) -> str:
    plan = make_plan(Request(files=("vllm/lora/layers.py",), pipelines=pipelines,
                             pipeline=pipeline), env={"NIGHTLY": "1"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a serializer meeting a value it did not expect
        return "".join(dumps(part) for part in split(to_document(build(plan))))


@pytest.mark.parametrize("pipelines,pipeline", [
    (MINI, "test"), (None, "test"), (None, "amd"), (None, "intel"),
    (BUNDLED, "release"), (BUNDLED, "test")])
def test_constructed_step_models_are_the_validated_ones(
        monkeypatch: pytest.MonkeyPatch, pipelines: Path | None, pipeline: str) -> None:
    """Every step of a nightly build (each field vLLM's definitions use: retries,
    soft fails, matrices, plugins, env, ...) is the same text whether pydantic validates
    its models or `model_construct` makes them."""
    where = pipelines or frozen_catalog().directory  # None: the frozen vLLM definitions
    constructed = _every_step_document(where, pipeline)
    monkeypatch.setattr(build_stage, "CONSTRUCTED", ())
    validated = _every_step_document(where, pipeline)
    assert '"retry"' in validated or pipeline != "test"
    assert constructed == validated


@pytest.mark.parametrize("cls", build_stage.CONSTRUCTED, ids=lambda c: c.__name__)
def test_a_model_made_directly_is_what_model_construct_makes(cls: type) -> None:
    """`build._construct` sets the state pydantic's `model_construct` sets (for the
    models `_unset` admits): the same fields, fields set, extra and private values."""
    unset = build_stage._unset(cls)
    if unset is None:  # a model with required fields or aliases: model_construct makes it
        assert cls.__name__ == "GroupStep"
        return
    given = {name: f"value of {name}" for name in list(unset)[::3]}
    direct = build_stage._construct(cls, unset, given)
    constructed = cls.model_construct(set(given), **{**unset, **given})
    assert type(direct) is cls
    assert vars(direct) == vars(constructed) and list(vars(direct)) == list(vars(constructed))
    assert direct.model_fields_set == constructed.model_fields_set == set(given)
    assert direct.__pydantic_extra__ == constructed.__pydantic_extra__
    assert direct.__pydantic_private__ == constructed.__pydantic_private__
    assert (direct.model_dump(exclude_none=True, warnings=False)
            == constructed.model_dump(exclude_none=True, warnings=False))
    assert direct == constructed
