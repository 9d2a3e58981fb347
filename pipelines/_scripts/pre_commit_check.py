import json
import os
import subprocess
import sys
import time
import urllib.request

POLL_SECONDS = 60
MAX_WAIT_SECONDS = 3600
FAILED = ("failure", "timed_out", "action_required")

repo = os.environ.get("VLLM_CI_GITHUB_REPO") or "vllm-project/vllm"
commit = os.environ["BUILDKITE_COMMIT"]
api = os.environ.get("GITHUB_API_URL") or "https://api.github.com"
url = f"{api}/repos/{repo}/commits/{commit}/check-runs?check_name=pre-commit"


def annotate(text, style):
    command = ["buildkite-agent", "annotate", text, "--style", style, "--context", "pre-commit"]
    subprocess.run(command, check=False)


def pre_commit_run():
    request = urllib.request.Request(url, headers={"Accept": "application/vnd.github+json"})
    token = os.environ.get("GITHUB_TOKEN")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            runs = json.load(response).get("check_runs", [])
    except Exception as error:  # a network hiccup: ask again at the next poll
        print(f"could not read the check runs of {commit}: {error}")
        return None
    return next((run for run in runs if run.get("name") == "pre-commit"), None)


waited = 0
while waited < MAX_WAIT_SECONDS:
    run = pre_commit_run()
    if run is not None and run.get("status") == "completed":
        conclusion = run.get("conclusion")
        print(f"pre-commit check: {conclusion}")
        if conclusion in FAILED:
            annotate(f":x: pre-commit check failed on this PR (conclusion: {conclusion}). "
                     "Please fix pre-commit issues before running CI.", "error")
            sys.exit(1)
        sys.exit(0)
    print(f"waiting for the pre-commit check of {commit} ({waited} s so far)")
    time.sleep(POLL_SECONDS)
    waited += POLL_SECONDS

annotate(f":warning: the pre-commit check of {commit} did not finish within "
         f"{MAX_WAIT_SECONDS // 60} minutes; CI continues without it.", "warning")
