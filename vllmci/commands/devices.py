"""`vllmci devices`: the hardware inventory (`pipelines/hardware.py`) without reading
it: each device, its queue on pull request and branch builds and on builds of the
default branch, how its jobs run (the runner), its GPUs, and how many steps use it."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from typing import Any

from vllmci.catalog.model import Catalog
from vllmci.define.hardware import Device
from vllmci.report.layout import width, wrap
from vllmci.stages import definitions_dir, load_all

ANY = 1 << 30  # the bound of a device with one queue for any count


def _queues(table: tuple[tuple[int, str], ...] | None) -> list[dict[str, Any]]:
    rows, low = [], 1
    for bound, queue in table or ():
        rows.append({"queue": queue, "min_devices": low,
                     "max_devices": None if bound >= ANY else bound})
        low = bound + 1
    return rows


def _shown(row: dict[str, Any]) -> str:
    """A queue and the device counts it takes (`gpu_4_queue (2-4)`) when several."""
    low, high = row["min_devices"], row["max_devices"]
    count = f"{low}" if low == high else f"{low}-{high}" if high else f"{low}+"
    return f"{row['queue']} ({count})"


def device_row(device: Device, steps: int) -> dict[str, Any]:
    top = None if device.max_devices >= ANY else device.max_devices
    return {
        "device": device.name, "aliases": list(device.aliases),
        "queues": _queues(device.queues),
        "main_queues": _queues(device.main_queues) if device.main_queues else None,
        "runner": type(device.runner).__name__, "vendor": device.vendor, "gpu": device.gpu,
        "max_devices": top, "timeout": device.timeout, "steps": steps,
        "defined_at": str(device.origin),
    }


def inventory(catalog: Catalog) -> list[dict[str, Any]]:
    used = Counter(entry.device.name for entry in catalog.entries)
    return [device_row(d, used[d.name]) for d in catalog.inventory.devices]


def _gpus(row: dict[str, Any]) -> str:
    if not row["gpu"]:
        return "CPU"
    top = row["max_devices"]
    return f"{row['vendor']} ×" + (f"1-{top}" if top and top > 1 else "1" if top else "any")


def _queue_lines(row: dict[str, Any]) -> list[str]:
    queues = row["queues"]
    lines = [q["queue"] for q in queues] if len(queues) == 1 else [_shown(q) for q in queues]
    if row["main_queues"]:
        main = row["main_queues"]
        lines += [f"main: {q['queue'] if len(main) == 1 else _shown(q)}" for q in main]
    return lines


def as_text(rows: list[dict[str, Any]], default: str, columns: int) -> str:
    """One line per device (more for several queues): device, queue, runner, GPUs
    (vendor and counts), steps."""
    name_w = max(len(r["device"]) for r in rows)
    queue_w = max(len(line) for r in rows for line in _queue_lines(r)[:1])
    runner_w = max(len(r["runner"]) for r in rows)
    gpus_w = max(len(_gpus(r)) for r in rows)
    lines = [f"{'device':<{name_w}}  {'queue':<{queue_w}}  {'runner':<{runner_w}}  "
             f"{'GPUs':<{gpus_w}} steps"]
    for row in rows:
        first, *more = _queue_lines(row)
        lines.append(f"{row['device']:<{name_w}}  {first:<{queue_w}}  {row['runner']:<{runner_w}}"
                     f"  {_gpus(row):<{gpus_w}} {row['steps']:>5}")
        lines += [f"{'':<{name_w}}  {line}" for line in more]
        if row["aliases"]:
            lines.append(f"{'':<{name_w}}  also called {', '.join(row['aliases'])}")
    lines += ["", *wrap(f"{len(rows)} devices. queue: on pull request and branch builds "
                         "(main: on builds of the default branch), and the device counts it "
                         "takes; steps: how many steps use the device. A step that names no "
                         f"device runs on {default!r}. The inventory is the definitions' "
                         "hardware.py (vLLM: pipelines/hardware.py).", columns)]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    catalog = load_all(definitions_dir(args.repo, args.pipelines))
    rows = inventory(catalog)
    if args.format == "json":
        document = {"default": catalog.inventory.default, "devices": rows}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(as_text(rows, catalog.inventory.default, width()))
    return 0
