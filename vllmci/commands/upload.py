"""`vllmci upload`: generate, validate and pipe the pipeline to
`buildkite-agent pipeline upload`, then annotate the build."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from vllmci.commands.common import cost_of, request, warn_fallback
from vllmci.plan.model import Plan
from vllmci.stages import documents, make_plan

if TYPE_CHECKING:
    from vllmci.emit.upload import Agent
    from vllmci.report import cost

DOCS_ONLY = ("a docs-only change (every changed file is documentation: under docs/, *.md "
             "or mkdocs.yaml); DOCS_ONLY_DISABLE=1 runs CI anyway")


def run(args: argparse.Namespace) -> int:
    plan = make_plan(request(args))
    warn_fallback(plan)
    texts = documents(plan)
    if args.dry_run:
        sys.stdout.write("".join(texts))
        if plan.docs_only:
            print(f"vllmci: nothing would be uploaded: {DOCS_ONLY}", file=sys.stderr)
        return 0
    from vllmci.emit.upload import Agent, ledger_for, upload
    from vllmci.report import text  # what a dry run does not print is not loaded

    agent = Agent.find()
    summary = cost_of(plan)
    sys.stdout.write(text.plan_text(plan, cost=summary))
    ledger = ledger_for(agent, plan.context.build_id, plan.pipeline)  # retry-safe in a build
    outcome = upload(agent, texts, ledger=ledger)
    for message in outcome.messages:
        print(f"vllmci: {message}", file=sys.stderr)
    print(f"vllmci: uploaded {len(outcome.uploaded)} document(s): {text.summary(plan)}",
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
