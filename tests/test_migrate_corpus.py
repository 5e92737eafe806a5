"""`cxlint migrate` on the 1,098 real legacy posts: the issue's acceptance thresholds.

The figures come from bench/migrate_fidelity.py (which prints them all); these
tests assert the "Done means" thresholds of the issue, not today's outcomes.
Without the corpus they skip with a reason (tests/conftest.py).
"""

from __future__ import annotations

import csv
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import migrate_fidelity as mf  # noqa: E402


@pytest.fixture(scope="module")
def measured(migration_dir, corpus_dir):
    return mf.measure(migration_dir.parent)


def test_every_post_lands_at_the_maintainers_path(measured):
    s = measured["stats"]
    assert s["pairs"] == s["legacy_files"] == s["at_expected_path"] == s["files_written"]
    assert s["status"].get("skipped", 0) == 0


def test_front_matter_matches_the_maintainers(measured):
    s = measured["stats"]
    assert s["slug_eq_pct"] >= 99, measured["mismatches"]["slug"]
    # the maintainers re-exported from WordPress, whose co-author order the legacy
    # files do not carry; the same people in another order count as equal (the
    # exact-order figure is printed by the bench)
    assert s["authors_set_eq_pct"] >= 98, measured["mismatches"].get("authors_set")
    assert s["title_eq_pct"] >= 97, measured["mismatches"]["title"]
    assert s["date_same"] == s["date_cmp"] == s["pairs"], measured["mismatches"]["date"]


def test_no_legacy_markup_or_own_site_post_links_left(measured):
    s = measured["stats"]
    assert (s["leftover_liquid"], s["leftover_youtube"], s["leftover_whatever"], s["leftover_own_post"]) == (0, 0, 0, 0), \
        measured["mismatches"].get("own_post_links")
    assert s["posts_image_count_differs"] == 0, measured["mismatches"].get("images")
    assert s["refs"] > 0 and s["refs_broken"] == 0, measured["mismatches"].get("broken_refs")


def test_no_text_lost(measured):
    worst = [(round(share, 4), name) for share, name in measured["fidelity"] if share < 0.995]
    assert worst == []


def test_output_passes_cxlint_check_against_the_real_site(migration_dir, corpus_dir, tmp_path):
    """Migrate into a copy of the real site (today's versions of these posts removed)."""
    from cxlint.config import load_config
    from cxlint.diagnostics import Severity
    from cxlint.engine import Linter
    from cxlint.migrate.cli import load_site_index
    from cxlint.migrate.migrator import Migrator, collect_sources
    from cxlint.migrate.settings import load_settings

    site = tmp_path / "site"
    site.mkdir()
    shutil.copy2(corpus_dir / "config.yml", site / "config.yml")
    for folder in ("content", "data"):
        shutil.copytree(corpus_dir / folder, site / folder)
    rows = list(csv.DictReader((migration_dir / "pairs.csv").open(encoding="utf-8")))
    for r in rows:
        (site / r["head_path"]).unlink()
    # the real site's configuration: the digitalgov pack (FM rules, the `link` wrapper), the corpus date
    config = load_config(Path(__file__).resolve().parents[1] / "examples" / "digitalgov.cxlint.toml")
    report = Migrator(load_settings(config.migrate), load_site_index(site), site / "content", cwd=site).run(
        collect_sources([migration_dir / "legacy"]))
    written = [site / f.target for f in report.files if f.target and f.status in ("converted", "needs-attention")]
    assert len(written) == len(rows)
    # every legacy time has an hour of 1-12 and no AM/PM (the maintainers' versions moved 213 of
    # them to the afternoon): a 12-hour clock, which the report says once for the batch
    assert report.warnings() == [f"{len(rows)} of {len(rows)} legacy times have an hour of 1-12 and no AM/PM: the "
                                 "exporter probably wrote a 12-hour clock, so afternoon posts are dated in the "
                                 "morning; the times are kept as written: check them against the source (the "
                                 "WordPress database)"]
    result = Linter(config, cwd=site).check(written)
    errors = Counter(d.code for d in result.diagnostics if d.severity == Severity.ERROR)
    assert errors == Counter(), [str(d) for d in result.diagnostics if d.severity == Severity.ERROR][:10]
    # a second run, whose site now holds the first run's pages, changes nothing
    again = Migrator(load_settings(config.migrate), load_site_index(site), site / "content", cwd=site).run(
        collect_sources([migration_dir / "legacy"]))
    assert Counter(f.status for f in again.files) == Counter({"unchanged": len(rows)}), \
        [(f.source, f.reason) for f in again.files if f.status != "unchanged"][:10]


def test_words_in_order_share():
    assert mf.in_order_share(["a", "b", "c", "d"], ["a", "b", "x", "c", "d"]) == 1.0
    assert mf.in_order_share(["a", "b", "c", "d"], ["d", "c", "b", "a"]) == 0.25
    assert mf.words("Don&#8217;t <a href='x'>lose</a> {{< ref \"y\" >}} words") == ["don", "t", "lose", "words"]
    # inline tags and '*' emphasis join the letters around them, as a browser shows them
    assert mf.words("L&#8217;Or</em>é<em>al and M</span>obilegeddon, **the**U.S.") == ["l", "oréal", "and", "mobilegeddon", "theu", "s"]
    assert mf.words("one<br />two</p><p>three") == ["one", "two", "three"]
    # a caption's words count, as the [caption] text and as the shortcode's caption
    legacy = mf.words('[caption id="a1" align="alignright"]<img src="x.jpg" /> The "team"[/caption]')
    out = mf.words('{{< legacy-img src="x.jpg" alt="" caption="The \\"team\\"" >}}')
    assert legacy == out == ["the", "team"]
