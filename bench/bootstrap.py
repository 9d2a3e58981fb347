"""Wall-time benchmark of the bootstrap step, run as a Buildkite agent runs it.

Reads the `bootstrap` step of `.buildkite/pipeline.yml` (its `commands` and
`env`, after the agent's `$$` unescaping), and runs those commands, as the
agent does, with `bash -e -c`, in a fresh temporary directory holding:

* a vLLM-shaped checkout: vLLM's tree (`tests/fixtures/vllm/tree.txt`) as small
  files plus this repository's `.buildkite/` bootstrap files on `main`, a real
  PR (`tests/fixtures/vllm/commits.jsonl`) committed on top, cloned and checked
  out detached at the PR's commit with `origin/main` to diff against;
* a stand-in `buildkite-agent` first on PATH (meta-data, annotate, pipeline
  upload), which times each call;
* the environment of a pull-request build (`BUILDKITE_*`), with VLLMCI_SPEC
  pointing at vllmci's wheel built from this work tree.

Scenarios: `cold` (empty HOME, so empty uv, pip and vllmci caches: packages
come from the package index over the network), `warm` (the same HOME kept
from run to run, as on a long-lived agent), `rebuild` (package caches kept,
vllmci's environment cache cleared: a new pin), and `cold-pip` / `warm-pip`
(the same on an agent without uv). Next to them, in the same run, the import
floor: `python -c "import buildkite_sdk, git, attrs"`, timed right after each
run in the environment that run's bootstrap built, so that a row's ratio
compares figures taken under the same load. Each run is split into environment creation, install,
generation and upload (time inside the stand-in agent), from the bootstrap's own
`vllmci bootstrap: PHASE N.NN s` lines, or per command for a step that prints
none.

It measures; it never asserts: the exit status is 0 whatever the figures
(2 for a bad command line).

    python bench/bootstrap.py [--runs 10] [--cold-runs 3] [--scenarios cold,warm]
                              [--pipeline FILE] [--rev REV | --wheel PATH | --spec SPEC]
                              [--pr SHA] [--python3 PATH] [--uv PATH] [--json] [--keep]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import plan_speed  # bench/ is sys.path[0] when this file runs as a script
from plan_speed import PullRequest

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
BUILDKITE_DIR = ROOT / ".buildkite"
PIPELINE_FILE = BUILDKITE_DIR / "pipeline.yml"
WORK_DIR = BENCH_DIR / ".work"
REPO_DIR = WORK_DIR / "bootstrap-repo"
STAMP_FILE = WORK_DIR / "bootstrap-repo.stamp"
LAYOUT_VERSION = "1"  # bump when the way the repository is built changes

STEP_KEY = "bootstrap"
FLOOR_CODE = plan_speed.FLOOR_CODE
SCENARIOS = ("cold", "warm", "rebuild", "cold-pip", "warm-pip")
TITLES = {
    "floor": "import floor",
    "cold": "cold",
    "warm": "warm",
    "rebuild": "rebuild (new pin)",
    "cold-pip": "cold, no uv",
    "warm-pip": "warm, no uv",
}
TARGETS = {"cold": 10.0, "warm": 3.0, "cold-pip": 10.0, "warm-pip": 3.0}  # seconds
PHASES = ("environment", "install", "generation", "upload", "other")
PHASE_LINE = re.compile(r"^vllmci bootstrap: (\w+) (\d+\.\d+) s: (.*)$")
# Variables of the bench's own shell that would change where the step's tools
# look for caches, interpreters or configuration.
DROPPED_ENV = {
    "VIRTUAL_ENV", "CONDA_PREFIX", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP",
    "PYTHONDONTWRITEBYTECODE", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "UV_CACHE_DIR",
    "UV_NO_CACHE", "PIP_CACHE_DIR", "PIP_NO_CACHE_DIR", "VLLMCI_CACHE_DIR", "VLLMCI_SPEC",
}

STAND_IN_AGENT = r"""#!/usr/bin/env bash
# A stand-in buildkite-agent for bench/bootstrap.py: accepts every upload, keeps
# meta-data in files and appends "start<TAB>end<TAB>argv" of each call to calls.tsv.
start=$EPOCHREALTIME
here=${BASH_SOURCE[0]%/*}
input=$(</dev/stdin)
key=${3//\//%2F}
case "${1-} ${2-}" in
"pipeline upload") printf '%s' "$input" >"$here/uploads/$start" ;;
"meta-data set") printf '%s' "${4-$input}" >"$here/meta/$key" ;;
"meta-data get")
    if [ -f "$here/meta/$key" ]; then printf '%s' "$(<"$here/meta/$key")"
    else echo "fatal: meta-data key not found" >&2; status=1; fi ;;
"meta-data exists") [ -f "$here/meta/$key" ] || status=100 ;;
annotate*) printf '%s' "$input" >>"$here/annotations" ;;
esac
printf '%s\t%s\t%s\n' "$start" "$EPOCHREALTIME" "$*" >>"$here/calls.tsv"
exit "${status-0}"
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ the step


@dataclass(frozen=True)
class Step:
    commands: tuple[str, ...]
    env: dict[str, str]


def unescape(value: str, where: str) -> str:
    """The agent's upload-time interpolation: `$$` is a literal `$`; a bare
    `$NAME` would take the value of the uploading job, which this bench does
    not emulate, so it is refused."""
    bare = re.search(r"(?<!\$)\$(?!\$)(\{?\w+)", value.replace("$$", ""))
    if bare:
        raise ValueError(f"{where} interpolates ${bare.group(1)} at upload time; "
                         "the bench only emulates $$ escapes")
    return value.replace("$$", "$")


def read_step(pipeline: Path, key: str = STEP_KEY) -> Step:
    import yaml  # PyYAML: a dependency of vllmci

    document = yaml.safe_load(pipeline.read_text(encoding="utf-8"))
    steps = [s for s in document.get("steps", []) if isinstance(s, dict)]
    step = next((s for s in steps if s.get("key") == key), steps[0] if steps else None)
    if step is None:
        raise ValueError(f"{pipeline} has no steps")
    raw = step.get("commands", step.get("command"))
    commands = [raw] if isinstance(raw, str) else list(raw or [])
    if not commands:
        raise ValueError(f"{pipeline}: step {step.get('key')!r} has no commands")
    env = {str(k): unescape(str(v), f"env {k}") for k, v in (step.get("env") or {}).items()}
    return Step(tuple(unescape(c, "a command") for c in commands), env)


# ----------------------------------------------------------------- the wheel


def run_checked(cmd: Sequence[str], cwd: Path | None = None,
                env: dict[str, str] | None = None) -> str:
    done = subprocess.run(list(cmd), cwd=cwd, env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed (exit {done.returncode}):\n"
                           f"{done.stderr.strip()[-2000:]}")
    return done.stdout


def source_tree(rev: str | None, into: Path) -> str:
    """Copy the work tree (tracked and untracked, not ignored) or a commit into `into`."""
    if rev:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev],
                                 capture_output=True, check=False)
        if archive.returncode != 0:
            raise RuntimeError(f"git archive {rev}: {archive.stderr.decode().strip()}")
        subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
        return f"commit {run_checked(['git', '-C', str(ROOT), 'rev-parse', rev]).strip()[:12]}"
    listed = run_checked(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others",
                          "--exclude-standard"])
    for name in sorted(set(filter(None, listed.split("\0")))):
        source = ROOT / name
        if source.is_file():
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return "work tree"


def build_wheel(rev: str | None, uv: str | None, out: Path) -> tuple[Path, str]:
    """vllmci's wheel from a clean copy of the sources (no stale build/ directory)."""
    src = out / "src"
    src.mkdir(parents=True)
    origin = source_tree(rev, src)
    dist = out / "dist"
    if uv:
        run_checked([uv, "build", "--wheel", "--quiet", "--out-dir", str(dist), str(src)])
    else:
        run_checked([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                     "--wheel-dir", str(dist), str(src)])
    wheels = sorted(dist.glob("vllmci-*.whl"))
    if len(wheels) != 1:
        raise RuntimeError(f"expected one vllmci wheel in {dist}, found {wheels}")
    return wheels[0], origin


# ------------------------------------------------------------ the checkout


def bootstrap_files(pipeline: Path) -> dict[str, bytes]:
    """What vLLM's checkout holds of the bootstrap: this repository's .buildkite/
    files, with `pipeline` as .buildkite/pipeline.yml."""
    files = {f".buildkite/{p.name}": p.read_bytes()
             for p in sorted(BUILDKITE_DIR.iterdir()) if p.is_file()}
    files[".buildkite/pipeline.yml"] = pipeline.read_bytes()
    return files


def repo_key(tree: Sequence[str], pr: PullRequest, files: dict[str, bytes]) -> str:
    digest = hashlib.sha256("\n".join(tree).encode())
    for name, body in sorted(files.items()):
        digest.update(name.encode() + b"\0" + hashlib.sha256(body).digest())
    return f"v{LAYOUT_VERSION} {digest.hexdigest()[:16]} pr={pr.sha}"


def build_repo(pr: PullRequest, files: dict[str, bytes]) -> Path:
    """`main`: vLLM's tree and the bootstrap files; `pr`: the PR on top. Cached."""
    tree = plan_speed.load_tree()
    key = repo_key(tree, pr, files)
    if REPO_DIR.is_dir() and STAMP_FILE.is_file() and STAMP_FILE.read_text().strip() == key:
        return REPO_DIR
    log(f"building the vLLM-shaped repository in {REPO_DIR}")
    shutil.rmtree(REPO_DIR, ignore_errors=True)
    STAMP_FILE.unlink(missing_ok=True)
    REPO_DIR.mkdir(parents=True)
    plan_speed.git(REPO_DIR, "init", "-q", "-b", "main")
    for path in plan_speed.base_tree(tree, pr):
        plan_speed.write_file(REPO_DIR, path, plan_speed.content(path))
    for name, body in files.items():
        (REPO_DIR / name).parent.mkdir(parents=True, exist_ok=True)
        (REPO_DIR / name).write_bytes(body)
    for script in (REPO_DIR / ".buildkite").glob("*.sh"):
        script.chmod(0o755)
    plan_speed.commit_all(REPO_DIR, "vLLM tree")
    plan_speed.git(REPO_DIR, "checkout", "-q", "-b", "pr")
    plan_speed.apply_pr(REPO_DIR, pr)
    plan_speed.commit_all(REPO_DIR, pr.subject)
    plan_speed.git(REPO_DIR, "checkout", "-q", "main")
    STAMP_FILE.write_text(key + "\n")
    return REPO_DIR


# ------------------------------------------------------------------ running


@dataclass
class Run:
    total: float
    phases: dict[str, float]
    documents: int
    agent_calls: int
    lines: list[str]


@dataclass
class Result:
    scenario: str
    runs: list[Run] = field(default_factory=list)
    times: list[float] = field(default_factory=list)  # the floor row's samples
    floor: list[float] = field(default_factory=list)  # import floor, timed between the runs
    error: str | None = None
    ratio: float | None = None
    target: float | None = None

    @property
    def totals(self) -> list[float]:
        return [r.total for r in self.runs] if self.runs else self.times

    @property
    def median(self) -> float | None:
        return statistics.median(self.totals) if self.totals else None

    def phase(self, name: str) -> float | None:
        values = [r.phases[name] for r in self.runs if name in r.phases]
        return statistics.median(values) if values else None

    @property
    def floor_median(self) -> float | None:
        return statistics.median(self.floor) if self.floor else None

    @property
    def within_target(self) -> bool | None:
        if self.median is None or self.target is None:
            return None
        return self.median <= self.target

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(median=self.median, floor_median=self.floor_median,
                   within_target=self.within_target,
                   phases={p: self.phase(p) for p in PHASES} if self.runs else None)
        return out


@dataclass
class Setup:
    step: Step
    spec: str
    repo: Path
    pr: PullRequest
    python3: str
    uv: str | None
    root: Path  # temporary directory of this benchmark run


def tools_dir(setup: Setup, with_uv: bool) -> Path:
    """python3 (and uv) as an agent has them: real binaries, first on PATH."""
    tools = setup.root / ("tools-uv" if with_uv else "tools")
    if not tools.is_dir():
        tools.mkdir()
        (tools / "python3").symlink_to(setup.python3)
        if with_uv and setup.uv:
            (tools / "uv").symlink_to(setup.uv)
    return tools


def path_without(names: Sequence[str], path: str, mirrors: Path) -> str:
    """`path` with each directory holding one of `names` replaced by a mirror without it."""
    out = []
    for index, entry in enumerate(path.split(os.pathsep)):
        directory = Path(entry)
        if entry and any((directory / n).exists() for n in names):
            mirror = mirrors / str(index)
            if not mirror.is_dir():
                mirror.mkdir(parents=True)
                for item in directory.iterdir():
                    if item.name not in names:
                        (mirror / item.name).symlink_to(item)
            out.append(str(mirror))
        else:
            out.append(entry)
    return os.pathsep.join(out)


def step_env(setup: Setup, home: Path, run_dir: Path, agent: Path, with_uv: bool) -> dict[str, str]:
    env = {k: v for k, v in plan_speed.git_env().items()
           if k not in DROPPED_ENV and not k.startswith(("UV_", "VLLMCI_"))}
    rest = env.get("PATH", os.defpath)
    if not with_uv:
        rest = path_without(["uv", "uvx"], rest, setup.root / "path-without-uv")
    env["PATH"] = os.pathsep.join([str(agent), str(tools_dir(setup, with_uv)), rest])
    sha = plan_speed.git(setup.repo, "rev-parse", "pr").strip()
    env.update({
        "HOME": str(home),
        "TMPDIR": str(run_dir / "tmp"),
        "BUILDKITE": "true",
        "BUILDKITE_BUILD_ID": str(uuid.uuid4()),
        "BUILDKITE_JOB_ID": str(uuid.uuid4()),
        "BUILDKITE_STEP_KEY": STEP_KEY,
        "BUILDKITE_BRANCH": "bench/pr",
        "BUILDKITE_COMMIT": sha,
        "BUILDKITE_PULL_REQUEST": "12345",
        "BUILDKITE_PULL_REQUEST_BASE_BRANCH": "main",
        "BUILDKITE_PIPELINE_DEFAULT_BRANCH": "main",
        "BUILDKITE_REPO": "https://github.com/vllm-project/vllm.git",
        "BUILDKITE_PULL_REQUEST_REPO": "https://github.com/vllm-project/vllm.git",
        "BUILDKITE_MESSAGE": setup.pr.subject,
        "BUILDKITE_TAG": "",
        "BUILDKITE_BUILD_CHECKOUT_PATH": str(run_dir / "checkout"),
    })
    env.update(setup.step.env)
    env["VLLMCI_SPEC"] = setup.spec
    return env


def agent_script(step: Step, marks: Path) -> str:
    """The step's commands in order, as `bash -e -c` runs them, with a timestamp
    appended to `marks` before the first and after each one."""
    mark = f'printf "%s\\n" "$EPOCHREALTIME" >>{shlex.quote(str(marks))}'
    return "\n".join([mark, *(f"{c}\n{mark}" for c in step.commands)])


def seconds_of(epochrealtime: str) -> float:
    """bash's $EPOCHREALTIME, whose decimal separator follows the locale."""
    return float(epochrealtime.replace(",", "."))


def phase_of(command: str) -> str:
    """For a step that does not report its phases: what one of its commands does."""
    if re.search(r"\bvllmci\b.*\bupload\b", command):
        return "run"
    if "install" in command:
        return "install"
    return "environment" if "venv" in command else "other"


def split(step: Step, lines: Sequence[str], marks: Sequence[float], calls: Sequence[str],
          total: float) -> dict[str, float]:
    phases: dict[str, float] = {}
    reported = [PHASE_LINE.match(line) for line in lines]
    for match in filter(None, reported):
        phases[match.group(1)] = phases.get(match.group(1), 0.0) + float(match.group(2))
    if not phases:
        for command, start, end in zip(step.commands, marks, marks[1:], strict=False):
            name = phase_of(command)
            phases[name] = phases.get(name, 0.0) + end - start
    upload = sum(seconds_of(c.split("\t")[1]) - seconds_of(c.split("\t")[0]) for c in calls)
    run = phases.pop("run", 0.0)
    phases["upload"] = upload
    phases["generation"] = max(0.0, run - upload)
    phases.setdefault("environment", 0.0)
    phases.setdefault("install", 0.0)
    known = sum(phases[p] for p in ("environment", "install", "generation", "upload"))
    phases["other"] = max(0.0, total - known)
    return phases


def fresh_run_dir(setup: Setup) -> tuple[Path, Path]:
    run_dir = Path(tempfile.mkdtemp(prefix="run-", dir=setup.root))
    (run_dir / "tmp").mkdir()
    agent = run_dir / "agent"
    for sub in ("uploads", "meta"):
        (agent / sub).mkdir(parents=True)
    stand_in = agent / "buildkite-agent"
    stand_in.write_text(STAND_IN_AGENT)
    stand_in.chmod(0o755)
    checkout = run_dir / "checkout"
    plan_speed.git(setup.root, "clone", "-q", str(setup.repo), str(checkout))
    sha = plan_speed.git(setup.repo, "rev-parse", "pr").strip()
    plan_speed.git(checkout, "checkout", "-q", "-f", "--detach", sha)
    return run_dir, agent


def run_step(setup: Setup, home: Path, with_uv: bool) -> Run:
    """One job: the step's commands in a fresh directory; raises on failure."""
    run_dir, agent = fresh_run_dir(setup)
    marks_file = run_dir / "marks"
    env = step_env(setup, home, run_dir, agent, with_uv)
    script = agent_script(setup.step, marks_file)
    start = time.perf_counter()
    done = subprocess.run(["bash", "-e", "-c", script], cwd=run_dir / "checkout", env=env,
                          capture_output=True, text=True, check=False)
    total = time.perf_counter() - start
    lines = (done.stdout + done.stderr).splitlines()
    if done.returncode != 0:
        tail = "\n".join(lines[-25:])
        raise RuntimeError(f"the step exited {done.returncode}:\n{tail}")
    fallback = [line for line in lines if "WARNING: running every step" in line]
    if fallback:  # the checkout is not what a PR build sees: the figures would mislead
        raise RuntimeError(f"vllmci could not compute the PR's diff: {fallback[0]}")
    documents = len(list((agent / "uploads").iterdir()))
    if documents == 0:
        raise RuntimeError("the step uploaded nothing:\n" + "\n".join(lines[-25:]))
    marks = [seconds_of(m) for m in marks_file.read_text().split()]
    calls = (agent / "calls.tsv").read_text().splitlines()
    phases = split(setup.step, lines, marks, calls, total)
    bootstrap_lines = [line for line in lines if line.startswith("vllmci bootstrap:")]
    shutil.rmtree(run_dir, ignore_errors=True)
    return Run(total, phases, documents, len(calls), bootstrap_lines)


def bench_scenario(setup: Setup, scenario: str, runs: int, cold_runs: int, floor_runs: int,
                   warm_home: dict[bool, Path]) -> Result:
    result = Result(scenario, target=TARGETS.get(scenario))
    with_uv = not scenario.endswith("-pip")
    cold = scenario.startswith("cold")
    count = cold_runs if cold or scenario == "rebuild" else runs
    try:
        if with_uv not in warm_home:
            warm_home[with_uv] = Path(tempfile.mkdtemp(prefix="home-warm-", dir=setup.root))
        home = warm_home[with_uv]
        if not cold:  # warm and rebuild start from warm package caches
            log(f"{TITLES[scenario]}: priming the caches (not timed)")
            run_step(setup, home, with_uv)
        for i in range(count):
            if cold:
                home = Path(tempfile.mkdtemp(prefix="home-cold-", dir=setup.root))
            elif scenario == "rebuild":
                shutil.rmtree(home / ".cache" / "vllmci", ignore_errors=True)
            log(f"{TITLES[scenario]}: run {i + 1} of {count}")
            result.runs.append(run_step(setup, home, with_uv))
            result.floor += time_floor(home, floor_runs, setup.root)
            if cold:
                shutil.rmtree(home, ignore_errors=True)
    except (RuntimeError, OSError) as exc:
        result.error = str(exc)
    return result


def time_floor(home: Path, runs: int, cwd: Path) -> list[float]:
    """The import floor, `runs` times, in the environment the step just left in `home`'s
    cache: timed next to the runs, so that both see the same machine."""
    found = sorted((home / ".cache" / "vllmci" / "envs").glob("*/bin/python"))
    legacy = Path("/tmp/vllmci-venv/bin/python")  # where the step installed before the cache
    python = found[0] if found else legacy
    times = []
    for _ in range(runs if python.exists() else 0):
        start = time.perf_counter()
        done = subprocess.run([str(python), "-c", FLOOR_CODE], cwd=cwd, capture_output=True,
                              check=False)
        if done.returncode != 0:
            raise RuntimeError(f"the import floor failed in {python}: "
                               f"{done.stderr.decode(errors='replace').strip()[-500:]}")
        times.append(time.perf_counter() - start)
    return times


# ------------------------------------------------------------------- output


def seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


def verdict(result: Result) -> str:
    if result.error:
        return "FAILED"
    if result.within_target is None:
        return ""
    return "ok" if result.within_target else "over"


def table(results: Sequence[Result]) -> str:
    header = ["scenario", "runs", "median", "min", "max", "floor", "ratio", "target", "",
              *PHASES]
    rows = [header]
    for r in results:
        totals = r.totals
        rows.append([
            TITLES[r.scenario], str(len(totals)), seconds(r.median),
            seconds(min(totals) if totals else None), seconds(max(totals) if totals else None),
            seconds(r.floor_median), "-" if r.ratio is None else f"{r.ratio:.1f}x",
            "-" if r.target is None else f"{r.target:g} s", verdict(r),
            *(seconds(r.phase(p)) if r.runs else "-" for p in PHASES),
        ])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join(
        "  ".join(c.ljust(widths[i]) if i in (0, 8) else c.rjust(widths[i])
                  for i, c in enumerate(row)).rstrip()
        for row in rows)


def print_report(meta: dict[str, Any], results: Sequence[Result]) -> None:
    print(f"vllmci bootstrap: {meta['platform']}, python3 {meta['python3_version']}, "
          f"uv {meta['uv_version'] or '(none)'}")
    print(f"step: {meta['pipeline']} ({len(meta['commands'])} command(s)): "
          + " && ".join(meta["commands"]))
    print(f"VLLMCI_SPEC: {meta['spec']} ({meta['spec_origin']})")
    pr = meta["pr"]
    print(f"PR {pr['sha'][:12]} ({pr['changes']} changes): {pr['subject']}")
    documents = sorted({run.documents for r in results for run in r.runs})
    print(f"documents uploaded per job: {', '.join(map(str, documents)) or '-'}; "
          "cold runs download from the package index (network included)")
    load = meta["load_average"]
    print(f"1-minute load average: {load['start']} at the start, {load['end']} at the end")
    print()
    print(table(results))
    print("\nphases are medians over the runs; floor: median of the import floor timed "
          "after each run of the row; ratio = median / floor")
    for r in results:
        if r.error:
            print(f"\nFAILED: {TITLES[r.scenario]}\n{r.error}")
    for r in results:
        if r.runs and r.runs[-1].lines:
            print(f"\n{TITLES[r.scenario]}, last run's bootstrap lines:")
            for line in r.runs[-1].lines:
                print(f"  {line}")


# --------------------------------------------------------------------- main


def tool_version(cmd: Sequence[str], field: int = -1) -> str | None:
    """A word of what `cmd` prints (`Python 3.11.7`, `uv 0.13.9 (...)`)."""
    try:
        done = subprocess.run(list(cmd), capture_output=True, text=True, check=False)
    except OSError:
        return None
    words = done.stdout.split()
    return words[field] if -len(words) <= field < len(words) else None


def find_uv(explicit: str | None) -> str | None:
    """The uv binary itself (not a pyenv shim): `--uv`, the `uv` package's, or PATH's."""
    if explicit:
        return str(Path(explicit).resolve())
    try:
        import uv  # type: ignore[import-not-found]

        return str(Path(uv.find_uv_bin()).resolve())
    except (ImportError, FileNotFoundError):
        found = shutil.which("uv")
        return str(Path(found).resolve()) if found else None


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="timed warm runs (default 10)")
    parser.add_argument("--cold-runs", type=int, default=3,
                        help="timed cold and rebuild runs (default 3)")
    parser.add_argument("--floor-runs", type=int, default=3,
                        help="import floor runs timed after each timed run (default 3)")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS),
                        help=f"comma-separated, of {', '.join(SCENARIOS)} (default: all)")
    parser.add_argument("--pipeline", type=Path, default=PIPELINE_FILE,
                        help="the pipeline file whose bootstrap step runs "
                             "(default .buildkite/pipeline.yml)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--rev", help="build the wheel from this commit, not the work tree")
    source.add_argument("--wheel", type=Path, help="use this vllmci wheel")
    source.add_argument("--spec", help="VLLMCI_SPEC as given (e.g. the pipeline's own pin)")
    parser.add_argument("--pr", metavar="SHA", help="PR from tests/fixtures/vllm/commits.jsonl; "
                        "default: the median-size PR not touching .buildkite/")
    parser.add_argument("--python3", help="the agent's python3 (default: this interpreter's "
                        "base executable)")
    parser.add_argument("--uv", help="the agent's uv binary (default: found)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    args.scenario_list = [s for s in args.scenarios.split(",") if s]
    unknown = set(args.scenario_list) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    if min(args.runs, args.cold_runs, args.floor_runs) < 1:
        parser.error("run counts must be at least 1")
    prs = plan_speed.load_prs()
    args.pr_obj = plan_speed.find_pr(prs, args.pr) if args.pr else plan_speed.representative_pr(prs)
    if args.pr_obj is None:
        parser.error(f"--pr {args.pr}: no single PR with that sha")
    return args


def prepare(args: argparse.Namespace, root: Path) -> tuple[Setup, dict[str, Any]]:
    pipeline = args.pipeline.resolve()
    step = read_step(pipeline)
    uv = find_uv(args.uv)
    python3 = args.python3 or getattr(sys, "_base_executable", None) or sys.executable
    python3 = str(Path(python3).resolve())
    if args.spec:
        spec, origin = args.spec, "as given"
    elif args.wheel:
        spec, origin = str(args.wheel.resolve()), "wheel as given"
    else:
        log(f"building vllmci's wheel from {args.rev or 'the work tree'}")
        wheel, origin = build_wheel(args.rev, uv, root / "wheel")
        spec, origin = str(wheel), f"built from the {origin}"
    repo = build_repo(args.pr_obj, bootstrap_files(pipeline))
    setup = Setup(step, spec, repo, args.pr_obj, python3, uv, root)
    meta = {
        "platform": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "python3": python3,
        "python3_version": tool_version([python3, "--version"]),
        "uv": uv,
        "uv_version": tool_version([uv, "--version"], field=1) if uv else None,
        "pipeline": str(pipeline.relative_to(ROOT) if pipeline.is_relative_to(ROOT) else pipeline),
        "commands": list(step.commands),
        "spec": spec,
        "spec_origin": origin,
        "pr": {"sha": args.pr_obj.sha, "subject": args.pr_obj.subject,
               "changes": len(args.pr_obj.changes)},
        "targets": TARGETS,
    }
    return setup, meta


def load_average() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def run(args: argparse.Namespace, root: Path) -> tuple[dict[str, Any], list[Result]]:
    setup, meta = prepare(args, root)
    meta["load_average"] = {"start": load_average()}
    warm_home: dict[bool, Path] = {}
    results = []
    for scenario in args.scenario_list:
        if not scenario.endswith("-pip") and not setup.uv:
            results.append(Result(scenario, error="no uv found: pass --uv or pip install uv"))
            continue
        results.append(bench_scenario(setup, scenario, args.runs, args.cold_runs,
                                      args.floor_runs, warm_home))
    meta["load_average"]["end"] = load_average()
    samples = [t for r in results for t in r.floor]
    floor = (Result("floor", times=samples) if samples
             else Result("floor", error="no environment the import floor could be timed in"))
    for result in results:
        if result.floor_median and result.median is not None:
            result.ratio = result.median / result.floor_median
    return meta, [floor, *results]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="vllmci-bootstrap-bench-"))
    try:
        meta, results = run(args, root)
    except (RuntimeError, OSError, ValueError) as exc:
        log(f"bootstrap bench: could not set up the benchmark: {exc}")
        if args.json:
            print(json.dumps({"error": str(exc)}, indent=2))
        return 0
    finally:
        if args.keep:
            log(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    if args.json:
        print(json.dumps({**meta, "results": [r.to_json() for r in results]}, indent=2))
    else:
        print_report(meta, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
