"""Which ``#fragment``s a page offers: heading ids and HTML ``id``/``name`` attributes.

Heading ids follow Hugo's Goldmark default (``autoHeadingIDType = github``,
markup/goldmark/autoid.go): trim, ``-`` and space become ``-``, letters,
digits and ``_`` are kept lower-cased, everything else is dropped; a repeated
id gets ``-1``, ``-2``... An attribute list after the heading text is Goldmark's
when each of its items is ``#id``, ``.class`` or ``key=value`` (``{.post-title}``,
``{#setup .wide}``): it is no heading text, and its id replaces the generated one
(and counts for the repeats of it); any other ``{...}`` (``{#why?}``) is text.
An empty heading (``##``) has no id. Headings count wherever CommonMark finds
them: in block quotes and list items too (``> ## x``, ``- ## x``, a heading
indented under an item), but not in a fence there, nor in a line that only
continues a paragraph.

The id is made from the heading's text as Hugo's ``render.TextPlain`` gives
it (probed on Hugo 0.147.8): link text and code span contents kept, tags,
emphasis markers (those CommonMark pairs: ``change_—_to`` keeps both, a lone
``****`` stays), link destinations and autolinked/linkified URLs dropped,
named entities (``&eacute;``) decoded everywhere, numeric ones (``&#169;``)
left as their digits.

Shortcodes in a heading: Hugo lexes them before Goldmark, and what Goldmark
sees depends on the kind (hugolib/page__content.go, ``contentToRender``):

* a ``{{< >}}`` call (with any inner content up to its closing tag) becomes
  the placeholder ``HAHAHUGOSHORTCODE<pid>s<ordinal>HBHB``
  (hugolib/shortcode.go, ``createShortcodePlaceholder``), and the placeholder
  is what gets anchorized: ``## Choices {{< img >}}`` has the id
  ``choices-hahahugoshortcode1668s0hbhb``, never ``choices``. ``<ordinal>``
  counts the page's top-level calls of both kinds from 0, in source order
  (fenced code, inline code and HTML comments included; escaped calls, front
  matter and calls nested in another's inner content not): known from the
  page. ``<pid>`` is ``pageIDCounter.Add(1)`` (hugolib/page__new.go), a
  site-wide counter over pages created concurrently: it differs between two
  builds of the same site, so it is not known. Such an id holds
  :data:`PAGE_ID` where the digits go.
* a ``{{% %}}`` call is rendered first and its output (its template's, with
  newlines that may end the heading) goes into the Markdown: the id is
  unknown from its position on; it is the text before it followed by
  :data:`ANY_TEXT`.

:func:`has_anchor` matches a fragment against such ids; a plain ``in`` test
never does, so a shortcode-free spelling of such a heading is not an anchor.
"""

from __future__ import annotations

import bisect
import functools
import re

