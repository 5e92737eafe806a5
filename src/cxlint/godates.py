"""Dates the way Hugo reads them: Go's ``time.Parse`` layouts, reproduced.

Hugo turns a front-matter date string into a time with spf13/cast, which
tries a fixed list of Go layouts in order; the first that parses wins. A
value none of them parses is *silently* dropped: the page gets the zero date
(0001-01-01) and no warning. An integer is read as Unix seconds. Which strings
pass was checked against real Hugo 0.147.8 (``tests/test_fm_dates_hugo.py``).

Go layouts are also how a site states its own date format in a rule pack
(``"2006-01-02 15:04:05 -0700"``), so this module parses any layout made of
Go's reference tokens, with Go's rules: ``01`` needs two digits, ``1`` and
``15`` take one or two, a fractional second may follow the seconds even when
the layout has none, month and day names match case-insensitively, and the
day must exist in its month.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from functools import lru_cache

# spf13/cast's timeFormats (the order Hugo tries them in)
HUGO_LAYOUTS: tuple[str, ...] = (
    "2006-01-02",
    "2006-01-02T15:04:05Z07:00",  # RFC 3339
    "2006-01-02T15:04:05",
    "Mon, 02 Jan 2006 15:04:05 -0700",  # RFC 1123 with numeric zone
    "Mon, 02 Jan 2006 15:04:05 MST",  # RFC 1123
    "02 Jan 06 15:04 -0700",  # RFC 822 with numeric zone
    "02 Jan 06 15:04 MST",  # RFC 822
    "Monday, 02-Jan-06 15:04:05 MST",  # RFC 850
    "2006-01-02 15:04:05.999999999 -0700 MST",  # Go's Time.String()
    "2006-01-02T15:04:05-0700",
    "2006-01-02 15:04:05Z0700",
    "2006-01-02 15:04:05",
    "Mon Jan _2 15:04:05 2006",  # ANSI C
    "Mon Jan _2 15:04:05 MST 2006",  # Unix date
    "Mon Jan 02 15:04:05 -0700 2006",  # Ruby date
    "2006-01-02 15:04:05Z07:00",
    "02 Jan 2006",
    "2006-01-02 15:04:05 -07:00",
    "2006-01-02 15:04:05 -0700",
    "3:04PM",  # Kitchen
    "Jan _2 15:04:05",  # Stamp
    "Jan _2 15:04:05.000",
    "Jan _2 15:04:05.000000",
    "Jan _2 15:04:05.000000000",
)

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Go's reference tokens, longest first where one is a prefix of another
_TOKENS = (
    "January", "Monday", "2006", "Jan", "Mon", "MST", "-07:00:00", "-070000", "-07:00", "-0700", "-07",
    "Z07:00:00", "Z070000", "Z07:00", "Z0700", "Z07", "002", "__2", "_2", "01", "02", "03", "04", "05",
    "06", "15", "PM", "pm", "1", "2", "3", "4", "5",
)
_FRACTION = re.compile(r"[.,](0+|9+)")


class GoDateError(ValueError):
    """The value does not parse with the layout."""


@lru_cache(maxsize=64)
def _compile(layout: str) -> tuple:
    """Split a layout into literal strings and token names."""
    parts: list[tuple[str, str]] = []
    i = 0
    while i < len(layout):
        m = _FRACTION.match(layout, i)
        if m and not layout[m.end():m.end() + 1].isdigit():  # Go: ".000"/".999" not followed by a digit
            parts.append(("frac", m.group(1)))
            i = m.end()
            continue
        for tok in _TOKENS:
            if layout.startswith(tok, i):
                parts.append(("tok", tok))
                i += len(tok)
                break
        else:
            if parts and parts[-1][0] == "lit":
                parts[-1] = ("lit", parts[-1][1] + layout[i])
            else:
                parts.append(("lit", layout[i]))
            i += 1
    return tuple(parts)


def _num(value: str, fixed: bool) -> tuple[int, str]:
    """Go's getnum: one or two digits (exactly two when ``fixed``)."""
    if not value[:1].isdigit() or not value[:1].isascii():
        raise GoDateError("expected a number")
    if not value[1:2].isdigit() or not value[1:2].isascii():
        if fixed:
            raise GoDateError("expected two digits")
        return int(value[0]), value[1:]
    return int(value[:2]), value[2:]


