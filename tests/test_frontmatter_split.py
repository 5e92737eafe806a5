"""Locating the front matter with str.find equals the regex search it replaced, on the corpus and generated texts."""

from __future__ import annotations

import os
import random

import pytest

from cxlint import frontmatter as fmmod
from cxlint.frontmatter import FrontMatterError, split


def reference_split(text: str):
    """What split() computes, by the module's regexes alone."""
    lead = fmmod._LEADING_BLANK.match(text).end()
    for fmt, opener, closer in (("yaml", fmmod._YAML_OPEN, fmmod._YAML_CLOSE), ("toml", fmmod._TOML_OPEN, fmmod._TOML_CLOSE)):
        m = opener.match(text, lead)
        if m:
            close = closer.search(text, m.end())
            if not close:
                return ("error", lead)
            return (fmt, lead, m.end(), close.start(), close.end())
    return None


def fast_split(text: str):
    try:
        got = split(text)
    except FrontMatterError as exc:
        return ("error", exc.offset)
    if got.format in ("yaml", "toml"):
        return (got.format, got.start, got.content_start, got.content_end, got.end)
    return None


_PIECES = ["---", "--- ", "---\t", "----", "-- -", "...", "... ", "....", "+++", "+++ ", "++++", " ---", " +++",
           "a: b", "x", "", " ", "\t", "# c", "--- x", "...x", "title: ---", "+++a"]
_BREAKS = ["\n", "\n", "\n", "\r\n", "\r"]


def _texts(n: int, seed: int):
    rng = random.Random(seed)
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(0, 9)):
            parts.append(rng.choice(_PIECES))
            if rng.random() < 0.9:
                parts.append(rng.choice(_BREAKS))
        text = "".join(parts)
        if rng.random() < 0.5:  # most pages open with a delimiter line
            text = rng.choice(["---", "+++"]) + rng.choice(_BREAKS) + text
        yield text


def test_split_equals_the_regexes_on_generated_texts():
    kinds = set()
    for text in _texts(40_000, 3):
        want = reference_split(text)
        assert fast_split(text) == want, repr(text)
        kinds.add(want[0] if want else None)
    assert kinds == {"yaml", "toml", "error", None}


@pytest.mark.parametrize("text", [
    "---\n...\n---\n", "---\n---\n...\n", "---\na: 1\n...", "---\r---\r", "---\r\n---\r\n", "\n\n---\n---",
    "---\nx\n--- \t\nbody", "---\n ---\n---x\n---", "+++\n...\n+++", "---\n", "---\n...", "---\n\n...\n",
])
def test_split_edge_cases(text):
    assert fast_split(text) == reference_split(text)


def test_split_equals_the_regexes_on_the_real_site(corpus_dir):
    count = 0
    for folder, _, files in os.walk(corpus_dir / "content"):
        for name in files:
            if name.endswith(".md"):
                with open(os.path.join(folder, name), encoding="utf-8-sig") as fh:
                    text = fh.read()
                assert fast_split(text) == reference_split(text), name
                count += 1
    assert count > 4000
