from __future__ import annotations

import re
from urllib.parse import quote

from cxlint import __version__
from cxlint.diagnostics import INTERNAL_ERROR, Severity
from cxlint.reporters.base import Reporter, Rows, write_json

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: a path that is already a URI path as it is (RFC 3986 unreserved characters and "/")
_PLAIN = re.compile(r"[A-Za-z0-9/._~-]*\Z")
_DRIVE = re.compile(r"[A-Za-z]:/")


class SarifReporter(Reporter):
    """SARIF 2.1.0 for code scanning (GitHub, GitLab, VS Code SARIF viewer)."""

    def report(self, result) -> None:
        rules = sorted({type(r) for r in result.rules}, key=lambda r: r.code)
        index = {r.code: i for i, r in enumerate(rules)}
        described = [_describe(r) for r in rules]
        summary = result.summary() if hasattr(result, "summary") else ()
        if len(summary) > 5 and summary[5]:  # (internal errors) a crashed rule's problems need a rule too
            index[INTERNAL_ERROR] = len(described)
            described.append(_INTERNAL_RULE)
        artifacts: dict[str, dict] = {}

        def artifact(path: str) -> dict:
            # one per file, encoded once (problems come sorted by path)
            location = artifacts.get(path)
            if location is None:
                location = artifacts[path] = artifact_location(path)
            return location

        results = Rows(_result(d, index, artifact) for d in result.diagnostics)  # made as they are written
        doc = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "cxlint",
                            "version": __version__,
                            "informationUri": "https://github.com/cxlint/cxlint",
                            "rules": described,
                        }
                    },
                    # what %SRCROOT% stands for: consumers without a checkout of their own
                    # (a SARIF viewer, a merge of several logs) resolve the relative URIs by it
                    "originalUriBaseIds": {"%SRCROOT%": {"uri": src_root_uri(getattr(result, "cwd", None))}},
                    "columnKind": "unicodeCodePoints",
                    "results": results,
                }
            ],
        }
        write_json(self.stream, doc, expand=("runs",))


def _describe(r) -> dict:
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.summary or r.name},
        "fullDescription": {"text": r.docs()},
        "defaultConfiguration": {"level": _LEVEL.get(r.severity, "warning")},
        "properties": {"tags": list(r.tags)},
    }


_INTERNAL_RULE = {
    "id": INTERNAL_ERROR,
    "name": "internal-error",
    "shortDescription": {"text": "a rule crashed while checking this file"},
    "fullDescription": {"text": "A rule raised an error on this file, so it was not checked by that rule; the run exits 2. Please report it with the file."},
    "defaultConfiguration": {"level": "error"},
    "properties": {"tags": ["internal"]},
}


def src_root_uri(cwd) -> str:
    """The ``file:`` URI of the folder the report's relative paths start from, ending in ``/``
    as SARIF requires of a base URI (percent-encoded; an undecodable byte as that byte)."""
    import os
    from pathlib import Path

    folder = Path(os.path.abspath(cwd if cwd is not None else os.getcwd()))
    try:
        uri = folder.as_uri()
    except ValueError:  # (a relative path: abspath made it absolute; kept for odd platforms)
        uri = "file://" + quote(folder.as_posix(), errors="surrogateescape")
    return uri if uri.endswith("/") else uri + "/"


def artifact_location(path: str) -> dict:
    """A SARIF ``artifactLocation`` for a display path.

    ``uri`` is a URI, not a file name: ``#``, ``%``, ``?``, spaces and non-ASCII characters are
    percent-encoded (UTF-8; an undecodable byte of a file name, kept as a lone surrogate, as that
    byte). A relative path is a relative reference to the working folder, ``%SRCROOT%`` (GitHub
    code scanning reads it against the repository root). A path outside it is absolute: a
    ``file://`` URI, and no ``uriBaseId`` (SARIF gives one to relative references only).
    """
    if path.startswith("/"):
        return {"uri": "file://" + quote(path, errors="surrogateescape")}
    if _DRIVE.match(path):  # Windows: file:///C:/...
        return {"uri": "file:///" + path[:2] + quote(path[2:], errors="surrogateescape")}
    if _PLAIN.match(path):
        return {"uri": path, "uriBaseId": "%SRCROOT%"}
    # (a colon is encoded too: "a:b.md" would otherwise read as a URI of scheme "a")
    return {"uri": quote(path, errors="surrogateescape"), "uriBaseId": "%SRCROOT%"}


def _result(d, index: dict[str, int], artifact) -> dict:
    item = {
        "ruleId": d.code,
        "level": _LEVEL.get(d.severity, "warning"),
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact(d.path),
                    "region": {
                        "startLine": d.line,
                        "startColumn": d.column,
                        "endLine": d.end_line,
                        "endColumn": max(d.end_column, d.column if d.end_line == d.line else 1),
                    },
                }
            }
        ],
    }
    if d.code in index:
        item["ruleIndex"] = index[d.code]
    if d.related:
        item["relatedLocations"] = [
            {
                "id": i,
                "message": {"text": r.message},
                "physicalLocation": {
                    "artifactLocation": artifact(d.path),
                    "region": {"startLine": r.line, "startColumn": r.column},
                },
            }
            for i, r in enumerate(d.related)
        ]
    if d.fix is not None:
        item["properties"] = {"fixApplicability": str(d.fix.applicability)}
    return item
