"""`cxlint migrate` end to end: the README demo, report, summary, --force, hostile paths."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from cxlint.cli import main

REPO = Path(__file__).resolve().parents[1]
LEGACY = REPO / "examples" / "legacy"


@pytest.fixture
def demo_site(tmp_path: Path) -> Path:
    site = tmp_path / "demo-site"
    shutil.copytree(REPO / "examples" / "site", site)
    return site


def _row(table: str, label: str, count: int) -> bool:
    """Does the summary table have the row ``label | count``?"""
    return re.search(rf"│ {re.escape(label)}\s*│\s*{count} │", table) is not None


def _run(args: list[str], capsys) -> tuple[int, str, str]:
    rc = main(["migrate", *args])
    out, err = capsys.readouterr()
    return rc, out, err


def test_readme_demo_migrates_the_examples(demo_site, tmp_path, capsys):
    rc, out, _ = _run([str(LEGACY), "--site", str(demo_site), "--diff"], capsys)
    assert rc == 1  # notes for a human (unknown tags, a kept table)
    assert "+slug: open-data-on-a-budget" in out and "+slug: open-data-follow-up" in out
    assert "\n+++ b/" in out and "b//" not in out
    assert not (demo_site / "content/news/2014/08").exists()  # --diff writes nothing

    report = tmp_path / "migrate.json"
    rc, _, err = _run([str(LEGACY), "--site", str(demo_site), "--report", str(report)], capsys)
    assert rc == 1
    assert _row(err, "converted, needs attention", 2) and _row(err, "skipped", 1)
    assert "skipped: already migrated" in err
    written = sorted((demo_site / "content/news/2014/08").iterdir())
    assert [p.name for p in written] == ["2014-08-12-open-data-on-a-budget.md", "2014-08-13-open-data-follow-up.md"]
    first = written[0].read_text(encoding="utf-8")
    assert "authors:\n  - rflagg\n  - tonya-beres\n" in first  # 'Tonya Beres' by the author page's display name
    assert '{{< ref "2014-07-07-user-experience-ux-vs-customer-experience-cx-whats-the-dif.md" >}}' in first
    assert '{{< ref "2014-08-13-open-data-follow-up.md" >}}' in first  # a post of the same batch
    assert "{%" not in first and "[youtube" not in first and "WHATEVER" not in first

    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["summary"] == {"needs-attention": 2, "skipped": 1}
    by_name = {Path(f["source"]).name: f for f in data["files"]}
    budget = by_name["2014-08-12-open-data-on-a-budget.md"]
    assert budget["converted"]["images"] == 1 and budget["converted"]["youtube"] == 1
    assert {"line": 28, "where": "body", "message": "complex HTML <table> kept as it is; review by hand",
            "attention": True} in budget["needs_attention"]
    assert by_name["2014-08-14-already-migrated.md"]["reason"] == "already migrated: Hugo-schema front matter"

    # the output passes `cxlint check` against the site it was migrated into
    cfg = tmp_path / "check.toml"
    cfg.write_text('build-date = "2025-04-09"\n', encoding="utf-8")
    assert main(["check", "--config", str(cfg), str(demo_site / "content/news/2014/08")]) == 0

    # a second run changes nothing
    before = {p: p.read_bytes() for p in written}
    rc, _, err = _run([str(LEGACY), "--site", str(demo_site)], capsys)
    assert _row(err, "unchanged (already done)", 2)
    assert {p: p.read_bytes() for p in written} == before


def test_never_overwrites_without_force(demo_site, capsys):
    target = demo_site / "content/news/2014/08/2014-08-13-open-data-follow-up.md"
    target.parent.mkdir(parents=True)
    target.write_text("hand edited\n", encoding="utf-8")
    rc, _, err = _run([str(LEGACY / "2014-08-13-open-data-follow-up.md"), "--site", str(demo_site)], capsys)
    assert rc == 1 and "skipped: target exists" in err
    assert target.read_text(encoding="utf-8") == "hand edited\n"
    _run([str(LEGACY / "2014-08-13-open-data-follow-up.md"), "--site", str(demo_site), "--force"], capsys)
    assert target.read_text(encoding="utf-8").startswith("---\nslug: open-data-follow-up\n")
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temp file left


HOSTILE = {
    "2014-01-01-a.md": "permalink: /2014/01/01/..%2F..%2F..%2Fescaped/",
    "2014-01-02-b.md": "permalink: /2014/01/02/../",
    "2014-01-03-c.md": "slug: ../../../../escaped",
    "2014-01-04-d.md": "permalink: /2014/01/04/..\\\\..\\\\escaped/",
    "2014-01-05-e.md": "slug: /abs/escaped",
    "2014-01-06-f.md": "slug: plain-but-escaped",  # a safe slug: only the folder link below stops it
}


def test_nothing_is_written_outside_dest(tmp_path, capsys, demo_site):
    src = tmp_path / "legacy"
    src.mkdir()
    for name, line in HOSTILE.items():
        (src / name).write_text(f"---\n{line}\nlayout: post\ndate: 2014-01-0{name[9]} 10:00:00 -0400\ntitle: x\n---\n\nBody.\n",
                                encoding="utf-8")
    dest = tmp_path / "box" / "dest"
    dest.mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (dest / "news").symlink_to(outside, target_is_directory=True)  # a folder link that leaves dest
    report = tmp_path / "r.json"
    rc, _, err = _run([str(src), "--site", str(demo_site), "--dest", str(dest), "--report", str(report)], capsys)
    assert rc == 1
    assert list(outside.rglob("*")) == []
    reasons = {Path(f["source"]).name: f["reason"] for f in json.loads(report.read_text())["files"]}
    assert all(r.startswith("unsafe target: ") for r in reasons.values()), reasons
    assert "leaves" in reasons["2014-01-06-f.md"]
    assert sorted(p.name for p in tmp_path.rglob("*escaped*")) == []
    assert "skipped: unsafe target" in err
    assert main(["migrate", str(src), "--site", str(demo_site), "--section", "../up"]) == 2


def test_progress_bar_on_a_terminal(demo_site, tmp_path):
    from cxlint.migrate.cli import _run_with_progress
    from cxlint.migrate.migrator import Migrator, collect_sources
    from cxlint.migrate.settings import load_settings
    from cxlint.migrate.cli import load_site_index

    class Tty(io.StringIO):
        def isatty(self):
            return True

    err = Tty()
    files = collect_sources([LEGACY])
    migrator = Migrator(load_settings({}), load_site_index(demo_site, jobs=1), tmp_path / "out", dry_run=True)
    report = _run_with_progress(migrator, files, err)
    assert len(report.files) == 3
    assert "migrating" in err.getvalue() and "3/3" in err.getvalue()
    assert not (tmp_path / "out").exists()  # dry run


def test_bad_input_is_reported_and_the_run_goes_on(demo_site, tmp_path, capsys):
    src = tmp_path / "legacy"
    src.mkdir()
    shutil.copy2(LEGACY / "2014-08-13-open-data-follow-up.md", src)
    (src / "2014-01-01-binary.md").write_bytes(b"---\ntitle: \xff\xfe\x00bad\n---\n")
    (src / "2014-01-02-no-front-matter.md").write_text("Just text.\n", encoding="utf-8")
    (src / "2014-01-03-no-date.md").write_text("---\ntitle: Undated\nlayout: post\n---\n\nBody.\n", encoding="utf-8")
    report = tmp_path / "r.json"
    rc, _, _ = _run([str(src), "--site", str(demo_site), "--report", str(report)], capsys)
    assert rc == 1
    files = {Path(f["source"]).name: f for f in json.loads(report.read_text(encoding="utf-8"))["files"]}
    assert files["2014-01-01-binary.md"]["status"] == "skipped"
    assert files["2014-01-01-binary.md"]["reason"].startswith("unreadable: ")
    assert files["2014-01-02-no-front-matter.md"]["reason"] == "no front matter: not a legacy post"
    undated = files["2014-01-03-no-date.md"]  # Jekyll's rule: the file name dates it
    assert undated["status"] == "needs-attention"
    assert {"line": 1, "where": "date", "attention": True,
            "message": "no date; the file name's date 2014-01-03 used (as Jekyll does), without a time of day"} \
        in undated["needs_attention"]
    assert "\ndate: 2014-01-03\n" in (demo_site / "content/news/2014/01/2014-01-03-no-date.md").read_text(encoding="utf-8")
    assert files["2014-08-13-open-data-follow-up.md"]["status"] == "needs-attention"
    assert (demo_site / "content/news/2014/08/2014-08-13-open-data-follow-up.md").is_file()


def test_build_date_decides_which_pages_count_as_expired(tmp_path, capsys):
    """Links to a page are dropped when it is expired at --build-date (or the config's), not today."""
    import datetime as dt

    from cxlint.migrate.cli import load_site_index
    from cxlint.migrate.links import SiteLinks
    from cxlint.migrate.settings import load_settings

    site = tmp_path / "site"
    (site / "content/news").mkdir(parents=True)
    (site / "config.yml").write_text("baseURL: https://example.gov/\n")
    expiry = dt.date.today() + dt.timedelta(days=400)
    (site / "content/news/old.md").write_text(f"---\ntitle: Old\nexpirydate: {expiry.isoformat()}\n---\n")
    settings = load_settings({})
    default = SiteLinks(load_site_index(site, jobs=1), settings, {})
    assert "news/old.md" not in default.unpublished  # today: still published
    later = SiteLinks(load_site_index(site, jobs=1, build_date=expiry), settings, {})
    assert "news/old.md" in later.unpublished  # expired on its expiry day
    legacy = tmp_path / "legacy.md"
    legacy.write_text("---\ntitle: Post\ndate: 2014-08-12\n---\nText\n")
    rc, _, err = _run([str(legacy), "--site", str(site), "--dry-run", "--build-date", "2030-13-01"], capsys)
    assert rc == 2 and "--build-date must be a date (YYYY-MM-DD)" in err


def test_a_failing_file_is_a_located_note_and_the_batch_goes_on(demo_site, tmp_path, capsys, monkeypatch):
    """One post the migrator cannot write: noted at its line, the others written, the report written."""
    from cxlint.migrate import body, writer

    src = tmp_path / "legacy"
    src.mkdir()
    shutil.copy2(LEGACY / "2014-08-13-open-data-follow-up.md", src)
    # (the demo site's news has no permalink pattern: /news/2014/01/p1/ is the URL Hugo gives, so no alias)
    head = "---\npermalink: /news/2014/01/p{n}/\nlayout: post\ndate: 2014-01-0{n} 10:00:00 -0400\ntitle: P{n}\nsummary: S\n"
    (src / "2014-01-01-keys.md").write_text(head.format(n=1) + "on: yes\n---\n\nBody.\n", encoding="utf-8")
    (src / "2014-01-02-boom.md").write_text(head.format(n=2) + "---\n\nBOOM\n", encoding="utf-8")
    real_convert = body.BodyConverter.convert

    def convert(self, text, line):
        if "BOOM" in text:
            raise RuntimeError("converter bug")
        return real_convert(self, text, line)

    monkeypatch.setattr(body.BodyConverter, "convert", convert)
    # a key written unquoted (the old writer): 'on' reads back as True, which must never reach a file
    monkeypatch.setattr(writer, "quote_key", lambda key: key)
    report = tmp_path / "r.json"
    rc, _, _ = _run([str(src), "--site", str(demo_site), "--report", str(report)], capsys)
    assert rc == 1
    files = {Path(f["source"]).name: f for f in json.loads(report.read_text(encoding="utf-8"))["files"]}
    keys, boom = files["2014-01-01-keys.md"], files["2014-01-02-boom.md"]
    assert keys["status"] == boom["status"] == "skipped"
    assert keys["reason"] == "front matter would not read back: field 'on'"
    assert [(n["line"], n["where"]) for n in keys["needs_attention"]] == [(7, "on")]
    assert boom["reason"] == "internal error: RuntimeError: converter bug"
    assert boom["needs_attention"] == [{"line": 1, "where": "internal error", "attention": True,
                                        "message": "RuntimeError: converter bug; file not written"}]
    news = demo_site / "content/news"
    assert sorted(p.name for p in news.rglob("*.md") if p.parent.name in ("01", "08")) == \
        ["2014-08-13-open-data-follow-up.md"]
    assert not list(news.rglob("*.tmp"))


def test_diff_shows_exactly_what_the_run_would_do(demo_site, capsys):
    """--diff: no replacement the run would skip, new files from /dev/null, a missing last newline marked."""
    follow_up = "news/2014/08/2014-08-13-open-data-follow-up.md"
    target = demo_site / "content" / follow_up
    target.parent.mkdir(parents=True)
    target.write_text("hand edited", encoding="utf-8")  # no final newline
    args = [str(LEGACY), "--site", str(demo_site), "--diff"]

    rc, out, err = _run(args, capsys)
    assert "skipped: target exists" in err
    assert follow_up not in out  # the real run (no --force) leaves it alone: nothing to show
    assert "--- /dev/null\n+++ b/" in out and "2014-08-12-open-data-on-a-budget.md" in out  # a new file
    assert "--- a/" not in out

    rc, out, _ = _run([*args, "--force"], capsys)
    headers = [ln for ln in out.splitlines() if ln.startswith(("--- ", "+++ "))]
    assert headers == ["--- /dev/null", "+++ b/" + headers[1][6:],
                       f"--- a/{headers[3][6:]}", f"+++ b/{headers[3][6:]}"]
    assert headers[3].endswith(follow_up)
    assert "\n-hand edited\n\\ No newline at end of file\n" in out
    assert target.read_text(encoding="utf-8") == "hand edited"  # --diff writes nothing


def test_twelve_hour_times_are_noted(demo_site, tmp_path, capsys):
    src = tmp_path / "legacy"
    src.mkdir()
    head = "---\npermalink: /news/2014/01/p{n}/\nlayout: post\ndate: 2014-01-{n:02d} {h}:59:38 -0400\ntitle: P{n}\nsummary: S\n---\n\nBody.\n"
    for n in range(1, 23):
        (src / f"2014-01-{n:02d}-p{n}.md").write_text(head.format(n=n, h=1 if n < 22 else 14), encoding="utf-8")
    report = tmp_path / "r.json"
    rc, _, err = _run([str(src), "--site", str(demo_site), "--dry-run", "--report", str(report)], capsys)
    got = json.loads(report.read_text(encoding="utf-8"))
    info = {Path(f["source"]).name: [n["message"] for n in f["info"] if n["where"] == "date"] for f in got["files"]}
    assert info["2014-01-01-p1.md"] == ["time 01:59 has no AM/PM: if the exporter wrote a 12-hour clock it may be 13:59; kept as written"]
    assert info["2014-01-22-p22.md"] == []  # 14:59: a 24-hour clock
    # 21 of 22 with an hour of 1-12: the batch-level warning, in the report and on stderr
    assert got["warnings"] and got["warnings"][0].startswith("21 of 22 legacy times have an hour of 1-12")
    assert "21 of 22 legacy times" in " ".join(err.split())
