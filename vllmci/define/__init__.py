"""Stage 0, the definitions' vocabulary: the one public face `pipelines/` imports.

Takes: nothing (a definition module calls these constructors).
Gives: frozen, field-checked values — steps, groups, AMD mirrors, gates and
inputs, shards sized by time, settings, the hardware inventory and its runners —
each carrying the file and line it was written at, for error messages.

    from vllmci.define import AmdMirror, Group, Step
"""

from vllmci.context import BuildContext
from vllmci.define.gates import Gate, Input, TextField
from vllmci.define.hardware import Device, Inventory
from vllmci.define.parts import ByTime, Matrix, Plugin
from vllmci.define.runners import Docker, Kubernetes, Plain, Script, Shaped
from vllmci.define.step import (
    BUILD_KINDS,
    AmdMirror,
    AutoRetry,
    BuildKind,
    Group,
    MirrorPolicy,
    RunAll,
    Settings,
    Step,
)

__all__ = ["BUILD_KINDS", "AmdMirror", "AutoRetry", "BuildContext", "BuildKind", "ByTime",
           "Device", "Docker", "Gate", "Group", "Input", "Inventory", "Kubernetes", "Matrix",
           "MirrorPolicy", "Plain", "Plugin", "RunAll", "Script", "Settings", "Shaped", "Step",
           "TextField"]
