"""End-to-end CLI behaviour: exit codes, formats, errors."""

from __future__ import annotations

import json

import pytest

from cxlint.cli import main

DUP_PAGE = """\
---
title: One
title: Two
---
Body
"""


@pytest.fixture
def site(make_site):
    return make_site({"content/news/a.md": DUP_PAGE, "content/news/b.md": "---\ntitle: ok\n---\n"})


def test_exit_codes_and_text_output(site, capsys, monkeypatch):
    monkeypatch.chdir(site)
    assert main(["check", "--no-color", "."]) == 1
    out = capsys.readouterr().out
    assert "content/news/a.md:3:1: DUP001 duplicate key 'title' (first defined on line 2)" in out
    assert "Found 1 problem (1 error) in 1 of 2 files (1 fixable with --fix --unsafe-fixes)." in out
    assert main(["check", "--exit-zero", "."]) == 0
    assert main(["check", "content/news/b.md"]) == 0


def test_json_format_is_relative_posix(site, capsys, monkeypatch):
    monkeypatch.chdir(site)
    main(["check", "--format", "json", "."])
    data = json.loads(capsys.readouterr().out)
    assert data == [
        {
            "path": "content/news/a.md",
            "line": 3,
            "column": 1,
            "end_line": 3,
            "end_column": 6,
            "code": "DUP001",
            "name": "duplicate-key",
            "severity": "error",
            "message": "duplicate key 'title' (first defined on line 2)",
            "fix": data[0]["fix"],
            "related": [{"line": 2, "column": 1, "message": "first 'title' here"}],
        }
    ]


def test_github_format(site, capsys, monkeypatch):
    monkeypatch.chdir(site)
    main(["check", "--format", "github", "."])
    line = capsys.readouterr().out.strip()
    assert line.startswith("::error file=content/news/a.md,line=3,col=1,")
    assert "title=DUP001 duplicate-key::DUP001 duplicate key 'title'" in line


def test_unknown_code_is_usage_error(site, capsys, monkeypatch):
    monkeypatch.chdir(site)
    assert main(["check", "--select", "NOPE1", "."]) == 2
    assert "unknown rule code or prefix 'NOPE1'" in capsys.readouterr().err


def test_unknown_config_key_names_file_and_key(site, capsys, monkeypatch):
    (site / ".cxlint.toml").write_text("selct = ['FM']\n")
    monkeypatch.chdir(site)
    assert main(["check", "."]) == 2
    err = capsys.readouterr().err
    assert ".cxlint.toml: unknown key 'selct'" in err and "allowed keys:" in err


def test_unknown_format(site, capsys, monkeypatch):
    monkeypatch.chdir(site)
    assert main(["check", "--format", "xml", "."]) == 2
    assert "unknown format 'xml'" in capsys.readouterr().err


def test_output_file_and_version(site, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(site)
    out = tmp_path / "report.json"
    assert main(["check", "--format", "json", "-o", str(out), "."]) == 1
    assert json.loads(out.read_text())[0]["code"] == "DUP001"
    assert main(["--version"]) == 0
    assert "cxlint, version" in capsys.readouterr().out


def test_explain_and_rules(capsys):
    assert main(["explain", "duplicate-key"]) == 0
    assert "DUP001 duplicate-key" in capsys.readouterr().out
    assert main(["explain", "ZZZ999"]) == 2
    assert main(["rules", "--format", "json"]) == 0
    codes = [r["code"] for r in json.loads(capsys.readouterr().out)]
    assert {"FM001", "DUP001", "IO001"} <= set(codes)


def test_rules_shows_mixed_fix_safety_unless_the_config_reclassifies(tmp_path, capsys, monkeypatch):
    import json

    monkeypatch.chdir(tmp_path)
    assert main(["rules", "--format", "json"]) == 0
    fix = {r["code"]: r["fix"] for r in json.loads(capsys.readouterr().out)}
    assert fix["TAX002"] == "safe, some unsafe" and fix["TAX003"] == "unsafe, some safe"
    assert fix["ENT001"] == "safe" and fix["TAX001"] is None
    (tmp_path / ".cxlint.toml").write_text('extend-unsafe-fixes = ["TAX002"]\nextend-safe-fixes = ["TAX003"]\n')
    assert main(["rules", "--format", "json", "--config", str(tmp_path / ".cxlint.toml")]) == 0
    fix = {r["code"]: r["fix"] for r in json.loads(capsys.readouterr().out)}
    assert fix["TAX002"] == "unsafe" and fix["TAX003"] == "safe"


def test_named_files_with_nothing_to_check_are_warned_about(make_site, monkeypatch, capsys):
    root = make_site({"content/a.md": "---\ntitle: A\n---\n", "README.md": "# x\n"})
    monkeypatch.chdir(root)
    assert main(["check", "--no-cache", "README.md"]) == 0
    out = capsys.readouterr()
    assert "All checks passed: 0 files." in out.out
    assert "warning: nothing to check in README.md: pages are Markdown files under content" in out.err
    assert main(["check", "--no-cache", "content/a.md"]) == 0
    assert "warning" not in capsys.readouterr().err
