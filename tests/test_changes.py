"""changes: what git (or a file list) says changed, in real temporary repositories."""

from __future__ import annotations

import io
import shutil
import sys
import threading
from pathlib import Path

import pytest
from gitrepo import GitRepo, isolate_git

from vllmci import stages
from vllmci.context import BuildContext
from vllmci.errors import DefinitionError, GitError, UsageError, VllmciError
from vllmci.gitops import Beside
from vllmci.plan import changes
from vllmci.plan.changes import ChangeSet, changes_from_git, changes_from_list, read_files_from
from vllmci.stages import Request, make_plan

BASE_FILES = {
    ".gitignore": "*.log\nbuild/\n",
    "vllm/a.py": "a\n",
    "vllm/b.py": "b\n",
    "docs/c.md": "c\n",
    "keep.txt": "k\n",
}
DESK = BuildContext()
HOSTILE_NAMES = (
    "with space.py",
    "ünïcødé/файл.py",
    "-leading-dash.py",
    "$(touch pwned).py",
    "quote\"s and 's.py",
    "new\nline.py",
    "tab\there.py",
    "back\\slash.py",
    "star*.py",
)


def pr_build(base: str = "main", **fields: object) -> BuildContext:
    return BuildContext(
        in_buildkite=True, branch="feature", pull_request=7, base_branch=base, **fields
    )


def branch_build(branch: str) -> BuildContext:
    return BuildContext(in_buildkite=True, branch=branch)


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_git(monkeypatch, tmp_path / "home")


@pytest.fixture
def origin(tmp_path: Path) -> GitRepo:
    repo = GitRepo.init(tmp_path / "origin")
    repo.commit("base", BASE_FILES)
    return repo


@pytest.fixture
def work(origin: GitRepo, tmp_path: Path) -> GitRepo:
    """A clone of `origin` on a new local branch `feature`."""
    repo = GitRepo.clone(origin, tmp_path / "work")
    repo.git("checkout", "-q", "-b", "feature")
    return repo


def assert_git_changes(found: ChangeSet, *files: str) -> None:
    assert found.fallback_reason is None
    assert found.source == "git"
    assert found.files == tuple(sorted(files))


# --- builds -------------------------------------------------------------------------


def test_pr_counts_added_modified_and_deleted_files(work: GitRepo) -> None:
    work.git("rm", "-q", "vllm/b.py")
    head = work.commit("pr", {"vllm/a.py": "changed\n", "new/d.py": "d\n"})
    found = changes_from_git(work.path, pr_build(), None)
    assert_git_changes(found, "new/d.py", "vllm/a.py", "vllm/b.py")
    assert (found.base, found.head) == (work.rev("origin/main"), head)


def test_rename_counts_old_and_new_path(work: GitRepo) -> None:
    work.git("mv", "vllm/a.py", "vllm/renamed.py")
    work.git("mv", "docs/c.md", "docs/moved.md")
    work.commit("renames", {"docs/moved.md": "c\nand an edit\n"})
    found = changes_from_git(work.path, pr_build(), None)
    assert_git_changes(found, "docs/c.md", "docs/moved.md", "vllm/a.py", "vllm/renamed.py")


def test_merging_main_into_the_pr_counts_only_the_pr_changes(
    work: GitRepo, origin: GitRepo
) -> None:
    work.commit("pr 1", {"vllm/pr.py": "pr\n"})
    origin.commit("main moves", {"vllm/main_only.py": "m\n", "vllm/a.py": "main\n"})
    work.git("fetch", "-q", "origin")
    work.merge("origin/main")
    work.commit("pr 2", {"tests/test_pr.py": "t\n"})
    found = changes_from_git(work.path, pr_build(), None)
    assert_git_changes(found, "tests/test_pr.py", "vllm/pr.py")
    assert found.base == origin.rev("main")


def test_detached_head(work: GitRepo) -> None:
    head = work.commit("pr", {"vllm/pr.py": "pr\n"})
    work.git("checkout", "-q", "--detach")
    found = changes_from_git(work.path, pr_build(), None)
    assert_git_changes(found, "vllm/pr.py")
    assert found.head == head