def _lookup(value: str, names: tuple[str, ...], short: bool) -> tuple[int, str]:
    low = value.lower()
    for i, name in enumerate(names):
        want = name[:3] if short else name
        if low.startswith(want):
            return i, value[len(want):]
    raise GoDateError("expected a month or day name")


def parse_layout(value: str, layout: str) -> _dt.datetime:
    """Parse ``value`` with the Go ``layout``; raise :class:`GoDateError` if Go would refuse it."""
    year, month, day = 1, 1, 1
    hour = minute = second = micro = 0
    pm_set: bool | None = None
    tz: _dt.tzinfo | None = None
    shift = _dt.timedelta(0)  # an offset Python cannot hold in a zone (see the numeric zones)
    rest = value
    for kind, tok in _compile(layout):
        if kind == "lit":
            if not rest.startswith(tok):
                raise GoDateError(f"expected {tok!r}")
            rest = rest[len(tok):]
            continue
        if kind == "frac":
            digits = re.match(r"[.,](\d+)", rest)
            if tok[0] == "0":
                if not digits or len(digits.group(1)) != len(tok):
                    raise GoDateError("expected a fractional second")
            elif not digits:
                continue  # .999 is optional
            micro = int((digits.group(1) + "000000")[:6])
            rest = rest[digits.end():]
            continue
        if tok == "2006":
            if len(rest) < 4 or not rest[:4].isdigit() or not rest[:4].isascii():
                raise GoDateError("expected a four-digit year")
            year, rest = int(rest[:4]), rest[4:]
        elif tok == "06":
            n, rest = _num(rest, True)
            year = n + (1900 if n >= 69 else 2000)
        elif tok in ("January", "Jan"):
            m, rest = _lookup(rest, _MONTHS, tok == "Jan")
            month = m + 1
        elif tok in ("01", "1"):
            month, rest = _num(rest, tok == "01")
            if not 1 <= month <= 12:
                raise GoDateError("month out of range")
        elif tok in ("Monday", "Mon"):
            _, rest = _lookup(rest, _DAYS, tok == "Mon")
        elif tok in ("02", "2", "_2"):
            if tok == "_2" and rest[:1] == " ":
                rest = rest[1:]
            day, rest = _num(rest, tok == "02")
        elif tok in ("002", "__2"):
            raise GoDateError("day-of-year layouts are not supported")
        elif tok == "15":
            hour, rest = _num(rest, False)
            if hour > 23:
                raise GoDateError("hour out of range")
        elif tok in ("03", "3"):
            hour, rest = _num(rest, tok == "03")
            if not 0 <= hour <= 12:
                raise GoDateError("hour out of range")
        elif tok in ("04", "4"):
            minute, rest = _num(rest, tok == "04")
            if minute > 59:
                raise GoDateError("minute out of range")
        elif tok in ("05", "5"):
            second, rest = _num(rest, tok == "05")
            if second > 59:
                raise GoDateError("second out of range")
            # Go accepts a fraction right after the seconds even if the layout has none
            frac = re.match(r"[.,](\d+)", rest)
            nxt = _next_is_frac(layout, tok)
            if frac and not nxt:
                micro = int((frac.group(1) + "000000")[:6])
                rest = rest[frac.end():]
        elif tok in ("PM", "pm"):
            word = rest[:2]
            if word.upper() not in ("AM", "PM") or (tok == "PM" and word != word.upper()) or (tok == "pm" and word != word.lower()):
                raise GoDateError("expected AM or PM")
            pm_set = word.upper() == "PM"
            rest = rest[2:]
        elif tok == "MST":
            if rest.startswith("UTC"):
                tz, rest = _dt.timezone.utc, rest[3:]
            else:
                n = _zone_name_length(rest)
                if not n:
                    raise GoDateError("expected a time zone name")
                # Go fabricates a zone with that name and a zero offset when it does not know it
                rest = rest[n:]
        else:  # numeric zones
            if tok.startswith("Z") and rest[:1] == "Z":
                tz, rest = _dt.timezone.utc, rest[1:]
                continue
            m = re.match(_ZONE_SHAPES[tok.lstrip("Z").replace("-", "")], rest)
            if not m:
                raise GoDateError("expected a numeric time zone")
            digits = re.sub(r"\D", "", m.group())
            sign = -1 if m.group()[0] == "-" else 1
            hh, mm = int(digits[:2]), int(digits[2:4] or 0)
            # what Hugo 0.147 reads (tests/test_fm_dates_hugo.py): +2430 and +0060, not +2460
            if hh > 24 or mm > 60 or hh * 60 + mm >= 25 * 60:
                raise GoDateError("time zone out of range")
            offset = sign * _dt.timedelta(hours=hh, minutes=mm)
            if abs(offset) < _DAY:
                tz = _dt.timezone(offset)
            else:  # Go takes offsets up to 24:60; Python's zones stop short of 24 h: read in UTC
                tz, shift = _dt.timezone.utc, offset
            rest = rest[m.end():]
    if rest:
        raise GoDateError(f"extra text {rest!r}")
    if pm_set is not None:
        if hour == 12:
            hour = 0 if not pm_set else 12
        elif pm_set:
            hour += 12
    if day < 1 or day > calendar.monthrange(year, month)[1]:
        raise GoDateError("day out of range")
    # Go reads year 0; Python's datetime starts at year 1. Year 2000 has the same
    # calendar (400-year cycle), and cxlint judges validity, not the instant.
    when = _dt.datetime(year or 2000, month, day, hour, minute, second, micro, tzinfo=tz or _dt.timezone.utc)
    try:
        return when - shift
    except OverflowError:  # the instant is before year 1 or after 9999: still a valid date
        return when


