"""Inline suppressions: what each directive silences, and that a directive shown as code
(inside inline code, a fenced or an indented code block) is not obeyed."""

from __future__ import annotations

import json

import pytest

from cxlint.cli import main

CASES = [
    ("next line", "<!-- cxlint-disable-next-line ENT001 -->\nA &mdash; b\nC &mdash; d\n", [6]),
    ("same line", "A &mdash; b <!-- cxlint-disable-line ENT001 -->\nC &mdash; d\n", [5]),
    ("block", "<!-- cxlint-disable ENT001 -->\nA &mdash;\n<!-- cxlint-enable ENT001 -->\nC &mdash;\n", [7]),
    ("other code", "<!-- cxlint-disable-next-line FM002 -->\nA &mdash; b\n", [5]),
    ("inline code", "Write `<!-- cxlint-disable ENT001 -->` to turn it off.\n\nA &mdash; b\n", [6]),
    ("fenced", "```html\n<!-- cxlint-disable ENT001 -->\n```\n\nA &mdash; b\n", [8]),
    ("indented", "Example:\n\n    <!-- cxlint-disable ENT001 -->\n\nA &mdash; b\n", [8]),
    ("after code", "`x`\n<!-- cxlint-disable-next-line ENT001 -->\nA &mdash; b\n", []),
]


@pytest.mark.parametrize("body, lines", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_body_directives(make_site, monkeypatch, capsys, body, lines):
    root = make_site({"content/a.md": "---\ntitle: A\n---\n" + body})
    monkeypatch.chdir(root)
    main(["check", "--no-cache", "--select", "ENT001", "--format", "json", "content/a.md"])
    assert [d["line"] for d in json.loads(capsys.readouterr().out)] == lines


def test_front_matter_directive(make_site, monkeypatch, capsys):
    root = make_site({"content/a.md": "---\ntitle: A &amp; B  # cxlint: disable=ENT001\nsummary: C &amp; D\n---\n"})
    monkeypatch.chdir(root)
    main(["check", "--no-cache", "--select", "ENT001", "--format", "json"])
    assert [d["line"] for d in json.loads(capsys.readouterr().out)] == [3]


def test_the_directive_probe_equals_a_substring_search():
    import random

    from cxlint.suppressions import _mentions_cxlint

    rng = random.Random(7)
    texts = ["cxlint-", "xcxlint-", "a cxlint-disable", "x", "", "cxlint", "cx lint-", "ccxlint-x"]
    texts += ["".join(rng.choice("cxlint- ab") for _ in range(rng.randint(0, 24))) for _ in range(20000)]
    assert [t for t in texts if _mentions_cxlint(t)] == [t for t in texts if "cxlint-" in t]
