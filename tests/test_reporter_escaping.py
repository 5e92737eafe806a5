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
from cxlint.reporters.text import TextReporter

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


def test_text_writes_control_characters_as_escapes_one_problem_one_line(make_site):
    result = _check(make_site(CONTROLS), "ENT001", "TAX001")
    assert _report(TextReporter, result) == (
        "content/news/ctl.md:4:5: TAX001 unknown topic 'bad\\x01\\x1b[31mred': no topic page and no alias\n"
        "   3 | topics:\n"
        ' > 4 |   - "bad\\x01\\x1b[31mred"\n'
        "     |     ^^^^^^^^^^^^^^^^^^^^\n"
        '   5 |   - "line\\nbreak\\r"\n'
        "content/news/ctl.md:5:5: TAX001 unknown topic 'line\\nbreak\\r': no topic page and no alias\n"
        '   4 |   - "bad\\x01\\x1b[31mred"\n'
        ' > 5 |   - "line\\nbreak\\r"\n'
        "     |     ^^^^^^^^^^^^^^^\n"
        "   6 | ---\n"
        "content/news/ctl.md:7:8: ENT001 HTML entity '&mdash;'; write '\u2014' [*]\n"
        "   6 | ---\n"
        " > 7 | x\\x1b[2J\\x7f &mdash; y\n"
        # the caret moves right by the escapes' extra characters (3 for ESC, 3 for DEL)
        "     |              ^^^^^^^\n"
        "   8 | \n"
        "content/news/e\\x1bx.md:2:10: ENT001 HTML entity '&amp;' in 'title'; write '&' [*]\n"
        "   1 | ---\n"
        " > 2 | title: A &amp; B\n"
        "     |          ^^^^^\n"
        "   3 | ---\n"
        "Found 4 problems (4 errors) in 2 of 3 files (2 fixable with --fix).\n"
    )
    coloured = _report(TextReporter, result, color=True)
    # the only ESC bytes left are the reporter's own colour codes
    assert "\x1b[31mred" not in coloured and "\x1b[2J" not in coloured and "\x01" not in coloured


def test_text_frame_shows_the_stretch_around_a_column_past_the_cut(make_site):
    tail = "x" * 200 + " &mdash; end"  # the problem near the end: cut at the start only
    middle = "y" * 200 + " &amp; " + "z" * 200  # cut on both sides
    ctl = "w" * 190 + "\x1b &amp; " + "v" * 200  # an escape in the window moves the caret
    early = "u" * 150 + " &amp;" + "t" * 100  # at the start: cut at the end, caret as before
    page = "---\ntitle: L\n---\n" + "\n".join([tail, middle, ctl, early]) + "\n"
    out = _report(TextReporter, _check(make_site({"content/long.md": page}), "ENT001")).splitlines()
    frames = [out[i + 2:i + 4] for i, line in enumerate(out) if line.startswith("content/long.md:")]
    assert [line for line in out if line.startswith("content/")] == [
        "content/long.md:4:202: ENT001 HTML entity '&mdash;'; write '\u2014' [*]",
        "content/long.md:5:202: ENT001 HTML entity '&amp;'; write '&' [*]",
        "content/long.md:6:193: ENT001 HTML entity '&amp;'; write '&' [*]",
        "content/long.md:7:152: ENT001 HTML entity '&amp;'; write '&' [*]",
    ]
    assert frames[0] == [" > 4 | ..." + tail[-157:], "     | " + " " * 149 + "^" * 7]
    assert frames[1] == [" > 5 | ..." + middle[161:315] + "...", "     | " + " " * 43 + "^" * 5]
    assert frames[2] == [" > 6 | ..." + "w" * 38 + "\\x1b " + ctl[192:306] + "...", "     | " + " " * 46 + "^" * 5]
    assert frames[3] == [" > 7 | " + early[:157] + "...", "     | " + " " * 151 + "^" * 5]
    for text, caret in frames:  # the caret is under the entity
        assert text[caret.index("^"):].startswith(" &") is False and text[caret.index("^")] == "&"


def test_text_caret_counts_terminal_cells_wide_and_combining_characters(make_site):
    # two wide CJK characters (2 cells each), an e with a combining acute (1 cell), an emoji (2)
    lines = ["\u65e5\u672c &amp; x", "cafe\u0301 &mdash; y", "\U0001F44D &amp;\u65e5 z"]
    page = "---\ntitle: W\n---\n" + "\n".join(lines) + "\n"
    out = _report(TextReporter, _check(make_site({"content/wide.md": page}), "ENT001")).splitlines()
    carets = [out[i + 3] for i, line in enumerate(out) if line.startswith("content/wide.md:")]
    assert [line for line in out if line.startswith("content/")] == [
        "content/wide.md:4:4: ENT001 HTML entity '&amp;'; write '&' [*]",
        "content/wide.md:5:7: ENT001 HTML entity '&mdash;'; write '\u2014' [*]",
        "content/wide.md:6:3: ENT001 HTML entity '&amp;'; write '&' [*]",
    ]
    assert carets == ["     | " + " " * 5 + "^" * 5, "     | " + " " * 5 + "^" * 7, "     | " + " " * 3 + "^" * 5]


