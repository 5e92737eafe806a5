"""The written-out value classes behave like the frozen dataclasses they replace.

Each class is compared with a reference ``@dataclass(frozen=True)`` made from its own
field list and defaults: equality, hash, repr, immutability, pickling and copies, on
random field values (from small pools, so that many pairs are equal).
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
import random

import pytest

from cxlint.fsutil import Snapshot
from cxlint.refs import RefSpec, RefUse, ResolvedUse
from cxlint.refs.gourl import RefURL
from cxlint.refs.resolve import Node, Resolution
from cxlint.site import Term, TopicMatch
from cxlint.taxonomy import TermEntry

CLASSES = [Snapshot, RefSpec, RefUse, ResolvedUse, RefURL, Node, Resolution, Term, TopicMatch, TermEntry]
POOL = [None, 0, 1, "", "a", "b", ("a",), (1, 2)]


def _reference(cls):
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    assert [p.name for p in params] == list(cls.__slots__)  # the fields, in __init__'s order
    fields = [
        (p.name, object) if p.default is inspect.Parameter.empty else (p.name, object, dataclasses.field(default=p.default))
        for p in params
    ]
    return dataclasses.make_dataclass(cls.__name__, fields, frozen=True), params


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_a_value_class_behaves_like_a_frozen_dataclass(cls):
    ref_cls, params = _reference(cls)
    rng = random.Random(cls.__name__)
    pairs = []
    for _ in range(300):
        n = rng.randint(sum(p.default is inspect.Parameter.empty for p in params), len(params))
        args = [rng.choice(POOL) for _ in range(n)]  # the defaults fill the rest
        pairs.append((cls(*args), ref_cls(*args)))
    for mine, ref in pairs:
        assert repr(mine) == repr(ref)
        assert copy.copy(mine) == mine and pickle.loads(pickle.dumps(mine)) == mine
        assert [getattr(mine, f) for f in cls.__slots__] == [getattr(ref, f) for f in cls.__slots__]
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(mine, cls.__slots__[0], 1)
        with pytest.raises(AttributeError):
            mine.not_a_field = 1  # slots: no other attribute either
    for (a, ra), (b, rb) in zip(pairs, pairs[1:] + pairs[:1]):
        assert (a == b) == (ra == rb) and (a != b) == (ra != rb)
        if ra == rb:
            assert hash(a) == hash(b)
        with pytest.raises(TypeError):
            a < b  # noqa: B015 - no order, as before
