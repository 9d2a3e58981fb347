"""Parity of the live definitions: what the bundled `pipelines/` select on the 300
recorded pull requests against what vLLM's generator did (`anchor_selection.jsonl`).

`tests/test_parity.py` pins the *engine* on a frozen import of the fixture YAML;
this script checks the *definitions a maintainer edits* against the same data, so
that a change to `pipelines/` that breaks parity is seen before vLLM's YAML and the
definitions drift apart. PRs touching `.buildkite/` are reported apart (vLLM
counts a test area's YAML file as a dependency of its steps).

    python bench/parity.py [--anchor FILE] [--pipelines DIR] [--show N]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from vllmci.catalog import effective
from vllmci.catalog.load import load_catalog
from vllmci.catalog.model import Catalog
from vllmci.context import BuildContext
from vllmci.plan.changes import ChangeSet
from vllmci.plan.select import select
from vllmci.stages import bundled_definitions

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "vllm"
PR_BUILD = BuildContext.from_env({"BUILDKITE": "true", "BUILDKITE_PULL_REQUEST": "12345",
                                  "BUILDKITE_BRANCH": "contributor/feature",
                                  "VLLM_CI_PR_LABELS": ""})


def differences(catalog: Catalog, row: dict) -> list[str]:
    plan = select(catalog, ChangeSet.from_files(row["files"]), PR_BUILD)
    found = []
    if (plan.run_all is not None) != row["run_all"] or plan.docs_only != row["docs_only"]:
        found.append("run-all or docs-only differs")
    if not plan.docs_only:
        for name, ours, theirs in (("run", plan.keys("run"), row["auto"]),
                                   ("blocked", plan.keys("block"), row["blocked"])):
            if set(ours) != set(theirs):
                found.append(f"{name}: only here {sorted(set(ours) - set(theirs))}, "
                             f"only in vLLM {sorted(set(theirs) - set(ours))}")
    for key, queue in sorted(row["queues"].items()):
        entry = catalog.by_key.get(key)
        ours = effective.queue(entry, PR_BUILD) if entry else None
        if ours != queue:
            found.append(f"queue of {key}: {ours} here, {queue} in vLLM")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--anchor", type=Path, default=FIXTURES / "anchor_selection.jsonl")
    parser.add_argument("--pipelines", type=Path, default=None)
    parser.add_argument("--show", type=int, default=5, help="mismatching PRs to print")
    args = parser.parse_args(argv)
    catalog = load_catalog(args.pipelines or bundled_definitions())
    rows = [json.loads(line) for line in args.anchor.read_text().splitlines() if line.strip()]
    exact = {True: 0, False: 0}
    totals = {True: 0, False: 0}
    shown = 0
    for row in rows:
        touches = any(f.startswith(".buildkite/") for f in row["files"])
        found = differences(catalog, row)
        totals[touches] += 1
        exact[touches] += not found
        if found and not touches and shown < args.show:
            shown += 1
            print(f"{row['sha'][:10]}: " + "; ".join(found)[:400])
    print(f"comparable PRs exact: {exact[False]}/{totals[False]}; "
          f"PRs touching .buildkite/ exact: {exact[True]}/{totals[True]}")
    return 0 if exact[False] == totals[False] else 1


if __name__ == "__main__":
    sys.exit(main())
