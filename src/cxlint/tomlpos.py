"""Positions of the keys and values of TOML front matter (``+++``).

``tomllib`` gives the data but no positions, so this scanner walks the source
beside it: every top-level ``key = value`` before the first table header, the
whole extent of each value (a multi-line array or string included, a trailing
comment not), and the span of every array item and inline-table value below
it, keyed by the same paths as the data (``("topics", 1)``). Rules then point
at the item (``topics = ["a", "b"]``: the ``"b"``), as they do for YAML.

The source has already been read by ``tomllib``, so the scanner can assume it
is valid TOML; on anything it does not follow it stops quietly (fewer
positions, never a wrong one for a key it did record).
"""

from __future__ import annotations

import re

_KEY = re.compile(r'[ \t]*("(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|[A-Za-z0-9_-]+)[ \t]*=[ \t]*')
_TABLE = re.compile(r"[ \t]*\[")
_SKIP = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")  # blanks, line breaks and comments
_BARE = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}[^\s,\]}#]*|[^\s,\]}#]+")
_INLINE_KEY = re.compile(r'[ \t]*("(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|[A-Za-z0-9_-]+)[ \t]*=[ \t]*')


def _unquote(raw: str) -> str:
    if raw[:1] == "'":
        return raw[1:-1]
    if raw[:1] == '"' and "\\" in raw:
        import tomllib  # (escapes in a key: rare; let TOML itself read them)

        return next(iter(tomllib.loads(f"{raw} = 0")))
    if raw[:1] == '"':
        return raw[1:-1]
    return raw


def locate(src: str, base: int) -> tuple[dict[tuple, tuple[int, int]], dict[tuple, tuple[int, int]]]:
    """(key spans, value spans) of ``src`` (the text between the ``+++`` lines), as file
    offsets (``base`` is the offset of ``src`` in the file)."""
    keys: dict[tuple, tuple[int, int]] = {}
    values: dict[tuple, tuple[int, int]] = {}
    pos, n = 0, len(src)
    while pos < n:
        pos = _SKIP.match(src, pos).end()
        if pos >= n or _TABLE.match(src, pos):
            break  # tables are not followed (their keys are not top level)
        m = _KEY.match(src, pos)
        if m is None:
            break
        name = _unquote(m.group(1))
        if src.startswith(".", m.end(1)):
            break  # dotted keys (a.b = 1) are not followed
        path = (name,)
        end = _value(src, m.end(), path, values)
        if end is None:
            break
        keys.setdefault(path, (base + m.start(1), base + m.end(1)))
        values.setdefault(path, (m.end(), end))
        pos = end
    return keys, {path: (base + s, base + e) for path, (s, e) in values.items()}


def _value(src: str, i: int, path: tuple, spans: dict) -> int | None:
    """The end of the value starting at ``src[i]``, recording the spans of what is inside it."""
    c = src[i : i + 1]
    if c == '"' or c == "'":
        return _string(src, i)
    if c == "[":
        return _array(src, i, path, spans)
    if c == "{":
        return _inline_table(src, i, path, spans)
    m = _BARE.match(src, i)
    return m.end() if m else None


def _string(src: str, i: int) -> int | None:
    q = src[i]
    triple = src.startswith(q * 3, i)
    j = i + (3 if triple else 1)
    n = len(src)
    while j < n:
        ch = src[j]
        if ch == "\\" and q == '"':
            j += 2
            continue
        if ch == "\n" and not triple:
            return None
        if ch == q:
            if not triple:
                return j + 1
            if src.startswith(q * 3, j):
                end = j + 3
                while end < n and src[end] == q and end - j < 5:  # up to two quotes end the content
                    end += 1
                return end
        j += 1
    return None


def _array(src: str, i: int, path: tuple, spans: dict) -> int | None:
    j, index, n = i + 1, 0, len(src)
    while True:
        j = _SKIP.match(src, j).end()
        if j >= n:
            return None
        if src[j] == "]":
            return j + 1
        sub = path + (index,)
        end = _value(src, j, sub, spans)
        if end is None:
            return None
        spans.setdefault(sub, (j, end))
        index += 1
        j = _SKIP.match(src, end).end()
        if src[j : j + 1] == ",":
            j += 1
        elif src[j : j + 1] != "]":
            return None


def _inline_table(src: str, i: int, path: tuple, spans: dict) -> int | None:
    j = i + 1
    while True:
        j = _SKIP.match(src, j).end()
        if src[j : j + 1] == "}":
            return j + 1
        m = _INLINE_KEY.match(src, j)
        if m is None or src.startswith(".", m.end(1)):
            return None
        sub = path + (_unquote(m.group(1)),)
        end = _value(src, m.end(), sub, spans)
        if end is None:
            return None
        spans.setdefault(sub, (m.end(), end))
        j = _SKIP.match(src, end).end()
        if src[j : j + 1] == ",":
            j += 1
        elif src[j : j + 1] != "}":
            return None
