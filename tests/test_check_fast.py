"""The check phase's fast paths equal the general ways they replaced.

Each test runs the fast path and a reference (the code it replaced, kept
here) on generated inputs and, where the real site is present, on every page
of it: the date pre-filter's match by shape, the shared lower-cased key index,
FM003/FM004/FM005/FM006's early exits, ENT001's front-matter walk, the ref
lookup's per-target memo, the permalink map and the per-name topic memo.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path

import pytest

from cxlint import godates
from cxlint.config import load_config
from cxlint.engine import Linter
from cxlint.frontmatter import FrontMatter
from cxlint.refs import site_refs
from cxlint.refs.hugopath import join, parse
from cxlint.refs.permalinks import PermalinkMap, page_paths, permalink_patterns
from cxlint.refs.publish import unpublished_reason
from cxlint.refs.resolve import _MISSING, AMBIGUOUS, FOUND, RefIndex, Resolution
from cxlint.rules.ent001_html_entity import _string_scalars
from cxlint.rules.fm003_field_type import FieldType
from cxlint.rules.fm004_date_format import DateFormat
from cxlint.rules.fm005_unknown_field import UnknownField
from cxlint.rules.fm006_legacy_field import LegacyField
from cxlint.schema_check import TYPE_WORDS, front_keys, has_type, keys_by_lower, kind_of, page_items, page_schema
from cxlint.site import Page, _fold, fold_term
from test_godates import LAYOUTS, _variants

EXAMPLE_CONFIG = Path(__file__).resolve().parents[1] / "examples" / "digitalgov.cxlint.toml"


@pytest.fixture(scope="module")
def corpus(corpus_dir):
    """(linter, check context, every checked page) of the real site."""
    linter = Linter(load_config(EXAMPLE_CONFIG), select=["ALL"], cwd=corpus_dir)
    result = linter.check([corpus_dir])
    ctx = linter.context(result.index)
    pages = [doc for doc in result.documents.values() if isinstance(doc, Page)]
    assert len(pages) > 4000
    return linter, ctx, pages


def _rule(linter, cls):
    return next(r for r in linter.rules if type(r) is cls)


# ------------------------------------------------------------------ dates
def reference_first_candidate(value, layouts):
    m = godates._prefilters(layouts).fullmatch(value)
    return None if m is None else int(m.lastgroup[1:])


def _digit_shuffles(values, seed=3):
    """Each value with its digits replaced at random (same shape), plus some non-ASCII digits."""
    rng = random.Random(seed)
    for value in values:
        yield value
        for _ in range(3):
            yield "".join(rng.choice("0123456789") if c.isdigit() else c for c in value)
        yield "".join("\u0663" if c == "3" else c for c in value)  # ARABIC-INDIC THREE: \d, not 0-9


@pytest.mark.parametrize(
    "layouts",
    [godates.HUGO_LAYOUTS, LAYOUTS, ("2006-01-02 15:04:05 -0700", "2006-01-02"), ("2006-01-02 at 8", "2006-01-02")],
)
def test_candidate_by_shape_equals_the_prefilter_match(layouts):
    godates._CANDIDATES.pop(layouts, None)
    seen = 0
    extra = ["2020-01-02 at 8", "2020-01-02 at 3", "2021-11-30 at 8", "2021-11-30 at 88"]  # a digit outside the tokens
    for value in extra + list(_digit_shuffles(list(_variants()))):
        assert godates._first_candidate(value, layouts) == reference_first_candidate(value, layouts), value
        seen += 1
    assert seen > 1000
    # a layout with a digit outside its tokens is matched by value, not by shape
    assert godates._CANDIDATES[layouts][0] == (layouts[0] != "2006-01-02 at 8")


def test_candidate_by_shape_on_the_real_dates(corpus):
    _, ctx, pages = corpus
    values = {v for p in pages if p.front is not None for v in p.front.data.values() if isinstance(v, str) and v[:2].isdigit()}
    assert len(values) > 1000
    for layouts in (godates.HUGO_LAYOUTS, ctx.pack.date_formats):
        for value in values:
            assert godates._first_candidate(value, layouts) == reference_first_candidate(value, layouts), value


# ------------------------------------------------------------------ keys
def reference_keys_by_lower(data):
    index = {}
    for k in data:
        if isinstance(k, str):
            index.setdefault(k.lower(), []).append(k)
    return index


_KEYS = ["slug", "Slug", "title", "TITLE", "date", "x_y", "\u03a3igma", "\u03c3igma", "\u0130d", "i\u0307d",
         "caf\u00e9", "CAF\u00c9", "\u01c5", "\u00df", "a\0b", "", 1, 2.5, True, None, dt.date(2020, 1, 2)]


def _key_sets():
    for n in range(4):
        for keys in itertools.permutations(_KEYS, n) if n < 3 else itertools.combinations(_KEYS, n):
            yield {k: i for i, k in enumerate(keys)}


def test_keys_by_lower_equals_the_loop():
    for data in _key_sets():
        got, want = keys_by_lower(data), reference_keys_by_lower(data)
        assert got == want and list(got) == list(want), data


def test_keys_by_lower_on_the_real_pages(corpus):
    for page in corpus[2]:
        if page.front is not None:
            data = page.front.data
            assert keys_by_lower(data) == reference_keys_by_lower(data)
            assert list(keys_by_lower(data)) == list(reference_keys_by_lower(data))
            assert front_keys(page.front) == reference_keys_by_lower(data)


# ------------------------------------------------------------------ early exits
class _NoShortcut(dict):
    """A key index no early exit trusts: never the size of the data, always overlapping."""

    def __len__(self):
        return 1 << 30

    def keys(self):
        return _Overlapping()


class _Overlapping:
    def isdisjoint(self, other):
        return False

    def __le__(self, other):
        return False


def _without_shortcuts(doc):
    front = doc.front
    saved = front.__dict__.get("_cxlint_keys_by_lower")
    front.__dict__["_cxlint_keys_by_lower"] = (front.data, _NoShortcut())
    return saved


def _compare_early_exits(rule, docs, ctx):
    """The rule's diagnostics with its key-index early exit, and with the loop always run."""
    reported = 0
    for doc in docs:
        if getattr(doc, "front", None) is None or getattr(doc, "error", None) is not None:
            continue
        fast = list(rule.check(doc, ctx))
        saved = _without_shortcuts(doc)
        try:
            slow = list(rule.check(doc, ctx))
        finally:
            doc.front.__dict__["_cxlint_keys_by_lower"] = saved if saved is not None else (doc.front.data, keys_by_lower(doc.front.data))
        assert fast == slow and [d.fix for d in fast] == [d.fix for d in slow], doc.display_path
        reported += len(fast)
    return reported


