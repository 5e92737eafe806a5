"""Simple inline HTML in legacy bodies -> Markdown, with BeautifulSoup.

The body is Markdown with HTML islands. Each top-level HTML element (found by
a tag scanner that balances open/close tags) is converted on its own:
``a, strong/b, em/i, br, p`` and the wrappers WordPress adds (``div``,
``span``), headings, lists, block quotes and images become Markdown. An
island holding anything in ``complex`` (tables, iframes, ...) is kept
byte for byte and reported for a human. An island that starts after a block
quote's ``>`` or a list item's marker on its line (the exporter writes
``> <p>`` and ``1. <p>``) is converted inside that quote or item: its later
lines carry the quote's markers or the item's indentation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment

from cxlint.mdmask import LIST_ITEM, indent_columns, quote_prefix

# a tag: name must be followed by space, '/' or '>' (so '<https://x>' autolinks are not tags)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTR_URL = re.compile(r'\b(href|src)="(https?://[^"]+)"')
_VOID = {"br", "img", "hr", "meta", "source", "input", "wbr", "col", "area", "embed", "link", "param", "track"}
_BLOCK = {"p", "div", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "table", "figure"}
_KEEP_INLINE = {"sup", "sub", "u", "small", "abbr", "cite", "q", "del", "ins", "mark", "kbd", "font", "center"}


@dataclass
class Island:
    start: int
    end: int
    tags: set[str]


def find_islands(text: str) -> list[Island]:
    """Top-level HTML elements in ``text`` (unclosed ones become single-tag islands)."""
    islands: list[Island] = []
    stack: list[str] = []
    start = 0
    tags: set[str] = set()
    for m in _TAG.finditer(text):
        closing, name = m.group(1) == "/", m.group(2).lower()
        selfclose = m.group(3).rstrip().endswith("/")
        if not stack:
            if closing:  # a stray close tag: an island of its own
                islands.append(Island(m.start(), m.end(), {name}))
                continue
            if name in _VOID or selfclose:
                islands.append(Island(m.start(), m.end(), {name}))
                continue
            stack, start, tags = [name], m.start(), {name}
            continue
        tags.add(name)
        if closing:
            if name in stack:
                while stack and stack.pop() != name:
                    pass
                if not stack:
                    islands.append(Island(start, m.end(), tags))
        elif not (name in _VOID or selfclose):
            stack.append(name)
    if stack:  # unclosed: keep only its opening tag as an island, rescan the rest
        first = _TAG.match(text, start)
        islands.append(Island(start, first.end(), {stack[0]}))
        islands.extend(
            Island(i.start + first.end(), i.end + first.end(), i.tags) for i in find_islands(text[first.end():])
        )
    return islands


class HtmlConverter:
    def __init__(self, complex_tags: set[str], image: Callable[[str, str], str], link: Callable[[str], str]):
        """``image(src, alt)`` returns Markdown for an image; ``link(href)`` maps a link target."""
        self.complex = complex_tags
        self.image = image
        self.link = link

    def convert(self, text: str) -> tuple[str, list[tuple[int, str]], list[tuple[int, str]]]:
        """(new text, kept complex islands as (offset, tag), converted islands as (offset, tag))."""
        out: list[str] = []
        kept: list[tuple[int, str]] = []
        done: list[tuple[int, str]] = []
        pos = 0
        for isl in find_islands(text):
            out.append(text[pos : isl.start])
            chunk = text[isl.start : isl.end]
            complex_hit = sorted(isl.tags & self.complex)
            if complex_hit:
                kept.append((isl.start, complex_hit[0]))
                # kept HTML still gets its own-site link targets mapped
                out.append(_ATTR_URL.sub(lambda m: f'{m.group(1)}="{self.link(m.group(2)) or m.group(2)}"', chunk))
            else:
                first = _TAG.match(chunk)
                name = first.group(2).lower() if first else "?"
                block = name in _BLOCK or name == "li"
                container = _container(text, isl.start)
                if container is not None:
                    chunk = container.inner(chunk)
                md = self._render(chunk)
                if block and container is None:
                    md = "\n\n" + md.strip("\n") + "\n\n" if md.strip() else "\n\n"
                md = re.sub(r"[ \t]+\n", "\n", md)
                md = re.sub(r"\\\n[ \t]+", "\\\n", md)  # a line after a hard break starts flush
                md = re.sub(r"\\\n(?=\s*(?:\n|$))", "\n", md)  # no hard break at a block's end
                if container is not None:
                    md = container.outer(md, block, text, isl.end)
                done.append((isl.start, name))
                out.append(md)
            pos = isl.end
        out.append(text[pos:])
        result = "".join(out)
        result = re.sub(r"\n{3,}", "\n\n", result)
        if _GT in result:
            result = _resolve_gt(result)
        return result, kept, done

    # ------------------------------------------------------------------ rendering
    def _render(self, chunk: str) -> str:
        soup = BeautifulSoup(_GT_REF.sub(_GT, chunk) if "&" in chunk else chunk, "html.parser")
        return self._children(soup, pre=False)

    def _children(self, node: Tag, pre: bool) -> str:
        return "".join(self._node(child, pre) for child in node.children)

    def _node(self, node, pre: bool) -> str:
        if isinstance(node, Comment):
            return ""
        if isinstance(node, NavigableString):
            return _escape(str(node) if pre else re.sub(r"\s+", " ", str(node)))
        if not isinstance(node, Tag):
            return ""
        name = node.name.lower()
        inner = lambda: self._children(node, pre)  # noqa: E731
        if name == "a":
            href = node.get("href")
            text = re.sub(r"\s+", " ", inner().replace("\\\n", " ")).strip()
            # a named anchor is a link target other pages use (#name): it stays, as HTML
            key = "id" if node.get("id") else "name" if node.get("name") else None
            anchor = f'<a {key}="{node.get(key)}"></a>' if key else ""
            if not href:
                return anchor + text
            if not text:
                return ""
            title = node.get("title")
            target = self.link(str(href))
            if target is None:  # the page will not be built: keep the text only
                return text
            t = f' "{title}"' if title and '"' not in str(title) else ""
            return f"{anchor}[{text}]({target}{t})"
        if name in ("strong", "b"):
            return _wrap(inner(), "**")
        if name in ("em", "i"):
            return _wrap(inner(), "*")
        if name == "br":
            return "\\\n"  # CommonMark hard line break
        if name == "img":
            return self.image(str(node.get("src") or ""), str(node.get("alt") or node.get("title") or ""))
        if name in ("p", "div", "figure", "figcaption", "section", "article", "header", "footer"):
            body = inner().strip()
            return f"\n\n{body}\n\n" if body else "\n\n"
        if name in ("span", "font", "center", "body", "html", "tbody", "nobr"):
            return inner()
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            body = re.sub(r"\s+", " ", inner()).strip()
            ident = node.get("id")  # other pages link to #id: Hugo's heading attribute keeps it
            attr = f" {{#{ident}}}" if ident and re.fullmatch(r"[\w-]+", str(ident)) else ""
            return f"\n\n{'#' * int(name[1])} {body}{attr}\n\n" if body else "\n\n"
        if name in ("ul", "ol"):
            items = []
            n = 0
            for li in node.find_all("li", recursive=False):
                n += 1
                mark = f"{n}. " if name == "ol" else "  * "
                body = self._children(li, pre).strip()
                body = re.sub(r"\n{2,}", "\n\n", body).replace("\n", "\n    ")
                items.append(mark + body)
            return "\n\n" + "\n".join(items) + "\n\n"
        if name == "li":
            return "\n  * " + inner().strip() + "\n"
        if name == "blockquote":
            body = inner().strip()
            return "\n\n" + "\n".join(("> " + ln).rstrip() for ln in body.split("\n")) + "\n\n"
        if name == "code":
            # a code span shows its text literally: the text itself, not its escaped form
            if all(isinstance(c, NavigableString) and not isinstance(c, Comment) for c in node.children):
                body = re.sub(r"\s+", " ", node.get_text().replace(_GT, ">"))
                if body.strip() and "`" not in body:
                    return f"`{body}`"
            return str(node)
        if name == "hr":
            return "\n\n---\n\n"
        # anything else (sup, abbr, pre, ...) stays HTML as written
        return str(node)


class _Container:
    """The Markdown block an HTML island starts in, when it starts after a block quote's
    ``>`` markers or a list item's marker on its line (``> <p>``, ``1. <p>``): the island's
    lines go on inside it, so its Markdown must too, or the quote or the item falls apart."""

    def __init__(self, quotes: int, column: int):
        self.quotes = quotes  # block quote depth (0: a list item)
        self.column = column  # a list item's content column

    def inner(self, chunk: str) -> str:
        """The island without the quote markers its later lines carry."""
        if not self.quotes:
            return chunk
        head, *rest = chunk.split("\n")
        return "\n".join([head] + [quote_prefix(line, self.quotes)[1] for line in rest])

    def outer(self, md: str, block: bool, text: str, end: int) -> str:
        """``md`` written inside the container: later lines carry its markers or indentation; a
        block is followed by a blank line of the container when the container's text goes on."""
        if self.quotes:
            lead, blank = "> " * self.quotes, ("> " * self.quotes).rstrip()
        else:
            lead, blank = " " * self.column, ""
        lines = (md.strip("\n") if block else md).split("\n")
        out = "\n".join([lines[0]] + [lead + line if line.strip() else blank for line in lines[1:]])
        if block and out.strip() and self._goes_on(text, end):
            out += "\n" + blank
        return out

    def _goes_on(self, text: str, end: int) -> bool:
        eol = text.find("\n", end)
        if eol < 0 or text[end:eol].strip():
            return False
        nxt = text.find("\n", eol + 1)
        line = text[eol + 1 : nxt if nxt >= 0 else len(text)]
        if self.quotes:
            depth, rest = quote_prefix(line)
            return depth >= self.quotes and bool(rest.strip())
        return bool(line.strip()) and indent_columns(line) >= self.column


