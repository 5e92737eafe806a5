"""HTML character references left in Markdown: find them, mask code, decode safely.

Pure functions shared by ENT001 and the migrate helper. Two contexts:

* ``body`` -- Markdown rendered by goldmark. An entity is reported (and
  decoded) only where its character renders the same: ``&lt;div&gt;`` keeps
  its entities (decoding would make a tag), ``&#42;`` before a word keeps its
  entity (decoding would start emphasis), ``&nbsp;`` and other invisible
  characters stay (a literal U+00A0 in the source is invisible to editors).
* ``yaml`` -- a front-matter string, usually printed HTML-escaped by a
  template (``{{ .Title }}``), so an entity there shows up literally.

Code (fenced, indented, inline spans, ``<pre>``/``<code>``/``<script>``/
``<style>``, HTML comments) and URLs (link destinations, reference
definitions, autolinks, bare URLs, ``href``/``src`` attribute values) are
masked (:mod:`cxlint.mdmask`): ``&`` there is syntax, not a leftover.
"""

from __future__ import annotations

import html.entities
import re
from typing import NamedTuple

from cxlint.mdmask import _TAG_START, Mask, body_mask, defines_ref_links, in_url  # noqa: F401 (the masks: part of this API)

# ``&amp;`` prefix = double-encoded (WordPress exports), then the reference
# itself; the semicolon is optional so missing-semicolon leftovers are seen.
ENTITY_RE = re.compile(
    r"&(?P<amp>amp;)?(?:#(?P<dec>[0-9]{1,8})|#[xX](?P<hex>[0-9A-Fa-f]{1,7})|(?P<name>[A-Za-z][A-Za-z0-9]{1,31}))(?P<semi>;?)"
)

_HTML5 = html.entities.html5  # 'amp;' -> '&', 'amp' -> '&' (legacy, no semicolon)
#: characters that are invisible or blank in the source: their entity is kept on purpose
_INVISIBLE = frozenset(
    "\u00a0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e"
    "\u202f\u205f\u2060\u2061\u2062\u2063\u2064\u3000\ufeff\t\n\r\x0b\x0c "
)
# Windows-1252 remapping HTML applies to numeric references 0x80-0x9F.
_CP1252 = {
    0x80: "\u20ac", 0x82: "\u201a", 0x83: "\u0192", 0x84: "\u201e", 0x85: "\u2026",
    0x86: "\u2020", 0x87: "\u2021", 0x88: "\u02c6", 0x89: "\u2030", 0x8A: "\u0160",
    0x8B: "\u2039", 0x8C: "\u0152", 0x8E: "\u017d", 0x91: "\u2018", 0x92: "\u2019",
    0x93: "\u201c", 0x94: "\u201d", 0x95: "\u2022", 0x96: "\u2013", 0x97: "\u2014",
    0x98: "\u02dc", 0x99: "\u2122", 0x9A: "\u0161", 0x9B: "\u203a", 0x9C: "\u0153",
    0x9E: "\u017e", 0x9F: "\u0178",
}


class EntityMatch(NamedTuple):  # a tuple: a page can hold thousands, built ~5x faster than a frozen dataclass
    start: int
    end: int
    text: str  # as written, e.g. '&amp;#8217;'
    char: str  # what it stands for, e.g. '’' ('' if it is no valid reference)
    double: bool  # written as '&amp;...' (double-encoded)
    semicolon: bool


def reference_char(m: re.Match) -> str | None:
    """The character a reference stands for, or None when it is not one (``&foo;``)."""
    dec, hexa, name, semi = m.group("dec"), m.group("hex"), m.group("name"), m.group("semi")
    if name is not None:
        if semi:
            return _HTML5.get(name + ";")
        return _HTML5.get(name)  # only the legacy names decode without ';'
    code = int(dec, 10) if dec is not None else int(hexa, 16)
    if code in _CP1252:
        return _CP1252[code]
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return chr(code)


def _name_without_semicolon_ok(text: str, m: re.Match) -> bool:
    """``&copy 2020`` is a leftover; ``&copyright`` or ``?a=1&copy=2`` is not."""
    nxt = text[m.end() : m.end() + 1]
    return not (nxt.isalnum() or nxt == "=")


#: matched text -> (character or None, double-encoded, has ';', a name without ';'):
#: what a match means depends on its text only (pages repeat a few dozen entities)
_MEANING: dict[str, tuple[str | None, bool, bool, bool]] = {}


def _meaning(m: re.Match) -> tuple[str | None, bool, bool, bool]:
    got = (reference_char(m), bool(m.group("amp")), bool(m.group("semi")), not m.group("semi") and m.group("name") is not None)
    if len(_MEANING) < 4096:
        _MEANING[m.group()] = got
    return got


def iter_entities(text: str, start: int = 0, end: int | None = None):
    """Every character reference in ``text[start:end]`` (one compiled-regex pass)."""
    end = len(text) if end is None else end
    if text.find("&", start, end) < 0:
        return
    meanings = _MEANING
    for m in ENTITY_RE.finditer(text, start, end):
        written = m.group()
        got = meanings.get(written) or _meaning(m)
        char, double, semi, bare_name = got
        if char is not None and bare_name and not _name_without_semicolon_ok(text, m):
            char = None
        if char is not None:
            yield EntityMatch(m.start(), m.end(), written, char, double, semi)
        elif double:  # '&amp;Tx': not double-encoded, just '&amp;'
            yield EntityMatch(m.start(), m.start() + 5, "&amp;", "&", False, True)


