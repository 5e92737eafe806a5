"""Heading ids as Hugo 0.147.8 makes them, shortcode placeholders and inline markup.

Every expected id below is what real Hugo wrote for the heading (probed with
stub shortcode templates); ``<pid>`` stands for Hugo's page counter, which
differs from build to build (see cxlint.refs.anchors).
"""

from __future__ import annotations

import pytest

from cxlint.refs.anchors import ANY_TEXT, PAGE_ID, has_anchor, page_anchors


def _ids(body: str) -> set[str]:
    return {a.replace(PAGE_ID, "<pid>").replace(ANY_TEXT, "<any>") for a in page_anchors(body)}


#: (heading, the id Hugo 0.147.8 gave it); test_refs_hugo builds them with real Hugo too
HEADINGS = [
    # the audit's page: the placeholder is part of the id, the shortcode-free id does not exist
    ("## Common Technical Choices {{< legacy-img src=\"a.png\" >}}", "common-technical-choices-hahahugoshortcode<pid>s0hbhb"),
    ("# {{< img >}} Start Shortcode", "hahahugoshortcode<pid>s0hbhb-start-shortcode"),
    ("# Middle {{< img >}} Shortcode", "middle-hahahugoshortcode<pid>s0hbhb-shortcode"),
    ("# Two {{< img >}} and {{< word >}} shortcodes", "two-hahahugoshortcode<pid>s0hbhb-and-hahahugoshortcode<pid>s1hbhb-shortcodes"),
    ("# {{< img >}}", "hahahugoshortcode<pid>s0hbhb"),
    ("# {{< img >}}{{< word >}}", "hahahugoshortcode<pid>s0hbhbhahahugoshortcode<pid>s1hbhb"),
    ("# Angle wrap {{< wrap >}}inner text{{< /wrap >}}", "angle-wrap-hahahugoshortcode<pid>s0hbhb"),
    ("# {{< img >}} {#attr-id}", "attr-id"),
    ("# Trail {{< img >}} ##", "trail-hahahugoshortcode<pid>s0hbhb"),
    ("#   Spaces   {{< img >}}   end", "spaces---hahahugoshortcode<pid>s0hbhb---end"),
    ("# Emph *a {{< img >}} b*", "emph-a-hahahugoshortcode<pid>s0hbhb-b"),
    ("# Code `{{< img >}}`", "code-hahahugoshortcode<pid>s0hbhb"),
    ("# Link [text {{< img >}}](/x/) and [b]({{< ref \"c.md\" >}})", "link-text-hahahugoshortcode<pid>s0hbhb-and-b"),
    ("Setext {{< img >}} heading\n---", "setext-hahahugoshortcode<pid>s0hbhb-heading"),
    # {{% %}}: the template's output (unknown here) goes into the heading
    ("# Percent {{% word %}} shortcode", "percent<any>"),
    ("# Mixed {{% word %}} and {{< img >}}", "mixed<any>"),
    # inline markup
    ("# Emphasis *em* **strong** _u_ __uu__", "emphasis-em-strong-u-uu"),
    ("# Code `x_y` and `<tag>`", "code-x_y-and-tag"),
    ("# C1 `a <b> &amp; *c*` d", "c1-a-b--c-d"),
    ("# Link [text here](/x/) and ![alt img](/i.png)", "link-text-here-and-alt-img"),
    ("# Html <b>bold</b> <span>span</span>", "html-bold-span"),
    ("# Entities &amp; &lt; &copy; &#169; caf&eacute;", "entities----169-café"),
    ("# E1 &nbsp;x&mdash;y &#x41; &#65; &amp;copy; &AMP; &copy z &eacute;t&eacute; &rsquo;s &#8217;s",
     "e1-xy-x41-65-copy--copy-z-été-s-8217s"),
    ("# Escaped \\*star\\* and \\_u\\_", "escaped-star-and-_u_"),
    ("# Autolink <https://example.com/p> and https://x.gov", "autolink--and"),
    ("# L1 www.example.com and http://a.b/c and a@b.gov and ftp://x.org/y.", "l1--and--and--and-"),
    ("# Fig<figcaption>_While in beta_</figcaption>", "figwhile-in-beta"),
    # attribute lists (Goldmark's: #id, .class, key=value; anything else is heading text)
    ("# A1 {.cls}", "a1"),
    ("# A2 {#my-id .cls}", "my-id"),
    ("# A3 {#bad?}", "a3-bad"),
    ("# A4 {.cls key=val}", "a4"),
    ("# A5 {key=\"quoted value\"}", "a5"),
    ("# A6 {#id-with.dot}", "id-with.dot"),
    ("# A8 {not valid}", "a8-not-valid"),
    ("# A9 {#x y}", "a9-x-y"),
    ("# A14 {data-x=1}", "a14"),
    ("# A15 { #spaced }", "spaced"),
    ("# A16 {#let\u2019s-go}", "let\u2019s-go"),
    # emphasis delimiters that pair with nothing are text (CommonMark's flanking rules)
    ("# B1 ****", "b1-"),
    ("# B2 **", "b2-"),
    ("# E1 change_\u2014_to", "e1-change__to"),
    ("# E2 **Format**__API formats", "e2-format__api-formats"),
    ("# E3 snake_case_name and _under_", "e3-snake_case_name-and-under"),
    ("# E5 ***triple*** and **unclosed", "e5-triple-and-unclosed"),
    ("# E7 foo*bar*baz and foo_bar_baz", "e7-foobarbaz-and-foo_bar_baz"),
    ("# E8 * star space * and _ u _", "e8--star-space--and-_-u-_"),
    ("# E11 __init__ method", "e11-init-method"),
    ("# E12 a**b and a __b", "e12-ab-and-a-__b"),
    ("# E13 ****x**** and ___y___", "e13-x-and-y"),
    ("# E14 \\_esc\\_ and \\*e\\*", "e14-_esc_-and-e"),
    ("# F12 *a*b*c*", "f12-abc"),
    # inside an emphasis or a link Goldmark's plain text is its first child's (and the
    # second's when both are text); the typographer's quotes and dashes are no text
    ('# E4 *a **b** c*', 'e4-a'),
    ('# E6 _a_b_c_', 'e6-a_'),
    ('# E9 **a*b** c', 'e9-a-c'),
    ('# E10 *(paren)* and _"q"_', 'e10-paren-and-'),
    ('# E15 *a_b* and _a*b_', 'e15-a_-and-a'),
    ('# F1 *a b c*', 'f1-a-b-c'),
    ('# F2 *a **b***', 'f2-a'),
    ('# F3 *a `code` b*', 'f3-a'),
    ('# F4 *a [l](/x) b*', 'f4-a'),
    ('# F5 *a_b_c_d*', 'f5-a_'),
    ('# F6 x *a* y *b c* z', 'f6-x-a-y-b-c-z'),
    ('# F7 **a b** tail', 'f7-a-b-tail'),
    ('# F8 *a "q" b*', 'f8-a'),
    ('# F9 *a&amp;b c*', 'f9-ab-c'),
    ('# F10 *a\\*b c*', 'f10-ab-c'),
    ('# F11 *a<b>x</b>c*', 'f11-a'),
    ('# F13 [link *em* text](/x) after', 'f13-link--after'),
    ('# F14 *x y* and *a_b c*', 'f14-x-y-and-a_'),
    ('# G1 *a b `c` d*', 'g1-a-b'),
    ('# G2 **x** *y `z`*', 'g2-x-y'),
    ("# G3 *a* **b c** *d 'e' f*", 'g3-a-b-c-d'),
    ('# G4 [a *b* c](/x)', 'g4-a'),
    ('# G5 *a [b](/x) c*', 'g5-a'),
    ('# G6 *[b](/x) c*', 'g6-b'),
    ('# G7 *a_b_c*', 'g7-a_'),
    ('# G8 *a* _b_ c', 'g8-a-b-c'),
    ('# G9 *a--b c*', 'g9-a'),
    ('# G10 *a...b c*', 'g10-a'),
    ('# G11 *a <b>x</b> c*', 'g11-a'),
    ('# G12 *a https://x.gov c*', 'g12-a'),
    ('# G13 *a\\_b c*', 'g13-a_b-c'),
    ('# G14 *`c` d e*', 'g14-c'),
    ('# G15 *a* b *c `d` e* f', 'g15-a-b-c--f'),
    ('# G16 ***a** b*', 'g16-a'),
    ('# G17 *a **b***', 'g17-a'),
    ('# G18 **a *b* c** d', 'g18-a--d'),
    ('# H1 a--b c', 'h1-ab-c'),
    ('# H2 a---b', 'h2-ab'),
    ('# H3 a...b', 'h3-ab'),
    ('# H4 <<a>> b', 'h4-a-b'),
    ('# H5 \'q\' and "d"', 'h5-q-and-d'),
    ('# H6 a - b -- c', 'h6-a---b--c'),
    ('# H7 x [a b', 'h7-x-a-b'),
    ('# H8 *a [b c*', 'h8-a'),
    ('# H9 *a !b c*', 'h9-a-b-c'),
    ('# H10 *a ]b c*', 'h10-a-b-c'),
    ("# L1 [What's new](/x)", 'l1-what'),
    ("# L2 *don't stop*", 'l2-don'),
    ('# L3 [a-b c](/x)', 'l3-a-b-c'),
    ('# L4 *a-b c*', 'l4-a-b-c'),
    ('# L5 [x--y z](/x)', 'l5-x'),
    ('# L6 *a & b c*', 'l6-a--b-c'),
    ('# L7 *a < b c*', 'l7-a--b-c'),
    ('# L9 *a "b" c* and d\'s', 'l9-a--and-ds'),
    ('# L10 **a**b', 'l10-ab'),
    ('# L11 x__y__z and x**y**z', 'l11-x__y__z-and-xyz'),
]

