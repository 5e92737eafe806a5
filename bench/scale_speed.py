"""How `cxlint check` grows with the site: the real site replicated 1x, 2x, 5x, 10x.

Builds each synthetic site in a temporary folder: copy 0 is the real site as
it is; copy K (K >= 1) puts every content file under ``content/copyK/`` and
every data file under ``data/copyK/``, with each file's and leaf bundle's name
suffixed ``-cK`` (so bare-name refs stay unique), and every ref target that
resolves in the real site rewritten to the absolute path of its copy (so refs
still resolve, found by cxlint's own resolver). The corpus is never written.

For each size: the median wall time of N cold runs (`--no-cache`, every rule,
`-q`), the peak RSS of the largest process and of the whole process tree
(parent + forked workers, sampled; shared pages counted twice), the peak PSS of
the tree (each page shared after the fork counted once, split between its
sharers: the tree's real footprint), and time and memory per 1,000 pages, to
see that growth is no worse than linear. Alternated with the cxlint runs, the parse floor
of ``check_speed.py`` (a fresh Python reading every page and parsing its front matter with
PyYAML's C loader) on the same site: the ratio to it is what stays comparable when the
machine's speed changes from one minute to the next.

Usage: python bench/scale_speed.py [SITE] [--sizes 1 2 5 10] [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchlib import bench_env
from check_speed import FLOOR

HERE = Path(__file__).resolve().parent
DEFAULT_SITE = HERE.parent.parent / "shared" / "corpus" / "digitalgov"


# ------------------------------------------------------------------ building
def _mapper(copy: int, content_paths: set[str]):
    """content path in the real site -> content path in copy ``copy``."""
    leaf_dirs = {p.rpartition("/")[0] for p in content_paths if p.rpartition("/")[2] == "index.md"}
    suffix = f"-c{copy}"

    def mapped(cp: str) -> str:
        folder, _, name = cp.rpartition("/")
        parts = folder.split("/") if folder else []
        for i in range(len(parts)):
            if "/".join(parts[: i + 1]) in leaf_dirs:
                parts[i] += suffix
        stem, dot, ext = name.rpartition(".")
        if dot and stem not in ("index", "_index") and ext.lower() == "md":
            name = f"{stem}{suffix}.{ext}"
        return "/".join([f"copy{copy}", *parts, name])

    return mapped


def build_site(src: Path, dest: Path, copies: int) -> int:
    """Write the synthetic site; returns its number of pages."""
    from cxlint.packs import load_pack
    from cxlint.refs import ref_uses
    from cxlint.refs.gourl import URLError, parse_ref
    from cxlint.refs.resolve import RefIndex
    from cxlint.site import load_page

    content = src / "content"
    files = [p for p in content.rglob("*") if p.is_file()]
    cps = {str(p.relative_to(content)).replace(os.sep, "/") for p in files}
    pages = {cp for cp in cps if cp.endswith(".md")}
    dest.mkdir(parents=True)
    for name in os.listdir(src):
        if (src / name).is_file():
            shutil.copy2(src / name, dest / name)
    shutil.copytree(content, dest / "content")
    if (src / "data").is_dir():
        shutil.copytree(src / "data", dest / "data")
    pack = load_pack("hugo")
    index = RefIndex(pages)
    rewrites: dict[str, list[tuple[int, int, str]]] = {}  # page -> (start, end, target's content path + suffix)
    for cp in sorted(pages):
        page = load_page(content / cp, content)
        for use in ref_uses(page, pack) if page.text else []:
            try:
                url = parse_ref(use.target)
            except URLError:
                continue
            res = index.resolve(url.path, cp) if url.path else None
            if res is not None and res.found and res.node.content_path:
                tail = use.arg.value[len(use.arg.value.split("#", 1)[0].split("?", 1)[0]):]
                rewrites.setdefault(cp, []).append((use.start, use.end, res.node.content_path, tail))
    n_pages = len(pages)
    for k in range(1, copies):
        mapped = _mapper(k, pages | cps)
        for cp in sorted(cps):
            target = dest / "content" / mapped(cp)
            target.parent.mkdir(parents=True, exist_ok=True)
            if cp not in rewrites:
                shutil.copyfile(content / cp, target)
                continue
            text = (content / cp).read_bytes().decode("utf-8")
            for start, end, tcp, tail in sorted(rewrites[cp], reverse=True):
                text = text[:start] + "/" + mapped(tcp) + tail + text[end:]
            target.write_bytes(text.encode("utf-8"))
        n_pages += len(pages)
        if (src / "data").is_dir():
            shutil.copytree(src / "data", dest / "data" / f"copy{k}")
    return n_pages


# ------------------------------------------------------------------ measuring
def _tree_memory(root_pid: int, with_pss: bool = True) -> tuple[int, int]:
    """(RSS, PSS) in KiB of a process and all its descendants. RSS counts the pages a forked
    worker shares with its parent twice; PSS splits each shared page between its sharers
    (reading it walks the page tables: ``with_pss=False`` skips it, PSS then reads 0)."""
    rss = pss = 0
    pids = [root_pid]
    while pids:
        pid = pids.pop()
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1])
            try:
                if not with_pss:
                    raise OSError
                with open(f"/proc/{pid}/smaps_rollup") as fh:
                    for line in fh:
                        if line.startswith("Pss:"):
                            pss += int(line.split()[1])
                            break
            except OSError:
                pass
            with open(f"/proc/{pid}/task/{pid}/children") as fh:
                pids.extend(int(x) for x in fh.read().split())
        except (OSError, ValueError):
            continue
    return rss, pss


def run_once(cmd: list[str], cwd: Path) -> tuple[float, int, int, int]:
    """(wall seconds, peak tree RSS KiB, peak single-process RSS KiB, peak tree PSS KiB)."""
    import resource

    peak = [0, 0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=bench_env())
    done = threading.Event()

    def sample():
        n = 0
        while not done.is_set():
            # PSS every 10th sample (0.2 s): reading it costs the measured run CPU
            rss, pss = _tree_memory(proc.pid, with_pss=n % 10 == 0)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            n += 1
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - t0
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode()}")
    single = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, peak[0], single, peak[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site", nargs="?", default=str(DEFAULT_SITE))
    ap.add_argument("--sizes", type=int, nargs="+", default=[1, 2, 5, 10])
    ap.add_argument("--no-bytecode", action="store_true", help="keep PYTHONDONTWRITEBYTECODE if set")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", help="build the sites here and keep them (default: a temporary folder)")
    args = ap.parse_args(argv)
    src = Path(args.site)
    if not (src / "content").is_dir():
        print(f"skip: no site at {src}")
        return 0
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="cxlint-scale-"))
    rows = []
    try:
        for size in args.sizes:
            site = work / f"x{size}"
            if not site.exists():
                t = time.perf_counter()
                n_pages = build_site(src, site, size)
                print(f"built {size}x: {n_pages} pages in {time.perf_counter() - t:.1f} s", file=sys.stderr)
            n_pages = sum(1 for _ in (site / "content").rglob("*.md"))
            cmd = [sys.executable, "-m", "cxlint", "check", ".", "-q", "--select", "ALL", "--no-cache"]
            floor_cmd = [sys.executable, "-c", FLOOR, "."]
            run_once(cmd, site)  # the OS file cache
            samples, floors = [], []
            for _ in range(args.runs):
                floors.append(run_once(floor_cmd, site)[0])
                samples.append(run_once(cmd, site))
            floor = statistics.median(floors)
            wall = statistics.median(s[0] for s in samples)
            tree = max(s[1] for s in samples) / 1024
            single = max(s[2] for s in samples) / 1024
            pss = max(s[3] for s in samples) / 1024
            rows.append((size, n_pages, wall, tree, single, pss, floor))
            print(f"{size}x: {wall:.2f} s (floor {floor:.2f} s)", file=sys.stderr)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    base = rows[0]
    print(
        f"{'size':>5} {'pages':>7} {'median s':>9} {'s/1k pages':>10} {'x time':>7} {'floor s':>8} {'x floor':>7} "
        f"{'tree RSS MiB':>12} {'tree PSS MiB':>12} {'largest MiB':>11} {'PSS MiB/1k pages':>16}"
    )
    for size, n, wall, tree, single, pss, floor in rows:
        print(
            f"{size:>4}x {n:>7} {wall:>9.2f} {1000 * wall / n:>10.3f} {wall / base[2]:>7.2f} {floor:>8.2f} {wall / floor:>7.2f} "
            f"{tree:>12.0f} {pss:>12.0f} {single:>11.0f} {1000 * pss / n:>16.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
