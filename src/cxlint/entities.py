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
masked: ``&`` there is syntax, not a leftover.
"""

from __future__ import annotations

import bisect
import html.entities
import re
from typing import NamedTuple

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


# --------------------------------------------------------------------------- masking

_FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_LIST_ITEM = re.compile(r"^( {0,3})([-+*]|[0-9]{1,9}[.)])( +|$)")
_THEMATIC_BREAK = re.compile(r"(?:\*[ \t]*){3,}$|(?:-[ \t]*){3,}$|(?:_[ \t]*){3,}$")
_SETEXT_UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*$")
_ATX_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_HTML_SPANS = re.compile(
    r"<(?:!--.*?(?:-->|\Z)|(pre|code|script|style|kbd|samp)\b[^>]*>.*?(?:</\1\s*>|\Z))",
    re.S | re.I,
)
_URL_ATTR = re.compile(r"(?:href|src|srcset|action|poster|cite|data|url|link)\s*=\s*([\"'])", re.I)
_REF_DEF_LINE = re.compile(r" {0,3}\[[^\]\n]+\]:[ \t]*")
_AUTOLINK_OPEN = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:")
_BACKTICKS = re.compile(r"`+")
#: a fence or a line indented enough to be code: without one, no block scan is needed
_MAY_HAVE_BLOCK_CODE = re.compile(r"^(?: {0,3}(?:`{3}|~{3})| {4}|\t)", re.M)
_BLANK = re.compile(r"\n[ \t]*\r?\n")


def _may_have_block_code(text: str, start: int, end: int) -> bool:
    # literal searches first: a multi-line regex tries every offset of the body
    # (code is a fence, or a line that starts with four spaces or a tab)
    # (a one-character find is ~4x faster than a three-character one: it goes first)
    if text.find("\n    ", start, end) >= 0:
        return True  # a line starting so is what the regex below would find (after a scan)
    tab = text.find("\t", start, end) >= 0
    if tab and text.find("\n\t", start, end) >= 0:
        return True  # (likewise)
    if not (
        (text.find("`", start, end) >= 0 and text.find("```", start, end) >= 0)
        or (text.find("~", start, end) >= 0 and text.find("~~~", start, end) >= 0)
        or (tab and text.startswith("\t", start, end))
        or text.startswith("    ", start, end)
    ):
        return False
    return _MAY_HAVE_BLOCK_CODE.search(text, start, end) is not None


def defines_ref_links(text: str, start: int = 0) -> bool:
    """Does the text define a reference link (``[x]: url``)?"""
    return text.find("]:", start) >= 0 and _REF_DEF.search(text, start) is not None


def _lines(text: str, start: int, end: int):
    """(start, end, line without its line break) of every line of ``text[start:end]``
    (one C-level split instead of a find and a slice per line)."""
    pos = start
    for piece in text[start:end].split("\n"):
        stop = pos + len(piece) + 1
        if stop > end:  # the last line has no newline (or the text ends with one: nothing left)
            if pos < end:
                yield pos, end, piece.rstrip("\r")
            return
        yield pos, stop, piece.rstrip("\r")
        pos = stop


def _block_code_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Fenced and indented code blocks, line by line, list-aware: a line's indentation
    counts from the content column of the list items it continues (CommonMark), so a
    list item's continuation paragraphs (four spaces in, or more) are not code."""
    spans: list[tuple[int, int]] = []
    fence: tuple[str, int] | None = None  # (opening run, content column of its container)
    fence_start = 0
    para = False  # the last line was paragraph text: an indented or lazy line continues it
    items: list[int] = []  # content columns of the open list items, outermost first
    code_start = -1
    code_need = 4
    for ls, le, line in _lines(text, start, end):
        body = line.lstrip(" \t")
        if not body.strip():
            para = False  # (a blank line goes on any code block or fence)
            continue
        lead = len(line) - len(body)
        indent = len(line[:lead].expandtabs(4)) if "\t" in line[:lead] else lead
        if fence is not None:
            if indent >= fence[1]:
                run = body.rstrip()
                if indent - fence[1] <= 3 and run.startswith(fence[0]) and run == run[0] * len(run):
                    spans.append((fence_start, le))
                    fence = None
                continue
            spans.append((fence_start, ls))  # a line outside the fence's list item ends both
            fence = None
        elif code_start >= 0:
            if indent >= code_need:
                continue
            spans.append((code_start, ls))
            code_start = -1
        depth = bisect.bisect_right(items, indent)  # the open items this line is indented into
        base = items[depth - 1] if depth else 0
        if indent - base >= 4:
            if not para:  # (else the paragraph goes on, lazily or not)
                del items[depth:]
                code_start, code_need = ls, base + 4
            continue
        c = body[0]
        if c in "`~":
            m = _FENCE_OPEN.match(body)
            if m and not (c == "`" and "`" in m.group(3)):
                del items[depth:]
                fence, fence_start, para = (m.group(2), base), ls, False
                continue
        elif c in "-+*_=#" or "0" <= c <= "9":
            if c in "=-" and para and _SETEXT_UNDERLINE.match(body):
                para = False  # the paragraph was a heading: it is over
                continue
            if c in "-*_" and _THEMATIC_BREAK.match(body):
                del items[depth:]
                para = False
                continue
            if c == "#":
                if _ATX_HEADING.match(body):
                    del items[depth:]
                    para = False
                    continue
            else:
                item = _LIST_ITEM.match(body)
                empty = item is not None and item.end() >= len(body.rstrip())
                # (a list that would interrupt a paragraph starts only with a non-empty item,
                # numbered 1 if ordered; a sibling of an open item always starts)
                if item and not (para and depth == len(items) and (empty or c not in "-+*" and int(item.group(2)[:-1]) != 1)):
                    del items[depth:]
                    spaces = len(item.group(3))
                    col = indent + len(item.group(2)) + (spaces if 0 < spaces <= 4 and not empty else 1)
                    items.append(col)
                    if spaces > 4 and not empty:  # '-      code': the item opens with a code block
                        code_start, code_need, para = ls, col + 4, False
                    else:
                        para = not empty
                    continue
        if not para:
            del items[depth:]  # (a lazy line goes on the paragraph of an item it is not indented into)
        para = True
    if fence is not None:
        spans.append((fence_start, end))  # an unclosed fence runs to the end
    if code_start >= 0:
        spans.append((code_start, end))
    return spans


