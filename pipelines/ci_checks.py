"""Checks that gate the test jobs: on pull requests, wait for GitHub's pre-commit check.

Test steps list `pre-commit` in their dependencies (`AFTER_IMAGE` and friends in
`common.py`). The step only exists in PR builds; elsewhere the dependency on it
is dropped with it.
"""

from __future__ import annotations

from pathlib import Path

from vllmci.define import Group, Step

# Polls the check runs of the build's commit until GitHub's `pre-commit` check
# completes (every 60 s, at most an hour). A failed check fails this step with
# an annotation; anything else, or no verdict within the hour, lets CI go on.
# The commit and repository are read when the job runs. The program is
# `_scripts/pre_commit_check.py` (the `_` keeps the definitions loader from
# importing it), inlined verbatim into the step's command.
PRE_COMMIT_PROGRAM = (Path(__file__).parent / "_scripts" / "pre_commit_check.py").read_text(
    encoding="utf-8")
if not PRE_COMMIT_PROGRAM.endswith("\n") or "\nPRE_COMMIT\n" in "\n" + PRE_COMMIT_PROGRAM:
    raise ValueError("_scripts/pre_commit_check.py must end with a newline and have no line "
                     "`PRE_COMMIT` (the here-document's delimiter)")

PRE_COMMIT_COMMAND = f"python3 - <<'PRE_COMMIT'\n{PRE_COMMIT_PROGRAM}PRE_COMMIT"

CI_CHECKS = Group(
    name="GitHub pre-commit check",
    depends_on=[],
    steps=[
        Step(
            key="pre-commit",
            label=":github: GitHub pre-commit check",
            device="ci-check",
            only_in=["pr"],
            always_run=True,
            no_plugin=True,
            commands=[PRE_COMMIT_COMMAND],
        ),
    ],
)
