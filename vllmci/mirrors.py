"""AMD mirrors: a step with `amd=AmdMirror(...)` also yields `amd-<key>`."""

from __future__ import annotations

import attrs

from vllmci.define import Step

MIRROR_PREFIX = "amd-"


def mirror_key(key: str) -> str:
    return MIRROR_PREFIX + key


def _merged(first: tuple[str, ...] | None, second: tuple[str, ...] | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*(first or ()), *(second or ()))))


def mirror_step(step: Step, depends_on: tuple[str, ...]) -> tuple[Step, tuple[str, ...]]:
    """The mirror as a step of its own, and its dependencies.

    The mirror's dependency entries are its own plus the parent's; its
    `depends_on` is its own when given, else the parent's.
    """
    amd = step.amd
    assert amd is not None
    mirror = attrs.evolve(
        step,
        key=mirror_key(step.key),
        label=f"AMD: {step.label}",
        device=amd.device,
        timeout=amd.timeout or step.timeout,
        paths=_merged(amd.paths, step.paths) or None,
        commands=amd.commands or step.commands,
        working_dir=amd.working_dir or step.working_dir,
        soft_fail=step.soft_fail if amd.soft_fail is None else amd.soft_fail,
        env=tuple({**dict(step.env), **dict(amd.env)}.items()),
        amd=None,
        origin=amd.origin,
    )
    return mirror, (amd.depends_on or depends_on)
