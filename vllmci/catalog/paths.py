"""Dependency entries: which changed files a step's `paths` match.

An entry is a path prefix (`vllm/lora` matches `vllm/lora` and `vllm/lora/...`;
a trailing `/` is ignored), a glob when it holds `*`, `?` or `[` (`**` spans
directories, `*` stays within one), or an exclusion when it starts with `!`.
A file matches when an entry includes it and no exclusion removes it.

A pipeline whose settings say `matching="prefix"` (vLLM's AMD pipeline, as its
template matches) reads every entry as a raw string prefix instead: `vllm/lora`
also matches `vllm/lora_utils.py`, and there are no globs and no exclusions.
"""

from __future__ import annotations

import bisect
import functools
import re

import attrs

from vllmci.values import frozen

_GLOB_CHARS = frozenset("*?[")


def is_glob(entry: str) -> bool:
    return any(c in _GLOB_CHARS for c in entry)


@functools.lru_cache(maxsize=4096)
def _glob_regex(entry: str) -> re.Pattern[str]:
    out, i = [], 0
    while i < len(entry):
        if entry.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif entry.startswith("**", i):
            out.append(".*")
            i += 2
        else:
            out.append(_glob_char(entry[i]))
            i += 1
    return re.compile("".join(out) + "(?:/.*)?", re.DOTALL)


def _glob_char(char: str) -> str:
    return {"*": "[^/]*", "?": "[^/]"}.get(char, re.escape(char))


def entry_matches(entry: str, path: str) -> bool:
    """Does one (non-negated) entry match one changed path?"""
    if is_glob(entry):
        return _glob_regex(entry).fullmatch(path) is not None
    entry = entry.rstrip("/")
    return path == entry or path.startswith(entry + "/")


@frozen
class PathRule:
    """A step's dependency entries, split into includes and `!` exclusions
    (`prefix`: every entry is a raw string prefix, nothing excludes)."""

    includes: tuple[str, ...]
    excludes: tuple[str, ...] = ()
    prefix: bool = False

    @classmethod
    def from_entries(cls, entries: tuple[str, ...] | None,
                     matching: str = "paths") -> PathRule:
        entries = entries or ()
        if matching == "prefix":
            return cls(includes=tuple(e for e in entries if e), prefix=True)
        return cls(
            includes=tuple(e for e in entries if not e.startswith("!")),
            excludes=tuple(e[1:] for e in entries if e.startswith("!")),
        )

    def match(self, path: str) -> str | None:
        """The first entry that selects `path`, or None."""
        if self.prefix:
            return next((e for e in self.includes if path.startswith(e)), None)
        if any(entry_matches(e, path) for e in self.excludes):
            return None
        for entry in self.includes:
            if entry_matches(entry, path):
                return entry
        return None

    def __bool__(self) -> bool:
        return bool(self.includes)


@frozen
class FileIndex:
    """The changed files, sorted, answering "which files does this entry match?"
    in O(log n) for prefix entries; answers are cached per entry."""

    files: tuple[str, ...] = attrs.field(converter=lambda f: tuple(sorted(set(f))))
    _cache: dict[str, tuple[str, ...]] = attrs.field(factory=dict, init=False, repr=False,
                                                      eq=False)

    def matching(self, entry: str) -> tuple[str, ...]:
        if entry not in self._cache:
            self._cache[entry] = self._search(entry)
        return self._cache[entry]

    def _search(self, entry: str) -> tuple[str, ...]:
        if is_glob(entry):
            pattern = _glob_regex(entry)
            return tuple(f for f in self.files if pattern.fullmatch(f))
        base = entry.rstrip("/")
        if not base:
            return ()
        exact = self._range(base, base + "\0")
        below = self._range(base + "/", base + "0")  # "0" sorts right after "/"
        return exact + below

    def starting_with(self, prefix: str) -> tuple[str, ...]:
        """The files that start with `prefix` as a string (no path rules)."""
        slot = "\0" + prefix
        if slot not in self._cache:
            start = bisect.bisect_left(self.files, prefix)
            end = start
            while end < len(self.files) and self.files[end].startswith(prefix):
                end += 1
            self._cache[slot] = self.files[start:end]
        return self._cache[slot]

    def _range(self, low: str, high: str) -> tuple[str, ...]:
        start = bisect.bisect_left(self.files, low)
        return self.files[start:bisect.bisect_left(self.files, high, lo=start)]


def rule_matches(rule: PathRule, index: FileIndex) -> list[tuple[str, str]]:
    """Every (file, first entry matching it) of `rule`, in file order."""
    if rule.prefix:
        found = {}
        for entry in rule.includes:
            for path in index.starting_with(entry):
                found.setdefault(path, entry)
        return sorted(found.items())
    excluded: set[str] = set()
    for entry in rule.excludes:
        excluded.update(index.matching(entry))
    found: dict[str, str] = {}
    for entry in rule.includes:
        for path in index.matching(entry):
            if path not in excluded:
                found.setdefault(path, entry)
    return sorted(found.items())
