"""Diagnostic value semantics: equality and order ignore presentation fields; sort_key orders alike."""

import random

from cxlint.diagnostics import Diagnostic, Severity


def _random_diagnostic(rng: random.Random) -> Diagnostic:
    return Diagnostic(
        rng.choice(["a.md", "b.md", "content/x.md"]),
        rng.randint(1, 3), rng.randint(1, 3), rng.randint(1, 3), rng.randint(1, 3),
        rng.choice(["ENT001", "REF001", "FM002"]),
        rng.choice(["m", "n"]),
        severity=rng.choice(list(Severity)),
        snippet=rng.choice(["", "x"]),
    )


def test_sort_key_orders_like_the_dataclass_order():
    rng = random.Random(7)
    items = [_random_diagnostic(rng) for _ in range(2000)]
    assert sorted(items, key=Diagnostic.sort_key) == sorted(items)
    # and ties keep input order in both (stable sorts on equal keys)
    assert [id(d) for d in sorted(items, key=Diagnostic.sort_key)] == [id(d) for d in sorted(items)]


def test_presentation_fields_do_not_count():
    a = Diagnostic("a.md", 1, 2, 1, 3, "ENT001", "m", severity=Severity.ERROR, snippet="x")
    b = Diagnostic("a.md", 1, 2, 1, 3, "ENT001", "m", severity=Severity.WARNING)
    assert a == b and not a < b and a.sort_key() == b.sort_key()
