"""`vllmci review --against REF`: the steps a change to the definitions adds,
removes or changes (docs/reviewing.md)."""

from __future__ import annotations

import argparse
import sys

from vllmci.review import compare, report
from vllmci.stages import definitions_dir


def run(args: argparse.Namespace) -> int:
    result = compare.review(definitions_dir(args.repo, args.pipelines), args.against)
    show = report.as_json if args.format == "json" else report.as_text
    sys.stdout.write(show(result))
    return 0