def test_pr_against_another_base_branch(work: GitRepo, origin: GitRepo) -> None:
    origin.git("checkout", "-q", "-b", "release")
    origin.commit("release fix", {"vllm/release_only.py": "r\n"})
    origin.git("checkout", "-q", "main")
    work.git("fetch", "-q", "origin")
    work.git("checkout", "-q", "-B", "feature", "origin/release")
    work.commit("pr", {"vllm/pr.py": "pr\n"})
    assert_git_changes(changes_from_git(work.path, pr_build("release"), None), "vllm/pr.py")
    against_main = changes_from_git(work.path, pr_build("main"), None)
    assert_git_changes(against_main, "vllm/pr.py", "vllm/release_only.py")


def test_other_branch_build_diffs_against_the_default_branch(work: GitRepo) -> None:
    work.commit("branch work", {"vllm/x.py": "x\n"})
    found = changes_from_git(work.path, branch_build("feature"), None)
    assert_git_changes(found, "vllm/x.py")


def test_default_branch_build_diffs_the_first_parent(work: GitRepo) -> None:
    work.git("checkout", "-q", "main")
    parent = work.commit("one", {"vllm/one.py": "1\n"})
    head = work.commit("two", {"vllm/two.py": "2\n"})
    found = changes_from_git(work.path, branch_build("main"), None)
    assert_git_changes(found, "vllm/two.py")
    assert (found.base, found.head) == (parent, head)


def test_default_branch_merge_commit_diffs_its_first_parent(work: GitRepo) -> None:
    work.commit("feature 1", {"vllm/f1.py": "1\n"})
    work.commit("feature 2", {"vllm/f2.py": "2\n"})
    work.git("checkout", "-q", "main")
    before = work.commit("main moves", {"vllm/m.py": "m\n"})
    work.merge("feature")
    found = changes_from_git(work.path, branch_build("main"), None)
    assert_git_changes(found, "vllm/f1.py", "vllm/f2.py")
    assert found.base == before


def test_root_commit_counts_every_file(origin: GitRepo) -> None:
    found = changes_from_git(origin.path, branch_build("main"), None)
    assert_git_changes(found, *BASE_FILES)
    assert (found.base, found.head) == (None, origin.rev("HEAD"))


def test_merge_base_commit_overrides_everything(work: GitRepo) -> None:
    first = work.commit("one", {"vllm/one.py": "1\n"})
    work.commit("two", {"vllm/two.py": "2\n"})
    on_main = BuildContext(in_buildkite=True, branch="main", merge_base_commit=first)
    for ctx in (pr_build(merge_base_commit=first), on_main):
        found = changes_from_git(work.path, ctx, None)
        assert_git_changes(found, "vllm/two.py")
        assert found.base == first


def test_unknown_merge_base_commit_falls_back(work: GitRepo) -> None:
    found = changes_from_git(work.path, pr_build(merge_base_commit="0" * 40), None)
    assert found.files == ()
    assert found.fallback_reason is not None
    assert f"MERGE_BASE_COMMIT={'0' * 40!r}" in found.fallback_reason


def test_missing_base_branch_is_fetched(work: GitRepo) -> None:
    work.commit("pr", {"vllm/pr.py": "pr\n"})
    work.git("update-ref", "-d", "refs/remotes/origin/main")
    found = changes_from_git(work.path, pr_build(), None)
    assert_git_changes(found, "vllm/pr.py")
    assert work.has_ref("refs/remotes/origin/main")


def test_unfetchable_base_branch_falls_back_in_a_build(work: GitRepo) -> None:
    work.commit("pr", {"vllm/pr.py": "pr\n"})
    found = changes_from_git(work.path, pr_build("no-such-branch"), None)
    assert found == ChangeSet(source="git", fallback_reason=found.fallback_reason)
    assert "origin/no-such-branch" in (found.fallback_reason or "")
    assert "git fetch origin no-such-branch" in (found.fallback_reason or "")


def test_unreachable_origin_falls_back_in_a_build(work: GitRepo, tmp_path: Path) -> None:
    work.git("update-ref", "-d", "refs/remotes/origin/main")
    work.git("remote", "set-url", "origin", str(tmp_path / "gone"))
    found = changes_from_git(work.path, pr_build(), None)
    assert found.files == ()
    assert "origin/main" in (found.fallback_reason or "")


