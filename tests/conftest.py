"""Shared fixtures: no test may reach a real `buildkite-agent` or inherit a build's env.

`stand_in_agent` puts a recording fake `buildkite-agent` first on PATH; it can be
told to fail or hang on `pipeline upload`, `annotate` or `meta-data <verb>`, on
every call or the Nth. `meta-data set/get/exists` work against a JSON store (one
build's meta-data); `like_buildkite()` also makes it refuse an upload that reuses
a step key an earlier accepted upload defined, as Buildkite does within a build.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

AGENT = "buildkite-agent"
KNOBS = ("BUILDKITE", "RUN_ALL", "NIGHTLY", "NOAUTO", "TORCH_NIGHTLY", "VLLM_CI_ONLY_STEP_KEYS",
         "DOCS_ONLY_DISABLE", "SKIP_TIMEOUT", "MERGE_BASE_COMMIT", "VLLM_CI_PR_LABELS",
         "GITHUB_TOKEN", "VLLMCI_DURATIONS")
PIPELINE_UPLOAD = "pipeline upload"
ANNOTATE = "annotate"


def _partial_run(config: pytest.Config) -> str:
    """Why this run does not run every test (then no snapshot may be called unused)."""
    option = config.getoption
    for name, why in (("collectonly", "--collect-only"), ("keyword", "-k"),
                      ("markexpr", "-m"), ("lf", "--lf"), ("deselect", "--deselect")):
        if option(name, default=None):
            return why
    if any("::" in arg for arg in config.args):
        return "a test named on the command line"
    return ""


MEMORY_TMP = Path("/dev/shm")
MEMORY_TMP_FREE = 1 << 30
"""The tests write ~10,000 files (git repositories, copies of definitions), which
pytest deletes again: on a memory file system both are several times faster."""


def _temporary_in_memory(config: pytest.Config) -> None:
    """Without `--basetemp`, the run's temporary directories go to a fresh directory
    in memory (`/dev/shm`, with 1 GB free), removed when the run ends; pass
    `--basetemp DIR` to keep them. xdist's workers get their part of it."""
    if config.option.basetemp or hasattr(config, "workerinput"):
        return
    try:
        usage = os.statvfs(MEMORY_TMP)
        if usage.f_bavail * usage.f_frsize < MEMORY_TMP_FREE or not os.access(
                MEMORY_TMP, os.W_OK):
            return
    except OSError:
        return
    chosen = tempfile.mkdtemp(prefix="vllmci-pytest-", dir=MEMORY_TMP)
    config.option.basetemp = chosen
    config.add_cleanup(lambda: shutil.rmtree(chosen, ignore_errors=True))


def pytest_configure(config: pytest.Config) -> None:
    """Temporary directories in memory (`_temporary_in_memory`); and `pytest
    --snapshot-update` deletes unused snapshots only when every test runs: a run of
    some tests (or none, `--collect-only`) would call the rest unused."""
    _temporary_in_memory(config)
    why = _partial_run(config)
    if not why:
        return
    if config.getoption("collectonly", default=False):
        config.option.disable_unused_snapshots = True
    if config.getoption("update_snapshots", default=False):
        config.option.no_cleanup = True
        print(f"vllmci tests: {why}: --snapshot-update keeps unused snapshots "
              "(run the whole suite to remove them)", file=sys.stderr)


@pytest.fixture(autouse=True)
def clean_build_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget the Buildkite variables and vLLM knobs of whatever shell runs the tests.
    A pull request's labels are never looked up on GitHub: the API is a closed local
    port unless a test serves one (`VLLMCI_GITHUB_API`)."""
    for name in list(os.environ):
        if name in KNOBS or name.startswith("BUILDKITE_"):
            monkeypatch.delenv(name)
    monkeypatch.delenv("COLUMNS", raising=False)  # text reports: 100 columns off a terminal
    monkeypatch.setenv("VLLMCI_GITHUB_API", "http://127.0.0.1:9")  # a CLI in a subprocess
    monkeypatch.setattr("vllmci.plan.labels.DEFAULT_API", "http://127.0.0.1:9")  # an env dict


@pytest.fixture(scope="session")
def path_mirrors(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where PATH directories that hold a `buildkite-agent` are mirrored without it."""
    return tmp_path_factory.mktemp("path-mirrors")