def _inline_code_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    limit = -1  # end of the paragraph the last opening run was in
    while True:
        m = _BACKTICKS.search(text, pos, end)
        if not m:
            return spans
        ticks = m.group()
        # the closing run: same length, within the paragraph (found once per paragraph)
        if m.end() > limit:
            para_end = _BLANK.search(text, m.end(), end)
            limit = para_end.start() if para_end else end
        close = m.end()
        while True:
            c = _BACKTICKS.search(text, close, limit)
            if not c or c.group() == ticks:
                break
            close = c.end()
        if c:
            spans.append((m.start(), c.end()))
            pos = c.end()
        else:
            pos = m.end()


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


class Mask:
    """Where entities in a Markdown body are not prose.

    Code blocks, inline code and HTML code/comment elements are found up
    front (cheap scans keyed on a literal character); URLs are judged per
    entity from the text just before it (:func:`in_url`).
    """

    def __init__(self, text: str, spans: list[tuple[int, int]]):
        self.text = text
        self.spans = _merge(spans)
        self._starts = [s for s, _ in self.spans]

    def covers(self, offset: int) -> bool:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.spans[i][1]:
            return True
        return in_url(self.text, offset)


def in_url(text: str, offset: int) -> bool:
    """Is ``offset`` inside a URL: a link destination, reference definition, autolink,
    bare (linkified) URL or an ``href``/``src``-like attribute value?

    URLs hold no spaces, so only the run of text since the last blank is examined.
    """
    ls = text.rfind("\n", 0, offset) + 1
    seg_start = max(text.rfind(" ", ls, offset), text.rfind("\t", ls, offset)) + 1
    seg_start = max(seg_start, ls)
    seg = text[seg_start:offset]
    if not seg:
        return False
    if "(" not in seg and ":" not in seg and "<" not in seg and "=" not in seg and "www." not in seg:
        # a word of prose (most entities): none of the URL forms can start in it
        m = _REF_DEF_LINE.match(text, ls)
        return m is not None and seg_start <= m.end() <= offset  # ('[x]: <url>': the destination token)
    return in_url_run(text, offset, ls, seg_start)


