"""Bad input gets a located diagnostic, never a traceback, and the other files are still checked."""

from __future__ import annotations

import json

from cxlint.cli import main

GOOD_DUP = "---\ntitle: a\ntitle: b\n---\n"


def _run(root, capsys, monkeypatch, *args):
    monkeypatch.chdir(root)
    code = main(["check", "--format", "json", *args, "."])
    return code, [(d["path"], d["line"], d["column"], d["code"], d["message"]) for d in json.loads(capsys.readouterr().out)]


def test_bad_files_are_located_and_others_still_checked(make_site, capsys, monkeypatch):
    root = make_site(
        {
            "content/binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "content/latin1.md": "---\ntitle: ok\n---\ncaf\xe9\n".encode("latin-1"),
            "content/bom.md": b"\xef\xbb\xbf---\ntitle: a\ntitle: b\n---\n",
            "content/crlf.md": b"---\r\ntitle: a\r\nx: 1\r\ntitle: b\r\n---\r\n",
            "content/empty.md": b"",
            "content/unterminated.md": "---\ntitle: never closed\n\nBody\n",
            "content/blank-lines-first.md": "\n\n---\ntitle: fine\n---\n",
            "content/not-a-mapping.md": "---\n- a\n- b\n---\n",
            "content/zz-dup.md": GOOD_DUP,
        }
    )
    code, got = _run(root, capsys, monkeypatch)
    assert code == 1
    assert got == [
        ("content/binary.md", 1, 1, "IO001", "binary file (contains NUL bytes), not text"),
        ("content/bom.md", 3, 1, "DUP001", "duplicate key 'title' (first defined on line 2)"),
        ("content/crlf.md", 4, 1, "DUP001", "duplicate key 'title' (first defined on line 2)"),
        ("content/latin1.md", 4, 4, "IO001", "invalid UTF-8 (byte 0xe9 at byte offset 21)"),
        ("content/not-a-mapping.md", 2, 1, "FM001", "front matter must be a mapping of keys to values, not a list"),
        ("content/unterminated.md", 1, 1, "FM001", "front matter opened with '---' is never closed"),
        ("content/zz-dup.md", 3, 1, "DUP001", "duplicate key 'title' (first defined on line 2)"),
    ]


def test_invalid_yaml_is_located_at_the_problem(make_site, capsys, monkeypatch):
    root = make_site({"content/a.md": "---\ntitle: ok\nsummary: A: B\n---\n"})
    _, got = _run(root, capsys, monkeypatch)
    assert got == [("content/a.md", 3, 11, "FM001", "invalid YAML front matter: mapping values are not allowed in this context")]


def test_toml_and_json_front_matter(make_site, capsys, monkeypatch):
    root = make_site(
        {
            "content/t.md": '+++\ntitle = "x"\ndate = 2020-01-01\n+++\nBody\n',
            "content/bad.md": '+++\ntitle = "x\n+++\n',
            "content/j.md": '{\n  "title": "x",\n  "title": "y"\n}\nBody\n',
        }
    )
    _, got = _run(root, capsys, monkeypatch)
    assert [g[:4] for g in got] == [("content/bad.md", 2, 11, "FM001"), ("content/j.md", 3, 3, "DUP001")]
    assert "invalid TOML front matter" in got[0][4]


def test_json_feed_with_repeated_topic_keys(make_site, capsys, monkeypatch):
    feed = '{"items": [{"topics": {\n "cx": "CX",\n "cx": "CX",\n "cx": "CX",\n "ux": "UX"}}]}\n'
    root = make_site({"static/feed/index.json": feed, "data/bad.json": "{\"a\": 1,}\n"})
    _, got = _run(root, capsys, monkeypatch)
    assert got == [
        ("data/bad.json", 1, 9, "DATA001", "invalid JSON: expected a property name in double quotes"),
        ("static/feed/index.json", 3, 2, "DUP001", "duplicate key 'items.0.topics.cx' (first defined on line 2)"),
        ("static/feed/index.json", 4, 2, "DUP001", "duplicate key 'items.0.topics.cx' (first defined on line 2)"),
    ]


def test_large_files_are_read_whole_with_and_without_a_cache(make_site, capsys, monkeypatch):
    """A run without a cache reads without fstat (a short read is the end): files larger than
    one read, or exactly its size, are still read to their end."""
    from cxlint import run

    big = "---\ntitle: big\n---\n" + "word " * 40_000 + "\nIt&#8217;s the end\n"
    exact = "---\ntitle: x\n---\n"
    exact += "a" * (run._READ_SIZE - len(exact) - len("\n&mdash;\n")) + "\n&mdash;\n"
    data = "{\n" + "".join(f'"k{i}": {i},\n' for i in range(9_000)) + '"k1": 1\n}\n'
    assert len(exact.encode()) == run._READ_SIZE and len(big) > 3 * run._READ_SIZE and len(data) > run._READ_SIZE
    root = make_site({"content/big.md": big, "content/exact.md": exact, "content/feed.json": data})
    want = [
        ("content/big.md", 5, 3, "ENT001", "HTML entity '&#8217;'; write '’'"),
        ("content/exact.md", 5, 1, "ENT001", "HTML entity '&mdash;'; write '—'"),
        ("content/feed.json", 9002, 1, "DUP001", "duplicate key 'k1' (first defined on line 3)"),
    ]
    for args in (["--no-cache"], ["--no-cache", "--jobs", "2"], []):
        code, got = _run(root, capsys, monkeypatch, "--select", "ENT001,DUP001", *args)
        assert [g for g in got] == want, args
