"""AMD mirrors: a step with `amd=AmdMirror(...)` also yields `amd-<key>`.

The mirror is a step of its own for selection and building. The definitions'
`MirrorPolicy` says what every mirror shares (group, label, timeouts, retries).
"""

from __future__ import annotations

import attrs

from vllmci.define.step import AmdMirror, MirrorPolicy, Step

MIRROR_PREFIX = "amd-"


def mirror_key(key: str) -> str:
    return MIRROR_PREFIX + key


def _merged(*entries: tuple[str, ...] | None) -> tuple[str, ...] | None:
    merged = tuple(dict.fromkeys(e for group in entries for e in (group or ())))
    return merged or None


def _timeout(amd: AmdMirror, policy: MirrorPolicy) -> int | None:
    timeout = amd.timeout or policy.timeout
    if timeout and policy.max_timeout:
        return min(timeout, policy.max_timeout)
    return timeout


def _paths(step: Step, amd: AmdMirror, policy: MirrorPolicy) -> tuple[str, ...] | None:
    native = policy.native_paths if not amd.dind else ()
    return _merged(amd.paths, step.paths, policy.paths, native)


def mirror_step(step: Step, policy: MirrorPolicy) -> Step:
    """The mirror as a step of its own: AMD device, policy label, timeouts, retries."""
    amd = step.amd
    assert amd is not None
    return attrs.evolve(
        step,
        key=mirror_key(step.key),
        label=amd.label or policy.label.format(label=step.label, device=amd.device),
        device=amd.device,
        num_devices=amd.num_devices or step.num_devices,
        timeout=_timeout(amd, policy),
        paths=_paths(step, amd, policy),
        commands=amd.commands or step.commands,
        working_dir=amd.working_dir or step.working_dir,
        optional=step.optional if amd.optional is None else amd.optional,
        soft_fail=step.soft_fail if amd.soft_fail is None else amd.soft_fail,
        env=tuple({**dict(step.env), **dict(amd.env)}.items()),
        retry=policy.retry if policy.retry is not None else step.retry,
        priority=policy.priority if policy.priority is not None else step.priority,
        artifact_paths=() if amd.no_plugin else policy.artifact_paths,
        no_plugin=amd.no_plugin,
        dind=amd.dind,
        force_paths=(*step.force_paths, *policy.force_paths),
        always_run=False,
        depends_on=amd.depends_on or step.depends_on,
        amd=None,
        origin=amd.origin,
    )
