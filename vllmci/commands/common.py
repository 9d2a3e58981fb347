"""What `plan` and `upload` share: the request from the command line, the
fallback warning, the cost summary and the colour choice."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from vllmci.plan.model import Plan
from vllmci.stages import Request

if TYPE_CHECKING:
    from vllmci.report import cost


def request(args: argparse.Namespace) -> Request:
    """The selection flags every planning command has (see `cli.selection_flags`)."""
    return Request(repo=args.repo, diff=args.diff,
                   files=tuple(args.files) if args.files else None,
                   files_from=args.files_from, pipeline=args.pipeline,
                   pipelines=args.pipelines, build=getattr(args, "build", None),
                   durations=getattr(args, "durations", None))


def warn_fallback(plan: Plan) -> None:
    reason = plan.changes.fallback_reason
    if reason:
        print(f"vllmci: WARNING: running every step: {reason}", file=sys.stderr)


def cost_of(plan: Plan) -> cost.CostSummary:
    """The GPU cost, with the plan's measured durations when it has them."""
    from vllmci.report import cost

    return cost.summarise(plan)


def colour(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    in_ci = bool(os.environ.get("CI") or os.environ.get("BUILDKITE"))
    return sys.stdout.isatty() and not in_ci and not os.environ.get("NO_COLOR")
