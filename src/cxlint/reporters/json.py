from __future__ import annotations


from cxlint.reporters.base import Reporter, Rows, write_json


class JsonReporter(Reporter):
    """A JSON list of ``{path, line, column, end_line, end_column, code, name, severity, message, fix}``."""

    def report(self, result) -> None:
        write_json(self.stream, Rows(_item(d) for d in result.diagnostics))


def _item(d) -> dict:
    item = d.to_dict()
    item.pop("related", None)
    if d.related:
        item["related"] = [{"line": r.line, "column": r.column, "message": r.message} for r in d.related]
    return item
