"""Migration settings: mapping tables from a rule pack plus ``[migrate]`` config.

The tables are data (``rules/migrate-<site>.yml`` under the pack key
``migrate:``) so a maintainer can review and extend them without code; the
``[migrate]`` table of ``.cxlint.toml`` picks the pack and overrides scalars.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxlint.packs import PackError, load_pack

DEFAULT_PACK = "migrate-digitalgov"

_CONFIG_KEYS = {
    "pack": "a rule pack name or path holding the 'migrate:' tables",
    "section": "the content section new posts go to (default 'news')",
    "site": "the Hugo site root",
    "author-renames": "a table legacy author = site author slug",
    "topic-table": "a table legacy topic name = site topic slug ('' to drop)",
}


class SettingsError(Exception):
    """A migrate setting is malformed; the message names where and what is allowed."""


@dataclass
class MigrateSettings:
    section: str = "news"
    path_template: str = "{section}/{year}/{month}/{year}-{month}-{day}-{slug}.md"
    date_format: str = "%Y-%m-%d %H:%M:%S %z"
    key_order: tuple[str, ...] = ("slug", "date", "title", "summary", "authors", "topics")
    field_renames: dict[str, str] = field(default_factory=dict)
    consumed_fields: tuple[str, ...] = ("permalink", "layout", "author", "authors", "categories", "tags")
    legacy_hosts: tuple[str, ...] = ()
    image_prefixes: tuple[str, ...] = ()
    file_prefixes: dict[str, str] = field(default_factory=dict)  # old prefix -> new prefix
    author_renames: dict[str, str] = field(default_factory=dict)
    host_placeholders: dict[str, str] = field(default_factory=dict)  # exporter placeholder -> real host
    gone_pages: tuple[str, ...] = ()  # content paths that only say "this page was removed"
    topic_table: dict[str, str] = field(default_factory=dict)
    youtube_template: str = '{{{{< youtube id="{id}" >}}}}'
    image_template: str = '{{{{< legacy-img src="{src}" alt="{alt}" >}}}}'
    # a summary that was only image/video markup (or missing) is rebuilt from this many body
    # words, as WordPress builds an excerpt; 0 leaves it empty for a human
    excerpt_words: int = 55
    complex_html: tuple[str, ...] = ("table", "iframe", "script", "object", "embed", "form", "audio", "video", "style")
    pack_source: str = ""

    @property
    def host_re(self) -> re.Pattern:
        hosts = "|".join(re.escape(h) for h in self.legacy_hosts) or r"(?!x)x"
        return re.compile(rf"(?:https?:)?//(?:www\.)?(?:{hosts})(?=[/?#]|$)", re.I)


def _str_map(value: Any, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SettingsError(f"{where} must be a mapping of name: value")
    return {str(k): "" if v is None else str(v) for k, v in value.items()}


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list):
        raise SettingsError(f"{where} must be a list of strings")
    return tuple(str(v) for v in value)


def load_settings(config_migrate: dict | None, base_dir: Path | None = None) -> MigrateSettings:
    """Merge the pack's ``migrate:`` tables with the ``[migrate]`` config table."""
    cfg = dict(config_migrate or {})
    unknown = set(cfg) - set(_CONFIG_KEYS)
    if unknown:
        allowed = ", ".join(sorted(_CONFIG_KEYS))
        raise SettingsError(f"[migrate]: unknown key {sorted(unknown)[0]!r}; allowed: {allowed}")
    try:
        pack = load_pack(str(cfg.get("pack") or DEFAULT_PACK), base_dir)
    except PackError as exc:
        raise SettingsError(str(exc)) from None
    raw = pack.migrate
    where = f"{pack.source}: migrate"
    s = MigrateSettings(pack_source=pack.source)
    for key, attr in (("section", "section"), ("path-template", "path_template"), ("date-format", "date_format"),
                      ("youtube-template", "youtube_template"), ("image-template", "image_template")):
        if key in raw:
            setattr(s, attr, str(raw[key]))
    if "key-order" in raw:
        s.key_order = _str_list(raw["key-order"], f"{where}.key-order")
    if "consumed-fields" in raw:
        s.consumed_fields = _str_list(raw["consumed-fields"], f"{where}.consumed-fields")
    if "excerpt-words" in raw:
        try:
            s.excerpt_words = int(raw["excerpt-words"])
            if s.excerpt_words < 0:
                raise ValueError
        except (TypeError, ValueError):
            raise SettingsError(f"{where}.excerpt-words must be a whole number >= 0, not {raw['excerpt-words']!r}") from None
    if "complex-html" in raw:
        s.complex_html = _str_list(raw["complex-html"], f"{where}.complex-html")
    s.field_renames = _str_map(raw.get("field-renames"), f"{where}.field-renames")
    s.legacy_hosts = _str_list(raw.get("legacy-hosts"), f"{where}.legacy-hosts")
    s.image_prefixes = _str_list(raw.get("image-prefixes"), f"{where}.image-prefixes")
    s.file_prefixes = _str_map(raw.get("file-prefixes"), f"{where}.file-prefixes")
    s.author_renames = _str_map(raw.get("author-renames"), f"{where}.author-renames")
    s.gone_pages = _str_list(raw.get("gone-pages"), f"{where}.gone-pages")
    s.host_placeholders = _str_map(raw.get("host-placeholders"), f"{where}.host-placeholders")
    s.topic_table = _str_map(raw.get("topic-table"), f"{where}.topic-table")
    # the user's config wins over the pack
    if "section" in cfg:
        s.section = str(cfg["section"])
    s.author_renames.update(_str_map(cfg.get("author-renames"), "[migrate].author-renames"))
    s.topic_table.update(_str_map(cfg.get("topic-table"), "[migrate].topic-table"))
    for tmpl, names in ((s.path_template, ("section", "year", "month", "day", "slug")),):
        try:
            tmpl.format(**{n: "x" for n in names})
        except (KeyError, IndexError, ValueError) as exc:
            raise SettingsError(f"{where}.path-template: bad placeholder {exc}; allowed: {', '.join(names)}") from None
    return s