def _container(text: str, start: int) -> _Container | None:
    line_start = text.rfind("\n", 0, start) + 1
    lead = text[line_start:start]
    if not lead or lead.isspace():
        return None
    depth, rest = quote_prefix(lead)
    if depth and not rest:
        return _Container(depth, 0)
    item = LIST_ITEM.match(lead)
    if item and item.end() == len(lead) and 0 < len(item.group(3)) <= 4:
        return _Container(0, len(lead))
    return None


_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_TEXT_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
# '&gt;' in the HTML, kept apart from a typed '>' (which may be a block quote's marker)
# until the island is rendered: then it is '&gt;' only where Markdown would read a '>'
_GT = "\ue003"
_GT_REF = re.compile(r"&(?:gt|#0*62|#[xX]0*3[eE]);")


def _escape(text: str) -> str:
    """Text the parser decoded, written back so Markdown reads it as text again.

    ``&lt;b&gt;`` in the HTML is the text "<b>": written as is it would be a live tag, and
    ``&amp;copy;`` would become an entity. Only what would read as markup is escaped
    (a '<' starting a tag, an '&' before a name and ';'), so shortcodes (``{{< x >}}``)
    and a plain 'a < 3' stay as they are.
    """
    if "&" in text:
        text = _ENTITY_LIKE.sub("&amp;", text)
    return _TEXT_TAG_START.sub("&lt;", text) if "<" in text else text


def _resolve_gt(text: str) -> str:
    """An escaped '>' stays escaped at a line's start (a block quote) and after an escaped '<'."""
    def line(m: re.Match) -> str:
        parts = m.group(0).split(_GT)
        out = parts[0]
        for part in parts[1:]:
            out += "&gt;" if not out.strip() or "&lt;" in out else ">"
            out += part
        return out

    return re.sub(f"[^\n]*{_GT}[^\n]*", line, text)


def _wrap(text: str, mark: str) -> str:
    """Emphasis must hug its text: move surrounding spaces outside the markers."""
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    if "\n" in core:
        return text  # emphasis cannot span blocks; keep the text plain
    return f"{lead}{mark}{core}{mark}{trail}"
