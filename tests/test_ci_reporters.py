"""``--format gitlab`` (Code Quality JSON) and ``--format junit`` (JUnit XML)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from cxlint.cli import main
from cxlint.registry import reporters
from workflow_site import SITE


@pytest.fixture
def site(make_site, monkeypatch):
    root = make_site(dict(SITE))
    monkeypatch.chdir(root)
    return root


def _run(capsys, fmt, *paths):
    rc = main(["check", "--format", fmt, *paths])
    return rc, capsys.readouterr().out


def test_registered_through_entry_points():
    from importlib.metadata import entry_points

    names = {ep.name: ep.value for ep in entry_points(group="cxlint.reporters")}
    assert names["gitlab"] == "cxlint.reporters.gitlab:GitlabReporter"
    assert names["junit"] == "cxlint.reporters.junit:JunitReporter"
    assert {"gitlab", "junit"} <= set(reporters())


def test_gitlab_code_quality(site, capsys):
    rc, out = _run(capsys, "gitlab", ".")
    items = json.loads(out)
    assert rc == 1 and len(items) == 5
    severities = {"info", "minor", "major", "critical", "blocker"}
    for item in items:
        assert set(item) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert item["severity"] in severities
        assert isinstance(item["location"]["lines"]["begin"], int)
    tax = next(i for i in items if i["check_name"].startswith("TAX001"))
    assert tax["check_name"] == "TAX001 unknown-topic"
    assert tax["location"] == {"path": "content/news/bad.md", "lines": {"begin": 4, "end": 4}}
    assert tax["description"].startswith("TAX001 ") and "nope" in tax["description"]
    assert len({i["fingerprint"] for i in items}) == len(items)


def test_gitlab_fingerprints_survive_line_shifts_and_tell_duplicates_apart(site, capsys):
    page = site / "content/news/a.md"
    _, before = _run(capsys, "gitlab", "content/news/a.md")
    page.write_text(page.read_text().replace("---\nSee", "---\nNew line.\n\nSee").replace("here.", "here &mdash; twice."))
    _, after = _run(capsys, "gitlab", "content/news/a.md")
    old, new = json.loads(before), json.loads(after)
    assert len(old) == 1 and len(new) == 2
    assert new[0]["fingerprint"] == old[0]["fingerprint"]  # same problem, moved two lines
    assert new[0]["location"]["lines"]["begin"] == old[0]["location"]["lines"]["begin"] + 2
    assert new[1]["fingerprint"] != new[0]["fingerprint"]


def test_junit_one_testcase_per_file(site, capsys):
    rc, out = _run(capsys, "junit", ".")
    root = ET.fromstring(out)
    assert rc == 1 and root.tag == "testsuites"
    suite = root.find("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert len(cases) == 10 and suite.get("tests") == "10" and suite.get("failures") == "2"
    assert cases["content/news/b.md"].find("failure") is None
    failures = cases["content/news/bad.md"].findall("failure")
    assert sorted(f.get("type") for f in failures) == ["ENT001", "REF001", "TAX001", "TAX004"]
    tax = next(f for f in failures if f.get("type") == "TAX001")
    assert tax.text.startswith("content/news/bad.md:4:5: TAX001 ")
    assert tax.get("message").startswith("TAX001 ")


def test_junit_escapes_and_clean_run(make_site, capsys, monkeypatch):
    root = make_site({"content/x.md": '---\ntitle: "<&>"\ntitle: again\n---\n'}, name="esc")
    monkeypatch.chdir(root)
    rc, out = _run(capsys, "junit", ".")
    failure = ET.fromstring(out).find("testsuite/testcase/failure")
    assert failure.get("type") == "DUP001" and "'title'" in failure.get("message")
    (root / "content/x.md").write_text("---\ntitle: fine & well\n---\n")
    rc, out = _run(capsys, "junit", ".")
    assert rc == 0 and ET.fromstring(out).find("testsuite").get("failures") == "0"
