"""The fixer starts from the run's own diagnostics where they hold (the file still holds the text
the run read, and no fix so far changed what other pages see), and writes files on threads: the
outcome is exactly that of re-checking every file first, one file after another."""

from __future__ import annotations

from pathlib import Path

import pytest

import cxlint.fixes as fixes
from cxlint.config import parse_config
from cxlint.engine import Linter, RunResult

SITE = {
    "content/_index.md": "---\ntitle: Home\n---\n",
    "content/topics/cx/_index.md": "---\ntitle: CX\naliases:\n  - /topics/customer-service/\n---\n",
    # a heading whose anchor the ENT001 fix changes, and pages that link to it (sorted after it)
    "content/guides/a.md": "---\ntitle: A\n---\n## Setup &amp; more\n\nText &mdash; here.\n",
    "content/news/b.md": '---\ntitle: B&#8217;s\ntopics:\n  - customer-service\n---\nSee {{< ref "/guides/a.md#setup--more" >}}.\n',
    "content/news/c.md": '---\ntitle: C\n---\nSee {{< ref "/guides/a.md#setup-amp-more" >}} &mdash; ok.\n',
}
for i in range(12):
    SITE[f"content/news/p{i:02}.md"] = f"---\ntitle: P{i}\n---\nIt&#8217;s page {i} &mdash; fine.\n"


def _run_fix(root: Path, reuse: bool, monkeypatch) -> tuple[dict, list, int]:
    linter = Linter(parse_config({"select": ["ENT001", "TAX003", "REF003"]}, None), jobs=1, cwd=root)
    checks = []
    real = linter.check_document

    def counting(doc, ctx, scope=None):
        checks.append((doc.display_path, scope))
        return real(doc, ctx, scope)

    monkeypatch.setattr(linter, "check_document", counting)
    result = linter.check([root])
    if not reuse:
        monkeypatch.setattr(result, "read_hashes", dict)  # as before: every file checked again first
    summary = fixes.fix_files(linter, [root], result=result)
    texts = {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.md"))}
    found = [(d.path, d.line, d.column, d.code, d.message) for d in summary.result.diagnostics]
    return texts, found + [(f.display_path, f.status, dict(f.applied)) for f in summary.files], len(checks)


def test_reusing_the_runs_diagnostics_changes_nothing_but_the_work(make_site, monkeypatch):
    fresh = _run_fix(make_site(SITE, name="fresh"), False, monkeypatch)
    reused = _run_fix(make_site(SITE, name="reused"), True, monkeypatch)
    assert reused[:2] == fresh[:2]
    texts = reused[0]
    assert texts["content/guides/a.md"].decode().startswith("---\ntitle: A\n---\n## Setup & more")
    assert all("&#8217;" not in t.decode() and "&mdash;" not in t.decode() for t in texts.values())
    # the fix in a.md changed its anchor: the pages fixed after it were checked against that
    assert [f[:4] for f in reused[1] if f[3:4] == ("REF003",)] == [("content/news/c.md", 4, 26, "REF003")]
    assert reused[2] < fresh[2]  # fewer checks: each fixed file is not checked once more first


def test_a_file_changed_after_the_run_is_checked_again(make_site, monkeypatch):
    root = make_site(SITE)
    linter = Linter(parse_config({"select": ["ENT001"]}, None), jobs=1, cwd=root)
    result = linter.check([root])
    page = root / "content/news/p03.md"
    page.write_text("---\ntitle: P3\n---\nNew text first. It&#8217;s page 3 &mdash; fine.\n", encoding="utf-8")
    summary = fixes.fix_files(linter, [root], result=result)
    assert page.read_text(encoding="utf-8") == "---\ntitle: P3\n---\nNew text first. It\u2019s page 3 \u2014 fine.\n"
    assert {f.status for f in summary.files} == {"fixed"}


def test_write_failures_are_reported_per_file(make_site, monkeypatch):
    root = make_site(SITE)
    linter = Linter(parse_config({"select": ["ENT001"]}, None), jobs=1, cwd=root)
    real = fixes.atomic_write

    def failing(path, data, expected=None, **kw):
        if Path(path).name in ("p04.md", "p09.md"):
            raise PermissionError(13, "Permission denied")
        return real(path, data, expected, **kw)

    monkeypatch.setattr(fixes, "atomic_write", failing)
    summary = fixes.fix_files(linter, [root])
    status = {f.display_path: f.status for f in summary.files}
    assert status["content/news/p04.md"] == status["content/news/p09.md"] == "error"
    assert list(status.values()).count("fixed") == len(status) - 2
    assert "&mdash;" in (root / "content/news/p04.md").read_text(encoding="utf-8")
    assert [d.code for d in summary.result.diagnostics if d.path == "content/news/p04.md"] == ["ENT001", "ENT001"]
    assert "&mdash;" not in (root / "content/news/p05.md").read_text(encoding="utf-8")


def test_a_plain_uncached_check_hashes_no_page_and_a_fix_run_does(make_site, monkeypatch):
    """The pages' content hashes serve the cache and the fixer only."""
    import cxlint.run as runmod
    from cxlint.cli import main

    root = make_site(SITE)
    hashed: list[int] = []
    real = runmod.content_hash

    def counting(data):
        hashed.append(len(data))
        return real(data)

    monkeypatch.setattr(runmod, "content_hash", counting)
    argv = ["check", str(root), "--no-cache", "--select", "ENT001", "-q", "--jobs", "1"]
    assert main(argv) == 1 and hashed == []
    assert main(argv + ["--diff"]) == 1 and len(hashed) == len(SITE)  # every page, for the fixer
    hashed.clear()
    assert main(argv[:2] + argv[3:]) == 1 and len(hashed) == len(SITE)  # a cached run hashes for its cache
