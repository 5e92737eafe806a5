"""Code in a legacy body: found first, hidden from every converter, put back byte for byte.

Code shows its text literally: ``<a href="#">`` inside backticks is an
example of HTML, ``&amp;`` is five characters, a ``{% img %}`` is a sample
of Liquid. A converter that rewrites them changes what the post teaches, so
the body converter masks these regions before its passes and restores them
after:

* fenced code blocks (```` ``` ```` or ``~~~``, closed by a fence of the same
  character at least as long, or the end of the body, as CommonMark says);
* ``<pre>`` elements (HTML code blocks);
* indented code blocks: lines indented four spaces (or a tab) after a blank
  line, outside a list (in a list such a line continues the item unless it
  is indented four more than the item's text: the exporter indents a
  continuation by four whatever the marker's width), outside an HTML element
  and not after an indented line (WordPress indents the rows of its tables
  and nested lists, blank lines and all: the author wrote markup there, not
  code);
* code spans: a run of backticks up to the next run of the same length in
  the same paragraph (an unmatched run is literal text).

A region becomes a placeholder of private-use characters that keeps the
region's newlines (the converters locate their notes by counting lines) but
never two in a row (they collapse blank-line runs), so nothing the passes do
can split or match it.
"""

from __future__ import annotations

import re

from cxlint.mdmask import indent_columns

_OPEN, _CLOSE, _NL = "\ue000", "\ue001", "\ue002"
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}(?:\\s*{_NL})*")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_PRE = re.compile(r"<pre\b[^>]*>.*?</pre\s*>", re.I | re.S)
_LIST_ITEM = re.compile(r"^( {0,3}(?:[*+-]|\d{1,9}[.)]))( +|$)")
_TICKS = re.compile(r"(?<!`)`+(?!`)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


class CodeMask:
    """``mask(text)`` hides the code regions; ``restore_spans(text)`` puts them back."""

    def __init__(self) -> None:
        self.regions: list[str] = []

    def _hide(self, code: str) -> str:
        self.regions.append(code)
        return f"{_OPEN}{len(self.regions) - 1}{_CLOSE}" + f"\n{_NL}" * code.count("\n")

    def restore_spans(self, text: str) -> tuple[str, list[tuple[int, int]]]:
        """The text with every region put back, and where each region now is in it."""
        if not self.regions:
            return text, []
        out: list[str] = []
        spans: list[tuple[int, int]] = []
        pos = size = 0
        for m in _PLACEHOLDER.finditer(text):
            out.append(text[pos : m.start()])
            size += m.start() - pos
            region = self.regions[int(m.group(1))]
            spans.append((size, size + len(region)))
            out.append(region)
            size += len(region)
            pos = m.end()
        out.append(text[pos:])
        return "".join(out), spans

    def mask(self, text: str) -> str:
        if not any(c in text for c in "`~<\t") and "\n    " not in text and not text.startswith("    "):
            return text  # most posts: nothing that can be code
        text = self._blocks(text)
        text = _PRE.sub(lambda m: self._hide(m.group(0)), text)
        text = self._indented(text)
        return self._spans(text)

    def _blocks(self, text: str) -> str:
        lines = text.split("\n")
        out: list[str] = []
        i = 0
        while i < len(lines):
            m = _FENCE.match(lines[i])
            if not m or (m.group(1)[0] == "`" and "`" in m.group(2)):
                out.append(lines[i])
                i += 1
                continue
            fence = m.group(1)
            close = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
            end = next((j for j in range(i + 1, len(lines)) if close.match(lines[j])), len(lines) - 1)
            out.append(self._hide("\n".join(lines[i : end + 1])))
            i = end + 1
        return "\n".join(out)

    def _indented(self, text: str) -> str:
        from cxlint.migrate.html_to_md import find_islands

        inside = [(isl.start, isl.end) for isl in find_islands(text)]
        lines = text.split("\n")
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        out: list[str] = []
        blank_before = True  # the body's start counts as a block boundary
        item_col: int | None = None  # content column of the list item we are in
        marker_col = 0  # and the column of its marker
        prev_indented = False  # the last line with text was indented: we are in nested markup
        i = 0
        while i < len(lines):
            line = lines[i]
            if not line.strip():
                out.append(line)
                blank_before = True
                i += 1
                continue
            col = indent_columns(line)
            item = _LIST_ITEM.match(line.expandtabs(4)) if col < 4 or item_col is not None else None
            if item and (item_col is None or col < item_col + 4):
                item_col = len(item.group(1)) + max(1, min(len(item.group(2)), 4))
                marker_col = col
            elif item_col is not None and blank_before and col <= marker_col:
                # a paragraph outside the list ends it; one indented less than the item's text
                # still continues it (the exporter indents continuations by four, whatever the marker)
                item_col = None
            need = 4 if item_col is None else item_col + 4
            if (blank_before and col >= need and not item and not prev_indented
                    and not any(a < starts[i] < b for a, b in inside)):
                end = i
                while end + 1 < len(lines) and (not lines[end + 1].strip() or indent_columns(lines[end + 1]) >= need):
                    end += 1
                while end > i and not lines[end].strip():
                    end -= 1  # trailing blank lines are not part of the block
                out.append(self._hide("\n".join(lines[i : end + 1])))
                i = end + 1
                blank_before = prev_indented = False
                continue
            out.append(line)
            blank_before, prev_indented = False, col > 0
            i += 1
        return "\n".join(out)

    def _spans(self, text: str) -> str:
        if "`" not in text:
            return text
        out: list[str] = []
        pos = 0
        search = 0
        while True:
            m = _TICKS.search(text, search)
            if not m:
                break
            if m.start() > 0 and text[m.start() - 1] == "\\" and not _escaped_backslash(text, m.start() - 1):
                search = m.start() + 1  # '\`' is a literal backtick, not an opener
                continue
            closer = re.compile(rf"(?<!`){re.escape(m.group(0))}(?!`)")
            c = closer.search(text, m.end())
            para_end = _BLANK_LINE.search(text, m.end())
            if not c or (para_end and c.start() > para_end.start()) or _OPEN in text[m.end() : c.start()]:
                search = m.end()  # no closer in this paragraph: literal backticks
                continue
            out.append(text[pos : m.start()])
            out.append(self._hide(text[m.start() : c.end()]))
            pos = search = c.end()
        out.append(text[pos:])
        return "".join(out)


def _escaped_backslash(text: str, at: int) -> bool:
    """Is the backslash at ``at`` itself escaped (an even run of backslashes before it)?"""
    n = 0
    while at - 1 - n >= 0 and text[at - 1 - n] == "\\":
        n += 1
    return n % 2 == 1
