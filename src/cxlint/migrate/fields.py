"""Front-matter field mapping: legacy exporter fields -> the site's Hugo schema.

Every value the mapper cannot place is reported (never guessed): an author
with no author page, a category/tag that names no topic, a date without an
offset. Mapping tables come from :class:`MigrateSettings`.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from cxlint.migrate.entities import decode_entities
from cxlint.migrate.settings import MigrateSettings
from cxlint.site import SiteIndex, fold_term

_DATE = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)
_SUMMARY_MARKUP = re.compile(r"\{%.*?(?:%\}|$)|\[youtube[= ][^\]]*(?:\]|$)|\[/?caption[^\]]*\]", re.S)
_MERIDIEM = re.compile(r"\b[AaPp]\.?[Mm]\b\.?")
_PERMALINK_DATE = re.compile(r"^/?(\d{4})/(\d{2})/(\d{2})/")
_FILE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+?)(?:\.[A-Za-z]+)?$")
#: a slug we are willing to use as a file name: no separators, no dot-only names
_SAFE_SLUG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._~%-]{0,200}$")


@dataclass
class Note:
    """Something left for a human, located in the legacy file."""

    line: int
    where: str  # field name or "body"
    message: str
    attention: bool = True  # False: informational only

    def as_dict(self) -> dict:
        return {"line": self.line, "where": self.where, "message": self.message, "attention": self.attention}


@dataclass
class MappedFields:
    data: dict[str, object]
    year: str
    month: str
    day: str
    slug: str
    notes: list[Note] = field(default_factory=list)


def parse_date(value: str) -> _dt.datetime | None:
    m = _DATE.match(value.strip())
    if not m:
        return None
    g = m.groupdict()
    tz = None
    if g["tz"]:
        if g["tz"] == "Z":
            tz = _dt.timezone.utc
        else:
            raw = g["tz"].replace(":", "")
            sign = -1 if raw[0] == "-" else 1
            tz = _dt.timezone(sign * _dt.timedelta(hours=int(raw[1:3]), minutes=int(raw[3:5])))
    try:
        return _dt.datetime(int(g["y"]), int(g["m"]), int(g["d"]), int(g["H"] or 0), int(g["M"] or 0),
                            int(g["S"] or 0), tzinfo=tz)
    except ValueError:
        return None


_EX_SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}", re.S)
_EX_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_EX_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\([^)]*\)")
_EX_TAG = re.compile(r"<[^>]*>")
_EX_URL = re.compile(r"`?(?:https?:)?//[^\s`]+`?")
_EX_BLOCK = re.compile(r"^[ \t]*(?:(?:#{1,6}|[*+-]|\d+[.)]|>)(?:[ \t]+|$))+", re.M)
_EX_EMPHASIS = re.compile(r"\*+|`+|(?<!\w)_+|_+(?!\w)")


def excerpt(markdown: str, words: int) -> str:
    """The first ``words`` words of a Markdown body's text, as WordPress makes an excerpt:
    shortcodes, images, tags and Markdown markup removed, link text kept."""
    # Markdown escapes are literal characters: keep them out of the markup removal
    text = re.sub(r"\\([\\`*_{}\[\]()#+.!>-])", lambda m: f"\x00{ord(m.group(1))}\x00", markdown)
    text = _EX_SHORTCODE.sub(" ", text)
    text = _EX_IMAGE.sub(" ", text)
    text = _EX_LINK.sub(r"\1", text)
    text = _EX_TAG.sub(" ", text)
    text = _EX_URL.sub(" ", text)  # a bare URL is no summary text (and must not become a link there)
    text = _EX_BLOCK.sub("", text)
    text = _EX_EMPHASIS.sub("", text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: chr(int(m.group(1))), text)
    return " ".join(text.split()[:words])


_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")


def _typed(value: object) -> object:
    """An unquoted legacy value that is clearly a boolean or a whole number, as one.

    Only YAML 1.2's ``true``/``false`` (three spellings each) and integers without leading zeros:
    ``yes``/``on`` are booleans to YAML 1.1 only and ``007`` an octal there, so those
    stay text (quoted), which every reader agrees on.
    """
    if isinstance(value, str):
        if value in _BOOL:
            return _BOOL[value]
        if _INT.match(value) and len(value) < 19:
            return int(value)
    return value


def slug_candidates(name: str) -> list[str]:
    """Ways WordPress/the maintainers slugified a term name, most literal first."""
    n = name.strip()
    low = n.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    out = [n, fold_term(n), re.sub(r"[^a-z0-9]+", "-", low).strip("-")]
    # 'U.S. Department' -> 'us-department' (dots inside abbreviations vanish)
    out.append(re.sub(r"[^a-z0-9]+", "-", re.sub(r"\b([a-z])\.(?=[a-z]\.)|(?<=\b[a-z]\.[a-z])\.", r"\1", low)).strip("-"))
    out.append(re.sub(r"[^a-z0-9]+", "-", low.replace(".", "")).strip("-"))
    return list(dict.fromkeys(c for c in out if c))


class FieldMapper:
    def __init__(self, settings: MigrateSettings, index: SiteIndex):
        self.settings = settings
        self.index = index
        self._author_names = index.author_names

        # the same few hundred names recur across a batch: look each up once
        self.author_slug = functools.lru_cache(maxsize=None)(self._author_slug)  # type: ignore[method-assign]
        self.topic_slug = functools.lru_cache(maxsize=None)(self._topic_slug)  # type: ignore[method-assign]

    # ---------------------------------------------------------------- authors
    def _author_slug(self, name: str) -> str | None:
        for key in (name, fold_term(name)):
            if key in self.settings.author_renames:
                return self.settings.author_renames[key]  # '' = dropped on purpose
        term = self.index.author(name)
        if term is not None:
            return term.slug
        slug = self._author_names.get(fold_term(name))
        if slug:
            return slug
        for cand in slug_candidates(name):
            term = self.index.author(cand)
            if term is not None:
                return term.slug
        return None

    # ---------------------------------------------------------------- topics
    def _topic_slug(self, name: str) -> str | None:
        """Canonical topic for a category/tag name; '' = dropped on purpose by the table."""
        table = self.settings.topic_table
        for key in (name, fold_term(name)):
            if key in table:
                return table[key]
        for cand in slug_candidates(name):
            slug = self.index.canonical_topic(cand)
            if slug:
                return slug
        return None

    # ---------------------------------------------------------------- all fields
    def map(self, fields: dict[str, object], lines: dict[str, int], file_name: str,
            plain: frozenset[str] | set[str] = frozenset()) -> MappedFields:
        """``plain``: the keys whose legacy value was unquoted (``draft: true`` is a boolean there)."""
        notes: list[Note] = []
        line = lines.get
        data: dict[str, object] = {}

        # slug: the permalink's last segment; the file name only as a reported fallback
        permalink = fields.get("permalink")
        slug = ""
        slug_key = "permalink"  # where the slug came from, for the notes
        y = mo = d = ""
        if isinstance(permalink, str) and permalink.strip("/"):
            slug = PurePosixPath(permalink.strip().rstrip("/")).name
            pm = _PERMALINK_DATE.match(permalink.strip())
            if pm:
                y, mo, d = pm.groups()
        elif isinstance(fields.get("slug"), str):
            slug, slug_key = str(fields["slug"]), "slug"
        fm = _FILE_DATE.match(PurePosixPath(file_name).name)
        if not slug:
            if fm:
                slug = fm.group(4)
            notes.append(Note(line("permalink", 1), "permalink", f"no permalink; slug {slug!r} taken from the file name"))
        data["slug"] = slug

        layout = fields.get("layout")
        if layout is not None and str(layout).strip().lower() != "post":
            # Jekyll's 'post' is what every migrated page becomes; another layout was a page
            # of another kind, which Hugo would now render as a post of the section
            notes.append(Note(line("layout", 1), "layout", f"layout {layout!r} dropped: Hugo takes the layout "
                                                             f"from the section ({self.settings.section!r}); check "
                                                             "that the page belongs there"))

        # date: same instant, the site's layout
        raw_date = fields.get("date")
        when = parse_date(raw_date) if isinstance(raw_date, str) else None
        if when is None and raw_date is None and fm:
            # Jekyll dates a post without a date by its file name; the time of day is unknown
            data["date"] = f"{fm.group(1)}-{fm.group(2)}-{fm.group(3)}"
            notes.append(Note(1, "date", f"no date; the file name's date {data['date']} used (as Jekyll does), "
                                         "without a time of day"))
        elif when is None:
            what = "no date" if raw_date is None else f"date {raw_date!r} is not a date"
            notes.append(Note(line("date", 1), "date", f"{what}; left out"))
        else:
            fmt = self.settings.date_format
            if when.tzinfo is None:
                fmt = fmt.replace("%z", "").strip()
                notes.append(Note(line("date", 1), "date", "date has no UTC offset; written without one "
                                                           "(Hugo reads it as UTC): check the time zone"))
            data["date"] = when.strftime(fmt)
            if when.hour and when.hour <= 12 and not _MERIDIEM.search(raw_date):
                notes.append(Note(line("date", 1), "date", f"time {when:%H:%M} has no AM/PM: if the exporter wrote "
                                                           "a 12-hour clock it may be "
                                                           f"{(when.hour % 12) + 12:02d}:{when:%M}; kept as written", False))
        if not y:
            if when is not None:
                y, mo, d = f"{when.year:04d}", f"{when.month:02d}", f"{when.day:02d}"
            elif fm:
                y, mo, d = fm.group(1), fm.group(2), fm.group(3)

        for key in ("title", "summary"):
            value = fields.get(key)
            if isinstance(value, str):
                text = decode_entities(value, keep_markup=False, passes=3)
                if key == "summary":
                    # the exporter cut the summary from the body, shortcodes and all
                    cleaned = _SUMMARY_MARKUP.sub(" ", text)
                    if cleaned != text:
                        notes.append(Note(line(key, 1), key, "image/video markup removed from the summary", False))
                    text = cleaned
                for old, new in self.settings.host_placeholders.items():
                    text = text.replace(old, new)
                # one line of text: runs of spaces (often from &nbsp;) collapse to one
                data[key] = " ".join(text.split())
            elif value is None and key == "title":
                notes.append(Note(line(key, 1), key, "no title"))
            elif value is not None:
                notes.append(Note(line(key, 1), key, f"'{key}' is a list, expected text; left out"))

        # authors: "a, b" or a list; slug, rename table or display name
        raw_authors = fields.get("authors", fields.get("author"))
        names: list[str] = []
        if isinstance(raw_authors, str):
            names = [a.strip() for a in raw_authors.split(",")]
        elif isinstance(raw_authors, list):
            names = [a.strip() for item in raw_authors for a in str(item).split(",")]
        authors: list[str] = []
        akey = "authors" if "authors" in fields else "author"
        for name in names:
            if not name:
                continue
            slug_a = self.author_slug(decode_entities(name, keep_markup=False, passes=3))
            if slug_a is None:
                notes.append(Note(line(akey, 1), akey, f"author {name!r} matches no author page; left out"))
            elif slug_a == "":
                notes.append(Note(line(akey, 1), akey, f"author {name!r} dropped by the rename table", False))
            elif slug_a not in authors:
                authors.append(slug_a)
        if authors:
            data["authors"] = authors

        # topics: categories + tags -> canonical topic slugs, deduplicated
        topics: list[str] = []
        for key in ("categories", "tags", "topics"):
            value = fields.get(key)
            items = value if isinstance(value, list) else ([value] if isinstance(value, str) and value else [])
            for raw in items:
                name = decode_entities(str(raw), keep_markup=False, passes=3)
                slug_t = self.topic_slug(name)
                if slug_t is None:
                    notes.append(Note(line(key, 1), key, f"{key[:-1] if key != 'categories' else 'category'} {name!r} maps to no topic; left out"))
                elif slug_t and slug_t not in topics:
                    topics.append(slug_t)
        if topics:
            data["topics"] = topics

        # every other field: kept (renamed if the table says so), never dropped silently
        consumed = set(self.settings.consumed_fields)
        for key, value in fields.items():
            if key in consumed or key in ("slug",):
                continue
            new = self.settings.field_renames.get(key, key)
            if new in data:
                notes.append(Note(line(key, 1), key, f"'{key}' would overwrite '{new}'; left out"))
                continue
            data[new] = _typed(value) if key in plain else value
            if new == key:
                notes.append(Note(line(key, 1), key, f"field '{key}' kept as it is", False))
        if not _SAFE_SLUG.match(slug or "") or slug in (".", ".."):
            notes.append(Note(line(slug_key, 1), slug_key, f"slug {slug!r} is not a safe file name"))
        return MappedFields(data, y, mo, d, slug, notes)
