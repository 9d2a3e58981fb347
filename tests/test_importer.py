"""`vllmci import-yaml`: vLLM's YAML in, readable Python definitions out, same meaning."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml
from conftest import Result
from frozen import PROJECT, vllm_definitions

from vllmci.catalog.load import load_catalog
from vllmci.catalog.model import Catalog
from vllmci.context import BuildContext
from vllmci.errors import USAGE_EXIT, DefinitionErrors, UsageError
from vllmci.importer import import_yaml
from vllmci.importer.rules import derive_key, normalise_mirror_dependencies
from vllmci.importer.sync import STAGING_PREFIX as STAGING
from vllmci.plan.changes import ChangeSet
from vllmci.plan.select import select
from vllmci.stages import bundled_definitions

FIXTURES = Path(__file__).parent / "fixtures"
BUILDKITE = FIXTURES / "vllm" / "buildkite"
TREE = FIXTURES / "vllm" / "tree.txt"
ANCHOR = FIXTURES / "vllm" / "anchor_selection.jsonl"
COMMITS = FIXTURES / "vllm" / "commits.jsonl"
LEGACY = FIXTURES / "importer" / "legacy-test-pipeline.yaml"
OLDER = FIXTURES / "importer" / "gen2-2026-02"
PR_BUILD = {"BUILDKITE_PULL_REQUEST": "12345", "BUILDKITE_BRANCH": "contributor/feature",
            "BUILDKITE": "true"}
Run = Callable[..., Result]

IMAGE = """\
group: Abuild
steps:
  - label: ":docker: Build image"
    key: image-build
    depends_on: []
    commands:
    - build $REGISTRY $$HOME
  - label: ":docker: Build arm64 image"
    key: arm64-image-build
    depends_on: []
    commands: [build-arm]
  - label: "AMD: :docker: build"
    key: image-build-amd
    device: amd_cpu
    commands: [build-amd]
  - label: "Image build by label only"
    commands: ["true"]
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def import_and_load(tmp_path: Path, src: Path, extra: dict[str, str] | None = None) -> Catalog:
    """Import `src` into an empty directory (no file copied in), then load it."""
    out = tmp_path / "out"
    import_yaml(src, out)
    write(out, extra or {})
    return load_catalog(out)


def area(tmp_path: Path, text: str) -> Path:
    return write(tmp_path / "src", {"image_build/image_build.yaml": IMAGE,
                                    "test_areas/area.yaml": text})


@pytest.mark.parametrize(("label", "key"), [
    ("CPU-Multi-Modal Model Tests %N", "cpu-multi-modal-model-tests-n"),
    ("CPU-Distributed Tests (PP+TP)", "cpu-distributed-tests-pp-tp"),
    ("CPU-Qwen2.5-VL Multimodal Tests", "cpu-qwen2-5-vl-multimodal-tests"),
    ("Rust Frontend Serve/Admin Coverage", "rust-frontend-serve-admin-coverage"),
    ("Ascend NPU Test", "ascend-npu-test"),
    ("XPU example Test", "xpu-example-test"),
    ("Async Engine, Inputs", "async-engine--inputs"),
    (":docker: x", "-docker--x"),
])
def test_key_is_derived_from_the_label_as_vllm_does(label: str, key: str) -> None:
    assert derive_key(label) == key


@pytest.mark.parametrize(("given", "normal"), [
    ([], ["image-build-amd"]),
    (["image-build"], ["image-build-amd"]),
    (["image-build", "x", "image-build-amd"], ["image-build-amd", "x"]),
    (["x", "image-build-amd"], ["x", "image-build-amd"]),
])
def test_mirror_dependencies_are_normalised(given: list[str], normal: list[str]) -> None:
    assert normalise_mirror_dependencies(given) == normal


