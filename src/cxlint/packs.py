r"""Rule packs: the site schema as data (YAML files under ``rules/``).

A pack says, per section, which front-matter fields exist, which are
required, their types and date formats, and which keys are legacy. Packs
ship inside the wheel (``cxlint/rule_packs``) and can also be given as a path.

Format (every key optional)::

    name: digitalgov
    extends: hugo                 # another pack by name or path
    date-formats: [hugo]          # 'hugo' = anything Hugo parses; or Go layouts ("2006-01-02 15:04:05 -0700")
    date-fields: [date, publishDate, expirydate, lastmod]
    topics-field: topics
    authors-field: authors
    known-fields: [title, date]   # known in every section
    legacy-fields:                # FM006; fix: none | drop | list | slug | redundant
      permalink: {message: "...", replacement: slug, fix: slug}
      layout: {value: post, message: "...", fix: drop}
      author: {message: "...", replacement: authors, fix: list}
      tags: {message: "...", replacement: topics, fix: redundant}
      categories: false           # drop an entry inherited from 'extends'
    slug: {pattern: '[a-z0-9]+(?:-[a-z0-9]+)*'}   # what a slug must look like (FM007)
    ref-shortcodes:               # shortcodes whose argument is a ref target
      ref: {position: 0, param: path}
      link: {position: 0, strip: "^/", when: '\.md(#|$)'}   # regexes: strip first, look up only when matching
    sections:
      - name: news
        match: ["news/**"]        # globs on the content path
        kinds: [page]             # page, bundle, section, home
        required: [title, date]
        file-slug: '\d{4}-\d{2}-\d{2}-(?P<slug>.+)'   # the slug in the file name must equal 'slug'
        fields:
          title: {type: string}
          topics: {type: list, items: string}
          date: {type: date, format: "2006-01-02 15:04:05 -0700"}
          subtitle: {type: string, allow-empty: true}   # required fields may be empty
    migrate: {...}                # mapping tables for ``cxlint migrate``
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

FIELD_TYPES = {"string", "list", "date", "bool", "integer", "number", "mapping", "any", "string-or-list"}
PAGE_KINDS = {"page", "bundle", "section", "home"}
_PACK_KEYS = {
    "name", "description", "extends", "date-formats", "date-fields", "topics-field",
    "authors-field", "known-fields", "legacy-fields", "ref-shortcodes", "sections",
    "migrate", "slug",
}
_SECTION_KEYS = {"name", "match", "kinds", "required", "fields", "description", "file-slug"}
_SLUG_KEYS = {"pattern", "description"}
#: what a slug looks like unless a pack says otherwise: lowercase words joined by single hyphens
DEFAULT_SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_LEGACY_KEYS = {"message", "replacement", "value", "fix"}
#: how FM006 fixes a legacy key: drop it, move its value(s) into the replacement list,
#: turn a permalink into a slug, drop it when the replacement already has its values
LEGACY_FIXES = {"none", "drop", "list", "slug", "redundant"}
_FIELD_KEYS = {"type", "required", "items", "format", "description", "allow-empty"}


class PackError(Exception):
    """A rule pack is malformed: names the file, the key and what is allowed."""


def packs_dir() -> Path:
    """Where the bundled packs live: inside the wheel, or ``rules/`` in a source checkout."""
    here = Path(__file__).resolve().parent
    bundled = here / "rule_packs"
    if bundled.is_dir():
        return bundled
    return here.parents[1] / "rules"


def available_packs() -> list[str]:
    return sorted(p.stem for p in packs_dir().glob("*.yml"))


@dataclass
class SectionSchema:
    name: str
    match: tuple[str, ...]
    kinds: frozenset[str]
    required: tuple[str, ...]
    fields: dict[str, dict]
    #: regex with a ``slug`` group that takes the slug out of a file name (``2014-07-07-(?P<slug>.+)``)
    file_slug: re.Pattern | None = None

    def applies(self, content_path: str, kind: str) -> bool:
        if kind not in self.kinds:
            return False
        rx = self.__dict__.get("_match_re")
        if rx is None:  # every glob of the section in one pattern, compiled once
            rx = self.__dict__["_match_re"] = _globs_re(self.match)
        return rx is True or rx.match(content_path) is not None


@dataclass
class EffectiveSchema:
    """The merged schema for one page."""

    fields: dict[str, dict]
    required: tuple[str, ...]
    sections: tuple[str, ...]
    file_slug: re.Pattern | None = None
    #: lower-cased field name -> spec (the first spelling wins), built once: Hugo's keys ignore case
    by_lower: dict[str, dict] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for name, spec in self.fields.items():
            self.by_lower.setdefault(name.lower(), spec)

    def known(self, key: str) -> bool:
        return key.lower() in self.by_lower

    def spec(self, key: str) -> dict | None:
        """The field spec for a key as written: the exact name, else any letter case."""
        got = self.fields.get(key)
        return got if got is not None else self.by_lower.get(key.lower())


@dataclass
class RulePack:
    name: str
    source: str
    date_formats: tuple[str, ...] = ("hugo",)
    date_fields: tuple[str, ...] = ("date", "publishDate", "expirydate", "lastmod")
    topics_field: str = "topics"
    authors_field: str = "authors"
    known_fields: tuple[str, ...] = ()
    legacy_fields: dict[str, dict] = field(default_factory=dict)
    ref_shortcodes: dict[str, dict] = field(default_factory=dict)
    sections: list[SectionSchema] = field(default_factory=list)
    migrate: dict[str, Any] = field(default_factory=dict)
    slug: dict[str, Any] = field(default_factory=dict)

    def schema_for(self, content_path: str, kind: str) -> EffectiveSchema:
        # Every page has its own path, but few distinct sets of sections apply:
        # the merged schema is built once per set.
        index = self._section_index()
        which = tuple(i for i in index.candidates(content_path.partition("/")[0]) if self.sections[i].applies(content_path, kind))
        got = index.merged.get(which)
        if got is None:
            got = index.merged[which] = _merge_sections(self, [self.sections[i] for i in which])
        return got

    def _section_index(self) -> "_SectionIndex":
        index = self.__dict__.get("_section_index_")
        if index is None or index.sections is not self.sections or index.size != len(self.sections):
            index = self.__dict__["_section_index_"] = _SectionIndex(self.sections)  # (re)built when packs are layered
        return index

    def __hash__(self) -> int:
        return id(self)


class _SectionIndex:
    """Which sections a path can match, by its first folder, and the schemas merged so far.

    A glob matches from the start of the path, so one whose first folder is
    literal (``news/**``) only applies under that folder: most pages test two
    or three sections instead of all of them.
    """

    def __init__(self, sections: list[SectionSchema]):
        self.sections, self.size = sections, len(sections)
        self.anywhere: list[int] = []
        self.by_head: dict[str, list[int]] = {}
        for i, section in enumerate(sections):
            heads = {p.partition("/")[0] for p in section.match}
            if not heads or any(ch in h for h in heads for ch in "*?[\\"):
                self.anywhere.append(i)
            else:
                for h in heads:
                    self.by_head.setdefault(h, []).append(i)
        self._candidates: dict[str, list[int]] = {}
        self.merged: dict[tuple[int, ...], EffectiveSchema] = {}

    def candidates(self, head: str) -> list[int]:
        got = self._candidates.get(head)
        if got is None:
            got = self._candidates[head] = sorted(self.anywhere + self.by_head.get(head, []))
        return got


def _merge_sections(pack: RulePack, sections: list[SectionSchema]) -> EffectiveSchema:
    fields: dict[str, dict] = {k: {"type": "any"} for k in pack.known_fields}
    for name in pack.date_fields:
        fields.setdefault(name, {"type": "date"})
    required: list[str] = []
    names: list[str] = []
    file_slug = None
    for section in sections:
        names.append(section.name)
        file_slug = section.file_slug or file_slug
        for k, spec in section.fields.items():
            merged = dict(fields.get(k, {}))
            merged.update(spec)
            fields[k] = merged
        for r in section.required:
            if r not in required:
                required.append(r)
    for k, spec in fields.items():
        if spec.get("required") and k not in required:
            required.append(k)
    return EffectiveSchema(fields, tuple(required), tuple(names), file_slug)


def _glob(path: str, pattern: str) -> bool:
    if pattern in _MATCH_ALL:
        return True
    return _glob_re(pattern).match(path) is not None


_MATCH_ALL = ("**", "*", "**/*")


def _globs_re(patterns) -> "re.Pattern | bool":
    """One pattern matching what any of ``patterns`` matches (True: everything)."""
    if any(p in _MATCH_ALL for p in patterns):
        return True
    return re.compile("|".join(f"(?:{_glob_re(p).pattern})" for p in patterns))


@lru_cache(maxsize=256)
def _glob_re(pattern: str) -> re.Pattern:
    """Translate a glob where ``**`` crosses folders and ``*`` does not."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def glob_match(path: str, pattern: str) -> bool:
    """Public glob helper shared by config (per-file-ignores) and packs."""
    return _glob(path, pattern) or fnmatch.fnmatchcase(path, pattern)


def load_pack(ref: str, base_dir: Path | None = None, _seen: tuple = ()) -> RulePack:
    """Load a pack by bundled name (``hugo``) or by path (relative to ``base_dir``)."""
    path = _locate(ref, base_dir)
    if str(path) in _seen:
        raise PackError(f"{path}: 'extends' forms a cycle")
    import yaml

    try:
        # libyaml: a pack is read on every run, and the pure-Python loader took ~70 ms for two
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError as exc:
        raise PackError(f"{path}: invalid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise PackError(f"{path}: a rule pack must be a mapping")
    unknown = set(raw) - _PACK_KEYS
    if unknown:
        raise PackError(
            f"{path}: unknown key {sorted(unknown)[0]!r}; allowed: {', '.join(sorted(_PACK_KEYS))}"
        )
    parent = None
    if raw.get("extends"):
        parent = load_pack(str(raw["extends"]), path.parent, _seen + (str(path),))
    pack = RulePack(name=str(raw.get("name") or path.stem), source=str(path))
    if parent:
        pack.date_formats = parent.date_formats
        pack.date_fields = parent.date_fields
        pack.topics_field = parent.topics_field
        pack.authors_field = parent.authors_field
        pack.known_fields = parent.known_fields
        pack.legacy_fields = dict(parent.legacy_fields)
        pack.ref_shortcodes = dict(parent.ref_shortcodes)
        pack.sections = list(parent.sections)
        pack.migrate = dict(parent.migrate)
        pack.slug = dict(parent.slug)
    if "date-formats" in raw:
        pack.date_formats = date_layouts(raw["date-formats"], f"{path}: date-formats")
    if "date-fields" in raw:
        pack.date_fields = tuple(_str_list(raw, "date-fields", path))
    if "known-fields" in raw:
        pack.known_fields = tuple(dict.fromkeys(pack.known_fields + tuple(_str_list(raw, "known-fields", path))))
    for key in ("topics-field", "authors-field"):
        if key in raw:
            setattr(pack, key.replace("-", "_"), str(raw[key]))
    for key, attr in (("legacy-fields", "legacy_fields"), ("ref-shortcodes", "ref_shortcodes"), ("migrate", "migrate"), ("slug", "slug")):
        if key in raw:
            value = raw[key]
            if not isinstance(value, dict):
                raise PackError(f"{path}: '{key}' must be a mapping")
            merged = dict(getattr(pack, attr))
            for k, v in value.items():
                v = v if v is not None else {}
                if key == "legacy-fields":
                    if v is False:  # 'author: false': this site uses the key; not legacy here
                        merged.pop(str(k), None)
                        continue
                    v = _legacy_field(v, path, str(k))
                merged[str(k)] = v
            setattr(pack, attr, merged)
    for i, sec in enumerate(raw.get("sections") or []):
        pack.sections.append(_section(sec, path, i))
    _check_slug(pack.slug, path)
    return pack


def _check_slug(slug: dict, path: Path) -> None:
    unknown = set(slug) - _SLUG_KEYS
    if unknown:
        raise PackError(f"{path}: slug: unknown key {sorted(unknown)[0]!r}; allowed: {', '.join(sorted(_SLUG_KEYS))}")
    if "pattern" in slug:
        _regex(slug["pattern"], f"{path}: slug.pattern")


def _regex(value: Any, where: str, group: str | None = None) -> re.Pattern:
    if not isinstance(value, str):
        raise PackError(f"{where} must be a regular expression (a string)")
    try:
        rx = re.compile(value)
    except re.error as exc:
        raise PackError(f"{where}: invalid regular expression: {exc}") from None
    if group and group not in rx.groupindex:
        raise PackError(f"{where}: the regular expression needs a named group (?P<{group}>...)")
    return rx


def date_layouts(spec: Any, where: str) -> tuple[str, ...]:
    """A field's ``format`` (or the pack's ``date-formats``): 'hugo' or Go layouts."""
    values = [spec] if isinstance(spec, str) else spec
    if not isinstance(values, (list, tuple)) or not values or not all(isinstance(v, str) and v for v in values):
        raise PackError(f"{where} must be 'hugo' or a Go layout such as '2006-01-02 15:04:05 -0700' (or a list of them)")
    return tuple(values)


def _locate(ref: str, base_dir: Path | None) -> Path:
    candidate = Path(ref)
    if candidate.suffix in (".yml", ".yaml"):
        if not candidate.is_absolute() and base_dir is not None:
            candidate = base_dir / candidate
        if candidate.is_file():
            return candidate
        raise PackError(f"rule pack file not found: {candidate}")
    bundled = packs_dir() / f"{ref}.yml"
    if bundled.is_file():
        return bundled
    raise PackError(f"unknown rule pack {ref!r}; bundled packs: {', '.join(available_packs())}")


def _str_list(raw: dict, key: str, path: Path) -> list[str]:
    value = raw[key]
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PackError(f"{path}: '{key}' must be a list of strings")
    return value


def _known_keys(mapping: dict, allowed: set[str], where: str) -> None:
    unknown = set(mapping) - allowed
    if unknown:
        raise PackError(f"{where}: unknown key {sorted(unknown)[0]!r}; allowed: {', '.join(sorted(allowed))}")


def _legacy_field(spec: Any, path: Path, name: str) -> dict:
    where = f"{path}: legacy-fields.{name}"
    if not isinstance(spec, dict):
        raise PackError(f"{where} must be a mapping (message, replacement, value, fix)")
    _known_keys(spec, _LEGACY_KEYS, where)
    fix = spec.get("fix", "none")
    if fix not in LEGACY_FIXES:
        raise PackError(f"{where}.fix: {fix!r} is not a fix; allowed: {', '.join(sorted(LEGACY_FIXES))}")
    if fix in ("list", "slug", "redundant") and not isinstance(spec.get("replacement"), str):
        raise PackError(f"{where}: fix {fix!r} needs 'replacement' (the field the value moves to)")
    value = spec.get("value")
    if value is not None and not isinstance(value, (str, list)):
        raise PackError(f"{where}.value must be a string or a list of strings")
    return dict(spec)


def _section(sec: Any, path: Path, i: int) -> SectionSchema:
    where = f"{path}: sections[{i}]"
    if not isinstance(sec, dict):
        raise PackError(f"{where} must be a mapping")
    _known_keys(sec, _SECTION_KEYS, where)
    match = sec.get("match", ["**"])
    match = [match] if isinstance(match, str) else list(match)
    kinds = sec.get("kinds", sorted(PAGE_KINDS))
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    bad = set(kinds) - PAGE_KINDS
    if bad:
        raise PackError(f"{where}.kinds: {sorted(bad)[0]!r} is not a page kind; allowed: {', '.join(sorted(PAGE_KINDS))}")
    fields: dict[str, dict] = {}
    for name, spec in (sec.get("fields") or {}).items():
        if isinstance(spec, str):
            spec = {"type": spec}
        spec = dict(spec or {})
        unknown = set(spec) - _FIELD_KEYS
        if unknown:
            raise PackError(f"{where}.fields.{name}: unknown key {sorted(unknown)[0]!r}; allowed: {', '.join(sorted(_FIELD_KEYS))}")
        ftype = spec.setdefault("type", "any")
        if ftype not in FIELD_TYPES:
            raise PackError(f"{where}.fields.{name}.type: {ftype!r} is not a type; allowed: {', '.join(sorted(FIELD_TYPES))}")
        if "items" in spec and spec["items"] not in FIELD_TYPES:
            raise PackError(f"{where}.fields.{name}.items: {spec['items']!r} is not a type; allowed: {', '.join(sorted(FIELD_TYPES))}")
        if "format" in spec:
            spec["format"] = date_layouts(spec["format"], f"{where}.fields.{name}.format")
        fields[str(name)] = spec
    required = sec.get("required") or []
    file_slug = _regex(sec["file-slug"], f"{where}.file-slug", "slug") if "file-slug" in sec else None
    return SectionSchema(
        str(sec.get("name") or f"section{i}"), tuple(match), frozenset(kinds), tuple(required), fields, file_slug
    )
