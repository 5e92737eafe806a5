"""The Go-layout date parser: its fast pre-filter never rejects a value the parse accepts."""

from __future__ import annotations

import random

from cxlint.godates import HUGO_LAYOUTS, GoDateError, _prefilter, parse_layout
from test_fm_dates_hugo import PROBES

LAYOUTS = HUGO_LAYOUTS + ("2006-01-02 15:04:05 -0700", "Jan 2, 2006 at 3:04pm (MST)", "02/01/06 15:04:05.000")


def _variants(seed: int = 7, n: int = 3000):
    rng = random.Random(seed)
    alphabet = "0123456789 -:+.,TZtzAPMamp/JanMayTueEDTUTCGMT"
    for value in PROBES:
        yield value
        for _ in range(20):
            chars = list(value)
            for _ in range(rng.randint(1, 3)):
                i = rng.randrange(len(chars) + 1)
                op = rng.random()
                if op < 0.4 and chars:
                    chars[min(i, len(chars) - 1)] = rng.choice(alphabet)
                elif op < 0.7:
                    chars.insert(i, rng.choice(alphabet))
                elif chars:
                    del chars[min(i, len(chars) - 1)]
            yield "".join(chars)


def test_prefilter_is_a_superset_of_the_parse():
    accepted = 0
    for value in _variants():
        for layout in LAYOUTS:
            try:
                parse_layout(value, layout)
            except GoDateError:
                continue
            accepted += 1
            assert _prefilter(layout).fullmatch(value), (value, layout)
    assert accepted > 50  # the variants really exercise accepting parses


def test_parse_examples():
    assert parse_layout("2013-12-02 7:37:00 -0400", "2006-01-02 15:04:05 -0700").hour == 7
    assert parse_layout("Jan 2, 2006 at 3:04pm (MST)", "Jan 2, 2006 at 3:04pm (MST)").hour == 15
