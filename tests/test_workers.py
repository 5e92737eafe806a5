"""The forked worker pool: results in order, big messages, failures turned into WorkerError."""

import os
import time

import pytest

from cxlint import workers

pytestmark = pytest.mark.skipif(not workers.fork_available(), reason="needs os.fork")


@workers.task
def _echo_size(n: int) -> tuple[int, bytes]:
    return os.getpid(), b"x" * n


@workers.task
def _fail(how: str):
    if os.getpid() == _fail.main_pid:
        return "main"
    if how == "raise":
        raise ValueError("bad input")
    os._exit(3)


def test_results_come_back_in_worker_order_through_large_messages():
    with workers.Pool(3) as pool:
        got = pool.run(_echo_size, [(10,), (5 << 20,), (1,)])  # 5 MiB: many pipe buffers
        again = pool.run(_echo_size, [(0,), (2,), (3 << 20,)])  # the same children serve a second call
    assert [len(b) for _, b in got] == [10, 5 << 20, 1]
    assert got[0][0] == os.getpid() and len({pid for pid, _ in got}) == 3
    assert [pid for pid, _ in again] == [pid for pid, _ in got]
    assert [len(b) for _, b in again] == [0, 2, 3 << 20]


@pytest.mark.parametrize("how, words", [("raise", "ValueError: bad input"), ("exit", "died")])
def test_a_failing_child_becomes_a_worker_error(how, words):
    _fail.main_pid = os.getpid()
    with workers.Pool(2) as pool:
        main, child = pool.run(_fail, [(how,), (how,)])
    assert main == "main"
    assert isinstance(child, workers.WorkerError) and words in str(child)


def test_children_are_reaped():
    pool = workers.Pool(2)
    pool.run(_echo_size, [(1,), (1,)])
    pids = [c.pid for c in pool._children]
    pool.close()
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def _gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_close_without_waiting_leaves_the_children_to_reap_leaving():
    pool = workers.Pool(3)
    pool.run(_echo_size, [(1,), (1,), (1,)])
    pids = [c.pid for c in pool._children]
    pool.close(wait=False)
    assert pool._children == [] and sorted(workers._LEAVING) == sorted(pids)
    workers.reap_leaving()
    assert workers._LEAVING == [] and all(_gone(pid) for pid in pids)


def test_a_parallel_run_closes_its_pool_without_waiting_and_reaps_before_returning(make_site, monkeypatch):
    from cxlint.config import parse_config
    from cxlint.engine import Linter

    files = {f"content/news/p{i:03d}.md": f"---\ntitle: P{i}\n---\n## Part {i}\n" for i in range(400)}
    root = make_site(files)
    seen: list[tuple[bool, list[int]]] = []
    close = workers.Pool.close

    def spy(self, wait=True):
        seen.append((wait, [c.pid for c in self._children]))
        close(self, wait)

    monkeypatch.setattr(workers.Pool, "close", spy)
    result = Linter(parse_config({"select": ["ALL"]}, None), jobs=2, cwd=root, cache=False).check([root])
    assert result.summary() is not None
    pids = [pid for _, got in seen for pid in got]
    assert pids and (False, pids) in seen  # the children were forked, and not waited for at close
    assert workers._LEAVING == [] and all(_gone(pid) for pid in pids)  # but reaped by the end of the run


@workers.task
def _claim(claims, queues, delay: float, most: int | None = None):
    """The (queue, chunk, item) triples this worker took, sleeping ``delay`` after each."""
    got = []
    for q, c in claims:
        got.append((q, c, queues[q][c]))
        time.sleep(delay)
        if most is not None and len(got) >= most:
            break  # leaves tokens in the queues
    return got


def test_shared_chunks_are_each_taken_once_and_a_worker_done_early_takes_over():
    queues = [[f"a{i}" for i in range(30)], [f"b{i}" for i in range(30)], []]
    with workers.Pool(3) as pool:
        # the parent is quick, the children slow: the parent ends up with part of queue 1
        results = pool.run_shared(_claim, queues, [(0.001,), (0.01,), (0.01,)])
    taken = sorted((q, c, item) for got in results for q, c, item in got)
    assert taken == sorted((q, c, queues[q][c]) for q in range(3) for c in range(len(queues[q])))
    parent, child1, child2 = results
    assert child1 and child1[0][0] == 1  # a worker starts with its own queue ...
    assert [c for q, c, _ in child1 if q == 1] == sorted(c for q, c, _ in child1 if q == 1)  # ... in order
    assert any(q == 1 for q, _, _ in parent)  # ... and the parent, done early, took over some of queue 1
    assert child2 and {q for q, _, _ in child2} <= {0, 1}  # queue 2 was empty: it only helped


def test_chunks_left_by_a_phase_that_stopped_early_are_not_taken_in_the_next():
    first = [[("old", i) for i in range(20)], [("old", 20 + i) for i in range(20)]]
    second = [[("new", i) for i in range(3)], [("new", 3 + i) for i in range(2)]]
    with workers.Pool(2) as pool:
        stopped = pool.run_shared(_claim, first, [(0.0, 1), (0.0, 1)])  # one chunk each: 38 tokens left
        again = pool.run_shared(_claim, second, [(0.0,), (0.0,)])
    assert sum(len(got) for got in stopped) == 2
    assert sorted(item for got in again for _, _, item in got) == sorted(x for q in second for x in q)


def test_one_worker_takes_every_chunk_in_order_without_pipes():
    queues = [["a", "b"], ["c"]]
    pool = workers.Pool(1)
    with pytest.raises(ValueError):
        pool.run_shared(_claim, queues, [(0.0,)])  # one queue per worker
    (got,) = pool.run_shared(_claim, [["a", "b", "c"]], [(0.0,)])
    assert got == [(0, 0, "a"), (0, 1, "b"), (0, 2, "c")]
