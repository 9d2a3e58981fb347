#!/usr/bin/env bash
# The bootstrap of vLLM's CI: install the vllmci that VLLMCI_SPEC pins, then run
#   python -m vllmci "$@"        (the step runs `bash .buildkite/bootstrap.sh upload`)
#
# The environment is built with uv when the agent has it, else with venv + pip,
# and kept for the next job on this host, under
#   ${VLLMCI_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vllmci}/envs/<key>
# where <key> is the sha256 of the exact VLLMCI_SPEC (and of the wheel, when it
# is a file) and of the Python interpreter. An environment is built in a
# temporary directory, checked, and renamed into place: a half-written one is
# never used. flock(1) keeps two jobs of one host from building or removing an
# environment the other is using. A cached environment is checked before each
# use (completion marker for this exact spec, every installed file present,
# vllmci's version is the pinned one); a broken one is removed and rebuilt. If
# the cache cannot be used at all, vllmci is installed afresh into a directory
# of this job's own (without the package caches if they may be what broke): a
# cache problem never fails the build. vllmci runs with `python -I`, so nothing
# in the checkout (a vllmci/ directory) or in PYTHONPATH can stand in for the
# pinned one. See docs/operations.md, "The bootstrap cache".
#
# The exit status is vllmci's (4: the upload failed, which the step retries),
# or 1 when vllmci cannot be installed at all.
set -euo pipefail

MARKER=.vllmci-bootstrap   # written last into a complete, checked environment
LAYOUT=1                   # part of the key: bump when environments are built differently
KEEP_DAYS=30               # environments of other keys unused this long are removed
LOCK_WAIT=300              # seconds to wait for another job building the same environment

say() { printf 'vllmci bootstrap: %s\n' "$*" >&2; }