# --- shallow clones -----------------------------------------------------------------


@pytest.fixture
def forked_origin(origin: GitRepo) -> GitRepo:
    """main with history; `feature` forks 3 commits back and has 3 commits of its own."""
    for n in range(3):
        origin.commit(f"main {n}", {f"vllm/main_{n}.py": f"{n}\n"})
    origin.git("checkout", "-q", "-b", "feature")
    for n in range(3):
        origin.commit(f"feature {n}", {f"vllm/feature_{n}.py": f"{n}\n"})
    origin.git("checkout", "-q", "main")
    for n in range(3):
        origin.commit(f"main later {n}", {f"vllm/later_{n}.py": f"{n}\n"})
    return origin


@pytest.mark.parametrize("branches", ["--single-branch", "--no-single-branch"])
def test_shallow_clone_is_deepened_until_the_merge_base(
    forked_origin: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, branches: str
) -> None:
    monkeypatch.setattr(changes, "_DEEPEN_STEPS", (1, 1, 1, 1, 1))
    clone = GitRepo.clone(
        forked_origin, tmp_path / "shallow", "--depth=1", branches, "-b", "feature"
    )
    assert clone.git("rev-parse", "--is-shallow-repository").strip() == "true"
    found = changes_from_git(clone.path, pr_build(), None)
    assert_git_changes(found, "vllm/feature_0.py", "vllm/feature_1.py", "vllm/feature_2.py")
    assert found.base == forked_origin.rev("main~3")


