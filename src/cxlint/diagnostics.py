"""Value objects every rule and reporter shares: edits, fixes, diagnostics.

A diagnostic is a small frozen value with a 1-based line/column span, so tests
can compare whole sorted lists. A fix is plain data (text edits plus how safe
they are); one engine (:mod:`cxlint.fixes`) applies them.
"""

from __future__ import annotations

import enum
from operator import itemgetter
from cxlint.values import Ordered, Record, _set, _tuple_new


#: the code of the diagnostic a crashed rule leaves (the run goes on; it exits 2)
INTERNAL_ERROR = "CX999"


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value


class Applicability(str, enum.Enum):
    """How safe a fix is. Safe fixes keep the meaning; unsafe ones may not."""

    SAFE = "safe"
    UNSAFE = "unsafe"

    def __str__(self) -> str:
        return self.value


class Edit(Record):
    """Replace ``text[start:end]`` (character offsets into the whole file) with ``replacement``."""

    __slots__ = ()
    _fields = ("start", "end", "replacement")
    start: int
    end: int
    replacement: str

    def __new__(cls, start: int, end: int, replacement: str = ""):
        return _tuple_new(cls, (start, end, replacement))

    def to_dict(self) -> dict:
        return {"start": self[0], "end": self[1], "replacement": self[2]}

    def __reduce__(self):
        return _edit, tuple(self)


class Fix(Record):
    __slots__ = ()
    _fields = ("title", "edits", "applicability")
    _ordered = False
    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability

    def __new__(cls, title: str, edits: tuple[Edit, ...], applicability: Applicability = Applicability.SAFE):
        return _tuple_new(cls, (title, edits, applicability))

    def replaced(self, applicability: Applicability) -> "Fix":
        """The same edits with another applicability."""
        return Fix(self.title, self.edits, applicability)

    def to_dict(self) -> dict:
        return {
            "applicability": str(self[2]),
            "title": self[0],
            "edits": [e.to_dict() for e in self[1]],
        }

    def __reduce__(self):
        return _fix, (self[0], self[1], self[2].value)


class Related(Ordered):
    """A second location a diagnostic points back at (e.g. the first of two duplicate keys)."""

    __slots__ = ("line", "column", "message")
    line: int
    column: int
    message: str

    def __init__(self, line: int, column: int, message: str = ""):
        _set(self, "line", line)
        _set(self, "column", column)
        _set(self, "message", message)

    def _key(self) -> tuple:
        return (self.line, self.column, self.message)


class Diagnostic(Record):
    """One finding. Equal, ordered and hashed by its location, code and message; the name,
    severity, fix, related locations and snippet are presentation and do not count."""

    # A tuple of its fields (see Record): a run makes ~10,000 of these in its rules and
    # sends half of them from a worker to the parent, where each is rebuilt.
    __slots__ = ()
    _fields = (
        "path", "line", "column", "end_line", "end_column", "code", "message",
        "name", "severity", "fix", "related", "snippet",
    )
    _compared = 7
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    message: str
    name: str
    severity: Severity
    fix: Fix | None
    related: tuple[Related, ...]
    #: the offending text, used for baseline fingerprints that survive line shifts
    snippet: str

    def __new__(
        cls, path: str, line: int, column: int, end_line: int, end_column: int, code: str, message: str,
        name: str = "", severity: Severity = Severity.ERROR, fix: Fix | None = None,
        related: tuple[Related, ...] = (), snippet: str = "",
    ):
        return _tuple_new(cls, (path, line, column, end_line, end_column, code, message, name, severity, fix, related, snippet))

    def sort_key(self) -> tuple:
        """The fields ``<`` compares, in order: ``sort(key=Diagnostic.sort_key)`` orders like
        ``sort()`` with one tuple per diagnostic instead of two per comparison (:data:`SORT_KEY`
        does the same without a Python call per diagnostic)."""
        return self[:7]

    def with_fix(self, fix: Fix | None) -> "Diagnostic":
        """The same diagnostic with another fix."""
        return Diagnostic(
            self.path, self.line, self.column, self.end_line, self.end_column, self.code, self.message,
            self.name, self.severity, fix, self.related, self.snippet,
        )

    def __reduce__(self):
        # Pickled as one call with plain values (the enum by its value): a cached or
        # worker-sent diagnostic is rebuilt without Enum.__call__ for the severity.
        return _diagnostic, self[:8] + (self[8].value,) + self[9:]

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "severity": str(self.severity),
            "message": self.message,
            "fix": self.fix.to_dict() if self.fix else None,
            "related": [
                {"line": r.line, "column": r.column, "message": r.message} for r in self.related
            ],
        }


#: ``Diagnostic.sort_key`` as a C-level key function (a run sorts ~10,000, a large site's 175,000)
SORT_KEY = itemgetter(slice(0, 7))


# --------------------------------------------------------------------------- unpickling
_SEVERITIES = {s.value: s for s in Severity}
_APPLICABILITIES = {a.value: a for a in Applicability}


def _diagnostic(path, line, column, end_line, end_column, code, message, name, severity, fix, related, snippet):
    return _tuple_new(
        Diagnostic, (path, line, column, end_line, end_column, code, message, name, _SEVERITIES[severity], fix, related, snippet)
    )


def _fix(title, edits, applicability):
    return _tuple_new(Fix, (title, edits, _APPLICABILITIES[applicability]))


def _edit(start, end, replacement):
    return _tuple_new(Edit, (start, end, replacement))
