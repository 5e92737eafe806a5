"""Forked worker processes that keep their state between calls.

The engine parses pages in several processes and later checks the same pages
in the process that parsed them, so a parsed page (text, front matter with
every position) never crosses a process boundary: only small page facts and
diagnostics do. The parent process is worker 0 and does its share of the work
itself while the children do theirs; children are forked (they inherit the
run's state, nothing is pickled to start them) and stay alive for the run.

Calls name a function registered with :func:`task`; its arguments and result
are pickled. A child that dies or raises turns into :class:`WorkerError` in
the parent, which then re-runs that child's share itself (see engine).
"""

from __future__ import annotations

import pickle
import traceback
from typing import Any, Callable

_TASKS: dict[str, Callable] = {}
_PROTOCOL = pickle.HIGHEST_PROTOCOL


class WorkerError(Exception):
    """A child process failed (crashed, or its task raised)."""


def task(func: Callable) -> Callable:
    """Register ``func`` so a worker can run it by name."""
    _TASKS[func.__qualname__] = func
    return func


def fork_available() -> bool:
    # what multiprocessing's "fork" start method needs, without importing it (~10 ms)
    import os

    return hasattr(os, "fork")


def _child_main(conn) -> None:
    while True:
        try:
            raw = conn.recv_bytes()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        name, args = pickle.loads(raw)
        if name is None:
            return
        try:
            out = (True, _TASKS[name](*args))
        except KeyboardInterrupt:
            return
        except BaseException as exc:  # reported to the parent, which recovers
            out = (False, "".join(traceback.format_exception_only(type(exc), exc)).strip())
        try:
            conn.send_bytes(pickle.dumps(out, protocol=_PROTOCOL))
        except (OSError, pickle.PicklingError, TypeError) as exc:
            try:
                conn.send_bytes(pickle.dumps((False, f"cannot send result: {exc}"), protocol=_PROTOCOL))
            except OSError:
                return


class Pool:
    """``size`` workers: this process (worker 0) plus ``size - 1`` forked children."""

    def __init__(self, size: int):
        self.size = max(1, size)
        self._children: list[tuple[Any, Any]] = []  # (process, connection)

    def _start(self) -> None:
        if self._children or self.size == 1:
            return
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        for _ in range(self.size - 1):
            parent_end, child_end = ctx.Pipe(duplex=True)
            proc = ctx.Process(target=_child_main, args=(child_end,), daemon=True)
            proc.start()
            child_end.close()
            self._children.append((proc, parent_end))

    def run(self, func: Callable, args_per_worker: list[tuple]) -> list[Any]:
        """Run ``func(*args_per_worker[i])`` on worker ``i``; results in worker order.

        A failed child's slot holds a :class:`WorkerError` instead of a result.
        """
        self._start()
        name = func.__qualname__
        assert _TASKS.get(name) is func, f"{name} is not a registered task"
        sent: list[bool] = []
        for (proc, conn), args in zip(self._children, args_per_worker[1:]):
            try:
                conn.send_bytes(pickle.dumps((name, args), protocol=_PROTOCOL))
                sent.append(True)
            except OSError:
                sent.append(False)
        results: list[Any] = [func(*args_per_worker[0])]
        for ok, (proc, conn) in zip(sent, self._children):
            results.append(self._receive(proc, conn) if ok else WorkerError("worker is gone"))
        return results

    @staticmethod
    def _receive(proc, conn) -> Any:
        try:
            ok, value = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError) as exc:
            return WorkerError(f"worker process {proc.pid} died ({exc or 'no reply'})")
        return value if ok else WorkerError(value)

    def close(self) -> None:
        for proc, conn in self._children:
            try:
                conn.send_bytes(pickle.dumps((None, ()), protocol=_PROTOCOL))
            except OSError:
                pass
            conn.close()
        for proc, _ in self._children:
            proc.join(timeout=2)
            if proc.is_alive():  # pragma: no cover - a stuck child
                proc.kill()
                proc.join()
        self._children = []

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def worker_count(jobs: int, items: int, per_worker: int = 150) -> int:
    """How many workers are worth forking for ``items`` pieces of work."""
    wanted = max(1, min(jobs, items // per_worker))
    return wanted if wanted == 1 or fork_available() else 1