def test_shallow_clone_deepening_is_bounded(
    forked_origin: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(changes, "_DEEPEN_STEPS", (1,))
    clone = GitRepo.clone(forked_origin, tmp_path / "shallow", "--depth=1", "-b", "feature")
    found = changes_from_git(clone.path, pr_build(), None)
    assert found.files == ()
    assert "no common ancestor even after deepening" in (found.fallback_reason or "")
    assert "origin/main" in (found.fallback_reason or "")


def test_shallow_clone_that_cannot_deepen_falls_back(
    forked_origin: GitRepo, tmp_path: Path
) -> None:
    clone = GitRepo.clone(forked_origin, tmp_path / "shallow", "--depth=1", "-b", "feature")
    clone.git("fetch", "-q", "--depth=1", "origin", "+main:refs/remotes/origin/main")
    clone.git("remote", "set-url", "origin", str(tmp_path / "gone"))
    found = changes_from_git(clone.path, pr_build(), None)
    assert found.files == ()
    assert "deepening the shallow clone" in (found.fallback_reason or "")


def test_shallow_default_branch_build_fetches_the_parent(
    forked_origin: GitRepo, tmp_path: Path
) -> None:
    clone = GitRepo.clone(forked_origin, tmp_path / "shallow", "--depth=1")
    found = changes_from_git(clone.path, branch_build("main"), None)
    assert_git_changes(found, "vllm/later_2.py")


# --- a person's --diff REF ----------------------------------------------------------


def test_diff_ref_includes_staged_unstaged_and_untracked_files(work: GitRepo) -> None:
    head = work.commit("pr", {"vllm/committed.py": "c\n"})
    work.write("vllm/staged.py")
    work.git("add", "vllm/staged.py")
    work.git("mv", "vllm/b.py", "vllm/b_renamed.py")
    work.write("vllm/a.py", "unstaged edit\n")
    (work.path / "keep.txt").unlink()
    work.write("untracked/new.py")
    work.write("debug.log")
    work.write("build/out.o")
    found = changes_from_git(work.path, DESK, "origin/main")
    expected = ("keep.txt", "untracked/new.py", "vllm/a.py", "vllm/b.py",
                "vllm/b_renamed.py", "vllm/committed.py", "vllm/staged.py")  # fmt: skip
    assert_git_changes(found, *expected)
    assert (found.base, found.head) == (work.rev("origin/main"), head)


def test_diff_ref_is_the_merge_base_not_the_tip(work: GitRepo, origin: GitRepo) -> None:
    work.commit("pr", {"vllm/pr.py": "pr\n"})
    origin.commit("main moves", {"vllm/main_only.py": "m\n"})
    work.git("fetch", "-q", "origin")
    assert_git_changes(changes_from_git(work.path, DESK, "origin/main"), "vllm/pr.py")


def test_diff_ref_fetches_a_missing_origin_branch(work: GitRepo) -> None:
    work.commit("pr", {"vllm/pr.py": "pr\n"})
    work.git("update-ref", "-d", "refs/remotes/origin/main")
    assert_git_changes(changes_from_git(work.path, DESK, "origin/main"), "vllm/pr.py")


@pytest.mark.parametrize("ref", ["no-such-ref", "origin/no-such-branch", "HEAD~99", " "])
def test_bad_diff_ref_is_a_usage_error(work: GitRepo, ref: str) -> None:
    with pytest.raises(UsageError, match=r"no-such|HEAD~99|--diff") as caught:
        changes_from_git(work.path, DESK, ref)
    assert ref.strip() in str(caught.value)
    assert caught.value.exit_code == 2


def test_diff_ref_is_never_read_as_an_option(work: GitRepo, tmp_path: Path) -> None:
    target = tmp_path / "written-by-git"
    with pytest.raises(UsageError, match="--output="):
        changes_from_git(work.path, DESK, f"--output={target}")
    assert not target.exists()


def test_unrelated_diff_ref_is_a_usage_error(work: GitRepo) -> None:
    work.git("checkout", "-q", "--orphan", "unrelated")
    work.commit("elsewhere", {"other.txt": "o\n"})
    work.git("checkout", "-q", "feature")
    with pytest.raises(UsageError, match="'unrelated' and HEAD have no common ancestor"):
        changes_from_git(work.path, DESK, "unrelated")


# --- a developer's plain `plan` -----------------------------------------------------


def test_desk_plan_diffs_origin_default_branch_and_the_work_tree(work: GitRepo) -> None:
    work.commit("pr", {"vllm/pr.py": "pr\n"})
    work.write("vllm/untracked.py")
    found = changes_from_git(work.path, DESK, None)
    assert_git_changes(found, "vllm/pr.py", "vllm/untracked.py")


def test_desk_plan_without_origin_falls_back_with_a_hint(origin: GitRepo) -> None:
    found = changes_from_git(origin.path, DESK, None)
    assert found.files == ()
    reason = found.fallback_reason or ""
    assert "origin/main" in reason
    assert "--diff REF" in reason
    assert "--files" in reason


# --- not a repository, no git ------------------------------------------------------


def test_not_a_repository(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    for ctx in (pr_build(), DESK):
        found = changes_from_git(plain, ctx, None)
        assert found.files == ()
        assert f"{str(plain)!r} is not a git repository" in (found.fallback_reason or "")
    with pytest.raises(UsageError, match="is not a git repository") as caught:
        changes_from_git(plain, DESK, "origin/main")
    assert str(plain) in str(caught.value)


def test_missing_git_executable(
    work: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    found = changes_from_git(work.path, pr_build(), None)
    assert found.files == ()
    assert "cannot run git" in (found.fallback_reason or "")
    with pytest.raises(VllmciError, match="cannot run git"):
        changes_from_git(work.path, DESK, "origin/main")


# --- hostile file names -------------------------------------------------------------


def test_hostile_file_names_come_back_verbatim(work: GitRepo) -> None:
    work.commit("hostile", {name: "x\n" for name in HOSTILE_NAMES})
    assert_git_changes(changes_from_git(work.path, pr_build(), None), *HOSTILE_NAMES)
    assert not (work.path / "pwned").exists()


def test_hostile_untracked_file_names_come_back_verbatim(work: GitRepo) -> None:
    for name in HOSTILE_NAMES:
        work.write(name, "x\n")
    assert_git_changes(changes_from_git(work.path, DESK, "origin/main"), *HOSTILE_NAMES)


# --- explicit lists -----------------------------------------------------------------


def test_changes_from_list_normalises_paths() -> None:
    found = changes_from_list(["./vllm/a.py", "vllm//b.py", " docs/ ", "", "vllm/a.py"])
    assert found == ChangeSet(files=("docs", "vllm/a.py", "vllm/b.py"), source="files")


@pytest.mark.parametrize("path", ["/etc/passwd", "../outside.py", "vllm/../..", "."])
def test_changes_from_list_rejects_paths_outside_the_repository(path: str) -> None:
    with pytest.raises(UsageError) as caught:
        changes_from_list([path])
    assert repr(path) in str(caught.value)


def test_read_files_from_a_file(tmp_path: Path) -> None:
    listing = tmp_path / "changed.txt"
    listing.write_text("vllm/a.py\n\n  docs/b.md  \r\n\t\nwith space.py\n", encoding="utf-8")
    lines = read_files_from(str(listing), io.StringIO("ignored"))
    assert lines == ["vllm/a.py", "docs/b.md", "with space.py"]


def test_read_files_from_stdin() -> None:
    assert read_files_from("-", io.StringIO("a.py\n\nb/c.py")) == ["a.py", "b/c.py"]


def test_read_files_from_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(UsageError, match=r"nope\.txt"):
        read_files_from(str(missing), io.StringIO())


# --- git beside the definitions (vllmci.stages.read_alongside) ----------------------

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def spied(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Each piece of work `make_plan` ran beside its own (on a thread)."""
    ran: list[object] = []

    class Spy(stages.Beside):  # type: ignore[type-arg]
        def __init__(self, work: object) -> None:
            ran.append(work)
            super().__init__(work)  # type: ignore[arg-type]

    monkeypatch.setattr(stages, "Beside", Spy)
    return ran


def _broken_definitions(tmp_path: Path) -> Path:
    broken = tmp_path / "broken"
    shutil.copytree(MINI, broken, ignore=shutil.ignore_patterns("__pycache__"))
    (broken / "settings.py").write_text("this is not python\n")
    return broken


def test_git_runs_beside_definitions_outside_the_repository(
        work: GitRepo, spied: list[object]) -> None:
    work.commit("pr", {"vllm/lora/layers.py": "l\n"})
    work.write("vllm/untracked.py")
    beside = make_plan(Request(repo=work.path, diff="origin/main", pipelines=MINI), env={})
    assert len(spied) == 1
    after = make_plan(Request(files=("vllm/lora/layers.py", "vllm/untracked.py"),
                              pipelines=MINI), env={})
    assert beside.changes.files == after.changes.files
    assert beside.decisions == after.decisions


def test_git_runs_first_for_definitions_inside_the_repository(
        work: GitRepo, spied: list[object], monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading them writes bytecode caches into the work tree: git, run beside, could
    find them among the untracked files."""
    shutil.copytree(MINI, work.path / ".buildkite" / "vllmci",
                    ignore=shutil.ignore_patterns("__pycache__"))
    work.git("add", "-A")
    work.git("commit", "-q", "-m", "definitions")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    plan = make_plan(Request(repo=work.path, diff="origin/main"), env={})
    assert spied == []
    assert list((work.path / ".buildkite" / "vllmci").rglob("*.pyc"))  # they were written
    assert not [f for f in plan.changes.files if "__pycache__" in f]


def test_a_mistake_in_the_diff_is_reported_before_one_in_the_definitions(
        work: GitRepo, tmp_path: Path, spied: list[object]) -> None:
    broken = _broken_definitions(tmp_path)
    with pytest.raises(UsageError, match="no-such-ref"):
        make_plan(Request(repo=work.path, diff="no-such-ref", pipelines=broken), env={})
    assert len(spied) == 1
    with pytest.raises(UsageError, match="no-such-ref"):
        make_plan(Request(repo=work.path, diff="no-such-ref",
                          pipelines=tmp_path / "nowhere"), env={})
    with pytest.raises(DefinitionError, match=r"settings\.py"):
        make_plan(Request(repo=work.path, diff="origin/main", pipelines=broken), env={})


def test_work_beside_hands_back_its_value_or_its_exception() -> None:
    assert Beside(lambda: threading.current_thread()).result() is not threading.main_thread()

    def fails() -> None:
        raise GitError("git went away")

    failing = Beside(fails)
    failing.wait()  # waits, never raises
    with pytest.raises(GitError, match="git went away"):
        failing.result()
