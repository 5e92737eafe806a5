"""Data-driven migration cases: tests/migrate_cases/<case>/input/ -> expected/.

Each case migrates its ``input/`` folder as one batch against the fixture site
(tests/migrate_site) and must produce exactly the files under ``expected/``
(same relative paths, same text) and the per-file statuses and notes listed
in ``expected_report.json``. Regenerate nothing automatically: expected files
are reviewed by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxlint.migrate.cli import load_site_index
from cxlint.migrate.migrator import Migrator, collect_sources
from cxlint.migrate.settings import load_settings

HERE = Path(__file__).parent
CASES = sorted(p for p in (HERE / "migrate_cases").iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def index():
    return load_site_index(HERE / "migrate_site", jobs=1)


def _tree(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_migrate_case(case: Path, index, tmp_path: Path):
    settings = load_settings({"author-renames": {"Jake Parcell": "jparcell"}})
    report = Migrator(settings, index, tmp_path, cwd=case).run(collect_sources([case / "input"]))
    assert _tree(tmp_path) == _tree(case / "expected")
    got = [
        {"source": Path(f.source).name, "status": f.status, "reason": f.reason,
         "needs_attention": [f"{n.line}: {n.message}" for n in f.attention]}
        for f in report.files
    ]
    expected = json.loads((case / "expected_report.json").read_text(encoding="utf-8"))
    assert got == expected


def test_second_run_changes_nothing(index, tmp_path: Path):
    settings = load_settings({})
    sources = collect_sources([HERE / "migrate_cases" / "batch_cross_links" / "input"])
    Migrator(settings, index, tmp_path).run(sources)
    before = {p: (p.read_text(), p.stat().st_mtime_ns) for p in tmp_path.rglob("*.md")}
    report = Migrator(settings, index, tmp_path).run(sources)
    assert {f.status for f in report.files} == {"unchanged"}
    assert {p: (p.read_text(), p.stat().st_mtime_ns) for p in tmp_path.rglob("*.md")} == before


def test_existing_target_needs_force(index, tmp_path: Path):
    settings = load_settings({})
    sources = collect_sources([HERE / "migrate_cases" / "batch_cross_links" / "input"])
    target = tmp_path / "news/2014/08/2014-08-13-open-data-follow-up.md"
    target.parent.mkdir(parents=True)
    target.write_text("hand edited\n")
    report = Migrator(settings, index, tmp_path).run(sources)
    skipped = [f for f in report.files if f.status == "skipped"]
    assert [Path(f.source).name for f in skipped] == ["2014-08-13-open-data-follow-up.md"]
    assert skipped[0].reason == "target exists: use --force to overwrite"
    assert target.read_text() == "hand edited\n"
    Migrator(settings, index, tmp_path, force=True).run(sources)
    assert target.read_text().startswith("---\nslug: open-data-follow-up\n")
    assert not list(tmp_path.rglob("*.tmp"))  # atomic writes leave no temp files


def test_dry_run_writes_nothing(index, tmp_path: Path):
    settings = load_settings({})
    sources = collect_sources([HERE / "migrate_cases" / "batch_cross_links" / "input"])
    report = Migrator(settings, index, tmp_path, dry_run=True).run(sources)
    assert [f.status for f in report.files] == ["needs-attention", "needs-attention"]
    assert list(tmp_path.iterdir()) == []


def test_replacing_a_file_is_flushed_to_disk_first(tmp_path: Path, monkeypatch):
    import os

    from cxlint.migrate.writer import write_atomic

    synced = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd)))
    target = tmp_path / "a" / "post.md"
    write_atomic(target, "new\n")  # a new file: its source is intact, a re-run rewrites it
    assert synced == [] and target.read_text() == "new\n"
    write_atomic(target, "replaced\n")  # the user's file is replaced: durable before the rename
    assert len(synced) == 1 and target.read_text() == "replaced\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["post.md"]


def test_crlf_input_is_written_with_lf(index, tmp_path: Path):
    """A Windows-saved post migrates like any other; the page is written with LF, as the site's are."""
    case = HERE / "migrate_cases" / "crlf_line_endings"
    source = case / "input" / "2015-02-02-windows-line-endings.md"
    assert source.read_bytes().count(b"\r\n") > 10  # the case really is CRLF (read_text would hide it)
    Migrator(load_settings({}), index, tmp_path).run([source])
    out = (tmp_path / "news/2015/02/2015-02-02-windows-line-endings.md").read_bytes()
    assert b"\r" not in out
    assert out == (case / "expected/news/2015/02/2015-02-02-windows-line-endings.md").read_bytes()


