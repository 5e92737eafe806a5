"""A rule that crashes: the run goes on, reports CX999 where it happened, exits 2 (whatever
--exit-zero says), and a baseline never records or hides it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxlint.cli import main

PLUGIN = '''
from cxlint.rule import Rule


class Boom(Rule):
    """Test rule: crashes on pages that say boom, finds 'bad' elsewhere."""

    code, name = "TST900", "boom"

    def check(self, doc, ctx):
        if "boom" in doc.text:
            raise RuntimeError("kaboom")
        at = doc.text.find("bad")
        if at >= 0:
            yield self.diagnostic(doc, at, at + 3, "bad word")
'''


@pytest.fixture
def site(make_site, tmp_path) -> Path:
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "boom_rules.py").write_text(PLUGIN, encoding="utf-8")
    root = make_site({
        "content/a.md": "---\ntitle: a\n---\nboom\n",
        "content/b.md": "---\ntitle: b\n---\nbad\n",
    })
    (root / ".cxlint.toml").write_text(f'plugin-paths = ["{plugins.as_posix()}"]\nselect = ["TST900"]\n', encoding="utf-8")
    return root


def _json(capsys) -> list[dict]:
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_crash_is_located_and_exits_2(site, capsys, monkeypatch, jobs):
    monkeypatch.chdir(site)
    assert main(["check", "--no-cache", "--jobs", jobs, "--format", "json"]) == 2
    got = {(d["path"], d["code"]) for d in _json(capsys)}
    assert got == {("content/a.md", "CX999"), ("content/b.md", "TST900")}  # the other file still checked
    assert main(["check", "--no-cache", "--jobs", jobs, "--exit-zero", "-q"]) == 2
    assert "internal error" in capsys.readouterr().err


def test_crash_is_never_baselined(site, capsys, monkeypatch):
    monkeypatch.chdir(site)
    assert main(["check", "--no-cache", "--write-baseline", "base.json"]) == 2
    recorded = (site / "base.json").read_text(encoding="utf-8")
    assert "TST900" in recorded and "CX999" not in recorded
    capsys.readouterr()
    assert main(["check", "--no-cache", "--baseline", "base.json", "--format", "json"]) == 2
    assert [d["code"] for d in _json(capsys)] == ["CX999"]


def test_a_corrupt_baseline_is_not_overwritten(site, capsys, monkeypatch):
    monkeypatch.chdir(site)
    (site / "content/a.md").write_text("---\ntitle: a\n---\nfine\n", encoding="utf-8")
    assert main(["check", "--no-cache", "--write-baseline", "base.json"]) == 0
    good = (site / "base.json").read_text(encoding="utf-8")
    broken = "<<<<<<< HEAD\n" + good
    (site / "base.json").write_text(broken, encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--no-cache", "--write-baseline", "base.json", "content/a.md"]) == 2
    assert "not overwritten" in capsys.readouterr().err
    assert (site / "base.json").read_text(encoding="utf-8") == broken


def test_sarif_describes_the_internal_error(site, capsys, monkeypatch):
    monkeypatch.chdir(site)
    assert main(["check", "--no-cache", "--format", "sarif"]) == 2
    run = json.loads(capsys.readouterr().out)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    got = {(r["ruleId"], rules[r["ruleIndex"]]["id"]) for r in run["results"]}
    assert got == {("CX999", "CX999"), ("TST900", "TST900")}
