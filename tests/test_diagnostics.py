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


def test_pickle_round_trip_keeps_every_field_and_the_enums():
    import pickle

    from cxlint.cache import safe_loads
    from cxlint.diagnostics import Applicability, Edit, Fix, Related

    d = Diagnostic(
        "a.md", 1, 2, 3, 4, "TAX002", "m", name="duplicate-topic", severity=Severity.WARNING,
        fix=Fix("drop", (Edit(5, 9, ""), Edit(1, 1, "x")), Applicability.UNSAFE),
        related=(Related(1, 1, "first"),), snippet="cx",
    )
    for back in (pickle.loads(pickle.dumps(d, protocol=5)), safe_loads(pickle.dumps([d]))[0]):
        assert back == d and repr(back) == repr(d)
        assert back.severity is Severity.WARNING and back.fix.applicability is Applicability.UNSAFE
        assert back.fix.edits == d.fix.edits and hash(back) == hash(d)
