"""`vllmci durations`: the measured durations file `--durations` and `history` read,
made from Buildkite builds and JUnit reports (docs/cost.md)."""

from __future__ import annotations

import argparse
import sys

from vllmci.history import durations


def run(args: argparse.Namespace) -> int:
    measured = durations.measure(args.from_buildkite, args.from_junit, "durations")
    durations.write_atomically(args.output, durations.dumps(measured), "-o")
    print(f"vllmci: wrote {args.output}: {durations.summary(measured)}", file=sys.stderr)
    return 0
