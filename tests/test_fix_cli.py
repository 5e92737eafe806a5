"""``cxlint check --fix / --unsafe-fixes / --fix-only / --diff / --show-fixes`` end to end."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cxlint.cli import main

from test_fixes import PLUGIN

FILES = {
    # DUP001 (unsafe fix) in files with every byte-level quirk we promise to keep
    "content/news/crlf.md": b"---\r\ntitle: a\r\ntitle: b\r\n---\r\ncolour\r\n",
    "content/news/bom.md": b"\xef\xbb\xbf---\ntitle: a\n# note\ntitle: b\n---\ncolour",
    "content/news/no-eol.md": b"---\ntitle: x\n---\nthe colour",
    "content/news/clean.md": b"---\ntitle: fine\n---\nBody\n",
}


@pytest.fixture
def site(make_site, tmp_path):
    root = make_site(dict(FILES))
    plugins = root / "plugins"
    plugins.mkdir()
    (plugins / "rules.py").write_text(PLUGIN, encoding="utf-8")
    (root / ".cxlint.toml").write_text('plugin-paths = ["plugins"]\nextend-select = ["TST001"]\n', encoding="utf-8")
    return root


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cxlint", *args], cwd=root, capture_output=True, timeout=120
    )


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "content").rglob("*.md"))}


def test_diff_writes_nothing_and_applies_like_fix(site, tmp_path):
    before = _tree(site)
    run = _cli(site, "check", "--diff", "--unsafe-fixes", ".")
    assert run.returncode == 1, run.stderr
    assert _tree(site) == before  # nothing written
    patch = run.stdout
    assert b"--- content/news/crlf.md\n+++ content/news/crlf.md\n" in patch
    assert b"-title: a\r\n" in patch and b"\\ No newline at end of file\n" in patch
    assert b"Would fix 5 problems in 3 files:" in run.stderr
    # What --fix writes ...
    fixed = tmp_path / "fixed"
    shutil.copytree(site, fixed)
    done = _cli(fixed, "check", "--fix", "--unsafe-fixes", ".")
    assert done.returncode == 0, done.stdout + done.stderr
    want = _tree(fixed)
    assert want["content/news/crlf.md"] == b"---\r\ntitle: b\r\n---\r\ncolor\r\n"
    assert want["content/news/bom.md"] == b"\xef\xbb\xbf---\n# note\ntitle: b\n---\ncolor"
    assert want["content/news/clean.md"] == FILES["content/news/clean.md"]
    # ... equals the diff applied by patch -p0 and by git apply -p0.
    assert_patch_gives(site, patch, want, tmp_path)


def assert_patch_gives(site: Path, patch: bytes, want: dict[str, bytes], tmp_path: Path) -> None:
    """``patch -p0`` and ``git apply -p0`` each turn a copy of ``site`` into ``want``."""
    for tool in (["patch", "-p0", "-s"], ["git", "apply", "-p0", "-"]):
        if shutil.which(tool[0]) is None:
            pytest.skip(f"{tool[0]} not installed")
        copy = tmp_path / f"by-{tool[0]}"
        shutil.copytree(site, copy)
        applied = subprocess.run(tool, cwd=copy, input=patch, capture_output=True)
        assert applied.returncode == 0, applied.stderr
        assert _tree(copy) == want, tool[0]


def test_diff_without_changes_exits_zero(site):
    (site / ".cxlint.toml").write_text('plugin-paths = ["plugins"]\nignore = ["TST"]\n', encoding="utf-8")
    run = _cli(site, "check", "--diff", ".")  # DUP001 fixes are unsafe: nothing to do
    assert run.returncode == 0 and run.stdout == b""
    assert b"No fixes to apply." in run.stderr
    assert b"2 more fixable with --unsafe-fixes: DUP001 (2)" in run.stderr


def test_fix_safe_only_reports_what_is_left(site, capsys, monkeypatch):
    monkeypatch.chdir(site)
    assert main(["check", "--fix", "--no-color", "."]) == 1  # DUP001 errors remain
    out = capsys.readouterr().out
    assert "content/news/crlf.md:3:1: DUP001" in out
    assert "TST001" not in out.split("Fixed")[0]  # the fixed problems are not reported
    assert "Fixed 3 problems in 3 files:\n       3  TST001  spell\n" in out
    assert "2 more fixable with --unsafe-fixes: DUP001 (2)" in out
    assert (site / "content/news/no-eol.md").read_bytes() == b"---\ntitle: x\n---\nthe color"


def test_fix_only_prints_counts_per_rule_and_show_fixes(site, capsys, monkeypatch):
    monkeypatch.chdir(site)
    assert main(["check", "--fix-only", "--unsafe-fixes", "--show-fixes", "."]) == 0
    out = capsys.readouterr().out
    assert out == (
        "Fixed 5 problems in 3 files:\n"
        "       3  TST001  spell\n"
        "       2  DUP001  duplicate-key\n"
        "  content/news/bom.md: 1 × DUP001, 1 × TST001\n"
        "  content/news/crlf.md: 1 × DUP001, 1 × TST001\n"
        "  content/news/no-eol.md: 1 × TST001\n"
    )
    assert main(["check", "."]) == 0  # nothing left
    assert main(["check", "--fix-only", "--unsafe-fixes", "."]) == 0
    assert capsys.readouterr().out.endswith("No fixes applied.\n")


def test_fix_with_json_format_keeps_stdout_parseable(site, capsys, monkeypatch):
    monkeypatch.chdir(site)
    assert main(["check", "--fix", "--format", "json", "."]) == 1
    captured = capsys.readouterr()
    assert {d["code"] for d in json.loads(captured.out)} == {"DUP001"}
    assert "Fixed 3 problems" in captured.err


def test_rules_shows_config_resolved_fix_safety(site, capsys, monkeypatch):
    monkeypatch.chdir(site)
    (site / ".cxlint.toml").write_text('extend-safe-fixes = ["DUP001"]\n', encoding="utf-8")
    assert main(["rules", "--format", "json"]) == 0
    rows = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["DUP001"]["fix"] == "safe"
    assert main(["check", "--fix", "--format", "json", "content/news/crlf.md"]) == 0
    assert (site / "content/news/crlf.md").read_bytes().startswith(b"---\r\ntitle: b\r\n---")
