"""Measure `cxlint migrate` on the real legacy→Hugo pairs (shared/corpus/migration).

Usage: python bench/migrate_fidelity.py [--corpus DIR] [--json OUT] [--worst N]

Migrates every legacy post into a temporary content folder (site index = the
real digital.gov site) and compares with the maintainers' versions:
path, slug, authors, title, date instant; counts leftovers ({%, [youtube=,
WHATEVER, own-site absolute post links), images, refs that do not resolve,
and the share of legacy body words found, in order, in the output body.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import yaml

from cxlint.migrate.cli import load_site_index
from cxlint.migrate.entities import decode_entities
from cxlint.migrate.fields import parse_date
from cxlint.migrate.legacy_reader import read_legacy, split_front_matter
from cxlint.migrate.links import SiteLinks
from cxlint.migrate.migrator import Migrator
from cxlint.migrate.settings import load_settings

# inline tags join the text around them ("M</span>obilegeddon" reads "Mobilegeddon");
# every other tag, shortcode, link target or URL separates words
_INLINE_TAG = re.compile(r"</?(?:span|strong|b|em|i|u|font|sup|sub|abbr|small|big)\b[^>]*>", re.I)
# a WordPress caption's words are text; in the output they are the image shortcode's caption
_CAPTION_WRAP = re.compile(r"\[/?caption[^\]]*\]")
_CAPTION_PARAM = re.compile(r'\{\{<[^\n]*?\bcaption="((?:[^"\\]|\\.)*)"[^\n]*?>\}\}')
_MARKUP = re.compile(r"\{\{<.*?>\}\}|\{%.*?%\}|</?[a-zA-Z!][^>]*>|\]\([^)]*\)|https?://\S+|\[youtube[^\]]*\]", re.S)
_WORD = re.compile(r"[^\W_]+")  # underscores are Markdown emphasis, not letters
_OWN_POST = re.compile(r"https?://(?:www\.)?(?:WHATEVER|digitalgov\.gov|digital\.gov)/\d{4}/\d{2}/\d{2}/", re.I)
_REF = re.compile(r'\{\{<\s*ref\s+"([^"]*)"\s*>\}\}')


def words(body: str, placeholders: dict[str, str] | None = None) -> list[str]:
    """The visible words of a body: markup, shortcodes and URLs removed, entities decoded."""
    text = decode_entities(body, keep_markup=False, passes=3)
    for old, new in (placeholders or {}).items():
        text = text.replace(old, new)
    text = _CAPTION_PARAM.sub(lambda m: " " + m.group(1).replace('\\"', '"') + " ", _CAPTION_WRAP.sub(" ", text))
    text = _INLINE_TAG.sub("", text).replace("*", "")  # '*' emphasis works inside words too
    return [w.lower() for w in _WORD.findall(_MARKUP.sub(" ", text))]


def in_order_share(legacy: list[str], out: list[str]) -> float:
    """Share of legacy words that appear, in order, in the output (longest matching blocks)."""
    if not legacy:
        return 1.0
    sm = difflib.SequenceMatcher(None, legacy, out, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks()) / len(legacy)


def _yaml(text: str) -> dict:
    fm, _, _ = split_front_matter(text)
    return yaml.safe_load(fm) or {}


def measure(corpus: Path) -> dict:
    """Migrate the archive and compare: {"stats", "fidelity" (share, name) worst first, "mismatches"}."""
    mig, site_root = corpus / "migration", corpus / "digitalgov"
    rows = list(csv.DictReader((mig / "pairs.csv").open(encoding="utf-8")))
    t0 = time.perf_counter()
    index = load_site_index(site_root)
    settings = load_settings({})
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp)
        sources = [mig / "legacy" / Path(r["legacy_path"]).name for r in rows]
        report = Migrator(settings, index, dest).run(sources)
        elapsed = time.perf_counter() - t0
        batch = {}
        outputs = {}
        for r in rows:
            # the maintainers' path (2018), in today's section; head_path follows a 2024 rename
            rel = settings.section + "/" + r["expected_path"].split("content/posts/", 1)[1]
            p = dest / rel
            if p.is_file():
                outputs[r["legacy_path"]] = p.read_text(encoding="utf-8")
                batch[rel] = _yaml(outputs[r["legacy_path"]])
        links = SiteLinks(index, settings, batch)
        files_written = sum(1 for p in dest.rglob("*") if p.is_file())
    n = len(rows)
    stats = dict(pairs=n, legacy_files=sum(1 for _ in (mig / "legacy").glob("*.md")), at_expected_path=0, slug_eq=0, authors_cmp=0, authors_eq=0, authors_set_eq=0, title_eq=0, date_same=0,
                 date_cmp=0, leftover_liquid=0, leftover_youtube=0, leftover_whatever=0, leftover_own_post=0,
                 legacy_images=0, legacy_img_out=0, posts_image_count_differs=0, refs=0, refs_broken=0, files_written=files_written, seconds=round(elapsed, 2))
    fidelity = []
    mismatches: dict[str, list] = {"slug": [], "authors": [], "title": [], "date": []}
    for r in rows:
        name = Path(r["legacy_path"]).name
        legacy_text = (mig / "legacy" / name).read_text(encoding="utf-8")
        expected = _yaml((mig / "expected" / r["expected_path"]).read_text(encoding="utf-8"))
        out = outputs.get(r["legacy_path"])
        if out is None:
            continue
        stats["at_expected_path"] += 1
        got = _yaml(out)
        _, body, _ = split_front_matter(out)
        legacy = read_legacy(legacy_text)
        if str(got.get("slug")) == str(expected.get("slug")):
            stats["slug_eq"] += 1
        else:
            mismatches["slug"].append((name, got.get("slug"), expected.get("slug")))
        if expected.get("authors"):
            stats["authors_cmp"] += 1
            exp_a = [settings.author_renames.get(a, a) for a in expected["authors"]]
            got_a = list(got.get("authors") or [])
            if got_a == exp_a:
                stats["authors_eq"] += 1
            else:
                mismatches["authors"].append((name, got_a, exp_a))
            # the maintainers re-exported from WordPress, whose co-author order the
            # legacy files do not carry: the same people in another order
            if sorted(got_a) == sorted(exp_a):
                stats["authors_set_eq"] += 1
            else:
                mismatches.setdefault("authors_set", []).append((name, got_a, exp_a))
        dec = lambda s: decode_entities(str(s or ""), keep_markup=False, passes=3).strip()  # noqa: E731
        if dec(got.get("title")) == dec(expected.get("title")):
            stats["title_eq"] += 1
        else:
            mismatches["title"].append((name, got.get("title"), expected.get("title")))
        ld, gd = parse_date(str(legacy.fields.get("date") or "")), parse_date(str(got.get("date") or ""))
        stats["date_cmp"] += 1
        if ld and gd and ld == gd:
            stats["date_same"] += 1
        else:
            mismatches["date"].append((name, got.get("date"), legacy.fields.get("date")))
        stats["leftover_liquid"] += "{%" in out
        stats["leftover_youtube"] += "[youtube=" in out
        stats["leftover_whatever"] += "WHATEVER" in out
        stats["leftover_own_post"] += bool(_OWN_POST.search(out))
        n_in, n_out = len(re.findall(r"\{%\s*img|<img\b", legacy.body)), body.count("{{< legacy-img")
        stats["legacy_images"] += n_in
        stats["legacy_img_out"] += n_out
        if n_in != n_out:
            stats["posts_image_count_differs"] += 1
            mismatches.setdefault("images", []).append((name, n_in, n_out))
        for ref in _REF.findall(body):
            stats["refs"] += 1
            if not links.resolves(ref):
                stats["refs_broken"] += 1
                mismatches.setdefault("broken_refs", []).append((name, ref))
        for m in _OWN_POST.finditer(out):
            mismatches.setdefault("own_post_links", []).append((name, out[m.start():m.start() + 100]))
        fidelity.append((in_order_share(words(legacy.body, settings.host_placeholders), words(body)), name))
    fidelity.sort()
    shares = [f for f, _ in fidelity]
    stats["words_min_share"] = round(shares[0], 4) if shares else None
    stats["posts_below_99_5"] = sum(s < 0.995 for s in shares)
    stats["words_mean_share"] = round(sum(shares) / len(shares), 5) if shares else None
    stats["status"] = dict(report.by_status())
    for key in ("slug_eq", "title_eq", "at_expected_path"):
        stats[key + "_pct"] = round(100 * stats[key] / n, 2)
    for key in ("authors_eq", "authors_set_eq"):
        stats[key + "_pct"] = round(100 * stats[key] / max(1, stats["authors_cmp"]), 2)
    stats["date_same_pct"] = round(100 * stats["date_same"] / max(1, stats["date_cmp"]), 2)
    return {"stats": stats, "fidelity": fidelity, "mismatches": mismatches}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parents[1]
    ap.add_argument("--corpus", type=Path, default=Path(os.environ.get("CXLINT_CORPUS", here.parent / "shared" / "corpus")))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--worst", type=int, default=10)
    args = ap.parse_args(argv)
    if not (args.corpus / "migration" / "pairs.csv").is_file() or not (args.corpus / "digitalgov").is_dir():
        print(f"corpus not found under {args.corpus}", file=sys.stderr)
        return 2
    result = measure(args.corpus)
    stats, fidelity, mismatches = result["stats"], result["fidelity"], result["mismatches"]
    print(json.dumps(stats, indent=2))
    print(f"worst {args.worst} posts by in-order word share:")
    for share, name in fidelity[: args.worst]:
        print(f"  {share:.4f}  {name}")
    for key, items in mismatches.items():
        if items:
            print(f"{key} mismatches ({len(items)}), first 5:")
            for item in items[:5]:
                print("  ", item)
    if args.json:
        args.json.write_text(json.dumps({"stats": stats, "worst": fidelity[: args.worst], "mismatches": mismatches},
                                        indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