# --------------------------------------------------------------------------- decoding



def _line_of(text: str, offset: int) -> tuple[int, int]:
    ls = text.rfind("\n", 0, offset) + 1
    le = text.find("\n", offset)
    return ls, (len(text) if le < 0 else le)


def _inside_tag(text: str, start: int, ls: int) -> bool:
    """Is ``start`` inside an HTML tag or a shortcode call on its line?"""
    before = text[ls:start]
    lt, gt = before.rfind("<"), before.rfind(">")
    if lt > gt and _TAG_START.match(before[lt + 1 : lt + 2] or " "):
        return True
    return before.rfind("{{") > before.rfind("}}")


def decode_body(text: str, ent: EntityMatch, has_ref_defs: bool | None = None) -> str | None:
    """Replacement for ``ent`` in Markdown prose, or None when the entity is needed there.

    ``has_ref_defs``: whether the page defines reference links (then a
    decoded ``[``/``]`` may complete one); computed when not given.
    """
    ch = ent.char
    if ent.double:
        # A double-encoded reference standing alone (a table cell, a line of
        # its own, between spaces) shows an entity's code on purpose -- pages
        # about HTML codes do this; an export leftover is glued to a word
        # ('don&amp;#8217;t', '&amp;#8220;Quote').
        if not (text[ent.start - 1 : ent.start].isalnum() or text[ent.end : ent.end + 1].isalnum()):
            return None
        # '&amp;#8217;' -> '’'; '&amp;lt;div' keeps rendering the same as '&lt;div'
        if ch and ch not in _INVISIBLE and ch != "\ufffd":
            if len(ch) > 1 or ord(ch) > 0x7E or ch.isalnum() or _ascii_safe(text, ent, ch, has_ref_defs):
                return ch
        return "&" + ent.text[len("&amp;") :]
    if not ch or ch in _INVISIBLE or ch == "\ufffd":
        return None
    if len(ch) > 1 or ord(ch) > 0x7E or ch.isalnum():
        return ch
    return ch if _ascii_safe(text, ent, ch, has_ref_defs) else None


def _ascii_safe(text: str, ent: EntityMatch, ch: str, has_ref_defs: bool | None) -> bool:
    """Would the ASCII character ``ch`` render the same as the entity, here?"""
    ls, le = _line_of(text, ent.start)
    before = text[ls : ent.start]
    after = text[ent.end : le]
    prev = before[-1:] or "\n"
    nxt = after[:1] or "\n"
    at_line_start = not before.strip()
    in_tag = _inside_tag(text, ent.start, ls)
    if ch == "&":
        # '&' followed by something that reads as a reference would now decode
        return not re.match(r"(?:#[0-9]{1,8}|#[xX][0-9A-Fa-f]{1,7}|[A-Za-z][A-Za-z0-9]*);", after)
    if ch == "<":
        return not in_tag and not _TAG_START.match(nxt)
    if ch == ">":
        return not in_tag and not at_line_start and "&lt;" not in before and "<" not in before
    if ch in "\"'":
        # Hugo's Goldmark typographer (on by default) curls a typed quote;
        # the entity renders straight. Outside prose it would end an attribute.
        return False
    if ch in ".)":
        # '1.' / '1)' at the start of a line is an ordered-list marker
        return not (before.strip().isdigit() and nxt in " \t\r\n")
    if ch in ":;,?/$%^=":
        return not (ch == ":" and prev == "]")
    if ch in "#+-":
        return not at_line_start
    if ch == "(":
        return prev != "]"
    if ch in "[]":
        if has_ref_defs is None:
            has_ref_defs = defines_ref_links(text)
        if has_ref_defs:
            return False
        if ch == "]":
            return nxt not in "([:"
        close = re.search(r"\]|&#93;|&rsqb;|&rbrack;", after)
        if close is None:
            return True
        follow = after[close.end() : close.end() + 1]
        return follow not in ("(", "[", ":")
    if ch == "_":
        return prev.isalnum() and nxt.isalnum()
    if ch == "*":
        return prev in " \t" and nxt in " \t" and not at_line_start
    if ch == "@":
        return not (prev.isalnum() and nxt.isalnum())  # linkify would make an e-mail link
    if ch == "!":
        return nxt != "["
    return False  # ` \ | ~ { } and anything else Markdown or Hugo may read


def decode_yaml(text: str, ent: EntityMatch) -> str | None:
    """The character for ``ent`` in a front-matter string (None: keep it).

    Templates print these strings HTML-escaped or through ``markdownify``, so
    everything decodes except invisible characters and ``&lt;`` starting a tag.
    """
    ch = ent.char
    if not ch or ch in _INVISIBLE or ch == "\ufffd":
        return None
    if ch == "<" and _TAG_START.match(text[ent.end : ent.end + 1]):
        return None
    return ch
