"""Command line: `plan`, `upload`, `check`. `main(argv) -> int`; errors map to
exit codes here and nowhere else."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from vllmci import explain
from vllmci.catalog import Catalog, load_catalog
from vllmci.changes import ChangeSet
from vllmci.context import BuildContext
from vllmci.errors import BUG_EXIT, CHECK_FAILED_EXIT, USAGE_EXIT, ValidationError, VllmciError
from vllmci.select import select
from vllmci.stages import Request, definitions_dir, documents, make_plan
from vllmci.upload import Agent, annotate, upload

ANNOTATION_CONTEXT = "vllmci"


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


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vllmci", description="vLLM's Buildkite CI, generated from Python.")
    sub = parser.add_subparsers(dest="command", required=True)
    plan = sub.add_parser("plan", help="show which steps this change runs, and why")
    _selection_flags(plan)
    plan.add_argument("--format", choices=("text", "json", "buildkite"), default="text")
    up = sub.add_parser("upload", help="generate the pipeline and upload it to Buildkite")
    _selection_flags(up)
    up.add_argument("--dry-run", action="store_true", help="print instead of uploading")
    check = sub.add_parser("check", help="load and validate the definitions")
    check.add_argument("--repo", type=Path, default=Path("."))
    check.add_argument("--pipelines", type=Path, metavar="DIR")
    return parser


def _request(args: argparse.Namespace) -> Request:
    return Request(repo=args.repo, diff=getattr(args, "diff", None),
                   files=tuple(args.files) if getattr(args, "files", None) else None,
                   files_from=getattr(args, "files_from", None),
                   pipeline=getattr(args, "pipeline", "test"), pipelines=args.pipelines)


def _warn_fallback(plan: object) -> None:
    reason = plan.changes.fallback_reason  # type: ignore[attr-defined]
    if reason:
        print(f"vllmci: WARNING: running every step: {reason}", file=sys.stderr)


def cmd_plan(args: argparse.Namespace) -> int:
    plan = make_plan(_request(args))
    _warn_fallback(plan)
    if args.format == "json":
        sys.stdout.write(explain.dumps_json(plan))
    elif args.format == "buildkite":
        sys.stdout.write("".join(documents(plan)))
    else:
        sys.stdout.write(explain.plan_text(plan))
    return 0


def cmd_upload(args: argparse.Namespace) -> int:
    plan = make_plan(_request(args))
    _warn_fallback(plan)
    texts = documents(plan)
    if args.dry_run:
        sys.stdout.write("".join(texts))
        return 0
    agent = Agent.find()
    note = explain.annotation(plan)
    if note is not None:
        warning = annotate(agent, note[1], context=ANNOTATION_CONTEXT, style=note[0])
        if warning:
            print(f"vllmci: {warning}", file=sys.stderr)
    upload(agent, texts)
    print(f"vllmci: uploaded {len(texts)} document(s): {explain.summary(plan)}",
          file=sys.stderr)
    return 0


# Builds `check` renders: together they emit every step, run and blocked, in
# every kind of build a step's `only_in` can name.
CHECK_BUILDS: tuple[tuple[str, dict[str, str]], ...] = (
    ("a pull request running everything", {"BUILDKITE_PULL_REQUEST": "1", "NIGHTLY": "1"}),
    ("a tagged default-branch build running everything",
     {"BUILDKITE_BRANCH": "main", "BUILDKITE_TAG": "v0", "NIGHTLY": "1"}),
    ("a pull request blocking everything", {"BUILDKITE_PULL_REQUEST": "1", "NOAUTO": "1"}),
)


def cmd_check(args: argparse.Namespace) -> int:
    """Load the definitions, then build and validate each pipeline in every kind of build."""
    catalog = load_catalog(definitions_dir(Request(repo=args.repo, pipelines=args.pipelines)))
    problems = [problem for name in catalog.pipelines()
                for problem in _check_pipeline(catalog, name)]
    if problems:
        print("vllmci: check failed:\n" + "\n".join(problems), file=sys.stderr)
        return CHECK_FAILED_EXIT
    steps = len(catalog.entries)
    print(f"vllmci: definitions OK: {steps} step(s) in pipeline(s) "
          f"{', '.join(catalog.pipelines()) or '(none)'}")
    return 0


def _check_pipeline(catalog: Catalog, name: str) -> list[str]:
    problems = []
    for build, env in CHECK_BUILDS:
        plan = select(catalog.for_pipeline(name), ChangeSet(), BuildContext.from_env(env), name)
        try:
            documents(plan)
        except ValidationError as error:
            problems.append(f"pipeline {name!r} in {build}: {error}")
    return problems


COMMANDS = {"plan": cmd_plan, "upload": cmd_upload, "check": cmd_check}


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
