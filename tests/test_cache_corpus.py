"""The cache on a copy of the real site: a cached run reports what an uncached one does,
also after an edit that changes only a page's headings (no page facts) that other pages'
``#fragment`` refs name. Skips without the corpus; copy and five runs take ~15 s on 2 cores."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cxlint.config import load_config
from cxlint.engine import Linter

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "examples" / "digitalgov.cxlint.toml"
BUILD_DATE = dt.date(2025, 4, 9)  # the corpus commit date: expiry-dependent rules stay stable
#: a page another page links to by '#audit', its heading "## Audit"
TARGET = "content/news/2013/03/2013-03-12-how-to-get-started-with-apis.md"


def _lint(root: Path, cache: bool) -> list[tuple]:
    # (an explicit cache folder: the copy keeps the corpus's read-only modes, and cxlint
    # writes no cache into a tree marked read-only)
    linter = Linter(
        load_config(CONFIG), select=["ALL"], jobs=2, cwd=root, cache=cache, build_date=BUILD_DATE,
        cache_dir=root.parent / "cache" if cache else None,
    )
    result = linter.check([root])
    if cache:
        assert list((root.parent / "cache").glob("results-*")), "the run wrote no cache"
    return [(d.path, d.line, d.column, d.code, d.message) for d in result.diagnostics]


def test_cached_runs_match_uncached_ones_after_a_heading_rename(corpus_copy):
    root = corpus_copy
    cold = _lint(root, cache=True)
    assert cold == _lint(root, cache=False)
    assert _lint(root, cache=True) == cold  # warm
    # the page's text changes, its page facts do not: the pages whose '#audit' ref read its
    # headings are checked again because their cached results say they read them
    target = root / TARGET
    text = target.read_text(encoding="utf-8")
    assert "\n## Audit\n" in text
    target.write_text(text.replace("\n## Audit\n", "\n## Review\n"), encoding="utf-8")
    after = _lint(root, cache=True)
    assert after == _lint(root, cache=False)
    new = sorted(set(after) - set(cold))
    assert [(d[3], d[4]) for d in new] == [
        ("REF003", f"anchor '#audit' not found on '/{TARGET.removeprefix('content/')}'")
    ]
    assert not set(cold) - set(after)
