"""`vllmci review --against REF`: the definitions at REF against the work tree, step
by step, in a real temporary git repository holding a copy of tests/fixtures/mini."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Result
from gitrepo import GitRepo, isolate_git

from vllmci.errors import USAGE_EXIT

MINI = Path(__file__).parent / "fixtures" / "mini"
Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def _git_isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_git(monkeypatch, tmp_path / "home")


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """A repository with the mini definitions under ci/ and one commit."""
    repo = GitRepo.init(tmp_path / "repo")
    shutil.copytree(MINI, repo.path / "ci", ignore=shutil.ignore_patterns("__pycache__"))
    repo.commit("definitions")
    return repo


def edit(repo: GitRepo, relpath: str, old: str, new: str) -> None:
    path = repo.path / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relpath}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def review(run_cli: Run, repo: GitRepo, *extra: str, ref: str = "HEAD") -> Result:
    result = run_cli("review", "--against", ref, "--repo", str(repo.path),
                     "--pipelines", "ci", *extra)
    assert "Traceback" not in result.err
    return result


def review_json(run_cli: Run, repo: GitRepo, ref: str = "HEAD") -> dict[str, Any]:
    result = review(run_cli, repo, "--format", "json", ref=ref)
    assert result.code == 0, result.err
    return json.loads(result.out)


def changes_of(document: dict[str, Any], key: str) -> dict[str, tuple[Any, Any]]:
    step = next(c for c in document["changed"] if c["key"] == key)
    return {c["field"]: (c["before"], c["after"]) for c in step["changes"]}


def test_nothing_changed(run_cli: Run, repo: GitRepo) -> None:
    result = review(run_cli, repo)
    assert result.code == 0, result.err
    assert "0 added, 0 removed, 0 changed, 10 unchanged" in result.out
    assert "No step was added, removed or changed." in result.out


def test_a_change_to_the_definitions_step_by_step(run_cli: Run, repo: GitRepo) -> None:
    edit(repo, "ci/areas/lora.py", "parallelism=4", "parallelism=8")
    edit(repo, "ci/areas/lora.py", "timeout=85", "timeout=90")
    edit(repo, "ci/areas/kernels.py", 'label="Kernels helper",',
         'label="Kernels helper", device="h100", optional=True,')
    edit(repo, "ci/areas/kernels.py", '"pytest -v -s kernels/core"',
         '"pytest -v -s kernels/core -x"')
    edit(repo, "ci/areas/kernels.py", 'depends_on=["image-build", "kernels-helper"]',
         'depends_on=["image-build"]')
    edit(repo, "ci/areas/kernels.py", 'key="kernels-manual", label="Kernels manual",',
         'key="kernels-new", label="Kernels new", paths=["tests/kernels/new"],')
    edit(repo, "ci/settings.py", '"docker/Dockerfile"]', '"docker/Dockerfile", "cmake/"]')

    document = review_json(run_cli, repo)
    assert [s["key"] for s in document["added"]] == ["kernels-new"]
    assert document["added"][0]["file"] == "ci/areas/kernels.py"
    assert [s["key"] for s in document["removed"]] == ["kernels-manual"]
    assert changes_of(document, "lora") == {"parallelism": (4, 8)}
    assert changes_of(document, "amd-lora") == {"parallelism": (4, 8), "timeout": (85, 90)}
    helper = changes_of(document, "kernels-helper")
    assert helper["device"] == ("l4", "h100")
    assert helper["queue"] == ("gpu_1_queue", "h100_queue")
    assert helper["optional"] == (False, True)
    assert changes_of(document, "kernels-core") == {
        "commands": (["pytest -v -s kernels/core"], ["pytest -v -s kernels/core -x"])}
    assert changes_of(document, "kernels-slow") == {
        "depends_on": (["image-build", "kernels-helper"], ["image-build"])}
    assert document["run_all"] == [{"field": "patterns",
                                    "before": ["setup.py", "csrc/", "docker/Dockerfile"],
                                    "after": ["setup.py", "csrc/", "docker/Dockerfile",
                                              "cmake/"]}]

    text = review(run_cli, repo).out
    assert "1 added, 1 removed, 5 changed" in text
    for line in ["  + kernels-new  (test / Kernels, queue gpu_1_queue, ci/areas/kernels.py:",
                 "  - kernels-manual  (test / Kernels, queue gpu_1_queue, ci/areas/kernels.py:",
                 "  ~ lora  (ci/areas/lora.py:", "      parallelism (shards): 4 -> 8",
                 "      queue: gpu_1_queue -> h100_queue", "      optional: false -> true",
                 "        - pytest -v -s kernels/core", "        + pytest -v -s kernels/core -x",
                 "      depends_on:", "        - kernels-helper",
                 "Run-all rule:", "      run-all patterns:", "        + cmake/"]:
        assert line in text, line


def test_committed_changes_count_too(run_cli: Run, repo: GitRepo) -> None:
    first = repo.rev("HEAD")
    edit(repo, "ci/areas/lora.py", "timeout=40", "timeout=45")
    repo.commit("longer LoRA timeout")
    document = review_json(run_cli, repo, ref=first)
    assert changes_of(document, "lora") == {"timeout": (40, 45)}
    assert document["commit"] == first
    assert review_json(run_cli, repo)["changed"] == []


def test_moving_a_step_to_another_file_changes_nothing(run_cli: Run, repo: GitRepo) -> None:
    text = (repo.path / "ci/areas/build.py").read_text()
    (repo.path / "ci/areas/build.py").unlink()
    (repo.path / "ci/areas/images.py").write_text(text)
    document = review_json(run_cli, repo)
    assert document["added"] == document["removed"] == document["changed"] == []


BAD = [
    ("unknown-ref", {}, "no-such-ref", "--against no-such-ref: no such commit"),
    ("absent-at-ref", {"move": True}, "HEAD", "does not exist at"),
    ("broken-at-ref", {"break": True}, "HEAD~1", "do not load"),
]


@pytest.mark.parametrize(("setup", "ref", "message"), [b[1:] for b in BAD],
                         ids=[b[0] for b in BAD])
def test_usage_errors(run_cli: Run, repo: GitRepo, setup: dict[str, bool], ref: str,
                      message: str) -> None:
    if setup.get("move"):  # the definitions are new in the work tree
        shutil.move(repo.path / "ci", repo.path / "ci2")
        result = run_cli("review", "--against", ref, "--repo", str(repo.path),
                         "--pipelines", "ci2")
    else:
        if setup.get("break"):
            edit(repo, "ci/areas/lora.py", "parallelism=4", "parallelism=0")
            repo.commit("broken")
            edit(repo, "ci/areas/lora.py", "parallelism=0", "parallelism=4")
            repo.commit("fixed")
        result = review(run_cli, repo, ref=ref)
    assert result.code == USAGE_EXIT
    assert message in result.err
    assert "Traceback" not in result.err


def test_definitions_outside_git_are_a_usage_error(run_cli: Run, tmp_path: Path) -> None:
    defs = tmp_path / "defs"
    shutil.copytree(MINI, defs)
    result = run_cli("review", "--against", "HEAD", "--pipelines", str(defs))
    assert result.code == USAGE_EXIT
    assert "not inside a git repository" in result.err


RELEASE = '''from vllmci.define import Gate, Group, Step

RELEASE = Group(name="Release", pipeline="release", steps=[
    Gate(key="gate-publish", label="Publish the release?"),
    Step(key="publish", label="Publish", device="cpu", always_run=True,
         depends_on=["gate-publish"], commands=["echo publish"]),
])
'''


def test_gates_are_compared_too(run_cli: Run, repo: GitRepo) -> None:
    repo.commit("a release pipeline", {"ci/areas/release.py": RELEASE})
    edit(repo, "ci/areas/release.py", 'label="Publish the release?"',
         'label="Publish it?", skip_in=["nightly"]')
    document = review_json(run_cli, repo)
    assert changes_of(document, "gate-publish") == {
        "label": ("Publish the release?", "Publish it?"), "skip_in": ([], ["nightly"])}


def test_renamed_gate(run_cli: Run, repo: GitRepo) -> None:
    # (a new test: one process loads a work tree's definitions once)
    repo.commit("a release pipeline", {"ci/areas/release.py": RELEASE})
    edit(repo, "ci/areas/release.py", 'Gate(key="gate-publish"', 'Gate(key="gate-go"')
    edit(repo, "ci/areas/release.py", 'depends_on=["gate-publish"]', 'depends_on=["gate-go"]')
    text = review(run_cli, repo).out
    assert "  + gate-go  (release / Release, block step, ci/areas/release.py:4)" in text
    assert "  - gate-publish  (release / Release, block step, ci/areas/release.py:4)" in text
