from __future__ import annotations

import re
import unicodedata

from cxlint.diagnostics import Applicability, Edit, Severity
from cxlint.packs import DEFAULT_SLUG_PATTERN
from cxlint.refs.permalinks import urlize
from cxlint.rule import Rule
from cxlint.schema_check import front_keys, page_schema


class Slug(Rule):
    """Report a slug that is not lowercase-hyphenated, or that disagrees with its file name.

    Why: the slug is the page's URL. ``Open-Data``, ``open_data``, a space or
    a percent-escape (``sin%e2%80%8a``) make URLs that differ from the ones
    people type and link to, and a slug that no longer matches the file name
    (``2014-07-07-plain-language.md`` with ``slug: plain-language-expert``)
    means the URL changed without anyone renaming the file, or the other way
    round: links and the CMS disagree about where the page lives.

    The shape is the pack's ``slug.pattern`` (default: lowercase letters and
    digits in words joined by single hyphens). The file-name check runs only
    in sections with a ``file-slug`` pattern, e.g. ``\\d{4}-\\d{2}-\\d{2}-(?P<slug>.+)``
    for ``YYYY-MM-DD-<slug>.md``; for ``_index.md`` and ``index.md`` the
    folder name is the file name.

    Bad::

        # content/news/2014/07/2014-07-07-plain-language.md
        slug: Plain_Language

    Good::

        slug: plain-language

    Fix (unsafe, it changes the page's URL): write the slug lowercase-hyphenated.
    A disagreement with the file name has no fix: which of the two is right
    is for a person to decide.
    """

    code = "FM007"
    targets = ("page", "html")  # HTML content pages too: the same front matter, refs Hugo evaluates
    name = "slug"
    summary = "slug not lowercase-hyphenated, or disagreeing with the file name's slug"
    tags = ("front-matter", "urls")
    scope = "file"  # depends on this file and the rule pack only
    fix_applicability = Applicability.UNSAFE

    def check(self, doc, ctx):
        schema = page_schema(doc, ctx)
        if schema is None:
            return
        front = doc.front
        keys = front_keys(front).get("slug")
        if not keys:
            return
        key = keys[-1]
        value = front.data[key]
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            return  # FM003 reports the type
        slug = str(value)
        span = front.value_span(key) or front.span(key)
        if not slug.strip():
            yield self.diagnostic(doc, *front.span(key), "empty slug: Hugo falls back to the file name")
            return
        pattern = ctx.pack.slug.get("pattern", DEFAULT_SLUG_PATTERN)
        if re.fullmatch(pattern, slug) is None:
            better = slugify(slug, pattern)
            prefix = _url_folder(doc) + "/"
            if slug.startswith("/") and prefix != "/" and better.startswith(prefix):
                # a slug is the URL's last part, under the page's section: '/resources/x' on a
                # page in resources/ serves at /resources/resources/x/ -- 'x' was meant
                better = better[len(prefix):]
            fix = None
            if better and better != slug and re.fullmatch(pattern, better) and isinstance(value, str):
                fix = self.make_fix(f"write the slug as '{better}'", _replace_scalar(doc.text, span, better))
            yield self.diagnostic(doc, *span, f"slug '{slug}' is not lowercase-hyphenated (expected like '{better or 'my-page'}')", fix=fix)
        if schema.file_slug is not None:
            stem = _file_stem(doc.content_path)
            m = schema.file_slug.fullmatch(stem)
            # Hugo urlizes the file name's slug (gsa’s-new -> gsas-new): that spelling agrees
            if m and m.group("slug") != slug and urlize(m.group("slug")) != slug:
                yield self.diagnostic(
                    doc, *span,
                    f"slug '{slug}' disagrees with the file name's slug '{m.group('slug')}'",
                    severity=Severity.WARNING,
                )


def _replace_scalar(text: str, span: tuple[int, int], new: str) -> Edit:
    """Replace a scalar keeping its quoting (TOML and JSON strings are always quoted)."""
    start, end = span
    while start < end and text[start] in " \t":
        start += 1
    quote = text[start] if text[start:start + 1] in ("'", '"') else ""
    return Edit(start, end, f"{quote}{new}{quote}")


def _url_folder(doc) -> str:
    """The folder the page's URL lies in (lowercase): its content folder, for a bundle the
    bundle's parent."""
    folder = doc.content_path.rpartition("/")[0]
    if doc.kind in ("bundle", "section"):
        folder = folder.rpartition("/")[0]
    return folder.lower()


def _file_stem(content_path: str) -> str:
    folder, _, name = content_path.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    if stem in ("_index", "index") and folder:
        return folder.rpartition("/")[2]
    return stem


def slugify(text: str, pattern: str = DEFAULT_SLUG_PATTERN) -> str:
    """Lowercase words joined by single hyphens; accents dropped, escapes and punctuation removed.

    Nested slugs keep their segments where ``pattern`` allows ``/``; a file
    extension written into the slug (``x.md``) is dropped.
    """
    text = re.sub(r"\.(?:md|markdown|html?)$", "", text.strip(), flags=re.I)
    text = re.sub(r"%[0-9a-fA-F]{2}", "-", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    segments = [re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-") for part in text.split("/")]
    nested = "/".join(s for s in segments if s)
    if re.fullmatch(pattern, nested):
        return nested
    return "-".join(s for s in segments if s)
