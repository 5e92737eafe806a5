"""Suppression directives in a document's body: ``<!-- cxlint-disable... -->`` comments in
its prose (not in code), read by the engine's suppression filter and by CX100, which both
ask first whether the document mentions ``cxlint-`` at all (searched once per document)."""

from __future__ import annotations

import bisect
import re

from cxlint.mdmask import markdown_code_spans
from cxlint.site import Page

_BODY_SUPPRESS = re.compile(
    r"<!--\s*cxlint-(disable-next-line|disable-line|disable|enable)\b([^>]*?)-->"
)


def has_directive_text(doc) -> bool:
    """Whether ``cxlint-`` occurs in the document at all (nearly no page): asked by CX100 and
    by the suppression filter, searched once (a search of a whole page is ~4 µs)."""
    got = doc.__dict__.get("_cxlint_directive_text")
    if got is None:
        got = doc.__dict__["_cxlint_directive_text"] = _mentions_cxlint(doc.text)
    return got


def _mentions_cxlint(text: str) -> bool:
    # ``"cxlint-" in text`` with a one-character find (memchr) of its rarest letter: on prose
    # the multi-character search skips little (its last letter is common), 1.6x slower here
    find = text.find
    i = find("x", 1)
    while i > 0:
        if text.startswith("cxlint-", i - 1):
            return True
        i = find("x", i + 1)
    return False


def body_directives(doc) -> list[re.Match]:
    """The ``<!-- cxlint-... -->`` directives of a document that count: on a page, those in
    its body's prose (one shown as code, an example of a directive, is not obeyed)."""
    if not has_directive_text(doc):
        return []
    text = doc.text
    body = getattr(doc, "body_start", 0)
    code = markdown_code_spans(text, body) if isinstance(doc, Page) else []
    return [m for m in _BODY_SUPPRESS.finditer(text, body) if not (code and _inside_any(code, m.start()))]


def directive_codes(m: re.Match) -> list[str]:
    """The codes a body directive names, as written (none: every rule)."""
    return [c for c in re.split(r"[\s,]+", m.group(2).strip()) if c]


def _inside_any(spans: list[tuple[int, int]], offset: int) -> bool:
    i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and offset < spans[i][1]
