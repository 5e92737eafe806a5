"""TOML front-matter positions: every span the scanner records reads back (with tomllib)
as the value at its path, and keys inside multi-line values or tables are not taken."""

from __future__ import annotations

import tomllib

import pytest

from cxlint import tomlpos

SOURCES = [
    'title = "x"\ntopics = ["a", "b"]\n',
    'topics = [  # why\n  "a",\n  \'b\',  # second\n]\ndraft = true\n',
    'a = """\nb = 1\n"""\nc = 2\n',  # b is inside a string: not a key
    "a = '''it''s'''\nd = 1979-05-27 07:32:00Z\ne = 1979-05-27\n",
    'n = [[1, 2], ["x"]]\nt = { name = "Tom", tags = ["p", "q"] }\n',
    '"quoted key" = 1\n\'lit\' = "v"\n"esc\\u00e9" = 3\n',
    'a = 1\n[params]\nb = 2\n',  # b is in a table: not top level
    'q = "say \\"hi\\"" # c\nw = 5 # trailing\n',
    'x = """""quoted"""""\ny = 1\n',
]


def _at(data, path):
    for part in path:
        data = data[part]
    return data


@pytest.mark.parametrize("src", SOURCES)
def test_every_span_reads_back_as_its_value(src):
    data = tomllib.loads(src)
    keys, values = tomlpos.locate(src, 0)
    assert values, "no value located"
    for path, (start, end) in values.items():
        assert tomllib.loads(f"v = {src[start:end]}")["v"] == _at(data, path), (path, src[start:end])
    for path, (start, end) in keys.items():
        assert len(path) == 1 and path[0] in data
    assert set(keys) == {p for p in values if len(p) == 1}


def test_keys_inside_strings_and_tables_are_not_top_level():
    keys, _ = tomlpos.locate(SOURCES[2], 0)
    assert set(keys) == {("a",), ("c",)}
    keys, _ = tomlpos.locate(SOURCES[6], 0)
    assert set(keys) == {("a",)}


def test_items_and_offsets():
    src = 'topics = [\n  "a",  # one\n  "b"]\n'
    keys, values = tomlpos.locate(src, 100)
    assert keys[("topics",)] == (100, 106)
    assert values[("topics", 0)] == (113, 116)
    assert values[("topics", 1)] == (127, 130)
    assert values[("topics",)] == (109, 131)
