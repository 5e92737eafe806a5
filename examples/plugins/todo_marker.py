"""An example cxlint plugin rule: a local rule folder named in config.

Use it with ``plugin-paths = ["examples/plugins"]`` in ``.cxlint.toml`` (a
folder of modules), or ship it in a package and register it under the
``cxlint.rules`` entry-point group::

    [project.entry-points."cxlint.rules"]
    todo = "my_package.todo_marker:TodoMarker"
"""

from __future__ import annotations

import re

from cxlint.rule import Rule

_TODO = re.compile(r"\b(TODO|FIXME|XXX)\b[:\s]?")


class TodoMarker(Rule):
    """Report a TODO/FIXME/XXX marker left in a page body.

    Why: editors' notes must not be published.

    Bad: ``TODO: add the link``. Good: the finished sentence.

    Options: ``markers`` (list of words, default TODO, FIXME, XXX).

    Fix: none.
    """

    code = "EX001"
    name = "todo-marker"
    summary = "TODO/FIXME marker left in the body"
    tags = ("example",)
    options = {"markers": ["TODO", "FIXME", "XXX"]}

    def check(self, doc, ctx):
        markers = self.config["markers"]
        pattern = _TODO if markers == ["TODO", "FIXME", "XXX"] else re.compile(
            r"\b(" + "|".join(map(re.escape, markers)) + r")\b"
        )
        for m in pattern.finditer(doc.text, doc.body_start):
            yield self.diagnostic(doc, m.start(1), m.end(1), f"'{m.group(1)}' marker left in the page")
