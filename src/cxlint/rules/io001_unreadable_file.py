from __future__ import annotations

from cxlint.diagnostics import Diagnostic
from cxlint.document import DecodeError
from cxlint.rule import Rule


class UnreadableFile(Rule):
    """Report a file that cannot be read as UTF-8 text.

    Why: Hugo reads content as UTF-8; a binary file named ``.md`` or a file in
    another encoding breaks the build or renders mojibake.

    Bad: a PNG saved as ``post.md``; a page saved as Latin-1 (``caf\\xe9``).

    Good: UTF-8 text (a leading BOM is accepted).

    Fix: none (re-save the file as UTF-8).
    """

    code = "IO001"
    scope = "file"  # depends on this file only
    name = "unreadable-file"
    summary = "file is not readable UTF-8 text (binary, invalid UTF-8, unreadable)"
    tags = ("io",)
    targets = ("page", "html", "data", "json")

    def check(self, doc, ctx):
        err = getattr(doc, "error", None)
        if isinstance(err, DecodeError):
            # the text could not be decoded, so the location comes from the bytes
            yield Diagnostic(
                doc.display_path, err.line, err.column, err.line, err.column,
                self.code, err.message, name=self.name, severity=self.severity,
            )
