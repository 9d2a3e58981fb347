"""The definition language: what a CI maintainer writes in `pipelines/`.

One readable constructor call per step. Every object is a frozen attrs value;
mistakes raise `DefinitionError` naming the file, line, step key and field as
soon as the module is imported. Gates and inputs (steps that wait for a
person) live in `vllmci.define.step.gates`, plugins and matrices in
`vllmci.define.step.parts`; all are importable from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal, Protocol

import attrs

from vllmci.context import BuildContext
from vllmci.define.fields import (
    BUILD_KINDS,
    BuildKind,
    _all_strings,
    _build_kinds,
    _Checked,
    _FieldProblem,
    _frozen_env,
    _items,
    _named,
    _non_empty,
    _optional_strings,
    _optional_tuple,
    _positive,
    _regexes,
    _soft_fail,
    _strings,
)
from vllmci.define.gates import Gate, Input, TextField
from vllmci.define.origin import Origin, caller_origin
from vllmci.define.parts import ByTime, Matrix, Plugin, _matrix, _matrix_values
from vllmci.define.typecheck import problem
from vllmci.values import frozen

ExitStatus = int | Literal["*"]

__all__ = ["BUILD_KINDS", "AmdMirror", "AutoRetry", "BuildKind", "ByTime", "Gate", "Group",
           "Input", "MirrorPolicy", "Plugin", "RunAll", "Settings", "Step", "TextField"]


@frozen
class AutoRetry:
    """Retry a job automatically when it exits with `exit_status` (or `signal_reason`).

    Positional (`AutoRetry(-1, 2)`) as well as keyword construction; a mistake
    names the step the rule is written in."""

    exit_status: ExitStatus | None = None
    limit: int = 1
    signal_reason: str | None = None

    def __attrs_post_init__(self) -> None:
        given = {a.name: getattr(self, a.name) for a in attrs.fields(AutoRetry)}
        found = problem(AutoRetry, self, given)
        if found is None and self.limit < 1:
            found = "limit", f"must be a whole number >= 1, got {self.limit!r}"
        if found is None and self.exit_status is None and self.signal_reason is None:
            found = "exit_status", "an automatic retry needs exit_status or signal_reason"
        if found is not None:
            raise _RetryRule._error(caller_origin(), given, *found)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.exit_status is not None:
            out["exit_status"] = self.exit_status
        if self.signal_reason is not None:
            out["signal_reason"] = self.signal_reason
        out["limit"] = self.limit
        return out


class _RetryRule(_Checked):
    """How an `AutoRetry` mistake is named: the step it is written in, "automatic retry"."""

    _what = "automatic retry"
    _inside = "Step"
    _call = "AutoRetry"


LOST_AGENT: tuple[AutoRetry, ...] = (AutoRetry(-1, 2), AutoRetry(-10, 2))
"""Retry twice when the agent was lost (exit status -1 or -10)."""


@frozen(init=False)
class AmdMirror(_Checked):
    """Also run the step on AMD hardware as `amd-<key>`.

    `paths` are added in front of the parent's entries; `commands` and
    `working_dir` replace the parent's when given; `depends_on` replaces the
    parent's. The definitions' `MirrorPolicy` adds the shared settings.

    There is no `parallelism`: a mirror runs as many shards as its step, as
    vLLM's generator does (it ignores `mirror.amd.parallelism`); `vllmci check`
    warns when a sharded step's mirror runs commands that never read
    `$BUILDKITE_PARALLEL_JOB` (each shard would run everything).
    """

    _what = "AMD mirror"
    _inside = "Step"
    _unknown_hints: ClassVar[dict[str, str]] = dict.fromkeys(
        ("parallelism", "parallel"),
        " (a mirror runs as many shards as its step: set `parallelism` on the step)")
    device: str = attrs.field(validator=_named(attrs.validators.instance_of(str)))
    label: str | None = None
    timeout: int | None = attrs.field(default=None, validator=_named(_positive))
    paths: tuple[str, ...] | None = attrs.field(
        default=None, converter=_optional_strings, validator=_named(_all_strings))
    commands: tuple[str, ...] | None = attrs.field(
        default=None, converter=_optional_strings)
    depends_on: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    working_dir: str | None = None
    num_devices: int | None = attrs.field(default=None, validator=_named(_positive))
    dind: bool = True
    no_plugin: bool = False
    optional: bool | None = None
    soft_fail: bool | None = None
    env: tuple[tuple[str, str], ...] = attrs.field(default=None, converter=_frozen_env)
    origin: Origin = attrs.field(factory=Origin, eq=False, repr=False)


@frozen(init=False)
class Step(_Checked):
    """One test step: a Buildkite command step when selected, else a block."""

    _what = "step"
    _kind = "step"
    key: str = attrs.field(validator=_named(attrs.validators.instance_of(str)))
    label: str = attrs.field(validator=_named(attrs.validators.instance_of(str)))
    commands: tuple[str, ...] = attrs.field(converter=_strings, validator=_named(_non_empty))
    paths: tuple[str, ...] | None = attrs.field(
        default=None, converter=_optional_strings, validator=_named(_all_strings))
    device: str | None = None
    num_devices: int = attrs.field(default=1, validator=_named(_positive))
    num_nodes: int = attrs.field(default=1, validator=_named(_positive))
    parallelism: int = attrs.field(default=1, validator=_named(_positive))
    shards: ByTime | None = attrs.field(default=None)
    """Shards sized by time; `parallelism` is then the count without a measurement."""
    timeout: int | None = attrs.field(default=None, validator=_named(_positive))
    working_dir: str | None = None
    optional: bool = False
    soft_fail: bool | tuple[int, ...] = attrs.field(default=False, converter=_soft_fail)
    retry: tuple[AutoRetry, ...] = attrs.field(default=(), converter=_items)
    env: tuple[tuple[str, str], ...] = attrs.field(default=None, converter=_frozen_env)
    depends_on: tuple[str, ...] | None = attrs.field(default=None, converter=_optional_strings)
    agents: tuple[tuple[str, str], ...] = attrs.field(default=None, converter=_frozen_env)
    concurrency: int | None = attrs.field(default=None, validator=_named(_positive))
    concurrency_group: str | None = None
    priority: int | None = None
    no_plugin: bool = False
    mount_buildkite_agent: bool = False
    dind: bool = True
    artifact_paths: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    always_run: bool = False
    force_paths: tuple[str, ...] = attrs.field(
        default=(), converter=_strings, validator=_named(_all_strings))
    only_in: tuple[BuildKind, ...] = attrs.field(
        default=(), converter=_strings, validator=_named(_build_kinds))
    amd: AmdMirror | None = None
    skip_in: tuple[BuildKind, ...] = attrs.field(
        default=(), converter=_strings, validator=_named(_build_kinds))
    publishes: bool = False
    matrix: Matrix | None = attrs.field(default=None, converter=_matrix,
                                        validator=_named(_matrix_values))
    plugins: tuple[Plugin, ...] = attrs.field(default=(), converter=_items)
    allow_dependency_failure: bool = False
    allow_failure_of: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    tags: tuple[str, ...] = attrs.field(
        default=(), converter=_strings, validator=_named(_all_strings))
    """Selector tags (vLLM's AMD `mirror_hardwares`): in a pipeline whose settings
    name a `tag`, a step with tags runs only when it carries that tag."""
    origin: Origin = attrs.field(factory=Origin, eq=False, repr=False)

    @property
    def env_dict(self) -> dict[str, str]:
        return dict(self.env)

    @property
    def nightly_only(self) -> bool:
        """Runs in nightly builds alone (`only_in=("nightly",)`)."""
        return bool(self.only_in) and set(self.only_in) <= {"nightly"}

    @shards.validator
    def _fallback_in_range(self, attribute: attrs.Attribute, value: ByTime | None) -> None:
        if isinstance(value, ByTime) and not value.min <= self.parallelism <= value.max:
            raise _FieldProblem("shards", f"parallelism={self.parallelism} (the count without "
                                f"a measurement) is outside min={value.min}..max={value.max}")

    @plugins.validator
    def _only_plugins(self, attribute: attrs.Attribute, value: tuple) -> None:
        for item in value:
            if not isinstance(item, Plugin):
                raise _FieldProblem("plugins", f"must hold Plugin objects, got "
                                    f"{type(item).__name__}")


GroupItem = Step | Gate | Input


@frozen(init=False)
class Group(_Checked):
    """A named set of steps shown together; steps inherit `depends_on` and `working_dir`.

    `steps` may mix `Step`s with `Gate`s and `Input`s. `key` names the group
    (other steps may depend on it: they wait for everything in it).
    `always_run=True`: every step runs in every build of its pipeline, whatever
    the diff (vLLM's release pipeline). `top_level=True`: the steps are emitted
    at the top of the pipeline, not inside a Buildkite group. Groups are emitted
    by name, except that groups with an `order` come first, lowest first.
    """

    _what = "group"
    _kind = "group"
    name: str = attrs.field(validator=_named(attrs.validators.instance_of(str)))
    steps: tuple[GroupItem, ...] = attrs.field(converter=_items)
    depends_on: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    working_dir: str | None = None
    pipeline: str = "test"
    key: str | None = attrs.field(default=None)
    always_run: bool = False
    top_level: bool = False
    order: int | None = None
    origin: Origin = attrs.field(factory=Origin, eq=False, repr=False)

    @steps.validator
    def _only_steps(self, attribute: attrs.Attribute, value: tuple) -> None:
        for item in value:
            if not isinstance(item, Step | Gate | Input):
                raise _FieldProblem("steps", f"must hold Step, Gate or Input objects, got "
                                    f"{type(item).__name__}")

    @key.validator
    def _key_needs_a_group(self, attribute: attrs.Attribute, value: str | None) -> None:
        if value is not None and self.top_level:
            raise _FieldProblem("key", "a top-level group has no Buildkite group to carry "
                                "a key")

    @property
    def rank(self) -> tuple[bool, int, str]:
        """Where the group goes: by `order` when given, else after those, by name."""
        return (self.order is None, self.order or 0, self.name)


@frozen(init=False)
class RunAll(_Checked):
    """Changed files that make every step run, minus exclusions.

    Patterns are regular expressions matched at the start of the path (vLLM's
    `run_all_patterns`). With `active=False` matches are reported in the plan
    but do not run everything. A pull request carrying one of `labels` runs
    every step, optional ones too (vLLM's `ready-run-all-tests`); the labels are
    read only when some are named here (see `vllmci.plan.labels`).

    `nightly`: patterns of changed files that run every step, optional ones too,
    as `NIGHTLY=1` does (vLLM's AMD pipeline: `docker/Dockerfile.rocm_base`); a
    file matching one is not checked against `patterns`. `torch_nightly=False`:
    `TORCH_NIGHTLY=1` does not run everything (vLLM's AMD template ignores it).
    `pipeline`: the pipeline the rule applies to (one per pipeline; a pipeline
    without its own uses the test pipeline's).
    """

    _what = "run-all rule"
    patterns: tuple[str, ...] = attrs.field(converter=_strings, validator=_named(_regexes))
    exclude: tuple[str, ...] = attrs.field(
        default=(), converter=_strings, validator=_named(_regexes))
    active: bool = True
    labels: tuple[str, ...] = attrs.field(
        default=(), converter=_strings, validator=_named(_all_strings))
    nightly: tuple[str, ...] = attrs.field(
        default=(), converter=_strings, validator=_named(_regexes))
    torch_nightly: bool = True
    pipeline: str = "test"
    origin: Origin = attrs.field(factory=Origin, eq=False, repr=False)


class ImageFor(Protocol):
    """`Settings.image`: the test image of this build for a device's image variant."""

    def __call__(self, ctx: BuildContext, variant: str) -> str: ...


class EnvFor(Protocol):
    """`Settings.env`: the pipeline-level env of this build."""

    def __call__(self, ctx: BuildContext) -> Mapping[str, str]: ...


class PriorityFor(Protocol):
    """`Settings.priority`: the priority of steps that set none, in this build."""

    def __call__(self, ctx: BuildContext) -> int | None: ...


class TagFor(Protocol):
    """`Settings.tag`: the selector tag this build's steps must carry (None: any)."""

    def __call__(self, ctx: BuildContext) -> str | None: ...


def _a_runner(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if value is not None and not callable(getattr(value, "shape", None)):
        raise ValueError(f"must be a runner (Script(...), Docker(...), ...), got {value!r}")


MATCHING = ("paths", "prefix")
"""How dependency entries match: as paths (prefixes, globs, `!` exclusions) or as raw
string prefixes (vLLM's AMD template)."""


def _matching(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if value not in MATCHING:
        raise ValueError(f"must be 'paths' or 'prefix', got {value!r}")


def _no_env(ctx: BuildContext) -> Mapping[str, str]:
    return {}


def _no_image(ctx: BuildContext, variant: str) -> str:
    return ""


@frozen(init=False)
class Settings(_Checked):
    """Project-wide settings: images and pipeline env from the build, shared defaults.

    `image(ctx, variant)` names the test image of this build (variant "" or a
    device's `image_variant`, e.g. "cpu"); `env(ctx)` is the pipeline-level env.
    `retry` and `timeout` are applied to every command step in one pass;
    `priority(ctx)`, when given, is the priority of steps that set none.
    `pipeline` names the pipeline they belong to (one `Settings` per pipeline;
    a pipeline without its own uses the test pipeline's).

    How the pipeline selects (vLLM's AMD and Intel pipelines differ from its
    test pipeline): `docs_only_first`: a docs-only change builds nothing even
    when everything would run (their bootstrap scripts exit first);
    `matching="prefix"`: dependency entries are raw string prefixes, without
    globs or `!` exclusions (the AMD template); `tag(ctx)`: steps with `tags`
    run only when they carry this tag (the AMD template's `mirror_hw`).
    How its jobs look: `gpu_runner` shapes its jobs on GPU devices instead of
    their device's own runner (the AMD template wraps commands its own way);
    `block_after`: the dependency its block steps wait for (`image-build-amd`).
    """

    _what = "settings"
    image: ImageFor = _no_image
    env: EnvFor = _no_env
    retry: tuple[AutoRetry, ...] = attrs.field(default=LOST_AGENT, converter=_items)
    timeout: int | None = attrs.field(default=None, validator=_named(_positive))
    priority: PriorityFor | None = None
    pipeline: str = "test"
    docs_only_first: bool = False
    matching: str = attrs.field(default="paths", validator=_named(_matching))
    tag: TagFor | None = None
    gpu_runner: Any = attrs.field(default=None, validator=_named(_a_runner))
    block_after: str | None = None
    origin: Origin = attrs.field(factory=Origin, eq=False, repr=False)


@frozen(init=False)
class MirrorPolicy(_Checked):
    """How every AMD mirror looks: its group, label, timeouts, retries, priority.

    `paths` are dependency entries added to every mirror, `native_paths` to
    mirrors with `dind=False`; `force_paths` start a mirror even when optional.

    `vendor`: steps whose own device is a GPU of this vendor (`device="mi355_1"`)
    follow the policy too: its group, `label`, block, timeouts, retries,
    priority, artifact paths, `image_build` and `native_paths` (not
    `force_paths`); they keep their own key.

    `block_key`: the key of the block step of a mirror or such a step, `{key}`
    the step's key (a mirror's: its parent's); default `block-<mirror key>`.
    `block_label`: the block label of a mirror without a `label` of its own
    (`{label}`, `{device}`: the parent's label, the mirror's device); default
    `Run <mirror label>`. `image_build`: the image build every AMD job waits
    for first (a dependency on one of `replaces_image` becomes it); their
    block steps wait for it too. `pipeline`: the pipeline whose steps on a GPU of
    `vendor` it shapes (vLLM's AMD pipeline shapes its own: its `Settings`).
    """

    _what = "mirror policy"
    group: str = "AMD"
    label: str = "AMD: {label}"
    vendor: str | None = None
    block_key: str | None = None
    block_label: str | None = None
    image_build: str | None = None
    replaces_image: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    timeout: int | None = attrs.field(default=None, validator=_named(_positive))
    max_timeout: int | None = attrs.field(default=None, validator=_named(_positive))
    retry: tuple[AutoRetry, ...] | None = attrs.field(default=None, converter=_optional_tuple)
    priority: int | None = None
    artifact_paths: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    paths: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    native_paths: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    force_paths: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    pipeline: str = "test"
    origin: Origin = attrs.field(factory=Origin, eq=False, repr=False)
