"""Backslash escapes for characters a report must not write as they are.

Messages quote the user's content (topic names, keys, values) and paths come
from the file system, so either may hold any character. Raw, ESC and the other
controls drive a terminal (colours, cursor moves, a title, a line that
rewrites the one before), a newline splits one problem into two lines, XML 1.0
has no way to write most C0 controls at all, and a lone surrogate (an
undecodable byte in a file name) cannot be encoded as UTF-8. The escapes are
Python's (``\\x1b``, ``\\n``, ``\\udcff``): readable, and one line.

Each pattern is searched first: ordinary text has none of these characters
and is returned as it is, without being rebuilt.
"""

from __future__ import annotations

import re

#: what a terminal or a line-based log acts on: C0 controls, DEL, C1 controls (0x9b is a CSI on
#: some terminals), lone surrogates (not encodable as UTF-8), the line and paragraph
#: separators (a new line to some viewers), and the bidirectional embeddings, overrides and
#: isolates, which reorder how the rest of a line is shown ("Trojan Source", CVE-2021-42574)
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]")

#: what XML 1.0 cannot carry, not even as a character reference
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: both: a located line in XML (JUnit), one line as in the text format
XML_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029\u202a-\u202e\u2066-\u2069]")

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    c = match.group()
    named = _NAMED.get(c)
    if named is not None:
        return named
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, pattern: re.Pattern = CONTROL) -> str:
    """``text`` with each character ``pattern`` matches written as its backslash escape."""
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)
