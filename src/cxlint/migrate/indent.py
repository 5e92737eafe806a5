"""Lines the exporter indented that Hugo would show as code: re-indented so they read as meant.

WordPress's Markdown exporter indents a list item's continuation by four spaces
whatever the marker's width (``  1. Question`` then ``    Answer``: CommonMark wants
five there), and indents the rows of the tables it keeps as HTML, blank lines and
all. After a blank line, CommonMark (goldmark, Hugo's renderer) reads such a line as
an indented code block: the post shows ``<td>`` tags, or an answer in a grey box.
:class:`cxlint.migrate.code.CodeMask` has already hidden what *is* code; an indented
code block that CommonMark finds in the body outside those regions is one of these accidents.
Each is shifted: to the content column of the list item it follows (then it continues
that item), else to the margin (HTML and prose do not care about indentation). The
relative indentation inside a shifted block is kept.
"""

from __future__ import annotations

import bisect

from cxlint.mdmask import LIST_ITEM, indent_columns, markdown_block_spans

_ROUNDS = 6  # a shifted block may hold deeper lines that are now code in turn


def reindent_accidental_code(text: str, code: list[tuple[int, int]] = ()) -> tuple[str, int, str]:
    """``text`` (a converted body; ``code``: the spans of what is code in it) with no
    accidental indented code block, how many lines were moved, and the first of them as it
    was (without its indentation: to locate a note). Code lines are never moved."""
    if "\n    " not in text and "\n\t" not in text:
        return text, 0, ""
    moved = 0
    first_moved = ""
    lines = text.split("\n")
    starts = _starts(lines)
    code_lines = set()
    for s, e in code:  # code blocks, whole lines (line indexes stay as lines move)
        first = bisect.bisect_right(starts, s) - 1
        last = bisect.bisect_right(starts, max(s, e - 1)) - 1
        line_end = starts[last + 1] - 1 if last + 1 < len(starts) else len(text)
        if text[starts[first]:s].strip() or text[e:line_end].strip():
            continue  # a code span in a line of prose: the line may move
        code_lines.update(range(first, last + 1))
    for _ in range(_ROUNDS):
        lines = text.split("\n")
        starts = _starts(lines)
        blocks = _accidental_blocks(text, lines, starts, code_lines)
        if not blocks:
            break
        if not first_moved:
            first_moved = lines[blocks[0][0]].strip()[:40]
        for first, last in reversed(blocks):
            moved += _shift(lines, first, last)
        text = "\n".join(lines)
    return text, moved, first_moved


def _starts(lines: list[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    return starts


def _accidental_blocks(text: str, lines: list[str], starts: list[int], code_lines: set[int]) -> list[tuple[int, int]]:
    """(first, last) line indexes of the indented code blocks CommonMark finds (not fences,
    not in block quotes) that hold no line of real code."""
    out = []
    for s, e in markdown_block_spans(text):
        first = bisect.bisect_right(starts, s) - 1
        last = min(bisect.bisect_right(starts, max(s, e - 1)) - 1, len(lines) - 1)
        head = lines[first].lstrip(" \t")
        if head.startswith(("```", "~~~", ">")) or any(i in code_lines for i in range(first, last + 1)):
            continue
        out.append((first, last))
    return out


def _shift(lines: list[str], first: int, last: int) -> int:
    body = [i for i in range(first, last + 1) if lines[i].strip()]
    if not body:
        return 0
    least = min(indent_columns(lines[i]) for i in body)
    target = _item_column(lines, first, least)
    if target == least:  # (that item is closed by then, as CommonMark reads it): the margin
        target = 0
    if target == least:
        return 0
    for i in body:
        line = lines[i].expandtabs(4) if "\t" in lines[i][: len(lines[i]) - len(lines[i].lstrip(" \t"))] else lines[i]
        col = indent_columns(line)
        lines[i] = " " * (col - least + target) + line[col:]
    return len(body)


def _item_column(lines: list[str], first: int, least: int) -> int:
    """The content column of the list item a block at indent ``least`` starting at line
    ``first`` continues, else 0: the nearest item above whose marker is indented less,
    unless a line at the margin that is no item comes first (the list ended there)."""
    for i in range(first - 1, -1, -1):
        line = lines[i]
        if not line.strip():
            continue
        m = LIST_ITEM.match(line)
        if m and m.group(3) and m.end() < len(line.rstrip()) and len(m.group(1)) < least:
            return m.end(2) + min(len(m.group(3)), 4)
        if indent_columns(line) == 0:
            return 0
    return 0
