"""The body of the text plan: what runs, by hardware, with each step's full key,
shards and reason; one line per hardware for what waits behind a click; or
(`--all`) every step with its decision, by group. Keys are never cut: they are
what people paste into `--explain`, `/ci retry` and `VLLM_CI_ONLY_STEP_KEYS`."""

from __future__ import annotations

from collections.abc import Iterator

from vllmci.catalog.effective import NO_DURATIONS, queue, shard_count, shards
from vllmci.catalog.model import Entry
from vllmci.catalog.shards import WARNING
from vllmci.plan.model import Decision, Plan, show_match
from vllmci.report.layout import paint, wrap


def pairs(plan: Plan) -> Iterator[tuple[Entry, Decision]]:
    return zip(plan.catalog.entries, plan.decisions, strict=True)


def why(decision: Decision) -> str:
    """One line of why: the rule, or how many files matched and the first match."""
    if len(decision.matches) > 1:
        return f"{len(decision.matches)} files: {show_match(decision.matches[0])}"
    return decision.reasons[0] if decision.reasons else ""


def name(plan: Plan, entry: Entry) -> str:
    """The key, and its shards in this build (`lora ×4`)."""
    count = shard_count(entry, plan.durations)[0]
    return entry.key + (f" ×{count}" if count > 1 else "")


def hardware(plan: Plan, entry: Entry) -> tuple[str, str]:
    """(device, queue) as the build emits it (an `agents` queue override included)."""
    return entry.device.name, queue(entry, plan.context)


def _by_hardware(plan: Plan, action: str) -> dict[tuple[str, str], list[tuple[Entry, Decision]]]:
    table: dict[tuple[str, str], list[tuple[Entry, Decision]]] = {}
    for entry, decision in pairs(plan):
        if decision.action == action:
            table.setdefault(hardware(plan, entry), []).append((entry, decision))
    return table


def _heading(device: str, queue_name: str) -> str:
    return device if device == queue_name else f"{device} · queue {queue_name}"


def running(plan: Plan, colour: bool, width: int) -> Iterator[str]:
    """Each hardware that runs something, most steps first; under it each reason
    (on the hardware's line when it is the only one and fits), then the steps it
    starts, packed into as few lines as fit."""
    table = _by_hardware(plan, "run")
    if not table:
        yield "" if plan.docs_only else "\nNo step runs."
        return
    total = sum(len(rows) for rows in table.values())
    yield ""
    for line in wrap(f"{total} step(s) run, on {len(table)} kind(s) of hardware:", width):
        yield paint(line, "head", colour)
    for (device, queue_name), rows in sorted(table.items(), key=lambda i: (-len(i[1]), i[0])):
        reasons: dict[str, list[Entry]] = {}
        for entry, decision in rows:
            reasons.setdefault(why(decision), []).append(entry)
        heading = f"{_heading(device, queue_name)} · {len(rows)} step{'s' * (len(rows) > 1)}"
        only = next(iter(reasons)) if len(reasons) == 1 else None
        if only is not None and len(heading) + 3 + len(only) <= width:
            yield paint(heading, "head", colour) + f" · {only}"
        else:
            yield paint(heading, "head", colour)
            only = None
        for reason, entries in reasons.items():
            names = sorted(name(plan, e) for e in entries)
            together = f"  {reason}: " + "  ".join(names)
            if only is None and len(together) <= width:  # a short block: one line
                yield f"  {reason}: " + "  ".join(paint(n, "run", colour) for n in names)
                continue
            if only is None:
                yield from wrap(reason + ":", width, "  ", "    ")
            for row in packed(names, width - 4):
                yield "    " + "  ".join(paint(n, "run", colour) for n in row)


