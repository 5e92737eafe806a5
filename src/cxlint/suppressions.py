"""Whether a document holds suppression directives at all: asked for every page by CX100 and
by the engine's suppression filter, so searched once per document."""

from __future__ import annotations


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
