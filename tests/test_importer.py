"""`vllmci import-yaml`: vLLM's YAML in, readable Python definitions out, same meaning."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from conftest import Result

from vllmci.catalog.load import load_catalog
from vllmci.catalog.model import Catalog
from vllmci.errors import USAGE_EXIT, DefinitionErrors
from vllmci.importer import import_yaml
from vllmci.importer.rules import derive_key, normalise_mirror_dependencies
from vllmci.stages import bundled_definitions

BUILDKITE = Path(__file__).parent / "fixtures" / "vllm" / "buildkite"
LEGACY = BUILDKITE / "legacy-test-pipeline.yaml"
PROJECT_FILES = ("hardware.py", "amd.py", "settings.py", "common.py")
YAML_STEPS, YAML_MIRRORS = 233, 58
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
    """Import `src` next to a copy of the bundled hardware and settings, then load it."""
    out = tmp_path / "out"
    import_yaml(src, out)
    for name in PROJECT_FILES:
        shutil.copy(bundled_definitions() / name, out / name)
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
    assert inherits.depends_on == ("image-build",) == catalog.by_key["empty"].depends_on
    assert inherits.step.working_dir == "/vllm-workspace/tests"
    assert inherits.step.commands == ("pytest --shard=$BUILDKITE_PARALLEL_JOB $IMAGE_TAG "
                                      "${HOME:?unset}",)
    assert (own.depends_on, own.step.working_dir) == (("arm64-image-build",), "/vllm-workspace")
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
                      "ensure-ci-base-amd"}
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
    assert mirror.depends_on == ("image-build-amd",)
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


def test_fixture_round_trip_matches_the_checked_in_pipelines(tmp_path: Path) -> None:
    catalog = import_and_load(tmp_path, BUILDKITE)
    assert len([e for e in catalog.entries if not e.mirror_of]) == YAML_STEPS
    assert len([e for e in catalog.entries if e.mirror_of]) == YAML_MIRRORS
    bundled = load_catalog(bundled_definitions()).for_pipeline("test")
    assert set(bundled.by_key) - set(catalog.by_key) == {"pre-commit"}
    assert set(catalog.by_key) <= set(bundled.by_key)
    for key, entry in catalog.by_key.items():
        mine = attrs.evolve(entry.step, depends_on=None, amd=None)
        theirs = attrs.evolve(bundled.by_key[key].step, depends_on=None, amd=None)
        assert mine == theirs, key
        assert set(entry.depends_on) <= set(bundled.by_key[key].depends_on), key


def test_layout_of_the_written_modules(tmp_path: Path) -> None:
    out = write(tmp_path / "out", {"test_areas/__init__.py": '"""Mine."""\n'})
    result = import_yaml(BUILDKITE, out)
    assert "image_build.py" in result.written
    assert "hardware_tests/intel_xpu_ci.py" in result.written
    assert "hardware_tests/__init__.py" in result.written
    assert (out / "test_areas" / "__init__.py").read_text() == '"""Mine."""\n'
    assert "INTEL_XPU_CI = Group(" in (out / "hardware_tests" / "intel_xpu_ci.py").read_text()


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
    import_yaml(LEGACY, tmp_path / "out")
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


def test_unknown_devices_are_reported(tmp_path: Path) -> None:
    src = area(tmp_path, "group: A\nsteps:\n  - {label: A, device: h200_35g, commands: [x]}\n")
    notes = import_yaml(src, tmp_path / "out", devices={"h200_35gb", "amd_cpu"}).notes
    assert any("'h200_35g': not in the hardware inventory (did you mean 'h200_35gb'?)"
               in str(n) for n in notes)
