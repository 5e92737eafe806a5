from __future__ import annotations

from cxlint.diagnostics import Severity
from cxlint.rule import Rule
from cxlint.suppressions import body_directives, directive_codes, has_directive_text


class InvalidSuppression(Rule):
    """Report a suppression comment that names no rule.

    What: a ``<!-- cxlint-disable... -->`` comment in a page's body, or a
    ``# cxlint: disable=...`` comment in its front matter, that names something
    other than a rule code: a typo (``ENT01``), a prefix or a rule name
    (suppressions take whole codes), or a misspelt directive whose rest is read
    as codes (``cxlint-disable-nextline`` is ``cxlint-disable`` of the codes
    ``-nextline`` ... for the rest of the file).

    Why: such a comment silences nothing, or far more than meant, and says
    nothing about it; the problem it was written for is reported anyway, or
    every later one is hidden.

    Bad::

        <!-- cxlint-disable-next-line ENT01 -->
        <!-- cxlint-disable-nextline ENT001 -->
        title: A &amp; B  # cxlint: disable=html-entity

    Good::

        <!-- cxlint-disable-next-line ENT001 -->
        title: A &amp; B  # cxlint: disable=ENT001

    Options: none. Fix: none (which code was meant is the author's to say).
    Comments shown as code (inline code, code blocks) are not directives and are
    not checked.
    """

    code = "CX100"
    scope = "file"  # the page and the run's rules (plugins are part of the config)
    name = "invalid-suppression"
    summary = "a suppression comment names something that is not a rule code"
    tags = ("suppression",)
    severity = Severity.WARNING

    def check(self, doc, ctx):
        front = doc.front
        in_front = front is not None and bool(front.line_suppressions or front.file_suppressions)
        if not (in_front or has_directive_text(doc)):  # (nearly every page)
            return
        from cxlint.frontmatter import _SUPPRESS

        text = doc.text
        known = ctx.extra.get("rule_codes") or ()
        names = ctx.extra.get("rule_names") or {}
        for m in body_directives(doc):
            at = m.start(2)
            for raw in directive_codes(m):
                at = text.index(raw, at)
                if raw.upper() not in known:
                    yield self.diagnostic(doc, at, at + len(raw), _message(raw, known, names, f"cxlint-{m.group(1)}"))
                at += len(raw)
        if not in_front:
            return
        for m in _SUPPRESS.finditer(text, front.content_start, front.content_end):
            at = m.start(2)
            for raw in m.group(2).replace(",", " ").split():
                at = text.index(raw, at)
                if raw.upper() not in known:
                    yield self.diagnostic(doc, at, at + len(raw), _message(raw, known, names, f"cxlint: {m.group(1)}="))
                at += len(raw)


def _message(raw: str, known, names: dict, directive: str) -> str:
    upper = raw.upper()
    if raw.lower() in names:
        return f"'{raw}' in '{directive}' is a rule name; suppressions take its code ({names[raw.lower()]})"
    if raw.startswith("-"):
        return f"'{raw}' in '{directive}' is no rule code: a misspelt directive? (disable-next-line, disable-line, disable, enable)"
    matches = sorted(c for c in known if c.startswith(upper))
    if matches:
        shown = ", ".join(matches[:4]) + (", ..." if len(matches) > 4 else "")
        return f"'{raw}' in '{directive}' is a prefix; suppressions take whole codes ({shown})"
    return f"'{raw}' in '{directive}' is no rule code; it suppresses nothing (see `cxlint rules`)"
