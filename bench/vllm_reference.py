"""vLLM's step selection, re-implemented from ci-infra's pipeline generator, on vLLM's YAML.

What vLLM's generator (vllm-project/ci-infra `buildkite/pipeline_generator`) decides
for a pull request build, read from its source (`global_config.py::_should_run_all`,
`pipeline_generator.py`, `buildkite_step.py::_step_should_run`,
`_get_amd_mirror_effective_step`, `_generate_step_key`, `amd.py`), so that vllmci's
selection can be compared with it on changes nobody recorded. It reproduces every
row of `tests/fixtures/vllm/anchor_selection.jsonl` (run-all, docs-only, run and
blocked steps), which `tests/test_parity.py` checks.

    python bench/vllm_reference.py [BUILDKITE_DIR] [ANCHOR]   # check it against the anchor

Only the decisions are modelled (which steps run, which wait behind a block), not
the YAML the generator writes. Not modelled either: `VLLM_CI_ONLY_STEP_KEYS`,
`NOAUTO` and the generator's other pipelines (`ci_config_rocm.yaml`, ...).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs
import yaml

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures" / "vllm"

AMD_GPU_DEVICES = frozenset(f"mi{chip}_{n}" for chip in (250, 300, 325, 355) for n in (1, 2, 4, 8))
ALWAYS_RUN_KEYS = frozenset({"ensure-ci-base-amd", "refresh-rocm-base-amd"})
AMD_NATIVE_RUNTIME = (".buildkite/scripts/hardware_ci/run-amd-test.sh",)
ROCM_BASE_DOCKERFILE = "docker/Dockerfile.rocm_base"
RUN_ALL_LABEL = "ready-run-all-tests"
PRE_COMMIT = "pre-commit"


def step_key(label: str) -> str:
    """`_generate_step_key`: the key of a step without one."""
    return (label.replace(" ", "-").lower().replace("(", "").replace(")", "").replace("%", "")
            .replace(",", "-").replace("+", "-").replace(":", "-").replace(".", "-")
            .replace("/", "-"))


@attrs.frozen
class Definitions:
    steps: tuple[dict[str, Any], ...]
    run_all_patterns: tuple[str, ...]
    run_all_exclude: tuple[str, ...]


def load(buildkite: Path) -> Definitions:
    """Every step of `ci_config.yaml`'s job directories (walked recursively). A file
    with a top-level `depends_on` gives its steps that `depends_on` (unless they set
    their own) and adds the file itself to their `source_file_dependencies`."""
    config = yaml.safe_load((buildkite / "ci_config.yaml").read_text())
    steps = []
    for job_dir in config["job_dirs"]:
        root = buildkite / job_dir.removeprefix(".buildkite/")
        for path in sorted(root.rglob("*.yaml")):
            data = yaml.safe_load(path.read_text()) or {}
            own = f".buildkite/{path.relative_to(buildkite).as_posix()}"
            group_depends_on = data.get("depends_on")
            for raw in data.get("steps") or []:
                step = dict(raw)
                if group_depends_on:
                    step.setdefault("depends_on", group_depends_on)
                    step["source_file_dependencies"] = [
                        *(step.get("source_file_dependencies") or []), own]
                steps.append(step)
    return Definitions(tuple(steps), tuple(config.get("run_all_patterns") or ()),
                       tuple(config.get("run_all_exclude_patterns") or ()))


def _matches(entry: str, path: str) -> bool:
    """`_matches_source_dependency`: the path itself or below it."""
    normal = entry.rstrip("/")
    return bool(normal) and (path == normal or path.startswith(normal + "/"))


def dependencies_match(entries: Iterable[str] | None, files: Iterable[str]) -> bool:
    """`_source_file_dependencies_match`, with `!` exclusions."""
    entries = list(entries or ())
    if not entries:
        return False
    includes = [e for e in entries if not e.startswith("!")]
    excludes = [e[1:] for e in entries if e.startswith("!")]
    return any(any(_matches(i, f) for i in includes) and not any(_matches(x, f) for x in excludes)
               for f in files)


def run_all(defs: Definitions, files: Iterable[str], env: dict[str, str],
            labels: Iterable[str]) -> bool:
    """`_should_run_all`: RUN_ALL=1, the label, or a changed file matching a pattern
    (`re.match`: anchored at the start only) and no exclusion."""
    if env.get("RUN_ALL") == "1" or RUN_ALL_LABEL in labels:
        return True
    patterns = [re.compile(p) for p in defs.run_all_patterns]
    excludes = [re.compile(x) for x in defs.run_all_exclude]
    return any(any(p.match(f) for p in patterns) and not any(x.match(f) for x in excludes)
               for f in files)


def docs_only(files: list[str]) -> bool:
    return bool(files) and all(not f or f.startswith("docs/") or f.endswith(".md")
                               or f in ("mkdocs.yml", "mkdocs.yaml") for f in files)


def _should_run(step: dict[str, Any], key: str | None, files: list[str], everything: bool,
                nightly: bool) -> bool:
    """`_step_should_run` (for a PR build without NOAUTO or only-step keys)."""
    if key and (key.startswith("image-build") or key in ALWAYS_RUN_KEYS):
        return True
    if nightly:
        return True
    if step.get("optional"):
        return False
    if (step.get("device") in AMD_GPU_DEVICES and not step.get("dind", False)
            and dependencies_match(AMD_NATIVE_RUNTIME, files)):
        return True
    if everything:
        return True
    return dependencies_match(step.get("source_file_dependencies"), files)


@attrs.frozen
class Selection:
    run_all: bool
    docs_only: bool
    auto: frozenset[str]
    blocked: frozenset[str]


def select(defs: Definitions, files: list[str], env: dict[str, str] | None = None,
           labels: Iterable[str] = ()) -> Selection:
    """What vLLM's generator runs (`auto`) and blocks for a PR build changing `files`."""
    env = env or {}
    labels = tuple(labels)
    everything = run_all(defs, files, env, labels)
    nightly = env.get("NIGHTLY") == "1" or RUN_ALL_LABEL in labels
    if env.get("DOCS_ONLY_DISABLE", "0") == "0" and not everything and docs_only(files):
        return Selection(everything, True, frozenset(), frozenset())
    auto, blocked = {PRE_COMMIT}, set()
    for step in defs.steps:
        key = step.get("key") or step_key(step["label"])
        (auto if _should_run(step, step.get("key"), files, everything, nightly)
         else blocked).add(key)
        amd = (step.get("mirror") or {}).get("amd")
        if not amd or step.get("device") in AMD_GPU_DEVICES:
            continue  # a step on an AMD GPU is that device's job: no mirror
        entries = list(amd.get("source_file_dependencies") or [])
        entries += [e for e in step.get("source_file_dependencies") or [] if e not in entries]
        mirror = {**step, "device": amd["device"], "dind": amd.get("dind", True),
                  "optional": amd.get("optional", step.get("optional")),
                  "source_file_dependencies": entries or None}
        runs = (_should_run(mirror, None, files, everything, nightly)
                or (env.get("NOAUTO") != "1" and ROCM_BASE_DOCKERFILE in files))
        (auto if runs else blocked).add(f"amd-{key}")
    return Selection(everything, False, frozenset(auto), frozenset(blocked))


def main(argv: list[str]) -> int:
    buildkite = Path(argv[0]) if argv else FIXTURES / "buildkite"
    anchor = Path(argv[1]) if len(argv) > 1 else FIXTURES / "anchor_selection.jsonl"
    defs = load(buildkite)
    rows = [json.loads(line) for line in anchor.read_text().splitlines() if line.strip()]
    wrong = []
    for row in rows:
        got = select(defs, row["files"])
        want = Selection(row["run_all"], row["docs_only"], frozenset(row["auto"]),
                         frozenset(row["blocked"]))
        if got != want:
            wrong.append(row["sha"][:12])
    print(f"{len(rows) - len(wrong)} of {len(rows)} anchor rows reproduced"
          + (f"; differ: {', '.join(wrong)}" if wrong else ""))
    return 1 if wrong else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main(sys.argv[1:]))
