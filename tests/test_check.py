"""`vllmci check`: definition errors, generated-scenario errors and warnings about
the repository, each with its code, step key, file and line (docs/check.md)."""

from __future__ import annotations

import json
import re
import textwrap
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Result
from frozen import vllm_definitions
from gitrepo import GitRepo, isolate_git

from vllmci.errors import CHECK_FAILED_EXIT, USAGE_EXIT

FIXTURES = Path(__file__).parent / "fixtures"
CLEAN = FIXTURES / "clean"
VLLM_TREE = FIXTURES / "vllm" / "tree.txt"
HARDWARE = """
from vllmci.define import Device, Inventory
INVENTORY = Inventory(devices=[Device("l4", {1: "gpu_1_queue", 4: "gpu_4_queue"}),
                               Device("mi300", "amd_queue", vendor="amd")], default="l4")
"""
Run = Callable[..., Result]


def write_defs(root: Path, steps: str, settings: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "hardware.py").write_text(textwrap.dedent(HARDWARE))
    if settings:
        (root / "settings.py").write_text("from vllmci.define import RunAll\n"
                                          + textwrap.dedent(settings))
    (root / "area.py").write_text("from vllmci.define import AmdMirror, Group, Step\n"
                                  + textwrap.dedent(steps))
    return root


def write_tree(path: Path, *files: str) -> Path:
    path.write_text("\n".join(files) + "\n")
    return path


