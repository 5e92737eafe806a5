"""The Go-layout date parser: its fast pre-filter never rejects a value the parse accepts."""

from __future__ import annotations

import random

import pytest

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


def _fixed_width_values(seed: int = 11, n: int = 20000):
    """Dates and date-times in the two fast-path shapes, with every field sometimes out of range."""
    rng = random.Random(seed)
    for _ in range(n):
        y = rng.choice([0, 1, 1969, 2000, 2019, 2024, 2100, 9999])
        mo, d = rng.randint(0, 13), rng.randint(0, 32)
        h, mi, s = rng.randint(0, 25), rng.randint(0, 61), rng.randint(0, 61)
        zh, zm = rng.randint(0, 25), rng.randint(0, 61)
        sign = rng.choice("+-")
        yield f"{y:04d}-{mo:02d}-{d:02d}"
        yield f"{y:04d}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d} {sign}{zh:02d}{zm:02d}"
        yield f"{y:04d}-{mo:02d}-{d:02d} {h}:{mi}:{s:02d} {sign}{zh:02d}{zm:02d}"  # one-digit hour/minute


def test_fast_paths_agree_with_the_layout_parser():
    from cxlint.godates import _FAST

    fast_hits = 0
    for value in list(_fixed_width_values()) + list(_variants()):
        for layout, (pattern, build) in _FAST.items():
            m = pattern.fullmatch(value)
            got = build(m) if m is not None else None
            if got is None:
                continue  # not for the fast path: parse_layout decides alone
            fast_hits += 1
            assert got == parse_layout(value, layout), (value, layout)
            assert got.utcoffset() == parse_layout(value, layout).utcoffset()
    assert fast_hits > 5000


def test_year_zero_is_a_date_hugo_reads():
    from cxlint.godates import parse_hugo_date

    assert parse_hugo_date("0000-01-01") is not None  # Go reads year 0 (it used to crash FM004)
    assert parse_hugo_date("0000-02-29") is not None  # a leap year in Go's calendar
    assert parse_hugo_date("0001-02-29") is None


@pytest.mark.parametrize(
    ("value", "fast"),
    [("2024-02-29", True), ("2000-02-29", True), ("2023-02-29", False), ("2100-02-29", False),
     ("2019-01-31", True), ("2019-04-31", False), ("2019-12-31", True), ("2019-02-30", False)],
)
def test_fast_path_reads_the_last_days_of_a_month_as_go_does(value, fast):
    from cxlint.godates import _FAST

    pattern, build = _FAST["2006-01-02"]
    got = build(pattern.fullmatch(value))
    assert (got is not None) == fast
    try:
        want = parse_layout(value, "2006-01-02")
    except GoDateError:
        want = None
    assert got == want if fast else want is None


def test_readable_is_first_parsed_not_none():
    """The fixed-width layouts asked first change no answer, for Hugo's layouts and a site's."""
    from cxlint.godates import HUGO_LAYOUTS, first_parsed, readable

    site = ("2006-01-02", "January 2, 2006")
    values = list(_fixed_width_values(seed=5, n=3000)) + list(_variants()) + ["", "2019", "May 5, 2019", "x 2019-01-01"]
    assert sum(readable(v) for v in values) > 1000
    for value in values:
        for layouts in (HUGO_LAYOUTS, site):
            assert readable(value, layouts) == (first_parsed(value, layouts) is not None), (value, layouts)


def test_fast_layout_is_a_layout_that_reads_the_value():
    """FM004 takes a value fast_layout() names as readable and as in every format holding that layout."""
    from cxlint.godates import HUGO_LAYOUTS, fast_layout, matches_any, readable

    values = list(_fixed_width_values(seed=9, n=3000)) + list(_variants()) + ["", "2019-1-1", "2019-01-01T00:00:00Z"]
    named = 0
    for value in values:
        layout = fast_layout(value)
        if layout is None:
            continue
        named += 1
        assert layout in HUGO_LAYOUTS and readable(value), value
        assert matches_any(value, (layout,)) and matches_any(value, ["January 2, 2006", layout]), (value, layout)
        assert parse_layout(value, layout) is not None
    assert named > 3000 and named < len(values)