def test_group_dependencies_working_dir_and_escapes(tmp_path: Path) -> None:
    catalog = import_and_load(tmp_path, area(tmp_path, """\
        group: Area
        depends_on: [image-build]
        steps:
        - label: Inherits
          depends_on: ~
          commands: ["pytest --shard=$$BUILDKITE_PARALLEL_JOB $IMAGE_TAG ${HOME:?unset}"]
        - label: Own
          depends_on: [arm64-image-build]
          working_dir: /vllm-workspace
          commands: [x]
        - label: Empty
          depends_on: []
          commands: [x]
        """))
    inherits, own = catalog.by_key["inherits"], catalog.by_key["own"]
    after_image = ("image-build", "pre-commit")  # vLLM adds pre-commit on PR builds
    assert inherits.depends_on == after_image == catalog.by_key["empty"].depends_on
    assert inherits.step.working_dir == "/vllm-workspace/tests"
    assert inherits.step.commands == ("pytest --shard=$BUILDKITE_PARALLEL_JOB $IMAGE_TAG "
                                      "${HOME:?unset}",)
    assert (own.depends_on, own.step.working_dir) == (("arm64-image-build", "pre-commit"),
                                                      "/vllm-workspace")
    assert catalog.by_key["image-build"].step.commands == ("build $REGISTRY $HOME",)
    assert catalog.by_key["image-build"].step.working_dir is None
    assert catalog.by_key["image-build"].depends_on == ()


def test_devices_always_run_and_mount(tmp_path: Path) -> None:
    catalog = import_and_load(tmp_path, area(tmp_path, """\
        group: Area
        depends_on: [image-build]
        steps:
        - {label: Documentation Build, commands: [x]}
        - {label: Benchmarks, device: h200, num_devices: 8, commands: [x]}
        - {label: ":docker: refresh", key: refresh-rocm-base-amd, device: amd_cpu, commands: [x]}
        - {label: ":docker: ensure", key: ensure-ci-base-amd, device: amd_cpu, commands: [x]}
        """))
    entries = catalog.by_key
    assert entries["image-build"].device.name == "image-builder"
    assert entries["arm64-image-build"].device.name == "image-builder-arm64"
    assert entries["documentation-build"].queue == "small_cpu_queue_premerge"
    assert entries["benchmarks"].step.mount_buildkite_agent
    always = {e.key for e in catalog.entries if e.step.always_run}
    assert always == {"image-build", "image-build-amd", "refresh-rocm-base-amd",
                      "ensure-ci-base-amd", "pre-commit"}  # pre-commit: scaffolded
    assert entries["image-build-by-label-only"].step.always_run is False


def test_mirror_keeps_its_own_fields(tmp_path: Path) -> None:
    catalog = import_and_load(tmp_path, area(tmp_path, """\
        group: Area
        depends_on: [image-build]
        steps:
        - label: Lora
          key: lora
          source_file_dependencies: [vllm/lora]
          commands: [pytest lora]
          mirror:
            amd:
              device: mi300_2
              num_gpus: 2
              dind: false
              timeout_in_minutes: 85
              depends_on: [image-build]
              source_file_dependencies: [vllm/platforms/rocm.py]
              commands: ["pytest $$X"]
              working_dir: /amd
        """))
    mirror = catalog.by_key["amd-lora"]
    assert mirror.depends_on == ("image-build-amd", "pre-commit")
    assert mirror.step.paths[:2] == ("vllm/platforms/rocm.py", "vllm/lora")
    assert (mirror.step.num_devices, mirror.step.dind, mirror.step.timeout) == (2, False, 85)
    assert (mirror.step.commands, mirror.step.working_dir) == (("pytest $X",), "/amd")
    assert mirror.queue == "amd_mi300_2"


def test_ignored_fields_are_reported_and_commented(tmp_path: Path, run_cli: Run) -> None:
    src = area(tmp_path, """\
        group: Area
        depends_on: [image-build]
        steps:
        - label: Old
          gpu: h100
          num_gpus: 2
          autorun_on_main: true
          flaky: yes
          env: {TAG: "build-$BUILDKITE_BUILD_ID", WHO: "$USER"}
          commands: [x]
        """)
    result = run_cli("import-yaml", str(src), str(tmp_path / "out"))
    assert result.code == 0, result.err
    for field, value in (("gpu", "'h100'"), ("num_gpus", "2"), ("autorun_on_main", "True")):
        line = f"test_areas/area.yaml: step 'old': field '{field}' = {value}: ignored by " \
               "vLLM's generator; not imported"
        assert line in result.err
        module = (tmp_path / "out" / "test_areas.py").read_text()
        assert f"# vllmci import: field '{field}' = {value}: ignored" in module
    assert "field 'flaky' = True: unknown field" in result.err
    assert "field 'env.WHO' = '$USER'" in result.err
    assert "field 'env.TAG'" not in result.err  # a build variable: filled in at upload