def sanitized_path(original: str, mirrors: Path) -> str:
    """`original` with each directory holding a `buildkite-agent` replaced by a mirror
    of everything else in it (so git, python and sh stay reachable)."""
    parts = [d for d in original.split(os.pathsep) if d]
    return os.pathsep.join(
        str(_mirror_without_agent(Path(d), mirrors)) if (Path(d) / AGENT).exists() else d
        for d in parts)


def _mirror_without_agent(directory: Path, mirrors: Path) -> Path:
    mirror = mirrors / hashlib.sha1(str(directory).encode()).hexdigest()[:16]
    if not mirror.exists():
        mirror.mkdir()
        for entry in directory.iterdir():
            if entry.name != AGENT:
                (mirror / entry.name).symlink_to(entry)
    return mirror


@pytest.fixture(autouse=True)
def no_real_agent(monkeypatch: pytest.MonkeyPatch, path_mirrors: Path) -> None:
    """No test can upload for real: no PATH directory holds a `buildkite-agent`."""
    monkeypatch.setenv("PATH", sanitized_path(os.environ.get("PATH", ""), path_mirrors))
    assert shutil.which(AGENT) is None, "a real buildkite-agent is still reachable"


@attrs.frozen
class Call:
    """One invocation of the stand-in agent."""

    argv: tuple[str, ...] = attrs.field(converter=tuple)
    stdin: str
    command: str
    number: int
    outcome: str

    def document(self) -> object:
        """What was piped in, parsed as JSON."""
        return json.loads(self.stdin)


SCRIPT = '''#!{python} -SE
"""A stand-in buildkite-agent for vllmci's tests: records every call, then obeys rules."""
import json, sys, time

LOG, RULES, BUILD = {log!r}, {rules!r}, {build!r}
argv = sys.argv[1:]
two_words = argv[:2] == ["pipeline", "upload"] or argv[:1] == ["meta-data"]
command = " ".join(argv[:2]) if two_words else (argv[:1] or [""])[0]
stdin = sys.stdin.read()
try:
    with open(LOG, encoding="utf-8") as f:
        number = 1 + sum(json.loads(line)["command"] == command for line in f)
except FileNotFoundError:
    number = 1
with open(RULES, encoding="utf-8") as f:
    rules = json.load(f)
rule = next((r for r in rules if r["command"] == command and r["nth"] in (None, number)), None)


def keys_of(steps):
    for step in steps if isinstance(steps, list) else []:
        if isinstance(step, dict):
            if isinstance(step.get("key"), str):
                yield step["key"]
            yield from keys_of(step.get("steps"))


def obey():
    """Do what the real agent would: (exit status, stdout, stderr)."""
    with open(BUILD, encoding="utf-8") as f:
        build = json.load(f)
    meta, args = build["meta"], argv[2:]
    if command == "meta-data set":
        meta[args[0]] = args[1] if len(args) > 1 else stdin
    elif command == "meta-data get":
        if args[0] not in meta:
            return 1, "", "fatal: meta-data key not found"
        return 0, meta[args[0]], ""
    elif command == "meta-data exists":
        return (0 if args[0] in meta else 100), "", ""
    elif command == "pipeline upload" and build["strict_keys"]:
        keys = list(keys_of(json.loads(stdin).get("steps")))
        used = [k for k in keys if k in build["keys"]]
        if used:
            return 1, "", "fatal: step key(s) already used in this build: " + ", ".join(used)
        build["keys"].extend(keys)
    else:
        return 0, "", ""
    with open(BUILD, "w", encoding="utf-8") as f:
        json.dump(build, f)
    return 0, "", ""


if rule is None:
    status, out, err = obey()
    outcome = "ok" if status == 0 else f"exit {{status}}"
else:
    outcome = "hang" if rule["hang"] else "fail"
entry = dict(argv=argv, stdin=stdin, command=command, number=number, outcome=outcome)
with open(LOG, "a", encoding="utf-8") as f:
    f.write(json.dumps(entry, ensure_ascii=False) + "\\n")
if rule is None:
    sys.stdout.write(out)
    sys.stderr.write(err)
    sys.exit(status)
time.sleep(rule["hang"])
sys.stderr.write(rule["stderr"])
sys.exit(rule["exit"])
'''