def test_fm005_fm006_early_exits_on_the_real_pages(corpus):
    linter, ctx, pages = corpus
    assert _compare_early_exits(_rule(linter, LegacyField), pages, ctx) > 0
    _compare_early_exits(_rule(linter, UnknownField), pages, ctx)


def _generated_pages(tmp_path, linter, ctx):
    """Pages whose keys mix letter cases, legacy names and keys that are no strings."""
    from cxlint.site import load_page

    names = ["title", "Title", "summary", "permalink", "Permalink", "categories", "CATEGORIES", "sumary",
             "topics", "1", "true", "date", "\u0130d"]
    rng = random.Random(11)
    content = tmp_path / "content" / "news"
    content.mkdir(parents=True)
    docs = []
    for i in range(300):
        keys = rng.sample(names, rng.randint(0, 5))
        lines = [f"{k}: {rng.choice(['x', '[a, b]', '2020-01-02', '', '3'])}" for k in keys]
        path = content / f"p{i}.md"
        path.write_text("---\n" + "\n".join(lines) + "\n---\nbody\n", encoding="utf-8")
        docs.append(load_page(path, tmp_path / "content"))
    return docs


def test_fm005_fm006_early_exits_on_generated_pages(corpus, tmp_path):
    linter, ctx, _ = corpus
    docs = _generated_pages(tmp_path, linter, ctx)
    assert _compare_early_exits(_rule(linter, LegacyField), docs, ctx) > 0
    assert _compare_early_exits(_rule(linter, UnknownField), docs, ctx) > 0


