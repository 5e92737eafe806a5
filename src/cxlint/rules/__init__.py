"""Built-in rules, one per module. Registered through the ``cxlint.rules`` entry point."""

from __future__ import annotations

import importlib

_MODULES = [
    "io001_unreadable_file",
    "fm001_front_matter_syntax",
    "fm002_required_field",
    "fm003_field_type",
    "fm004_date_format",
    "fm005_unknown_field",
    "fm007_slug",
    "data001_data_syntax",
    "dup001_duplicate_key",
    "fm006_legacy_field",
    "tax001_unknown_topic",
    "tax002_duplicate_topic",
    "tax003_topic_alias",
    "tax004_unknown_author",
    "ent001_html_entity",
    "ref001_ref_not_found",
    "ref002_ref_ambiguous",
    "ref003_anchor_not_found",
    "ref004_ref_unpublished",
    "ref005_own_site_absolute_link",
    "cx100_invalid_suppression",
]


def _load():
    from cxlint.rule import Rule

    found = []
    for name in _MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Rule) and obj.code and obj.__module__ == module.__name__:
                found.append(obj)
    return sorted(found, key=lambda r: r.code)


BUILTIN_RULES = _load()
