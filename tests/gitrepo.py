"""Real temporary git repositories for tests, driven through the `git` CLI.

`isolate_git` makes git ignore the user's and the system's configuration and
fixes the identity, so tests behave the same on every machine.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

NAME = "vllmci tests"
EMAIL = "tests@vllmci.invalid"
_IDENTITY = ("-c", f"user.name={NAME}", "-c", f"user.email={EMAIL}")
_LEAKY_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_CEILING_DIRECTORIES",
)


def isolate_git(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """No global or system git config, a fixed identity, HOME in `home`."""
    home.mkdir(parents=True, exist_ok=True)
    for name in _LEAKY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", NAME)
        monkeypatch.setenv(f"GIT_{role}_EMAIL", EMAIL)


NO_TEMPLATE = ("--template=",)
"""No sample hooks and info files: a dozen files fewer per repository, which pytest
deletes again (on this project's disks, a thousand files cost half a second)."""


class GitRepo:
    """A work tree plus the `git` commands tests need to shape its history."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def init(cls, path: Path, branch: str = "main") -> GitRepo:
        path.mkdir(parents=True, exist_ok=True)
        repo = cls(path)
        repo.git("-c", f"init.defaultBranch={branch}", "init", "-q", *NO_TEMPLATE)
        return repo

    @classmethod
    def clone(cls, origin: GitRepo, path: Path, *flags: str) -> GitRepo:
        """Clone `origin` over file:// (so that --depth works) into `path`."""
        args = ("clone", "-q", *NO_TEMPLATE, *flags, "--", origin.url, str(path))
        _run(path.parent, "-c", "protocol.file.allow=always", *args)
        return cls(path)

    @property
    def url(self) -> str:
        return self.path.resolve().as_uri()

    def git(self, *args: str) -> str:
        return _run(self.path, *args)

    def write(self, relpath: str, text: str = "content\n") -> None:
        target = self.path / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str, files: dict[str, str] | None = None) -> str:
        """Write `files` (path -> text), stage everything and commit: the new sha."""
        for relpath, text in (files or {}).items():
            self.write(relpath, text)
        self.git("add", "-A")
        self.git(*_IDENTITY, "commit", "-q", "--allow-empty", "-m", message)
        return self.rev("HEAD")

    def merge(self, ref: str, message: str = "merge") -> str:
        self.git(*_IDENTITY, "merge", "-q", "--no-ff", "--no-edit", "-m", message, ref)
        return self.rev("HEAD")

    def rev(self, ref: str) -> str:
        return self.git("rev-parse", "--verify", "--end-of-options", ref).strip()

    def has_ref(self, ref: str) -> bool:
        probe = ["git", "show-ref", "--verify", "--quiet", ref]
        return subprocess.run(probe, cwd=self.path, check=False).returncode == 0


def _run(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout
