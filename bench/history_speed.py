"""How fast is `vllmci history` on the 300 real PRs? Whole-process wall time,
median of `--runs` fresh processes, next to the import floor.

    python bench/history_speed.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

CHANGES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "vllm" / "commits.jsonl"
FLOOR = [sys.executable, "-c", "import buildkite_sdk, git, attrs"]
HISTORY = [sys.executable, "-m", "vllmci", "history", "--changes", str(CHANGES),
           "--format", "json"]


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    floor, history = median_seconds(FLOOR, args.runs), median_seconds(HISTORY, args.runs)
    print(f"import floor {floor:.2f} s; history of 300 PRs {history:.2f} s "
          f"({history / floor:.1f}x the floor)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
