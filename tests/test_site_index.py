"""The site index: topics, aliases, and topics merged into another one."""

from __future__ import annotations

import datetime as dt

from cxlint.config import parse_config
from cxlint.engine import Linter

TOPIC = "---\nslug: {slug}\ntitle: {slug}\n{extra}---\n"


def _index(make_site, extra_old: str, build_date: str):
    root = make_site(
        {
            "content/topics/human-centered-design/_index.md": TOPIC.format(
                slug="human-centered-design", extra="aliases:\n  - /topics/user-centered-design/\n"
            ),
            "content/topics/user-centered-design/_index.md": TOPIC.format(slug="user-centered-design", extra=extra_old),
            "content/news/a.md": "---\ntitle: A\ntopics:\n  - user-centered-design\n  - human-centered-design\n---\n",
        }
    )
    config = parse_config({"select": ["TAX002", "TAX003"], "build-date": build_date}, None)
    return Linter(config, jobs=1, cwd=root).check([root / "content/news/a.md"])


def test_expired_topic_aliased_by_another_is_merged(make_site):
    result = _index(make_site, 'expirydate: "2024-08-09"\n', "2025-04-09")
    assert result.index.canonical_topic("user-centered-design") == "human-centered-design"
    assert [(d.line, d.code) for d in result.diagnostics] == [(4, "TAX003"), (5, "TAX002")]


def test_live_topic_keeps_its_own_name(make_site):
    result = _index(make_site, 'expirydate: "2024-08-09"\n', "2024-01-01")  # not yet expired
    assert result.index.canonical_topic("user-centered-design") == "user-centered-design"
    assert result.diagnostics == []
    assert result.index.build_date == dt.date(2024, 1, 1)
