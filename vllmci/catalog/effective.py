"""A step's effective values in one build: the one place they are computed.

The builder emits them, and the text plan, `--explain`, the cost and `review`
show them, so what a person reads is what Buildkite runs:

- queue: the step's own `agents={"queue": ...}`, else its device's queue for
  its device count (the device's `main_queues` on the default branch);
- timeout: the step's, else the device's, else the project's (`Settings.timeout`);
  `SKIP_TIMEOUT=1` drops it from the build (the cost still bounds by it);
- retries: the device's rules first, then the step's own, then the project's
  (`Settings.retry`, e.g. lost agents) for exit statuses not yet covered;
- priority: the step's, else the project's `Settings.priority(ctx)`;
- shards: the step's `parallelism`; with `shards=ByTime(...)`, sized by its measured
  minutes when the durations file has them (else `parallelism`, and it says so),
  and, when it knows the step's test files, the files each shard runs
  (`vllmci.catalog.shards`).

(An AMD mirror's own retries and priority come from the `MirrorPolicy` when it
sets them: that is the mirror's definition, made in `vllmci.catalog.mirrors`.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from vllmci.catalog import shards as sizing
from vllmci.catalog.durations import VARIABLE, Durations
from vllmci.catalog.model import Entry
from vllmci.catalog.shards import Shards
from vllmci.context import BuildContext
from vllmci.define.step import AutoRetry, Settings
from vllmci.values import frozen

PULL_REQUEST = BuildContext(pull_request=1)
DEFAULT_BRANCH = BuildContext(branch="main", default_branch="main")


@frozen
class Effective:
    queue: str
    timeout: int | None
    """What the build emits (None under SKIP_TIMEOUT)."""
    timeout_bound: int | None
    """The timeout the definitions give, whatever the build: the cost's bound."""
    retry: tuple[dict[str, Any], ...]
    priority: int | None
    shards: Shards


def resolve(entry: Entry, settings: Settings, ctx: BuildContext,
            durations: Durations | None = None) -> Effective:
    """`durations`: the measured durations of this plan (`Plan.durations`), if any."""
    bound = timeout_bound(entry, settings)
    return Effective(queue=queue(entry, ctx), timeout=None if ctx.skip_timeout else bound,
                     timeout_bound=bound, retry=retries(entry, settings),
                     priority=_priority(entry, settings, ctx),
                     shards=shards(entry, durations))


NO_DURATIONS = f"no durations file (--durations FILE or ${VARIABLE})"


def shards(entry: Entry, durations: Durations | None) -> Shards:
    """How many shards the step runs, why, and the test files each one runs."""
    count, basis, reason = shard_count(entry, durations)
    if basis == "fixed":
        return Shards(count)
    files = durations.files.get(entry.key) if durations else None
    told, lists, run = sizing.split(entry.step.commands, count, files)
    return Shards(count, basis, reason, told, lists, run)


def shard_count(entry: Entry, durations: Durations | None) -> tuple[int, sizing.Basis, str]:
    """(count, basis, reason): `parallelism` unless the step is sized by time."""
    step, by_time = entry.step, entry.step.shards
    if by_time is None:
        return step.parallelism, "fixed", ""
    if durations is None:
        return step.parallelism, "declared", (f"{NO_DURATIONS}: parallelism="
                                              f"{step.parallelism} as declared")
    return sizing.choose(entry.key, by_time, step.parallelism,
                         durations.build_minutes.get(entry.key))


def timeout_bound(entry: Entry, settings: Settings) -> int | None:
    return entry.step.timeout or entry.device.timeout or settings.timeout


def queue(entry: Entry, ctx: BuildContext) -> str:
    override = dict(entry.step.agents).get("queue")
    if isinstance(override, str):
        return override
    main = entry.device.queue_for(entry.step.num_devices, main=ctx.on_default_branch)
    return main or entry.queue


def _rule_id(rule: Mapping[str, Any]) -> tuple[Any, Any]:
    return rule.get("exit_status"), rule.get("signal_reason")


def _merge(rules: list[dict[str, Any]], extra: Iterable[AutoRetry],
           first: bool) -> list[dict[str, Any]]:
    seen = {_rule_id(rule) for rule in rules}
    added = [r.as_dict() for r in extra if _rule_id(r.as_dict()) not in seen]
    return added + rules if first else rules + added


def retries(entry: Entry, settings: Settings,
            own: Iterable[Mapping[str, Any]] | None = None) -> tuple[dict[str, Any], ...]:
    """The device's rules, the step's own (`own`: as the model holds them), the project's."""
    rules = [dict(r) for r in own] if own is not None else [r.as_dict() for r in entry.step.retry]
    rules = _merge(rules, entry.device.retry, first=True)
    return tuple(_merge(rules, settings.retry, first=False))


def _priority(entry: Entry, settings: Settings, ctx: BuildContext) -> int | None:
    if entry.step.priority is not None:
        return entry.step.priority
    return settings.priority(ctx) if settings.priority else None