def test_text_frame_cuts_wide_lines_by_cells(make_site):
    from rich.cells import cell_len

    wide = "\u65e5" * 150 + " &amp; x"  # 300 cells of CJK before the problem
    before = "\u672c" * 100  # the line before: 200 cells, cut too
    page = "---\ntitle: W\n---\n" + before + "\n" + wide + "\n"
    out = _report(TextReporter, _check(make_site({"content/wide.md": page}), "ENT001")).splitlines()
    i = next(k for k, line in enumerate(out) if line.startswith("content/wide.md:"))
    prev, own, caret = out[i + 1], out[i + 2], out[i + 3]
    assert out[i] == "content/wide.md:5:152: ENT001 HTML entity '&amp;'; write '&' [*]"
    shown = own[len(" > 5 | "):]
    assert shown.startswith("...") and cell_len(shown) <= 160
    assert cell_len(prev[len("   4 | "):]) <= 160 and prev.endswith("...")
    col = cell_len(shown[: shown.index("&")])
    assert caret == "     | " + " " * col + "^" * 5


UNSAFE = {
    "content/a.md": "---\ntitle: a\ntitle: b\n---\nA &mdash; b\n",  # DUP001: an unsafe fix; ENT001: safe
}


def test_fixable_mark_only_on_fixes_fix_applies(make_site):
    result = _check(make_site(UNSAFE), "DUP001", "ENT001")
    fixes = {d.code: str(d.fix.applicability) for d in result.diagnostics}
    assert fixes == {"DUP001": "unsafe", "ENT001": "safe"}
    heads = [line for line in _report(TextReporter, result, statistics=True).splitlines() if line.startswith(("content", " "))]
    assert heads[0] == "content/a.md:3:1: DUP001 duplicate key 'title' (first defined on line 2)"
    stats = _report(TextReporter, result, statistics=True, quiet=True)
    assert stats == (
        "     1  DUP001      duplicate-key\n"
        "     1  ENT001  [*] html-entity\n"
        "Found 2 problems (2 errors) in 1 of 1 files (1 fixable with --fix, 1 more with --unsafe-fixes).\n"
    )
    text = _report(TextReporter, result, unsafe_fixes=True)
    assert [line for line in text.splitlines() if line.startswith("content")] == [
        "content/a.md:3:1: DUP001 duplicate key 'title' (first defined on line 2) [*]",
        "content/a.md:5:3: ENT001 HTML entity '&mdash;'; write '\u2014' [*]",
    ]
    reporter = TextReporter(io.StringIO(), statistics=True, quiet=True)
    reporter.unsafe_fixes = True  # as a caller sets it on a reporter that does not take the argument
    reporter.report(result)
    assert reporter.stream.getvalue().splitlines()[0] == "     1  DUP001  [*] duplicate-key"


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


def test_gitlab_report_of_a_file_name_with_undecodable_bytes(make_site, tmp_path):
    import os

    root = make_site({"content/a.md": "---\ntitle: a\n---\n"})
    bad = os.path.join(os.fsencode(root / "content"), b"caf\xff.md")
    with open(bad, "wb") as fh:
        fh.write(b"---\ntitle: x\ntitle: y\n---\n")
    linter = Linter(parse_config({}, None), jobs=1, cwd=root)
    result = linter.check([root])
    out = io.StringIO()
    GitlabReporter(out).report(result)
    items = json.loads(out.getvalue())
    assert [i["check_name"] for i in items] == ["DUP001 duplicate-key"]
    assert items[0]["location"]["path"] == "content/caf\udcff.md"


def test_text_shows_bidi_controls_and_line_separators_as_escapes(make_site):
    # a right-to-left override would show the rest of the line reversed ("Trojan Source"); a
    # real digital.gov page holds eleven U+202C after a hashtag pasted from Twitter
    root = make_site({"content/news/b.md": "---\ntitle: B\n---\n#Ask\u202e\u202c x\u2028y &mdash; z\n"})
    out = _report(TextReporter, _check(root, "ENT001"))
    assert out.splitlines()[2] == " > 4 | #Ask\\u202e\\u202c x\\u2028y &mdash; z"
    assert not set(out) & {"\u202e", "\u202c", "\u2028"}


def test_junit_failure_text_shows_bidi_controls_as_escapes(make_site):
    root = make_site({"content/topics/cx/_index.md": "---\ntitle: CX\n---\n",
                      "content/news/b.md": "---\ntitle: B\ntopics:\n  - \"a\u202eb\"\n---\n"})
    doc = ET.fromstring(_report(JunitReporter, _check(root, "TAX001")))
    (failure,) = doc.iter("failure")
    assert "a\\u202eb" in failure.text and "\u202e" not in failure.text
