"""The shipped digitalgov pack: its `link` entry is the one the Hugo differential tests prove."""

from __future__ import annotations

from cxlint.packs import load_pack
from hugo_site import LINK_SPEC


def test_link_shortcode_is_declared_as_the_hugo_tests_verify():
    pack = load_pack("digitalgov")
    assert pack.ref_shortcodes["link"] == LINK_SPEC
    # inherited from the generic pack
    assert {"ref", "relref"} <= set(pack.ref_shortcodes)


def test_sections_apply_to_the_right_pages():
    pack = load_pack("digitalgov")
    news = pack.schema_for("news/2014/07/2014-07-07-x.md", "page")
    assert set(news.required) == {"slug", "date", "title", "summary"} and news.file_slug is not None
    assert pack.schema_for("news/_index.md", "section").required == ()
    author = pack.schema_for("authors/jane-doe/_index.md", "section")
    assert set(author.required) == {"display_name", "first_name", "last_name"}
    assert author.fields["last_name"].get("allow-empty") is True
