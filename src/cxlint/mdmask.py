"""Where a Markdown body is not prose: code blocks, inline code, HTML code elements and
comments, and URLs (link destinations, reference definitions, autolinks, bare URLs as
goldmark's linkify reads them, URL attributes).

ENT001 reports an entity only outside these (``&`` there is syntax, not a leftover); the
suppression directives count only outside the code spans. Scans are keyed on a literal
character first (a multi-line regex would try every offset of a body).
"""

from __future__ import annotations

import bisect
import re

_FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
#: a list item's marker: its indentation, the marker, the spaces after it (or the line's end)
LIST_ITEM = re.compile(r"^( {0,3})([-+*]|[0-9]{1,9}[.)])( +|$)")
#: a thematic break, its indentation taken off
THEMATIC_BREAK = re.compile(r"(?:\*[ \t]*){3,}$|(?:-[ \t]*){3,}$|(?:_[ \t]*){3,}$")
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
_MAY_HAVE_BLOCK_CODE = re.compile(
    r"^(?: {0,3}>(?: |(?! )))*(?: {0,3}(?:`{3}|~{3})| {4}|\t)|^ {0,3}(?:[-+*]|[0-9]{1,9}[.)]) {5,}\S", re.M
)
_TAG_START = re.compile(r"[A-Za-z/!?]")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.M)
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
        # five spaces: '>     code' (code in a block quote), '-      code' (an item opening with it)
        or text.find("     ", start, end) >= 0
        or (tab and text.find(">\t", start, end) >= 0)
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
    quotes = 0  # block quotes the last line was in
    for ls, le, line in _lines(text, start, end):
        if ">" in line[:4] or quotes:
            depth_q, rest = quote_prefix(line)
            if depth_q != quotes:
                # a line in fewer quotes than the last one: a paragraph's lazy continuation
                # (no marker needed), or the end of those quotes and all they held
                if depth_q < quotes and para and fence is None and code_start < 0 and rest.strip() and not starts_block(rest):
                    continue
                if fence is not None:
                    spans.append((fence_start, ls))
                    fence = None
                if code_start >= 0:
                    spans.append((code_start, ls))
                    code_start = -1
                del items[:]
                para = False
                quotes = depth_q
            line = rest
        body = line.lstrip(" \t")
        if not body.strip():
            para = False  # (a blank line goes on any code block or fence)
            continue
        indent = indent_columns(line)
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
            if c in "-*_" and THEMATIC_BREAK.match(body):
                del items[depth:]
                para = False
                continue
            if c == "#":
                if _ATX_HEADING.match(body):
                    del items[depth:]
                    para = False
                    continue
            else:
                item = LIST_ITEM.match(body)
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


def indent_columns(line: str) -> int:
    """The line's indentation in columns (a tab to the next multiple of four)."""
    lead = line[: len(line) - len(line.lstrip(" \t"))]
    return len(lead.expandtabs(4)) if "\t" in lead else len(lead)


def quote_prefix(line: str, levels: int | None = None) -> tuple[int, str]:
    """How many block quotes ``line`` is in, by its ``>`` markers (each after up to three
    spaces, with one optional space or tab after it; at most ``levels`` of them), and the
    line after them."""
    depth, pos, n = 0, 0, len(line)
    while levels is None or depth < levels:
        i = pos
        while i < n and i - pos < 3 and line[i] == " ":
            i += 1
        if i >= n or line[i] != ">":
            return depth, line[pos:]
        depth += 1
        pos = i + 1
        if pos < n and line[pos] == " ":
            pos += 1
        elif pos < n and line[pos] == "\t":
            # a tab after the marker spans three columns (to the next stop, as a marker at a
            # stop leaves it): one is the marker's space, two are indentation
            line = line[:pos] + "  " + line[pos + 1:]
            n = len(line)
    return depth, line[pos:]


def starts_block(rest: str) -> bool:
    """Would ``rest`` (a line without its quote markers) start a block rather than go on a
    paragraph lazily? (a fence, a heading, a thematic break, a list item or an HTML block)"""
    body = rest.lstrip(" ")
    if len(rest) - len(body) >= 4 or not body:
        return False  # indented: a paragraph's continuation, never code after a paragraph
    c = body[0]
    if c in "`~":
        m = _FENCE_OPEN.match(body)
        return bool(m) and not (c == "`" and "`" in m.group(3))
    if c == "#":
        return _ATX_HEADING.match(body) is not None
    if c in "-*_" and THEMATIC_BREAK.match(body):
        return True
    if c in "-+*" or "0" <= c <= "9":
        item = LIST_ITEM.match(body)
        return item is not None and item.end() < len(body.rstrip())
    return c == "<"


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
    from cxlint.entities import ENTITY_RE, reference_char  # (entities imports this module)

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


def markdown_block_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The fenced and indented code blocks of a Markdown body ``text[start:end]``, in order."""
    return _block_code_spans(text, start, len(text) if end is None else end)


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
