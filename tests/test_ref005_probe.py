"""REF005's host pre-filter never hides a link the full (IGNORECASE) pattern finds."""

import itertools

import pytest

from cxlint.rules.ref005_own_site_absolute_link import _host_probe, _site_pattern

BASES = ("https://kiss.gov", "https://www.kiss.gov/docs/")


def _variants(word: str):
    """Every spelling re's IGNORECASE matches to ``word`` (ASCII cases plus the odd folds)."""
    extra = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
    options = [sorted({c.lower(), c.upper(), *extra.get(c.lower(), "")}) for c in word]
    return ("".join(p) for p in itertools.product(*options))


@pytest.mark.parametrize("scheme", ["https", "HTTP"])
def test_probe_is_a_superset_of_the_site_pattern(scheme):
    full = _site_pattern(BASES)
    probe = _host_probe(BASES)
    seen = 0
    for host in _variants("kiss.gov"):
        text = f"see [x]({scheme}://{host}/page/) now"
        if full.search(text):
            seen += 1
            assert probe.search(text), text
    assert seen > 100  # the folds really are matched by the full pattern


def test_probe_rejects_other_hosts():
    probe = _host_probe(BASES)
    assert probe.search("https://kis.gov/ and https://example.org/kiss.gov") is None
    assert probe.search("mail kiss.gov") is None


def test_non_ascii_host_probes_every_link():
    probe = _host_probe(("https://bücher.example",))
    assert probe.search("https://BÜCHER.example/") is not None
