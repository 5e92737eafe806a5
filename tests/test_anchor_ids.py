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
]


@pytest.mark.parametrize("heading, hugo", HEADINGS)
def test_heading_id_is_hugos(heading, hugo):
    assert _ids(heading + "\n") == {hugo}


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
