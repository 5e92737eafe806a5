"""Diagnostic value semantics: equality and order ignore presentation fields; sort_key orders alike."""

import random
from pathlib import Path

import pytest

from cxlint.diagnostics import SORT_KEY, Diagnostic, Severity
from cxlint.document import Document
from cxlint.rule import _COUNTED_ASKS, Rule


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
    assert sorted(items, key=Diagnostic.sort_key) == sorted(items) == sorted(items, key=SORT_KEY)
    # and ties keep input order in both (stable sorts on equal keys)
    assert [id(d) for d in sorted(items, key=Diagnostic.sort_key)] == [id(d) for d in sorted(items)]
    assert [id(d) for d in sorted(items, key=SORT_KEY)] == [id(d) for d in sorted(items)]


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


def test_the_value_classes_behave_like_the_dataclasses_they_replace():
    """Edit, Fix, Related and Diagnostic were frozen slotted dataclasses (order=True but for
    Fix; Diagnostic compared by its first seven fields): same equality, order, hash, repr,
    immutability and copies, on random values."""
    import copy
    import dataclasses
    import pickle
    from dataclasses import dataclass, field

    import pytest

    from cxlint.diagnostics import Applicability, Edit, Fix, Related

    @dataclass(frozen=True, order=True)
    class RefEdit:
        start: int
        end: int
        replacement: str = ""

    @dataclass(frozen=True)
    class RefFix:
        title: str
        edits: tuple
        applicability: Applicability = Applicability.SAFE

    @dataclass(frozen=True, order=True)
    class RefRelated:
        line: int
        column: int
        message: str = ""

    @dataclass(frozen=True, order=True)
    class RefDiagnostic:
        path: str
        line: int
        column: int
        end_line: int
        end_column: int
        code: str
        message: str
        name: str = field(default="", compare=False)
        severity: Severity = field(default=Severity.ERROR, compare=False)
        fix: object = field(default=None, compare=False)
        related: tuple = field(default=(), compare=False)
        snippet: str = field(default="", compare=False)

    rng = random.Random(11)
    ints = lambda: rng.randint(1, 2)  # noqa: E731 - small ranges: many equal pairs
    text = lambda: rng.choice(["", "a", "b"])  # noqa: E731

    def pair():
        kind = rng.randrange(4)
        if kind == 0:
            args = (ints(), ints(), text())
            return Edit(*args), RefEdit(*args)
        if kind == 1:
            args = (text(), (Edit(1, 2, "x"),) * ints(), rng.choice(list(Applicability)))
            return Fix(*args), RefFix(*args)
        if kind == 2:
            args = (ints(), ints(), text())
            return Related(*args), RefRelated(*args)
        args = (rng.choice(["a.md", "b.md"]), ints(), ints(), ints(), ints(), rng.choice(["X001", "Y001"]), text())
        extra = dict(name=text(), severity=rng.choice(list(Severity)), snippet=text(), related=(Related(1, 1),) * ints())
        return Diagnostic(*args, **extra), RefDiagnostic(*args, **extra)

    pairs = [pair() for _ in range(400)]
    for mine, ref in pairs:
        assert repr(mine) == repr(ref).replace("Ref", "", 1).replace("test_the_value_classes_behave_like_the_dataclasses_they_replace.<locals>.", "")
        assert copy.copy(mine) == mine and pickle.loads(pickle.dumps(mine)) == mine
        with pytest.raises(dataclasses.FrozenInstanceError):
            mine.line = 3  # type: ignore[misc]
    for (a, ra), (b, rb) in zip(pairs, reversed(pairs)):
        if type(a) is not type(b):
            assert a != b
            continue
        assert (a == b) == (ra == rb) and (hash(a) == hash(b)) >= (ra == rb)
        if isinstance(a, Fix):
            with pytest.raises(TypeError):
                a < b  # noqa: B015 - a fix has no order
        else:
            assert (a < b, a <= b, a > b, a >= b) == (ra < rb, ra <= rb, ra > rb, ra >= rb)


# ---------------------------------------------------------------- locating a span
class _Probe(Rule):
    code = "XX001"
    name = "probe"
    summary = "a rule that reports whatever span it is given"


def _table_located(text: str, start: int, end: int) -> tuple[int, int, int, int]:
    """Line and column of a span by the document's table of line starts (Document.line_col)."""
    doc = Document(Path("x.md"), "x.md", text)
    return (*doc.line_col(start), *doc.line_col(max(start, end)))


@pytest.mark.parametrize("seed", range(6))
def test_spans_are_located_the_same_by_counting_and_by_the_line_table(seed):
    # a document's first diagnostics are located by counting newlines, later ones by the
    # table of line starts: every span must land on the same line and column either way,
    # for LF, CRLF and lone-CR line breaks, spans across lines, empty spans and the end
    rng = random.Random(seed)
    rule = _Probe()
    for _ in range(100):
        text = "".join(rng.choice(["a", "é", " ", "\n", "\n", "\r\n", "\r", "&", "’"]) for _ in range(rng.randrange(0, 60)))
        doc = Document(Path("x.md"), "x.md", text)
        for _ in range(_COUNTED_ASKS + 8):  # more than the counted ones: both ways on one document
            start = rng.randrange(0, len(text) + 1)
            end = rng.choice([start, rng.randrange(start, len(text) + 1)])
            got = rule.diagnostic(doc, start, end, "m")
            assert (got.line, got.column, got.end_line, got.end_column) == _table_located(text, start, end), (text, start, end)
            assert got.snippet == text[start:end][:200]