def test_comments_are_kept_next_to_their_commands(tmp_path: Path) -> None:
    src = area(tmp_path, """\
        group: Area
        depends_on: [image-build]
        steps:
        # Above the step.
        - label: Commented
          optional: true  # flaky on L4
          commands:
          # why the first command
          - first
          - |
            second
            # a shell comment, part of the command
          # why the third
          - third
          retry:
            automatic:
              - exit_status: -1  # Agent was lost
                limit: 2
        """)
    import_yaml(src, tmp_path / "out")
    module = (tmp_path / "out" / "test_areas.py").read_text()
    assert textwrap.dedent("""\
        # Above the step.
        Step(
            key="commented",
            label="Commented",
            optional=True,  # flaky on L4
            retry=[
                AutoRetry(exit_status=-1, limit=2),  # Agent was lost
            ],
            commands=[
                # why the first command
                "first",
        """) in textwrap.dedent("\n".join(line[8:] for line in module.splitlines()))
    assert '"""second\n# a shell comment, part of the command\n""",' in module
    assert "    # why the third\n                \"third\"," in module


def test_layout_of_the_written_modules(tmp_path: Path) -> None:
    out = write(tmp_path / "out", {"test_areas/__init__.py": '"""Mine."""\n'})
    result = import_yaml(BUILDKITE, out, write=True)
    assert "image_build.py" in result.written
    assert "hardware_tests/intel_xpu_ci.py" in result.written
    assert "hardware_tests/__init__.py" in result.written
    assert (out / "test_areas" / "__init__.py").read_text() == '"""Mine."""\n'
    assert "INTEL_XPU_CI = Group(" in (out / "hardware_tests" / "intel_xpu_ci.py").read_text()


@pytest.mark.slow  # two whole imports, byte-compared: `.ci/run` runs it
def test_import_is_deterministic(tmp_path: Path) -> None:
    import_yaml(BUILDKITE, tmp_path / "a")
    import_yaml(BUILDKITE, tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.py"))
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.py"))
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_generated_modules_are_ruff_clean(tmp_path: Path) -> None:
    pytest.importorskip("ruff")
    import_yaml(BUILDKITE, tmp_path / "out")
    import_yaml(LEGACY, tmp_path / "out" / "legacy")
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated",
                           "--select", "E,W,F,I", "--ignore", "E501", str(tmp_path / "out")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_legacy_single_file(tmp_path: Path) -> None:
    image = 'from vllmci.define import Group, Step\nIMAGE = Group(name="Abuild", steps=[' \
            'Step(key="image-build", label="build", commands=["b"])])\n'
    catalog = import_and_load(tmp_path, LEGACY, {"image.py": image})
    steps = [e for e in catalog.entries if e.group == "legacy-test-pipeline"]
    assert len(steps) == 101
    assert all(e.depends_on == ("image-build",) for e in steps)
    assert catalog.by_key["distributed-tests-8-gpus"].queue == "mithril-h100-pool"
    assert catalog.by_key["distributed-tests-2-gpus"].queue == "gpu_4_queue"
    assert catalog.by_key["entrypoints-unit-tests"].step.working_dir == "/vllm-workspace/tests"
    multi = catalog.by_key["2-node-tests-4-gpus-in-total"].step
    assert multi.commands[0].startswith("./.buildkite/scripts/run-multi-node-test.sh "
                                        "/vllm-workspace/tests 2 2 $IMAGE_TAG \"VLLM_TEST")
    assert not any(e.step.always_run for e in steps)  # its steps without paths are optional
    module = (tmp_path / "out" / "legacy_test_pipeline.py").read_text()
    assert "# vllmci import: field 'mirror_hardwares' = ['amdexperimental']" in module


def test_legacy_step_without_dependencies_always_ran(tmp_path: Path) -> None:
    src = write(tmp_path, {"pipeline.yaml": """\
        steps:
        - {label: Always, command: "echo $$HOME", no_gpu: true}
        - {label: Optional, optional: true, gpu: b200, num_gpus: 4, commands: [x]}
        """})
    result = import_yaml(src / "pipeline.yaml", tmp_path / "out")
    (group,) = result.groups
    assert [s.plain() for s in group.steps] == [
        {"key": "always", "label": "Always", "always_run": True, "commands": ["echo $HOME"]},
        {"key": "optional", "label": "Optional", "device": "b200", "num_devices": 4,
         "optional": True, "commands": ["x"]}]
    notes = "\n".join(map(str, result.notes))
    assert "field 'no_gpu' = True: used by vLLM's legacy template" in notes


@pytest.mark.parametrize(("text", "where"), [
    ("group: Area\nsteps:\n  - label: A\n    commands: x: y\n", "test_areas/area.yaml:4"),
    ("group: Area\nsteps:\n  - commands: [x]\n", "test_areas/area.yaml:3"),
    ("group: Area\nsteps:\n  - {label: A, commands: [x], timeout_in_minutes: soon}\n",
     "test_areas/area.yaml:3: step 'a': field 'timeout_in_minutes'"),
])
def test_bad_yaml_exits_2_naming_the_file(tmp_path: Path, run_cli: Run, text: str,
                                          where: str) -> None:
    src = write(tmp_path / "src", {"test_areas/area.yaml": text})
    result = run_cli("import-yaml", str(src), str(tmp_path / "out"))
    assert result.code == USAGE_EXIT
    assert where in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "out").exists()


