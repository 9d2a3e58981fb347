"""Wall-time benchmark of `python -m vllmci plan` against the bare import floor.

Builds (once, cached in bench/.work/) a git repository holding vLLM's real tree
with a real PR applied on branch `pr` and every file modified on branch
`all-files`, then times whole processes, fresh interpreter each run:

* import floor: `python -c "import buildkite_sdk, git, attrs"`;
* typical PR:   `python -m vllmci plan --diff main --repo REPO` on branch `pr`;
* all files:    the same command on branch `all-files`;

each plan in the text, json and buildkite formats, and `upload --dry-run`. Runs are
interleaved (a round times the floor and every row of the scenario once), so a machine
whose load drifts slows every row alike. It reports median, min and p90 wall time, the
ratio median(row) / median(import floor, timed in the same rounds) against the targets
(typical PR within 1.5x, all files within 2x), and the same ratio of CPU time (user +
system of the process and its git children), which a busy machine disturbs less.
It measures; it never asserts: the exit status is 0 whatever the figures (2 only for
a bad command line).

    python bench/plan_speed.py [--runs 15] [--python PATH] [--pr SHA]
                               [--pipelines DIR] [--rebuild] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
FIXTURES = ROOT / "tests" / "fixtures" / "vllm"
TREE_FILE = FIXTURES / "tree.txt"
COMMITS_FILE = FIXTURES / "commits.jsonl"
WORK_DIR = BENCH_DIR / ".work"
REPO_DIR = WORK_DIR / "repo"
STAMP_FILE = WORK_DIR / "repo.stamp"
LAYOUT_VERSION = "2"  # bump when the way the repository is built changes

WARMUPS = 2
DEFAULT_RUNS = 15
FLOOR_CODE = "import buildkite_sdk, git, attrs"
FORMATS = ("text", "json", "buildkite", "dry-run")
"""The rows of a scenario: `plan --format F`, and `upload --dry-run` (what the bootstrap
step runs, printing instead of uploading)."""
TARGETS = {"pr": 1.5, "all-files": 2.0}
SCENARIO_TITLES = {"floor": "import floor", "pr": "typical PR", "all-files": "all files"}
GIT_IDENTITY = ("-c", "user.name=vllmci bench", "-c", "user.email=bench@vllmci.invalid")
# Variables that change what `plan` selects: dropped so the figures do not
# depend on the shell the benchmark happens to run in.
SELECTION_ENV_PREFIXES = ("BUILDKITE_",)
SELECTION_ENV = {
    "RUN_ALL", "NIGHTLY", "NOAUTO", "TORCH_NIGHTLY", "VLLM_CI_ONLY_STEP_KEYS",
    "DOCS_ONLY_DISABLE", "SKIP_TIMEOUT", "MERGE_BASE_COMMIT",
}


# --------------------------------------------------------------------- data


@dataclass(frozen=True)
class Change:
    status: str
    path: str
    old: str | None = None


@dataclass(frozen=True)
class PullRequest:
    sha: str
    subject: str
    changes: tuple[Change, ...]

    @property
    def paths(self) -> set[str]:
        """Every path the PR touches (a rename counts old and new)."""
        out = {c.path for c in self.changes}
        out.update(c.old for c in self.changes if c.old)
        return out


def load_tree() -> list[str]:
    return [p for p in TREE_FILE.read_text().splitlines() if p]


def load_prs() -> list[PullRequest]:
    prs = []
    for line in COMMITS_FILE.read_text().splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        changes = tuple(
            Change(c["status"], c["path"], c.get("old")) for c in raw["changes"]
        )
        prs.append(PullRequest(raw["sha"], raw["subject"], changes))
    return prs


def representative_pr(prs: Sequence[PullRequest]) -> PullRequest:
    """The PR with the median changed-file count among PRs not touching .buildkite/."""
    plain = [pr for pr in prs if not any(p.startswith(".buildkite/") for p in pr.paths)]
    ranked = sorted(plain or prs, key=lambda pr: len(pr.changes))  # stable: file order
    return ranked[(len(ranked) - 1) // 2]


def find_pr(prs: Sequence[PullRequest], sha: str) -> PullRequest | None:
    matches = [pr for pr in prs if pr.sha.startswith(sha.lower())]
    return matches[0] if len(matches) == 1 else None


def base_tree(tree: Sequence[str], pr: PullRequest) -> list[str]:
    """The tree as it stood before `pr`, so that every change applies exactly.

    tree.txt was taken after these PRs merged: a file the PR adds or renames to
    is already there, one it deletes or renames from is not.
    """
    paths = set(tree)
    for c in pr.changes:
        if c.status == "A":
            paths.discard(c.path)
        elif c.status == "R":
            paths.discard(c.path)
            if c.old:
                paths.add(c.old)
        else:  # M and D need the file on main
            paths.add(c.path)
    return sorted(paths)


# ---------------------------------------------------------------------- git


def git_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in SELECTION_ENV and not k.startswith(SELECTION_ENV_PREFIXES)
        and not k.startswith("GIT_")
    }
    env["GIT_CONFIG_GLOBAL"] = os.devnull
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    return env


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *GIT_IDENTITY, *args], cwd=repo, env=git_env(),
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed:\n{done.stderr.strip()}")
    return done.stdout


def content(path: str, note: str = "") -> str:
    """A small file body: a comment line, inert in .gitignore, .gitattributes, .gitmodules."""
    return f"# {path}\n" + (f"# {note}\n" if note else "")


def write_file(repo: Path, path: str, body: str) -> None:
    target = repo / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body)


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", message)


def apply_pr(repo: Path, pr: PullRequest) -> None:
    for c in pr.changes:
        if c.status == "D":
            git(repo, "rm", "-q", "--", c.path)
        elif c.status == "R" and c.old:
            (repo / c.path).parent.mkdir(parents=True, exist_ok=True)
            git(repo, "mv", "--", c.old, c.path)
        elif c.status == "A":
            write_file(repo, c.path, content(c.path, f"added by {pr.sha}"))
        else:
            write_file(repo, c.path, content(c.path, f"modified by {pr.sha}"))


def touch_all(repo: Path, paths: Sequence[str]) -> None:
    for path in paths:
        write_file(repo, path, content(path, "modified on all-files"))


def build_key(tree: Sequence[str], pr: PullRequest) -> str:
    digest = hashlib.sha256("\n".join(tree).encode()).hexdigest()[:16]
    return f"v{LAYOUT_VERSION} tree={digest} pr={pr.sha}"


def build_repo(tree: Sequence[str], pr: PullRequest, rebuild: bool) -> Path:
    """Create (or reuse) the benchmark repository with branches main, pr, all-files."""
    key = build_key(tree, pr)
    cached = REPO_DIR.is_dir() and STAMP_FILE.is_file()
    if cached and not rebuild and STAMP_FILE.read_text().strip() == key:
        return REPO_DIR
    shutil.rmtree(REPO_DIR, ignore_errors=True)
    STAMP_FILE.unlink(missing_ok=True)
    REPO_DIR.mkdir(parents=True)
    git(REPO_DIR, "init", "-q", "-b", "main")
    main_paths = base_tree(tree, pr)
    for path in main_paths:
        write_file(REPO_DIR, path, content(path))
    commit_all(REPO_DIR, "vLLM tree")
    tracked = len(git(REPO_DIR, "ls-files").splitlines())
    if tracked != len(main_paths):
        raise RuntimeError(f"main tracks {tracked} files, expected {len(main_paths)}")
    git(REPO_DIR, "checkout", "-q", "-b", "pr")
    apply_pr(REPO_DIR, pr)
    commit_all(REPO_DIR, pr.subject)
    git(REPO_DIR, "checkout", "-q", "-b", "all-files", "main")
    touch_all(REPO_DIR, main_paths)
    commit_all(REPO_DIR, "Touch every file")
    git(REPO_DIR, "checkout", "-q", "main")
    STAMP_FILE.write_text(key + "\n")
    return REPO_DIR


def checkout(repo: Path, branch: str) -> None:
    git(repo, "checkout", "-q", "-f", branch)
    git(repo, "clean", "-q", "-fdx")
    dirty = git(repo, "status", "--porcelain")
    if dirty.strip():
        raise RuntimeError(f"work tree of {repo} is not clean on {branch}:\n{dirty}")


def changed_count(repo: Path) -> int:
    return len(git(repo, "diff", "--name-only", "--no-renames", "main...HEAD").splitlines())


# ------------------------------------------------------------------- timing


@dataclass
class Result:
    scenario: str
    fmt: str
    command: list[str]
    times: list[float] = field(default_factory=list)
    cpu_times: list[float] = field(default_factory=list)
    error: str | None = None
    steps: dict[str, int] | None = None
    changed_files: int | None = None
    ratio: float | None = None
    cpu_ratio: float | None = None
    target: float | None = None
    during: str | None = None
    """For the floor: the scenario whose rounds timed it."""

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu_times) if self.cpu_times else None

    @property
    def min(self) -> float | None:
        return min(self.times) if self.times else None

    @property
    def p90(self) -> float | None:
        """Nearest-rank 90th percentile."""
        if not self.times:
            return None
        ordered = sorted(self.times)
        return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]

    @property
    def within_target(self) -> bool | None:
        if self.ratio is None or self.target is None:
            return None
        return self.ratio <= self.target

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(
            median=self.median, min=self.min, p90=self.p90, cpu_median=self.cpu_median,
            within_target=self.within_target,
        )
        return out


def run_once(cmd: Sequence[str], cwd: Path
             ) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall time, CPU time (user + system of the child) and the finished process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        list(cmd), cwd=cwd, env=git_env(), capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done


def describe_failure(done: subprocess.CompletedProcess[str]) -> str:
    """Exit status and the tail of stderr (the command is in the row's JSON)."""
    stderr = done.stderr.strip() or "(no stderr)"
    lines = stderr.splitlines()
    if len(lines) > 25:
        stderr = "\n".join(["...", *lines[-25:]])
    return f"exit {done.returncode}, stderr:\n{stderr}"


def measure_once(result: Result, cwd: Path, timed: bool
                 ) -> subprocess.CompletedProcess[str] | None:
    """Run `result.command` once, keeping its times when `timed`; None once it failed."""
    if result.error:
        return None
    wall, cpu, done = run_once(result.command, cwd)
    if done.returncode != 0:
        result.error = describe_failure(done)
        result.times, result.cpu_times = [], []
        return None
    if timed:
        result.times.append(wall)
        result.cpu_times.append(cpu)
    return done


def count_steps(output: str) -> dict[str, int] | str:
    """Decisions in a `--format json` plan, or an error message."""
    try:
        steps = json.loads(output)["steps"]
        counts = {"run": 0, "block": 0, "skip": 0}
        for step in steps:
            decision = str(step.get("decision"))
            counts[decision] = counts.get(decision, 0) + 1
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return f"cannot read the JSON plan: {exc!r}"
    return counts


def plan_command(python: str, repo: Path, fmt: str, pipelines: Path | None) -> list[str]:
    command = ["upload", "--dry-run"] if fmt == "dry-run" else ["plan"]
    cmd = [python, "-m", "vllmci", *command, "--diff", "main", "--repo", str(repo)]
    if pipelines is not None:
        cmd += ["--pipelines", str(pipelines)]
    return cmd if fmt == "dry-run" else [*cmd, "--format", fmt]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_scenario(scenario: str, python: str, repo: Path, runs: int,
                   pipelines: Path | None, cwd: Path) -> list[Result]:
    """The floor and every row of `scenario`, round by round; the rows' ratios are to
    the floor timed in the same rounds."""
    checkout(repo, scenario)
    changed = changed_count(repo)
    floor = Result("floor", "-", [python, "-c", FLOOR_CODE], during=scenario)
    results = []
    for fmt in FORMATS:
        result = Result(scenario, fmt, plan_command(python, repo, fmt, pipelines))
        result.changed_files = changed
        result.target = TARGETS[scenario]
        results.append(result)
    log(f"timing {SCENARIO_TITLES[scenario]} ({changed} files): "
        f"{WARMUPS} warm-ups and {runs} rounds of the floor and {', '.join(FORMATS)}")
    for i in range(WARMUPS + runs):
        measure_once(floor, cwd, timed=i >= WARMUPS)
        for result in results:
            done = measure_once(result, cwd, timed=i >= WARMUPS)
            if done is not None and result.fmt == "json" and result.steps is None:
                counts = count_steps(done.stdout)
                if isinstance(counts, str):
                    result.error = counts
                else:
                    result.steps = counts
    steps = next((r.steps for r in results if r.steps is not None), None)
    for result in results:
        result.steps = steps
    add_ratios(floor, results)
    return [floor, *results]


def add_ratios(floor: Result, results: Sequence[Result]) -> None:
    for result in results:
        if floor.median and result.median is not None:
            result.ratio = result.median / floor.median
        if floor.cpu_median and result.cpu_median is not None:
            result.cpu_ratio = result.cpu_median / floor.cpu_median


# ------------------------------------------------------------------ output


def fmt_seconds(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.0f} ms"


def fmt_steps(steps: dict[str, int] | None) -> str:
    if steps is None:
        return "-"
    extra = sum(v for k, v in steps.items() if k not in ("run", "block", "skip"))
    text = f"{steps['run']}/{steps['block']}/{steps['skip']}"
    return text + (f" (+{extra} other)" if extra else "")


def fmt_verdict(result: Result) -> str:
    if result.error:
        return "FAILED"
    if result.within_target is None:
        return "-"
    return "ok" if result.within_target else "over"


def table_rows(results: Sequence[Result]) -> list[list[str]]:
    header = ["scenario", "format", "files", "median", "min", "p90", "ratio", "cpu",
              "cpu ratio", "target", "", "run/block/skip"]
    rows = [header]
    for r in results:
        rows.append([
            SCENARIO_TITLES[r.scenario],
            r.fmt,
            "-" if r.changed_files is None else str(r.changed_files),
            fmt_seconds(r.median),
            fmt_seconds(r.min),
            fmt_seconds(r.p90),
            "-" if r.ratio is None else f"{r.ratio:.2f}x",
            fmt_seconds(r.cpu_median),
            "-" if r.cpu_ratio is None else f"{r.cpu_ratio:.2f}x",
            "-" if r.target is None else f"{r.target:g}x",
            fmt_verdict(r),
            fmt_steps(r.steps),
        ])
    return rows


def render_table(rows: Sequence[Sequence[str]]) -> str:
    numeric = {2, 3, 4, 5, 6, 7, 8, 9}
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def print_report(meta: dict[str, Any], results: Sequence[Result]) -> None:
    pr = meta["pr"]
    print(f"vllmci plan speed: {meta['python']}, {meta['runs']} rounds after "
          f"{meta['warmups']} warm-ups, {meta['platform']}")
    print(f"PR {pr['sha'][:12]} ({pr['changes']} changes): {pr['subject']}")
    print(f"repository: {meta['repo']}" + (
        f", definitions: {meta['pipelines']}" if meta["pipelines"] else ""))
    print("byte-compiled first (as pip install does)" if meta["byte_compiled"]
          else "not byte-compiled (--no-compile)")
    load = meta["load_average"]
    if load["before"] is not None and load["after"] is not None:
        print(f"load average (1, 5, 15 min): {' '.join(map(str, load['before']))} before, "
              f"{' '.join(map(str, load['after']))} after")
    print()
    print(render_table(table_rows(results)))
    for error, rows in group_failures(results).items():
        print(f"\nFAILED: {', '.join(rows)}\n{error}")


def group_failures(results: Sequence[Result]) -> dict[str, list[str]]:
    """Failed rows by error, so one broken definition is reported once, not six times."""
    groups: dict[str, list[str]] = {}
    for r in results:
        if r.error:
            groups.setdefault(r.error, []).append(f"{SCENARIO_TITLES[r.scenario]} [{r.fmt}]")
    return groups


# -------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS,
                        help=f"timed rounds per scenario (each runs the floor and every "
                             f"row once), after {WARMUPS} warm-ups "
                             f"(default {DEFAULT_RUNS})")
    parser.add_argument("--python", default=sys.executable,
                        help="interpreter to time (default: this one)")
    parser.add_argument("--pr", metavar="SHA",
                        help="PR from tests/fixtures/vllm/commits.jsonl (sha or prefix); "
                             "default: the median-size PR not touching .buildkite/")
    parser.add_argument("--pipelines", metavar="DIR", type=Path,
                        help="passed to `vllmci plan --pipelines`")
    parser.add_argument("--rebuild", action="store_true",
                        help="rebuild the cached repository in bench/.work/")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--no-compile", action="store_true",
                        help="do not byte-compile vllmci and the definitions first "
                             "(pip does it on install; an editable install under "
                             "PYTHONDONTWRITEBYTECODE=1 would otherwise compile on every run)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    prs = load_prs()
    if args.pr:
        args.pr_obj = find_pr(prs, args.pr)
        if args.pr_obj is None:
            parser.error(f"--pr {args.pr}: no single PR with that sha in {COMMITS_FILE}")
    else:
        args.pr_obj = representative_pr(prs)
    if args.pipelines is not None:
        args.pipelines = args.pipelines.resolve()
    return args


