"""The command line: the parser, the command table and the mapping of errors
to exit codes (here and nowhere else). Each command lives in
`vllmci.commands.<name>` as `run(args) -> int`."""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from vllmci.errors import BUG_EXIT, USAGE_EXIT, VllmciError

# Command modules are imported when their command runs: `plan` runs on every
# contributor's machine and first in every build, so its start-up time counts.
COMMANDS = {"plan": "plan", "upload": "upload", "check": "check", "review": "review",
            "import-yaml": "import_yaml"}


def selection_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repo", type=Path, default=Path("."),
                        help="the git checkout to diff (default: current directory)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--diff", metavar="REF",
                        help="diff the merge-base of REF and HEAD against the work tree")
    source.add_argument("--files", nargs="+", metavar="PATH",
                        help="these changed paths instead of git")
    source.add_argument("--files-from", metavar="FILE",
                        help="changed paths, one a line, from FILE or - for stdin")
    parser.add_argument("--pipeline", default="test", help="test (default) or release")
    parser.add_argument("--pipelines", type=Path, metavar="DIR",
                        help="definitions directory (default: the bundled vLLM definitions)")
    parser.add_argument("--durations", type=Path, metavar="FILE",
                        help="measured minutes per step key (JSON) for the GPU cost")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vllmci", description="vLLM's Buildkite CI, generated from Python.")
    sub = parser.add_subparsers(dest="command", required=True)
    plan = sub.add_parser("plan", help="show which steps this change runs, and why")
    selection_flags(plan)
    plan.add_argument("--format", choices=("text", "json", "buildkite"), default="text")
    plan.add_argument("--explain", metavar="KEY",
                      help="tell one step's story: definition, entries, matches, decision")
    plan.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                      help="colour the text plan (auto: only on a terminal, never in CI)")
    up = sub.add_parser("upload", help="generate the pipeline and upload it to Buildkite")
    selection_flags(up)
    up.add_argument("--dry-run", action="store_true", help="print instead of uploading")
    check = sub.add_parser("check", help="check the definitions and the repository they "
                           "describe (docs/check.md)")
    check.add_argument("--repo", type=Path, default=Path("."),
                       help="the repository the definitions describe (git ls-files)")
    check.add_argument("--tree", type=Path, metavar="FILE",
                       help="the repository's paths, one a line, instead of git ls-files")
    check.add_argument("--pipelines", type=Path, metavar="DIR")
    check.add_argument("--format", choices=("text", "json"), default="text")
    rev = sub.add_parser("review", help="which steps a change to the definitions adds, "
                         "removes or changes (docs/reviewing.md)")
    rev.add_argument("--against", required=True, metavar="REF",
                     help="compare the definitions at REF with the work tree")
    rev.add_argument("--repo", type=Path, default=Path("."))
    rev.add_argument("--pipelines", type=Path, metavar="DIR",
                     help="definitions directory inside a git checkout (default: bundled)")
    rev.add_argument("--format", choices=("text", "json"), default="text")
    imp = sub.add_parser("import-yaml", help="translate YAML step definitions into Python")
    imp.add_argument("src", type=Path, metavar="SRC",
                     help="a .buildkite/ directory (job dirs of ci_config.yaml) or one file")
    imp.add_argument("out", type=Path, metavar="OUT", help="where to write the modules")
    imp.add_argument("--pipelines", type=Path, metavar="DIR",
                     help="check device names against this inventory "
                          "(default: the bundled definitions)")
    return parser


def run(args: argparse.Namespace) -> int:
    command = importlib.import_module(f"vllmci.commands.{COMMANDS[args.command]}")
    return command.run(args)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = make_parser().parse_args(argv)
    except SystemExit as stop:  # argparse: --help (0) or a usage error (2), already printed
        return stop.code if isinstance(stop.code, int) else USAGE_EXIT
    try:
        return run(args)
    except VllmciError as error:
        print(f"vllmci: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception:
        traceback.print_exc()
        print("vllmci: internal error (a bug): please report it with the traceback above",
              file=sys.stderr)
        return BUG_EXIT


__all__ = ["USAGE_EXIT", "main"]
