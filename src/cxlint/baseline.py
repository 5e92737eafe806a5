"""Baselines: adopt cxlint in a repo that already has thousands of old violations.

``cxlint check --write-baseline FILE`` records today's diagnostics;
``cxlint check --baseline FILE`` then fails only on diagnostics that are not
in it. An entry is a *fingerprint* -- rule code, file path and the offending
text -- plus a count, never a line number: editing a page above an old
violation (which shifts its line) keeps it baselined, while a second copy of
the same violation in the same file is new (the count is exceeded).

The file is JSON, sorted and indented so that it diffs well in review::

    {
      "version": 1,
      "tool": "cxlint",
      "entries": [
        {"path": "content/news/a.md", "code": "ENT001", "text": "&#8217;", "count": 2,
         "message": "HTML entity '&#8217;' ..."}
      ]
    }

Paths are relative to the folder holding the baseline file (POSIX), so the
baseline works whatever folder cxlint runs from. ``message`` is for humans
and is not matched (a reworded message must not un-baseline anything).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from cxlint.diagnostics import INTERNAL_ERROR, SORT_KEY, Diagnostic

VERSION = 1
_NUMBERS = re.compile(r"\d+")


class BaselineError(Exception):
    """The baseline file cannot be used (missing, not JSON, wrong shape or version)."""


def offending_text(d: Diagnostic) -> str:
    """What a diagnostic is about, independent of where it is.

    The rule's snippet (the flagged text); a zero-width diagnostic (FM001 at
    a parse error, IO001) has none, so its message stands in with numbers
    (line/column/offset) blanked, since those move when lines shift.
    """
    text = d.snippet.replace("\r\n", "\n").strip()
    if text:
        return text
    return "message: " + _NUMBERS.sub("#", d.message)


Key = tuple[str, str, str]  # (path relative to the baseline folder, code, offending text)


def fingerprint(*parts: str) -> str:
    """A short stable hash of a key's parts (GitLab's Code Quality fingerprint)."""
    raw = "\0".join(parts).encode("utf-8", "surrogateescape")  # (a file name's undecodable bytes)
    return hashlib.sha256(raw).hexdigest()[:32]


@dataclass
class Baseline:
    path: Path
    counts: Counter = field(default_factory=Counter)  # Key -> how many are baselined
    messages: dict = field(default_factory=dict)  # Key -> a message, for humans

    def __post_init__(self) -> None:
        self.root = self.path.resolve().parent  # paths in the file are relative to its folder

    def key(self, d: Diagnostic, cwd: Path) -> Key:
        return (_relative(d.path, cwd, self.root), d.code, offending_text(d))

    # ------------------------------------------------------------------ io
    @classmethod
    def load(cls, path: Path) -> "Baseline":
        path = Path(path)
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise BaselineError(f"{path}: baseline file not found (create it with --write-baseline {path})") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc}") from None
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise BaselineError(f"{path}:{exc.lineno}:{exc.colno}: baseline is not valid JSON: {exc.msg}") from None
        if not isinstance(data, dict) or "entries" not in data:
            raise BaselineError(f"{path}: not a cxlint baseline (expected an object with 'version' and 'entries')")
        if data.get("version") != VERSION:
            raise BaselineError(
                f"{path}: baseline version {data.get('version')!r} is not supported (this cxlint reads version {VERSION})"
            )
        entries = data["entries"]
        if not isinstance(entries, list):
            raise BaselineError(f"{path}: 'entries' must be a list")
        base = cls(path)
        for i, e in enumerate(entries):
            try:
                key = (str(e["path"]), str(e["code"]), str(e["text"]))
                count = int(e.get("count", 1))
            except (TypeError, KeyError, ValueError):
                raise BaselineError(
                    f"{path}: entries[{i}]: needs 'path', 'code', 'text' and an integer 'count'"
                ) from None
            if count < 1:
                raise BaselineError(f"{path}: entries[{i}]: 'count' must be at least 1")
            base.counts[key] += count
            base.messages.setdefault(key, str(e.get("message", "")))
        return base

    def dumps(self) -> str:
        entries = [
            {"path": k[0], "code": k[1], "text": k[2], "count": n, "message": self.messages.get(k, "")}
            for k, n in sorted(self.counts.items())
            if n > 0
        ]
        doc = {"version": VERSION, "tool": "cxlint", "entries": entries}
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"

    def write(self) -> None:
        from cxlint.fsutil import atomic_write

        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, self.dumps().encode("utf-8"))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Filtered:
    new: list[Diagnostic]  # not in the baseline: these fail the run
    baselined: int  # how many diagnostics the baseline hid
    fixed: int  # baseline entries (counting duplicates) no longer found in the files checked


def apply(baseline: Baseline, diagnostics: Iterable[Diagnostic], cwd: Path, checked: Iterable[str]) -> Filtered:
    """Split ``diagnostics`` into new ones and baselined ones.

    ``checked`` are the display paths of the files this run looked at: only
    their baseline entries can be "fixed" (a run on one changed page must not
    call every other page's entries stale).
    """
    budget = Counter(baseline.counts)
    new: list[Diagnostic] = []
    hidden = 0
    for d in sorted(diagnostics, key=SORT_KEY):  # sorted: the same ones are hidden on every run
        key = baseline.key(d, cwd)
        if d.code == INTERNAL_ERROR:
            new.append(d)  # a crashed rule is never "known": it hides what the rule would find
        elif budget[key] > 0:
            budget[key] -= 1
            hidden += 1
        else:
            new.append(d)
    seen = {_relative(p, cwd, baseline.root) for p in checked}
    fixed = sum(n for (path, _, _), n in budget.items() if n > 0 and path in seen)
    return Filtered(new, hidden, fixed)


def record(
    path: Path,
    diagnostics: Iterable[Diagnostic],
    cwd: Path,
    checked: Iterable[str],
    previous: Baseline | None = None,
    codes: Iterable[str] | None = None,
) -> Baseline:
    """A baseline of ``diagnostics``.

    Entries of ``previous`` that this run could not have seen are kept: files it did not
    check (``--write-baseline`` on a few files must not forget the rest of the site) and
    rules it did not run (``codes``: the run's rules, e.g. with ``--select``) -- unless the
    file is gone.
    """
    base = Baseline(Path(path))
    seen = {_relative(p, cwd, base.root) for p in checked}
    ran = None if codes is None else set(codes)
    if previous is not None:
        for key, n in previous.counts.items():
            unseen = key[0] not in seen or (ran is not None and key[1] not in ran)
            if unseen and (base.root / key[0]).exists():
                base.counts[key] += n
                base.messages[key] = previous.messages.get(key, "")
    for d in sorted(diagnostics, key=SORT_KEY):
        if d.code == INTERNAL_ERROR:
            continue  # (never baselined: see apply)
        key = base.key(d, cwd)
        base.counts[key] += 1
        base.messages.setdefault(key, d.message)
    return base


@lru_cache(maxsize=65536)  # one call per diagnostic; a site has far fewer files than problems
def _relative(display: str, cwd: Path, root: Path) -> str:
    """A diagnostic's display path (relative to ``cwd`` or absolute) made relative to ``root``."""
    absolute = os.path.normpath(os.path.join(os.fspath(cwd), display))
    rel = os.path.relpath(absolute, os.fspath(root))
    return rel.replace(os.sep, "/")