def reference_fm003(rule, doc, ctx):
    """FM003's check before its fast paths for text and lists of text."""
    schema = page_schema(doc, ctx)
    if schema is None:
        return []
    out = []
    front = doc.front
    numbers_are_text = not rule.config["strict-strings"]
    for key, value, spec in page_items(doc, schema):
        ftype = spec.get("type", "any")
        if value is None or ftype == "any":
            continue
        if not has_type(value, ftype, numbers_are_text=numbers_are_text):
            span = front.value_span(key) or front.span(key)
            out.append(rule.diagnostic(doc, *span, f"'{key}' should be {TYPE_WORDS.get(ftype, ftype)}, not {kind_of(value)}"))
            continue
        items = spec.get("items")
        if items and items != "any" and isinstance(value, list):
            for i, item in enumerate(value):
                if item is not None and not has_type(item, items, numbers_are_text=numbers_are_text):
                    span = front.value_span(key, i) or front.span(key)
                    out.append(rule.diagnostic(
                        doc, *span, f"'{key}' item {i + 1} should be {TYPE_WORDS.get(items, items)}, not {kind_of(item)}"
                    ))
    return out


def reference_fm004(rule, doc, ctx):
    """FM004's check before it skipped the span of a valid date."""
    from cxlint.diagnostics import Severity
    from cxlint.godates import matches_any, parse_hugo_date
    from cxlint.rules.fm004_date_format import HUGO_DATE_KEYS

    schema = page_schema(doc, ctx)
    if schema is None:
        return []
    out = []
    front = doc.front
    for key, value, spec in page_items(doc, schema):
        if spec.get("type") != "date" or value is None:
            continue
        span = front.value_span(key) or front.span(key)
        if isinstance(value, bool) or not isinstance(value, (str, int, dt.date)):
            continue
        if isinstance(value, int):
            when = dt.datetime.fromtimestamp(value, dt.timezone.utc) if abs(value) < 2**40 else None
            read = f" as Unix seconds ({when:%Y-%m-%d %H:%M:%S} UTC)" if when else ""
            out.append(rule.diagnostic(doc, *span, f"'{key}' is a number: Hugo reads it{read}; write a date"))
            continue
        if not isinstance(value, str):
            continue
        if parse_hugo_date(value) is None:
            effect = "the build fails ('not a parsable date')" if key.lower() in HUGO_DATE_KEYS else "templates formatting it get no date"
            out.append(rule.diagnostic(doc, *span, f"'{key}' value '{value}' is not a date Hugo can read: {effect}"))
            continue
        layouts = spec.get("format") or ctx.pack.date_formats
        if "hugo" not in layouts and not matches_any(value, layouts):
            out.append(rule.diagnostic(
                doc, *span, f"'{key}' value '{value}' is not in the site's date format ({' or '.join(layouts)})",
                severity=Severity.WARNING,
            ))
    return out


def _typed_pages(tmp_path):
    from cxlint.site import load_page

    values = ["x", "2020-01-02", "2020-01-02 9:00:00 -0500", "2020-13-02", "[a, b]", "[a, 1]", "[1, 2]", "[a, null]",
              "3", "2.5", "true", "{a: 1}", "''", "1577836800", "2020-01-02T10:00:00Z", "[]", "[[a]]"]
    keys = ["title", "summary", "topics", "authors", "date", "expirydate", "weight", "draft", "slug", "aliases"]
    content = tmp_path / "content" / "news"
    content.mkdir(parents=True, exist_ok=True)
    docs = []
    for i, combo in enumerate(itertools.product(keys, values)):
        path = content / f"t{i}.md"
        path.write_text(f"---\n{combo[0]}: {combo[1]}\n---\nbody\n", encoding="utf-8")
        docs.append(load_page(path, tmp_path / "content"))
    return docs


@pytest.mark.parametrize("cls, reference", [(FieldType, reference_fm003), (DateFormat, reference_fm004)])
def test_fm003_fm004_equal_their_general_checks(corpus, tmp_path, cls, reference):
    linter, ctx, pages = corpus
    rule = _rule(linter, cls)
    reported = 0
    for doc in pages + _typed_pages(tmp_path):
        fast = list(rule.check(doc, ctx))
        assert fast == reference(rule, doc, ctx), doc.display_path
        reported += len(fast)
    assert reported > 0


