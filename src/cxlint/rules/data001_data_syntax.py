from __future__ import annotations

from cxlint.rule import Rule


class DataSyntax(Rule):
    """Report a data file (``data/*.yml|toml|json``) or JSON file that does not parse.

    Why: Hugo fails the build on an unreadable data file; a broken generated
    JSON feed breaks its consumers.

    Bad: ``{"a": 1,}``. Good: ``{"a": 1}``.

    Fix: none.
    """

    code = "DATA001"
    scope = "file"  # depends on this file only
    name = "data-syntax"
    summary = "data or JSON file that does not parse"
    tags = ("data",)
    targets = ("data", "json")

    def check(self, doc, ctx):
        if doc.text == "" and doc.error is not None:
            return  # unreadable: IO001 reports it
        if doc.parsed is None and doc.error is not None:
            yield self.diagnostic(doc, doc.error.offset, doc.error.offset, doc.error.message)
