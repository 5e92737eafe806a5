"""``--write-baseline`` / ``--baseline``: adopt cxlint in a repo with old violations."""

from __future__ import annotations

import json

import pytest

from cxlint.cli import main
from workflow_site import SITE


@pytest.fixture
def site(make_site, monkeypatch):
    root = make_site(dict(SITE))
    monkeypatch.chdir(root)
    return root


def _check(capsys, *argv):
    rc = main(["check", "--no-color", *argv])
    out = capsys.readouterr()
    return rc, out.out, out.err


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_write_then_check_is_clean_and_file_is_stable(site, capsys):
    rc, _, err = _check(capsys, "--write-baseline", "baseline.json", ".")
    assert rc == 0 and "wrote baseline.json: 5 problem(s)" in err
    raw = (site / "baseline.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert data["version"] == 1 and data["tool"] == "cxlint"
    keys = [(e["path"], e["code"], e["text"]) for e in data["entries"]]
    assert keys == sorted(keys)
    assert ("content/news/bad.md", "TAX001", "nope") in keys
    assert ("content/news/a.md", "ENT001", "&mdash;") in keys
    assert all("line" not in e for e in data["entries"])  # line numbers would not survive edits
    rc, out, _ = _check(capsys, "--baseline", "baseline.json", ".")
    assert rc == 0
    assert "All checks passed: 11 files. 5 baselined problems not shown." in out
    # writing again gives byte-identical output
    _check(capsys, "--write-baseline", "baseline.json", ".")
    assert (site / "baseline.json").read_text(encoding="utf-8") == raw


def test_line_shifts_keep_entries_new_problems_fail(site, capsys):
    _check(capsys, "--write-baseline", "baseline.json", ".")
    page = site / "content/news/a.md"
    _edit(page, "---\nSee", "---\nA new first paragraph.\n\nAnd another.\n\nSee")  # shifts the entity 4 lines down
    rc, out, _ = _check(capsys, "--baseline", "baseline.json", ".")
    assert rc == 0, out
    _edit(page, "A new first paragraph.", "A new &ldquo;first&rdquo; paragraph.")
    rc, out, _ = _check(capsys, "--baseline", "baseline.json", "--format", "json", ".")
    assert rc == 1
    assert sorted(d["code"] + ":" + str(d["line"]) for d in json.loads(out)) == ["ENT001:8", "ENT001:8"]


def test_duplicates_are_counted(site, capsys):
    _check(capsys, "--write-baseline", "baseline.json", ".")
    # the same violation (same code, same text) a second time in the same file is new
    _edit(site / "content/news/a.md", "A dash &mdash; here.", "A dash &mdash; here.\n\nAnd &mdash; again.")
    rc, out, _ = _check(capsys, "--baseline", "baseline.json", "--format", "json", ".")
    items = json.loads(out)
    assert rc == 1 and [(d["code"], d["path"]) for d in items] == [("ENT001", "content/news/a.md")]
    _check(capsys, "--write-baseline", "baseline.json", ".")
    entry = next(e for e in json.loads((site / "baseline.json").read_text())["entries"] if e["text"] == "&mdash;")
    assert entry["count"] == 2
    assert _check(capsys, "--baseline", "baseline.json", ".")[0] == 0


def test_fixed_entries_are_reported_and_paths_are_relative_to_the_baseline(site, capsys, monkeypatch):
    (site / "ci").mkdir()
    _check(capsys, "--write-baseline", "ci/baseline.json", ".")
    entries = json.loads((site / "ci/baseline.json").read_text())["entries"]
    assert {e["path"] for e in entries} == {"../content/news/a.md", "../content/news/bad.md"}
    _edit(site / "content/news/a.md", "A dash &mdash; here.", "A dash — here.")
    monkeypatch.chdir(site / "content")  # another working folder: the same baseline still matches
    rc, out, _ = _check(capsys, "--baseline", "../ci/baseline.json", ".")
    assert rc == 0
    assert "4 baselined problems not shown. 1 baseline entry no longer found" in out


def test_write_baseline_on_some_files_keeps_the_others(site, capsys):
    _check(capsys, "--write-baseline", "baseline.json", ".")
    _edit(site / "content/news/a.md", "A dash &mdash; here.", "A dash — here.")
    _check(capsys, "--write-baseline", "baseline.json", "content/news/a.md")
    entries = json.loads((site / "baseline.json").read_text())["entries"]
    assert {e["path"] for e in entries} == {"content/news/bad.md"}
    assert sum(e["count"] for e in entries) == 4


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "baseline file not found"),
        ("{not json", "baseline.json:1:2: baseline is not valid JSON"),
        ('{"version": 99, "entries": []}', "baseline version 99 is not supported"),
        ('{"version": 1, "entries": [{"path": "x"}]}', "entries[0]: needs 'path', 'code', 'text'"),
        ("[]", "not a cxlint baseline"),
    ],
)
def test_bad_baseline_is_a_clear_error(site, capsys, content, message):
    if content is not None:
        (site / "baseline.json").write_text(content, encoding="utf-8")
    rc, _, err = _check(capsys, "--baseline", "baseline.json", ".")
    assert rc == 2 and message in err


def test_baseline_and_write_baseline_exclude_each_other(site, capsys):
    rc, _, err = _check(capsys, "--baseline", "b.json", "--write-baseline", "b.json", ".")
    assert rc == 2 and "cannot be used together" in err


def test_fingerprint_without_snippet_ignores_numbers():
    from cxlint.baseline import offending_text
    from cxlint.diagnostics import Diagnostic

    a = Diagnostic("p.md", 3, 1, 3, 1, "FM001", "bad YAML at line 3, column 7")
    b = Diagnostic("p.md", 9, 1, 9, 1, "FM001", "bad YAML at line 9, column 7")
    assert offending_text(a) == offending_text(b) == "message: bad YAML at line #, column #"
    assert offending_text(Diagnostic("p.md", 1, 1, 1, 5, "X", "m", snippet="  &amp;\r\n")) == "&amp;"


def test_write_baseline_with_a_selection_keeps_other_rules(site, capsys):
    _check(capsys, "--write-baseline", "baseline.json", ".")
    _edit(site / "content/news/a.md", "A dash &mdash; here.", "A dash — here.")
    _check(capsys, "--write-baseline", "baseline.json", "--select", "ENT001", ".")
    entries = json.loads((site / "baseline.json").read_text())["entries"]
    assert sorted((e["path"], e["code"]) for e in entries) == [
        ("content/news/bad.md", "ENT001"),
        ("content/news/bad.md", "REF001"),
        ("content/news/bad.md", "TAX001"),
        ("content/news/bad.md", "TAX004"),
    ]
    assert _check(capsys, "--baseline", "baseline.json", ".")[0] == 0


def test_machine_formats_say_on_stderr_how_many_were_baselined(site, capsys):
    _check(capsys, "--write-baseline", "baseline.json", ".")
    rc, out, err = _check(capsys, "--baseline", "baseline.json", "--format", "github", ".")
    assert rc == 0 and out == ""
    assert "cxlint: 5 baselined problem(s) not reported (baseline.json)" in err
