"""REF003's fast anchor scan equals the general line-by-line scan, on the real site and generated bodies.

``page_anchors`` visits only the candidate lines of a ``\\n``-only body (one
regex match each) and runs the HTML ``id``/``name`` regex only when a literal
pre-filter says it can match. The reference here is the general path: every
line through ``_scan_lines`` and the HTML regex over every body.
"""

from __future__ import annotations

import os
import random

import pytest

from cxlint.refs import anchors
from cxlint.refs.anchors import page_anchors


def reference_anchors(body: str) -> set[str]:
    heads = anchors._Headings(body)
    anchors._scan_lines(body, 0, heads)
    for m in anchors._HTML_ID.finditer(body):
        heads.ids.add(next(g for g in m.groups() if g is not None))
    return heads.ids


# line pieces that exercise every branch of the scan: headings (also with 7 hashes, attributes,
# closing hashes, markup), fences of both kinds and lengths (also indented too deep), setext
# underlines after paragraphs, lists, quotes and nothing, HTML ids/names with odd spacing
_PIECES = [
    "", "", "text", "Some paragraph text", "# Title", "## Title ##", "### Same", "### Same", "####### seven",
    "#tag", "#", "##", "  # indented", "    # code", "# Custom {#my-id}", "## Attr {id=\"x\"}", "# `code` _x_ *y*",
    "# [link](/a/) <b>bold</b> &amp;", "```", "```go", "````", "~~~", "~~~~~", "   ```", "    ```", "`` not",
    "===", "---", "- item", "-", " --- ", "== ", "=\t", "1. one", "> quote", "| a | b |", "* star", "+ plus",
    "<span id=\"x1\"></span>", "<a name='y2'>", "<div\nid=z3>", "<p class=a id = \"q\">", "x id=no-tag", "id=",
    "name =", "<b\tname\t=\tt>", "a = b", "<img src=x>", "{{< shortcode >}}", "# {{< sc >}} title", "\u00e9t\u00e9 # no",
    "# \u00c9t\u00e9 caf\u00e9", "\t# tab", "#\tTab heading", "## Pic {{< img >}}", "{{% note %}}", "{{< /note >}}",
    "Setext {{< x >}} line", "# {{% sc %}} tail", "  ## Two {{< a >}}{{< b >}}", "{{< note >}}",
]


def _bodies(n: int, seed: int):
    rng = random.Random(seed)
    for _ in range(n):
        lines = [rng.choice(_PIECES) for _ in range(rng.randint(0, 14))]
        body = "\n".join(lines)
        if rng.random() < 0.3:
            body += "\n"
        if rng.random() < 0.05:
            body = body.replace("\n", rng.choice(["\r\n", "\r", "\u2028", "\x85"]), 1)
        yield body


def test_fast_scan_equals_reference_on_generated_bodies():
    seen_html = seen_setext = 0
    for body in _bodies(30_000, 7):
        got = page_anchors(body)
        assert got == reference_anchors(body), repr(body)
        seen_html += "x1" in got or "q" in got or "t" in got
        seen_setext += "some-paragraph-text" in got
    assert seen_html > 1000 and seen_setext > 100  # the generator really reaches those branches


# what can stand before a body read in place: front matter (its closing line's break
# or none), text ending in a line's middle, breaks, blanks, an id, a heading, a fence
_PREFIXES = ["", "\n", "---\ntitle: x\n---\n", "---\n---", "+++\n+++\r\n", "abc", "# Head\n", "```\n", "<a id=pre>",
             "id", " ", "text\n", "===\n", "\u2028", "\u00e9\n", "para\n"]


def test_body_read_in_place_equals_the_copied_body():
    rng = random.Random(11)
    for body in _bodies(20_000, 9):
        prefix = rng.choice(_PREFIXES)
        assert page_anchors(prefix + body, len(prefix)) == page_anchors(body) == reference_anchors(body), (prefix, body)


@pytest.mark.parametrize("body, want", [
    ("<a\n\tname\n=\n'x'>", {"x"}),
    ("<p id=a>\u2003id\u2003=b", {"a"}),  # \s is Unicode: the pre-filter agrees with the regex
    ("<p\u2003id\u2003=\u2003\"u\">", {"u"}),
    ("grid=1 <a href=x>", set()),
    ("<x>rename=1", set()),
])
def test_html_prefilter_matches_the_regex(body, want):
    assert page_anchors(body) == want == reference_anchors(body)


def test_fast_scan_equals_reference_on_the_real_site(corpus_dir):
    from cxlint.site import load_page

    content = corpus_dir / "content"
    count = 0
    for folder, _, files in os.walk(content):
        for name in files:
            if name.endswith(".md"):
                page = load_page(content.__class__(folder, name), content)
                want = reference_anchors(page.body)
                assert page_anchors(page.body) == want, page.content_path
                assert page_anchors(page.text, page.body_start) == want, page.content_path
                count += 1
    assert count > 4000
