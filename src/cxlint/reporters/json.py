from __future__ import annotations


from cxlint.reporters.base import Reporter, write_json


class JsonReporter(Reporter):
    """A JSON list of ``{path, line, column, end_line, end_column, code, name, severity, message, fix}``."""

    def report(self, result) -> None:
        items = []
        for d in result.diagnostics:
            item = d.to_dict()
            item.pop("related", None)
            if d.related:
                item["related"] = [{"line": r.line, "column": r.column, "message": r.message} for r in d.related]
            items.append(item)
        write_json(self.stream, items)
