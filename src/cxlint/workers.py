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

import os
import pickle
import sys
from typing import Any, Callable

# (traceback and signal are imported where a failure needs them: every run imports this module)

_TASKS: dict[str, Callable] = {}
_PROTOCOL = pickle.HIGHEST_PROTOCOL
_LEAVING: list[int] = []  # children told to leave but not yet waited for (see Pool.close)


class WorkerError(Exception):
    """A child process failed (crashed, or its task raised)."""


def task(func: Callable) -> Callable:
    """Register ``func`` so a worker can run it by name."""
    _TASKS[func.__qualname__] = func
    return func


def fork_available() -> bool:
    return hasattr(os, "fork")


_HEADER = 8  # message length, little-endian


def _send(fd: int, data: bytes) -> None:
    # header and payload written separately: no second copy of a large payload
    for part in (len(data).to_bytes(_HEADER, "little"), data):
        view = memoryview(part)
        while view:
            view = view[os.write(fd, view):]


def _recv(fd: int) -> bytearray:
    """One message; EOFError when the other end is closed."""
    head = _read_exactly(fd, _HEADER)
    return _read_exactly(fd, int.from_bytes(head, "little"))


def _read_exactly(fd: int, size: int) -> bytearray:
    """``size`` bytes (a bytearray: pickle reads it as it is, no copy)."""
    buf = bytearray(size)
    view = memoryview(buf)
    got = 0
    while got < size:
        n = os.readv(fd, [view[got:]])
        if n == 0:
            raise EOFError("connection closed")
        got += n
    return buf


def _child_main(rfd: int, wfd: int) -> None:
    while True:
        try:
            raw = _recv(rfd)
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
            import traceback

            out = (False, "".join(traceback.format_exception_only(type(exc), exc)).strip())
        try:
            _send(wfd, pickle.dumps(out, protocol=_PROTOCOL))
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            try:
                _send(wfd, pickle.dumps((False, f"cannot send result: {exc}"), protocol=_PROTOCOL))
            except OSError:
                return
        except OSError:
            return


class _Child:
    __slots__ = ("pid", "to_child", "from_child", "status")

    def __init__(self, pid: int, to_child: int, from_child: int):
        self.pid, self.to_child, self.from_child = pid, to_child, from_child
        self.status: int | None = None  # wait status once reaped


class Pool:
    """``size`` workers: this process (worker 0) plus ``size - 1`` forked children.

    Plain ``os.fork`` and two pipes per child (multiprocessing costs ~25 ms
    of imports for the same): a child runs tasks until its pipe closes, and
    leaves with ``os._exit``, never running the parent's cleanup code.
    """

    def __init__(self, size: int):
        self.size = max(1, size)
        self._children: list[_Child] = []

    def _start(self) -> None:
        if self._children or self.size == 1:
            return
        for _ in range(self.size - 1):
            down_r, down_w = os.pipe()
            up_r, up_w = os.pipe()
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()  # or the child's exit would not, but a buffer could be written twice
                except (OSError, ValueError):
                    pass
            pid = os.fork()
            if pid == 0:  # the child
                code = 0
                try:
                    os.close(down_w)
                    os.close(up_r)
                    for other in self._children:  # pipes of earlier children: theirs to close
                        os.close(other.to_child)
                        os.close(other.from_child)
                    _child_main(down_r, up_w)
                except BaseException:  # pragma: no cover - nothing to report to
                    code = 1
                finally:
                    os._exit(code)
            os.close(down_r)
            os.close(up_w)
            self._children.append(_Child(pid, down_w, up_r))

    def run(self, func: Callable, args_per_worker: list[tuple]) -> list[Any]:
        """Run ``func(*args_per_worker[i])`` on worker ``i``; results in worker order.

        A failed child's slot holds a :class:`WorkerError` instead of a result.
        """
        self._start()
        name = func.__qualname__
        assert _TASKS.get(name) is func, f"{name} is not a registered task"
        sent: list[bool] = []
        for child, args in zip(self._children, args_per_worker[1:]):
            try:
                _send(child.to_child, pickle.dumps((name, args), protocol=_PROTOCOL))
                sent.append(True)
            except OSError:
                sent.append(False)
        results: list[Any] = [func(*args_per_worker[0])]
        for ok, child in zip(sent, self._children):
            results.append(self._receive(child) if ok else WorkerError("worker is gone"))
        return results

    @staticmethod
    def _receive(child: _Child) -> Any:
        try:
            ok, value = pickle.loads(_recv(child.from_child))
        except (EOFError, OSError) as exc:
            return WorkerError(f"worker process {child.pid} died ({exc or 'no reply'})")
        return value if ok else WorkerError(value)

    def close(self, wait: bool = True) -> None:
        """Tell the children to leave; ``wait=False``: do not wait for them to be gone.

        A child's exit (the kernel freeing its copy of a large heap) takes ~10 ms of
        wall time the parent can spend merging results instead: such children are
        waited for by :func:`reap_leaving`.
        """
        for child in self._children:
            try:
                _send(child.to_child, pickle.dumps((None, ()), protocol=_PROTOCOL))
            except OSError:
                pass
            os.close(child.to_child)
        for child in self._children:
            os.close(child.from_child)
            if wait:
                child.status = _reap(child.pid)
            else:
                _LEAVING.append(child.pid)
        self._children = []

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def reap_leaving() -> None:
    """Wait for the children closed with ``wait=False`` (no zombies are left behind)."""
    while _LEAVING:
        _reap(_LEAVING.pop())


def _reap(pid: int, timeout: float = 2.0) -> int | None:
    """Wait for a child to exit (it does once its pipe closes); kill it if it is stuck."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return None
        if done:
            return status
        if time.monotonic() > deadline:  # pragma: no cover - a stuck child
            import signal

            os.kill(pid, signal.SIGKILL)
            return os.waitpid(pid, 0)[1]
        time.sleep(0.001)


def worker_count(jobs: int, items: int, per_worker: int = 150) -> int:
    """How many workers are worth forking for ``items`` pieces of work."""
    wanted = max(1, min(jobs, items // per_worker))
    return wanted if wanted == 1 or fork_available() else 1