#: a body whose headings sit in block quotes, list items and fences in them, with what Hugo
#: 0.147.8 wrote (test_refs_hugo builds it with real Hugo too): empty headings get no id, an
#: explicit id counts for the repeats of a generated one
CONTAINERS = (
    "> ### In quote\n\n- ### In item\n\n    * ### Nested item heading\n\n1. item\n\n    ## Indented in item\n\n"
    "para\n    ## lazy line\n\n- item\n      ### deeper in item\n\n> para\n### after quote\n\n"
    "- ```\n  # fenced in item\n  ```\n# after item fence\n\n> ```\n> # fenced in quote\n# out of quote\n\n"
    "-     code in item\n      # still code\n\n1. a\n2. b\n   # in item b\n\n* * *\n# after break\n\n"
    "- a\n---\n\n##\n\n## \n\n# \u2014\n\n# \u2014\n\n# Same {#same}\n\n# Same\n\n"
    "> quoted\nlazy\n===\n\n- item\n  ===\n\n"
    "text\n2. # not a heading\n\ntext\n1. # ordered one\n\ntext\n- # bullet\n\n-x\n# after dashx\n"
)
CONTAINER_IDS = {
    "in-quote", "in-item", "nested-item-heading", "indented-in-item", "after-quote", "after-item-fence",
    "out-of-quote", "in-item-b", "after-break", "heading", "heading-1", "same", "same-1", "item",
    "ordered-one", "bullet", "after-dashx",
}


