"""The pull request's labels, for the run-all rule's `labels` (vLLM's `ready-run-all-tests`).

Buildkite has no variable for them. In order:

1. `VLLM_CI_PR_LABELS` (comma-separated), which a Buildkite plugin or hook can
   set: read by `BuildContext.from_env`, never looked up again;
2. inside Buildkite, on a pull request build: GitHub's REST API,
   `GET {api}/repos/{owner}/{repo}/pulls/{number}` for the repository in
   `BUILDKITE_REPO` (labels live on the base repository, also for a fork's pull
   request), with a short timeout; `VLLMCI_GITHUB_API` replaces
   `https://api.github.com`, and `GITHUB_TOKEN`, when set, is sent (vLLM's
   repository is public: no token is needed);
3. otherwise (a local plan, a branch build): no labels.

A failed lookup never runs fewer steps: the plan proceeds without labels and
says why in its notes (text plan and annotation).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import attrs

from vllmci.context import BuildContext

API_VARIABLE = "VLLMCI_GITHUB_API"
DEFAULT_API = "https://api.github.com"
TIMEOUT_SECONDS = 3.0
MAX_RESPONSE_BYTES = 4 << 20
_GITHUB_REPO = re.compile(
    r"^(?:https?://|ssh://git@|git://|git@)github\.com[:/]"
    r"(?P<owner>[A-Za-z0-9_.-]+)/(?P<name>[A-Za-z0-9_.-]+?)(?:\.git)?/?$")


class LabelLookupError(Exception):
    """The labels could not be read; the message says why."""


def github_repository(url: str) -> str | None:
    """`owner/name` of a GitHub clone URL (https, ssh or `git@` form), else None."""
    found = _GITHUB_REPO.match(url.strip())
    return f"{found['owner']}/{found['name']}" if found else None


def with_labels(ctx: BuildContext, wanted: Iterable[str]) -> BuildContext:
    """`ctx` with its pull request's labels known, looked up only when the
    definitions name labels (`wanted`) and `VLLM_CI_PR_LABELS` did not give them."""
    if ctx.labels is not None or not tuple(wanted):
        return ctx
    if not (ctx.in_buildkite and ctx.is_pr):
        return attrs.evolve(ctx, labels=())
    try:
        return attrs.evolve(ctx, labels=fetch_labels(ctx))
    except LabelLookupError as error:
        problem = (f"could not read the pull request's labels: {error}; "
                   "proceeding without labels")
        return attrs.evolve(ctx, labels=(), labels_problem=problem)


def fetch_labels(ctx: BuildContext, timeout: float | None = None) -> tuple[str, ...]:
    """The labels of `ctx`'s pull request, from GitHub's REST API (`timeout` seconds,
    default `TIMEOUT_SECONDS`)."""
    # Here, not at the top: urllib.request brings http, ssl and email, a tenth of the
    # start-up of every `plan`, and only a pull request build in Buildkite needs them.
    import http.client
    import urllib.error
    import urllib.request

    repo_url = ctx.getenv("BUILDKITE_REPO")
    repo = github_repository(repo_url)
    if repo is None:
        raise LabelLookupError(f"BUILDKITE_REPO={repo_url!r} is not a GitHub repository")
    api = (ctx.getenv(API_VARIABLE) or DEFAULT_API).rstrip("/")
    url = f"{api}/repos/{repo}/pulls/{ctx.pull_request}"
    request = urllib.request.Request(url, headers={
        "Accept": "application/vnd.github+json", "User-Agent": "vllmci",
        "X-GitHub-Api-Version": "2022-11-28"})
    token = ctx.getenv("GITHUB_TOKEN").strip()
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout or TIMEOUT_SECONDS) as response:
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise LabelLookupError(f"GET {url}: HTTP {error.code} {error.reason}") from None
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise LabelLookupError(f"GET {url}: {reason}") from None
    if len(body) > MAX_RESPONSE_BYTES:
        raise LabelLookupError(f"GET {url}: the response is larger than "
                               f"{MAX_RESPONSE_BYTES >> 20} MiB")
    return _label_names(url, body)


def _label_names(url: str, body: bytes) -> tuple[str, ...]:
    try:
        data: Any = json.loads(body)
    except (ValueError, RecursionError):
        raise LabelLookupError(f"GET {url}: the response is not JSON") from None
    labels = data.get("labels") if isinstance(data, dict) else None
    if not isinstance(labels, list) or not all(
            isinstance(item, dict) and isinstance(item.get("name"), str) for item in labels):
        raise LabelLookupError(f"GET {url}: the response has no list of labels")
    return tuple(dict.fromkeys(item["name"] for item in labels))
