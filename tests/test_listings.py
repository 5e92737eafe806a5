"""Folder listings remembered between runs: one stat instead of a scandir, never a stale listing.

Files and folders a test makes are seconds old at most, and a folder changed in
the last two seconds is never remembered (see ``cxlint.listings``): most tests
here make everything count as old, which is what a real warm run sees, and
wait one timestamp tick before changing a remembered folder.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from cxlint import cache as cachemod
from cxlint import listings as listingsmod
from cxlint.config import parse_config
from cxlint.engine import _walk, Linter
from cxlint.listings import DirListings
from test_cache import SITE

TICK = 0.05  # longer than a file-system timestamp tick: a later change gets a later mtime


@pytest.fixture
def old_files(monkeypatch):
    monkeypatch.setattr(cachemod, "RECENT_SECONDS", -1.0)


@pytest.fixture
def scans(monkeypatch) -> list[str]:
    """The folders read with scandir (the rest were answered by a remembered listing)."""
    seen: list[str] = []
    real = listingsmod.scan_dir

    def scan_dir(dirpath):
        seen.append(dirpath)
        return real(dirpath)

    monkeypatch.setattr(listingsmod, "scan_dir", scan_dir)
    return seen


def _lint(root: Path, *, cache: bool = True):
    linter = Linter(parse_config({"select": ["REF001", "TAX001", "ENT001"]}, None), jobs=1, cwd=root, cache=cache)
    return sorted((d.path, d.line, d.code, d.message) for d in linter.check([root]).diagnostics)


def _checked(root: Path) -> list[tuple]:
    got = _lint(root)
    assert got == _lint(root, cache=False)  # the oracle: a run that lists every folder
    return got


def test_a_second_run_lists_no_folder_again(make_site, old_files, scans):
    root = make_site(SITE)
    first = _checked(root)
    assert any(p.endswith(os.sep + "news") for p in scans)
    scans.clear()
    assert _lint(root) == first
    assert scans == [str(root)]  # the first run made the cache folder in it
    scans.clear()
    assert _lint(root) == first
    assert scans == []


def test_files_added_deleted_and_renamed_in_remembered_folders_are_seen(make_site, old_files, scans):
    root = make_site(SITE)
    _checked(root)
    time.sleep(TICK)
    (root / "content/news/d.md").write_text('---\ntitle: D\n---\nSee {{< ref "gone.md" >}}.\n', encoding="utf-8")
    scans.clear()
    got = _checked(root)
    assert str(root / "content" / "news") in scans and str(root / "content" / "guides") not in scans
    assert any(d[0].endswith("d.md") and d[2] == "REF001" for d in got)

    time.sleep(TICK)
    (root / "content/guides/b.md").rename(root / "content/guides/gone.md")  # d.md's ref resolves now, a.md's break
    got = _checked(root)
    assert not any(d[0].endswith("d.md") for d in got)
    assert sum(d[0].endswith("a.md") and d[2] == "REF001" for d in got) == 2

    time.sleep(TICK)
    (root / "content/news/d.md").unlink()
    assert not any(d[0].endswith("d.md") for d in _checked(root))


def test_a_new_folder_and_a_deleted_folder_are_seen(make_site, old_files):
    root = make_site(SITE)
    _checked(root)
    time.sleep(TICK)
    (root / "content/blog").mkdir()
    (root / "content/blog/e.md").write_text("---\ntitle: E\n---\nIt&#8217;s new.\n", encoding="utf-8")
    assert any(d[0].endswith("e.md") and d[2] == "ENT001" for d in _checked(root))
    time.sleep(TICK)
    (root / "content/blog/e.md").unlink()
    (root / "content/blog").rmdir()
    assert not any(d[0].endswith("e.md") for d in _checked(root))


def test_a_recently_changed_folder_is_not_remembered(tmp_path):
    (tmp_path / "a.md").write_text("x", encoding="utf-8")  # the folder changed just now
    listings = DirListings()
    assert listings.listing(str(tmp_path)) == ([], set(), ["a.md"])
    assert listings.table == {}


def test_a_folder_holding_a_symlink_is_not_remembered(tmp_path, old_files):
    (tmp_path / "real").mkdir()
    (tmp_path / "page.md").write_text("x", encoding="utf-8")
    (tmp_path / "plain").mkdir()
    try:
        os.symlink(tmp_path / "real", tmp_path / "plain" / "link")
    except OSError:
        pytest.skip("no symlinks here")
    listings = DirListings()
    assert listings.listing(str(tmp_path / "plain")) == (["link"], set(), [])  # listed, not entered
    assert listings.listing(str(tmp_path)) is not None
    assert set(listings.table) == {str(tmp_path)}


def test_a_damaged_or_stale_table_is_read_again(tmp_path, old_files):
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    folder = str(tmp_path)
    for junk in ({folder: "junk"}, {folder: ((1, 2, 3, 4), "junk")}, {folder: ((1, 2, 3, 4), ([], set(), ["old.md"]))}, "junk"):
        listings = DirListings(junk)
        assert listings.listing(folder) == ([], set(), ["a.md"])
        assert listings.changed and listings.table[folder][1] == ([], set(), ["a.md"])
    gone = DirListings({folder + "/gone": ((1, 2, 3, 4), ([], set(), ["x.md"]))})
    assert gone.listing(folder + "/gone") is None and gone.table == {} and gone.changed


def test_the_walk_with_listings_equals_the_plain_walk_on_the_real_site(corpus_dir, old_files):
    plain = list(_walk(corpus_dir))
    listings = DirListings()
    assert list(_walk(corpus_dir, listings=listings)) == plain  # listed and remembered
    assert len(listings.table) > 1000
    again = DirListings(listings.table)
    assert list(_walk(corpus_dir, listings=again)) == plain  # answered from the table
    assert not again.changed


def test_a_cache_that_cannot_be_written_is_reported_once_and_the_run_goes_on(make_site, old_files, tmp_path, capsys, monkeypatch):
    from cxlint import fsutil
    from cxlint.cli import main

    root = make_site(SITE)
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    argv = ["check", str(root), "-q", "--select", "ENT001"]
    assert main(argv + ["--cache-dir", str(blocker / "cache")]) == 1  # its folder cannot be made
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "cannot write the cache folder" in err[0]

    real = fsutil.atomic_write

    def failing(path, data, **kw):
        if "walk-" in str(path):
            raise OSError("disk full")
        return real(path, data, **kw)

    monkeypatch.setattr(fsutil, "atomic_write", failing)
    assert main(argv + ["--cache-dir", str(tmp_path / "cache")]) == 1  # a folder given: failures are said
    err = capsys.readouterr().err
    assert "cannot write cache file" in err and "walk-listings-1: disk full" in err
