from __future__ import annotations

from cxlint.frontmatter import FrontMatterError
from cxlint.rule import Rule


class FrontMatterSyntax(Rule):
    """Report front matter Hugo cannot read.

    Why: Hugo stops the build (or skips the page) on bad YAML/TOML/JSON front
    matter, an opening ``---`` with no closing one, or front matter that is not
    a mapping.

    Bad::

        ---
        title: A: B
        ---

    Good::

        ---
        title: "A: B"
        ---

    Blank lines before the opening ``---`` are accepted, as Hugo does.

    Fix: none.
    """

    code = "FM001"
    targets = ("page", "html")  # HTML content pages too: the same front matter, refs Hugo evaluates
    scope = "file"  # depends on this file only
    name = "front-matter-syntax"
    summary = "front matter Hugo cannot read (bad YAML/TOML/JSON, unclosed, not a mapping)"
    tags = ("front-matter",)

    def check(self, doc, ctx):
        err = getattr(doc, "error", None)
        if isinstance(err, FrontMatterError):
            yield self.diagnostic(doc, err.offset, err.offset, err.message)
