"""Value objects every rule and reporter shares: edits, fixes, diagnostics.

A diagnostic is a small frozen value with a 1-based line/column span, so tests
can compare whole sorted lists. A fix is plain data (text edits plus how safe
they are); one engine (:mod:`cxlint.fixes`) applies them.
"""

from __future__ import annotations

import enum
from cxlint.values import Ordered, Value, _set


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


class Edit(Ordered):
    """Replace ``text[start:end]`` (character offsets into the whole file) with ``replacement``."""

    __slots__ = ("start", "end", "replacement")
    start: int
    end: int
    replacement: str

    def __init__(self, start: int, end: int, replacement: str = ""):
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "replacement", replacement)

    def _key(self) -> tuple:
        return (self.start, self.end, self.replacement)

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "replacement": self.replacement}

    def __reduce__(self):
        return _edit, (self.start, self.end, self.replacement)


class Fix(Value):
    __slots__ = ("title", "edits", "applicability")
    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability

    def __init__(self, title: str, edits: tuple[Edit, ...], applicability: Applicability = Applicability.SAFE):
        _set(self, "title", title)
        _set(self, "edits", edits)
        _set(self, "applicability", applicability)

    def _key(self) -> tuple:
        return (self.title, self.edits, self.applicability)

    def replaced(self, applicability: Applicability) -> "Fix":
        """The same edits with another applicability."""
        return Fix(self.title, self.edits, applicability)

    def to_dict(self) -> dict:
        return {
            "applicability": str(self.applicability),
            "title": self.title,
            "edits": [e.to_dict() for e in self.edits],
        }

    def __reduce__(self):
        return _fix, (self.title, self.edits, self.applicability.value)


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


class Diagnostic(Ordered):
    """One finding. Equal, ordered and hashed by its location, code and message; the name,
    severity, fix, related locations and snippet are presentation and do not count."""

    __slots__ = (
        "path", "line", "column", "end_line", "end_column", "code", "message",
        "name", "severity", "fix", "related", "snippet",
    )
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

    def __init__(
        self, path: str, line: int, column: int, end_line: int, end_column: int, code: str, message: str,
        name: str = "", severity: Severity = Severity.ERROR, fix: Fix | None = None,
        related: tuple[Related, ...] = (), snippet: str = "",
    ):
        # Frozen: set once, here. Slots, not a __dict__: a large run holds ~100,000
        # diagnostics, and a slotted one takes a third of the memory.
        _set(self, "path", path)
        _set(self, "line", line)
        _set(self, "column", column)
        _set(self, "end_line", end_line)
        _set(self, "end_column", end_column)
        _set(self, "code", code)
        _set(self, "message", message)
        _set(self, "name", name)
        _set(self, "severity", severity)
        _set(self, "fix", fix)
        _set(self, "related", related)
        _set(self, "snippet", snippet)

    def _key(self) -> tuple:
        return (self.path, self.line, self.column, self.end_line, self.end_column, self.code, self.message)

    #: the fields ``<`` compares, in order: ``sort(key=Diagnostic.sort_key)`` orders like ``sort()``
    #: with one tuple per diagnostic instead of two per comparison
    sort_key = _key

    def with_fix(self, fix: Fix | None) -> "Diagnostic":
        """The same diagnostic with another fix."""
        return Diagnostic(
            self.path, self.line, self.column, self.end_line, self.end_column, self.code, self.message,
            self.name, self.severity, fix, self.related, self.snippet,
        )

    def __reduce__(self):
        # Pickled as one call with plain values (the enum by its value): a cached or
        # worker-sent diagnostic is rebuilt ~2x faster than by pickle's default
        # (object + state, and Enum.__call__ for the severity).
        return _diagnostic, (
            self.path, self.line, self.column, self.end_line, self.end_column, self.code, self.message,
            self.name, self.severity.value, self.fix, self.related, self.snippet,
        )

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


# --------------------------------------------------------------------------- unpickling
_SEVERITIES = {s.value: s for s in Severity}
_APPLICABILITIES = {a.value: a for a in Applicability}
_new = object.__new__


def _diagnostic(path, line, column, end_line, end_column, code, message, name, severity, fix, related, snippet):
    return Diagnostic(path, line, column, end_line, end_column, code, message, name, _SEVERITIES[severity], fix, related, snippet)


def _fix(title, edits, applicability):
    f = _new(Fix)
    _set(f, "title", title)
    _set(f, "edits", edits)
    _set(f, "applicability", _APPLICABILITIES[applicability])
    return f


def _edit(start, end, replacement):
    e = _new(Edit)
    _set(e, "start", start)
    _set(e, "end", end)
    _set(e, "replacement", replacement)
    return e
