from __future__ import annotations

from cxlint.diagnostics import Severity
from cxlint.reporters.base import Reporter
from cxlint.reporters.escape import visible


def _escape_data(text: str) -> str:
    # the runner decodes %0D and %0A back into the annotation; any other control character from
    # a page (ESC, a backspace) would reach the log and its viewer as it is
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning"}


class GithubReporter(Reporter):
    """GitHub Actions workflow commands: ``::error file=...,line=...,col=...,title=CODE::message``."""

    def report(self, result) -> None:
        out: list[str] = []
        # a path's and a rule's escaped texts, made once (problems come sorted by path)
        path, file_prop = None, ""
        titles: dict[tuple[str, str], str] = {}
        for d in result.diagnostics:
            if d.path != path:
                path, file_prop = d.path, _escape_property(d.path)
            title = titles.get((d.code, d.name))
            if title is None:
                title = titles[(d.code, d.name)] = _escape_property(d.code + " " + d.name)
            out.append(
                f"::{_LEVELS.get(d.severity, 'notice')} file={file_prop},line={d.line},col={d.column},"
                f"endLine={d.end_line},endColumn={d.end_column},title={title}::{_escape_data(d.code + ' ' + d.message)}\n"
            )
            if len(out) >= 4096:
                self.stream.write("".join(out))
                out.clear()
        self.stream.write("".join(out))
