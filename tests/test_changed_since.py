"""``--changed-since REV`` against real git in a temporary repository."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from cxlint.cli import main
from workflow_site import SITE, codes_by_path

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root, *args):
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.gov", "-c", "commit.gpgsign=false", *args],
        cwd=root, check=True, capture_output=True, text=True,
    ).stdout


@pytest.fixture
def repo(make_site, monkeypatch):
    root = make_site(dict(SITE))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "site")
    monkeypatch.chdir(root)
    return root


def _changed(capsys, rev="HEAD", *extra):
    rc = main(["check", "--format", "json", "--changed-since", rev, *extra])
    out = capsys.readouterr()
    return rc, json.loads(out.out), out.err


def test_nothing_changed(repo, capsys):
    rc, items, _ = _changed(capsys)
    assert rc == 0 and items == []  # bad.md's old problems are not part of the change
    assert main(["check", "--changed-since", "HEAD"]) == 0
    assert "All checks passed: 0 files." in capsys.readouterr().out


def test_committed_staged_unstaged_and_untracked(repo, capsys):
    (repo / "content/news/b.md").write_text("---\ntitle: B\n---\nit&rsquo;s committed\n")
    git(repo, "commit", "-qam", "b")  # committed since HEAD~1
    (repo / "content/news/c.md").write_text("---\ntitle: C\ntitle: C2\n---\n")
    git(repo, "add", "content/news/c.md")  # staged
    (repo / "content/topics/ux/_index.md").write_text("---\ntitle: UX &amp; more\n---\n")  # unstaged
    (repo / "content/news/new.md").write_text("---\ntitle: New\ntopics: [nope]\n---\n")  # untracked
    (repo / "content/news/ignored.md").write_text("---\ntitle: x\ntopics: [nope]\n---\n")
    (repo / ".gitignore").write_text("content/news/ignored.md\n")
    for skipped in (".vscode/settings.json", "public/index.json", "node_modules/x/package.json"):
        (repo / skipped).parent.mkdir(parents=True)
        (repo / skipped).write_text('{"a": 1, "a": 2}')  # walking the site skips these folders: so does this
    rc, items, _ = _changed(capsys, "HEAD~1")
    assert rc == 1
    assert codes_by_path(items) == {
        "content/news/b.md": ["ENT001"],
        "content/news/c.md": ["DUP001"],
        "content/news/new.md": ["TAX001"],
        "content/topics/ux/_index.md": ["ENT001"],
    }
    rc, items, _ = _changed(capsys, "HEAD")  # b.md's change is before HEAD now
    assert "content/news/b.md" not in codes_by_path(items)
    # PATHS narrow the scope
    rc, items, _ = _changed(capsys, "HEAD", "content/topics")
    assert list(codes_by_path(items)) == ["content/topics/ux/_index.md"]


def test_renamed_page_breaks_refs_to_it(repo, capsys):
    (repo / "content/guides").mkdir()
    git(repo, "mv", "content/news/b.md", "content/guides/b-moved.md")
    rc, items, err = _changed(capsys)
    assert rc == 1
    # a.md refers to "b.md": it no longer resolves. Only that ref is reported on a.md
    # (its old ENT001 is not this change's fault); the moved page itself is checked in full.
    assert codes_by_path(items) == {"content/news/a.md": ["REF001"]}
    assert items[0]["line"] == 8 and '"b.md"' in items[0]["message"]
    assert "1 page(s) renamed or deleted since HEAD; 1 other page(s) point at them" in err


def test_rename_that_still_resolves_is_fine(repo, capsys):
    # refs to "b.md" resolve by unique file name anywhere: moving to another folder keeps them working
    (repo / "content/guides").mkdir()
    git(repo, "mv", "content/news/b.md", "content/guides/b.md")
    rc, items, _ = _changed(capsys)
    assert rc == 0 and items == []


def test_deleted_page_and_unstaged_deletion(repo, capsys):
    (repo / "content/news/c.md").unlink()  # deleted in the working tree, not staged
    rc, items, _ = _changed(capsys)
    assert codes_by_path(items) == {"content/news/a.md": ["REF001"]}
    assert "/news/c.md" in items[0]["message"]


def test_deleted_topic_and_alias(repo, capsys):
    (repo / "content/news/legacy.md").write_text("---\ntitle: L\ntopics:\n  - customer-service\n---\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "legacy")
    git(repo, "rm", "-q", "-r", "content/topics/cx", "content/topics/ux", "content/authors/jane")
    rc, items, err = _changed(capsys)
    # a.md lists cx and author jane, b.md lists ux, legacy.md the alias customer-service: all stop resolving
    assert codes_by_path(items) == {
        "content/news/a.md": ["TAX001", "TAX004"],
        "content/news/b.md": ["TAX001"],
        "content/news/legacy.md": ["TAX001"],
    }
    # PATHS narrow the pages a removal broke too
    rc, items, err = _changed(capsys, "HEAD", "content/news/b.md")
    assert codes_by_path(items) == {"content/news/b.md": ["TAX001"]}
    assert "1 other page(s) point at them" in err
    rc, items, _ = _changed(capsys, "HEAD", "content/topics")
    assert rc == 0 and items == []


def test_bad_revision_and_not_a_repo(repo, capsys, tmp_path, monkeypatch):
    assert main(["check", "--changed-since", "no-such-rev"]) == 2
    assert "unknown git revision 'no-such-rev'" in capsys.readouterr().err
    plain = tmp_path / "plain"
    (plain / "content").mkdir(parents=True)
    (plain / "content/x.md").write_text("---\ntitle: x\n---\n")
    monkeypatch.chdir(plain)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert main(["check", "--changed-since", "HEAD"]) == 2
    assert "is not in a git repository" in capsys.readouterr().err


def test_fix_leaves_the_other_problems_of_broken_pages_alone(repo, capsys):
    (repo / "content/news/b.md").write_text("---\ntitle: B\n---\nMoved &amp; changed.\n")
    git(repo, "mv", "content/news/b.md", "content/news/b-moved.md")
    a_before = (repo / "content/news/a.md").read_text()
    rc = main(["check", "--no-color", "--fix", "--changed-since", "HEAD"])
    out = capsys.readouterr().out
    assert rc == 1
    assert (repo / "content/news/b-moved.md").read_text() == "---\ntitle: B\n---\nMoved & changed.\n"  # changed: fixed
    assert (repo / "content/news/a.md").read_text() == a_before  # only pointed at it: its &mdash; stays
    reported = [line for line in out.splitlines() if line.startswith("content/")]
    assert reported == ['content/news/a.md:8:14: REF001 ref "b.md" not found (no page has this file name)']


def test_shallow_clone_hint(repo, capsys, tmp_path, monkeypatch):
    (repo / "content/news/b.md").write_text("---\ntitle: B2\n---\n")
    git(repo, "commit", "-qam", "second")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    monkeypatch.chdir(clone)
    assert main(["check", "--changed-since", "HEAD~1"]) == 2
    assert "this clone is shallow" in capsys.readouterr().err