@lru_cache(maxsize=64)
def _prefilter(layout: str) -> re.Pattern:
    """A regex matching a superset of what :func:`parse_layout` accepts for ``layout``.

    Most values fail most of Hugo's 24 layouts; rejecting them with one C-level
    match instead of a Python parse that raises makes FM004 ~10x cheaper. Being
    a superset, it never changes a result: a match still goes through the parse.
    """
    out = []
    for kind, tok in _compile(layout):
        if kind == "lit":
            out.append(re.escape(tok))
        elif kind == "frac":
            out.append(r"[.,]\d+" if tok[0] == "0" else r"(?:[.,]\d+)?")
        elif tok == "2006":
            out.append(r"\d{4}")
        elif tok in ("06", "01", "02", "03", "04", "05"):
            out.append(r"\d{2}" + (r"(?:[.,]\d+)?" if tok == "05" else ""))
        elif tok in ("1", "2", "15", "3", "4", "5"):
            out.append(r"\d{1,2}" + (r"(?:[.,]\d+)?" if tok == "5" else ""))
        elif tok == "_2":
            out.append(r" ?\d{1,2}")
        elif tok in ("January", "Jan", "Monday", "Mon"):
            out.append(r"[A-Za-z]{3,}")
        elif tok in ("PM", "pm"):
            out.append(r"[AaPp][Mm]")
        elif tok == "MST":
            out.append(r"[A-Za-z0-9+-]+")
        elif tok in ("002", "__2"):
            out.append(r".*")
        else:  # numeric zones: the shapes parse_layout itself requires
            shape = _ZONE_SHAPES[tok.lstrip("Z").replace("-", "")]
            out.append(f"(?:Z|{shape})" if tok.startswith("Z") else shape)
    return re.compile("".join(out))


_ZONE_SHAPES = {"07:00:00": r"[+-]\d\d:\d\d:\d\d", "070000": r"[+-]\d{6}", "07:00": r"[+-]\d\d:\d\d",
                "0700": r"[+-]\d{4}", "07": r"[+-]\d\d"}
