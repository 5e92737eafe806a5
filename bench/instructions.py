"""Instructions executed by one cold whole-site `cxlint check` (valgrind's callgrind), optionally against another source tree.

Wall and CPU seconds on a shared machine drift by up to a third from one
minute to the next, more than most single changes are worth. The number of
instructions a process executes does not: callgrind counts them (``Ir``) the
same for the same code, input and environment whatever else the machine is
doing. So a change's effect on the work done is measured here to within a
fraction of a percent, in one run per tree, where timings need dozens.

What it counts: one fresh ``python -m cxlint check SITE --select ALL
--no-cache -q --jobs 1`` (one process: callgrind follows no fork, and the
work is the same as on several cores but for the exchange between them),
with a fixed hash seed (``PYTHONHASHSEED=0``: set and dict orders, so the
work, do not change between runs). Its limits: instructions are not time
(a cache miss costs more than an addition); page cache and system calls are
not counted; the interpreter runs ~50x slower under valgrind (~90 s for the
real site).

With ``--against DIR`` (a source tree holding ``src/cxlint``, e.g. an
unpacked ``git archive <rev> src rules``) both trees are counted and the
ratio printed. Without valgrind on the PATH: a message, exit 0.

Usage: python bench/instructions.py [SITE] [--config FILE] [--against DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchlib import bench_env

HERE = Path(__file__).resolve().parent
DEFAULT_SITE = HERE.parent.parent / "shared" / "corpus" / "digitalgov"
DEFAULT_CONFIG = HERE.parent / "examples" / "digitalgov.cxlint.toml"
_TOTAL = re.compile(r"Collected\s*:\s*(\d+)")


def count(site: Path, config: Path, tree: Path | None) -> int:
    """Instructions of one cold single-process check of ``site`` with the code of ``tree`` (None: this one)."""
    env = bench_env()
    env["PYTHONHASHSEED"] = "0"
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tree / "src"), env.get("PYTHONPATH")]))
    cmd = [sys.executable, "-m", "cxlint", "check", str(site), "--select", "ALL", "--no-cache", "-q", "--jobs", "1"]
    if config.is_file():
        cmd += ["--config", str(config)]
    # a warm-up run first: bytecode caches written, the site's files in the page cache
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        proc = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *cmd],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
        )
    m = _TOTAL.search(proc.stderr)
    if m is None:
        sys.exit(f"instructions: no count in valgrind's output:\n{proc.stderr[-2000:]}")
    return int(m.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=DEFAULT_SITE)
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument("--against", type=Path, help="another source tree (holding src/cxlint) to compare with")
    parser.add_argument("--no-bytecode", action="store_true", help="keep PYTHONDONTWRITEBYTECODE (see benchlib)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("instructions: valgrind is not installed (Debian: apt install valgrind); nothing measured")
        return 0
    if not (args.site / "content").is_dir():
        print(f"instructions: no site at {args.site}", file=sys.stderr)
        return 2
    this = count(args.site, args.config, None)
    print(f"site: {args.site}")
    if args.against is None:
        print(f"instructions (one cold single-process run, every rule): {this / 1e9:.3f} G")
        return 0
    other = count(args.site, args.config, args.against)
    print(f"instructions, against {args.against}: {other / 1e9:.3f} G")
    print(f"instructions, this tree:  {this / 1e9:.3f} G")
    print(f"ratio this/against: {this / other:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