def load_average() -> list[float] | None:
    """The 1, 5 and 15 minute load averages (None where the platform has none)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def metadata(args: argparse.Namespace, repo: Path, load: list[Any]) -> dict[str, Any]:
    pr: PullRequest = args.pr_obj
    return {
        "load_average": {"before": load[0], "after": load[1]},
        "python": args.python,
        "runs": args.runs,
        "warmups": WARMUPS,
        "platform": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "repo": str(repo),
        "pipelines": str(args.pipelines) if args.pipelines else None,
        "byte_compiled": not args.no_compile,
        "pr": {"sha": pr.sha, "subject": pr.subject, "changes": len(pr.changes)},
        "targets": TARGETS,
    }


COMPILE_SCRIPT = """
import compileall, importlib.util, sys
for name in ("vllmci", "vllmci_pipelines"):
    spec = importlib.util.find_spec(name)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(folder, quiet=1)
for extra in sys.argv[1:]:
    compileall.compile_dir(extra, quiet=1)
"""


def byte_compile(python: str, pipelines: Path | None) -> None:
    """What `pip install` does: write .pyc files, so that runs time the tool, not Python's
    compiler (imports still read .pyc files under PYTHONDONTWRITEBYTECODE=1)."""
    extra = [str(pipelines)] if pipelines else []
    subprocess.run([python, "-c", COMPILE_SCRIPT, *extra], check=True, cwd=WORK_DIR)


def run(args: argparse.Namespace) -> tuple[dict[str, Any], list[Result]]:
    pr: PullRequest = args.pr_obj
    log(f"PR {pr.sha[:12]}: {pr.subject}")
    if not args.no_compile:
        log("byte-compiling vllmci and the definitions, as pip install does")
        byte_compile(args.python, args.pipelines)
    log(f"preparing the repository in {REPO_DIR}")
    repo = build_repo(load_tree(), pr, args.rebuild)
    cwd = WORK_DIR  # neutral: nothing importable shadows the packages under test
    load = [load_average()]
    results = []
    for scenario in ("pr", "all-files"):
        results += bench_scenario(scenario, args.python, repo, args.runs, args.pipelines, cwd)
    checkout(repo, "main")
    load.append(load_average())
    return metadata(args, repo, load), results


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        meta, results = run(args)
    except (RuntimeError, OSError) as exc:
        log(f"plan_speed: could not set up the benchmark: {exc}")
        if args.json:
            print(json.dumps({"error": str(exc)}, indent=2))
        return 0
    if args.json:
        print(json.dumps({**meta, "results": [r.to_json() for r in results]}, indent=2))
    else:
        print_report(meta, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