@pytest.mark.parametrize("heading, hugo", HEADINGS)
def test_heading_id_is_hugos(heading, hugo):
    assert _ids(heading + "\n") == {hugo}


def test_headings_in_block_quotes_and_list_items():
    assert _ids(CONTAINERS) == CONTAINER_IDS
    assert _ids(CONTAINERS.replace("\n", "\r\n")) == CONTAINER_IDS  # the line scan reads it the same


def test_placeholder_ordinals_count_every_top_level_call_of_the_page():
    # Hugo numbered the heading's {{< img >}} 5: calls in fences, inline code and comments
    # count, an escaped call does not, nor one nested in another's inner content
    body = (
        "```\n{{< img >}}\n```\n\n`{{< word >}}` and {{</* img */>}}\n\n<!-- {{< img >}} -->\n\n"
        "{{< wrap >}}nested {{< img >}} {{< word >}}{{< /wrap >}}\n\n{{< wrap />}}\n\n"
        "# After five {{< img >}}{{% word %}}\n"
    )
    assert _ids(body) == {"after-five-hahahugoshortcode<pid>s5hbhb<any>"}
    # the body read in place: offsets into the whole text
    text = "---\ntags: ['{{< img >}}']\n---\n{{< a >}}\n# H {{< img >}}\n"
    start = text.index("{{< a")
    assert {a.replace(PAGE_ID, "<pid>") for a in page_anchors(text, start)} == {"h-hahahugoshortcode<pid>s1hbhb"}
    crlf = "{{< a >}}\r\n# H {{< img >}}\r\nSet {{< b >}}\r\n---\r\n"
    assert _ids(crlf) == {"h-hahahugoshortcode<pid>s1hbhb", "set-hahahugoshortcode<pid>s2hbhb"}


def test_has_anchor_matches_any_page_number_and_no_shortcode_free_spelling():
    anchors = page_anchors("## Common Technical Choices {{< img >}}\n\n## Notes {{% badge %}}\n\n## Setup\n")
    assert "common-technical-choices" not in anchors  # REF005's plain test: no fix with this anchor
    assert not has_anchor(anchors, "common-technical-choices")
    assert has_anchor(anchors, "common-technical-choices-hahahugoshortcode1668s0hbhb")
    assert has_anchor(anchors, "common-technical-choices-hahahugoshortcode2s0hbhb")
    assert not has_anchor(anchors, "common-technical-choices-hahahugoshortcodes0hbhb")
    assert not has_anchor(anchors, "common-technical-choices-hahahugoshortcode1668s1hbhb")
    assert has_anchor(anchors, "setup") and not has_anchor(anchors, "set-up")
    assert has_anchor(anchors, "notes") and has_anchor(anchors, "notes-new-badge")
    assert not has_anchor(anchors, "note")


def test_marker_characters_in_the_text_are_no_wildcards():
    assert _ids("# A\x00b\x01 {{< img >}}\n") == {"ab-hahahugoshortcode<pid>s0hbhb"}
