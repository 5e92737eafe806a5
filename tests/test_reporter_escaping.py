"""What reporters write for content that is not ordinary text: control characters in messages,
paths and source lines, file names that are not URI-safe, long lines, unsafe fixes."""

from __future__ import annotations

import io
import json
import xml.dom.minidom
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import jsonschema

from cxlint.config import parse_config
from cxlint.engine import Linter
from cxlint.reporters.base import write_json
from cxlint.reporters.github import GithubReporter
from cxlint.reporters.gitlab import GitlabReporter
from cxlint.reporters.json import JsonReporter
from cxlint.reporters.junit import JunitReporter
from cxlint.reporters.sarif import SarifReporter

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

# YAML escapes put the controls into the topic values; the body holds raw ESC and DEL
CONTROLS = {
    "content/topics/cx/_index.md": "---\ntitle: CX\n---\n",
    "content/news/ctl.md": '---\ntitle: C\ntopics:\n  - "bad\\x01\\x1b[31mred"\n  - "line\\nbreak\\r"\n---\n'
    "x\x1b[2J\x7f &mdash; y\n",
    "content/news/e\x1bx.md": "---\ntitle: A &amp; B\n---\n",
}


def _check(root: Path, *codes: str, cwd: Path | None = None):
    return Linter(parse_config({"select": list(codes)}, None), jobs=1, cwd=cwd or root).check([root])


def _report(cls, result, **kw) -> str:
    buf = io.StringIO()
    cls(buf, **kw).report(result)
    return buf.getvalue()


NAMES = ["c#sharp.md", "50%20off.md", "my page.md", "\u00e9t\u00e9.md", "a:b.md", "q?x=1.md", "plain-name_1.md"]


def test_sarif_uris_are_percent_encoded(make_site, tmp_path):
    root = make_site({f"content/{name}": "---\ntitle: A &amp; B\n---\n" for name in NAMES})
    doc = json.loads(_report(SarifReporter, _check(root, "ENT001")))
    jsonschema.validate(doc, json.loads(SCHEMA.read_text(encoding="utf-8")))
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in doc["runs"][0]["results"]]
    assert sorted(loc["uri"] for loc in locations) == sorted([
        "content/50%2520off.md", "content/a%3Ab.md", "content/c%23sharp.md", "content/my%20page.md",
        "content/plain-name_1.md", "content/q%3Fx%3D1.md", "content/%C3%A9t%C3%A9.md",
    ])
    assert sorted(unquote(loc["uri"]) for loc in locations) == sorted(f"content/{name}" for name in NAMES)
    assert {loc["uriBaseId"] for loc in locations} == {"%SRCROOT%"}
    # a file outside the working folder has an absolute path: a file:// URI, no uriBaseId
    far = tmp_path / "a" / "b" / "c"
    far.mkdir(parents=True)
    doc = json.loads(_report(SarifReporter, _check(root, "ENT001", cwd=far)))
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in doc["runs"][0]["results"]]
    assert all(set(loc) == {"uri"} for loc in locations)
    assert f"file://{root}/content/50%2520off.md" in {loc["uri"] for loc in locations}  # (root: plain ASCII)
    assert sorted(unquote(loc["uri"]) for loc in locations) == sorted(f"file://{root}/content/{name}" for name in NAMES)


def test_junit_is_well_formed_with_control_characters(make_site):
    files = dict(CONTROLS, **{"content/news/ff.md": '---\ntitle: F\ntopics:\n  - "page\\fbreak\\uFFFE"\n---\n'})
    out = _report(JunitReporter, _check(make_site(files), "ENT001", "TAX001"))
    dom = xml.dom.minidom.parseString(out.encode("utf-8"))
    failures = {f.getAttribute("message"): f.firstChild.data for f in dom.getElementsByTagName("failure")}
    assert failures == {
        "TAX001 unknown topic 'bad\\x01\\x1b[31mred': no topic page and no alias":
            "content/news/ctl.md:4:5: TAX001 unknown topic 'bad\\x01\\x1b[31mred': no topic page and no alias",
        # an attribute keeps CR and LF apart (written as &#13; and &#10;); the located line is one line
        "TAX001 unknown topic 'line\nbreak\r': no topic page and no alias":
            "content/news/ctl.md:5:5: TAX001 unknown topic 'line\\nbreak\\r': no topic page and no alias",
        "TAX001 unknown topic 'page\\x0cbreak\\ufffe': no topic page and no alias":
            "content/news/ff.md:4:5: TAX001 unknown topic 'page\\x0cbreak\\ufffe': no topic page and no alias",
        "ENT001 HTML entity '&mdash;'; write '\u2014'": "content/news/ctl.md:7:8: ENT001 HTML entity '&mdash;'; write '\u2014'",
        "ENT001 HTML entity '&amp;' in 'title'; write '&'":
            "content/news/e\\x1bx.md:2:10: ENT001 HTML entity '&amp;' in 'title'; write '&'",
    }
    names = sorted(c.get("name") for c in ET.fromstring(out).iter("testcase"))
    assert names == ["content/news/ctl.md", "content/news/e\\x1bx.md", "content/news/ff.md", "content/topics/cx/_index.md"]


def test_github_neutralises_control_characters(make_site):
    out = _report(GithubReporter, _check(make_site(CONTROLS), "ENT001", "TAX001"))
    assert out.splitlines() == [
        "::error file=content/news/ctl.md,line=4,col=5,endLine=4,endColumn=25,title=TAX001 unknown-topic::"
        "TAX001 unknown topic 'bad\\x01\\x1b[31mred': no topic page and no alias",
        "::error file=content/news/ctl.md,line=5,col=5,endLine=5,endColumn=20,title=TAX001 unknown-topic::"
        "TAX001 unknown topic 'line%0Abreak%0D': no topic page and no alias",
        "::error file=content/news/ctl.md,line=7,col=8,endLine=7,endColumn=15,title=ENT001 html-entity::"
        "ENT001 HTML entity '&mdash;'; write '\u2014'",
        "::error file=content/news/e\\x1bx.md,line=2,col=10,endLine=2,endColumn=15,title=ENT001 html-entity::"
        "ENT001 HTML entity '&amp;' in 'title'; write '&'",
    ]


def test_json_formats_carry_control_characters_exactly(make_site):
    result = _check(make_site(CONTROLS), "ENT001", "TAX001")
    messages = sorted(d.message for d in result.diagnostics)
    assert "unknown topic 'bad\x01\x1b[31mred': no topic page and no alias" in messages
    assert sorted(i["message"] for i in json.loads(_report(JsonReporter, result))) == messages
    gitlab = json.loads(_report(GitlabReporter, result))
    assert sorted(i["description"].partition(" ")[2] for i in gitlab) == messages
    sarif = json.loads(_report(SarifReporter, result))
    assert sorted(r["message"]["text"] for r in sarif["runs"][0]["results"]) == messages


def test_write_json_escapes_a_lone_surrogate_a_utf8_file_cannot_hold(tmp_path):
    # an undecodable byte of a file name comes as a lone surrogate (os.fsdecode)
    with open(tmp_path / "out.json", "w", encoding="utf-8") as stream:
        write_json(stream, [{"path": "content/bad\udcff.md", "line": 1}])
    text = (tmp_path / "out.json").read_text(encoding="utf-8")
    assert text == '[\n  {"path": "content/bad\\udcff.md", "line": 1}\n]\n'
    assert json.loads(text) == [{"path": "content/bad\udcff.md", "line": 1}]
