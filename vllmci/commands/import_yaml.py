"""`vllmci import-yaml SRC OUT [--write]`: translate YAML step definitions into Python
definitions; into definitions that exist, report what the YAML changes (docs/importing.md)."""

from __future__ import annotations

import argparse
import sys

from vllmci.errors import CHECK_FAILED_EXIT
from vllmci.importer import ImportResult, import_yaml
from vllmci.importer.verify import device_names
from vllmci.review.report import as_text

MAX_LISTED = 12


def run(args: argparse.Namespace) -> int:
    devices = device_names(args.pipelines) if args.pipelines is not None else None
    result = import_yaml(args.src, args.out, devices, write=args.write, config=args.config,
                         pipeline=args.pipeline, package=args.package)
    for note in result.notes:
        print(f"vllmci import: {note}", file=sys.stderr)
    print(f"vllmci: imported {result.step_count} step(s), {result.mirror_count} with an AMD "
          f"mirror, from {len(result.groups)} file(s)", file=sys.stderr)
    if result.first:
        print(f"vllmci: wrote {len(result.written)} file(s) under {args.out}", file=sys.stderr)
        if result.load_error:
            print(f"vllmci: error: the definitions written under {args.out} do not load yet; "
                  f"fix these, then run vllmci check --pipelines {args.out}:\n"
                  f"{result.load_error}", file=sys.stderr)
            return CHECK_FAILED_EXIT
        return 0
    sys.stdout.write(report(result, args))
    return 0


def report(result: ImportResult, args: argparse.Namespace) -> str:
    """The comparison with what OUT holds, in `vllmci review`'s words."""
    lines = []
    if result.review is not None:
        review = result.review
        lines.append(f"Import of {args.src} into {args.out}: {len(review.added)} added, "
                     f"{len(review.removed)} removed, {len(review.changed)} changed, "
                     f"{review.unchanged} unchanged")
        if review.empty:
            lines.append("No step was added, removed or changed.")
        else:
            # review's text without its headline (which names a git ref)
            lines += as_text(review).rstrip("\n").split("\n")[1:]
    else:
        lines += [f"Import of {args.src} into {args.out}: the definitions in {args.out} do not "
                  "load, so they cannot be compared step by step:",
                  *(f"  {line}" for line in (result.current_error or "").splitlines())]
    if result.run_all:
        lines += ["", f"Run-all rule: ci_config.yaml differs from the settings in {args.out} "
                  "(kept as they are: edit them by hand):",
                  *(f"  {line}" for line in result.run_all)]
    lines += ["", _files(result)]
    files = result.files
    if not files.writes:
        lines.append(f"{args.out} is in step with {args.src}: nothing to write.")
    elif result.written:
        lines.append(f"Wrote {len(files.added) + len(files.changed)} file(s)"
                     + (f", removed {len(files.removed)}" if files.removed else "")
                     + f" under {args.out}.")
    else:
        lines.append("Nothing was written: run again with --write to write these files.")
    return "\n".join(lines) + "\n"


def _files(result: ImportResult) -> str:
    files = result.files
    parts = []
    for what, names in (("new", files.added), ("changed", files.changed),
                        ("removed (their YAML file is gone)", files.removed)):
        if names:
            shown = ", ".join(names[:MAX_LISTED])
            more = f", ... ({len(names) - MAX_LISTED} more)" if len(names) > MAX_LISTED else ""
            parts.append(f"{len(names)} {what}: {shown}{more}")
    parts.append(f"{len(files.unchanged)} unchanged")
    return "Files: " + "; ".join(parts)
