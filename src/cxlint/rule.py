"""The base class every rule (built-in or plugin) derives from.

A rule is a class with metadata as class attributes and a ``check()`` method
that yields diagnostics and has no side effects. Rules never read or write
files themselves: they get a parsed document and a read-only context.
"""

from __future__ import annotations

import inspect
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Iterator

from cxlint.diagnostics import Applicability, Diagnostic, Edit, Fix, Related, Severity
from cxlint.document import Document

_line_col = Document.line_col
_line_starts = Document.line_starts
#: a document's first diagnostics are located by counting newlines; after these, by its table of line starts
_COUNTED_ASKS = 32


def _counted_position(doc, text: str, start: int, end: int) -> tuple[int, int, int, int]:
    """Line and column of ``text[start:end]``'s start and end, by counting newlines (a text
    that breaks lines with LF only: a CR counts in the table of line starts). Counted on
    from the line of the document's last diagnostic when this one is further on."""
    line_start = text.rfind("\n", 0, start) + 1
    mark_at, mark_line = doc._line_mark
    if line_start >= mark_at:
        line = mark_line + text.count("\n", mark_at, line_start)
    else:
        line = text.count("\n", 0, line_start) + 1
    doc._line_mark = (line_start, line)
    col = start - line_start + 1
    if end <= start:
        return line, col, line, col
    if text.find("\n", start, end) < 0:  # (nearly every span: on one line)
        return line, col, line, end - line_start + 1
    end_start = text.rfind("\n", 0, end) + 1
    return line, col, line + text.count("\n", start, end_start), end - end_start + 1


if TYPE_CHECKING:  # pragma: no cover
    from cxlint.document import Document
    from cxlint.packs import RulePack
    from cxlint.site import SiteIndex


@dataclass
class CheckContext:
    """What a rule may look at besides the document: the site, the rule pack, the run's settings."""

    site: "SiteIndex"
    pack: "RulePack"
    build_date: Any = None  # datetime.date
    extra: dict = field(default_factory=dict)


