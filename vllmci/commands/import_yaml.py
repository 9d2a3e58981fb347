"""`vllmci import-yaml SRC OUT`: translate YAML step definitions into Python
definitions; report what was not imported."""

from __future__ import annotations

import argparse
import sys

from vllmci.errors import VllmciError
from vllmci.importer import import_yaml
from vllmci.importer.verify import device_names
from vllmci.stages import bundled_definitions


def run(args: argparse.Namespace) -> int:
    devices = None
    if args.pipelines is not None:
        devices = device_names(args.pipelines)
    else:
        try:
            devices = device_names(bundled_definitions())
        except VllmciError as error:
            print(f"vllmci: device names not checked: {error}", file=sys.stderr)
    result = import_yaml(args.src, args.out, devices)
    for note in result.notes:
        print(f"vllmci import: {note}", file=sys.stderr)
    print(f"vllmci: imported {result.step_count} step(s), {result.mirror_count} with an AMD "
          f"mirror, from {len(result.groups)} file(s); wrote {len(result.written)} file(s) "
          f"under {args.out}", file=sys.stderr)
    return 0