# ------------------------------------------------------------------ ENT001
def reference_string_scalars(front):
    out = []

    def walk(value, path):
        if isinstance(value, str):
            span = front.value_spans.get(path)
            if span is not None:
                out.append((span[0], span[1], path))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, path + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, path + (i,))

    walk(front.data, ())
    out.sort()
    return out


def test_string_scalars_loop_equals_the_walk(corpus):
    fronts = [p.front for p in corpus[2] if p.front is not None]
    for data in ({"a": "x", "b": ["y", {"c": "z", "d": [1, "w"]}], "e": {"f": {"g": "h"}}}, "bare", [["a"], "b"]):
        front = FrontMatter("yaml", data, 0, 0, 0, 0)
        paths = [(), ("a",), ("b", 0), ("b", 1, "c"), ("b", 1, "d", 1), ("e", "f", "g"), (0, 0), (1,)]
        front.value_spans = {p: (i, i + 1) for i, p in enumerate(paths)}
        fronts.append(front)
    for front in fronts:
        assert _string_scalars(front) == reference_string_scalars(front)


# ------------------------------------------------------------------ refs
class ReferenceIndex(RefIndex):
    """The lookup as it was: no memo, the referring page parsed again for every target."""

    def resolve(self, ref, context):
        return self._resolve(ref, context)

    def _for_ref(self, context, had_ext, in_ref, ref):
        if context is not None and not ref.startswith("/"):
            ctx = parse(context, self.langs)
            base_dir = ctx.dir() if ctx.kind == "branch" or (had_ext and ref.startswith("../")) else ctx.container_dir()
            node = self._get(join(base_dir, ref))
            if node is not None:
                return Resolution(FOUND, node, step="relative")
            if had_ext:
                node = self._file_lookup(context.rpartition("/")[0], in_ref)
                if node is not None:
                    return Resolution(FOUND, node, step="file")
        if ref.startswith("."):
            return _MISSING
        return self._from_root(had_ext, in_ref, ref)


def _ref_queries(content_paths, rng, n=4000):
    names = sorted({cp.rpartition("/")[2] for cp in content_paths})
    folders = sorted({cp.rpartition("/")[0] for cp in content_paths})
    for _ in range(n):
        cp = rng.choice(content_paths)
        context = rng.choice(content_paths)
        yield rng.choice([
            cp, "/" + cp, cp.rpartition("/")[2], rng.choice(names), "../" + cp.rpartition("/")[2],
            "./" + rng.choice(names), rng.choice(folders), "/" + rng.choice(folders) + "/", cp.rpartition(".")[0],
            rng.choice(names).upper(), "/", "", "x/index", "nope.md",
        ]), context


def test_resolve_memo_equals_the_fresh_lookup_on_generated_sites():
    rng = random.Random(5)
    paths = ["_index.md", "news/_index.md", "news/a.md", "news/b/index.md", "news/b/x.md", "guides/a.md", "guides/c/_index.md",
             "guides/c/d.md", "guides/c/e/index.md", "topics/search/_index.md", "a.md", "news/2020/01/a.md", "x/index/index.md",
             "x/index.md", "Mixed Case/Page One.md", "news/d.md"]
    fast, slow = RefIndex(paths, terms={"topics": {"search", "open data"}}), ReferenceIndex(paths, terms={"topics": {"search", "open data"}})
    statuses = set()
    for target, context in _ref_queries(paths, rng):
        got, want = fast.resolve(target, context), slow.resolve(target, context)
        assert got == want, (target, context)
        statuses.add(got.status)
    assert statuses == {FOUND, _MISSING.status, AMBIGUOUS}


def test_resolve_memo_equals_the_fresh_lookup_on_the_real_site(corpus):
    from cxlint.refs import resolved_uses

    _, ctx, pages = corpus
    refs = site_refs(ctx.site)
    taxonomies = {plural: plural for plural in refs.resolver._taxonomy_keys.values()}
    made = dict(taxonomies=taxonomies, terms=refs.resolver._terms, languages=refs.languages)
    slow, fresh = ReferenceIndex(ctx.site.pages.keys(), **made), RefIndex(ctx.site.pages.keys(), **made)
    queries = [(u.url.path, p.content_path) for p in pages for u in resolved_uses(p, ctx.site, ctx.pack) if u.url and u.url.path]
    queries += list(_ref_queries(sorted(ctx.site.pages.keys()), random.Random(9), n=3000))
    assert len(queries) > 6000
    for target, context in queries:
        assert fresh.resolve(target, context) == slow.resolve(target, context), (target, context)