class Rule:
    """Subclass, set the metadata, implement :meth:`check`.

    Metadata (class attributes):
      code      -- stable code, e.g. ``FM002`` (public interface, never reused)
      name      -- kebab-case name, e.g. ``required-field``
      summary   -- one line for ``cxlint rules``
      tags      -- free-form groups, e.g. ``("front-matter",)``
      targets   -- which documents the rule sees: ``page`` (Markdown), ``html`` (HTML content
                   pages: front matter and shortcodes as in Markdown, the body HTML),
                   ``data`` (data-folder files), ``json``
      default_enabled -- off-by-default rules need ``select``/``extend-select``
      severity  -- default severity of its diagnostics
      fix_applicability -- ``None`` if the rule never fixes, else the safety of its fixes
      mixed_fixes -- True when some of its fixes have the other safety (each fix says which)
      options   -- option name -> default value (configurable per rule)
      scope     -- ``"file"`` if the rule's results depend only on the document and the
                   run's settings (config, pack, build date), ``"site"`` (the default,
                   always safe) if they may depend on other pages through ``ctx.site``.
                   The cache keeps a file-scope rule's results while the file is
                   unchanged, and re-runs site-scope rules whenever the site index changes.
    The class docstring is the documentation ``cxlint explain`` prints.
    """

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    tags: ClassVar[tuple[str, ...]] = ()
    targets: ClassVar[tuple[str, ...]] = ("page",)
    default_enabled: ClassVar[bool] = True
    severity: ClassVar[Severity] = Severity.ERROR
    fix_applicability: ClassVar[Applicability | None] = None
    mixed_fixes: ClassVar[bool] = False
    options: ClassVar[dict[str, Any]] = {}
    scope: ClassVar[str] = "site"

    def __init__(self, options: dict[str, Any] | None = None):
        merged = dict(type(self).options)
        merged.update(options or {})
        self.config = merged

    @classmethod
    def docs(cls) -> str:
        import textwrap  # ~4 ms of regex compiling at import, and only `explain` and `rules` want it

        return textwrap.dedent(inspect.getdoc(cls) or cls.summary).strip()

    def prepare(self, ctx: CheckContext) -> None:
        """Build site-wide lookup tables once per process, before any ``check()``.

        Called by the engine in each worker right after that worker's site
        index exists; anything cached on ``ctx.site`` here is then shared by
        every page the worker checks. Default: nothing.
        """

    def check(self, doc: "Document", ctx: CheckContext) -> Iterator[Diagnostic]:
        raise NotImplementedError

    def facts_setup(self, site) -> None:
        """Called once per run, before any ``page_facts()``, with the run's
        :class:`~cxlint.site.Site` (root, content folder, Hugo config): facts that
        depend on the site config read it here. (Cached page facts are keyed by
        the config too.) Default: nothing.
        """

    def page_facts(self, page) -> Any:
        """Facts this rule needs about *every* page of the site (not only checked ones).

        Called once per page where the page is parsed (in a worker process, or
        read back from the cache); the value must be picklable and is found
        later as ``ctx.site.extra_of(content_path, self.code)`` (also in
        ``ctx.site.pages[content_path].extra``; on a large site ``extra_of`` does
        not unpickle the page's other facts for it). Return None
        to store nothing. Example: the URL paths a page answers at, for REF005.
        What a check needs of only a few pages (REF003: the headings of the pages
        a ``#fragment`` names) is better read when asked for; a site-scope check
        that reads another page's text says so with ``ctx.site.read_body(path)``,
        so that its cached result holds only while that page is unchanged.
        """
        return None

    # -- helpers for subclasses -------------------------------------------------
    def diagnostic(
        self,
        doc: "Document",
        start: int,
        end: int,
        message: str,
        *,
        fix: Fix | None = None,
        related: tuple[Related, ...] = (),
        severity: Severity | None = None,
    ) -> Diagnostic:
        """Build a diagnostic for ``doc.text[start:end]``."""
        cls = type(doc)
        if cls.line_col is _line_col and cls.line_starts is _line_starts:
            # Document.line_col twice, inlined: one bisect for the start, and none for an
            # end on the same line (nearly every span); a run builds ~10,000 of these
            starts = doc._line_starts
            asks = doc._line_asks
            if starts is None and asks < _COUNTED_ASKS and (asks or "\r" not in doc.text):
                # most documents get one or two diagnostics: counting newlines up to them is
                # cheaper than the table of every line's start (a string per line)
                doc._line_asks = asks + 1
                line, col, end_line, end_col = _counted_position(doc, doc.text, start, end)
            else:
                if starts is None:  # (not computed yet: the property does)
                    starts = doc.line_starts
                i = bisect_right(starts, start) - 1
                line, col = i + 1, start - starts[i] + 1
                if end <= start:
                    end_line, end_col = line, col
                elif i + 1 == len(starts) or end < starts[i + 1]:
                    end_line, end_col = line, end - starts[i] + 1
                else:
                    j = bisect_right(starts, end, i + 1) - 1
                    end_line, end_col = j + 1, end - starts[j] + 1
        else:
            line, col = doc.line_col(start)
            end_line, end_col = doc.line_col(max(end, start))
        return Diagnostic(  # (positional: the fields in order)
            doc.display_path, line, col, end_line, end_col, self.code, message, self.name,
            severity or self.severity, fix, related, doc.text[start : min(end, start + 200)],
        )

    def make_fix(self, title: str, *edits: Edit, applicability: Applicability | None = None) -> Fix:
        return Fix(title, tuple(edits), applicability or self.fix_applicability or Applicability.SAFE)

    @staticmethod
    def related_at(doc: "Document", offset: int, message: str) -> Related:
        line, col = doc.line_col(offset)
        return Related(line, col, message)
