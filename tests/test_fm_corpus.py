"""FM002/FM004/FM007 on the real site, with the shipped digital.gov config, equal an independent count.

The independent side reads each page with python-frontmatter (PyYAML's
pure-Python loader, not cxlint's parser), takes the required fields from the
site's own CMS config (themes/.../workflow/config.yml), and finds dates and
file-name slugs with plain regexes. Skips without the corpus.
"""

from __future__ import annotations

import re
from pathlib import Path

import frontmatter
import pytest
import yaml

from cxlint.config import load_config
from cxlint.diagnostics import Severity
from cxlint.engine import Linter

EXAMPLE_CONFIG = Path(__file__).resolve().parents[1] / "examples" / "digitalgov.cxlint.toml"
NO_ZONE = re.compile(r"^(date|end_date|publishdate|lastmod):\s*['\"]?\d{4}-\d\d-\d\d[ T]\d\d?:\d\d:\d\d['\"]?\s*$", re.M | re.I)
DATED_NAME = re.compile(r"\d{4}-\d{2}-\d{2}-(.+)")


@pytest.fixture(scope="module")
def result(corpus_dir):
    config = load_config(EXAMPLE_CONFIG)
    linter = Linter(config, select=["FM"], cwd=corpus_dir)
    return linter.check([corpus_dir])


def _pages(corpus_dir: Path):
    content = corpus_dir / "content"
    for path in sorted(content.rglob("*.md")):
        rel = path.relative_to(content).as_posix()
        text = path.read_bytes().decode("utf-8-sig")
        try:
            post = frontmatter.loads(text.lstrip("\r\n"))
        except yaml.YAMLError:
            continue
        yield rel, text, post.metadata


def _cms_required(corpus_dir: Path) -> dict[str, set[str]]:
    cms = yaml.safe_load((corpus_dir / "themes/digital.gov/static/workflow/config.yml").read_text())
    out: dict[str, set[str]] = {}
    for coll in cms["collections"]:
        folder = coll.get("folder", "")
        if folder.startswith("content/") and coll["name"] not in ("shortlink", "transcript"):
            out[folder[len("content/"):]] = {f["name"] for f in coll["fields"] if f.get("required", True) and f["name"] != "body"}
    return out


def _by(result, code, severity=None):
    return {
        (d.path.split("content/", 1)[1], d.message)
        for d in result.diagnostics
        if d.code == code and (severity is None or d.severity == severity)
    }


def test_every_page_parsed_and_no_type_errors(result, corpus_dir):
    assert len(result.index.pages) == len(list((corpus_dir / "content").rglob("*.md")))
    # the real site builds with Hugo: nothing Hugo rejects, no value of the wrong type
    assert not [d for d in result.diagnostics if d.code in ("FM001", "FM003")]
    assert not _by(result, "FM004", Severity.ERROR)


def test_required_fields_match_the_cms_config(result, corpus_dir):
    cms = _cms_required(corpus_dir)
    pack_required = {"news": ["slug", "date", "title", "summary"], "events": ["slug", "title", "summary", "event_organizer", "date", "end_date"]}
    want = set()
    for rel, _, meta in _pages(corpus_dir):
        section, _, rest = rel.partition("/")
        if section not in pack_required or rest.endswith("_index.md"):
            continue
        for name in pack_required[section]:
            # every field the pack requires is required by the CMS too, except the slug the CMS names files by
            assert name in cms[section] or name == "slug"
            value = meta.get(name)
            if name not in meta:
                want.add((rel, name, "missing"))
            elif value is None or (isinstance(value, str) and not value.strip()):
                want.add((rel, name, "empty"))
    got = set()
    for path, message in _by(result, "FM002"):
        m = re.match(r"required field '(\w+)' is (missing|empty)", message)
        if path.split("/")[0] in pack_required:
            got.add((path, m.group(1), m.group(2)))
    assert got == want
    assert 40 < len(got) < 100  # a real signal (summaries left empty), not noise


def test_dates_without_a_zone_are_warnings(result, corpus_dir):
    want = set()
    for rel, text, _ in _pages(corpus_dir):
        head = text.split("\n---", 1)[0]
        want |= {(rel, m.group(1)) for m in NO_ZONE.finditer(head)}
    got = {(p, re.match(r"'(\w+)'", m).group(1)) for p, m in _by(result, "FM004", Severity.WARNING)}
    assert got == want and len(got) == 5


def test_slugs_disagreeing_with_dated_file_names(result, corpus_dir):
    want = set()
    for rel, _, meta in _pages(corpus_dir):
        section = rel.split("/")[0]
        m = DATED_NAME.fullmatch(Path(rel).stem)
        # Hugo urlizes the file name's slug (drops ’ and other punctuation): that spelling agrees
        urlized = "".join("-" if c.isspace() else c for c in m.group(1) if c.isalnum() or c in "%./_-#+~" or c.isspace()).lower() if m else ""
        if section in ("news", "events") and m and "slug" in meta and str(meta["slug"]) not in (m.group(1), urlized):
            want.add(rel)
    got = {p for p, msg in _by(result, "FM007") if "disagrees" in msg and p.split("/")[0] in ("news", "events")}
    assert got == want and len(got) > 20
