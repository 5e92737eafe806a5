"""Shortcode argument lexing: quoted values with escapes, offsets of the value text."""

from __future__ import annotations

from cxlint.refs.extract import shortcode_calls


def test_quoted_arguments_with_escapes_and_offsets():
    text = 'a {{< ref "x \\"y\\" z.md" >}} b {{% link path="/n/a.md" %}} {{< ref `raw.md` >}} {{< ref "open'
    calls = shortcode_calls(text)
    assert [c.name for c in calls] == ["ref", "link", "ref"]
    first = calls[0].positional[0]
    assert first.value == 'x "y" z.md' and text[first.start:first.end] == 'x \\"y\\" z.md'
    named = calls[1].named["path"]
    assert named.value == "/n/a.md" and text[named.start:named.end] == "/n/a.md"
    assert calls[2].positional[0].value == "raw.md"


def test_escaped_call_is_not_a_call():
    assert shortcode_calls('{{</* ref "x.md" */>}} {{< ref "y.md" >}}')[0].positional[0].value == "y.md"
