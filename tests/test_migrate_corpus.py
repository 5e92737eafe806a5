"""`cxlint migrate` on the 1,098 real legacy posts: the issue's acceptance figures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

pytestmark = pytest.mark.corpus


def test_real_archive_meets_the_targets(migration_dir, corpus_dir, capsys):
    import migrate_fidelity

    assert migrate_fidelity.main(["--corpus", str(migration_dir.parent)]) == 0
    out = capsys.readouterr().out
    import json

    stats = json.loads(out[: out.index("\n}") + 2])
    assert stats["at_expected_path"] == stats["pairs"] == 1098
    assert stats["slug_eq_pct"] >= 99
    assert stats["title_eq_pct"] >= 97
    assert stats["date_same"] == 1098
    assert stats["leftover_liquid"] == stats["leftover_youtube"] == stats["leftover_whatever"] == 0
    assert stats["legacy_img_out"] == stats["legacy_images"]
    assert stats["refs_broken"] == 0
    assert stats["words_mean_share"] >= 0.999


def test_words_in_order_share():
    import migrate_fidelity as mf

    assert mf.in_order_share(["a", "b", "c", "d"], ["a", "b", "x", "c", "d"]) == 1.0
    assert mf.in_order_share(["a", "b", "c", "d"], ["d", "c", "b", "a"]) == 0.25
    assert mf.words("Don&#8217;t <a href='x'>lose</a> {{< ref \"y\" >}} words") == ["don", "t", "lose", "words"]