def test_values_the_engine_rejects_name_the_yaml(tmp_path: Path) -> None:
    src = write(tmp_path / "src", {"test_areas/area.yaml": """\
        group: Area
        steps:
          - {label: A, commands: [x], parallelism: -2}
        """})
    with pytest.raises(DefinitionErrors, match=r"area.yaml:3: step 'a': field 'parallelism'"):
        import_yaml(src, tmp_path / "out")


def test_unknown_devices_are_reported_and_dropped(tmp_path: Path) -> None:
    src = area(tmp_path, """\
        group: A
        steps:
          - {label: A, device: h200_35g, commands: [x]}
          - {label: B, commands: [x], mirror: {amd: {device: mi355_dpx}}}
        """)
    notes = "\n".join(map(str, import_yaml(src, tmp_path / "out").notes))
    assert "'h200_35g': not in the hardware inventory (did you mean 'h200_35gb'?): " \
        "imported without a device" in notes
    assert "step 'b': field 'mirror.amd.device' = 'mi355_dpx': not in the hardware " \
        "inventory (did you mean 'mi355_8'?): imported without its AMD mirror" in notes
    catalog = load_catalog(tmp_path / "out")
    entry = catalog.by_key["a"]
    assert (entry.device.name, entry.queue) == ("l4", "gpu_1_queue")  # vLLM's fallback too
    assert "b" in catalog.by_key and "amd-b" not in catalog.by_key


# --- complete output: loads, checks and selects like vLLM, nothing copied in ----------------


