"""The whole-run memo key (run.Run._memo_key) against its reference: file_signature() per file.

The key's loop inlines file_signature() (one clock reading for the run): it must give the
same key for the same files, and no key when a file changed in the last two seconds.
"""

from __future__ import annotations

import itertools
import os
import time
from array import array
from pathlib import Path

import pytest

from cxlint import run as runmod
from cxlint.cache import digest, file_signature
from cxlint.config import parse_config
from cxlint.engine import Linter

CORPUS = Path("/work/shared/corpus/digitalgov")


def _reference_memo_key(self) -> str | None:
    """The loop as it was: file_signature() called for every file."""
    facts_key, run_key = self._keys()
    targets = self.targets
    names = [facts_key, run_key]
    numbers = array("q")
    for path, mark in itertools.chain(((p, "t" if p in targets else "") for p in self.found.pages), self.found.others):
        try:
            st = os.stat(path)
        except OSError:
            return None
        sig = file_signature(st)
        if sig is None:
            return None
        names.append(f"{path}\0{mark}")
        numbers.extend(sig)
    return digest("run", "\n".join(names).encode("utf-8", "surrogatepass"), numbers.tobytes())


def _keys_of(monkeypatch, root: Path, paths: list[Path], cache_dir: Path) -> list[tuple]:
    got = []
    fast = runmod.Run._memo_key

    def both(self):
        ref = _reference_memo_key(self)
        key = fast(self)
        got.append((ref, key, set(self.stats) >= set(self.found.pages) if key else None))
        return key

    monkeypatch.setattr(runmod.Run, "_memo_key", both)
    linter = Linter(parse_config({"select": ["ALL"]}, None), jobs=1, cwd=root, cache=True, cache_dir=cache_dir)
    linter.check(paths)
    return got


def _later(monkeypatch, seconds: float) -> None:
    """The clock ``seconds`` ahead (a file's ctime cannot be set back: its files are made old so)."""
    now = time.time
    monkeypatch.setattr(time, "time", lambda: now() + seconds)


def test_same_key_as_the_reference_and_none_for_a_recent_file(make_site, monkeypatch, tmp_path):
    files = {f"content/news/p{i:03d}.md": f"---\ntitle: P{i}\n---\n## Part {i}\n" for i in range(30)}
    files["content/é/ünï.md"] = "---\r\ntitle: x\r\n---\r\nbody\r\n"
    files["data/menu.yaml"] = "a: 1\n"
    root = make_site(files)
    _later(monkeypatch, 10)
    whole = _keys_of(monkeypatch, root, [root], tmp_path / "c1")
    some = _keys_of(monkeypatch, root, [root / "content/news/p003.md"], tmp_path / "c2")
    for ref, key, stats_kept in whole + some:
        assert key is not None and key == ref and stats_kept
    assert whole[0][1] != some[0][1]  # the targets count
    (root / "content/news/p007.md").write_text("---\ntitle: new\n---\n", encoding="utf-8")
    future = time.time() - 1.5  # changed 1.5 s before the (moved) clock says now: recent
    os.utime(root / "content/news/p007.md", (future, future))
    recent = _keys_of(monkeypatch, root, [root], tmp_path / "c3")
    assert recent == [(None, None, None)]


def test_same_key_as_the_reference_on_the_real_site(monkeypatch, tmp_path):
    if not (CORPUS / "content").is_dir():
        pytest.skip(f"the real site is not at {CORPUS}")
    got = _keys_of(monkeypatch, CORPUS, [CORPUS], tmp_path / "cache")
    assert got and all(ref == key for ref, key, _ in got) and got[0][1] is not None
