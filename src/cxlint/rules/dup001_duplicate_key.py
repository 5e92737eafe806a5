from __future__ import annotations

from cxlint.diagnostics import Applicability
from cxlint.fmedit import remove_entry
from cxlint.rule import Rule


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

    Fix (unsafe): in YAML front matter, drop the earlier occurrences (whole
    ``key: value`` lines, block values included) and keep the last, which is
    what Hugo < 0.152 used. Unsafe because the dropped value may be the one
    the author meant. Each repeat's fix drops the occurrence just before it,
    so applying them all keeps only the last. No fix in data or JSON files.
    """

    code = "DUP001"
    name = "duplicate-key"
    summary = "a key repeated in one mapping (front matter, data files, JSON)"
    tags = ("front-matter", "data")
    targets = ("page", "data", "json")
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
                fix=self._fix(doc, parsed, dup),
                related=(self.related_at(doc, dup.first[0], f"first '{dup.key}' here"),),
            )

    def _fix(self, doc, parsed, dup):
        if getattr(parsed, "format", None) != "yaml" or not hasattr(doc, "front"):
            return None
        if dup.previous is None or dup.previous_end is None:
            return None
        edit = remove_entry(doc.text, dup.previous[0], dup.previous_end)
        if edit is None:
            return None
        line, _ = doc.line_col(dup.previous[0])
        return self.make_fix(f"drop the earlier '{dup.key}' (line {line}), keep this one", edit)
