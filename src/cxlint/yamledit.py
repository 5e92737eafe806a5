"""Where a whole mapping entry sits in the text, so a fix can drop it byte-exactly.

Rules that remove a front-matter key (DUP001 drops earlier duplicates, FM006
drops ``layout: post``) need the span of the *entry*: the key, its value
(block collections and block scalars included), the trailing comment on its
last line, and the line break. Everything outside that span, including
comments on their own lines around it, stays as written.

Returns ``None`` when the entry cannot be removed cleanly by deleting lines
(a flow mapping such as ``{a: 1, a: 2}``, a complex ``? key``); callers then
offer no fix rather than a risky one.
"""

from __future__ import annotations

import re

import yaml

from cxlint import frontmatter as fmmod

_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_COMMENT_OR_SPACE = re.compile(r"[ \t]*(?:#[^\r\n]*)?")


def yaml_entry_span(text: str, fm: "fmmod.FrontMatter", key_start: int) -> tuple[int, int] | None:
    """Span (start, end) of the YAML mapping entry whose key starts at ``key_start``.

    ``fm`` is the page's parsed front matter; offsets are file offsets.
    """
    if fm.format != "yaml":
        return None
    base = fm.content_start
    src = text[base : fm.content_end]
    try:
        root = yaml.compose(src, Loader=fmmod._Loader)
    except yaml.YAMLError:
        return None
    found = _find_pair(root, key_start - base)
    if found is None:
        return None
    mapping, knode, vnode = found
    if mapping.flow_style:
        return None
    line_start = src.rfind("\n", 0, knode.start_mark.index) + 1
    cr = src.rfind("\r", 0, knode.start_mark.index) + 1
    line_start = max(line_start, cr)
    if src[line_start : knode.start_mark.index].strip(" \t"):
        return None  # something else before the key on its line (e.g. '- key: v' in a list)
    end = _content_end(src, vnode)
    rest = _COMMENT_OR_SPACE.match(src, end)
    after = rest.end()
    brk = _LINE_BREAK.match(src, after)
    if brk:
        after = brk.end()
    elif after != len(src):
        return None  # more content on the value's last line: not a line-based entry
    return base + line_start, base + after


def _find_pair(node, key_offset: int):
    if isinstance(node, yaml.MappingNode):
        for knode, vnode in node.value:
            if knode.start_mark.index == key_offset:
                return node, knode, vnode
            if not isinstance(vnode, yaml.ScalarNode):
                hit = _find_pair(vnode, key_offset)
                if hit:
                    return hit
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            hit = _find_pair(item, key_offset)
            if hit:
                return hit
    return None


def _content_end(src: str, node) -> int:
    """Offset just past the last character that belongs to ``node``.

    PyYAML's end mark of a block collection or block scalar runs on over the
    following blank and comment lines; those belong to nobody, so stop at the
    last real content.
    """
    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        return _content_end(src, node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return _content_end(src, node.value[-1])
    end = node.end_mark.index
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        while end > node.start_mark.index and src[end - 1] in "\r\n \t":
            end -= 1
    return end


def json_member_span(text: str, fm: "fmmod.FrontMatter", key_start: int, key_end: int) -> tuple[int, int] | None:
    """Span of a JSON object member followed by a comma: ``"k": v,`` plus the blanks after it.

    Used to drop the earlier of two duplicate members, which always has a later
    sibling. The indentation in front of the key stays: it now serves the next member.
    """
    from cxlint import jsonpos

    n = min(len(text), fm.end)
    i = _skip_ws(text, key_end, n)
    if i >= n or text[i] != ":":
        return None
    try:
        i = jsonpos.parse(text, i + 1, allow_trailing=True).end
    except jsonpos.JsonPosError:
        return None
    i = _skip_ws(text, i, n)
    if i >= n or text[i] != ",":
        return None
    return key_start, _skip_ws(text, i + 1, n)


def _skip_ws(text: str, i: int, n: int) -> int:
    while i < n and text[i] in " \t\r\n":
        i += 1
    return i
