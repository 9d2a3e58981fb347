"""`python -m vllmci`."""

import gc
import os
import sys


def _unshadow() -> None:
    """Run this package, not a directory that happens to be called `vllmci`.

    From the parent directory of a clone named `vllmci`, the clone itself is on
    `sys.path` (the current directory) and Python takes it for a namespace package:
    with an editable install, `vllmci.<name>` would then come from the clone's top
    (a stale `build/` left by `pip install .`) before the package. Drop the current
    directory and import the installed package instead.
    """
    package = sys.modules.get("vllmci")
    if package is None or getattr(package, "__file__", None) is not None:
        return
    here = os.path.realpath(os.getcwd())
    sys.path[:] = [p for p in sys.path if p and os.path.realpath(p) != here]
    for name in [n for n in sys.modules if n == "vllmci" or n.startswith("vllmci.")]:
        del sys.modules[name]


_unshadow()

# Importing the program (buildkite_sdk, pydantic, GitPython, attrs and vllmci's own
# modules) makes objects that live as long as the process: the cyclic collector would
# scan them again and again while they are made (a twentieth of a plan's time) and free
# nothing. `cli.run` decides for the command itself (`NO_CYCLIC_GC`).
gc.disable()
from vllmci.cli import entry  # noqa: E402

gc.enable()
entry()
