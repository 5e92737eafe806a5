"""A file as cxlint sees it: decoded text, offsets and 1-based line/column mapping.

Text is decoded without newline translation so that character offsets are
positions in the real file (CRLF stays two characters) and fixes can be
applied byte-exactly.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from dataclasses import dataclass, field
from pathlib import Path

_NEWLINE = re.compile(r"\r\n|\r|\n")


class DecodeError(Exception):
    """The file is not text cxlint can read; carries a 1-based location."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def decode_bytes(data: bytes) -> tuple[str, bool]:
    """Decode UTF-8 content; return (text, had_bom). Raises DecodeError with a location."""
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    if data.find(b"\x00", 0, 8192) != -1:  # (a slice would copy the first 8 KiB of every file)
        raise DecodeError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), bom
    except UnicodeDecodeError as exc:
        head = data[: exc.start]
        line = head.count(b"\n") + 1
        col = len(head) - (head.rfind(b"\n") + 1) + 1
        raise DecodeError(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at byte offset {exc.start})", line, col
        ) from None


@dataclass
class Document:
    """Any checked file: a content page, a data file or a JSON file."""

    path: Path  # absolute
    display_path: str  # POSIX, relative to the working directory where possible
    text: str
    bom: bool = False
    _line_starts: list[int] | None = field(default=None, repr=False, compare=False)
    #: diagnostics located by counting newlines, before :attr:`line_starts` is built
    #: (see :meth:`cxlint.rule.Rule.diagnostic`; a class attribute: no dataclass field)
    _line_asks = 0
    _line_mark = (0, 1)  # (offset of a line's start, its number): where the last one counted to

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            text = self.text
            if "\r" in text:
                starts = [0]
                starts.extend(m.end() for m in _NEWLINE.finditer(text))
            else:  # "\n" only: line k starts after the k lengths before it plus k newlines
                lengths = map(len, text.split("\n")[:-1])
                starts = [0, *map(operator.add, itertools.accumulate(lengths), itertools.count(1))]
            self._line_starts = starts
        return self._line_starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; column counts characters."""
        starts = self.line_starts
        i = bisect.bisect_right(starts, offset) - 1
        return i + 1, offset - starts[i] + 1

    def offset(self, line: int, column: int) -> int:
        """Inverse of :meth:`line_col`."""
        return self.line_starts[line - 1] + column - 1

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    @property
    def newline(self) -> str:
        m = _NEWLINE.search(self.text)
        return m.group() if m else "\n"
