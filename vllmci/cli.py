"""The command line: the parser, the command table and the mapping of errors
to exit codes (here and nowhere else). Each command lives in
`vllmci.commands.<name>` as `run(args) -> int`."""

from __future__ import annotations

import argparse
import atexit
import gc
import importlib
import os
import sys
import textwrap
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from vllmci import __version__
from vllmci.context import LOCAL_BUILDS
from vllmci.errors import BUG_EXIT, USAGE_EXIT, VllmciError

# Command modules are imported when their command runs: `plan` runs on every
# contributor's machine and first in every build, so its start-up time counts.
COMMANDS = {"plan": "plan", "upload": "upload", "check": "check", "review": "review",
            "devices": "devices",
            "import-yaml": "import_yaml", "history": "history", "durations": "durations"}


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
    parser.add_argument("--pipeline", default="test",
                        help="test (default), release, amd or intel")
    parser.add_argument("--pipelines", type=Path, metavar="DIR",
                        help="definitions directory (default: the bundled vLLM definitions)")
    parser.add_argument("--durations", type=Path, metavar="FILE",
                        help="measured durations (`vllmci durations` writes them) for the "
                             "GPU cost and shards sized by time (default: $VLLMCI_DURATIONS)")


KNOBS = (
    ("RUN_ALL=1", "run every non-optional step"),
    ("NIGHTLY=1", "run every step, optional ones too (a nightly build)"),
    ("NOAUTO=1", "block every step: each waits for a click"),
    ("TORCH_NIGHTLY=1", "run every non-optional step, on PyTorch nightly images"),
    ("VLLM_CI_ONLY_STEP_KEYS='[\"KEY\", ...]'", "run only these steps and what they need"),
    ("DOCS_ONLY_DISABLE=1", "build the pipeline even when only docs changed"),
    ("SKIP_TIMEOUT=1", "emit no timeouts (the cost still bounds by them)"),
    ("MERGE_BASE_COMMIT=SHA", "in a build: diff from this commit, not the merge-base"),
    ("VLLMCI_DURATIONS=FILE", "measured durations, unless --durations (relative to --repo)"),
)
"""vLLM's knobs: environment variables every planning command reads (docs/selection.md)."""


def knobs_epilog() -> str:
    lines = ["environment (as a Buildkite build sets it; see docs/selection.md):"]
    for name, what in KNOBS:
        lines.append(f"  {name:<22} {what}" if len(name) <= 22 else f"  {name}\n{'':<25}{what}")
    return "\n".join(lines)


def _planning(sub: Any, name: str, description: str, **kw: Any) -> argparse.ArgumentParser:
    """A planning command's parser: its description, and the knobs as its epilog
    (laid out as written, so the description is wrapped here)."""
    return sub.add_parser(name, formatter_class=argparse.RawDescriptionHelpFormatter,
                          description=textwrap.fill(description, 78),
                          epilog=knobs_epilog(), **kw)


def _plan_flags(plan: argparse.ArgumentParser) -> None:
    selection_flags(plan)
    plan.add_argument("--format", choices=("text", "json", "buildkite"), default=None,
                      help="text (default): for people; json: the plan for tools "
                           "(docs/selection.md); buildkite: exactly what upload pipes")
    plan.add_argument("--build", choices=LOCAL_BUILDS, metavar="{" + ",".join(LOCAL_BUILDS)
                      + "}", help="plan the change as this kind of build (outside "
                      "Buildkite the default is pr: the pull request you are about to open)")
    plan.add_argument("--all", action="store_true",
                      help="list every step with its decision, by group")
    plan.add_argument("--explain", metavar="KEY",
                      help="tell one step's (or gate's) story: definition, entries, matches, "
                           "decision (with --format json: as JSON)")
    plan.add_argument("--step", metavar="KEY",
                      help="print one step's generated Buildkite JSON (its block step too)")
    plan.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                      help="colour the text plan and --explain (auto: only on a terminal, "
                           "never in CI)")


def _upload_flags(up: argparse.ArgumentParser) -> None:
    selection_flags(up)
    up.add_argument("--dry-run", action="store_true",
                    help="print the documents instead of uploading (nothing for a docs-only "
                         "change: it says so on stderr)")


def _check_flags(check: argparse.ArgumentParser) -> None:
    from vllmci.history.flags import past_changes_flags

    check.add_argument("--repo", type=Path, default=Path("."),
                       help="the repository the definitions describe (git ls-files)")
    check.add_argument("--tree", type=Path, metavar="FILE",
                       help="the repository's paths, one a line, instead of git ls-files")
    check.add_argument("--pipelines", type=Path, metavar="DIR",
                       help="definitions directory (default: the bundled vLLM definitions)")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text (default) or json: the findings (docs/check.md)")
    past_changes_flags(check, required=False)  # the narrowing suggestions' savings


def _review_flags(rev: argparse.ArgumentParser) -> None:
    rev.add_argument("--against", required=True, metavar="REF",
                     help="compare the definitions at REF with the work tree")
    rev.add_argument("--repo", type=Path, default=Path("."),
                     help="the git checkout holding the definitions (default: current "
                          "directory)")
    rev.add_argument("--pipelines", type=Path, metavar="DIR",
                     help="definitions directory inside a git checkout (default: bundled)")
    rev.add_argument("--format", choices=("text", "json"), default="text",
                     help="text (default) or json: the steps added, removed and changed")


