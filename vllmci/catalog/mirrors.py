"""AMD mirrors: a step with `amd=AmdMirror(...)` also yields `amd-<key>`.

The mirror is a step of its own for selection and building. The definitions'
`MirrorPolicy` says what every mirror shares (group, label, timeouts, retries).
A step whose own device is a GPU of the policy's `vendor` (an AMD step: vLLM's
`device: mi355_1`) follows the same policy under its own key.
"""

from __future__ import annotations

from typing import Any

from vllmci.define.fields import replace
from vllmci.define.hardware import Device
from vllmci.define.step import AmdMirror, MirrorPolicy, Step

MIRROR_PREFIX = "amd-"


def mirror_key(key: str) -> str:
    return MIRROR_PREFIX + key


def _merged(*entries: tuple[str, ...] | None) -> tuple[str, ...] | None:
    merged = tuple(dict.fromkeys(e for group in entries for e in (group or ())))
    return merged or None


def governs(policy: MirrorPolicy, device: Device | None) -> bool:
    """Whether a step on `device` is an AMD step: the policy shapes it like a mirror."""
    return bool(policy.vendor) and device is not None and device.gpu and (
        device.vendor == policy.vendor)


def _timeout(timeout: int | None, policy: MirrorPolicy) -> int | None:
    timeout = timeout or policy.timeout
    if timeout and policy.max_timeout:
        return min(timeout, policy.max_timeout)
    return timeout


def _paths(step: Step, amd: AmdMirror, policy: MirrorPolicy) -> tuple[str, ...] | None:
    native = policy.native_paths if not amd.dind else ()
    return _merged(amd.paths, step.paths, policy.paths, native)


def amd_depends_on(depends_on: tuple[str, ...] | None,
                   policy: MirrorPolicy) -> tuple[str, ...] | None:
    """The policy's `image_build` first; a dependency on `replaces_image` becomes it."""
    image = policy.image_build
    if not image:
        return depends_on
    renamed = (image if dep in policy.replaces_image else dep for dep in depends_on or ())
    return tuple(dict.fromkeys((image, *renamed)))


def _block(key: str, depends_on: tuple[str, ...] | None, policy: MirrorPolicy,
           label: str | None = None) -> dict[str, Any]:
    """The entry's block step: its key, its label (None: `Run <label>`), what it waits for."""
    after = policy.image_build if policy.image_build in (depends_on or ()) else None
    return {"block": policy.block_key.format(key=key) if policy.block_key else None,
            "block_label": label, "block_after": after}


def mirror_block(step: Step, mirror: Step, policy: MirrorPolicy) -> dict[str, Any]:
    """Entry fields of a mirror's block step (a mirror without its own label
    takes the policy's `block_label`)."""
    assert step.amd is not None
    label = None
    if policy.block_label and not step.amd.label:
        label = policy.block_label.format(label=step.label, device=step.amd.device)
    return _block(step.key, mirror.depends_on, policy, label)


def amd_step(step: Step, policy: MirrorPolicy) -> Step:
    """A step on an AMD GPU, shaped by the policy as its mirrors are (not its `force_paths`)."""
    native = policy.native_paths if not step.dind else ()
    return replace(
        step,
        label=policy.label.format(label=step.label, device=step.device),
        timeout=_timeout(step.timeout, policy),
        paths=_merged(step.paths, native),
        retry=policy.retry if policy.retry is not None else step.retry,
        priority=policy.priority if policy.priority is not None else step.priority,
        artifact_paths=step.artifact_paths if step.no_plugin else tuple(
            dict.fromkeys((*step.artifact_paths, *policy.artifact_paths))),
        depends_on=amd_depends_on(step.depends_on, policy),
    )


def amd_step_block(step: Step, policy: MirrorPolicy) -> dict[str, Any]:
    """Entry fields of an AMD step's block step."""
    return _block(step.key, step.depends_on, policy)


def mirror_step(step: Step, policy: MirrorPolicy) -> Step:
    """The mirror as a step of its own: AMD device, policy label, timeouts, retries."""
    amd = step.amd
    assert amd is not None
    return replace(
        step,
        key=mirror_key(step.key),
        label=amd.label or policy.label.format(label=step.label, device=amd.device),
        device=amd.device,
        num_devices=amd.num_devices or step.num_devices,
        timeout=_timeout(amd.timeout, policy),
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
        depends_on=amd_depends_on(amd.depends_on or step.depends_on, policy),
        amd=None,
        origin=amd.origin,
    )