def _commit_files() -> list[list[str]]:
    """The changed paths of the fixture PRs that do not touch `.buildkite/` (vLLM counts
    a step's own YAML file as one of its dependencies; the definitions are Python)."""
    rows = [json.loads(line) for line in COMMITS.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    files = [[c["path"] for c in row["changes"]] for row in rows]
    return [f for f in files if not any(p.startswith(".buildkite/") for p in f)]


AMD_GPUS = frozenset(f"mi{g}_{n}" for g in (250, 300, 325, 355) for n in (1, 2, 4, 8))


@functools.cache
def _vllm_yaml(buildkite: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """ci_config.yaml and every step of its job directories, as vLLM's generator reads them."""
    config = yaml.safe_load((buildkite / "ci_config.yaml").read_text(encoding="utf-8"))
    steps = []
    for entry in config["job_dirs"]:
        directory = buildkite / PurePosixPath(entry).name
        for path in sorted(directory.rglob("*.yaml")) if directory.is_dir() else []:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            steps += data.get("steps") or []
    return config, steps


def vllm_selects(buildkite: Path, files: list[str]) -> tuple[set[str], set[str]] | None:
    """What vLLM's generator (ci-infra `buildkite_step.py`) runs and blocks on a PR build,
    computed from the raw YAML; None when it skips CI (a docs-only change)."""
    config, steps = _vllm_yaml(buildkite)

    def matches(entries: list[str] | None) -> bool:
        def hit(entry: str, path: str) -> bool:
            entry = entry.rstrip("/")
            return bool(entry) and (path == entry or path.startswith(entry + "/"))
        includes = [e for e in entries or [] if not e.startswith("!")]
        excludes = [e[1:] for e in entries or [] if e.startswith("!")]
        return any(any(hit(i, f) for i in includes) and not any(hit(e, f) for e in excludes)
                   for f in files)

    run_all = any(any(re.match(p, f) for p in config.get("run_all_patterns") or [])
                  and not any(re.match(p, f) for p in config.get("run_all_exclude_patterns")
                              or []) for f in files)
    if not run_all and files and all(f.startswith("docs/") or f.endswith(".md")
                                     or f in ("mkdocs.yml", "mkdocs.yaml") for f in files):
        return None

    def should_run(step: dict[str, Any], key: str | None) -> bool:
        if key and (key.startswith("image-build")
                    or key in ("ensure-ci-base-amd", "refresh-rocm-base-amd")):
            return True
        if step.get("optional"):
            return False
        if step.get("device") in AMD_GPUS and not step.get("dind", True) \
                and matches([".buildkite/scripts/hardware_ci/run-amd-test.sh"]):
            return True
        return run_all or matches(step.get("source_file_dependencies"))

    run, blocked = {"pre-commit"}, set()
    for step in steps:
        key = step.get("key") or derive_key(step["label"])
        (run if should_run(step, step.get("key")) else blocked).add(key)
        amd = (step.get("mirror") or {}).get("amd")
        if amd and step.get("device") not in AMD_GPUS:
            mirror = dict(step, device=amd["device"], dind=amd.get("dind", True),
                          optional=amd.get("optional", step.get("optional")),
                          source_file_dependencies=[
                              *(amd.get("source_file_dependencies") or []),
                              *(step.get("source_file_dependencies") or [])])
            runs = should_run(mirror, None) or "docker/Dockerfile.rocm_base" in files
            (run if runs else blocked).add(f"amd-{key}")
    return run, blocked


def vllmci_selects(catalog: Catalog, files: list[str]) -> tuple[set[str], set[str]] | None:
    plan = select(catalog, ChangeSet.from_files(files), BuildContext.from_env(PR_BUILD))
    return None if plan.docs_only else (set(plan.keys("run")), set(plan.keys("block")))


@pytest.fixture(scope="module")
def fixture_import(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("import") / "out"
    import_yaml(BUILDKITE, out)
    return out


def test_first_import_writes_what_the_definitions_need(fixture_import: Path) -> None:
    for name in ("hardware.py", "amd.py", "settings.py", "ci_checks.py", "common.py",
                 "_scripts/pre_commit_check.py", "__init__.py"):
        assert (fixture_import / name).is_file(), name
    bundled = bundled_definitions()
    for name in ("hardware.py", "amd.py", "ci_checks.py", "_scripts/pre_commit_check.py"):
        assert (fixture_import / name).read_bytes() == (bundled / name).read_bytes(), name
    config = yaml.safe_load((BUILDKITE / "ci_config.yaml").read_text(encoding="utf-8"))
    rule = load_catalog(fixture_import).run_all
    assert list(rule.patterns) == config["run_all_patterns"]
    assert list(rule.exclude) == config["run_all_exclude_patterns"]
    assert rule.active


def test_first_import_passes_check(fixture_import: Path, run_cli: Run) -> None:
    result = run_cli("check", "--pipelines", str(fixture_import), "--tree", str(TREE))
    assert result.code in (0, 1), result.out + result.err
    assert "did not load" not in result.out


@pytest.mark.slow
@pytest.mark.parametrize("source", [BUILDKITE, OLDER], ids=["fixture", "older"])
def test_import_selects_what_vllm_selects_from_the_yaml(tmp_path: Path, source: Path) -> None:
    import_yaml(source, tmp_path / "out", reference=PROJECT)  # frozen project files
    catalog = load_catalog(tmp_path / "out").for_pipeline("test")
    samples = _commit_files()
    samples += [["docker/Dockerfile.rocm_base"], ["csrc/moe/topk.cu"], ["docs/index.md"],
                ["csrc/cpu/utils.cpp", "vllm/lora/layers.py"]]
    for files in samples:
        assert vllmci_selects(catalog, files) == vllm_selects(source, files), files


def test_reimport_over_an_import_changes_nothing(tmp_path: Path, run_cli: Run) -> None:
    """The sync is idempotent: importing the same YAML over its import (the frozen
    definitions of `tests/frozen.py`) reports nothing and rewrites nothing but the
    importer's own comments. (Over the live `pipelines/`: `python -m vllmci
    import-yaml tests/fixtures/vllm/buildkite pipelines` shows the drift.)"""
    out = vllm_definitions(tmp_path / "pipelines")
    before = _snapshot(out)
    result = run_cli("import-yaml", str(BUILDKITE), str(out), "--write")
    assert result.code == 0, result.err
    assert "0 added, 0 removed, 0 changed" in result.out, result.out
    assert "No step was added, removed or changed." in result.out
    after = _snapshot(out)
    assert set(after) == set(before)
    for name in after:  # at most the importer's own comments are reworded
        assert _code(after[name]) == _code(before[name]), name


def _code(text: bytes) -> list[str]:
    return [line for line in text.decode().splitlines()
            if not line.strip().startswith("# vllmci import:")]


# --- a repeatable sync: report, write only when asked ----------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def test_sync_reports_a_changed_yaml_and_writes_only_with_write(tmp_path: Path,
                                                                run_cli: Run) -> None:
    src, out = tmp_path / "buildkite", tmp_path / "out"
    shutil.copytree(BUILDKITE, src)
    assert run_cli("import-yaml", str(src), str(out)).code == 0
    _edit(out / "settings.py", "REGISTRY = ", "# a hand edit\nREGISTRY = ")
    write(out, {"test_areas/mine.py": '"""Hand-written."""\n', "notes.txt": "keep me\n"})
    _edit(out / "test_areas" / "lora.py", '"""LoRA: imported', '"""LoRA, reworded: imported')
    lora = src / "test_areas" / "lora.yaml"
    _edit(lora, "timeout_in_minutes: 40", "timeout_in_minutes: 55")
    _edit(lora, "  - vllm/lora\n  - tests/lora\n  commands:\n    - pytest -v -s lora --shard",
          "  - vllm/lora\n  - tests/lora\n  - vllm/adapters\n  commands:\n"
          "    - pytest -v -s lora --shard")
    _edit(lora, "device: h200_35gb", "device: h100")
    (src / "test_areas" / "jit_monitor.yaml").unlink()
    before = _snapshot(out)

    result = run_cli("import-yaml", str(src), str(out))
    assert result.code == 0, result.err
    report = result.out
    assert "  ~ lora  (test_areas/lora.py:" in report
    for field in ("timeout (minutes): 40 -> 55", "device: h200_35gb -> h100",
                  "queue: h200_35gb -> mithril-h100-pool", "dependency entries:",
                  "+ vllm/adapters"):
        assert field in report, field
    assert "Removed:\n  - jit-monitor-no-runtime-jit  (test / JIT Monitor" in report
    assert "removed (their YAML file is gone): test_areas/jit_monitor.py" in report
    assert "Nothing was written: run again with --write" in report
    assert _snapshot(out) == before

    result = run_cli("import-yaml", str(src), str(out), "--write")
    assert result.code == 0, result.err
    assert "Wrote 1 file(s), removed 1 under" in result.out, result.out
    after = _snapshot(out)
    assert "timeout=55," in after["test_areas/lora.py"].decode()
    assert after["test_areas/lora.py"].startswith(b'"""LoRA, reworded: imported')
    assert "test_areas/jit_monitor.py" not in after
    for kept in ("settings.py", "test_areas/mine.py", "notes.txt"):
        assert after[kept] == before[kept], kept
    assert not any(name.startswith(".vllmci-import-") for name in os.listdir(out))

    result = run_cli("import-yaml", str(src), str(out))
    assert "is in step with" in result.out, result.out


def test_sync_reports_run_all_patterns_it_does_not_write(tmp_path: Path, run_cli: Run) -> None:
    src, out = tmp_path / "buildkite", tmp_path / "out"
    shutil.copytree(OLDER, src)
    import_yaml(src, out)
    _edit(src / "ci_config.yaml", '  - "csrc/"\n', '  - "csrc/"\n  - "setup.py"\n')
    result = run_cli("import-yaml", str(src), str(out), "--write")
    assert result.code == 0, result.err
    assert "Run-all rule: ci_config.yaml differs from the settings" in result.out
    assert "run_all_patterns: + setup.py" in result.out
    assert '"setup.py"' not in (out / "settings.py").read_text()


def test_a_failed_write_leaves_the_definitions_as_they_were(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src, out = tmp_path / "buildkite", tmp_path / "out"
    shutil.copytree(OLDER, src)
    import_yaml(src, out)
    _edit(src / "test_areas" / "cpu.yaml", "Python-only Installation", "Python Installation")
    _edit(src / "test_areas" / "amd_kernels.yaml", "timeout_in_minutes: 60",
          "timeout_in_minutes: 70")
    before = _snapshot(out)
    real = Path.write_text
    calls = []

    def failing(self: Path, *args: Any, **kwargs: Any) -> int:
        if STAGING in str(self):
            calls.append(self)
            if len(calls) == 2:
                raise OSError(28, "No space left on device", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", failing)
    with pytest.raises(UsageError, match=r"No space left on device.*nothing was written"):
        import_yaml(src, out, write=True)
    assert _snapshot(out) == before
    assert not any(name.startswith(STAGING) for name in os.listdir(out))


@pytest.mark.parametrize("where", ["a_file/sub", "a_file"])
def test_an_unwritable_out_is_an_error_message(tmp_path: Path, run_cli: Run,
                                               where: str) -> None:
    (tmp_path / "a_file").write_text("not a directory\n")
    out = tmp_path / where
    result = run_cli("import-yaml", str(OLDER), str(out))
    assert result.code == USAGE_EXIT
    assert str(out) in result.err and "not a directory" in result.err
    assert "Traceback" not in result.err


def test_an_out_that_does_not_load_is_reported_not_compared(tmp_path: Path,
                                                            run_cli: Run) -> None:
    out = write(tmp_path / "out", {"broken.py": "from vllmci.define import Step\n"
                                   "X = Step(key='x', label='x', commands=[])\n"})
    result = run_cli("import-yaml", str(OLDER), str(out))
    assert result.code == USAGE_EXIT
    assert "the import would not load" in result.err and "broken.py" in result.err
    assert sorted(os.listdir(out)) == ["broken.py"]


# --- what vLLM's generator adds, written as the bundled port writes it ------------------------


def test_pre_commit_and_native_amd_dependencies(tmp_path: Path) -> None:
    catalog = import_and_load(tmp_path, area(tmp_path, """\
        group: Area
        depends_on: [image-build]
        steps:
        - {label: ":docker: cpu", key: image-build-cpu, depends_on: [], commands: [x]}
        - {label: ":docker: xpu", key: image-build-xpu, depends_on: [], commands: [x]}
        - {label: Some step, depends_on: [], commands: [x]}
        - {label: Extra, key: extra, depends_on: [], commands: [x]}
        - {label: Inherits, commands: [x]}
        - {label: CPU, depends_on: [image-build-cpu], commands: [x]}
        - {label: XPU, depends_on: [image-build-xpu], commands: [x]}
        - {label: After block, depends_on: [some-step], commands: [x]}
        - {label: Smoke, key: image-build-smoke, commands: [x]}
        - {label: Native, key: native, device: mi300_1, dind: false, commands: [x]}
        - label: Mirrored
          commands: [x]
          mirror: {amd: {device: mi300_1, depends_on: [image-build-amd, extra]}}
        """))
    deps = {key: catalog.by_key[key].depends_on for key in (
        "inherits", "cpu", "xpu", "after-block", "image-build-smoke", "native", "amd-mirrored",
        "image-build", "arm64-image-build")}
    assert deps == {
        "inherits": ("image-build", "pre-commit"), "cpu": ("image-build-cpu", "pre-commit"),
        "xpu": ("image-build-xpu", "pre-commit"), "after-block": ("some-step",),
        "image-build-smoke": ("image-build",), "native": ("image-build-amd", "pre-commit"),
        "amd-mirrored": ("image-build-amd", "extra", "pre-commit"), "image-build": (),
        "arm64-image-build": ()}
    module = (tmp_path / "out" / "test_areas.py").read_text()
    assert "from .common import AFTER_AMD_IMAGE, AFTER_IMAGE, AFTER_XPU_IMAGE, TESTS_DIR\n" \
        in module
    assert "    depends_on=AFTER_IMAGE,\n    working_dir=TESTS_DIR,\n" in module
    assert 'depends_on=["image-build-cpu", "pre-commit"],' in module
    assert 'depends_on=["image-build"],' in module  # its key holds image-build: no pre-commit
    assert module.count("depends_on=AFTER_AMD_IMAGE,") == 1
    assert 'depends_on=["image-build-amd", "extra", "pre-commit"],' in module


def test_common_constants_that_out_defines_differently_are_not_used(tmp_path: Path) -> None:
    out = write(tmp_path / "out", {"common.py": 'AFTER_IMAGE = ["image-build"]\n'
                                                'TESTS_DIR = "/vllm-workspace/tests"\n'})
    import_yaml(OLDER, out, write=True)
    module = (out / "test_areas" / "basic_correctness.py").read_text()
    assert "from ..common import TESTS_DIR\n" in module
    assert 'depends_on=["image-build", "pre-commit"],' in module
    assert 'depends_on=["image-build-amd", "pre-commit"],' in module
    assert (out / "common.py").read_text().startswith("AFTER_IMAGE = [")


# --- vLLM's Gen-2 YAML of other dates -------------------------------------------------------


def test_older_gen2_yaml_is_imported_with_notes_not_crashes(tmp_path: Path) -> None:
    result = import_yaml(OLDER, tmp_path / "out")
    notes = "\n".join(map(str, result.notes))
    for expected in (
            "ci_config.yaml: field 'owners' = ['ci-team']: not read by the importer",
            "field 'job_dirs' = '.buildkite/retired_area': no such directory",
            "test_areas/notes.yml: vLLM's generator reads only *.yaml files",
            "test_areas/empty.yaml: no steps", "test_areas/scratch.yaml: no steps",
            "test-pipeline.yaml: not in a job directory",
            "field 'mirror_hardwares' = ['amdexperimental']: a field of the legacy",
            "field 'mirror.amd.parallelism' = 1: ignored by vLLM's generator: the mirror takes "
            "the step's parallelism (2)",
            "field 'mirror.amd.key' = 'amd-models': ignored by vLLM's generator: the mirror's "
            "key is amd-basic-models-test",
            "step 'old-gpu-test': field 'device' = 'h100_80gb': not in the hardware inventory",
            "step 'kernels-fp8-moe-mi325': field 'mirror' = {'amd': {'device': 'mi325_1'}}: "
            "ignored by vLLM's generator: a step on an AMD GPU runs there itself"):
        assert expected in notes, expected
    catalog = load_catalog(tmp_path / "out")
    for absent in ("never-imported", "intel-cpu-test", "amd-kernels-fp8-moe-mi325"):
        assert absent not in catalog.by_key, absent
    assert catalog.by_key["amd-basic-models-test"].step.parallelism == 2
    assert list(catalog.run_all.patterns) == ["docker/Dockerfile", "CMakeLists.txt", "csrc/"]
    assert catalog.run_all.exclude == ()
    assert catalog.by_key["old-gpu-test"].queue == "gpu_1_queue"
    assert catalog.by_key["basic-correctness-2-gpus"].queue == "gpu_4_queue"
    assert catalog.by_key["documentation-build"].queue == "small_cpu_queue_premerge"
    assert catalog.by_key["kernels-fp8-moe-mi325"].queue == "amd_mi325_1"