def packed(words: list[str], width: int, sep: str = "  ") -> list[list[str]]:
    """Words (keys, never split) in as few lines of `width` as first-fit finds,
    longest first; the lines and the words in each in alphabetical order."""
    lines: list[list[str]] = []
    for word in sorted(words, key=lambda w: (-len(w), w)):
        for line in lines:
            if sum(map(len, line)) + len(sep) * len(line) + len(word) <= width:
                line.append(word)
                break
        else:
            lines.append([word])
    return sorted(sorted(line) for line in lines)


def waiting(plan: Plan, colour: bool, width: int) -> Iterator[str]:
    """One line per hardware: how many steps wait there behind a `Run …` block."""
    table = _by_hardware(plan, "block")
    if not table:
        return
    total = sum(len(rows) for rows in table.values())
    yield ""
    for line in wrap(f"{total} step(s) wait for a click on their Run block (--all lists "
                     "them):", width):
        yield paint(line, "head", colour)
    shown = {hw: _heading(*hw) for hw in table}
    column = min(max(len(s) for s in shown.values()), width - 12)
    for hw, rows in sorted(table.items(), key=lambda i: (-len(i[1]), i[0])):
        optional = sum(1 for entry, _ in rows if entry.step.optional)
        extra = f" ({optional} optional)" if optional else ""
        yield f"  {shown[hw]:<{column}} {paint(f'{len(rows):>4}', 'block', colour)}{extra}"


def every_step(plan: Plan, colour: bool, width: int) -> Iterator[str]:
    """`--all`: every step by group: decision, full key and shards, queue, reason."""
    groups: dict[str, list[tuple[Entry, Decision]]] = {}
    for entry, decision in pairs(plan):
        groups.setdefault(entry.group, []).append((entry, decision))
    for group, rows in groups.items():
        yield ""
        yield paint(group, "head", colour)
        keys = min(max(len(name(plan, e)) for e, _ in rows), width // 2)
        queues = min(max(len(hardware(plan, e)[1]) for e, _ in rows), 18)
        for entry, decision in rows:
            yield from _row(plan, entry, decision, colour, width, keys, queues)


def _row(plan: Plan, entry: Entry, decision: Decision, colour: bool, width: int,
         keys: int, queues: int) -> Iterator[str]:
    action = paint(f"{decision.action:<5}", decision.action, colour)
    label, queue_name = name(plan, entry), hardware(plan, entry)[1]
    lead = f"  {action} {label:<{keys}}  {queue_name:<{queues}}  "
    used = 2 + 6 + max(keys, len(label)) + 2 + max(queues, len(queue_name)) + 2
    if used - 2 > width:  # a key too long to share its line: the queue goes below too
        yield f"  {action} {label}"
        yield from wrap(f"{queue_name}: {why(decision)}", width, " " * 8)
        return
    if width - used < 24:  # no room for the reason beside them: it goes below
        yield lead.rstrip()
        yield from wrap(why(decision), width, " " * 8)
        return
    lines = wrap(why(decision), width - used)
    yield lead + lines[0]
    yield from (" " * used + line for line in lines[1:])


def sized_by_time(plan: Plan, colour: bool, width: int) -> Iterator[str]:
    """The steps of this build sized by time: their shards, measured or declared, why,
    and how their tests are split."""
    found = [(entry, shards(entry, plan.durations)) for entry, decision in pairs(plan)
             if entry.step.shards is not None and decision.action != "skip"]
    if not found:
        return
    yield ""
    heading = (f"shards sized by time ({plan.durations.source}):" if plan.durations else
               f"shards sized by time, as declared: {NO_DURATIONS}")
    yield from (paint(line, "head", colour) for line in wrap(heading, width))
    for entry, sharding in found:
        why = f": {sharding.reason}" if plan.durations else ""
        yield from wrap(f"{name(plan, entry)}: {sharding.basis}{why}", width, "  ", "      ",
                        keys=True)
        loud = sharding.split.startswith(WARNING)
        yield from (paint(line, "warn", colour) if loud else line
                    for line in wrap(sharding.split, width, "      ", "      "))
