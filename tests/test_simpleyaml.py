"""The simple-YAML fast path (cxlint.simpleyaml) against the libyaml path, result for result.

Whenever the fast path reads a front matter, its FrontMatter must equal what
libyaml builds: the data (values and their types), key and value spans (in the
same order), duplicate keys and suppressions. Whatever it cannot read, and
every front matter libyaml rejects, must be left to libyaml (``None``).
Checked on the real site, the migration corpus, the repository's own pages and
rule-case inputs, hand-written tricky cases and generated documents.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
import yaml

from cxlint import frontmatter as fm, simpleyaml
from cxlint.site import decode_bytes

REPO = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- comparing


def _same_value(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(
            type(ka) is type(kb) and _same_value(a[ka], b[kb]) for ka, kb in zip(a, b)
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(_same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def _frontmatter_fields(got: fm.FrontMatter) -> dict:
    return {
        "key_spans": list(got.key_spans.items()),
        "value_spans": list(got.value_spans.items()),
        "duplicates": got.duplicates,
        "bounds": (got.format, got.start, got.content_start, got.content_end, got.end),
        "line_suppressions": got.line_suppressions,
        "file_suppressions": got.file_suppressions,
    }


def differ(text: str) -> str | None:
    """Why the fast path and libyaml disagree on this page (None: they agree, or the fast path passed)."""
    try:
        where = fm.split(text)
    except fm.FrontMatterError:
        return None
    if where.format != "yaml":
        return None
    fast = fm._parse_yaml_fast(text, where)
    try:
        slow = fm._parse_yaml_libyaml(text, where)
    except fm.FrontMatterError as exc:
        if fast is not None:
            return f"the fast path read front matter libyaml rejects ({exc.message})"
        return None
    if fast is None:
        return None
    for part in (fast, slow):
        fm._find_suppressions(text, part)
    if not _same_value(fast.data, slow.data):
        return f"data: {fast.data!r} != {slow.data!r}"
    a, b = _frontmatter_fields(fast), _frontmatter_fields(slow)
    for name in a:
        if a[name] != b[name]:
            return f"{name}: {a[name]!r} != {b[name]!r}"
    # the general parser too, where the one-loop reader took the page first
    src = text[where.content_start : where.content_end]
    if simpleyaml._flat(src, where.content_start, fm.fast_parser()[1]) is not None:
        doc = simpleyaml._Doc(src, where.content_start, fm.fast_parser()[1])
        data = doc.document()
        if not _same_value(data, slow.data):
            return f"general parser data: {data!r} != {slow.data!r}"
        if (list(doc.key_spans.items()), list(doc.value_spans.items()), doc.duplicates) != (
            b["key_spans"], b["value_spans"], []
        ):
            return "general parser spans differ"
    return None


def handled(yaml_text: str) -> bool:
    text = "---\n" + yaml_text + "---\nbody\n"
    return fm._parse_yaml_fast(text, fm.split(text)) is not None


def check(yaml_text: str) -> None:
    text = "---\n" + yaml_text + "---\nbody\n"
    problem = differ(text)
    assert problem is None, f"{yaml_text!r}: {problem}"


# --------------------------------------------------------------------------- real pages


def _pages(root: Path):
    for path in sorted(root.rglob("*.md")):
        try:
            text, _bom = decode_bytes(path.read_bytes())
        except Exception:
            continue
        yield path, text


def _differential(root: Path) -> tuple[int, int, list[str]]:
    yaml_pages = fast_pages = 0
    problems = []
    for path, text in _pages(root):
        try:
            where = fm.split(text)
        except fm.FrontMatterError:
            continue
        if where.format != "yaml":
            continue
        yaml_pages += 1
        fast_pages += fm._parse_yaml_fast(text, where) is not None
        problem = differ(text)
        if problem:
            problems.append(f"{path}: {problem}")
    return yaml_pages, fast_pages, problems


def test_real_site_pages_equal_libyaml(corpus_dir):
    yaml_pages, fast_pages, problems = _differential(corpus_dir / "content")
    assert not problems, "\n".join(problems[:20])
    assert yaml_pages > 4000
    # the fast path must really be taken, or this test compares nothing
    assert fast_pages >= 0.95 * yaml_pages, (fast_pages, yaml_pages)


def test_migration_corpus_pages_equal_libyaml(migration_dir):
    for sub in ("expected", "legacy"):
        yaml_pages, fast_pages, problems = _differential(migration_dir / sub)
        assert not problems, "\n".join(problems[:20])
        if sub == "expected":
            assert yaml_pages and fast_pages >= 0.9 * yaml_pages, (sub, fast_pages, yaml_pages)


def _fixture_texts():
    for root in (REPO / "tests", REPO / "examples"):
        for path, text in _pages(root):
            yield str(path.relative_to(REPO)), text
    for case_file in sorted((REPO / "tests" / "rule_cases").glob("*.yml")):
        spec = yaml.safe_load(case_file.read_text(encoding="utf-8"))
        for case in spec.get("cases", []):
            if isinstance(case.get("input"), str):
                yield f"{case_file.name}: {case['name']}", case["input"]
                yield f"{case_file.name}: {case['name']} (CRLF)", case["input"].replace("\n", "\r\n")
        for name, text in (spec.get("site") or {}).items():
            if isinstance(text, str) and name.endswith(".md"):
                yield f"{case_file.name}: {name}", text


def test_repository_fixtures_equal_libyaml():
    seen = 0
    for name, text in _fixture_texts():
        seen += 1
        assert differ(text) is None, f"{name}: {differ(text)}"
    assert seen > 100


# --------------------------------------------------------------------------- tricky cases

# Each is compared with libyaml; these must also be read by the fast path.
HANDLED = [
    "title: Hello\n",
    "title: Hello world  \n",  # trailing blanks
    "title: Hello # a comment\n",
    "title: Hello#not-a-comment\n",
    "url: https://example.gov/a:b\n",
    "a:   spaced\n",
    "key with spaces: v\n",
    "key  : v\n",  # blanks before the colon
    "a:b: c\n",  # ':' without a blank is part of the key
    "title: 'it''s'\n",
    "title: ''\n",
    'title: ""\n',
    'title: "a \\"b\\" c"\n',
    'title: "tab\\there, \\u00e9, \\x41, \\U0001F600, \\\\, \\/, \\0, \\N, \\_, \\L, \\P, \\e, \\ "\n',
    "title: \"with # hash and: colon\"\n",
    "title: 'with # hash and: colon'\n",
    'title: "x"  # comment\n',
    'title: "x"#comment\n',
    "title: 'x' # comment\n",
    "\"quoted key\": v\n",
    "'single key': v\n",
    '"a\\"b": v\n',
    "n1: 1\nn2: -1\nn3: +1\nn4: 0x1F\nn5: 0o17\nn6: 012\nn7: 0b101\nn8: 1_000\nn9: 190:20:30\n",
    "f1: 1.5\nf2: .5\nf3: 1e3\nf4: 1.0e+3\nf5: -.inf\nf6: .NaN\nf7: 6.8523015e+5\nf8: 1_000.5\nf9: 190:20:30.15\n",
    "b1: yes\nb2: No\nb3: NO\nb4: on\nb5: OFF\nb6: true\nb7: False\nb8: y\nb9: n\n",
    "z1: ~\nz2: null\nz3: Null\nz4: NULL\nz5:\nz6: nil\n",
    "d1: 2019-05-03\nd2: 2019-05-03 10:00:00 -0500\nd3: 2019-05-03T10:00:00Z\nd4: '2019-05-03'\n",
    "v1: 1.2.3\nv2: 1e\nv3: 0x\nv4: +\nv5: -\u00e9\nv6: 08\nv7: 1__0\nv8: .\n",
    "1: one\n2.5: two\ntrue: three\n~: four\n",
    "unicode: caf\u00e9 \u2014 \u201cquoted\u201d \U0001F600\n\u00e9t\u00e9: \u6f22\u5b57\n",
    "nbsp: a\u00a0b\n# comment with\u00a0nbsp\n",
    "empty:\nnext: 1\n",
    "empty:   \nnext: 1\n",
    "empty: # comment\nnext: 1\n",
    "last:\n",
    "tags:\n  - a\n  - b\n",
    "tags:\n- a\n- b\nnext: 1\n",  # a sequence at the parent key's indentation
    "tags:\n    - a\n    - 'b'\n    - \"c\"\n\n# comment\n\nnext: 1\n",
    "tags:\n  -   spaced\n  - x # comment\n",
    "tags:\n  - 1\n  - 2.5\n  - yes\n  - ~\n  - 2020-01-01\n",
    "tags:\n  - https://example.gov/x\n  - a: b\n",
    "tags:\n  -\n  - x\n  - \n",
    "tags: []\nmore: [ ]\n",
    "tags: [a, 'b', \"c\", 1, yes]\n",
    "tags: [a b, c]  # comment\n",
    "nested:\n  a: 1\n  b:\n    c: two\n    d:\n      - x\n  e: 3\ntop: 4\n",
    "nested:\n  a:\n  b: 2\n",
    "nested:\n  a:\n  - x\n  - y\n  b: 2\n",
    "items:\n  - name: a\n    url: /a\n  - name: b\n    list:\n      - x\n  -   spaced: 1\n      other: 2\n",
    "items:\n  - name: a\n    sub:\n    - x\n",
    "items:\n  -\n    name: a\n",
    "dup: 1\ndup: 2\n",
    "dup: 1\nother: x\ndup:\n  - a\n",
    "outer:\n  k: 1\n  k: 2\nouter:\n  k: 3\n",
    "1: a\n1.0: b\ntrue: c\n",  # equal keys in Python (1 == 1.0 == True)
    "'1': a\n1: b\n",
    "a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: 'q'\r\n",
    "a: 1\r\n\r\n# comment\r\nb: two words\r\n",
    "folded: one\n  two\n  three\nnext: 1\n",
    "folded: one\n\n  two\n\n\n  three\n",
    "folded:\n  key: one\n    two\n",
    "seq:\n  - one\n    two\n  - three\n",
    'dq: "one\n  two\n\n  three  \n  four"\nnext: 1\n',
    "sq: 'one\n  two''s\n\n\n  three'\n",
    'esc: "a\\\n   b\\\n\n   c"\n',
    'esc: "a \\\n b"\n',
    'dq: "line\nat column 0"\nnext: 1\n',
    'dq: "one \\t\n  two"\n',
    "  indented: 1\n  top: 2\n",
    "# only a comment\n",
    "\n\n",
    "",
    "k: v\n# cxlint: disable=FM002\nother: w  # cxlint: disable=FM004\n",
    "long: " + "x" * 5000 + "\n",
    "key: value with 'quotes' and \"doubles\" inside\n",
    "key: value ] with } brackets\n",
    "key: a - b -- c\n",
    "key: -1\nkey2: -x\nkey3: --x\n",
    "key: .5x\n",
    "key: 12:30\n",  # sexagesimal int in YAML 1.1
    "key: 1:2\n",
]

# Must be left to libyaml (valid YAML beyond the subset, or invalid YAML).
UNHANDLED = [
    "a: &anchor 1\nb: *anchor\n",
    "a: !tag x\n",
    "? complex\n: key\n",
    "a: {b: c}\n",
    "a: |\n  literal\n",
    "a: >\n  folded\n",
    "a:\tb\n",
    "a: b\n\tc: d\n",
    "%YAML 1.1\n---\na: 1\n",
    "--- a\nb: 1\n",
    "a: 1\n--- x\nb: 2\n",
    "<<: {a: 1}\n",
    "a: =\n",
    "a: [b, [c]]\n",
    "a: [b,\n  c]\n",
    "a: [b, ]\n",
    "a: [b: c]\n",
    "- a\n- b\n",  # not a mapping: libyaml reports it
    "just a scalar\n",
    "a: b: c\n",
    "a: b\n  c: d\n",
    "a:\n  b: 1\n c: 2\n",
    "a: 1\n  b: 2\n",
    "a:\n  - x\n  y: 1\n",
    "a: 1\n- x\n",
    "a: 'unterminated\n",
    'a: "unterminated\n',
    'a: "bad \\q escape"\n',
    'a: "bad \\\' escape"\n',
    'a: "surrogate \\ud800"\n',
    "a: 'x' y\n",
    'a: "x" y\n',
    "a: `reserved`\n",
    "a: @reserved\n",
    "a: - b\n",
    "a: b\r c\n",
    "a: \x07bell\n",
    "a: \ufeffbom\n",
    "a: line\u2028sep\n",
    "a: \x85\n",
    "a:\n  - - nested\n",
    "key:value\n",
    "a: " + "x" * 10 + "\n" + "k" * 1100 + ": v\n",
    "seq:\n  - one\n  # comment\n    two\n",
    "plain: one # comment\n  two\n",
    "tags:\n  - # comment\n    x\n",  # a scalar on the line after its '- '
    "key:\n  value on the next line\n",
    'dq: "x\n--- \n"\n',
]


# Read by the one-loop reader itself (not only by the general parser): keys padded to line
# their values up, and blanks after a one-line quoted value, as data/images/*.yml write them.
FLAT = [
    "date     : 2021-12-16 19:47:29 -0400\nuid      : x\nwidth    : 1009\ncredit   : \"\" \ncaption  : '' \n"
    "alt      : \"a \\\"b\\\" c\"\n",
    "k  :\nnext: 1\n",
    "tags   :\n  - a\n  - 'b'\n",
    "q: \"x\"   \nr: 'it''s'  \ns: ''\n",
    "2   : one\ntrue  : two\n",
    "a :  spaced\n",
]


@pytest.mark.parametrize("yaml_text", FLAT)
def test_lined_up_keys_and_blanks_after_quotes_read_by_the_flat_loop(yaml_text):
    check(yaml_text)
    got = simpleyaml._flat(yaml_text, 4, fm.fast_parser()[1])
    if '\\"' in yaml_text or "''s" in yaml_text:
        assert got is None  # escapes: the general parser's
    else:
        assert got is not None, yaml_text
    assert handled(yaml_text)


@pytest.mark.parametrize("yaml_text", HANDLED)
def test_tricky_case_read_by_the_fast_path_equals_libyaml(yaml_text):
    check(yaml_text)
    assert handled(yaml_text), f"the fast path should read {yaml_text!r}"


@pytest.mark.parametrize("yaml_text", UNHANDLED)
def test_case_beyond_the_subset_is_left_to_libyaml(yaml_text):
    assert not handled(yaml_text)
    check(yaml_text)


def test_errors_keep_libyaml_messages():
    text = "---\ntitle: a\n  b: c\n---\n"
    with pytest.raises(fm.FrontMatterError) as err:
        fm.parse(text, fm.split(text))
    assert "mapping values are not allowed" in err.value.message


def test_duplicates_and_spans_of_the_fast_path():
    text = "---\ntitle: One\ntags:\n  - a\ntitle: Two\n---\n"
    got = fm._parse_yaml_fast(text, fm.split(text))
    assert got is not None
    assert got.data == {"title": "Two", "tags": ["a"]}
    assert [(d.path, d.key, text[d.first[0] : d.first[1]], text[d.repeat[0] : d.repeat[1]]) for d in got.duplicates] == [
        ((), "title", "title", "title")
    ]
    assert text[slice(*got.value_span("tags"))] == "- a\n"
    assert text[slice(*got.value_span("tags", 0))] == "a"
    assert got.value_span("title") == (text.index("One"), text.index("One") + 3)


# --------------------------------------------------------------------------- generated documents

_SCALARS = [
    "plain", "two words", "with: colon", "a:b", "x#y", "x # c", "1", "-2", "+3", "0x1F", "0o7", "017", "1_0",
    "1.5", ".5", "1e3", ".inf", "-.Inf", ".nan", "yes", "No", "off", "~", "null", "", "2019-05-03",
    "2019-05-03 10:00:00 -0500", "'q'", "'it''s'", "''", '"d"', '"e\\"s"', '"\\u00e9\\t"', '""', "[a, b]", "[]",
    "[1, 'x', \"y\"]", "caf\u00e9", "a\u00a0b", "-", "- x", "&a x", "*a", "!t x", "{a: b}", "|", ">", "'open",
    '"open', "x ]", "`x`", "@x", "?x", ":x", "%x", "=", "<<", "#", "a  ", '"x" # c', "'x'y",
    # over several lines (the continuation's indentation is as written, whatever the key's)
    '"one\n  two"', '"one  \n\n   two  "', "'a\n b''c\n\n\n  d'", '"a\\\n  b"', '"x\ny"', '"x\n  "',
    "plain\n  more", "plain\n\n  more\n   and more", "plain\n more: no", "plain\n  # not a comment",
    "1\n  2", '"q\n  a: b"  # c',
    # blanks after a closing quote (data files), also before a line that goes on
    '"q" ', "'q'   ", '"" ', '"a\\"b" ', '"q" x', "'a''b'  ", '"open  \n  on"  ',
]
_KEYS = ["title", "a", "key two", "1", "true", "~", "'q'", '"d"', "a:b", "x#y", "-k", "?k", "é", "k ",
         "width    ", "1   ", "x #  ", "...  ", "a b  "]  # padded keys: values lined up


def _gen_block(rng: random.Random, indent: int, depth: int) -> list[str]:
    lines: list[str] = []
    pad = " " * indent
    for _ in range(rng.randint(1, 4)):
        key = rng.choice(_KEYS)
        roll = rng.random()
        if rng.random() < 0.15:
            lines.append(rng.choice(["", "# comment", pad + "# indented comment", "   "]))
        if roll < 0.55 or depth >= 2:
            value = rng.choice(_SCALARS)
            line = f"{pad}{key}: {value}".rstrip() if value else f"{pad}{key}:"
            if rng.random() < 0.15:  # blanks at the line's end
                line += " " * rng.randint(1, 3)
            lines.append(line)
            if rng.random() < 0.08:  # a continuation line, sometimes badly indented
                lines.append(" " * rng.choice([indent, indent + 1, indent + 2]) + rng.choice(["more", "x: y", "- z", '"q"']))
        elif roll < 0.8:
            lines.append(f"{pad}{key}:")
            seq_indent = indent + rng.choice([0, 2, 4])
            for _ in range(rng.randint(0, 3)):
                item = rng.choice(_SCALARS + ["k: v"])
                lines.append(f"{' ' * seq_indent}- {item}".rstrip())
                if item == "k: v" and rng.random() < 0.5:
                    lines.append(" " * (seq_indent + 2) + rng.choice(["k2: v2", "k: again", "k3:"]))
        else:
            lines.append(f"{pad}{key}:")
            lines.extend(_gen_block(rng, indent + rng.choice([1, 2, 4]), depth + 1))
    return lines


@pytest.mark.parametrize("seed", range(8))
def test_generated_documents_equal_libyaml(seed):
    rng = random.Random(seed)
    read = 0
    for _ in range(400):
        body = "\n".join(_gen_block(rng, 0, 0)) + "\n"
        if rng.random() < 0.1:
            body = body.replace("\n", "\r\n")
        check(body)
        read += handled(body)
    assert read > 40  # the generator does reach the fast path


def test_parse_takes_the_fast_path_and_falls_back_to_libyaml(monkeypatch):
    simple = "---\ntitle: Hello\ntags:\n  - a\n---\nbody\n"
    anchored = "---\na: &x 1\nb: *x\n---\nbody\n"
    calls = []
    real = fm._parse_yaml_libyaml

    def spy(text, where):
        calls.append(text)
        return real(text, where)

    monkeypatch.setattr(fm, "_parse_yaml_libyaml", spy)
    assert fm.parse(simple, fm.split(simple)).data == {"title": "Hello", "tags": ["a"]}
    assert calls == []  # read without libyaml
    assert fm.parse(anchored, fm.split(anchored)).data == {"a": 1, "b": 1}
    assert calls == [anchored]


_MUTATIONS = [
    " ", "  ", ":", ": ", "#", " #", '"', "'", "-", "- ", "\n", "\n  ", "[", "]", "{", "&", "*", "!",
    "|", ">", "\\", "\t", "\r", "\u00e9", "\u00a0", "?", "%", "@", "...", "---",
]


def test_mutated_real_pages_equal_libyaml(corpus_dir):
    """Real front matter with random edits: read alike, or left to libyaml (also when it is now invalid)."""
    sources = []
    for _path, text in _pages(corpus_dir / "content"):
        where = fm.split(text)
        if where.format == "yaml" and where.content_end > where.content_start:
            sources.append(text[where.content_start : where.content_end])
    rng = random.Random(2)
    read = 0
    for _ in range(3000):
        src = rng.choice(sources)
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(src) + 1)
            roll = rng.random()
            if roll < 0.4:
                src = src[:i] + rng.choice(_MUTATIONS) + src[i:]
            elif roll < 0.7:
                src = src[:i] + src[i + 1 :]
            else:  # repeat a line elsewhere (duplicate keys, odd indentation)
                lines = src.split("\n")
                lines.insert(rng.randrange(len(lines)), rng.choice(lines))
                src = "\n".join(lines)
        text = "---\n" + src.rstrip("\n") + "\n---\nbody\n"
        problem = differ(text)
        assert problem is None, f"{src!r}: {problem}"
        read += handled(src.rstrip("\n") + "\n")
    assert read > 1500


# --------------------------------------------------------------------------- the line caches


def _flat_runs(sources: list[tuple[str, int]], monkeypatch) -> None:
    """The one-loop reader gives the same answer whether its line caches know each line
    (warm), know none (cold: a fresh resolver) or keep starting afresh (a cache of one)."""

    def fresh():
        return simpleyaml.Resolver(fm._Loader.yaml_implicit_resolvers)

    def runs(resolver):
        out = []
        for src, base in sources:
            try:
                got = simpleyaml._flat(src, base, resolver)
            except simpleyaml.Unhandled:
                got = "unhandled"
            out.append(got if got in (None, "unhandled") else (got[0], list(got[1].items()), list(got[2].items())))
        return out

    warm = fresh()
    cold = runs(warm)
    assert warm.key_lines and warm.item_lines  # the caches were filled ...
    assert runs(warm) == cold  # ... and answering from them changes nothing
    for a, b in zip(runs(warm), cold):
        if isinstance(a, tuple):
            assert _same_value(a[0], b[0])  # the values' types too
    monkeypatch.setattr(simpleyaml, "_LINE_CACHE_LIMIT", 1)
    assert runs(fresh()) == cold


def test_line_caches_change_nothing_on_real_pages(corpus_dir, monkeypatch):
    sources = []
    for _path, text in _pages(corpus_dir / "content"):
        where = fm.split(text)
        if where.format == "yaml":
            sources.append((text[where.content_start : where.content_end], where.content_start))
    assert len(sources) > 4000
    _flat_runs(sources, monkeypatch)


def test_line_caches_change_nothing_on_generated_documents(monkeypatch):
    rng = random.Random(11)
    sources = []
    for _ in range(2000):
        body = "\n".join(_gen_block(rng, 0, 0)) + "\n"
        sources.append((body, rng.choice([0, 4])))
    sources += [(text, 4) for text in FLAT + HANDLED + UNHANDLED]
    _flat_runs(sources, monkeypatch)