def _devices_flags(dev: argparse.ArgumentParser) -> None:
    dev.add_argument("--pipelines", type=Path, metavar="DIR",
                     help="definitions directory (default: the bundled vLLM definitions)")
    dev.add_argument("--repo", type=Path, default=Path("."),
                     help="what --pipelines is relative to (default: current directory)")
    dev.add_argument("--format", choices=("text", "json"), default="text",
                     help="text (default) or json")


def _import_flags(imp: argparse.ArgumentParser) -> None:
    imp.add_argument("src", type=Path, metavar="SRC",
                     help="a .buildkite/ directory (job dirs of ci_config.yaml) or one file")
    imp.add_argument("out", type=Path, metavar="OUT",
                     help="the definitions directory: written when empty or missing, else "
                          "compared with the import (see --write)")
    imp.add_argument("--write", action="store_true",
                     help="write the import over the definitions in OUT (default: only "
                          "report, step by step, what it would add, remove and change)")
    imp.add_argument("--pipelines", type=Path, metavar="DIR",
                     help="check device names against this inventory "
                          "(default: OUT's own, else the bundled one written with it)")
    imp.add_argument("--config", metavar="FILE",
                     help="the config file of SRC (default: ci_config.yaml; vLLM's Intel "
                          "pipeline: ci_config_intel.yaml)")
    imp.add_argument("--pipeline", default="test", metavar="NAME",
                     help="the pipeline the imported groups belong to (default: test)")
    imp.add_argument("--package", metavar="DIR",
                     help="write the modules into this directory of OUT (a pipeline's own, "
                          "e.g. intel); only it is compared, written and cleaned")


def _history_flags(parser: argparse.ArgumentParser) -> None:
    from vllmci.history.flags import history_flags

    history_flags(parser)


def _durations_flags(parser: argparse.ArgumentParser) -> None:
    from vllmci.history.flags import durations_flags

    durations_flags(parser)


_PLAN = ("Show which of the CI's steps a change starts, on which hardware, and why; what "
         "waits for a click; the GPU cost. It validates the pipeline as upload does: exit 0 "
         "means upload would accept it.")
_UPLOAD = ("Generate, validate and pipe the pipeline to `buildkite-agent pipeline upload`, "
           "then annotate the build (the bootstrap step).")
PARSERS: dict[str, tuple[str, str | None, Callable[[argparse.ArgumentParser], None]]] = {
    "plan": ("show which steps this change runs, and why", _PLAN, _plan_flags),
    "upload": ("generate the pipeline and upload it to Buildkite", _UPLOAD, _upload_flags),
    "check": ("check the definitions and the repository they describe (docs/check.md)",
              None, _check_flags),
    "review": ("which steps a change to the definitions adds, removes or changes "
               "(docs/reviewing.md)", None, _review_flags),
    "devices": ("the hardware inventory: each device, its queues on pull request and main "
                "builds, its runner and GPUs", None, _devices_flags),
    "import-yaml": ("translate YAML step definitions into Python", None, _import_flags),
    "history": ("replay past changes: what each step costs and why, and what-ifs "
                "(docs/cost.md)", None, _history_flags),
    "durations": ("measured durations from Buildkite builds and JUnit reports "
                  "(docs/cost.md)", None, _durations_flags),
}
"""Each command: its help line, a planning command's description (None: not one), and
what adds its flags."""


def make_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `only` (a command's name), every command is listed
    but only that one's flags are added (the rest cost start-up time for nothing)."""
    parser = argparse.ArgumentParser(
        prog="vllmci", description="vLLM's Buildkite CI, generated from Python.")
    parser.add_argument("--version", action="version", version=f"vllmci {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (summary, description, add_flags) in PARSERS.items():
        command = (_planning(sub, name, description, help=summary) if description
                   else sub.add_parser(name, help=summary))
        if only in (None, name):
            add_flags(command)
    return parser


def _command_of(argv: Sequence[str]) -> str | None:
    """The command `argv` names: its first word that is no option (the top level's
    options take no value), when it is one of ours."""
    word = next((arg for arg in argv if not arg.startswith("-")), None)
    return word if word in PARSERS else None


# `plan` and `upload` make many objects that live until the process exits: the cyclic
# garbage collector re-scans them over and over (a fifth of the run on the bundled
# definitions) and frees next to nothing (the peak memory is the same without it).
NO_CYCLIC_GC = frozenset({"plan", "upload"})


def run(args: argparse.Namespace) -> int:
    paused = args.command in NO_CYCLIC_GC and gc.isenabled()
    if paused:
        gc.disable()
    try:
        command = importlib.import_module(f"vllmci.commands.{COMMANDS[args.command]}")
        return command.run(args)
    finally:
        if paused:
            gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    try:
        words = sys.argv[1:] if argv is None else argv
        args = make_parser(_command_of(words)).parse_args(words)
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


FLUSH_FAILED_EXIT = 120
"""What Python itself exits with when it cannot flush stdout at exit."""


def entry() -> NoReturn:
    """The process: `python -m vllmci` and the `vllmci` script. `main`, then exit at
    once: the exit functions run (a fork build's scratch copy is removed) and the
    output is flushed, but the interpreter is not torn down object by object (for
    `plan`, that took longer than building the pipeline)."""
    code = main()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`), a full disk
            code = code or FLUSH_FAILED_EXIT
    os._exit(code)


__all__ = ["USAGE_EXIT", "entry", "main"]
