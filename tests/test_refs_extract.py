"""Shortcode argument lexing: quoted values with escapes, offsets of the value text."""

from __future__ import annotations

from cxlint.refs.extract import shortcode_calls


def test_quoted_arguments_with_escapes_and_offsets():
    text = 'a {{< ref "x \\"y\\" z.md" >}} b {{% link path="/n/a.md" %}} {{< ref `raw.md` >}} {{< ref "open'
    calls = shortcode_calls(text)
    assert [c.name for c in calls] == ["ref", "link", "ref"]
    first = calls[0].positional[0]
    assert first.value == 'x "y" z.md' and text[first.start:first.end] == 'x \\"y\\" z.md'
    named = calls[1].named["path"]
    assert named.value == "/n/a.md" and text[named.start:named.end] == "/n/a.md"
    assert calls[2].positional[0].value == "raw.md"


def test_escaped_call_is_not_a_call():
    assert shortcode_calls('{{</* ref "x.md" */>}} {{< ref "y.md" >}}')[0].positional[0].value == "y.md"


# --------------------------------------------------------------- the skip regex
# shortcode_calls(names=...) steps over other calls with one regex match: it must
# accept exactly the calls the parser accepts, and end where they end.
_PIECES = [
    "{{<", "{{%", ">}}", "%}}", "/>}}", "/%}}", " ", "  ", "\n", "\t", '"', '\\"', "\\", "`", "=",
    "/", "/*", "*/", "ref", "relref", "link", "x", "a.md", "p=", "path=", "-", ".", "é", "#", "{{", "}}",
]


def _random_texts(seed: int, count: int):
    import random

    rnd = random.Random(seed)
    for _ in range(count):
        head = rnd.choice(["{{< ", "{{% ", "{{<", "{{< /", ""]) + rnd.choice(["ref", "relref", "link", ""])
        yield head + "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 24)))


def _expected(text, names):
    return [c for c in shortcode_calls(text) if c.name in names and not c.closing]


def test_filtered_scan_equals_the_full_parse_on_generated_text():
    names = {"ref", "relref"}
    checked = found = 0
    for text in _random_texts(7, 15_000):
        got = shortcode_calls(text, names=names)
        assert got == _expected(text, names), text
        checked += 1
        found += len(got)
    assert found > 1000  # the generator really makes calls (and the test can fail)


def test_skip_regex_accepts_exactly_what_the_parser_accepts():
    from cxlint.refs.extract import _SKIP, _parse_call

    accepted = refused = 0
    for text in _random_texts(11, 10_000):
        for delim in "<%":
            full = "{{" + delim + text
            call = _parse_call(full, 0, 3, delim)
            m = _SKIP[delim].match(full, 3)
            assert (m is None) == (call is None), full
            if call is not None:
                assert m.end() == call.end and m.group("name") == call.name, full
                assert bool(m.group("slash")) == call.closing, full
                accepted += 1
            else:
                refused += 1
    assert accepted > 1000 and refused > 1000


def test_filtered_scan_skips_other_calls_and_their_arguments():
    text = '{{< note "{{< ref \\"hidden.md\\" >}}" >}} {{< /ref >}} {{% ref "a.md" %}} {{< x= "b" >}}{{< relref "c.md" >}}'
    got = shortcode_calls(text, names={"ref", "relref"})
    assert [(c.name, c.positional[0].value) for c in got] == [("ref", "a.md"), ("relref", "c.md")]
    assert got == _expected(text, {"ref", "relref"})