def check(run_cli: Run, defs: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    result = run_cli("check", "--pipelines", str(defs), "--format", "json", *extra)
    assert "Traceback" not in result.err, result.err
    return result.code, json.loads(result.out)


def findings(document: dict[str, Any], code: str | None = None) -> list[dict[str, Any]]:
    return [f for f in document["findings"] if code is None or f["code"] == code]


OTHER_PIPELINES = ("intel/", "rocm/")
"""The bundled AMD and Intel pipelines' packages (tests/test_amd_pipeline.py and
tests/test_intel_pipeline.py pin their findings)."""


def in_test_pipeline(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The findings about the test pipeline's definitions (not the AMD or Intel ones)."""
    return [f for f in found if not any(f"/{p}" in "/" + (f.get("file") or "")
                                        for p in OTHER_PIPELINES)]


def line_holding(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


# --- a clean fixture: nothing to report ----------------------------------------------------


def test_clean_fixture_reports_nothing(run_cli: Run) -> None:
    result = run_cli("check", "--pipelines", str(CLEAN), "--tree", str(CLEAN / "tree.txt"))
    assert result.code == 0, result.out + result.err
    assert result.out.splitlines()[-1] == "0 error(s), 0 warning(s)"
    code, document = check(run_cli, CLEAN, "--tree", str(CLEAN / "tree.txt"))
    assert (code, document["findings"]) == (0, [])
    assert document["summary"] == {"errors": 0, "warnings": 0, "suggestions": 0, "by_code": {}}


def test_clean_fixture_in_a_git_checkout(run_cli: Run, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch, tmp_path / "home")
    repo = GitRepo.init(tmp_path / "repo")
    files = (CLEAN / "tree.txt").read_text().split()
    repo.commit("tree", {f: "x\n" for f in files})
    code, document = check(run_cli, CLEAN, "--repo", str(repo.path))
    assert (code, document["findings"]) == (0, [])
    assert document["tree"] == f"git ls-files in {repo.path}"
    (repo.path / "vllm/lora/layers.py").unlink()
    repo.commit("remove the LoRA code")
    code, document = check(run_cli, CLEAN, "--repo", str(repo.path))
    assert code == 0
    assert [(f["key"], f["code"]) for f in document["findings"]] == [("lora", "stale-entry")]


# --- errors: every definition error at once, exit 1 ----------------------------------------


def test_definition_errors_are_all_reported_with_file_and_line(run_cli: Run,
                                                               tmp_path: Path) -> None:
    defs = write_defs(tmp_path / "defs", """
        G = Group(name="G", steps=[
            Step(key="a", label="A", commands=["x"]),
            Step(key="a", label="A again", commands=["x"]),
            Step(key="b", label="B", depends_on=["nope"], commands=["x"]),
            Step(key="c", label="C", depends_on=["d"], commands=["x"]),
            Step(key="d", label="D", depends_on=["c"], commands=["x"]),
            Step(key="e", label="E", device="h100", commands=["x"]),
            Step(key="f", label="F", num_devices=8, commands=["x"]),
            Step(key="g", label="G", concurrency=1, commands=["x"]),
            Step(key="h/i", label="H", commands=["x"]),
        ])
    """)
    code, document = check(run_cli, defs)
    assert code == CHECK_FAILED_EXIT
    found = {(f["code"], f["key"]) for f in findings(document)}
    assert found == {("duplicate-key", "a"), ("dangling-depends-on", "b"),
                     ("dependency-cycle", "c"), ("no-queue", "e"), ("no-queue", "f"),
                     ("concurrency-without-group", "g"), ("invalid-key", "h/i")}
    area = defs / "area.py"
    for finding in findings(document):
        assert finding["level"] == "error"
        assert finding["file"] == str(area)
        key = finding["key"] if finding["code"] != "duplicate-key" else "A again"
        assert finding["line"] == line_holding(area, f'"{key}"')
    assert "the definitions did not load" in document["notes"][0]


def test_a_module_that_does_not_load_is_an_error_finding(run_cli: Run, tmp_path: Path) -> None:
    defs = write_defs(tmp_path / "defs", 'G = Group(name="G", steps=[')
    code, document = check(run_cli, defs)
    assert code == CHECK_FAILED_EXIT
    [finding] = findings(document)
    assert finding["code"] == "definition-error"
    assert "SyntaxError" in finding["message"]
    assert finding["file"] == str(defs / "area.py")


def test_missing_definitions_directory_is_a_usage_error(run_cli: Run) -> None:
    result = run_cli("check", "--pipelines", "/nonexistent/defs")
    assert result.code == USAGE_EXIT
    assert "no such directory" in result.err


def test_missing_tree_file_is_a_usage_error(run_cli: Run) -> None:
    result = run_cli("check", "--pipelines", str(CLEAN), "--tree", "/nonexistent/tree.txt")
    assert result.code == USAGE_EXIT
    assert "--tree /nonexistent/tree.txt" in result.err


# --- errors in generated pipelines -----------------------------------------------------------


def test_too_many_jobs_in_one_step(run_cli: Run, tmp_path: Path) -> None:
    defs = write_defs(tmp_path / "defs", """
        G = Group(name="G", steps=[Step(key="wide", label="Wide", parallelism=600,
                                        paths=["a"], commands=["x"])])
    """)
    code, document = check(run_cli, defs)
    assert code == CHECK_FAILED_EXIT
    [finding] = findings(document, "too-many-jobs")
    assert finding["key"] == "wide"
    assert finding["line"] == line_holding(defs / "area.py", '"wide"')
    assert finding["message"] == ("600 jobs exceed Buildkite's 500 per upload "
                                  "(in: every generated scenario)")


def test_a_clash_in_the_generated_pipeline_names_the_step(
        run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    defs = write_defs(tmp_path / "defs", """
        G = Group(name="G", steps=[Step(key="a", label="A", paths=["a"], commands=["x"])])
    """)
    monkeypatch.setattr("vllmci.emit.build.BLOCK_PREFIX", "")  # blocks now clash with their steps
    code, document = check(run_cli, defs)
    assert code == CHECK_FAILED_EXIT
    [finding] = findings(document, "duplicate-key")
    assert (finding["key"], finding["file"]) == ("a", str(defs / "area.py"))
    assert finding["message"] == ("duplicate key 'a' (in: test pipeline, pull request, "
                                  "NOAUTO=1)")  # the one scenario that blocks it


def test_rejected_interpolation_is_reported(
        run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    defs = write_defs(tmp_path / "defs", """
        G = Group(name="G", steps=[Step(key="a", label="A", paths=["a"],
                                        commands=["echo ${#HOME}"])])
    """)
    monkeypatch.setattr("vllmci.emit.build.escape_all", list)  # as if escaping were broken
    code, document = check(run_cli, defs)
    assert code == CHECK_FAILED_EXIT
    [finding] = findings(document, "rejected-interpolation")  # one, not one per scenario
    assert finding["key"] == "a"
    assert finding["message"].startswith("at commands/1: '${#HOME}' fails the agent's")


# --- warnings: the definitions against the repository ------------------------------------


def test_stale_entries_exclusions_and_forcing_paths(run_cli: Run, tmp_path: Path) -> None:
    defs = write_defs(tmp_path / "defs", """
        G = Group(name="G", steps=[
            Step(key="a", label="A", commands=["x"],
                 paths=["vllm/a", "vllm/gone/", "tests/test_old", "!vllm/a/never",
                        "vllm/**/*.cu"],
                 force_paths=["docker/Dockerfile.gone"],
                 amd=AmdMirror(device="mi300", paths=["vllm/rocm_gone.py"])),
        ])
    """)
    tree = write_tree(tmp_path / "tree.txt", "vllm/a/x.py", "tests/test_old.py")
    code, document = check(run_cli, defs, "--tree", str(tree))
    assert code == 0
    stale = {(f["key"], f["message"].split("'")[1]) for f in findings(document, "stale-entry")}
    assert stale == {("a", "vllm/gone/"), ("a", "tests/test_old"), ("a", "!vllm/a/never"),
                     ("a", "vllm/**/*.cu"), ("a", "docker/Dockerfile.gone"),
                     ("amd-a", "vllm/rocm_gone.py")}  # the mirror: only its own entry
    area = defs / "area.py"
    for finding in findings(document, "stale-entry"):
        entry = finding["message"].split("'")[1]
        assert finding["line"] == line_holding(area, f'"{entry}"')


def test_run_all_patterns_that_match_nothing(run_cli: Run, tmp_path: Path) -> None:
    defs = write_defs(tmp_path / "defs", """
        G = Group(name="G", steps=[Step(key="a", label="A", paths=["a"], commands=["x"])])
    """, settings="""
        RUN_ALL = RunAll(patterns=["setup.py", "CMakeLists.txt"],
                         exclude=["csrc/cpu/", "csrc/rocm/"])
    """)
    tree = write_tree(tmp_path / "tree.txt", "a", "setup.py", "csrc/cpu/x.cpp")
    _, document = check(run_cli, defs, "--tree", str(tree))
    found = findings(document, "run-all-unmatched")
    assert [f["message"] for f in found] == [
        "run-all pattern 'CMakeLists.txt' matches no tracked file",
        "run-all exclusion 'csrc/rocm/' matches no tracked file"]
    assert all(f["file"] == str(defs / "settings.py") for f in found)
    settings = defs / "settings.py"
    assert [f["line"] for f in found] == [line_holding(settings, "CMakeLists"),
                                          line_holding(settings, "csrc/rocm/")]


def test_test_files_no_step_covers(run_cli: Run, tmp_path: Path) -> None:
    defs = write_defs(tmp_path / "defs", """
        G = Group(name="G", steps=[
            Step(key="lora", label="LoRA", paths=["tests/lora", "!tests/lora/skip"],
                 commands=["pytest -v -s lora"]),
            Step(key="core", label="Core", paths=["tests/test_config"],
                 commands=["pytest -v -s test_config.py"]),
            Step(key="slow", label="Slow", optional=True, paths=["tests/slow"],
                 commands=["pytest -v -s slow"]),
            Step(key="forced", label="Forced", optional=True, paths=["tests/extra"],
                 force_paths=["tests/extra/test_forced.py"], commands=["pytest -v -s extra"]),
        ])
    """)
    tree = write_tree(tmp_path / "tree.txt", "tests/lora/test_a.py", "tests/lora/skip/test_b.py",
                      "tests/test_config.py", "tests/slow/test_slow.py", "tests/util_test.py",
                      "tests/conftest.py", "tests/extra/test_forced.py", "tests/extra/test_e.py",
                      "vllm/test_not_a_test.py")
    _, document = check(run_cli, defs, "--tree", str(tree))
    uncovered = {f["file"]: f["message"] for f in findings(document, "uncovered-test")}
    assert set(uncovered) == {"tests/lora/skip/test_b.py", "tests/test_config.py",
                              "tests/util_test.py"}
    assert ("stale entry 'tests/test_config' of 'core' looks meant for it"
            in uncovered["tests/test_config.py"])
    assert "named in the commands of 'core'" in uncovered["tests/test_config.py"]
    optional = {f["file"]: f["message"] for f in findings(document, "only-optional-test")}
    assert set(optional) == {"tests/slow/test_slow.py", "tests/extra/test_e.py"}
    assert "'slow'" in optional["tests/slow/test_slow.py"]


def test_no_repository_no_repository_warnings(run_cli: Run, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch, tmp_path / "home")
    defs = write_defs(tmp_path / "defs", """
        G = Group(name="G", steps=[Step(key="a", label="A", paths=["gone"], commands=["x"])])
    """)
    code, document = check(run_cli, defs, "--repo", str(tmp_path))
    assert (code, document["findings"]) == (0, [])
    assert "is not a git checkout" in document["notes"][0]


# --- warnings about the steps themselves -----------------------------------------------------


def test_steps_no_change_starts(run_cli: Run, tmp_path: Path) -> None:
    defs = write_defs(tmp_path / "defs", """
        G = Group(name="G", steps=[
            Step(key="lonely", label="Lonely", commands=["x"]),
            Step(key="image", label="Image", always_run=True, commands=["x"]),
            Step(key="base", label="Base", commands=["x"]),
            Step(key="uses-base", label="Uses base", depends_on=["base"], paths=["a"],
                 commands=["x"]),
            Step(key="by-hand", label="By hand", optional=True, commands=["x"]),
            Step(key="forced", label="Forced", force_paths=["a"], commands=["x"]),
        ])
    """)
    _, document = check(run_cli, defs)
    [finding] = findings(document, "no-dependencies")
    assert (finding["key"], finding["line"]) == ("lonely", line_holding(defs / "area.py",
                                                                         '"lonely"'))


def test_shadowed_entries(run_cli: Run, tmp_path: Path) -> None:
    defs = write_defs(tmp_path / "defs", """
        G = Group(name="G", steps=[
            Step(key="a", label="A", commands=["x"],
                 paths=["tests/lora", "tests/lora/test_x.py", "vllm/lora/", "vllm/lora",
                        "vllm/ops/**/*.py", "vllm/ops", "csrc/*.cu", "csrc/ops.cu",
                        "docs", "docs", "vllm/lora_utils.py"],
                 amd=AmdMirror(device="mi300", paths=["tests/lora/test_rocm.py", "rocm"])),
            Step(key="b", label="B", commands=["x"], paths=["tests/lora/test_x.py"]),
        ])
    """)
    _, document = check(run_cli, defs)
    shadowed = Counter((f["key"], f["message"].split("'")[1])
                       for f in findings(document, "shadowed-entry"))
    assert shadowed == Counter({("a", "tests/lora/test_x.py"): 1, ("a", "vllm/lora"): 1,
                                ("a", "vllm/ops/**/*.py"): 1, ("a", "csrc/ops.cu"): 1,
                                ("a", "docs"): 1, ("amd-a", "tests/lora/test_rocm.py"): 1})
    messages = {f["message"] for f in findings(document, "shadowed-entry")}
    assert ("dependency entry 'vllm/lora' is redundant: it matches the same files as "
            "'vllm/lora/'") in messages
    assert "dependency entry 'docs' is redundant: it is listed twice" in messages


def test_optional_steps_no_build_starts(run_cli: Run, tmp_path: Path) -> None:
    defs = write_defs(tmp_path / "defs", """
        G = Group(name="G", steps=[
            Step(key="pr-only", label="PR only", optional=True, only_in=["pr"],
                 commands=["x"]),
            Step(key="nightly-runs-it", label="Nightly", optional=True, commands=["x"]),
            Step(key="needed", label="Needed", optional=True, only_in=["pr"],
                 commands=["x"]),
            Step(key="user", label="User", only_in=["pr"], depends_on=["needed"],
                 paths=["a"], commands=["x"]),
        ])
    """)
    _, document = check(run_cli, defs)
    [finding] = findings(document, "unreachable-optional")
    assert finding["key"] == "pr-only"
    assert "only runs in pr builds" in finding["message"]


# --- output ---------------------------------------------------------------------------------


def test_text_output(run_cli: Run, tmp_path: Path) -> None:
    defs = write_defs(tmp_path / "defs", """
        G = Group(name="G", steps=[Step(key="a", label="A", paths=["gone"], commands=["x"])])
    """)
    tree = write_tree(tmp_path / "tree.txt", "here")
    result = run_cli("check", "--pipelines", str(defs), "--tree", str(tree))
    assert result.code == 0
    area = defs / "area.py"
    assert result.out.splitlines() == [
        f"{area}:3: warning: stale-entry: step 'a': dependency entry 'gone' matches no "
        "tracked file: it never starts the step",
        f"note: checked against 1 files ({tree})",
        "note: most dependency entries match no file: is this the repository the definitions "
        "describe? (--repo DIR, or --tree FILE)",
        "0 error(s), 1 warning(s) (stale-entry 1)"]


# --- vLLM's real tree -------------------------------------------------------------------------

# docs/parity.md (quirk 2) and docs/check.md list these; each was checked by hand.
VLLM_STALE = {
    "vllm/executor/", "vllm/worker/worker_base.py", "vllm/sampling_metadata.py",
    "vllm/entrypoints/logger.py", "csrc/mamba/", "csrc/attention/mla/",
    "csrc/quantization/cutlass_w8a8/moe/", "csrc/quantization/fp4/",
    "csrc/fused_deepseek_v4_qnorm_rope_kv_insert_kernel.cu",
    "csrc/minimax_reduce_rms_kernel.cu", "csrc/minimax_reduce_rms_kernel.h",
    "vllm/model_executor/layers/mamba/lamport_workspace.py",
    "vllm/model_executor/layers/mamba/linear_attn.py",
    "tests/plugins_tests/test_gguf_plugin.py",
    "vllm/model_executor/layers/attention/pcp.py",
    "tests/basic_correctness/test_basic_correctness", "tests/basic_correctness/test_cpu_offload",
    "tests/test_config", "tests/test_logger", "tests/test_sequence", "tests/test_vllm_port",
    "tests/test_regression", "tests/entrypoints/test_chat_utils", "tests/distributed/test_events",
    "tests/distributed/test_pynccl", "tests/distributed/test_utils",
}


@pytest.fixture(scope="module")
def vllm_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """`check --tree tests/fixtures/vllm/tree.txt` on vLLM's definitions at 0a21947d,
    frozen (`tests/frozen.py`): the findings the docs cite, pinned on the engine."""
    import contextlib
    import io

    from vllmci.cli import main

    root = tmp_path_factory.mktemp("check")
    defs = vllm_definitions(root / "pipelines")
    out = root / "out.json"
    buffer = io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(buffer):
        code = main(["check", "--pipelines", str(defs), "--tree", str(VLLM_TREE),
                     "--format", "json"])
    out.write_text(buffer.getvalue())
    assert code == 0
    return json.loads(buffer.getvalue())


def test_vllm_has_no_errors(vllm_report: dict[str, Any]) -> None:
    assert vllm_report["summary"]["errors"] == 0


def test_vllm_stale_entries_are_the_26_of_parity_md(vllm_report: dict[str, Any]) -> None:
    stale = in_test_pipeline(findings(vllm_report, "stale-entry"))
    assert {f["message"].split("'")[1] for f in stale} == VLLM_STALE
    assert len(stale) == 40  # one finding per step and entry
    assert sum("'vllm/executor/'" in f["message"] for f in stale) == 7
    assert all(f["file"].startswith("pipelines/") and f["line"] for f in stale)


def test_vllm_uncovered_test_files(vllm_report: dict[str, Any]) -> None:
    uncovered = {f["file"] for f in findings(vllm_report, "uncovered-test")}
    assert len(uncovered) == 45
    assert {"tests/test_config.py", "tests/plugins_tests/test_platform_plugins.py",
            "tests/evals/gsm8k/test_gsm8k_correctness.py",
            "tests/entrypoints/cohere/test_chat_v2.py"} <= uncovered
    optional = {f["file"] for f in findings(vllm_report, "only-optional-test")}
    assert optional == {"tests/evals/gpt_oss/test_gpqa_correctness.py",
                        "tests/plugins_tests/bitsandbytes/test_bitsandbytes.py",
                        "tests/plugins_tests/bitsandbytes/test_transformers.py",
                        "tests/weight_loading/test_weight_loading.py"}
    tree = set(VLLM_TREE.read_text().split())
    test_file = re.compile(r"^tests/(.*/)?(test_[^/]*|[^/]*_test)\.py$")
    assert uncovered | optional <= {f for f in tree if test_file.match(f)}


def test_vllm_steps_findings(vllm_report: dict[str, Any]) -> None:
    keys = {code: sorted(f["key"] for f in in_test_pipeline(findings(vllm_report, code)))
            for code in ("no-dependencies", "shadowed-entry", "unreachable-optional",
                         "run-all-unmatched")}
    assert keys == {
        "no-dependencies": ["arm-cpu-test", "ascend-npu-test", "intel-hpu-test"],
        "shadowed-entry": ["amd-kernels-quantization-test", "amd-pytorch-compilation-unit-tests",
                           "amd-samplers-test",
                           "fault-tolerance-e2e-2xh100", "model-executor", "model-executor",
                           "model-runner-v2-examples", "spec-decode-mtp-other-acceptance-nightly"],
        "unreachable-optional": [],
        "run-all-unmatched": [],
    }


def test_vllm_label_derived_keys_and_unsharded_commands(vllm_report: dict[str, Any]) -> None:
    """In the test pipeline: the 21 keyless YAML steps (their keys derived from
    labels), plus one explicit YAML key that happens to equal its derived key;
    xpu-v1-test's 2 shards."""
    test = ("pipelines/test_areas/", "pipelines/hardware_tests/")  # the test pipeline's
    derived = sorted(f["key"] for f in findings(vllm_report, "label-derived-key")
                     if f["file"].startswith(test))
    assert len(derived) == 22
    assert {"-nvidia--h200-rust-frontend-tool-use", "-computer--cpu-docker-build-metadata",
            "cpu-kernel-tests", "xpu-v1-test", "kernels-fp8-moe-test-mi355"} <= set(derived)
    unsharded = [f["key"] for f in findings(vllm_report, "unsharded-commands")
                 if f["file"].startswith(test)]
    assert unsharded == ["xpu-v1-test"]


def test_label_derived_key_and_unsharded_mirror(run_cli: Run, tmp_path: Path) -> None:
    defs = write_defs(tmp_path / "defs", """
        G = Group(name="G", steps=[
            Step(key="-nvidia--h200-lora", label=":nvidia: (H200) LoRA", paths=["a"],
                 parallelism=2,
                 commands=["pytest --shard-id=$BUILDKITE_PARALLEL_JOB"],
                 amd=AmdMirror(device="mi300", commands=["pytest lora"])),
            Step(key="lora", label="LoRA", paths=["a"], commands=["x"]),
        ])
    """)
    code, document = check(run_cli, defs)
    assert code == 0
    [derived] = findings(document, "label-derived-key")
    assert derived["key"] == "-nvidia--h200-lora"
    assert "a relabel renames it" in derived["message"]
    [unsharded] = findings(document, "unsharded-commands")
    assert unsharded["key"] == "amd--nvidia--h200-lora"
    assert "the AMD mirror runs 2 shards (a mirror takes its step's parallelism)" in (
        unsharded["message"])


def test_check_runs_from_a_copy_of_the_definitions(run_cli: Run, tmp_path: Path) -> None:
    """`--pipelines` pointing at a copy finds the same, from the copy's files."""
    copy = vllm_definitions(tmp_path / "pipelines")
    code, document = check(run_cli, copy, "--tree", str(VLLM_TREE))
    assert code == 0
    assert len(in_test_pipeline(findings(document, "stale-entry"))) == 40
    assert all(f["file"].startswith(str(copy)) for f in findings(document, "stale-entry"))
