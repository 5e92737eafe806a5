from __future__ import annotations

from cxlint.diagnostics import Applicability, Edit
from cxlint.rule import Rule
from cxlint.yamledit import json_member_span, yaml_entry_span


class DuplicateKey(Rule):
    """Report a key repeated in one mapping.

    Why: YAML and JSON parsers disagree on repeated keys: Hugo before 0.152
    silently keeps the last value, Hugo 0.152+ refuses the file, and JSON
    consumers differ. Either way one of the values is lost.

    Checked in front matter, YAML/TOML/JSON data files, and every JSON file in
    the tree (e.g. a generated ``index.json`` feed). Each repeat is reported and
    points back at the first occurrence.

    Bad::

        topics:
          - cx
        topics:
          - ux

    Good::

        topics:
          - cx
          - ux

    Fix (unsafe): in front matter, drop the earlier occurrences and keep the
    last, which is what Hugo < 0.152 used. Unsafe because the dropped value
    may be the one the author meant. The whole earlier entry goes (key, value,
    nested lines, its trailing comment); comment lines around it stay. No fix
    inside flow mappings (``{a: 1, a: 2}``) or list items (``- a: 1``).
    """

    code = "DUP001"
    scope = "file"  # depends on this file only
    name = "duplicate-key"
    summary = "a key repeated in one mapping (front matter, data files, JSON)"
    tags = ("front-matter", "data")
    targets = ("page", "html", "data", "json")
    fix_applicability = Applicability.UNSAFE

    def check(self, doc, ctx):
        parsed = doc.front if hasattr(doc, "front") else doc.parsed
        if parsed is None:
            return
        for dup in parsed.duplicates:
            where = ".".join(str(p) for p in dup.path + (dup.key,))
            first_line, _ = doc.line_col(dup.first[0])
            yield self.diagnostic(
                doc,
                dup.repeat[0],
                dup.repeat[1],
                f"duplicate key '{where}' (first defined on line {first_line})",
                related=(self.related_at(doc, dup.first[0], f"first '{dup.key}' here"),),
                fix=self._fix(doc, parsed, dup, where, first_line),
            )

    def _fix(self, doc, parsed, dup, where: str, first_line: int):
        if not hasattr(doc, "front"):
            return None  # data files: which value wins is the data consumer's business
        if parsed.format == "yaml":
            span = yaml_entry_span(doc.text, parsed, dup.first[0])
        elif parsed.format == "json":
            span = json_member_span(doc.text, parsed, dup.first[0], dup.first[1])
        else:
            span = None
        if span is None:
            return None
        return self.make_fix(
            f"Remove the earlier '{where}' (line {first_line}), keeping the last value",
            Edit(span[0], span[1], ""),
        )
