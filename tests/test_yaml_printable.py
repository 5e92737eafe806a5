"""The YAML fast path's set of characters it leaves to libyaml is written as a small class, the
complement of libyaml's printable ranges: the same set, over every code point."""

import re

from cxlint.yamlscalars import _ODD

#: what libyaml accepts unquoted-or-quoted as printable (its reader's ranges), negated
_NOT_PRINTABLE = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


def test_the_odd_characters_are_exactly_the_non_printable_ones():
    every = "".join(map(chr, range(0x110000)))
    found = _ODD.findall(every)
    assert found == _NOT_PRINTABLE.findall(every)
    assert {"\t", "\r", "\x85", "\u2028", "\ufeff", "\ud800"} <= set(found)
    assert not {" ", "~", "\xa0", "\u2027", "\u202a", "\ufffd", "\U0010ffff"} & set(found)


def test_printable_lines_is_isprintable_with_line_breaks_allowed():
    # ASCII text is looked at as bytes: every ASCII character, alone and among others, and
    # non-ASCII text (the per-character way) must answer as str.isprintable() does
    import random

    from cxlint.yamlscalars import printable_lines

    def expected(text):
        return text.replace("\n", " ").isprintable()

    for code in range(0x100):
        for text in (chr(code), f"key: a{chr(code)}b\nnext: c\n", f"\n{chr(code)}\n"):
            assert printable_lines(text) == expected(text), repr(text)
    rng = random.Random(4)
    alphabet = ["a", " ", "\n", "\t", "\r", "\x7f", "\x00", "é", "\xa0", "\u2028", "’", "~"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))
        assert printable_lines(text) == expected(text), repr(text)
    assert printable_lines("") is True
