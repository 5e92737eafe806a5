"""Pure helpers behind ENT001 and the taxonomy fixes (reused by migrate)."""

from __future__ import annotations

import pytest

from cxlint.diagnostics import Edit
from cxlint.entities import body_mask, decode_body, in_url, iter_entities
from cxlint.fmedit import remove_list_item, replace_in_scalar
from cxlint.site import fold_term


def _decoded(text):
    mask = body_mask(text)
    return [(e.text, decode_body(text, e)) for e in iter_entities(text) if not mask.covers(e.start)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("It&#8217;s", [("&#8217;", "’")]),
        ("&lt;div&gt;", [("&lt;", None), ("&gt;", None)]),
        ("x &lt; 5", [("&lt;", "<")]),
        ("AT&amp;T", [("&amp;", "&")]),
        ("don&amp;#8217;t", [("&amp;#8217;", "’")]),
        ("<td>\n  &amp;eacute;\n</td>", [("&amp;eacute;", None)]),
        ("1&#41; item", [("&#41;", None)]),
        ("a &#42;b&#42;", [("&#42;", None), ("&#42;", None)]),
        ("a &#42; b", [("&#42;", "*")]),
        ("non&nbsp;breaking", [("&nbsp;", None)]),
        ("`It&#8217;s` and ```x&mdash;```", []),
        ("&copyright &copy=1 &copy 2", [("&copy", "©")]),
    ],
)
def test_decode_body(text, want):
    assert _decoded(text) == want


def test_in_url():
    text = "[a](https://x.gov/?a=1&amp;b) b&#8217;s https://y.gov/?c&amp;d"
    assert [in_url(text, e.start) for e in iter_entities(text)] == [True, False, True]


def test_replace_in_scalar_requotes_only_when_needed():
    text = "title: a&#58; b\n"
    assert replace_in_scalar(text, (7, 15), 8, 13, ":") == Edit(7, 15, '"a: b"')
    text = "title: a&#8217;b\r\n"
    assert replace_in_scalar(text, (7, 16), 8, 15, "’") == Edit(8, 15, "’")
    text = "title: 'It&#39;s'\n"
    assert replace_in_scalar(text, (7, 17), 10, 15, "'") == Edit(10, 15, "''")


def test_remove_list_item_block_and_flow_keep_crlf():
    text = "topics:\r\n  - a\r\n  - b\r\n"
    assert remove_list_item(text, (20, 21), (14, 15), None) == Edit(16, 23, "")
    flow = "topics: [a, b, c]"
    assert remove_list_item(flow, (12, 13), (9, 10), (15, 16)) == Edit(10, 13, "")
    assert remove_list_item(flow, (9, 10), None, (12, 13)) == Edit(9, 12, "")


@pytest.mark.parametrize(
    ("name", "key"),
    [("Customer Experience", "customer-experience"), ("U.S. Census (2020)", "u.s.-census-2020"),
     ("foo_bar", "foo_bar"), ("a  -  b", "a-b"), ("NCI", "nci")],
)
def test_fold_term_matches_hugo(name, key):
    # keys observed from Hugo 0.147.8 rendering these names as topics
    assert fold_term(name) == key


# ------------------------------------------------------- fast paths vs the plain way
def _generated(seed: int, count: int, pieces: list[str]):
    import random

    rnd = random.Random(seed)
    for _ in range(count):
        yield "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 20)))


def _reference_entities(text):
    """iter_entities without the per-text memo: every match decoded on its own."""
    from cxlint.entities import ENTITY_RE, EntityMatch, _name_without_semicolon_ok, reference_char

    out = []
    for m in ENTITY_RE.finditer(text):
        char = reference_char(m)
        if char is not None and not m.group("semi") and m.group("name") is not None:
            if not _name_without_semicolon_ok(text, m):
                char = None
        if char is not None:
            out.append(EntityMatch(m.start(), m.end(), m.group(), char, bool(m.group("amp")), bool(m.group("semi"))))
        elif m.group("amp"):
            out.append(EntityMatch(m.start(), m.start() + 5, "&amp;", "&", False, True))
    return out


def test_remembered_entity_meanings_equal_decoding_each_match():
    pieces = ["&", "amp;", "#", "8217", "x2019", "X41", ";", "mdash", "copy", "foo", " ", "=", "a", "9", "&amp;", "lt", "#0"]
    kinds = set()
    for text in _generated(5, 20_000, pieces):
        got = list(iter_entities(text))
        assert got == _reference_entities(text), text
        kinds.update((e.double, e.semicolon) for e in got)
    assert kinds == {(False, False), (False, True), (True, False), (True, True)}


def test_block_code_prefilter_never_hides_a_code_line():
    import re

    from cxlint.mdmask import _may_have_block_code

    line = re.compile(r"^(?: {0,3}(?:`{3}|~{3})| {4}|\t)", re.M)  # what a code block starts with
    pieces = ["\n", " ", "  ", "    ", "\t", "`", "``", "```", "~", "~~~", "x", "&amp;"]
    hits = 0
    for text in _generated(9, 20_000, pieces):
        want = line.search(text) is not None
        assert _may_have_block_code(text, 0, len(text)) == want, repr(text)
        hits += want
    assert 1000 < hits < 19_000


def test_code_block_line_splitting_keeps_every_offset():
    from cxlint.mdmask import _lines

    def reference(text, start, end):  # a find and a slice per line
        pos = start
        while pos < end:
            nl = text.find("\n", pos, end)
            stop = end if nl < 0 else nl + 1
            yield pos, stop, text[pos:stop].rstrip("\r\n")
            pos = stop

    for text in _generated(13, 5_000, ["a", " ", "\n", "\r\n", "\r", "\r\r\n", "```", "\t"]):
        for start, end in ((0, len(text)), (1, len(text)), (0, max(0, len(text) - 2)), (2, 2)):
            assert list(_lines(text, start, end)) == list(reference(text, start, end)), (text, start, end)