def in_url_run(text: str, offset: int, ls: int, seg_start: int) -> bool:
    """:func:`in_url` for the run ``text[seg_start:offset]`` (no blank in it) of the line at ``ls``."""
    seg = text[seg_start:offset]
    m = _REF_DEF_LINE.match(text, ls)
    if m and seg_start <= m.end() <= offset:  # '[x]: <url>' -- the destination token
        return True
    dest = seg.rfind("](")
    if dest >= 0:
        rest = seg[dest + 2 :]
        if rest.count("(") + 1 > rest.count(")"):
            return True
    if ("://" in seg or "www." in seg) and _in_bare_url(text, offset, ls, seg_start):
        return True
    auto = seg.rfind("<")
    if auto >= 0 and _AUTOLINK_OPEN.match(seg, auto) and ">" not in seg[auto:]:
        return True
    m = None
    for m in _URL_ATTR.finditer(seg):
        pass
    if m is not None and m.group(1) not in seg[m.end() :]:
        return True
    return False


# goldmark's linkify (Hugo's default): where a bare URL starts, what it may hold
_BARE_URL_START = re.compile(r"(?:https?|ftp)://|www\.")
_BARE_URL = re.compile(
    r"(?:(?:https?|ftp)://[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-z]+(?::[0-9]+)?(?:[/#?][-a-zA-Z0-9@:%_+.~#$!?&/=();,'\">^{}\[\]`]*)?"
    r"|www\.[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-z]+(?:[/#?][-a-zA-Z0-9@:%_+.~#!?&/=();,'\">^{}\[\]`]*)?)"
)


def _in_bare_url(text: str, offset: int, ls: int, seg_start: int) -> bool:
    """Is ``offset`` inside a URL goldmark's linkify makes a link of (GFM rules)?

    Linkify starts a URL only at the head of a line, after a space or ``*_~(``, or right
    after another inline (a quote the typographer curls, a tag, a code span, a link);
    then ends it before a character URLs do not hold (``<``, ``*``, a space), drops a
    trailing ``.``, unbalanced ``)``, trailing ``?!.,:*_~`` and a *named* reference
    (``&rdquo;``). So ``&#8220;https://x.gov/&#8221;`` is no link: both are prose.
    """
    pos = seg_start
    le = text.find("\n", offset)
    le = len(text) if le < 0 else le
    while True:
        m = _BARE_URL_START.search(text, pos, offset)
        if m is None:
            return False
        p = m.start()
        pos = m.end()
        before = text[ls:p]
        if before.endswith("]("):  # a link's destination (judged by the caller): no linkify in it
            depth = 1
            for i in range(p, le):
                c = text[i]
                depth += (c == "(") - (c == ")")
                if depth == 0:
                    pos = max(pos, i + 1)
                    break
            continue
        lt = before.rfind("<")
        if (lt > before.rfind(">") and _TAG_START.match(before[lt + 1 : lt + 2] or " ")) or before.rfind("{{") > before.rfind("}}"):
            # in an HTML tag or a shortcode call: no linkify there; a URL-looking run is one
            rest = text[p:offset]
            if not any(c in rest for c in "<>\"'") and rest.count("(") >= rest.count(")"):
                return True
            continue
        if not _linkify_starts(text, before, p):
            continue
        u = _BARE_URL.match(text, p, le)
        if u is None:
            continue
        end = _bare_url_end(text, p, u.end())
        if offset < end:
            return True
        if offset == end:
            # an entity right after the URL: decoded, an ASCII character could lengthen the link
            e = ENTITY_RE.match(text, offset)
            ch = reference_char(e) if e is not None and not e.group("amp") else None
            if ch is not None and len(ch) == 1 and ch < "\x7f" and not ch.isspace() and ch != "<":
                return True
        pos = max(pos, end)


