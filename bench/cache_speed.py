"""Warm and pre-commit `cxlint check` speed with the cache, against the cold run, on the real corpus.

Works on a temporary copy of the site (content, data, config; the corpus
itself is never written). Runs, in the same shell, N times each (fresh
processes, every rule selected, `-q`):
  * cold        -- `cxlint check SITE --no-cache` (the peer);
  * cold+write  -- the cache folder emptied first: a cold run that also writes it;
  * warm        -- nothing changed since the last run;
  * one page    -- pre-commit style: one page edited (its body, then its title),
                   `cxlint check content/news/<page>.md`, the rest from the cache;
  * site, one page edited -- the whole site checked after the same kind of edit.
Prints the median wall time of each and its ratio to the cold run.

Usage: python bench/cache_speed.py [SITE] [--runs 7] [--config FILE] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import bench_env

HERE = Path(__file__).resolve().parent
DEFAULT_SITE = HERE.parent.parent / "shared" / "corpus" / "digitalgov"


def timed(cmd: list[str], cwd: Path) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=bench_env())
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode()}")
    return elapsed


def copy_site(src: Path, dest: Path) -> Path:
    for name in ("content", "data"):
        if (src / name).is_dir():
            shutil.copytree(src / name, dest / name)
    for cfg in src.iterdir():
        if cfg.is_file() and cfg.suffix in (".yml", ".yaml", ".toml", ".json"):
            shutil.copy2(cfg, dest / cfg.name)
    return dest


def site_args(doc: str, argv: list[str] | None) -> argparse.Namespace:
    """The options of the benchmarks that run on a copy of the site: SITE, --runs, --config."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site", nargs="?", default=str(DEFAULT_SITE))
    ap.add_argument("--no-bytecode", action="store_true", help="keep PYTHONDONTWRITEBYTECODE if set")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--config", default=str(HERE.parent / "examples" / "digitalgov.cxlint.toml"))
    return ap.parse_args(argv)


def old_copy(src: Path, tmp: str, config: str) -> tuple[Path, list[str]]:
    """A copy of the site whose files are old enough to be trusted by their signature (files
    written in the last 2 s are re-hashed every run, see cache.file_signature), and the
    command checking it with every rule and the config."""
    site = copy_site(src, Path(tmp) / "site")
    time.sleep(2.1)
    base = [sys.executable, "-m", "cxlint", "check", "--select", "ALL"]
    return site, base + (["--config", config] if Path(config).is_file() else [])


def main(argv: list[str] | None = None) -> int:
    args = site_args(__doc__, argv)
    src = Path(args.site)
    if not (src / "content").is_dir():
        print(f"skip: no site at {src}")
        return 0
    with tempfile.TemporaryDirectory(prefix="cxlint-bench-") as tmp:
        site, base = old_copy(src, tmp, args.config)
        base += ["-q"]
        page = sorted((site / "content" / "news").rglob("*.md"))[len(list((site / "content" / "news").rglob("*.md"))) // 2]
        rel = str(page.relative_to(site))
        original = page.read_text(encoding="utf-8")
        cache = site / ".cxlint_cache"

        def edit(i: int, where: str) -> None:
            if where == "body":
                page.write_text(original + f"\nEdited {i}.\n", encoding="utf-8")
            else:  # a front-matter edit changes the site index (the title is a page fact)
                page.write_text(original.replace("title:", f"title: Edit {i} -", 1), encoding="utf-8")

        runs: dict[str, list[float]] = {k: [] for k in ("cold", "cold+write", "warm", "one page (body)", "one page (title)", "site, one page edited")}
        timed(base + ["."], site)  # the OS file cache, and a first cache
        for i in range(args.runs):
            runs["cold"].append(timed(base + [".", "--no-cache"], site))
            shutil.rmtree(cache, ignore_errors=True)
            runs["cold+write"].append(timed(base + ["."], site))
            runs["warm"].append(timed(base + ["."], site))
            edit(i, "body")
            runs["one page (body)"].append(timed(base + [rel], site))
            edit(i, "title")
            runs["one page (title)"].append(timed(base + [rel], site))
            edit(i + 1000, "body")
            runs["site, one page edited"].append(timed(base + ["."], site))
            page.write_text(original, encoding="utf-8")
            # a file written in the last 2 s is hashed at every run and no run is remembered
            # while one is (cache.RECENT_SECONDS): without the wait, the next "warm" run
            # would measure that case whenever the runs in between took less than 2 s
            time.sleep(2.1)
            timed(base + ["."], site)  # back to a warm cache
        cold = statistics.median(runs["cold"])
        print(f"site: {src} (copy), page edited: {rel}")
        for name, times in runs.items():
            med = statistics.median(times)
            print(f"{name:<24} median {med:.3f} s over {len(times)} runs  ({med / cold:.2f} x cold)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
