"""The forked worker pool: results in order, big messages, failures turned into WorkerError."""

import os

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
