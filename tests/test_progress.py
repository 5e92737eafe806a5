"""The progress display: only for a human in a terminal, outside CI, and only for long runs."""

from __future__ import annotations

import io
import os
import subprocess
import threading
import sys
import time

import pytest

from cxlint.progress import RunProgress, wanted


class Tty(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize(
    "stream, machine, quiet, env, expected",
    [
        (Tty(), False, False, {}, True),
        (io.StringIO(), False, False, {}, False),  # not a terminal (piped, redirected)
        (Tty(), True, False, {}, False),  # json, sarif, github, gitlab, junit
        (Tty(), False, True, {}, False),  # --quiet
        (Tty(), False, False, {"CI": "true"}, False),
        (Tty(), False, False, {"CI": "1"}, False),
        (Tty(), False, False, {"CI": "false"}, True),
        (Tty(), False, False, {"TERM": "dumb"}, False),
    ],
)
def test_wanted(stream, machine, quiet, env, expected):
    assert wanted(stream, machine, quiet, env) is expected


def test_short_run_draws_nothing_long_run_draws_and_erases():
    stream = Tty()
    with RunProgress(stream, delay=0.3) as bar:
        bar("parse", 10)
    assert not bar.shown and stream.getvalue() == ""
    import rich.progress  # noqa: F401  (imported by the first draw; keep it out of the timing)

    stream = Tty()
    with RunProgress(stream, delay=0.0, interval=0.01) as bar:
        bar("parse", 4044)
        time.sleep(0.3)
        bar("check", 1)
        time.sleep(0.3)
    out = stream.getvalue()
    assert bar.shown and "Reading 4,044 pages" in out and "Checking 1 file" in out


def test_forking_while_drawing_is_safe(make_site, monkeypatch):
    """Workers are forked while the display thread redraws: no deadlock, same result."""
    from cxlint.config import Config
    from cxlint.engine import Linter

    files = {f"content/p{i}.md": f"---\ntitle: P{i}\n---\nText &mdash; {i}\n" for i in range(400)}
    site = make_site(files)
    monkeypatch.chdir(site)
    linter = Linter(Config(), jobs=2)
    with RunProgress(Tty(), delay=0.0, interval=0.001) as bar:
        linter.progress = bar
        result = linter.check([site])
    assert len(result.diagnostics) == 400


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_cli_in_a_terminal(make_site):
    """End to end on a pty: the text format in a terminal gets the display, CI=true does not."""
    import pty

    site = make_site({f"content/p{i}.md": "---\ntitle: x\n---\n" for i in range(3)})

    def run(env, *args):
        master, slave = pty.openpty()
        code = (  # a run made long on purpose (0.4 s), a display that appears after 0.05 s
            "import sys, time, cxlint.progress as p, cxlint.cli as c, cxlint.run as r, cxlint.workers as w\n"
            "p.RunProgress.__init__.__kwdefaults__ = {'delay': 0.05, 'interval': 0.01}\n"
            "orig = r._parse_task\n"
            "def slow(*a):\n"
            "    time.sleep(0.4)\n"
            "    return orig(*a)\n"
            "slow.__qualname__ = '_parse_task'\n"
            "r._parse_task = w._TASKS['_parse_task'] = slow\n"
            "sys.exit(c.main(['check', *sys.argv[1:]]))"
        )
        chunks = []

        def drain():  # read the terminal while the run draws: a full pty buffer would block it
            while True:
                try:
                    data = os.read(master, 65536)
                except OSError:
                    return
                if not data:
                    return
                chunks.append(data)

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        proc = subprocess.run([sys.executable, "-c", code, *args], cwd=site, stderr=slave, stdout=subprocess.PIPE,
                              env={**os.environ, **env}, timeout=60)
        os.close(slave)
        reader.join(10)
        os.close(master)
        return proc, b"".join(chunks).decode("utf-8", "replace")

    proc, err = run({"CI": "", "TERM": "xterm"}, ".")
    assert proc.returncode == 0 and "All checks passed: 3 files." in proc.stdout.decode()
    assert "cxlint: Reading 3 pages" in err
    proc, err = run({"CI": "true", "TERM": "xterm"}, ".")
    assert proc.returncode == 0 and err == ""
    proc, err = run({"CI": "", "TERM": "xterm"}, "--format", "json", ".")
    assert proc.returncode == 0 and err == "" and proc.stdout.strip() == b"[]"