def _linkify_starts(text: str, before: str, p: int) -> bool:
    """Would goldmark's linkify try a URL at ``p`` (``before``: its line up to there)?"""
    if not before.strip(" \t"):
        return True  # the head of a line
    if before.rfind("[") > before.rfind("]"):
        return False  # inside a link's text (its label): no linkify
    c = before[-1]
    if c in " *_~(":
        return c == " " or before[-2:-1] != "\\"
    if c in "'>`}":
        return True  # after a typographer quote, a tag, a code span, a shortcode
    if c == '"':
        return not before[-2:-1].isalnum()  # (an opening quote the typographer curls)
    if c == ")":
        return "](" in before  # after a link
    if c == ".":
        return before.endswith("...")  # after an ellipsis
    if c == "-":
        return before.endswith("--")  # after a dash
    return False  # ';' of an entity, '=', ':', a letter, a tab: the URL stays text


def _bare_url_end(text: str, p: int, end: int) -> int:
    """Where goldmark ends the linkified URL ``text[p:end]`` (its regexp's match)."""
    last = text[end - 1]
    if last == ".":
        end -= 1
    elif last == ")":
        closing = text.count(")", p, end) - text.count("(", p, end)
        if closing > 0:
            end -= closing
    elif last == ";":
        i = end - 2
        while i >= p and text[i].isascii() and text[i].isalnum():
            i -= 1
        if i != end - 2 and text[i] == "&":
            end = i  # a named reference ('&rdquo;') is not part of it
    while end - 1 > p and text[end - 1] in "?!.,:*_~":
        end -= 1
    return end


def _gaps(blocks, start, end):
    pos = start
    for s, e in blocks:
        if s > pos:
            yield pos, s
        pos = max(pos, e)
    if pos < end:
        yield pos, end


def body_mask(text: str, start: int = 0, end: int | None = None) -> Mask:
    """Code and URL spans of a Markdown body ``text[start:end]``."""
    return Mask(text, _code_spans(text, start, end, html=True))


def markdown_code_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Code blocks and inline code of a Markdown body ``text[start:end]``, sorted: what a
    reader sees verbatim (an HTML comment there is shown, not obeyed)."""
    spans = _code_spans(text, start, end, html=False)
    spans.sort()
    return spans


def _code_spans(text: str, start: int, end: int | None, html: bool) -> list[tuple[int, int]]:
    """Code blocks, then inline code (and with ``html`` HTML code elements and comments) in
    the gaps between them."""
    end = len(text) if end is None else end
    blocks = _block_code_spans(text, start, end) if _may_have_block_code(text, start, end) else []
    spans = list(blocks)
    for gap_start, gap_end in _gaps(blocks, start, end):
        if text.find("`", gap_start, gap_end) >= 0:
            spans.extend(_inline_code_spans(text, gap_start, gap_end))
        if html and text.find("<", gap_start, gap_end) >= 0:
            spans.extend(m.span() for m in _HTML_SPANS.finditer(text, gap_start, gap_end))
    return spans


# --------------------------------------------------------------------------- decoding

_TAG_START = re.compile(r"[A-Za-z/!?]")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.M)


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