def reference_permalinks(pages, config):
    patterns = permalink_patterns(config)
    answers = sorted(((p[0], p[3] if p[3] is not None else page_paths(p[0], p[1], p[2], patterns)) for p in pages), key=lambda t: t[0])
    candidates = {}
    for content_path, paths in answers:
        for path, how in paths:
            have = candidates.setdefault(path, [])
            if all(cp != content_path for cp, _ in have):
                have.append((content_path, how))
    for have in candidates.values():
        have.sort(key=lambda c: PermalinkMap._RANK[c[1]])
    return candidates


def test_permalink_map_equals_the_general_build(corpus):
    _, ctx, _ = corpus
    index = ctx.site
    pages = [(cp, p.kind, p.data, (getattr(p, "extra", None) or {}).get("REF005")) for cp, p in index.pages.items()]
    config = index.site.config or {}
    got = PermalinkMap(pages, config)
    assert got.candidates == reference_permalinks(pages, config)
    # generated: pages answering at the same paths, one page listing a path twice, in any order
    rng = random.Random(2)
    hows = ["permalink", "alias", "slug"]
    for _ in range(200):
        made = []
        for i in rng.sample(range(12), rng.randint(1, 8)):
            paths = tuple((f"/p{rng.randint(0, 4)}/", rng.choice(hows)) for _ in range(rng.randint(0, 4)))
            made.append((f"s/{i}.md", "page", {}, paths))
        assert PermalinkMap(made, {}).candidates == reference_permalinks(made, {})


def test_shared_unpublished_memo_equals_the_reason(corpus):
    _, ctx, _ = corpus
    refs = site_refs(ctx.site)
    flags = refs.build_flags
    for build in (ctx.build_date, dt.date(2015, 6, 1), ctx.build_date):
        for cp, page in ctx.site.pages.items():
            assert refs.unpublished(cp, build) == unpublished_reason(page.data, build, flags)
    assert refs.unpublished("no/such/page.md", ctx.build_date) is None


# ------------------------------------------------------------------ topics
def test_topic_and_fold_memos_equal_fresh_answers(corpus):
    _, ctx, pages = corpus
    index = ctx.site
    names = [str(v) for p in pages if p.front is not None for key in ("topics", "authors")
             for v in (p.front.data.get(key) or []) if isinstance(p.front.data.get(key), list)]
    names += ["Open Data", "open-data", "OPEN DATA", "U.S. Census (2020)", "caf\u00e9", "%41b", "", "  ", "x\u0301"]
    assert len(names) > 5000
    for _ in range(2):  # the second pass answers from the memos
        for name in names:
            assert fold_term(name) == _fold(name)
            assert index.resolve_topic(name) == index._resolve_topic(name)


# ------------------------------------------------------------------ ENT001 prose
def reference_in_url(text, offset):
    """mdmask.in_url before its early answer for a word of prose."""
    from cxlint.mdmask import in_url_run

    ls = text.rfind("\n", 0, offset) + 1
    seg_start = max(max(text.rfind(" ", ls, offset), text.rfind("\t", ls, offset)) + 1, ls)
    if seg_start == offset:
        return False
    return in_url_run(text, offset, ls, seg_start)


def test_in_url_equals_the_general_probe(corpus):
    from cxlint.entities import in_url, iter_entities

    rng = random.Random(4)
    pieces = ["a", "w", "W", "www.", "WWW.", "(", ")", "](", "[x]: ", "://", "https", "<", ">", "=", 'href="', "src='",
              "'", '"', " ", "\t", "\n", "&amp;", "x.gov", "\u0130", "<http:", "word",
              "&#8221;", "&rdquo;", "*", "[", "]", "{{<", "}}"]
    checked = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        for offset in range(len(text) + 1):
            assert in_url(text, offset) == reference_in_url(text, offset), (text, offset)
            checked += 1
    for page in corpus[2]:
        for ent in iter_entities(page.text, page.body_start):
            assert in_url(page.text, ent.start) == reference_in_url(page.text, ent.start), page.display_path
            checked += 1
    assert checked > 50000


