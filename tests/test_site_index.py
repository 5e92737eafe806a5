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


def test_extra_of_reads_a_rules_page_facts_from_the_runs_view_and_from_a_plain_mapping(make_site):
    from cxlint.site import PageFacts, SiteIndex

    root = make_site(
        {
            "content/news/a.md": "---\ntitle: A\nslug: first\naliases: [/old/a/]\n---\n",
            "content/news/b.md": "---\ntitle: B\n---\n",
        }
    )
    config = parse_config({"select": ["REF005"]}, None)
    index = Linter(config, jobs=1, cwd=root).check([root]).index
    want = {"news/a.md": (("/news/first/", "permalink"), ("/old/a/", "alias"), ("/news/first/", "slug"))}
    assert index.extra_of("news/a.md", "REF005") == want["news/a.md"]
    assert index.extra_of("news/b.md", "REF005") == (("/news/b/", "permalink"), ("/news/b/", "slug"))
    assert index.extra_of("news/a.md", "NOPE001") is None
    plain = SiteIndex(index.site, {
        "news/a.md": PageFacts("news/a.md", str(root / "content/news/a.md"), {}, extra={"REF005": want["news/a.md"]}),
        "news/b.md": PageFacts("news/b.md", str(root / "content/news/b.md"), {}),
    })
    assert plain.extra_of("news/a.md", "REF005") == want["news/a.md"]
    assert plain.extra_of("news/b.md", "REF005") is None
