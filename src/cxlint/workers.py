"""Forked worker processes that keep their state between calls.

The engine parses pages in several processes and later checks the same pages
in the process that parsed them, so a parsed page (text, front matter with
every position) never crosses a process boundary: only small page facts and
diagnostics do. The parent process is worker 0 and does its share of the work
itself while the children do theirs; children are forked (they inherit the
run's state, nothing is pickled to start them) and stay alive for the run.

Calls name a function registered with :func:`task`; its arguments and result
are pickled. A child that dies or raises turns into :class:`WorkerError` in
the parent, which then does that child's work itself (see :mod:`cxlint.run`).

:meth:`Pool.run_shared` hands out work in chunks to whichever worker is free
(:class:`Claims`): a static split leaves one core idle while the other
finishes its share (fork, copy-on-write faults and other tenants make the
two cores' speeds differ from run to run, by up to a fifth on the real site).
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
        raw = None  # (not held while the task runs: the facts of half a large site, say)
        if name is None:
            return
        try:
            out = (True, _TASKS[name](*args))
        except KeyboardInterrupt:
            return
        except BaseException as exc:  # reported to the parent, which recovers
            import traceback

            out = (False, "".join(traceback.format_exception_only(type(exc), exc)).strip())
        args = None
        try:
            _send(wfd, pickle.dumps(out, protocol=_PROTOCOL))
            out = None  # (a task's result is not held while the next one runs)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            try:
                _send(wfd, pickle.dumps((False, f"cannot send result: {exc}"), protocol=_PROTOCOL))
            except OSError:
                return
        except OSError:
            return


#: chunk tokens: a 4-byte number, the phase's generation above these bits and the chunk below
_TOKEN = 4
_CHUNK_BITS = 20
#: at most this many chunks per queue: their tokens fit in one atomic pipe write (PIPE_BUF)
MAX_CHUNKS = 1000


class Claims:
    """The chunks a worker takes, one at a time, while any is left: first from its own
    queue, then from the others' (a worker done early takes over what is left of theirs).

    A queue is a pipe every worker inherited, filled with one token per chunk before
    the phase starts; reading a token (4 bytes, one ``read``) claims its chunk, and
    the kernel hands each token to one reader only. Without children (one worker)
    the chunks are simply taken in order. Picklable: it is sent to each child.
    """

    __slots__ = ("worker", "fds", "generation", "sizes")

    def __init__(self, worker: int, fds: tuple[int, ...] | None, generation: int, sizes: tuple[int, ...]):
        self.worker, self.fds, self.generation, self.sizes = worker, fds, generation, sizes

    def __getstate__(self):
        return (self.worker, self.fds, self.generation, self.sizes)

    def __setstate__(self, state):
        self.worker, self.fds, self.generation, self.sizes = state

    def __iter__(self):
        """(queue, chunk) pairs, each chunk of each queue once over all workers."""
        n = len(self.sizes)
        order = [(self.worker + k) % n for k in range(n)]
        if self.fds is None:
            for q in order:
                for chunk in range(self.sizes[q]):
                    yield q, chunk
            return
        mask = (1 << _CHUNK_BITS) - 1
        for q in order:
            fd = self.fds[q]
            while True:
                try:
                    raw = os.read(fd, _TOKEN)
                except (BlockingIOError, InterruptedError):
                    break  # (non-blocking: empty means every chunk is claimed)
                except OSError:
                    break
                if len(raw) != _TOKEN:  # never with whole tokens written at once; the parent redoes what is missing
                    break
                token = int.from_bytes(raw, "little")
                if token >> _CHUNK_BITS == self.generation:  # else left over from a failed earlier phase
                    yield q, token & mask


def _queue_pipe() -> tuple[int, int]:
    r, w = os.pipe()
    os.set_blocking(r, False)
    return r, w


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
        self._queues: list[tuple[int, int]] = []  # (read, write) fds of each worker's chunk queue
        self._generation = 0

    def _start(self) -> None:
        if self._children or self.size == 1:
            return
        # the chunk queues exist before any fork: every worker can claim from each
        self._queues = [_queue_pipe() for _ in range(self.size)]
        for _ in range(self.size - 1):
            down_r, down_w = os.pipe()
            up_r, up_w = os.pipe()
            _widen(down_w)
            _widen(up_w)
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
                    for _, queue_w in self._queues:  # only the parent fills the queues
                        os.close(queue_w)
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

        A failed child's slot holds a :class:`WorkerError` instead of a result. A child's
        arguments are let go of once sent (its slot in ``args_per_worker`` becomes None):
        a large argument is not held while this process does its own share.
        """
        self._start()
        name = func.__qualname__
        assert _TASKS.get(name) is func, f"{name} is not a registered task"
        sent: list[bool] = []
        for i, child in enumerate(self._children, 1):
            try:
                _send(child.to_child, pickle.dumps((name, args_per_worker[i]), protocol=_PROTOCOL))
                sent.append(True)
            except OSError:
                sent.append(False)
            if isinstance(args_per_worker, list):
                args_per_worker[i] = None
        results: list[Any] = [func(*args_per_worker[0])]
        for ok, child in zip(sent, self._children):
            results.append(self._receive(child) if ok else WorkerError("worker is gone"))
        return results

    def run_shared(self, func: Callable, queues: list[list], args_per_worker: list[tuple]) -> list[Any]:
        """Run ``func(claims, queues, *args_per_worker[i])`` on every worker ``i``, where
        ``queues[i]`` (at most :data:`MAX_CHUNKS` chunks) are the chunks worker ``i``
        takes first and ``claims`` (:class:`Claims`) yields the (queue, chunk) pairs it
        took. Each chunk is taken by one worker, unless a worker fails: the caller
        redoes whatever no result covers.
        """
        if len(queues) != self.size or any(len(q) > MAX_CHUNKS for q in queues):
            raise ValueError(f"{self.size} queues of at most {MAX_CHUNKS} chunks expected")
        self._start()
        sizes = tuple(len(q) for q in queues)
        if not self._children:
            return self.run(func, [(Claims(0, None, 0, sizes), queues, *args_per_worker[0])])
        self._generation = self._generation % ((1 << (8 * _TOKEN - _CHUNK_BITS)) - 1) + 1
        gen = self._generation
        for (r, w), count in zip(self._queues, sizes):
            _drain(r)  # tokens a failed worker left behind
            data = b"".join(((gen << _CHUNK_BITS) | c).to_bytes(_TOKEN, "little") for c in range(count))
            view = memoryview(data)
            while view:  # (one write: 4,000 bytes at most, below PIPE_BUF)
                view = view[os.write(w, view):]
        fds = tuple(r for r, _ in self._queues)
        calls = [(Claims(i, fds, gen, sizes), queues, *args) for i, args in enumerate(args_per_worker)]
        if isinstance(args_per_worker, list):
            for i in range(1, len(args_per_worker)):
                args_per_worker[i] = None  # (held by ``calls`` until sent: see run())
        return self.run(func, calls)

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
        for r, w in self._queues:
            os.close(r)
            os.close(w)
        self._queues = []

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def reap_leaving() -> None:
    """Wait for the children closed with ``wait=False`` (no zombies are left behind)."""
    while _LEAVING:
        _reap(_LEAVING.pop())


#: a pipe's buffer where the system allows it (Linux's default limit for a user): a task's
#: arguments or result (the facts of half the pages: ~3 MB on the real site) then cross in
#: a few writes instead of ~50 alternations of a full 64 KiB buffer and a woken reader
_PIPE_SIZE = 1 << 20


def _widen(fd: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
    except (ImportError, AttributeError, OSError):  # not Linux, or over the system's limit
        pass


def _drain(fd: int) -> None:
    while True:
        try:
            if not os.read(fd, 4096):
                return
        except OSError:  # (BlockingIOError: empty)
            return


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
