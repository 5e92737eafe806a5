"""The run memo: an unchanged site answers a whole run from one cache file, and any change misses it.

Files written by a test are seconds old at most, and a file changed in the last
two seconds has no signature (see ``cache.file_signature``): the tests here make
every file count as old, which is what a real warm run sees.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cxlint import cache as cachemod
from cxlint.cli import main
from cxlint.config import parse_config
from cxlint.engine import Linter
from test_cache import SITE as CACHE_SITE

RULES = ["REF001", "REF003", "TAX001", "TAX003", "ENT001", "FM002"]

#: the cache tests' site (refs, an anchor, a topic alias case, an entity) and a data file with a repeated key
SITE = {**CACHE_SITE, "data/feed.json": '{"a": 1, "a": 2}\n'}


@pytest.fixture
def loads(monkeypatch) -> list[str]:
    """Every file counts as old; the kinds of cache files each run reads are recorded."""
    monkeypatch.setattr(cachemod, "RECENT_SECONDS", -1.0)
    kinds: list[str] = []
    real = cachemod.Cache.load

    def load(self, kind, key, shard=None):
        if kind != "walk":  # folder listings: read by every cached run (tests/test_listings.py)
            kinds.append(kind)
        return real(self, kind, key, shard)

    monkeypatch.setattr(cachemod.Cache, "load", load)
    return kinds


def _lint(root: Path, *, cache: bool = True, select=RULES):
    linter = Linter(parse_config({"select": list(select), "extend-select": ["DUP001"]}, None), jobs=1, cwd=root, cache=cache)
    return linter.check([root])


def _found(result) -> list[tuple]:
    return [(d.path, d.line, d.column, d.code, d.message, d.fix) for d in result.diagnostics]


def _checked(root: Path) -> list[tuple]:
    """A cached run's findings, asserted equal to an uncached run's."""
    got = _found(_lint(root))
    assert got == _found(_lint(root, cache=False))
    return got


def test_an_unchanged_site_is_answered_from_the_run_memo_alone(make_site, loads):
    root = make_site(SITE)
    first = _checked(root)
    assert {"TAX001", "ENT001", "DUP001"} <= {f[3] for f in first}
    assert {p.name.split("-")[0] for p in (root / ".cxlint_cache").iterdir()} == {".gitignore", "facts", "results", "run", "walk"}
    loads.clear()
    again = _lint(root)
    assert _found(again) == first
    assert loads == ["run"]  # no facts, no per-file records
    assert again.files_checked == 6
    assert again.index.pages["news/c.md"].data["title"] == "C"  # the index is still there for whoever asks


@pytest.mark.parametrize(
    "change",
    ["edit body", "rename target", "delete target", "new alias", "touch data", "new page"],
)
def test_any_change_misses_the_memo_and_the_result_follows_it(make_site, loads, change):
    root = make_site(SITE)
    before = _checked(root)
    if change == "edit body":
        (root / "content/news/c.md").write_text("---\ntitle: C\ntopics:\n  - customer-service\n---\nFine.\n", encoding="utf-8")
    elif change == "rename target":
        (root / "content/guides/b.md").rename(root / "content/guides/b2.md")
    elif change == "delete target":
        (root / "content/guides/b.md").unlink()
    elif change == "new alias":
        (root / "content/topics/cx/_index.md").write_text(
            "---\ntitle: CX\naliases:\n  - /topics/customer-service/\n---\n", encoding="utf-8"
        )
    elif change == "touch data":
        (root / "data/feed.json").write_text('{"a": 1, "b": 2}\n', encoding="utf-8")
    else:
        (root / "content/news/d.md").write_text("---\ntitle: D\n---\nA &mdash; B.\n", encoding="utf-8")
    loads.clear()
    after = _checked(root)
    assert loads[0] == "run" and "facts" in loads
    assert after != before
    codes = {f[3] for f in after}
    expected = {
        "edit body": lambda: "ENT001" not in codes,
        "rename target": lambda: "REF001" in codes,
        "delete target": lambda: "REF001" in codes,
        "new alias": lambda: "TAX003" in codes and "TAX001" not in codes,
        "touch data": lambda: "DUP001" not in codes,
        "new page": lambda: ("content/news/d.md", 4, 3, "ENT001") in [f[:4] for f in after],
    }[change]
    assert expected()
    loads.clear()
    assert _found(_lint(root)) == after and loads == ["run"]


def test_other_settings_do_not_share_a_memo(make_site, loads):
    root = make_site(SITE)
    _checked(root)
    loads.clear()
    only_ent = _found(_lint(root, select=["ENT001"]))
    assert {f[3] for f in only_ent} == {"ENT001", "DUP001"}
    assert "facts" in loads  # not the memo of the other selection


def test_a_damaged_memo_is_ignored(make_site, loads):
    root = make_site(SITE)
    first = _checked(root)
    _lint(root)
    (memo,) = (root / ".cxlint_cache").glob("run-*")
    memo.write_bytes(memo.read_bytes()[:-40])
    assert _found(_lint(root)) == first


def test_a_recently_written_file_keeps_the_run_from_being_remembered(make_site, monkeypatch):
    root = make_site(SITE)  # every file is younger than two seconds: no signature
    _lint(root)
    _lint(root)
    assert not list((root / ".cxlint_cache").glob("run-*"))


def test_fix_after_a_remembered_run(make_site, loads, monkeypatch):
    root = make_site(SITE)
    monkeypatch.chdir(root)
    argv = ["check", "--no-color", "--select", "ENT001"]
    assert main(argv) == 1
    assert main(argv) == 1
    loads.clear()
    assert main(argv + ["--fix"]) == 0
    assert loads[0] == "run"
    assert (root / "content/news/c.md").read_text(encoding="utf-8").endswith("It\u2019s fine.\n")


def test_a_summary_line_needs_no_decoding_and_a_bad_blob_falls_back(make_site, loads, monkeypatch, capsys):
    from cxlint import run as runmod

    root = make_site(SITE)
    monkeypatch.chdir(root)
    argv = ["check", "-q", "--select", ",".join(RULES)]
    assert main(argv) == 1
    expected = capsys.readouterr().out
    assert expected == "Found 2 problems (2 errors) in 1 of 6 files (1 fixable with --fix).\n"
    decoded: list[bytes] = []
    real = runmod._unpack_cached

    def counting(blob):
        decoded.append(blob)
        return real(blob)

    monkeypatch.setattr(runmod, "_unpack_cached", counting)
    loads.clear()
    assert main(argv) == 1
    assert capsys.readouterr().out == expected
    assert loads == ["run"] and decoded == []
    # a remembered blob that does not decode (its hash matched: a bug, not damage) is not trusted
    first = _found(_lint(root))
    _lint(root)
    monkeypatch.setattr(runmod, "_unpack_cached", lambda blob: None)  # every cached blob "damaged"
    loads.clear()
    again = _lint(root)
    assert loads == ["run"]
    assert _found(again) == first != []  # decoding it ran the whole check again
    assert "facts" in loads


def test_the_memo_holds_the_files_pickled_diagnostics_and_decodes_them_sorted():
    """The memo is the files' own pickled lists (not the merged list pickled again); decoded,
    the run's sorted diagnostics; anything else in it is damage."""
    import pickle

    from cxlint import run as runmod
    from cxlint.diagnostics import Diagnostic

    b1 = Diagnostic("content/b.md", 3, 1, 3, 5, "ENT001", "entity")
    a2 = Diagnostic("content/a.md", 2, 1, 2, 4, "FM002", "missing")
    a1 = Diagnostic("content/a.md", 1, 1, 1, 4, "DUP001", "repeat")
    blob = runmod._pack_parts([runmod._pack([b1]), runmod._pack([a2, a1])])
    assert runmod._unpack_parts(blob) == [a1, a2, b1]
    assert runmod._unpack_parts(runmod._pack_parts([])) == []
    assert runmod._unpack_parts(pickle.dumps(["not a blob"])) is None
    assert runmod._unpack_parts(pickle.dumps([b"\x80\x05broken"])) is None
    assert runmod._unpack_parts(b"not a pickle") is None