_ZONE_SHAPES = {k: f"(?:{v})" for k, v in _ZONE_SHAPES.items()}


@lru_cache(maxsize=256)
def _next_is_frac(layout: str, tok: str) -> bool:
    parts = _compile(layout)
    for i, part in enumerate(parts):
        if part == ("tok", tok):
            return i + 1 < len(parts) and parts[i + 1][0] == "frac"
    return False


def _zone_name_length(value: str) -> int:
    """Go's parseTimeZone: how much of ``value`` is a zone name (0: none)."""
    if len(value) < 3:
        return 0
    if value[:4] in ("ChST", "MeST"):
        return 4
    if value[:3] == "GMT":
        return 3 + _signed_offset_length(value[3:])
    if value[0] in "+-":
        return _signed_offset_length(value)
    upper = 0
    while upper < 6 and upper < len(value) and "A" <= value[upper] <= "Z":
        upper += 1
    if upper == 3:
        return 3
    if upper == 4 and (value[3] == "T" or value[:4] == "WITA"):
        return 4
    if upper == 5 and value[4] == "T":
        return 5
    return 0


def _signed_offset_length(value: str) -> int:
    """Go's parseSignedOffset: ``+h``/``-hh`` up to 12 (``-0400`` is not a zone *name*)."""
    m = re.match(r"[+-](\d+)", value)
    if not m or int(m.group(1)) > 12:
        return 0
    return m.end()


def parse_hugo_date(value: str) -> _dt.datetime | None:
    """The instant Hugo reads from a front-matter date string, or None (Hugo uses the zero date)."""
    return first_parsed(value, HUGO_LAYOUTS)


def first_parsed(value: str, layouts: tuple[str, ...]) -> _dt.datetime | None:
    """The instant read with the first of ``layouts`` that parses ``value`` (Go's order), or None."""
    first = _first_candidate(value, layouts)
    if first is None:  # no layout's pre-filter matches: nothing can parse it
        return None
    # the first layout whose pre-filter matches, and the ones after it, in order
    for layout in layouts[first:]:
        when = _parsed(value, layout)
        if when is not None:
            return when
    return None


#: layouts -> (whether a value's shape decides its pre-filter match, shape -> first candidate)
_CANDIDATES: dict[tuple[str, ...], tuple[bool, dict]] = {}
_UNSEEN = object()
_SHAPE = str.maketrans("123456789", "000000000")


def _first_candidate(value: str, layouts: tuple[str, ...]) -> int | None:
    """Index of the first layout whose pre-filter matches ``value`` (None: none does).

    The pre-filters read an ASCII digit only through classes holding all ten
    (``\\d``, ``.``, ``[A-Za-z0-9+-]``) unless a layout has a digit outside its
    tokens, so there the match is the same for the value with every digit
    written ``0`` (its shape): real sites write thousands of dates in a few
    shapes, and the alternation of 24 pre-filters is matched once per shape.
    """
    table = _CANDIDATES.get(layouts)
    if table is None:
        digit_free = all(kind != "lit" or not any("0" <= c <= "9" for c in tok) for layout in layouts for kind, tok in _compile(layout))
        table = _CANDIDATES[layouts] = (digit_free, {})
    by_shape, memo = table
    key = value.translate(_SHAPE) if by_shape else value
    got = memo.get(key, _UNSEEN)
    if got is _UNSEEN:
        m = _prefilters(layouts).fullmatch(key)
        got = None if m is None else int(m.lastgroup[1:])
        if len(memo) < 4096:
            memo[key] = got
    return got


@lru_cache(maxsize=64)
def _prefilters(layouts: tuple[str, ...]) -> re.Pattern:
    """The layouts' pre-filters as one alternation: one C-level match per value instead of one per layout."""
    return re.compile("|".join(f"(?P<L{i}>{_prefilter(layout).pattern})" for i, layout in enumerate(layouts)))


