"""vLLM's AMD and Intel selection re-implemented from its description (`AMD_INTEL.md`:
ci-infra's `bootstrap-amd.sh` + `test-template-amd.j2`, and `bootstrap-intel.sh` + the
generator with `ci_config_intel.yaml`), reading vLLM's YAML directly, with nothing of
vllmci. `test_amd_intel_heldout.py` checks that it reproduces the 300 recorded PRs and
then compares it with vllmci's pipelines on changes nobody recorded.

Each function takes the changed files of a PR build (no labels, no environment
overrides) and returns `None` for a docs-only change (nothing uploaded), else
`(run_all, auto, blocked, queues)`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

Result = tuple[bool, frozenset[str], frozenset[str], dict[str, str]] | None


def is_docs(path: str) -> bool:
    return path.startswith("docs/") or path.endswith(".md") or path == "mkdocs.yaml"


def docs_only(files: list[str]) -> bool:
    return bool(files) and all(is_docs(f) for f in files)


# --- AMD ---------------------------------------------------------------------------------

AMD_RUN_ALL = ("docker/Dockerfile.rocm", "CMakeLists.txt", "requirements/common.txt",
               "requirements/rocm.txt", "requirements/build/rocm.txt",
               "requirements/test/rocm.txt", "setup.py", "csrc/", "cmake/")
AMD_EXEMPT = ("csrc/cpu", "cmake/cpu_extension.cmake")
AMD_NIGHTLY = "docker/Dockerfile.rocm_base"
AMD_RUNNER = ".buildkite/scripts/hardware_ci/run-amd-test.sh"
AMD_IMAGES = ("refresh-rocm-base-amd", "ensure-ci-base-amd", "image-build-amd")


def amd_slug(step: dict[str, Any]) -> str:
    text = (step["agent_pool"] + "-" + step["label"]).replace(" ", "-").lower()
    for gone in "()%":
        text = text.replace(gone, "")
    return text.replace(",", "-").replace("+", "-")


def amd_select(steps: list[dict[str, Any]], files: list[str],
               mirror_hw: str = "amdproduction") -> Result:
    if docs_only(files):
        return None
    run_all = nightly = False
    for path in files:
        if path.startswith(AMD_NIGHTLY):
            nightly = True
            continue
        if path.startswith(AMD_RUN_ALL) and not path.startswith(AMD_EXEMPT):
            run_all = True
    listed = [] if run_all or nightly else files  # LIST_FILE_DIFF is a sentinel then
    auto, blocked = set(AMD_IMAGES), set()
    queues = dict.fromkeys(AMD_IMAGES, "amd-cpu")
    for step in steps:
        if mirror_hw not in (step.get("mirror_hardwares") or ()):
            continue
        gated = not (run_all or nightly)
        deps = step.get("source_file_dependencies")
        if deps:
            if any(path[:len(dep)] == dep for dep in deps for path in listed):
                gated = False
        else:
            gated = False
        if step.get("dind") is False and AMD_RUNNER in listed:
            gated = False
        gated = gated or (bool(step.get("optional")) and not nightly)
        key = amd_slug(step)
        (blocked if gated else auto).add(key)
        queues[key] = f"amd_{step['agent_pool']}"
    return run_all, frozenset(auto), frozenset(blocked), queues


def amd_steps(test_amd: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(test_amd.read_text(encoding="utf-8"))["steps"]


# --- Intel -------------------------------------------------------------------------------


def intel_key(step: dict[str, Any]) -> str:
    if step.get("key"):
        return step["key"]
    key = step["label"].replace(" ", "-").lower()
    for gone in "()%":
        key = key.replace(gone, "")
    for dash in ",+:./":
        key = key.replace(dash, "-")
    return key


def intel_steps(config: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The config and every step of its job directory, as the generator reads them:
    a file's `depends_on` is its steps' default, and its path their dependency."""
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    found = []
    jobs = config.parent / "intel_jobs"
    for path in sorted(jobs.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        group_deps = data.get("depends_on") or []
        for step in data["steps"]:
            step = dict(step)
            step.setdefault("depends_on", None)
            if not step["depends_on"]:
                step["depends_on"] = list(group_deps)
            deps = list(step.get("source_file_dependencies") or [])
            if group_deps:
                deps.append(f".buildkite/intel_jobs/{path.name}")
            step["source_file_dependencies"] = [d.strip() for d in deps]
            found.append(step)
    return settings, found


def _intel_run_all(settings: dict[str, Any], files: Iterable[str]) -> bool:
    patterns = settings.get("run_all_patterns") or []
    excludes = settings.get("run_all_exclude_patterns") or []
    return any(any(re.match(p, f) for p in patterns) and not any(re.match(x, f)
                                                                 for x in excludes)
               for f in files)


def _dependency_matches(deps: list[str], path: str) -> bool:
    includes = [d for d in deps if not d.startswith("!")]
    excludes = [d[1:] for d in deps if d.startswith("!")]

    def under(entry: str) -> bool:
        entry = entry.rstrip("/")
        return path == entry or path.startswith(entry + "/")

    return any(under(d) for d in includes) and not any(under(x) for x in excludes)


def intel_select(settings: dict[str, Any], steps: list[dict[str, Any]],
                 files: list[str]) -> Result:
    if docs_only(files):  # the bootstrap script exits first
        return None
    run_all = _intel_run_all(settings, files)
    auto, blocked = {"pre-commit"}, set()
    queues = {"pre-commit": "small_cpu_queue_premerge"}
    for step in steps:
        key = intel_key(step)
        if key.startswith("image-build"):
            runs = True
        elif step.get("optional"):
            runs = False
        elif run_all:
            runs = True
        else:
            deps = step["source_file_dependencies"]
            runs = any(_dependency_matches(deps, f) for f in files)
        (auto if runs else blocked).add(key)
        queues[key] = ("cpu_queue_premerge_us_east_1" if step["label"].startswith(":docker:")
                       else "intel-gpu")
    return run_all, frozenset(auto), frozenset(blocked), queues


# --- changes nobody recorded -------------------------------------------------------------


def sample_pull_requests(tree: list[str], count: int, seed: int) -> list[list[str]]:
    """Random PRs of 1 to 10 files, clustered by folder as real ones are: each file
    after the first comes from the same two-level folder with probability 0.7."""
    chooser = random.Random(seed)
    folders: dict[str, list[str]] = {}
    for path in tree:
        folders.setdefault("/".join(path.split("/")[:2]), []).append(path)
    prs = []
    for _ in range(count):
        first = chooser.choice(tree)
        files = {first}
        for _ in range(chooser.randint(0, 9)):
            near = folders["/".join(first.split("/")[:2])]
            files.add(chooser.choice(near) if chooser.random() < 0.7 else chooser.choice(tree))
        prs.append(sorted(files))
    return prs