def test_prose_entity_texts_equal_fresh_messages(corpus):
    from cxlint.rules import ent001_html_entity as ent001
    from cxlint.rules.ent001_html_entity import HtmlEntity

    linter, ctx, pages = corpus
    rule = _rule(linter, HtmlEntity)
    docs = [p for p in pages if "&" in p.text]
    remembered = [list(rule.check(d, ctx)) for d in docs]
    ent001._BODY_TEXTS.clear()
    fresh = [list(rule.check(d, ctx)) for d in docs]
    assert remembered == fresh and [[x.fix for x in r] for r in remembered] == [[x.fix for x in r] for r in fresh]
    for (text, char), (message, title) in ent001._BODY_TEXTS.items():
        ent = next(iter(__import__("cxlint.entities", fromlist=["iter_entities"]).iter_entities(text)))
        assert message == ent001._message(ent, char) and title == f"write '{char}'"


# ------------------------------------------------------------------ suppressions
def reference_apply_suppressions(doc, found):
    """engine._apply_suppressions before its early return for files without suppressions."""
    import re

    from cxlint.suppressions import _BODY_SUPPRESS

    if not found:
        return found
    front = getattr(doc, "front", None)
    line_rules, file_rules, ranges = {}, set(), []
    if front is not None:
        for line, codes in front.line_suppressions.items():
            line_rules.setdefault(line, set()).update(codes)
        file_rules |= set(front.file_suppressions)
    text = doc.text
    if "cxlint-" in text:
        open_at = {}
        for m in _BODY_SUPPRESS.finditer(text):
            verb = m.group(1)
            codes = {c.upper() for c in re.split(r"[\s,]+", m.group(2).strip()) if c} or None
            line, _ = doc.line_col(m.start())
            if verb == "disable-next-line":
                ranges.append((line + 1, line + 1, codes))
            elif verb == "disable-line":
                ranges.append((line, line, codes))
            elif verb == "disable":
                for c in codes or [None]:
                    open_at.setdefault(c, line)
            else:
                for c in codes or list(open_at):
                    if c in open_at:
                        ranges.append((open_at.pop(c), line, None if c is None else {c}))
        for c, start in open_at.items():
            ranges.append((start, len(doc.line_starts), None if c is None else {c}))
    if not (line_rules or file_rules or ranges):
        return found
    return [
        d for d in found
        if not (d.code in file_rules or d.code in line_rules.get(d.line, ()))
        and not any(a <= d.line <= b and (codes is None or d.code in codes) for a, b, codes in ranges)
    ]


def test_suppressions_shortcut_equals_the_general_filter(tmp_path, corpus):
    from cxlint.diagnostics import Diagnostic
    from cxlint.engine import _apply_suppressions
    from cxlint.site import load_page

    bodies = ["plain text\n", "x <!-- cxlint-disable-next-line ENT001 -->\ny\n", "<!-- cxlint-disable -->\na\n<!-- cxlint-enable -->\n",
              "a cxlint- b\n", "<!-- cxlint-disable-line -->\n"]
    fronts = ["title: x\n", "title: x  # cxlint: disable=ENT001\n", "# cxlint: disable-file=FM002\ntitle: x\n", ""]
    docs = []
    for i, (front, body) in enumerate(itertools.product(fronts, bodies)):
        path = tmp_path / f"p{i}.md"
        path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
        docs.append(load_page(path, tmp_path))
    suppressed = 0
    for doc in docs + corpus[2]:
        found = [Diagnostic(doc.display_path, line, 1, line, 2, code, "m") for line in range(1, 8) for code in ("ENT001", "FM002")]
        got = _apply_suppressions(doc, list(found))
        assert got == reference_apply_suppressions(doc, list(found)), doc.display_path
        suppressed += len(found) - len(got)
    assert suppressed > 0


