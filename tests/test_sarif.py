"""SARIF output validates against the official SARIF 2.1.0 schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from cxlint.cli import main

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def test_sarif_validates_and_carries_results(make_site, capsys, monkeypatch):
    root = make_site({"content/a.md": "---\ntitle: a\ntitle: b\n---\n", "content/b.md": "---\nx: [\n---\n"})
    monkeypatch.chdir(root)
    assert main(["check", "--format", "sarif", "."]) == 1
    doc = json.loads(capsys.readouterr().out)
    jsonschema.validate(doc, json.loads(SCHEMA.read_text(encoding="utf-8")))
    run = doc["runs"][0]
    results = [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]]
    assert results == [("DUP001", "content/a.md", 3), ("FM001", "content/b.md", 3)]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rule_ids == sorted(rule_ids) and "DUP001" in rule_ids
    for r in run["results"]:
        assert rule_ids[r["ruleIndex"]] == r["ruleId"]


def test_sarif_schema_rejects_a_broken_log():
    # guard: the schema really validates (a log without 'runs' must fail)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    try:
        jsonschema.validate({"version": "2.1.0"}, schema)
    except jsonschema.ValidationError:
        return
    raise AssertionError("schema accepted a log with no runs")


def test_sarif_declares_what_srcroot_stands_for(make_site, capsys, monkeypatch):
    from urllib.parse import unquote, urljoin, urlparse

    root = make_site({"content/a b.md": "---\ntitle: a\ntitle: b\n---\n", "content/c.md": "---\ntitle: c\ntitle: d\n---\n"})
    monkeypatch.chdir(root / "content")  # the paths are relative to the working folder, not the site
    assert main(["check", "--format", "sarif", "--select", "DUP001", "."]) == 1
    run = json.loads(capsys.readouterr().out)["runs"][0]
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == (root / "content").resolve().as_uri() + "/"
    files = []
    for r in run["results"]:
        loc = r["locations"][0]["physicalLocation"]["artifactLocation"]
        assert loc["uriBaseId"] == "%SRCROOT%"
        files.append(Path(unquote(urlparse(urljoin(base, loc["uri"])).path)))
    assert files == [(root / "content" / "a b.md").resolve(), (root / "content" / "c.md").resolve()]
    assert all(f.is_file() for f in files)