from cxlint.mdmask import LIST_ITEM, THEMATIC_BREAK, indent_columns, quote_prefix, starts_block
from cxlint.refs.headingtext import (  # noqa: F401 (PAGE_ID, ANY_TEXT, anchorize: this module's API too)
    ATTRIBUTES, CLOSING_HASHES, MARKS, NO_ID, ANY_TEXT, PAGE_ID, attribute_id, plain_text, anchorize,
)

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_NOT_PARAGRAPH = re.compile(r"^(?: {4}|\t| {0,3}(?:[-*+>|<]|\d+[.)])(?:\s|$))")
_HTML_ID = re.compile(r"""<[A-Za-z][^>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.S)



def has_anchor(anchors, fragment: str) -> bool:
    """Whether ``fragment`` is one of ``anchors`` (:func:`page_anchors`), an id with :data:`PAGE_ID`
    or :data:`ANY_TEXT` matching it as Hugo's build could spell it."""
    if fragment in anchors:
        return True
    for anchor in anchors:
        if PAGE_ID in anchor or ANY_TEXT in anchor:
            if _pattern(anchor).fullmatch(fragment):
                return True
    return False


@functools.lru_cache(maxsize=4096)
def _pattern(anchor: str) -> re.Pattern:
    parts = []
    for piece in re.split("([" + MARKS + "])", anchor):
        parts.append("[0-9]+" if piece == PAGE_ID else ".*" if piece == ANY_TEXT else re.escape(piece))
    return re.compile("".join(parts), re.S)


#: where a line can matter, the whole line: an ATX heading (group 1 set, group 2 its
#: text as :data:`_ATX` takes it), a fence (groups 3/4: its marks as :data:`_FENCE`
#: takes them, but for the first), a setext underline (group 5 or 6), or another line
#: starting with ``#``. A literal first: found at memchr speed; each alternative opens
#: with a literal, which the regex engine tries before anything else. Any other line
#: just becomes the "previous line", which the scan reads from the text.
_CANDIDATE = re.compile(
    r"\n(?: {0,3}(?:##{0,5}()(?:[ \t]+([^\n]*?))?[ \t]*(?=\n|\Z)|`(`{2,})[^\n]*|~(~{2,})[^\n]*"
    r"|==*()[ \t]*(?=\n|\Z)|--*()[ \t]*(?=\n|\Z)|#[^\n]*)"
    # a heading or a fence in a block quote or a list item, or indented into one: the
    # line scan, which knows containers, reads such a page (group 7)
    r"|(?=[ \t>*+0-9-])(?:[ \t]*(?:>[ \t]?|(?:[-+*]|[0-9]{1,9}[.)])[ \t]+))+[ \t]*(?:#|```|~~~)()"
    r"|(?: {4}| {0,3}\t)[ \t]*(?:#|```|~~~)())"
)
#: line breaks other than \n that str.splitlines() also splits on
_OTHER_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_ASCII_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e"  # the ones an ASCII text can hold


class _Headings:
    """Heading ids in page order, with Goldmark's ``-1``/``-2`` suffixes for repeats.

    ``text``/``start``: the page the headings come from (body ``text[start:]``),
    for the ordinals of shortcode calls in headings (see the module doc); a
    heading is added with its offset in ``text``.
    """

    __slots__ = ("ids", "seen", "text", "start", "_calls", "_call_starts")

    def __init__(self, text: str | None = None, start: int = 0):
        self.ids: set[str] = set()
        self.seen: dict[str, int] = {}
        self.text = text
        self.start = start
        self._calls: list[tuple[int, int, str, int]] | None = None
        self._call_starts: list[int] = []

    def add(self, raw: str, at: int = -1) -> None:
        raw = raw.rstrip()
        attr = ATTRIBUTES.search(raw) if raw.endswith("}") else None
        if attr:
            given = attribute_id(attr.group(1))
            if given is not None:  # a valid attribute list: it is no heading text
                if given is not NO_ID:
                    self.ids.add(given)
                    self.seen.setdefault(given, 1)  # a later heading of that text gets "-1"
                    return
                raw = raw[: attr.start()]
        if not raw.strip(" \t#"):
            return  # an empty heading gets no id (nor counts as a repeat)
        if "{{" in raw and at >= 0 and self.text is not None:
            raw = self._placeholders(raw, at)
        if raw.endswith("#"):
            raw = CLOSING_HASHES.sub("", raw)  # closing ATX hashes
        anchor = anchorize(plain_text(raw)) or "heading"
        if ANY_TEXT in anchor:  # unknown text: no repeat of it can be counted
            self.ids.add(anchor)
            return
        seen = self.seen
        if anchor in seen:
            n = seen[anchor]
            while f"{anchor}-{n}" in seen:
                n += 1
            seen[anchor] = n + 1
            anchor = f"{anchor}-{n}"
        seen.setdefault(anchor, 1)
        self.ids.add(anchor)

    def _placeholders(self, raw: str, at: int) -> str:
        """``raw`` (at ``at`` in the text) as Goldmark gets it: calls replaced as the module doc says."""
        if MARKS[0] in raw or MARKS[1] in raw:
            raw = raw.replace(PAGE_ID, "").replace(ANY_TEXT, "")  # only placeholders hold them
        if self._calls is None:
            self._calls = _top_level_calls(self.text, self.start)
            self._call_starts = [c[0] for c in self._calls]
        end = at + len(raw)
        out = []
        pos = at
        i = bisect.bisect_left(self._call_starts, at)
        while i < len(self._calls) and self._calls[i][0] < end:
            call_start, call_end, delim, ordinal = self._calls[i]
            piece = raw[pos - at : call_start - at]
            if delim == "%":  # rendered output: unknown text from here on
                out.append(piece.rstrip(" \t"))
                out.append(ANY_TEXT)
                return "".join(out)
            out.append(piece)
            out.append(f"HAHAHUGOSHORTCODE{PAGE_ID}s{ordinal}HBHB")
            pos = min(call_end, end)  # an inner running past the line: what follows is left out
            i += 1
        out.append(raw[pos - at :])
        return "".join(out)


def _top_level_calls(text: str, start: int) -> list[tuple[int, int, str, int]]:
    """The page's top-level shortcode calls: (start, end, delimiter, ordinal), ``end`` past any closing tag.

    Hugo numbers them from 0 in source order (hugolib/page__content.go,
    ``mapItems``); a call between another's opening and closing tags is part
    of that one's inner content. Which calls take a closing tag is known
    from their templates; here, a call with a matching closing tag later on.
    """
    from cxlint.refs.extract import shortcode_calls

    calls = shortcode_calls(text, start)
    closed_at: dict[int, int] = {}
    stack: list[int] = []
    for i, c in enumerate(calls):
        if c.closing:
            for j in range(len(stack) - 1, -1, -1):
                if calls[stack[j]].name == c.name:
                    closed_at[stack[j]] = c.end
                    del stack[j:]
                    break
        elif not c.self_closing:
            stack.append(i)
    out = []
    inside_until = -1
    for i, c in enumerate(calls):
        if c.closing or c.start < inside_until:
            continue
        end = closed_at.get(i, c.end)
        out.append((c.start, end, c.delim, len(out)))
        inside_until = end
    return out


def page_anchors(text: str, start: int = 0) -> set[str]:
    """Every fragment the rendered page would answer to: its body is ``text[start:]``.

    A caller holding the whole page passes its text and the body's offset: the
    body is read in place, not copied (bodies are most of a site's bytes).
    Test a fragment with :func:`has_anchor`: some ids are patterns (see the module doc).
    """
    heads = _Headings(text, start)
    if _other_breaks(text, start):
        _scan_lines(text, start, heads)
    elif not _scan_candidates(text, heads, start):
        heads = _Headings(text, start)
        _scan_lines(text, start, heads)
    ids = heads.ids
    if text.find("<", start) != -1 and _may_have_html_id(text, start):
        for m in _HTML_ID.finditer(text, start):
            ids.add(next(g for g in m.groups() if g is not None))
    return ids


def _other_breaks(body: str, start: int = 0) -> bool:
    """Whether ``body[start:]`` breaks lines with anything but ``\\n`` (as str.splitlines() sees them).

    Substring searches: much faster than a regex (isascii() is a flag lookup); a plain
    loop, not any() over a generator, whose resumption per character costs more here.
    """
    find = body.find
    for ch in _ASCII_BREAKS if body.isascii() else _OTHER_BREAKS:
        if find(ch, start) != -1:
            return True
    return False


def _may_have_html_id(body: str, start: int = 0) -> bool:
    r"""Whether :data:`_HTML_ID` can match from ``start``: some ``=`` follows ``id`` or ``name`` and a blank.

    A necessary condition found with ``str.find``, where the regex's lazy scan
    through every tag is slow (of the real site's 4,044 bodies, 2,209 hold a
    ``=``, 155 pass this test, 100 have an id).
    ``str.isspace`` is the regex's ``\s`` for ``str`` patterns.
    """
    find = body.find
    at = find("=", start)
    while at != -1:
        j = at
        while j > start and body[j - 1].isspace():
            j -= 1
        if (j >= start + 3 and body[j - 2 : j] == "id" and body[j - 3].isspace()) or (
            j >= start + 5 and body[j - 4 : j] == "name" and body[j - 5].isspace()
        ):
            return True
        at = find("=", at + 1)
    return False


class _State:
    __slots__ = ("fence", "prev", "prev_at")

    def __init__(self):
        self.fence: str | None = None
        self.prev = ""
        self.prev_at = -1


def _step(line: str, st: _State, heads: _Headings, at: int = -1) -> None:
    """One line of the block scan: fences, ATX headings, setext underlines (``at``: the line's offset)."""
    m = _FENCE.match(line)
    if st.fence is not None:
        if m and m.group(1)[0] == st.fence[0] and len(m.group(1)) >= len(st.fence):
            st.fence = None
        st.prev = ""
        return
    if m:
        st.fence = m.group(1)
        st.prev = ""
        return
    atx = _ATX.match(line)
    if atx:
        heads.add(atx.group(2) or "", at + atx.start(2) if at >= 0 and atx.group(2) else -1)
        st.prev = ""
        return
    prev = st.prev
    if _SETEXT.match(line) and prev.strip() and not _NOT_PARAGRAPH.match(prev):
        lead = len(prev) - len(prev.lstrip())
        heads.add(prev.strip(), st.prev_at + lead if st.prev_at >= 0 else -1)
        st.prev = ""
        return
    st.prev = line
    st.prev_at = at


def _scan_lines(text: str, start: int, heads: _Headings) -> None:
    """Every line of ``text[start:]`` (split as str.splitlines() does) through :func:`_step`,
    as the block quotes and list items it is in leave it (CommonMark's containers: a heading
    or fence in ``>`` lines or in an item is one; a fence ends with its container; a line
    indented past an item's content is code, or a paragraph's lazy continuation)."""
    st = _State()
    at = start
    quotes = 0  # block quotes the last line was in
    items: list[int] = []  # content columns of the open list items, outermost first
    fence_base = fence_quotes = 0  # the containers the open fence is in: its item's column, its quotes
    for line in text[start:].splitlines(keepends=True):
        body = line.splitlines()[0] if line else line
        here = at
        at += len(line)
        if st.fence is not None:  # a fence's lines belong to it while its containers go on
            got, rest = quote_prefix(body, fence_quotes) if fence_quotes else (0, body)
            if got == fence_quotes and (not rest.strip() or indent_columns(rest) >= fence_base):
                here += len(body) - len(rest)
                cut = _cut(rest, fence_base)
                _step(rest[cut:], st, heads, here + cut)
                continue
            st.fence = None  # its item or quote ended: so did the fence; the line is read afresh
        if ">" in body[:4] or quotes:
            depth, rest = quote_prefix(body)
            if depth != quotes:
                if depth < quotes and st.fence is None and st.prev.strip() and rest.strip() and not starts_block(rest):
                    st.prev = rest  # a lazy line: the quoted paragraph goes on
                    continue
                st.fence, st.prev, quotes = None, "", depth
                del items[:]
            here += len(body) - len(rest)
            body = rest
        if not body.strip():
            _step("", st, heads, here)
            continue
        indent = indent_columns(body)
        depth = bisect.bisect_right(items, indent)
        base = items[depth - 1] if depth else 0
        if indent - base >= 4:
            if not st.prev.strip():
                del items[depth:]  # an indented code line
            else:
                st.prev = body  # a paragraph's continuation, however indented
            continue
        cut = _cut(body, base)
        body, here = body[cut:], here + cut
        if depth < len(items):  # not indented into the innermost item
            if st.prev.strip() and not starts_block(body):
                st.prev = body  # a lazy line: the item's paragraph goes on (never an underline)
                continue
            del items[depth:]  # anything else ends the items, and their paragraph
            st.prev = ""
        item = LIST_ITEM.match(body)
        while item and not THEMATIC_BREAK.match(body.lstrip(" ")) and (
            not st.prev.strip() or (item.end() < len(body.rstrip()) and (item.group(2) in "-+*" or int(item.group(2)[:-1]) == 1))
        ):  # (an item interrupts a paragraph only with text, and an ordered one only from 1)
            del items[depth:]
            spaces = len(item.group(3))
            col = base + item.end(2) + (spaces if 0 < spaces <= 4 else 1)
            items.append(col)
            depth = len(items)
            base = col
            if spaces > 4:  # the item opens with an indented code block
                st.prev = ""
                body = ""
                break
            rest_at = item.end(2) + spaces
            body, here = body[rest_at:], here + rest_at
            st.prev = ""
            item = LIST_ITEM.match(body)
        if not body:
            continue
        _step(body, st, heads, here)
        if st.fence is not None:
            fence_base, fence_quotes = base, quotes


_CONTAINER_START = re.compile(r" {0,3}(?:>|(?:[-+*]|[0-9]{1,9}[.)])(?:[ \t]|$))")


def _paragraph_in_container(text: str, line_at: int, floor: int) -> bool:
    """Whether the paragraph whose last line starts at ``line_at`` opened in a list item or
    block quote (a line of it starts with a marker): then its lines may be lazy ones."""
    end = line_at
    while end > floor:
        begin = text.rfind("\n", floor, end - 1) + 1
        line = text[begin : end - 1]
        if not line.strip():
            return False
        if _CONTAINER_START.match(line):
            return True
        end = begin
        if begin <= floor:
            break
    return False


def _cut(line: str, columns: int) -> int:
    """How many characters of ``line``'s indentation make up its first ``columns`` columns."""
    col = i = 0
    while i < len(line) and col < columns and line[i] in " \t":
        col = col + 4 - col % 4 if line[i] == "\t" else col + 1
        i += 1
    return i


def _scan_candidates(text: str, heads: _Headings, begin: int = 0) -> bool:
    """:func:`_scan_lines` over ``text[begin:]`` visiting only the lines that can change anything
    (``\n`` breaks only); False (``heads`` half done) when the page has a heading or fence in
    a block quote or list item: :func:`_scan_lines` must read it.

    Every other line leaves the scan state as it finds it, except ``prev`` (the
    line before a setext underline), which is taken from the text instead:
    inside a fence it does not matter, outside it is simply that line. One
    regex match per visited line says what it is (the steps of :func:`_step`).
    """
    if begin and text[begin - 1] == "\n":  # a body after its front matter: read in place
        at = begin - 1
        shift = 0  # what turns an offset here into one in the caller's text
    else:  # every line, the first too, must start after a "\n": at its index here
        text = "\n" + text[begin:]
        at = 0
        shift = begin - 1
    fence = None
    prev = ""
    prev_at = -1 - shift  # the offset of ``prev`` here (-1 in the caller's text: none)
    last_end = at  # where the line after the last visited one starts
    for m in _CANDIDATE.finditer(text, at):
        start = m.start()
        atx, heading, ticks, tildes, equals, dashes, contained, indented = m.groups()
        if contained is not None or indented is not None or (text[start + 1] == " " and (atx is not None or ticks or tildes or equals is not None or dashes is not None)):
            return False  # (indented: it may be in a list item, which only the line scan knows)
        marks = "`" + ticks if ticks is not None else "~" + tildes if tildes is not None else None
        if fence is not None:
            if marks and marks[0] == fence[0] and len(marks) >= len(fence):
                fence = None
            prev = ""
        elif marks:
            fence = marks
            prev = ""
        elif atx is not None:
            heads.add(heading or "", m.start(2) + shift if heading else -1)
            prev = ""
        else:
            if start != last_end:
                prev_at = text.rfind("\n", at, start) + 1
                prev = text[prev_at:start]
            if (equals is not None or dashes is not None) and prev.strip() and not _NOT_PARAGRAPH.match(prev):
                if _paragraph_in_container(text, prev_at, at):
                    return False  # a lazy line of an item or quote is no underline: the line scan knows
                heads.add(prev.strip(), prev_at + len(prev) - len(prev.lstrip()) + shift)
                prev = ""
            else:
                prev_at = start + 1
                prev = text[prev_at : m.end()]
        last_end = m.end()
    return True