# ------------------------------------------------------------------ REF005
def test_site_links_equal_the_full_scan(corpus):
    from cxlint.rules.ref005_own_site_absolute_link import _bases, _host_probe, _site_links, _site_pattern

    def same(pattern, probe, text, pos):
        got = [(m.span(), m.group("path")) for m in _site_links(pattern, probe, text, pos)]
        want = [(m.span(), m.group("path")) for m in pattern.finditer(text, pos)]
        assert got == want, (text, pos)
        return len(want)

    rng = random.Random(8)
    found = 0
    for bases in (("https://kiss.gov", "https://www.kiss.gov/docs/"), ("https://bücher.example",), ("kiss.gov",)):
        pattern, probe = _site_pattern(bases), _host_probe(bases)
        pieces = ["https://", "http://", "HTTPS://", "hTTp://", "h", "x", "_", " ", "\n", "(", ")", "/", "kiss.gov", "KISS.GOV",
                  "k\u0130ss.gov", "\u212aiss.gov", "ki\u017fs.gov", "www.kiss.gov/docs", "www.kiss.gov", "bücher.example",
                  "BÜCHER.example", "?u=", "#a", ".", "-", "page", "://", "kiss.gov.evil"]
        for _ in range(4000):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
            for pos in (0, rng.randint(0, len(text))):
                found += same(pattern, probe, text, pos)
    assert found > 300
    _, ctx, pages = corpus
    bases = _bases(ctx)
    pattern, probe = _site_pattern(bases), _host_probe(bases)
    real = sum(same(pattern, probe, p.text, p.body_start) for p in pages)
    assert real > 1500


def test_unpublished_reason_equals_the_lowered_copy(corpus):
    from cxlint.refs.publish import EXPIRY_KEYS, PUBLISH_KEYS, _first, _truthy, to_date

    def reference(data, build_date, flags=None):
        flags = flags or {}
        low = {str(k).lower(): v for k, v in (data or {}).items()}
        if not flags.get("buildDrafts") and _truthy(low.get("draft", False)):
            return "a draft"
        if not flags.get("buildExpired"):
            expiry = to_date(_first(low, EXPIRY_KEYS))
            if expiry is not None and expiry <= build_date:
                return f"expired on {expiry.isoformat()}"
        if not flags.get("buildFuture"):
            publish = to_date(_first(low, PUBLISH_KEYS))
            if publish is not None and publish > build_date:
                return f"not published until {publish.isoformat()}"
        return None

    _, ctx, pages = corpus
    datas = [p.data for p in pages] + [None, {}]
    keys = ["draft", "Draft", "DRAFT", "date", "Date", "expiryDate", "expirydate", "publishDate", "PubDate", 1, True, "\u0130d"]
    values = [True, "true", "no", "", None, "2015-01-02", "2030-01-02", dt.date(2016, 1, 1), 3]
    rng = random.Random(6)
    datas += [{rng.choice(keys): rng.choice(values) for _ in range(rng.randint(1, 5))} for _ in range(3000)]
    reasons = set()
    for build in (ctx.build_date, dt.date(2016, 1, 1)):
        for flags in (None, {"buildDrafts": True}, {"buildExpired": True, "buildFuture": True}):
            for data in datas:
                got = unpublished_reason(data, build, flags)
                assert got == reference(data, build, flags), data
                reasons.add(got and got.split()[0])
    assert reasons == {None, "a", "expired", "not"}


# ------------------------------------------------------------------ fixes
def reference_load_scalar(src, flow=False):
    import yaml

    from cxlint.frontmatter import _Loader

    try:
        data = yaml.load("k: [" + src + "]" if flow else "k: " + src, Loader=_Loader)  # noqa: S506
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict) or set(data) != {"k"}:
        return None
    value = data["k"]
    if flow:
        return value[0] if isinstance(value, list) and len(value) == 1 else None
    return value


def _scalar_sources(rng, n=3000):
    pieces = ["a", "b c", ":", ": ", " #", "#", "'", '"', "''", '\\"', "\\", "-", "- ", "?", "[", "]", "{", "}", ",", "&", "*",
              "!", "|", ">", "%", "@", "`", "\ue000", "\u2019", "\n", "\n  ", "\t", " ", "yes", "null", "~", "1", "0x1", "1e3",
              "2020-01-02", "U.S.", ".", "...", "---", "k: v", "&amp;", "\u00e9"]
    for _ in range(n):
        yield "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
    for quote in ("'", '"'):
        for _ in range(n // 4):
            yield quote + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 5))) + quote