@lru_cache(maxsize=8192)
def _parsed(value: str, layout: str) -> _dt.datetime | None:
    """``parse_layout`` or None, remembered: FM004 asks Hugo's list and the site's formats."""
    fast = _FAST.get(layout)
    if fast is not None:
        m = fast[0].fullmatch(value)
        got = fast[1](m) if m is not None else None
        if got is not None:
            return got
    if _prefilter(layout).fullmatch(value) is None:
        return None
    try:
        return parse_layout(value, layout)
    except GoDateError:
        return None


_DAY = _dt.timedelta(days=1)
_DAYS_IN = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _fast_date(m: re.Match, tz: _dt.tzinfo = _dt.timezone.utc, hour: int = 0, minute: int = 0, second: int = 0) -> _dt.datetime | None:
    """The date (at ``hour:minute:second``) of a fixed-width match, or None (then :func:`parse_layout` decides)."""
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    if year < 1 or not 1 <= month <= 12 or not 1 <= day <= 28:
        # the 29th to 31st: as Go's daysIn (Gregorian leap years) says, else parse_layout decides
        if year < 1 or not 1 <= month <= 12 or day < 1 or day > _DAYS_IN[month]:
            return None
        if month == 2 and day == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
            return None
    return _dt.datetime(year, month, day, hour, minute, second, tzinfo=tz)


#: (sign, hours, minutes) -> the fixed zone: a site's dates use a few offsets
_ZONES: dict[tuple[str, int, int], _dt.timezone] = {}


def _fast_datetime_zone(m: re.Match) -> _dt.datetime | None:
    hour, minute, second, zh, zm = int(m[4]), int(m[5]), int(m[6]), int(m[8]), int(m[9])
    if hour > 23 or minute > 59 or second > 59 or zh > 23 or zm > 59:
        return None
    tz = _ZONES.get((m[7], zh, zm))
    if tz is None:
        offset = _dt.timedelta(hours=zh, minutes=zm)
        tz = _ZONES[(m[7], zh, zm)] = _dt.timezone(-offset if m[7] == "-" else offset)
    return _fast_date(m, tz, hour, minute, second)


#: the layouts nearly every real date uses (99.9% of the real site's), read with one
#: fixed-width match; anything else -- fractions, out-of-range fields -- goes
#: to parse_layout (a test checks both agree)
_FAST = {
    "2006-01-02": (re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})"), _fast_date),
    "2006-01-02 15:04:05 -0700": (
        # "15" is one or two digits in Go (402 real dates say "9:27:00"); "04", "05" are two
        re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2}) ([0-9]{1,2}):([0-9]{2}):([0-9]{2}) ([+-])([0-9]{2})([0-9]{2})"),
        _fast_datetime_zone,
    ),
}


#: the fixed-width layouts are Hugo's too: a value one of them reads is readable()
assert set(_FAST) <= set(HUGO_LAYOUTS)


def fast_layout(value: str) -> str | None:
    """The layout among the fixed-width ones (:data:`_FAST`) that reads ``value``, or None
    (their widths differ: at most one matches).

    Such a value is :func:`readable`, and :func:`matches_any` of layouts holding that one:
    a date checked against Hugo's layouts and the site's is matched once, not twice.
    """
    for layout, (pattern, build) in _FAST.items():
        m = pattern.fullmatch(value)
        if m is not None and build(m) is not None:
            return layout
    return None


def matches_any(value: str, layouts) -> bool:
    return readable(value, tuple(layouts))


def readable(value: str, layouts: tuple[str, ...] = HUGO_LAYOUTS) -> bool:
    """Whether one of ``layouts`` reads ``value`` (``first_parsed`` is not None).

    A value that a fixed-width layout among them reads is readable whatever
    comes first in Go's order, so that one (:func:`fast_layout`) is asked before
    the alternation of every layout's pre-filter, which then is compiled only for
    other values (a pre-commit run checking one page compiled it for a single date).
    """
    fast = fast_layout(value)
    return (fast is not None and fast in layouts) or first_parsed(value, layouts) is not None

