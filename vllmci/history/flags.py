"""The command-line flags of `history` and `durations` (kept light: `cli` imports it
when it builds the parser, on every run of `plan`)."""

from __future__ import annotations

import argparse
from pathlib import Path


def past_changes_flags(parser: argparse.ArgumentParser, required: bool = True) -> None:
    """The past changes to replay and what a run costs: `history`'s, and `check`'s for
    the savings of its narrowing suggestions."""
    source = parser.add_mutually_exclusive_group(required=required)
    source.add_argument("--changes", type=Path, metavar="FILE",
                        help='past changes, one JSON object a line: {"sha", "changes"}')
    source.add_argument("--range", metavar="REVS",
                        help="the first-parent commits of a git range in --repo, e.g. "
                             "origin/main~300..origin/main")
    parser.add_argument("--durations", type=Path, metavar="FILE",
                        help="measured minutes per step key (`vllmci durations` writes it)")


def history_flags(parser: argparse.ArgumentParser) -> None:
    past_changes_flags(parser)
    parser.add_argument("--repo", type=Path, default=Path("."),
                        help="the git checkout of --range (and what --pipelines is "
                             "relative to)")
    parser.add_argument("--pipeline", default="test", help="test (default) or release")
    parser.add_argument("--pipelines", type=Path, metavar="DIR",
                        help="definitions directory (default: the bundled vLLM definitions)")
    parser.add_argument("--build", choices=("pr", "main"), default="pr",
                        help="replay each change as a pull request build (default) or a "
                             "build of main")
    other = parser.add_mutually_exclusive_group()
    other.add_argument("--what-if", type=Path, metavar="OTHER",
                       help="replay again with the definitions in OTHER and compare")
    other.add_argument("--against", metavar="REF",
                       help="compare the definitions at REF (before) with --pipelines "
                            "(after)")
    parser.add_argument("--suggest", action="store_true",
                        help="suggest narrowing broad entries (vllm/) of the costliest steps, "
                             "each replayed")
    parser.add_argument("--tree", type=Path, metavar="FILE",
                        help="the repository's paths, one a line, for --suggest (default: "
                             "git ls-files in --repo)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text for people (default), json for tools")
    parser.add_argument("--html", type=Path, metavar="OUT",
                        help="also write a self-contained HTML report with charts")
    parser.add_argument("--top", type=int, default=25, metavar="N",
                        help="text rows: steps shown, or changes listed per step of a "
                             "what-if (0: all)")
    parser.add_argument("--sort", choices=("cost", "runs"), default="cost",
                        help="order of the steps in text: GPU-hours per change or runs")


def durations_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from-buildkite", nargs="+", action="extend", default=[],
                        type=Path, metavar="FILE",
                        help="Buildkite REST API build JSON (a build or a list of builds)")
    parser.add_argument("--from-junit", nargs="+", action="extend", default=[],
                        metavar="[KEY[@SHARD]=]FILE",
                        help="pytest --junitxml reports; KEY names the step (else the "
                             "report's testsuite name)")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUT",
                        help="the durations file to write (atomically)")
