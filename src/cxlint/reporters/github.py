from __future__ import annotations

from cxlint.diagnostics import Severity
from cxlint.reporters.base import Reporter


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    """GitHub Actions workflow commands: ``::error file=...,line=...,col=...,title=CODE::message``."""

    def report(self, result) -> None:
        for d in result.diagnostics:
            level = {Severity.ERROR: "error", Severity.WARNING: "warning"}.get(d.severity, "notice")
            props = ",".join(
                [
                    f"file={_escape_property(d.path)}",
                    f"line={d.line}",
                    f"col={d.column}",
                    f"endLine={d.end_line}",
                    f"endColumn={d.end_column}",
                    f"title={_escape_property(d.code + ' ' + d.name)}",
                ]
            )
            self.stream.write(f"::{level} {props}::{_escape_data(d.code + ' ' + d.message)}\n")