# Microseconds since the epoch in REPLY (bash 5's EPOCHREALTIME; 0 without it).
clock() { local t=${EPOCHREALTIME:-0}; t=${t//[!0-9]/}; REPLY=$((10#$t)); }

# report PHASE START TEXT: "vllmci bootstrap: PHASE 1.23 s: TEXT" (bench/bootstrap.py reads it).
report() {
    local phase=$1 start=$2 us
    shift 2
    clock
    us=$((REPLY - start))
    say "$(printf '%s %d.%02d s: %s' "$phase" $((us / 1000000)) $((us % 1000000 / 10000)) "$*")"
}

spec=${VLLMCI_SPEC:-}
if [ -z "$spec" ]; then
    say "VLLMCI_SPEC is not set: it names the vllmci to install (.buildkite/pipeline.yml)"
    exit 1
fi
python=$(command -v python3) || { say "python3 is not on PATH"; exit 1; }
uv=$(command -v uv || true)

clock
started=$REPLY

# The cache key, or nothing when VLLMCI_SPEC does not pin one build of vllmci
# (caching `vllmci>=0.1` would keep whatever it installed first).
KEY_PY='
import hashlib, os, platform, re, sys
spec = sys.argv[2]
pinned = (re.fullmatch(r"\s*vllmci\s*===?\s*[\w.+!-]+\s*", spec, re.I)
          or re.search(r"\.whl(#\S*)?\s*$", spec)
          or re.search(r"git\+\S+@[\w./+-]+(#\S*)?\s*$", spec))
if pinned:
    digest = hashlib.sha256()
    for part in (sys.argv[1], spec, sys.version, os.path.realpath(sys.executable),
                 platform.machine()):
        digest.update(part.encode() + b"\0")
    if os.path.isabs(spec) and os.path.isfile(spec):  # a local wheel: its content counts
        with open(spec, "rb") as wheel:
            digest.update(hashlib.sha256(wheel.read()).digest())
    print(digest.hexdigest())
'

# Checks the environment whose python runs it (argv: marker, spec); prints why not.
CHECK_PY='
import os, re, sys
marker, spec = sys.argv[1], sys.argv[2]
try:
    with open(marker, encoding="utf-8") as f:
        fields = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
except OSError:
    sys.exit("no completion marker")
if fields.get("spec") != spec:
    sys.exit("its marker names another VLLMCI_SPEC")
import vllmci
site = os.path.dirname(os.path.dirname(os.path.realpath(vllmci.__file__)))
if not site.startswith(os.path.realpath(sys.prefix) + os.sep):
    sys.exit(f"vllmci is imported from {site}, outside the environment")
versions = [n[len("vllmci-"):-len(".dist-info")] for n in os.listdir(site)
            if n.startswith("vllmci-") and n.endswith(".dist-info")]
if len(versions) != 1:
    sys.exit(f"{len(versions)} installed vllmci distributions")
def norm(v):
    return re.sub(r"(\.0+)+$", "", v.strip().lower())
pin = (re.fullmatch(r"\s*vllmci\s*===?\s*([\w.+!-]+)\s*", spec, re.I)
       or re.fullmatch(r"vllmci-([^-]+)-.+\.whl", os.path.basename(spec.split("#")[0]), re.I))
if pin and norm(pin.group(1)) != norm(versions[0]):
    sys.exit(f"vllmci {versions[0]} is installed, VLLMCI_SPEC pins {pin.group(1)}")
recorded = fields.get("version", versions[0])
if recorded != versions[0]:
    sys.exit(f"vllmci {versions[0]} is installed, its marker says {recorded}")
for name in os.listdir(site):
    if name.endswith(".dist-info"):
        with open(os.path.join(site, name, "RECORD"), encoding="utf-8") as record:
            for line in record:
                path = line.rsplit(",", 2)[0].strip("\"")
                if path and not os.path.exists(os.path.join(site, path)):
                    sys.exit(f"{path} is missing")
print(versions[0])
'

# check DIR: is DIR a complete environment of this spec? Prints the version, or why not.
check() {
    (cd "$1" && "$1/bin/python" -I -c "$CHECK_PY" "$1/$MARKER" "$spec" 2>&1 | tail -n 1
     exit "${PIPESTATUS[0]}")
}

# with_uv DIR [no-cache], with_pip DIR [no-cache]: create the environment DIR
# and install VLLMCI_SPEC into it. The installers run in DIR's parent, not in
# the checkout, whose files (pyproject.toml's [tool.uv]) must not steer them.
with_uv() {
    local dir=$1 start
    installer="uv $("$uv" --version 2>/dev/null | cut -d' ' -f2)"
    clock
    start=$REPLY
    (cd "${dir%/*}" && "$uv" venv --quiet --python "$python" "$dir") || return 1
    report environment "$start" "created with $installer"
    clock
    install_start=$REPLY
    (cd "${dir%/*}" && "$uv" pip install --quiet ${2:+--no-cache} \
        --python "$dir/bin/python" "$spec")
}
with_pip() {
    local dir=$1 start why="no uv on PATH"
    [ -z "$uv" ] || why="uv failed"
    installer=pip
    clock
    start=$REPLY
    (cd "${dir%/*}" && "$python" -I -m venv "$dir") || return 1
    report environment "$start" "created with python3 -m venv ($why)"
    clock
    install_start=$REPLY
    # --no-compile: Python writes the .pyc files of what vllmci imports on its
    # first run, which is cheaper than compiling everything (bench/README.md).
    (cd "${dir%/*}" && "$dir/bin/python" -I -m pip install --quiet --no-compile \
        --disable-pip-version-check ${2:+--no-cache-dir} "$spec")
}

# build DIR [no-cache]: a new environment in DIR with the pinned vllmci, checked
# and marked complete; with pip if uv fails.
build() {
    local dir=$1 no_cache=${2:-} version
    if [ -n "$uv" ]; then
        if ! with_uv "$dir" "$no_cache"; then
            say "installing with uv failed: trying pip"
            rm -rf "$dir"
            with_pip "$dir" "$no_cache" || return 1
        fi
    else
        with_pip "$dir" "$no_cache" || return 1
    fi
    printf 'spec=%s\ninstaller=%s\npython=%s\n' "$spec" "$installer" "$python" \
        >"$dir/$MARKER" || return 1
    version=$(check "$dir") || { say "the new environment is not right: $version"; return 1; }
    printf 'version=%s\n' "$version" >>"$dir/$MARKER" || return 1
    report install "$install_start" \
        "$spec (vllmci $version) with $installer${no_cache:+, no package cache}"
}

# Renames a directory, failing if the target exists (rename(2) is atomic).
RENAME_PY='import os, sys; os.rename(sys.argv[1], sys.argv[2])'

# Removes environments of other keys not used for KEEP_DAYS, skipping any in use.
prune() {
    local marker old
    find "$envs" -mindepth 2 -maxdepth 2 -name "$MARKER" -mtime +"$KEEP_DAYS" 2>/dev/null |
        while IFS= read -r marker; do
            old=${marker%/*}
            case ${old##*/} in *.*) continue ;; esac   # a .tmp- or .trash- directory
            [ "$old" != "$env" ] || continue
            (flock -n -x 8 && mv "$old" "$old.trash-$$" && rm -rf "$old.trash-$$" &&
                say "removed $old, unused for $KEEP_DAYS days") 8>>"$old.lock" || true
        done
}

# use_cache: set run_dir to the cached environment of this spec, building it if
# needed. Returns non-zero (after saying why) when the cache cannot be used.
use_cache() {
    local start=$started version tmp
    if [ -z "$key" ]; then
        say "VLLMCI_SPEC ($spec) does not pin one version: not caching"
        return 1
    fi
    command -v flock >/dev/null || { say "flock is not on PATH: not caching"; return 1; }
    if ! mkdir -p "$envs" 2>/dev/null || ! : 2>/dev/null >>"$env.lock"; then
        say "cannot write to $envs: not caching"
        suspect=no-cache   # the package caches are likely unwritable too
        return 1
    fi
    exec 9>>"$env.lock"
    # Shared while this job runs from the environment; exclusive to build or remove it.
    flock -s -w "$LOCK_WAIT" 9 || { say "timed out waiting for $env.lock"; return 1; }
    if [ -d "$env" ] && version=$(check "$env"); then
        touch -c "$env/$MARKER" 2>/dev/null || true   # last used, for prune
        run_dir=$env
        report environment "$start" "reused $env (vllmci $version)"
        return 0
    fi
    flock -x -w "$LOCK_WAIT" 9 || { say "timed out waiting for $env.lock"; return 1; }
    if [ -d "$env" ]; then
        if version=$(check "$env"); then   # another job built it meanwhile
            flock -s 9
            run_dir=$env
            report environment "$start" "reused $env (vllmci $version), built by another job"
            return 0
        fi
        say "the cached environment $env is broken ($version): removing it, installing afresh"
        if ! mv "$env" "$env.trash-$$" || ! rm -rf "$env.trash-$$"; then
            say "cannot remove $env"
            return 1
        fi
    fi
    rm -rf "$env".tmp-* "$env".trash-*   # left by jobs that died here; this lock is ours
    tmp=$env.tmp-$$
    if ! build "$tmp" || ! "$python" -I -S -c "$RENAME_PY" "$tmp" "$env"; then
        rm -rf "$tmp"
        say "could not build the cached environment $env: installing afresh, no package cache"
        suspect=no-cache
        return 1
    fi
    flock -s 9
    [ -f "$env/$MARKER" ] || { say "$env vanished"; return 1; }
    run_dir=$env
    say "cached as $env"
    prune
}

# install_private: a fresh environment of this job's own, removed when the job
# ends; without the package caches if they may be what broke the cached build.
private=""
suspect=""
trap '[ -z "$private" ] || rm -rf "$private"' EXIT
install_private() {
    private=$(mktemp -d "${TMPDIR:-/tmp}/vllmci-bootstrap.XXXXXX")
    if ! build "$private/env" "$suspect"; then
        say "could not install VLLMCI_SPEC=$spec"
        exit 1
    fi
    run_dir=$private/env
}

key=$(cd / && "$python" -I -S -c "$KEY_PY" "bootstrap-$LAYOUT" "$spec") || key=""
cache=${VLLMCI_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/vllmci}
case $cache in /*) ;; *) cache=$PWD/$cache ;; esac
envs=$cache/envs
env=$envs/$key
run_dir=""
if ! use_cache; then
    exec 9>&-   # let go of the lock, if taken: this job does not use the cache
    install_private
fi

clock
start=$REPLY
status=0
"$run_dir/bin/python" -I -m vllmci "$@" 9>&- || status=$?
report run "$start" "python -m vllmci $* exited $status"
exit "$status"
