"""``--stdin-filename``: editors send the unsaved buffer on stdin."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from workflow_site import SITE


@pytest.fixture
def site(make_site):
    return make_site(dict(SITE))


def cx(root, *args, stdin: bytes):
    return subprocess.run([sys.executable, "-m", "cxlint", *args], cwd=root, input=stdin, capture_output=True, timeout=120)


BUFFER = b'---\ntitle: Draft\ntopics:\n  - cx\n  - nope\n---\nSee {{< ref "b.md" >}} and {{< ref "gone.md" >}}.\nIt&rsquo;s here.\n'


def test_checks_stdin_as_that_page_against_the_site(site):
    disk = (site / "content/news/a.md").read_bytes()
    proc = cx(site, "check", "--format", "json", "--stdin-filename", "content/news/a.md", stdin=BUFFER)
    assert proc.returncode == 1, proc.stderr
    items = json.loads(proc.stdout)
    # what is in the buffer, not on disk; refs and topics resolve against the rest of the site
    assert sorted((d["code"], d["line"]) for d in items) == [("ENT001", 8), ("REF001", 7), ("TAX001", 5)]
    assert {d["path"] for d in items} == {"content/news/a.md"}
    assert (site / "content/news/a.md").read_bytes() == disk


def test_new_unsaved_file_and_text_frame(site):
    proc = cx(site, "check", "--no-color", "--stdin-filename", "content/news/not-yet-saved.md", stdin=BUFFER)
    out = proc.stdout.decode()
    assert proc.returncode == 1
    assert "content/news/not-yet-saved.md:5:5: TAX001" in out
    assert "It&rsquo;s here." in out  # the code frame shows the buffer
    assert not (site / "content/news/not-yet-saved.md").exists()


def test_stdin_data_file(site):
    proc = cx(site, "check", "--format", "json", "--stdin-filename", "data/feed.json", stdin=b'{"a": 1, "a": 2}\n')
    assert [d["code"] for d in json.loads(proc.stdout)] == ["DUP001"]


def test_fix_prints_fixed_text_and_writes_nothing(site):
    disk = (site / "content/news/a.md").read_bytes()
    buffer = BUFFER.replace(b"\n", b"\r\n")
    proc = cx(site, "check", "--fix", "--stdin-filename", "content/news/a.md", stdin=buffer)
    assert proc.stdout == buffer.replace(b"It&rsquo;s", "It’s".encode())  # byte-exact, CRLF kept
    err = proc.stderr.decode()
    assert "TAX001" in err and "REF001" in err and "ENT001" not in err
    assert proc.returncode == 1
    assert (site / "content/news/a.md").read_bytes() == disk
    clean = b"---\ntitle: ok\n---\nfine\n"
    proc = cx(site, "check", "--fix", "--stdin-filename", "content/news/a.md", stdin=clean)
    assert proc.returncode == 0 and proc.stdout == clean and proc.stderr == b""


def test_stdin_rejects_paths(site):
    proc = cx(site, "check", "--stdin-filename", "content/news/a.md", "content", stdin=b"")
    assert proc.returncode == 2 and b"takes no PATHS" in proc.stderr


def test_fix_with_baseline_reports_only_new_problems(site):
    base = cx(site, "check", "--write-baseline", "b.json", "--stdin-filename", "content/news/a.md", stdin=BUFFER)
    assert base.returncode == 0
    proc = cx(site, "check", "--fix", "--baseline", "b.json", "--stdin-filename", "content/news/a.md", stdin=BUFFER)
    assert proc.returncode == 0 and b"TAX001" not in proc.stderr
    assert b"It\xe2\x80\x99s here." in proc.stdout


def test_diff_of_the_buffer(site):
    proc = cx(site, "check", "--diff", "--stdin-filename", "content/news/a.md", stdin=BUFFER)
    patch = proc.stdout.decode()
    assert proc.returncode == 1
    assert patch.startswith("--- content/news/a.md\n+++ content/news/a.md\n")
    assert "-It&rsquo;s here.\n+It’s here.\n" in patch
