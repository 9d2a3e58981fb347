"""`vllmci check`: the definitions load, every scenario's pipeline validates, and
the rules that choose tests still describe the repository they live in.

Errors (exit 1): a generated scenario fails validation. Warnings (exit 0):
dependency entries that match no tracked file, steps that never run by
themselves. Definition errors are exit 2 like everywhere else.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs

from vllmci.catalog import Catalog, Entry
from vllmci.changes import ChangeSet
from vllmci.context import BuildContext
from vllmci.errors import CHECK_FAILED_EXIT, ValidationError
from vllmci.paths import PathRule
from vllmci.select import select
from vllmci.stages import Request, documents, load

SCENARIOS = {
    "pull request, run everything": {"BUILDKITE_PULL_REQUEST": "1", "RUN_ALL": "1",
                                     "BUILDKITE_BRANCH": "feature"},
    "default branch, nightly": {"BUILDKITE_BRANCH": "main", "NIGHTLY": "1"},
    "pull request, NOAUTO": {"BUILDKITE_PULL_REQUEST": "1", "NOAUTO": "1",
                             "BUILDKITE_BRANCH": "feature"},
}


@attrs.frozen
class Finding:
    level: str
    message: str
    key: str | None = None
    where: str | None = None

    def as_text(self) -> str:
        parts = [f"{self.level}:"]
        if self.where:
            parts.append(f"{self.where}:")
        if self.key:
            parts.append(f"[{self.key}]")
        return " ".join([*parts, self.message])


def scenario_findings(catalog: Catalog) -> Iterator[Finding]:
    for name, env in SCENARIOS.items():
        for pipeline in catalog.pipelines():
            plan = select(catalog.for_pipeline(pipeline), ChangeSet.from_files(["."]),
                          BuildContext.from_env(env), pipeline)
            try:
                documents(plan)
            except ValidationError as error:
                for problem in error.problems:
                    yield Finding("error", f"{pipeline} pipeline, {name}: {problem}")


def tracked_files(repo: Path) -> list[str] | None:
    try:
        out = subprocess.run(["git", "-C", str(repo), "ls-files", "-z"], capture_output=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return [p for p in out.decode("utf-8", "replace").split("\0") if p]


def stale_entries(entry: Entry, files: list[str]) -> Iterator[Finding]:
    for path_entry in entry.step.paths or ():
        if path_entry.startswith("!"):
            continue
        rule = PathRule.from_entries((path_entry,))
        if not any(rule.match(f) for f in files):
            yield Finding("warning", f"dependency entry {path_entry!r} matches no tracked file",
                          entry.key, str(entry.step.origin))


def never_runs(entry: Entry) -> Iterator[Finding]:
    step = entry.step
    if not step.paths and not step.optional and not step.always_run:
        yield Finding("warning", "no dependency entries: it never runs by itself "
                      "(only on run-all, NIGHTLY or a click)", entry.key, str(step.origin))


def findings(catalog: Catalog, files: list[str] | None) -> list[Finding]:
    found = list(scenario_findings(catalog))
    for entry in catalog.entries:
        found.extend(never_runs(entry))
        if files is not None:
            found.extend(stale_entries(entry, files))
    return found


def run_check(args: argparse.Namespace) -> int:
    request = Request(repo=args.repo, pipelines=args.pipelines)
    catalog = load(request, any_pipeline=True)
    files = tracked_files(args.repo)
    found = findings(catalog, files)
    if getattr(args, "format", "text") == "json":
        print(json.dumps([attrs.asdict(f) for f in found], indent=2))
    else:
        _print_text(found, files is None, args.repo)
    return CHECK_FAILED_EXIT if any(f.level == "error" for f in found) else 0


def _print_text(found: list[Finding], no_git: bool, repo: Path) -> None:
    for finding in found:
        print(finding.as_text())
    if no_git:
        print(f"note: {repo} is not a git checkout; stale dependency entries were not checked",
              file=sys.stderr)
    errors = sum(f.level == "error" for f in found)
    print(f"{errors} error(s), {len(found) - errors} warning(s)")