def test_load_scalar_equals_libyaml(corpus):
    from cxlint.fmedit import _load_scalar

    rng = random.Random(12)
    sources = list(_scalar_sources(rng))
    for page in corpus[2]:
        front = page.front
        if front is not None and front.format == "yaml":
            sources += [page.text[a:b] for a, b in front.value_spans.values() if b - a < 300]
    read = 0
    for src in sources:
        for flow in (False, True):
            got, want = _load_scalar(src, flow), reference_load_scalar(src, flow)
            assert got == want and type(got) is type(want), (src, flow)
            read += want is not None
    assert read > 10000


def test_ref_uses_probe_equals_parsing_every_call(corpus, tmp_path):
    from cxlint.refs import RefUse, dead_spans, ref_specs, ref_uses, shortcode_calls
    from cxlint.site import load_page

    def reference(page, pack):
        text = page.text
        if not text or text.find("{{", page.body_start) < 0:
            return []
        specs = ref_specs(pack)
        dead = dead_spans(text, page.body_start)
        out = []
        for call in shortcode_calls(text, page.body_start, names=specs):
            spec = specs[call.name]
            if any(a <= call.start < b for a, b in dead):
                continue
            arg = call.arg(spec.position, spec.param)
            if arg is None:
                continue
            target = arg.value
            if spec.strip is not None:
                target = spec.strip.sub("", target, count=1)
            if spec.when is not None and not spec.when.search(target):
                continue
            lang = call.named["lang"].value if "lang" in call.named else None
            out.append(RefUse(call.name, call, arg, target, lang))
        return out

    _, ctx, pages = corpus
    found = sum(len(ref_uses(p, ctx.pack)) for p in pages)
    assert found > 2000
    for page in pages:
        assert ref_uses(page, ctx.pack) == reference(page, ctx.pack), page.display_path
    rng = random.Random(13)
    pieces = ["{{<", "{{%", "{{", " ", "\n", "/", "ref", "relref", "link", "links", "ref.x", "x", '"a.md"', '"/b.md#c"',
              "path=", "lang=", '"en"', ">}}", "%}}", "/>}}", "/*", "*/", "[a]: ", "[a]", "`", "\u00e9"]
    (tmp_path / "content").mkdir()
    generated = 0
    for i in range(1500):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 16)))
        if i % 2:  # a well-formed call among the noise
            delim = rng.choice("<%")
            name = rng.choice(["ref", "relref", "link", "linkx"])
            target = rng.choice(['"a.md"', '"/b.md#c"', "c.md", '"https://x.gov/a.md"'])
            call = "{{" + delim + " " + name + " " + target + " " + rng.choice([delim, "<", "%"]) + "}}"
            at = rng.randint(0, len(body))
            body = body[:at] + call + body[at:]
        path = tmp_path / "content" / f"g{i}.md"
        path.write_text("---\ntitle: x\n---\n" + body, encoding="utf-8")
        page = load_page(path, tmp_path / "content")
        got = ref_uses(page, ctx.pack)
        assert got == reference(page, ctx.pack), body
        generated += len(got)
    assert generated > 200


def test_block_code_probe_equals_the_regex(corpus):
    from cxlint.mdmask import _MAY_HAVE_BLOCK_CODE, _may_have_block_code

    rng = random.Random(14)
    pieces = ["a", " ", "    ", "\t", "\n", "\r\n", "\r", "```", "``", "~~~", "~", "`", "  ```", "    x", "-"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))) for _ in range(20000)]
    texts += [p.text for p in corpus[2]]
    yes = 0
    for text in texts:
        for start, end in ((0, len(text)), (min(3, len(text)), len(text)), (0, max(0, len(text) - 2))):
            want = _MAY_HAVE_BLOCK_CODE.search(text, start, end) is not None
            assert _may_have_block_code(text, start, end) == want, (text, start, end)
            yes += want
    assert yes > 1000
