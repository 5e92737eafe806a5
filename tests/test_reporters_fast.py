"""The text and JSON reporters write their output directly: the same text rich's markup printing
made (kept here as the reference), the same JSON data as ``json.dump``."""

from __future__ import annotations

import io
import json
import re

from cxlint.config import parse_config
from cxlint.diagnostics import Severity
from cxlint.engine import Linter
from cxlint.reporters.base import Rows, write_json
from cxlint.reporters.text import TextReporter

SITE = {
    "content/_index.md": "---\ntitle: Home\n---\n",
    "content/news/a.md": "---\ntitle: A [bold]x[/bold]\n---\nIt&#8217;s [red]fine[/red]\tand\t&mdash; tabbed.\n"
    + "word " * 60 + "&amp;#8217;\n",
    "content/news/crlf.md": "---\r\ntitle: C\r\ntopics:\r\n  - nope\r\n---\r\nLast line &mdash;",
    "content/topics/cx/_index.md": "---\ntitle: CX\n---\n",
    "content/news/refs.md": '---\ntitle: R\n---\nSee {{< ref "missing.md" >}}.\n',
}


def _result(make_site):
    root = make_site(SITE)
    linter = Linter(parse_config({"select": ["ENT001", "TAX001", "REF001"]}, None), jobs=1, cwd=root)
    return linter.check([root])


def _rich_reference(result, statistics: bool) -> str:
    """What the reporter printed through rich's markup before it wrote lines itself."""
    from collections import Counter

    from rich.console import Console
    from rich.markup import escape

    buf = io.StringIO()
    console = Console(file=buf, no_color=True, force_terminal=False, highlight=False, soft_wrap=True, emoji=False)
    for d in result.diagnostics:
        style = "bold red" if d.severity == Severity.ERROR else "yellow"
        fixable = " [dim]\\[*][/dim]" if d.fix is not None and d.fix.applicability == "safe" else ""
        console.print(f"[bold]{escape(d.path)}[/bold]:{d.line}:{d.column}: [{style}]{d.code}[/{style}] {escape(d.message)}{fixable}")
        doc = result.documents.get(d.path)
        width = len(str(d.line + 1))
        for ln in range(max(1, d.line - 1), min(len(doc.line_starts), d.line + 1) + 1):
            text = doc.line_text(ln).replace("\t", " ")
            if len(text) > 160:
                text = text[:157] + "..."
            mark = ">" if ln == d.line else " "
            console.print(f" {mark} {ln:>{width}} | {escape(text)}", style=None if ln == d.line else "dim")
            if ln == d.line:
                end = d.end_column if d.end_line == d.line and d.end_column > d.column else d.column + 1
                length = max(1, min(end, 162) - d.column)
                console.print(f"   {' ' * width} | {' ' * (d.column - 1)}[red]{'^' * length}[/red]")
    if statistics:
        counts = Counter((d.code, d.name) for d in result.diagnostics)
        with_fix = Counter(d.code for d in result.diagnostics if d.fix is not None and d.fix.applicability == "safe")
        for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            mark = "[*]" if with_fix[code] else "   "
            console.print(f"{n:>6}  {code:<7} {escape(mark)} {name}")
    console.print(escape(TextReporter(buf)._summary(result)))
    return buf.getvalue()


def _text(result, **kw) -> str:
    buf = io.StringIO()
    TextReporter(buf, **kw).report(result)
    return buf.getvalue()


def test_plain_text_is_what_rich_printed(make_site):
    result = _result(make_site)
    assert {d.code for d in result.diagnostics} == {"ENT001", "TAX001", "REF001"}
    for statistics in (False, True):
        got = _text(result, statistics=statistics)
        assert got == _rich_reference(result, statistics)
    assert "[red]fine[/red]" in got and "..." in got and "\x1b" not in got


def test_colour_wraps_the_same_text_in_escape_codes(make_site):
    result = _result(make_site)
    coloured = _text(result, color=True)
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == _text(result)


def test_write_json_is_json_dump_with_one_object_per_line():
    doc = {
        "version": "1",
        "runs": [{"results": [{"a": 1, "b": ["x", {"c": None}]}, {"a": "ü\"\n"}], "empty": [], "none": {}}],
        "items": [{"k": 1}, {"k": 2}],
    }
    buf = io.StringIO()
    write_json(buf, doc, expand=("runs",))
    out = buf.getvalue()
    assert json.loads(out) == doc
    lines = out.splitlines()
    assert '    {"k": 1},' in lines and '    {"k": 2}' in lines
    assert '        {"a": 1, "b": ["x", {"c": null}]},' in lines  # inside the expanded run
    assert '        {"a": "ü\\"\\n"}' in lines
    for value in ([], {}, [1, 2], "x", None):
        buf = io.StringIO()
        write_json(buf, value)
        assert json.loads(buf.getvalue()) == value


def test_rows_are_written_as_they_are_made_the_same_as_a_list():
    made = []

    def rows(n):
        for i in range(n):
            made.append(i)
            yield {"i": i, "s": "x" * (i % 3)}

    class Stream(io.StringIO):
        at_write: list = []

        def write(self, text):
            self.at_write.append(len(made))
            return super().write(text)

    buf = Stream()
    write_json(buf, {"runs": [{"results": Rows(rows(5000))}], "n": 1}, expand=("runs",))
    made.clear()
    as_list = io.StringIO()
    write_json(as_list, {"runs": [{"results": list(rows(5000))}], "n": 1}, expand=("runs",))
    assert buf.getvalue() == as_list.getvalue()
    assert json.loads(buf.getvalue())["runs"][0]["results"][4999] == {"i": 4999, "s": "x"}
    assert len(buf.at_write) > 2 and buf.at_write[0] < 5000  # written before the last row was made
    for n in (0, 1):
        one, two = io.StringIO(), io.StringIO()
        write_json(one, Rows(rows(n)))
        write_json(two, list(rows(n)))
        assert one.getvalue() == two.getvalue() == json.dumps(list(rows(n)), indent=2, ensure_ascii=False).replace(
            "{\n    ", "{").replace(",\n    ", ", ").replace("\n  }", "}") + "\n"
