from __future__ import annotations

from cxlint import __version__
from cxlint.diagnostics import Severity
from cxlint.reporters.base import Reporter, Rows, write_json

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


class SarifReporter(Reporter):
    """SARIF 2.1.0 for code scanning (GitHub, GitLab, VS Code SARIF viewer)."""

    def report(self, result) -> None:
        rules = sorted({type(r) for r in result.rules}, key=lambda r: r.code)
        index = {r.code: i for i, r in enumerate(rules)}
        results = Rows(_result(d, index) for d in result.diagnostics)  # made as they are written
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
                            "rules": [
                                {
                                    "id": r.code,
                                    "name": r.name,
                                    "shortDescription": {"text": r.summary or r.name},
                                    "fullDescription": {"text": r.docs()},
                                    "defaultConfiguration": {"level": _LEVEL.get(r.severity, "warning")},
                                    "properties": {"tags": list(r.tags)},
                                }
                                for r in rules
                            ],
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "results": results,
                }
            ],
        }
        write_json(self.stream, doc, expand=("runs",))


def _result(d, index: dict[str, int]) -> dict:
    item = {
        "ruleId": d.code,
        "level": _LEVEL.get(d.severity, "warning"),
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": d.path, "uriBaseId": "%SRCROOT%"},
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
                    "artifactLocation": {"uri": d.path, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": r.line, "startColumn": r.column},
                },
            }
            for i, r in enumerate(d.related)
        ]
    if d.fix is not None:
        item["properties"] = {"fixApplicability": str(d.fix.applicability)}
    return item
