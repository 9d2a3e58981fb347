"""Parity on changes nobody recorded: vllmci's bundled definitions against vLLM's rules.

`tests/test_parity.py` compares the bundled definitions with what vLLM's generator
did on 300 real pull requests. This checks pull requests it has not seen: changes
drawn from vLLM's tree (`tests/fixtures/vllm/tree.txt`) with a fixed seed, each
planned by vllmci (a PR build, as in test_parity) and by vLLM's selection as
re-implemented from ci-infra's source (`bench/vllm_reference.py`, which reproduces
all 300 recorded PRs) on the same definitions (`tests/fixtures/vllm/buildkite/`).

- `--prs N` random PRs of 1 to `--max-files` files: a first file drawn from the
  whole tree, each further one from that file's directory (two levels) with
  probability 0.7, else from the whole tree;
- every single file of the tree as a PR of its own (`--no-singles` skips them).

Paths under `.buildkite/` are left out (`--with-buildkite` keeps them): vLLM counts
a test area's YAML file as a dependency of its steps, and the definitions are
Python files in vllmci (docs/parity.md). Queues do not depend on the change in a
pull request build: each step's queue is compared with the one vLLM recorded
(`anchor_selection.jsonl`).

Reports the share of PRs decided exactly alike (run-all, docs-only, run set, block
set) and, per step, the share of PRs in which vLLM runs it and vllmci does not
(a miss) or the reverse. Exit 1 when fewer than `--min-exact` percent are exact or
a step is missed in more than `--max-miss` percent of the PRs.

    python bench/parity_heldout.py [--prs 500] [--seed 11] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import vllm_reference  # noqa: E402

from vllmci.catalog import effective  # noqa: E402
from vllmci.catalog.load import load_catalog  # noqa: E402
from vllmci.catalog.model import Catalog  # noqa: E402
from vllmci.context import BuildContext  # noqa: E402
from vllmci.plan.changes import ChangeSet  # noqa: E402
from vllmci.plan.select import select  # noqa: E402
from vllmci.stages import bundled_definitions  # noqa: E402

FIXTURES = HERE.parent / "tests" / "fixtures" / "vllm"
PR_BUILD = {"BUILDKITE_PULL_REQUEST": "12345", "BUILDKITE_BRANCH": "contributor/feature",
            "BUILDKITE": "true", "VLLM_CI_PR_LABELS": ""}


def draw_prs(tree: list[str], count: int, max_files: int, seed: int) -> list[list[str]]:
    """`count` changes of 1..max_files paths, clustered like real pull requests."""
    rng = random.Random(seed)
    by_dir: dict[str, list[str]] = {}
    for path in tree:
        by_dir.setdefault("/".join(path.split("/")[:2]), []).append(path)
    prs = []
    for _ in range(count):
        first = rng.choice(tree)
        near = by_dir["/".join(first.split("/")[:2])]
        files = {first}
        for _ in range(rng.randint(1, max_files) - 1):
            files.add(rng.choice(near) if rng.random() < 0.7 else rng.choice(tree))
        prs.append(sorted(files))
    return prs


def compare(catalog: Catalog, ctx: BuildContext, reference: vllm_reference.Definitions,
            files: list[str]) -> dict[str, Any]:
    """vllmci's and vLLM's decisions for one change, and how they differ."""
    plan = select(catalog, ChangeSet.from_files(files), ctx)
    theirs = vllm_reference.select(reference, files)
    ours_run = frozenset(plan.keys("run"))
    ours_block = frozenset(plan.keys("block"))
    exact = ((plan.run_all is not None, plan.docs_only, ours_run, ours_block)
             == (theirs.run_all, theirs.docs_only, theirs.auto, theirs.blocked))
    return {"files": files, "exact": exact, "missed": sorted(theirs.auto - ours_run),
            "extra": sorted(ours_run - theirs.auto),
            "block_only_here": sorted(ours_block - theirs.blocked),
            "block_only_there": sorted(theirs.blocked - ours_block),
            "run_all": (plan.run_all is not None, theirs.run_all),
            "docs_only": (plan.docs_only, theirs.docs_only)}


def queue_differences(catalog: Catalog, ctx: BuildContext, anchor: Path) -> list[str]:
    recorded: dict[str, str] = {}
    for line in anchor.read_text().splitlines():
        if line.strip():
            recorded.update(json.loads(line)["queues"])
    found = []
    for key, queue in sorted(recorded.items()):
        entry = catalog.by_key.get(key)
        ours = effective.queue(entry, ctx) if entry else None
        if ours != queue:
            found.append(f"{key}: {ours} here, {queue} in vLLM")
    return found


def run(args: argparse.Namespace) -> dict[str, Any]:
    tree = [p for p in (args.tree).read_text().split()
            if args.with_buildkite or not p.startswith(".buildkite/")]
    catalog = load_catalog(bundled_definitions()).for_pipeline("test")
    ctx = BuildContext.from_env(PR_BUILD)
    reference = vllm_reference.load(args.buildkite)
    samples = {"random": draw_prs(tree, args.prs, args.max_files, args.seed)}
    if args.singles:
        samples["single-file"] = [[path] for path in tree]
    started = time.perf_counter()
    report: dict[str, Any] = {"seed": args.seed, "samples": {}}
    for name, prs in samples.items():
        results = [compare(catalog, ctx, reference, files) for files in prs]
        missed = Counter(k for r in results for k in r["missed"])
        extra = Counter(k for r in results for k in r["extra"])
        worst = missed.most_common(1)[0] if missed else ("", 0)
        report["samples"][name] = {
            "prs": len(prs),
            "exact": sum(r["exact"] for r in results),
            "exact_percent": 100.0 * sum(r["exact"] for r in results) / max(len(prs), 1),
            "run_all_prs": sum(r["run_all"][1] for r in results),
            "docs_only_prs": sum(r["docs_only"][1] for r in results),
            "max_miss_percent": 100.0 * worst[1] / max(len(prs), 1),
            "most_missed": missed.most_common(5),
            "most_extra": extra.most_common(5),
            "steps_missed_over_limit": sorted(k for k, n in missed.items()
                                              if 100.0 * n / len(prs) > args.max_miss),
            "examples": [r for r in results if not r["exact"]][:3],
        }
    report["queue_differences"] = queue_differences(catalog, ctx, args.anchor)
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def verdict(report: dict[str, Any], args: argparse.Namespace) -> bool:
    return not report["queue_differences"] and all(
        s["exact_percent"] >= args.min_exact and not s["steps_missed_over_limit"]
        for s in report["samples"].values())


def show(report: dict[str, Any]) -> str:
    lines = [f"held-out parity (seed {report['seed']}, {report['seconds']} s)"]
    for name, s in report["samples"].items():
        lines.append(f"  {name}: {s['exact']} of {s['prs']} PRs exact ({s['exact_percent']:.1f}%); "
                     f"{s['run_all_prs']} run-all, {s['docs_only_prs']} docs-only; "
                     f"worst per-step miss rate {s['max_miss_percent']:.2f}%")
        if s["most_missed"]:
            lines.append(f"    most missed: {s['most_missed']}")
        if s["most_extra"]:
            lines.append(f"    most extra: {s['most_extra']}")
        for example in s["examples"]:
            lines.append(f"    e.g. {example['files'][:4]}: missed {example['missed'][:4]}, "
                         f"extra {example['extra'][:4]}")
    queues = report["queue_differences"]
    lines.append(f"  queues: {'all as vLLM records them' if not queues else queues[:5]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prs", type=int, default=500)
    parser.add_argument("--max-files", type=int, default=10)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-singles", dest="singles", action="store_false")
    parser.add_argument("--with-buildkite", action="store_true")
    parser.add_argument("--tree", type=Path, default=FIXTURES / "tree.txt")
    parser.add_argument("--buildkite", type=Path, default=FIXTURES / "buildkite")
    parser.add_argument("--anchor", type=Path, default=FIXTURES / "anchor_selection.jsonl")
    parser.add_argument("--min-exact", type=float, default=95.0)
    parser.add_argument("--max-miss", type=float, default=2.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = run(args)
    print(json.dumps(report, indent=2) if args.json else show(report))
    return 0 if verdict(report, args) else 1


if __name__ == "__main__":
    sys.exit(main())
