"""`vllmci plan`: which steps this change runs, and why (text, JSON, or the
exact Buildkite JSON that `upload` would pipe)."""

from __future__ import annotations

import argparse
import sys

from vllmci.commands.common import colour, cost_of, request, warn_fallback
from vllmci.report import text
from vllmci.stages import documents, make_plan


def run(args: argparse.Namespace) -> int:
    plan = make_plan(request(args))
    warn_fallback(plan)
    if args.explain:
        from vllmci.report.story import describe

        sys.stdout.write(describe(plan, args.explain))
    elif args.format == "json":
        sys.stdout.write(text.dumps_json(plan))
    elif args.format == "buildkite":
        sys.stdout.write("".join(documents(plan)))
    else:
        sys.stdout.write(text.plan_text(plan, colour(args.color), cost_of(args, plan)))
    return 0
