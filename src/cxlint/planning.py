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
#: still be busy with while the other has none left (~1/64 of the phase each)
CHUNKS_PER_WORKER = 64


def weight(path: str, sizes: dict[str, int]) -> int:
    """What parsing or checking a file costs, in bytes: its size (a typical page's where not
    known: chunks are claimed as workers go, so a guess only makes a chunk a little bigger or
    smaller) plus a fixed cost per file."""
    return sizes.get(path, TYPICAL_PAGE_BYTES) + 2048


def parse_queues(paths: list[str], n: int, sizes: dict[str, int], keep_memory: int) -> list[list[list[str]]]:
    """The parse phase's chunks: one queue every worker takes from.

    Where not every parsed page can be kept for checking (``keep_memory`` per worker,
    :data:`cxlint.run.KEEP_PARSED_MEMORY`), the kept ones are the first parsed: smallest
    pages first keeps the most (parsing a page again costs about the same whatever its
    size: its front matter). Knowing
    the sizes costs a ``stat`` per page (~17 ms for 4,000 pages, before any worker
    starts), so they are looked at only on sites whose pages may not all fit.
    """
    if len(paths) * parsed_page_memory(TYPICAL_PAGE_BYTES) > n * keep_memory // 2:
        for p in paths:
            if p not in sizes:
                sizes[p] = _size(p)
        paths = sorted(paths, key=lambda p: sizes[p])
    return [chunks(paths, n, sizes)] + [[] for _ in range(n - 1)]


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
