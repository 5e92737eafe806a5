"""Decode HTML character references the way a human editor would.

WordPress exports text with entities (``&#8217;``, ``&rsquo;``, ``&nbsp;``)
and sometimes double-encodes them (``&amp;#8217;``). The migrated page should
hold the characters themselves. Markup-significant references (``&lt;``,
``&gt;``, and ``&amp;`` before something that would read as an entity) are
kept in bodies, because decoding them would create HTML or entities that
were not there.

Kept local to the migrator on purpose: ENT001's fixer (owned elsewhere) may
ship ``cxlint.entities``; once it exists this module should delegate to it.
"""

from __future__ import annotations

import html
import re

_REF = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
#: references that change how Markdown/HTML reads the text once decoded
_MARKUP = {"lt", "gt", "#60", "#62", "#x3c", "#x3e", "#x3C", "#x3E"}
_ENTITY_AFTER = re.compile(r"[#A-Za-z0-9]+;")


def _decode_one(ref: str) -> str | None:
    out = html.unescape(f"&{ref};")
    return None if out == f"&{ref};" else out


def decode_entities(text: str, *, keep_markup: bool = True, passes: int = 1) -> str:
    """Replace character references by their characters.

    ``keep_markup`` keeps ``&lt;``/``&gt;`` and an ``&amp;`` that would turn
    into an entity (body text). ``passes`` > 1 undoes double encoding
    (``&amp;#8217;`` -> ``’``), used for front-matter strings.
    ``&nbsp;`` becomes a plain space: WordPress inserts it as filler.
    """
    if "&" not in text:
        return text
    for _ in range(max(1, passes)):
        before = text

        def repl(m: re.Match) -> str:
            ref = m.group(1)
            if keep_markup and ref in _MARKUP:
                return m.group(0)
            if ref in ("nbsp", "#160", "#xa0", "#xA0"):
                return " "
            if ref in ("amp", "#38") and keep_markup and _ENTITY_AFTER.match(text, m.end()):
                return m.group(0)
            decoded = _decode_one(ref)
            if decoded is None:
                return m.group(0)
            return decoded

        text = _REF.sub(repl, text)
        if text == before or "&" not in text:
            break
    return text
