"""Stage 2, the build context: what Buildkite and vLLM's knobs say about this build."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from vllmci.errors import UsageError
from vllmci.values import frozen

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


def _flag(env: Mapping[str, str], name: str) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise UsageError(f"{name}={env[name]!r} is not a boolean: use 1 or 0")


def _pull_request(env: Mapping[str, str]) -> int | None:
    raw = env.get("BUILDKITE_PULL_REQUEST", "").strip()
    if raw in ("", "false"):
        return None
    if raw.isascii() and raw.isdigit():  # not '²' or '１２': str.isdigit says yes to those
        return int(raw)
    raise UsageError(
        f"BUILDKITE_PULL_REQUEST={raw!r} is neither 'false' nor a pull request number"
    )


ONLY_KEYS_EXAMPLE = '["lora", "pre-commit"]'
"""Keys of vLLM's definitions (a test checks they exist)."""


def _only_keys(env: Mapping[str, str]) -> tuple[str, ...]:
    raw = env.get("VLLM_CI_ONLY_STEP_KEYS", "").strip()
    if not raw:
        return ()
    try:
        value = json.loads(raw)
    except RecursionError:  # absurdly deep nesting: not a list of keys either
        raise UsageError(f"VLLM_CI_ONLY_STEP_KEYS={raw[:80]!r}... is nested too deeply: "
                         "use a JSON list of step keys") from None
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"VLLM_CI_ONLY_STEP_KEYS={raw!r} is not JSON ({exc.msg}): "
            f"use a list of step keys, e.g. {ONLY_KEYS_EXAMPLE}"
        ) from None
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        raise UsageError(
            f"VLLM_CI_ONLY_STEP_KEYS={raw!r} must be a JSON list of step keys (strings), "
            f"e.g. {ONLY_KEYS_EXAMPLE}"
        )
    return tuple(dict.fromkeys(k.strip() for k in value if k.strip()))


LABELS_VARIABLE = "VLLM_CI_PR_LABELS"


def _labels(env: Mapping[str, str]) -> tuple[str, ...] | None:
    """The pull request's labels from `VLLM_CI_PR_LABELS` (comma-separated, set by a
    Buildkite plugin or hook); None when it is not set (they are looked up)."""
    if LABELS_VARIABLE not in env:
        return None
    return tuple(dict.fromkeys(x.strip() for x in env[LABELS_VARIABLE].split(",") if x.strip()))


def _fork(env: Mapping[str, str]) -> bool:
    pr_repo = env.get("BUILDKITE_PULL_REQUEST_REPO", "").strip()
    repo = env.get("BUILDKITE_REPO", "").strip()
    return bool(pr_repo and repo and _normal_repo(pr_repo) != _normal_repo(repo))


def _normal_repo(url: str) -> str:
    url = re.sub(r"^(git@|https?://|git://|ssh://git@)", "", url.lower())
    return url.replace(":", "/").removesuffix(".git").rstrip("/")


def as_tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    """`tuple` as a converter: a Python function, whose signature attrs reads without
    parsing (tokenizing) a builtin's text signature. The definition language uses it
    too (`vllmci.define.fields`)."""
    return tuple(items)


@frozen
class BuildContext:
    """Everything selection needs to know about the build, read once."""

    in_buildkite: bool = False
    branch: str = ""
    commit: str = ""
    tag: str = ""
    message: str = ""
    build_id: str = ""
    pull_request: int | None = None
    base_branch: str = ""
    default_branch: str = "main"
    fork: bool = False
    merge_base_commit: str = ""
    run_all: bool = False
    nightly: bool = False
    noauto: bool = False
    torch_nightly: bool = False
    docs_only_disable: bool = False
    skip_timeout: bool = False
    only_keys: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)
    labels: tuple[str, ...] | None = None
    """The pull request's labels; None until known (`vllmci.plan.labels` reads them)."""
    labels_problem: str = ""
    """Why the labels could not be read (the plan proceeds without them)."""
    env: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=as_tuple, repr=False)
    planned_as: str = ""
    """Outside Buildkite: the build a local plan stands for (`as_build`); "" in a build."""

    def getenv(self, name: str, default: str = "") -> str:
        """Any other variable of the build's environment (for `Settings` hooks)."""
        return dict(self.env).get(name, default)

    @property
    def is_pr(self) -> bool:
        return self.pull_request is not None

    @property
    def on_default_branch(self) -> bool:
        return not self.is_pr and self.branch == self.default_branch

    @property
    def build_kinds(self) -> frozenset[str]:
        """The kinds a step's `only_in` may name: pr, branch, default_branch, tag, nightly."""
        kinds = {"pr"} if self.is_pr else {"branch"}
        if self.on_default_branch:
            kinds.add("default_branch")
        if self.tag:
            kinds.add("tag")
        if self.nightly:
            kinds.add("nightly")
        return frozenset(kinds)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> BuildContext:
        return cls(
            in_buildkite=env.get("BUILDKITE", "").lower() == "true",
            branch=env.get("BUILDKITE_BRANCH", "").strip(),
            commit=env.get("BUILDKITE_COMMIT", "").strip(),
            tag=env.get("BUILDKITE_TAG", "").strip(),
            message=env.get("BUILDKITE_MESSAGE", ""),
            build_id=env.get("BUILDKITE_BUILD_ID", "").strip(),
            pull_request=_pull_request(env),
            base_branch=env.get("BUILDKITE_PULL_REQUEST_BASE_BRANCH", "").strip(),
            default_branch=env.get("BUILDKITE_PIPELINE_DEFAULT_BRANCH", "").strip()
            or "main",
            fork=_fork(env),
            merge_base_commit=env.get("MERGE_BASE_COMMIT", "").strip(),
            run_all=_flag(env, "RUN_ALL"),
            nightly=_flag(env, "NIGHTLY"),
            noauto=_flag(env, "NOAUTO"),
            torch_nightly=_flag(env, "TORCH_NIGHTLY"),
            docs_only_disable=_flag(env, "DOCS_ONLY_DISABLE"),
            skip_timeout=_flag(env, "SKIP_TIMEOUT"),
            only_keys=_only_keys(env),
            labels=_labels(env),
            env=tuple(sorted(env.items())),
        )


LOCAL_BUILDS = ("pr", "branch", "main", "nightly")
"""What `plan --build` may plan a change as."""


def describes_a_build(env: Mapping[str, str]) -> bool:
    """Whether the environment says what build this is (else a local plan picks one)."""
    return env.get("BUILDKITE", "").lower() == "true" or any(
        env.get(name, "").strip() for name in ("BUILDKITE_PULL_REQUEST", "BUILDKITE_BRANCH"))


def as_build(ctx: BuildContext, build: str) -> BuildContext:
    """`ctx` as a build of kind `build` (`LOCAL_BUILDS`): a pull request into the
    default branch (the one about to be opened), a branch, the default branch, or
    a nightly build of it."""
    if build not in LOCAL_BUILDS:
        raise UsageError(f"--build {build}: use one of {', '.join(LOCAL_BUILDS)}")
    main = ctx.default_branch
    if build == "pr":
        return attrs.evolve(ctx, pull_request=ctx.pull_request or 0, planned_as=build,
                            base_branch=ctx.base_branch or main)
    branch = main if build in ("main", "nightly") else (
        ctx.branch if ctx.branch != main else "")
    return attrs.evolve(ctx, pull_request=None, branch=branch, planned_as=build,
                        nightly=ctx.nightly or build == "nightly")
