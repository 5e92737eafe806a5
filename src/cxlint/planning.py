"""How a run's work is cut up for its worker processes (see :mod:`cxlint.run`).

The parse phase is one queue of chunks of pages that every worker takes from;
the check phase gives each worker a queue of its own pages (where they are
parsed and kept) and the other files, in chunks, which a worker done early
takes over from the end of another's queue (:class:`cxlint.workers.Claims`).
Chunks weigh about the same: a file's bytes plus a fixed cost per file.
"""

from __future__ import annotations

import os

from cxlint import workers

#: what a page of unknown size is taken to hold (the real site's pages: 3.9 KB on average)
TYPICAL_PAGE_BYTES = 4096


def parsed_page_memory(size: int) -> int:
    """About what a parsed page of ``size`` source bytes holds (measured on the real site:
    2.0x its bytes, text and spans, plus ~5.6 KiB of objects whatever its size)."""
    return 2 * size + (6 << 10)


#: chunks per worker in each phase: the last chunks of a phase are what one worker may
#: still be busy with while the other has none left (~1/128 of the phase each, with two)
CHUNKS_PER_WORKER = 64


def weight(path: str, sizes: dict[str, int]) -> int:
    """What parsing or checking a file costs, in bytes: its size (a typical page's where not
    known: chunks are claimed as workers go, so a guess only makes a chunk a little bigger or
    smaller) plus a fixed cost per file."""
    return sizes.get(path, TYPICAL_PAGE_BYTES) + 2048


#: how many pages' sizes tell a large site's size distribution (see :func:`keep_limit`)
SIZE_SAMPLE = 512


def parse_queues(paths: list[str], n: int, sizes: dict[str, int]) -> list[list[list[str]]]:
    """The parse phase's chunks, in walk order: one queue every worker takes from."""
    return [chunks(paths, n, sizes)] + [[] for _ in range(n - 1)]


def keep_limit(paths: list[str], n: int, sizes: dict[str, int], keep_memory: int) -> int | None:
    """The largest page (in bytes) worth keeping parsed for checking, or None: keep any that fits.

    Each of ``n`` workers keeps parsed pages within ``keep_memory``
    (:data:`cxlint.run.KEEP_PARSED_MEMORY`); pages beyond it are parsed again when
    checked, which costs about the same whatever a page's size (its front matter): the
    most pages are kept by keeping the smallest. On a site whose pages may not all fit,
    the sizes of an even sample of its pages (a ``stat`` each: every page's would cost
    ~0.16 s on a 40,000-page site before any worker starts) say which size keeps about
    as many as fit; on others (the real site) nothing is looked at.
    """
    if len(paths) * parsed_page_memory(TYPICAL_PAGE_BYTES) <= n * keep_memory // 2:
        return None
    step = max(1, len(paths) // SIZE_SAMPLE)
    sample = sorted(sizes[p] if p in sizes else _size(p) for p in paths[::step])
    per_page = len(paths) / n / len(sample)  # pages of one worker that each sampled page stands for
    used = 0.0
    below = -1  # the largest size all of whose pages fit (-1: not even the smallest's)
    for i, size in enumerate(sample):
        used += per_page * parsed_page_memory(size)
        if used > keep_memory:
            return below  # pages of this size do not all fit: "up to a size" stops below them
        if i + 1 == len(sample) or sample[i + 1] != size:
            below = size
    return None  # every page fits after all


def chunks(items: list, n: int, sizes: dict[str, int]) -> list[list]:
    """``items`` (paths, or tuples that start with one) in order, cut into chunks of about
    equal weight: CHUNKS_PER_WORKER for each of ``n`` workers, at most workers.MAX_CHUNKS."""
    if not items:
        return []
    if n <= 1:
        return [list(items)]  # (one worker takes everything: no weights needed)
    count = min(workers.MAX_CHUNKS, CHUNKS_PER_WORKER * n, len(items))
    weights = [weight(it if isinstance(it, str) else it[0], sizes) for it in items]
    step = sum(weights) / count
    out: list[list] = []
    chunk: list = []
    acc, bound = 0, step
    for item, w in zip(items, weights):
        chunk.append(item)
        acc += w
        if acc >= bound and len(out) < count - 1:
            out.append(chunk)
            chunk = []
            bound += step
    if chunk:
        out.append(chunk)
    return out


def assign(
    work: list[tuple], n: int, owner: dict[str, int], sizes: dict, unkept: set[str] = frozenset()
) -> list[list[tuple]]:
    """Phase-2 items per worker: a page goes to the worker that parsed it; the rest balance the bytes.

    In each worker's list the pages it kept parsed come first, then those it did not keep
    (``unkept``: too many for KEEP_PARSED_MEMORY), then the other files: what a worker done
    early takes over is the end of another's list, which costs it no more than it would have
    cost the owner (those files are read again wherever they are checked).
    """
    plan: list[list[tuple]] = [[] for _ in range(n)]
    later: list[list[tuple]] = [[] for _ in range(n)]
    loads = [0] * n
    free = []
    for item in work:
        i = owner.get(item[0])
        if i is not None and i < n:
            (later if item[0] in unkept else plan)[i].append(item)
            loads[i] += weight(item[0], sizes)
        else:
            free.append(item)
    for i in range(n):
        plan[i].extend(later[i])
    for item in sorted(free, key=lambda it: -weight(it[0], sizes)):
        i = loads.index(min(loads))
        plan[i].append(item)
        loads[i] += weight(item[0], sizes)
    return plan


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
