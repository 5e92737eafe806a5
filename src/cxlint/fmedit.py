"""Text edits on YAML front matter that keep the rest of the file byte-identical.

Rules build their fixes from these: removing a list item (a whole line for a
block list, the element and one comma for a flow list) and rewriting part of
one scalar so it stays valid YAML. (Whole mapping entries: :mod:`cxlint.yamledit`.)
All offsets are character offsets into the whole file; CRLF stays CRLF.
"""

from __future__ import annotations

import json

import yaml

from cxlint.diagnostics import Edit
from cxlint.frontmatter import _Loader, fast_parser


def line_start(text: str, offset: int) -> int:
    """Offset of the first character of the line holding ``offset`` (LF, CRLF or CR files)."""
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1


def line_end(text: str, offset: int) -> int:
    """Offset just past the newline of the line holding ``offset`` (or the text end)."""
    nl = text.find("\n", offset)
    if nl < 0:
        cr = text.find("\r", offset)
        return len(text) if cr < 0 else cr + 1
    return nl + 1


def remove_list_item(text: str, item_span: tuple[int, int], prev_span: tuple[int, int] | None,
                     next_span: tuple[int, int] | None) -> Edit | None:
    """Edit dropping one item of a YAML list.

    ``item_span`` is the item's value span; ``prev_span``/``next_span`` the
    neighbouring items' spans (for flow lists, where a comma goes too).
    Returns None when the layout is not one this can edit cleanly.
    """
    start, end = item_span
    ls = line_start(text, start)
    lead = text[ls:start]
    if lead.strip(" \t") == "-":  # block list: the item owns its line(s)
        tail = text[end:line_end(text, end)]
        if tail.strip() and not tail.strip().startswith("#"):
            return None
        return Edit(ls, line_end(text, end), "")
    # flow list: '[a, b, c]'
    if prev_span is not None:
        between = text[prev_span[1]:start]
        if between.strip() == ",":
            return Edit(prev_span[1], end, "")
    if next_span is not None:
        between = text[end:next_span[0]]
        if between.strip() == ",":
            return Edit(start, next_span[0], "")
    return None


def _load_scalar(src: str, flow: bool = False):
    """What ``src`` reads as when it is a mapping value (``flow``: an item of ``[...]``).

    Read by the front matter's fast parser, which returns what the loader below
    builds or declines (~10x cheaper than setting up a libyaml loader per value).
    """
    doc = "k: [" + src + "]" if flow else "k: " + src
    simpleyaml, resolver = fast_parser()
    try:
        data, _, _, duplicates = simpleyaml.parse(doc, 0, resolver)
    except simpleyaml.Unhandled:
        duplicates = True
    if duplicates:  # not read (or a repeated key): libyaml decides
        try:
            data = yaml.load(doc, Loader=_Loader)  # noqa: S506
        except yaml.YAMLError:
            return None
    if not isinstance(data, dict) or set(data) != {"k"}:
        return None
    value = data["k"]
    if flow:
        return value[0] if isinstance(value, list) and len(value) == 1 else None
    return value


_PLACEHOLDER = "\ue000"


def replace_in_scalar(text: str, scalar_span: tuple[int, int], start: int, end: int, char: str,
                      flow: bool = False) -> Edit | None:
    """Replace ``text[start:end]`` inside a YAML string scalar by ``char``, keeping it valid.

    Edits in place when the scalar still reads as intended (escaping for the
    scalar's quoting style), else rewrites the whole scalar double-quoted.
    ``flow``: the scalar is an item of a flow collection (``[a, b]``), where
    ``,`` ``[`` ``]`` ``{`` ``}`` are syntax too.
    """
    s0, s1 = scalar_span
    src = text[s0:s1]
    i, j = start - s0, end - s0
    if ord(char[0]) > 0x7F and char.isprintable() and src[:1] not in "|>":
        # a printable non-ASCII character is never YAML syntax, in any quoting style
        return Edit(start, end, char)
    want_src = src[:i] + _PLACEHOLDER + src[j:]
    want = _load_scalar(want_src, flow)
    if not isinstance(want, str) or want.count(_PLACEHOLDER) != 1:
        return None
    want = want.replace(_PLACEHOLDER, char)
    style = src[:1]
    piece = char
    if style == '"':
        piece = char.replace("\\", "\\\\").replace('"', '\\"')
    elif style == "'":
        piece = char.replace("'", "''")
    candidate = src[:i] + piece + src[j:]
    if _load_scalar(candidate, flow) == want:
        return Edit(start, end, piece)
    if "\n" in want or "\r" in want:
        return None  # a multi-line value: do not reflow it
    return Edit(s0, s1, json.dumps(want, ensure_ascii=False))


def yaml_scalar(value: str, flow: bool = False) -> str:
    """``value`` as YAML source: plain when it reads back as the same string, else double-quoted.

    ``flow``: the scalar goes inside a flow collection (``[a, b]``), where
    ``,`` and brackets are syntax too.
    """
    if value and value == value.strip() and "\n" not in value and "\r" not in value:
        if _load_scalar(value, flow) == value:
            return value
    return json.dumps(value, ensure_ascii=False)


def append_list_items(text: str, list_span: tuple[int, int], item_spans: list[tuple[int, int]],
                      item_srcs: list[str]) -> Edit | None:
    """Edit adding ``item_srcs`` (YAML source of scalars) at the end of a YAML list.

    A block list gets one new line per item shaped like its last item's (same
    indent and ``- ``, same line break, so CRLF stays CRLF); a flow list gets
    ``, a, b`` after its last element (``[]`` becomes ``[a, b]``). Returns None
    for layouts this cannot extend cleanly (a multi-line last item, content
    after it on its line).
    """
    s0, s1 = list_span
    if text.startswith("[", s0):
        if not item_spans:
            if text[s0:s1].replace(" ", "") != "[]":
                return None
            return Edit(s0, s1, "[" + ", ".join(item_srcs) + "]")
        end = item_spans[-1][1]
        return Edit(end, end, "".join(f", {src}" for src in item_srcs))
    if not item_spans:
        return None
    start, end = item_spans[-1]
    ls = line_start(text, start)
    lead = text[ls:start]
    if lead.strip(" \t") != "-" or "\n" in text[start:end] or "\r" in text[start:end]:
        return None
    stop = line_end(text, end)
    tail = text[end:stop]
    rest = tail.rstrip("\r\n")
    if rest.strip() and not rest.strip().startswith("#"):
        return None
    brk = tail[len(rest):]
    if not brk:
        return None  # the list ends the text without a line break: nowhere to put a line
    return Edit(stop, stop, "".join(f"{lead}{src}{brk}" for src in item_srcs))
