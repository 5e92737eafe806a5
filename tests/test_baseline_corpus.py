"""Baseline adoption on the real site: thousands of old problems, none reported, edits keep them baselined."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.corpus


def cx(cwd, *args, stdin=None):
    return subprocess.run([sys.executable, "-m", "cxlint", *args], cwd=cwd, input=stdin, capture_output=True, timeout=300)


def test_real_site_baseline(corpus_dir, tmp_path):
    corpus_dir = corpus_dir.resolve()
    baseline = tmp_path / "baseline.json"
    wrote = cx(corpus_dir, "check", "--build-date", "2025-04-09", "--write-baseline", str(baseline), ".")
    assert wrote.returncode == 0, wrote.stderr
    data = json.loads(baseline.read_text())
    total = sum(e["count"] for e in data["entries"])
    assert total > 5000  # the real site's backlog
    again = cx(corpus_dir, "check", "--build-date", "2025-04-09", "--baseline", str(baseline), "--format", "json", ".")
    assert again.returncode == 0 and json.loads(again.stdout) == []
    assert f"{total} baselined problem(s)".encode() in again.stderr
    # one page with old problems, edited: two new lines at the top of the body, plus one new problem
    page = next(e["path"] for e in data["entries"] if e["code"] == "ENT001" and e["path"].startswith("../"))
    page = (tmp_path / page).resolve()
    text = page.read_bytes()
    end = text.index(b"\n---", 3) + 4
    shifted = text[:end] + b"\nNew intro.\n" + text[end:]
    rel = str(page.relative_to(corpus_dir))
    args = ("check", "--build-date", "2025-04-09", "--baseline", str(baseline), "--format", "json", "--stdin-filename", rel)
    moved = cx(corpus_dir, *args, stdin=shifted)
    assert moved.returncode == 0 and json.loads(moved.stdout) == [], moved.stdout[:500]
    worse = cx(corpus_dir, *args, stdin=text[:end] + b"\nNew &mdash; intro.\n" + text[end:])
    new = json.loads(worse.stdout)
    assert worse.returncode == 1
    assert [(d["code"], d["line"]) for d in new] == [("ENT001", text[:end].count(b"\n") + 2)]
