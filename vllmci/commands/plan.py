"""`vllmci plan`: which steps this change runs, and why (text, JSON, or the
exact Buildkite JSON that `upload` would pipe; `--explain KEY` one step's story,
`--step KEY` one step's Buildkite JSON).

Every format runs the validation `upload` runs: a pipeline upload would refuse
is refused here too, with the same message."""

from __future__ import annotations

import argparse
import json
import sys

from vllmci.commands.common import colour, cost_of, request, warn_fallback
from vllmci.emit.render import dumps
from vllmci.emit.walk import Document, depends_on, steps_of
from vllmci.errors import UsageError, did_you_mean
from vllmci.plan.model import Plan
from vllmci.stages import checked, make_plan


def run(args: argparse.Namespace) -> int:
    fmt = _format(args)
    plan = make_plan(request(args))
    warn_fallback(plan)
    parts = checked(plan)  # validates: what upload would refuse, plan refuses too
    if args.explain is not None:
        from vllmci.report import story

        if fmt == "json":
            document = story.story(plan, args.explain)
            sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        else:
            sys.stdout.write(story.describe(plan, args.explain, colour(args.color)))
    elif args.step is not None:
        sys.stdout.write(one_step(plan, parts, args.step))
    elif fmt == "json":
        from vllmci.report import text

        sys.stdout.write(text.dumps_json(plan))
    elif fmt == "buildkite":
        sys.stdout.write("".join(map(dumps, parts)))  # JSON text only when printed
    else:
        from vllmci.report import text  # the reports load only for the format that prints them

        sys.stdout.write(text.plan_text(plan, colour(args.color), cost_of(plan),
                                        everything=args.all))
    return 0


def _format(args: argparse.Namespace) -> str:
    """The output format, refusing combinations that mean nothing."""
    fmt = args.format
    if args.explain is not None and args.step is not None:
        raise UsageError("--explain and --step: choose one (--explain tells the story, "
                         "--step prints the Buildkite JSON)")
    if args.explain is not None and fmt == "buildkite":
        raise UsageError(f"--explain with --format buildkite: use --step {args.explain} "
                         "--format buildkite for one step's Buildkite JSON")
    if args.step is not None:
        if fmt not in (None, "buildkite"):
            raise UsageError(f"--step prints Buildkite JSON (--format buildkite); for the "
                             f"story as {fmt} use --explain {args.step or 'KEY'} --format {fmt}")
        return "buildkite"
    if args.all and fmt not in (None, "text"):
        raise UsageError("--all is for the text plan (the JSON plan always lists every step)")
    return fmt or "text"


def one_step(plan: Plan, parts: list[Document], key: str) -> str:
    """The Buildkite JSON of step (or gate) `key` in this build: a list holding its block
    step, when it waits behind one, and the step."""
    if not key.strip():
        raise UsageError("--step needs a step key")
    known = plan.catalog.by_key.get(key) or plan.catalog.gate_by_key.get(key)
    if known is None:
        keys = [*plan.catalog.by_key, *plan.catalog.gate_by_key]
        raise UsageError(f"--step {key}: no such step or gate" + did_you_mean(key, keys))
    decision = plan.decision(key)
    if decision.action == "skip":
        raise UsageError(f"--step {key}: not part of this build ({'; '.join(decision.reasons)})")
    emitted = {step["key"]: step for document in parts
               for step, _ in steps_of(document)
               if isinstance(step, dict) and isinstance(step.get("key"), str)}
    found = emitted[key]
    blocks = [emitted[d] for d in depends_on(found) if d in emitted and "block" in emitted[d]
              and d not in plan.catalog.gate_by_key]  # its block step, not a gate's
    return json.dumps([*blocks, found], ensure_ascii=False, indent=2) + "\n"
