"""Command line: `plan`, `upload`, `check`. `main(argv) -> int`; errors map to
exit codes here and nowhere else."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from vllmci.errors import BUG_EXIT, USAGE_EXIT, VllmciError
from vllmci.plan.model import Plan
from vllmci.report import cost
from vllmci.report import text as explain
from vllmci.stages import Request, documents, make_plan

if TYPE_CHECKING:
    from vllmci.emit.upload import Agent

# Modules only one command needs are imported inside it: `plan` runs on every
# contributor's machine and first in every build, so its start-up time counts.


def _selection_flags(parser: argparse.ArgumentParser) -> None:
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
    _selection_flags(plan)
    plan.add_argument("--format", choices=("text", "json", "buildkite"), default="text")
    plan.add_argument("--explain", metavar="KEY",
                      help="tell one step's story: definition, entries, matches, decision")
    plan.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                      help="colour the text plan (auto: only on a terminal, never in CI)")
    up = sub.add_parser("upload", help="generate the pipeline and upload it to Buildkite")
    _selection_flags(up)
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


def _request(args: argparse.Namespace) -> Request:
    return Request(repo=args.repo, diff=getattr(args, "diff", None),
                   files=tuple(args.files) if getattr(args, "files", None) else None,
                   files_from=getattr(args, "files_from", None),
                   pipeline=getattr(args, "pipeline", "test"), pipelines=args.pipelines)


def _warn_fallback(plan: Plan) -> None:
    reason = plan.changes.fallback_reason
    if reason:
        print(f"vllmci: WARNING: running every step: {reason}", file=sys.stderr)


def _cost(args: argparse.Namespace, plan: Plan) -> cost.CostSummary:
    durations = cost.load_durations(args.durations) if args.durations else None
    return cost.summarise(plan, durations)


def _colour(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    in_ci = bool(os.environ.get("CI") or os.environ.get("BUILDKITE"))
    return sys.stdout.isatty() and not in_ci and not os.environ.get("NO_COLOR")


def cmd_plan(args: argparse.Namespace) -> int:
    plan = make_plan(_request(args))
    _warn_fallback(plan)
    if args.explain:
        from vllmci.report.story import describe

        sys.stdout.write(describe(plan, args.explain))
    elif args.format == "json":
        sys.stdout.write(explain.dumps_json(plan))
    elif args.format == "buildkite":
        sys.stdout.write("".join(documents(plan)))
    else:
        sys.stdout.write(explain.plan_text(plan, _colour(args.color), _cost(args, plan)))
    return 0


def cmd_upload(args: argparse.Namespace) -> int:
    from vllmci.emit.upload import Agent, ledger_for, upload

    plan = make_plan(_request(args))
    _warn_fallback(plan)
    texts = documents(plan)
    if args.dry_run:
        sys.stdout.write("".join(texts))
        return 0
    agent = Agent.find()
    summary = _cost(args, plan)
    sys.stdout.write(explain.plan_text(plan, cost=summary))
    ledger = ledger_for(agent, plan.context.build_id, plan.pipeline)  # retry-safe in a build
    outcome = upload(agent, texts, ledger=ledger)
    for message in outcome.messages:
        print(f"vllmci: {message}", file=sys.stderr)
    print(f"vllmci: uploaded {len(outcome.uploaded)} document(s): {explain.summary(plan)}",
          file=sys.stderr)
    if not outcome.kept_earlier:  # else the build shows an earlier try's plan: keep its note
        _annotate(agent, plan, summary)
    return 0


def _annotate(agent: Agent, plan: Plan, summary: cost.CostSummary) -> None:
    """The build page's summary (a warning on fallback); failing to write it only warns."""
    from vllmci.emit.upload import annotate
    from vllmci.report import annotation

    body = annotation.annotation(plan, summary)
    warning = annotate(agent, body, context=annotation.CONTEXT, style=annotation.style(plan))
    if warning:
        print(f"vllmci: {warning}", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from vllmci.checks import run_check

    return run_check(args)


def cmd_review(args: argparse.Namespace) -> int:
    from vllmci.review import compare as review
    from vllmci.review import report as review_report
    from vllmci.stages import definitions_dir

    result = review.review(definitions_dir(_request(args)), args.against)
    show = review_report.as_json if args.format == "json" else review_report.as_text
    sys.stdout.write(show(result))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """`import-yaml SRC OUT`: write Python definitions; report what was not imported."""
    from vllmci.importer import import_yaml
    from vllmci.importer.verify import device_names
    from vllmci.stages import bundled_definitions

    devices = None
    if args.pipelines is not None:
        devices = device_names(args.pipelines)
    else:
        try:
            devices = device_names(bundled_definitions())
        except VllmciError as error:
            print(f"vllmci: device names not checked: {error}", file=sys.stderr)
    result = import_yaml(args.src, args.out, devices)
    for note in result.notes:
        print(f"vllmci import: {note}", file=sys.stderr)
    print(f"vllmci: imported {result.step_count} step(s), {result.mirror_count} with an AMD "
          f"mirror, from {len(result.groups)} file(s); wrote {len(result.written)} file(s) "
          f"under {args.out}", file=sys.stderr)
    return 0


COMMANDS = {"plan": cmd_plan, "upload": cmd_upload, "check": cmd_check, "review": cmd_review,
            "import-yaml": cmd_import}


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = make_parser().parse_args(argv)
    except SystemExit as stop:  # argparse: --help (0) or a usage error (2), already printed
        return stop.code if isinstance(stop.code, int) else USAGE_EXIT
    try:
        return COMMANDS[args.command](args)
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
