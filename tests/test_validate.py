"""validate: Buildkite's schema plus the rules it misses, each refused with a location."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from vllmci.emit.validate import validate
from vllmci.emit.walk import Document
from vllmci.errors import USAGE_EXIT, ValidationError
from vllmci.stages import Request, documents, make_plan

MINI = Path(__file__).parent / "fixtures" / "mini"
UUID = "0b9e4d3c-5f1a-4c2b-9d8e-7a6b5c4d3e2f"


def cmd(key: str = "k", **extra: Any) -> dict[str, Any]:
    return {"commands": ["true"], "key": key, **extra}


def doc(*steps: Any, **header: Any) -> Document:
    return {**header, "steps": list(steps)}


def problems(*docs: Document) -> list[str]:
    try:
        validate(list(docs))
    except ValidationError as error:
        return list(error.problems)
    return []


def assert_refused(docs: list[Document], *expected: str) -> list[str]:
    found = problems(*docs)
    text = "\n".join(found)
    for piece in expected:
        assert piece in text, f"{piece!r} not in:\n{text}"
    return found


# --- what passes -----------------------------------------------------------------------


@pytest.mark.parametrize("env", [
    {}, {"RUN_ALL": "1"}, {"NOAUTO": "1"}, {"NIGHTLY": "1"}, {"SKIP_TIMEOUT": "1"},
    {"BUILDKITE_PULL_REQUEST": "42"}, {"VLLM_CI_ONLY_STEP_KEYS": '["kernels-slow"]'},
], ids=["plain", "run-all", "noauto", "nightly", "skip-timeout", "pr", "only-keys"])
def test_the_mini_pipeline_validates_in_every_build(env: dict[str, str]) -> None:
    plan = make_plan(Request(files=("vllm/lora/layers.py",), pipelines=MINI), env=env)
    assert documents(plan), "documents() validates; it must produce something"


def test_a_valid_document_passes() -> None:
    valid = doc(
        {"group": "G", "key": "g", "steps": [
            {"block": "Run b", "key": "block-b", "depends_on": []},
            cmd("b", depends_on=["block-b", "a"], parallelism=3,
                concurrency=1, concurrency_group="vllm/b"),
        ]},
        cmd("a", label="🚀 A", env={"X": "$$HOME", "Y": "${HOME}"}),
        {"wait": None},
        env={"IMAGE": "registry/x:$$TAG"},
    )
    assert problems(valid) == []


# --- the schema ------------------------------------------------------------------------


SCHEMA = [
    ("nested-type", doc({"group": "G", "steps": [cmd(timeout_in_minutes="x")]}),
     "at steps/0/steps/0/timeout_in_minutes: 'x' is not of type 'integer'"),
    ("parallelism", doc(cmd(parallelism="4")),
     "at steps/0/parallelism: '4' is not of type 'integer'"),
    ("depends-on-item", doc(cmd(depends_on=[3])),
     "at steps/0/depends_on/0: 3 is not of type 'string'"),
    ("unknown-field", doc(cmd(bogus=1)),
     "at steps/0: Additional properties are not allowed ('bogus' was unexpected)"),
    ("steps-not-a-list", doc() | {"steps": "lora"},
     "at steps: 'lora' is not of type 'array'"),
]


@pytest.mark.parametrize(("document", "where"), [c[1:] for c in SCHEMA],
                         ids=[c[0] for c in SCHEMA])
def test_schema_violations_name_the_path(document: Document, where: str) -> None:
    found = assert_refused([document], "document 1/1: schema: " + where)
    assert all("Traceback" not in p for p in found)


def test_the_error_lists_every_problem_and_says_nothing_was_uploaded() -> None:
    with pytest.raises(ValidationError) as info:
        validate([doc(cmd("a"), cmd("a"), {"label": "x"})])
    error = info.value
    assert error.exit_code == USAGE_EXIT
    assert len(error.problems) == 2
    assert "2 problem(s)" in str(error)
    assert "nothing was uploaded" in str(error)


# --- rules the schema misses -------------------------------------------------------------


RULES = [
    ("duplicate-in-one-document", [doc(cmd("a"), cmd("a"))], "duplicate key 'a'"),
    ("duplicate-across-documents", [doc(cmd("a")), doc(cmd("a"))],
     "document 2/2: duplicate key 'a'"),
    ("duplicate-group-and-step", [doc({"group": "G", "key": "a", "steps": [cmd("a")]})],
     "duplicate key 'a'"),
    ("depends-on-unknown", [doc(cmd("a", depends_on=["nope"]))],
     "step 'a' depends on 'nope', which is not defined before it"),
    ("depends-on-later-document", [doc(cmd("a", depends_on=["b"])), doc(cmd("b"))],
     "document 1/2: step 'a' depends on 'b'"),
    ("depends-on-dict-form", [doc(cmd("a", depends_on=[{"step": "nope"}]))],
     "depends on 'nope'"),
    ("depends-on-string-form", [doc(cmd("a", depends_on="nope"))], "depends on 'nope'"),
    ("no-type-key", [doc({"label": "Just a label", "key": "l"})],
     "step 'l' has no type key"),
    ("no-type-key-in-group", [doc({"group": "G", "steps": [{"label": "inner"}]})],
     "step 'inner' has no type key"),
    ("signature", [doc(cmd(signature={"algorithm": "EdDSA", "signed_fields": [],
                                      "value": "x"}))], "must not set 'signature'"),
    ("if-changed", [doc(cmd(if_changed="vllm/**"))], "must not set 'if_changed'"),
    ("concurrency-alone", [doc(cmd(concurrency=1))],
     "sets concurrency without concurrency_group"),
    ("too-many-jobs", [doc(cmd("a", parallelism=300), cmd("b", parallelism=201))],
     "501 jobs exceed Buildkite's 500 per upload"),
    ("too-many-jobs-in-groups",
     [doc({"group": "G", "steps": [cmd(f"s{i}", parallelism=100) for i in range(6)]})],
     "600 jobs exceed"),
    ("key-slash", [doc(cmd("feature/branch"))], "invalid key 'feature/branch'"),
    ("key-space", [doc(cmd("a b"))], "invalid key 'a b'"),
    ("key-too-long", [doc(cmd("k" * 101))], "invalid key"),
    ("key-uuid", [doc(cmd(UUID))], f"invalid key '{UUID}'"),
    ("key-uuid-upper", [doc(cmd(UUID.upper()))], "invalid key"),
]


@pytest.mark.parametrize(("docs", "expected"), [c[1:] for c in RULES],
                         ids=[c[0] for c in RULES])
def test_rules_the_schema_misses(docs: list[Document], expected: str) -> None:
    assert_refused(docs, expected)


ALLOWED = [
    ("depends-on-earlier-document", [doc(cmd("a")), doc(cmd("b", depends_on=["a"]))]),
    ("depends-on-later-in-same-document", [doc(cmd("b", depends_on=["a"]), cmd("a"))]),
    ("depends-on-empty", [doc(cmd("a", depends_on=[]))]),
    ("exactly-500-jobs", [doc(cmd("a", parallelism=250), cmd("b", parallelism=250))]),
    ("500-jobs-per-document", [doc(cmd("a", parallelism=500)), doc(cmd("b", parallelism=500))]),
    ("key-100-chars", [doc(cmd("k" * 100))]),
    ("key-punctuation", [doc(cmd("amd-lora:tp_2.x,y"))]),
    ("concurrency-with-group", [doc(cmd(concurrency=2, concurrency_group="gpu"))]),
]


@pytest.mark.parametrize("docs", [c[1] for c in ALLOWED], ids=[c[0] for c in ALLOWED])
def test_what_buildkite_accepts_passes(docs: list[Document]) -> None:
    assert problems(*docs) == []


# --- upload-time interpolation ---------------------------------------------------------


INTERPOLATION = [
    ("required", "echo ${VAR:?unset}", True),
    ("required-no-colon", "echo ${VAR?unset}", True),
    ("length", "echo ${#VAR}", True),
    ("odd-dollars", "echo $$${VAR:?x}", True),
    ("escaped-required", "echo $${VAR:?x}", False),
    ("escaped-length", "echo $${#VAR}", False),
    ("escaped-twice", "echo $$$${#VAR}", False),
    ("plain-variable", "echo $VAR ${VAR}", False),
    ("default", "echo ${VAR:-x}", False),
    ("no-dollar", "echo {#VAR}", False),
]


@pytest.mark.parametrize(("text", "refused"), [c[1:] for c in INTERPOLATION],
                         ids=[c[0] for c in INTERPOLATION])
def test_interpolation_the_agent_would_refuse(text: str, refused: bool) -> None:
    found = problems(doc(cmd(commands=[text])))
    if refused:
        assert len(found) == 1
        assert "at steps/0/commands/0" in found[0]
        assert "fails the agent's interpolation" in found[0]
    else:
        assert found == []


@pytest.mark.parametrize("document", [
    doc(cmd(), env={"A": "${#B}"}),
    doc(cmd(label="${LABEL:?x}")),
    doc({"group": "G", "steps": [cmd(env={"X": "${#Y}"})]}),
], ids=["pipeline-env", "label", "step-env-in-group"])
def test_interpolation_is_checked_in_every_string(document: Document) -> None:
    assert_refused([document], "fails the agent's interpolation")