def test_second_run_into_the_site_changes_nothing(tmp_path: Path):
    """The second run reads the first run's pages as part of the site: every link must resolve the same."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(HERE / "migrate_site", site)
    # a later site page took over the original's old URL: on the first run the site is read
    # before the batch, on the second the original is a site page too, read first by path
    (site / "content/news/2016/01").mkdir(parents=True)
    (site / "content/news/2016/01/2016-01-01-successor.md").write_text(
        "---\nslug: successor\ndate: 2016-01-01\ntitle: Successor\naliases:\n  - /2014/08/21/original/\n---\n\nNew.\n")
    sources = [p for p in collect_sources([HERE / "migrate_cases" / "url_clash" / "input"]) if "replacement" not in p.name]
    settings = load_settings({})
    first = Migrator(settings, load_site_index(site, jobs=1), site / "content").run(sources)
    assert {f.status for f in first.files} <= {"converted", "needs-attention"}
    before = {p: p.read_bytes() for p in (site / "content").rglob("*.md")}
    second = Migrator(settings, load_site_index(site, jobs=1), site / "content").run(sources)
    assert [(f.status, f.reason) for f in second.files] == [("unchanged", None)] * len(sources)
    assert {p: p.read_bytes() for p in (site / "content").rglob("*.md")} == before


def test_an_unresolved_own_site_link_is_reported_once_at_its_line(tmp_path: Path):
    """Rewritten to the site's base URL (itself a legacy host), the link is not mapped and reported again."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(HERE / "migrate_site", site)
    config = site / "config.yml"
    config.write_text(config.read_text().replace("https://example.gov", "https://digital.gov"))
    legacy = tmp_path / "2014-09-05-unresolved.md"
    legacy.write_text(
        "---\npermalink: /2014/09/05/unresolved/\nlayout: post\ndate: 2014-09-05 10:00:00 -0400\ntitle: U\n"
        "summary: S.\nauthors: rflagg\n---\n\n"  # the body starts at line 10
        "<ul>\n  <li>one</li>\n  <li>two</li>\n</ul>\n\n"
        "See [the old page](https://www.digitalgov.gov/no-such-page/).\n\n"  # line 15
        '<p>Also <a href="https://www.digitalgov.gov/html-missing/">this</a>.</p>\n\n'  # 17
        "Bare: https://www.digitalgov.gov/bare-missing/ and again [here](https://www.digitalgov.gov/no-such-page/).\n",  # 19
        encoding="utf-8")
    report = Migrator(load_settings({}), load_site_index(site, jobs=1), tmp_path / "out").run([legacy])
    (result,) = report.files
    assert [(n.line, n.message) for n in result.notes if "matches no page" in n.message] == [
        (15, "own-site link '/no-such-page/' matches no page of the site or batch"),
        (17, "own-site link '/html-missing/' matches no page of the site or batch"),
        (19, "own-site link '/no-such-page/' matches no page of the site or batch"),  # Markdown links first
        (19, "own-site link '/bare-missing/' matches no page of the site or batch"),
    ]
    out = (tmp_path / "out/news/2014/09/2014-09-05-unresolved.md").read_text(encoding="utf-8")
    assert "[the old page](https://digital.gov/no-such-page/)" in out and "\ue010" not in out
    assert result.counts["unresolved_links"] == 4


def test_written_files_get_the_mode_open_would_give(tmp_path: Path):
    """mkstemp's 0600 must not reach the page: a new file gets 0666 & ~umask, a replaced one keeps its mode."""
    import os
    import stat

    from cxlint.migrate.writer import write_atomic

    old = os.umask(0o027)
    try:
        new = tmp_path / "new.md"
        write_atomic(new, "new\n")
        assert stat.S_IMODE(new.stat().st_mode) == 0o640
        os.umask(0o022)
        write_atomic(tmp_path / "other.md", "other\n")
        assert stat.S_IMODE((tmp_path / "other.md").stat().st_mode) == 0o644
        kept = tmp_path / "kept.md"
        kept.write_text("before\n")
        kept.chmod(0o664)
        write_atomic(kept, "after\n")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o664 and kept.read_text() == "after\n"
    finally:
        os.umask(old)
