"""How a job runs on its agent: command shaping, plugins and env per kind of device.

A device in the inventory names one runner. Runners never decide whether a
step exists; they only decide how it looks. Every runner shapes commands the
same way: `cd` to the working directory, the runner's setup lines (skipped for
`no_plugin` steps), then a `+++` log section header before each command.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from vllmci.context import as_tuple
from vllmci.values import frozen

if TYPE_CHECKING:
    from vllmci.context import BuildContext
    from vllmci.define.step import Step


class Job(Protocol):
    """What a runner is given to shape one command step (`vllmci.emit.build.Job`)."""

    @property
    def step(self) -> Step: ...

    @property
    def context(self) -> BuildContext: ...

    @property
    def image(self) -> str: ...


class Runner(Protocol):
    """How a job runs on its agent: a device's `runner` (e.g. `Docker`, `Kubernetes`)."""

    def shape(self, job: Job) -> Shaped: ...

HEADER = "+++ :test_tube: Command ({index}/{total}): {preview}"
PREVIEW_LENGTH = 80
_UNSAFE = str.maketrans("", "", "'\"$`\\")


def header(index: int, total: int, command: str) -> str:
    """A Buildkite log section naming the command (quotes and `$` removed)."""
    first = command.strip().splitlines()[0] if command.strip() else ""
    preview = first[:PREVIEW_LENGTH].translate(_UNSAFE)
    return "echo '" + HEADER.format(index=index, total=total, preview=preview) + "'"


def shaped_commands(job: Job, setup: tuple[str, ...]) -> list[str]:
    step = job.step
    lines = [f"cd {step.working_dir}"] if step.working_dir and step.num_nodes < 2 else []
    if not step.no_plugin:
        lines.extend(setup)
    total = len(step.commands)
    for index, command in enumerate(step.commands, 1):
        lines.extend((header(index, total, command), command))
    return lines


@frozen
class Shaped:
    """A runner's answer: the commands to run, plugins around them, extra env, and the
    artifacts every job it shapes uploads (after the step's own)."""

    commands: tuple[str, ...]
    plugins: tuple[dict[str, Any], ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    artifact_paths: tuple[str, ...] = ()


@frozen
class Plain:
    """Commands run straight on the agent; `setup` lines go first.

    `multi_device_setup` is added for jobs with two or more devices or nodes.
    """

    setup: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)
    multi_device_setup: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)
    after_setup: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)

    def setup_lines(self, job: Job) -> tuple[str, ...]:
        multi = job.step.num_devices >= 2 or job.step.num_nodes >= 2
        return (*self.setup, *(self.multi_device_setup if multi else ()), *self.after_setup)

    def plugins(self, job: Job) -> list[dict[str, Any]]:
        return []

    def shape(self, job: Job) -> Shaped:
        commands = shaped_commands(job, self.setup_lines(job))
        wrapped = job.step.no_plugin or job.step.num_nodes >= 2
        return Shaped(tuple(commands), () if wrapped else tuple(self.plugins(job)))


def rewrite_image(image: str, rewrites: tuple[tuple[str, str], ...]) -> str:
    for old, new in rewrites:
        image = image.replace(old, new)
    return image


@frozen
class Docker(Plain):
    """The docker plugin around the commands, with the project's env and volumes."""

    plugin: str = "docker#v5.2.0"
    gpus: str | None = "all"
    environment: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)
    volumes: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)
    image_rewrites: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=as_tuple)

    def plugins(self, job: Job) -> list[dict[str, Any]]:
        config: dict[str, Any] = {
            "image": rewrite_image(job.image, self.image_rewrites),
            "always-pull": True,
            "propagate-environment": True,
        }
        if self.gpus:
            config["gpus"] = self.gpus
        config["environment"] = list(self.environment)
        config["volumes"] = list(self.volumes)
        if job.step.mount_buildkite_agent:
            config["mount-buildkite-agent"] = True
        return [{self.plugin: config}]


PodSpec = Callable[[str, int], Mapping[str, Any]]


@frozen
class Kubernetes(Plain):
    """The kubernetes plugin: `pod_spec(image, device_count)` gives the pod spec."""

    pod_spec: PodSpec | None = None
    image_rewrites: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=as_tuple)

    def plugins(self, job: Job) -> list[dict[str, Any]]:
        assert self.pod_spec is not None, "Kubernetes runner needs pod_spec"
        image = rewrite_image(job.image, self.image_rewrites)
        return [{"kubernetes": {"podSpec": dict(self.pod_spec(image, job.step.num_devices))}}]


EnvFor = Callable[["Job", str], Mapping[str, str]]
PatchFor = Callable[["Job"], Mapping[str, Any]]


@frozen
class Script(Plain):
    """Commands joined with `&&` into one env variable that a script runs.

    vLLM's AMD jobs work so: `env_for(job, joined)` gives the job's env,
    `pod_patch(job)` (for jobs with `dind=False`) a kubernetes podSpecPatch.
    """

    command: str = ""
    env_for: EnvFor | None = None
    pod_patch: PatchFor | None = None

    def shape(self, job: Job) -> Shaped:
        joined = " && ".join(shaped_commands(job, self.setup_lines(job)))
        env = dict(self.env_for(job, joined)) if self.env_for else {}
        if job.step.no_plugin:
            return Shaped((joined,), (), tuple(env.items()))
        plugins = () if job.step.dind or self.pod_patch is None else (
            {"kubernetes": {"podSpecPatch": dict(self.pod_patch(job))}},)
        return Shaped((self.command,), plugins, tuple(env.items()))