class StandInAgent:
    """A fake `buildkite-agent` on PATH that records calls to a JSON-lines log."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.log = directory / "calls.jsonl"
        self.rules = directory / "rules.json"
        self.build = directory / "build.json"
        self.path = directory / AGENT
        self.rules.write_text("[]")
        self.build.write_text(json.dumps({"meta": {}, "keys": [], "strict_keys": False}))
        self.path.write_text(SCRIPT.format(python=sys.executable, log=str(self.log),
                                           rules=str(self.rules), build=str(self.build)),
                             encoding="utf-8")
        self.path.chmod(self.path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)

    def _add_rule(self, command: str, *, nth: int | None, status: int, stderr: str,
                  hang: float) -> None:
        rules = json.loads(self.rules.read_text())
        rules.append({"command": command, "nth": nth, "exit": status, "stderr": stderr,
                      "hang": hang})
        self.rules.write_text(json.dumps(rules))

    def fail(self, command: str = PIPELINE_UPLOAD, *, nth: int | None = None, status: int = 1,
             stderr: str = "fatal: stand-in failure") -> None:
        """Make `command` (or only its Nth call, 1-based) exit with `status` and `stderr`."""
        self._add_rule(command, nth=nth, status=status, stderr=stderr, hang=0)

    def hang(self, command: str = PIPELINE_UPLOAD, *, nth: int | None = None,
             seconds: float = 60) -> None:
        """Make `command` (or only its Nth call) sleep `seconds` (then fail)."""
        self._add_rule(command, nth=nth, status=1, stderr="woke up", hang=seconds)

    def calls(self, command: str | None = None) -> list[Call]:
        """Every recorded call in order, or only those of `command`."""
        if not self.log.exists():
            return []
        lines = self.log.read_text(encoding="utf-8").splitlines()
        found = [Call(**json.loads(line)) for line in lines]
        return [c for c in found if command is None or c.command == command]

    def uploads(self) -> list[str]:
        """The documents the agent accepted (`pipeline upload` that exited 0), in order."""
        return [c.stdin for c in self.calls(PIPELINE_UPLOAD) if c.outcome == "ok"]

    def annotations(self) -> list[Call]:
        return self.calls(ANNOTATE)

    def like_buildkite(self) -> None:
        """Refuse an upload reusing a step key of an earlier accepted upload (one build)."""
        build = json.loads(self.build.read_text())
        self.build.write_text(json.dumps({**build, "strict_keys": True}))

    def meta_data(self) -> dict[str, str]:
        """The build's meta-data as `meta-data set` left it."""
        return dict(json.loads(self.build.read_text())["meta"])

    def set_meta_data(self, key: str, value: str) -> None:
        build = json.loads(self.build.read_text())
        self.build.write_text(json.dumps({**build, "meta": {**build["meta"], key: value}}))


@pytest.fixture
def stand_in_agent(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> StandInAgent:
    """A recording `buildkite-agent` first on PATH."""
    agent = StandInAgent(tmp_path_factory.mktemp("agent"))
    monkeypatch.setenv("PATH", f"{agent.directory}{os.pathsep}{os.environ['PATH']}")
    assert shutil.which(AGENT) == str(agent.path)
    return agent


@attrs.frozen
class Result:
    """What one in-process run of the command line did."""

    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str],
            monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """`run_cli(*argv, stdin=None)`: `vllmci.cli.main(argv)` with its output captured."""

    from vllmci.cli import main

    def run(*argv: str, stdin: str | None = None) -> Result:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        code = main(list(argv))
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run
