"""The results cache: reused when nothing changed, never stale for site-scope rules, never trusted blindly.

Every cached run is compared with an uncached run of the same tree (the oracle).
"""

from __future__ import annotations

import json
import os
import pickle
import time
from pathlib import Path

import pytest

from cxlint import planning
from cxlint import run as runmod
from cxlint.cli import main
from cxlint.config import parse_config
from cxlint.engine import Linter

RULES = ["REF001", "REF003", "TAX001", "TAX003", "ENT001"]

SITE = {
    "content/_index.md": "---\ntitle: Home\n---\n",
    "content/news/a.md": '---\ntitle: A\n---\nSee {{< ref "/guides/b.md#setup" >}} and {{< ref "b.md" >}}.\n',
    "content/guides/b.md": "---\ntitle: B\n---\n## Setup\n\nSome text.\n",
    "content/topics/cx/_index.md": "---\ntitle: CX\n---\n",
    "content/news/c.md": "---\ntitle: C\ntopics:\n  - customer-service\n---\nIt&#8217;s fine.\n",
}


def _lint(root: Path, *, cache: bool = True, select=RULES, jobs: int = 1, **kw):
    linter = Linter(parse_config({"select": list(select)}, None), jobs=jobs, cwd=root, cache=cache, **kw)
    return linter.check([root])


def _found(result) -> list[tuple]:
    return [(d.path, d.line, d.column, d.code, d.message) for d in result.diagnostics]


def _same_as_uncached(root: Path, **kw) -> list[tuple]:
    cached = _found(_lint(root, **kw))
    assert cached == _found(_lint(root, cache=False, **{k: v for k, v in kw.items() if k != "cache_dir"}))
    return cached


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """Content paths of the pages the run reads and parses."""
    calls: list[str] = []
    real = runmod.load_page

    def counting(path, *args, **kwargs):
        page = real(path, *args, **kwargs)
        calls.append(page.content_path)
        return page

    monkeypatch.setattr(runmod, "load_page", counting)
    return calls


def test_warm_run_reads_nothing_and_finds_the_same(make_site, parsed):
    root = make_site(SITE)
    first = _same_as_uncached(root)
    assert ("content/news/c.md", 4, 5, "TAX001") in [f[:4] for f in first]
    parsed.clear()
    assert _found(_lint(root)) == first
    assert parsed == []
    cache = root / ".cxlint_cache"
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    assert {p.name.split("-")[0] for p in cache.iterdir()} == {".gitignore", "facts", "results"}


def test_renamed_or_deleted_page_breaks_refs_on_the_next_run(make_site):
    root = make_site(SITE)
    assert not [f for f in _same_as_uncached(root) if f[3] == "REF001"]
    (root / "content/guides/b.md").rename(root / "content/guides/b2.md")
    broken = [f for f in _same_as_uncached(root) if f[3] == "REF001"]
    assert [f[0] for f in broken] == ["content/news/a.md", "content/news/a.md"]
    (root / "content/guides/b2.md").rename(root / "content/guides/b.md")
    assert not [f for f in _same_as_uncached(root) if f[3] == "REF001"]
    (root / "content/guides/b.md").unlink()
    assert len([f for f in _same_as_uncached(root) if f[3] == "REF001"]) == 2


def test_new_topic_alias_changes_results_on_an_unchanged_page(make_site, parsed):
    root = make_site(SITE)
    before = _same_as_uncached(root)
    assert [f[3] for f in before if f[0] == "content/news/c.md"] == ["TAX001", "ENT001"]
    (root / "content/topics/cx/_index.md").write_text(
        "---\ntitle: CX\naliases:\n  - /topics/customer-service/\n---\n", encoding="utf-8"
    )
    parsed.clear()
    after = _same_as_uncached(root)
    assert [f[3] for f in after if f[0] == "content/news/c.md"] == ["TAX003", "ENT001"]
    assert "legacy alias of 'cx'" in [f for f in after if f[3] == "TAX003"][0][4]


def test_renamed_heading_changes_ref003_on_the_page_that_links_to_it(make_site):
    root = make_site(SITE)
    assert not [f for f in _same_as_uncached(root) if f[3] == "REF003"]
    (root / "content/guides/b.md").write_text("---\ntitle: B\n---\n## Set up\n\nSome text.\n", encoding="utf-8")
    found = [f for f in _same_as_uncached(root) if f[3] == "REF003"]
    assert [(f[0], f[4]) for f in found] == [("content/news/a.md", "anchor '#setup' not found on '/guides/b.md'")]


def test_only_the_page_a_fragment_names_is_scanned_for_anchors(make_site, monkeypatch, tmp_path):
    """Anchors are no page facts: a run scans the page a #fragment names, when first asked
    for, with a cache or without one."""
    import cxlint.refs.anchors as anchors

    scanned: list[str] = []
    real = anchors.page_anchors

    def counting(text, start=0):
        scanned.append(text[start:].split("\n", 1)[0])  # (each page's first body line says which)
        return real(text, start)

    monkeypatch.setattr(anchors, "page_anchors", counting)
    root = make_site(SITE)
    uncached = _found(_lint(root, cache=False))
    assert scanned == ["## Setup"]  # guides/b.md, asked for by a.md's ref
    scanned.clear()
    assert _found(_lint(root, cache_dir=tmp_path / "cache")) == uncached
    assert scanned == ["## Setup"]


def test_body_edit_that_changes_no_page_facts_rechecks_only_that_page(make_site, parsed):
    root = make_site(SITE)
    _lint(root)
    (root / "content/news/c.md").write_text(
        "---\ntitle: C\ntopics:\n  - customer-service\n---\nOther text &mdash; here.\n", encoding="utf-8"
    )
    parsed.clear()
    found = _found(_lint(root))
    assert parsed == ["news/c.md"]  # parsed once for its facts, checked from memory
    assert ("content/news/c.md", 6, 12, "ENT001") in [f[:4] for f in found]
    assert found == _found(_lint(root, cache=False))


def test_body_edit_of_a_page_whose_headings_a_ref_read_rechecks_the_referring_page(make_site, parsed):
    """a.md's cached REF003 result read b.md's headings: an edit of b.md's body (no page
    facts change) re-checks a.md's site-scope rules too, and no other page."""
    root = make_site(SITE)
    _lint(root)
    b = root / "content/guides/b.md"
    b.write_text("---\ntitle: B\n---\n## Setup\n\nOther text &mdash; here.\n", encoding="utf-8")
    parsed.clear()
    found = _found(_lint(root))
    assert sorted(parsed) == ["guides/b.md", "news/a.md"]
    assert ("content/guides/b.md", 6, 12, "ENT001") in [f[:4] for f in found]
    assert found == _found(_lint(root, cache=False))
    assert not [f for f in found if f[3] == "REF003"]
    b.write_text("---\ntitle: B\n---\n## Set-up\n\nOther text &mdash; here.\n", encoding="utf-8")
    parsed.clear()
    found = _found(_lint(root))
    assert sorted(parsed) == ["guides/b.md", "news/a.md"]
    assert [f[3:] for f in found if f[3] == "REF003"] == [("REF003", "anchor '#setup' not found on '/guides/b.md'")]
    assert found == _found(_lint(root, cache=False))


def test_change_keeping_size_and_mtime_is_seen(make_site, monkeypatch):
    root = make_site(SITE)
    page = root / "content/news/c.md"
    st = page.stat()
    later = time.time() + 60  # as if the files were written long before the run
    monkeypatch.setattr(time, "time", lambda: later)
    assert "TAX001" in [f[3] for f in _found(_lint(root))]
    page.write_text(page.read_text().replace("customer-service", "customer-servicX"), encoding="utf-8")
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert page.stat().st_size == st.st_size and page.stat().st_mtime_ns == st.st_mtime_ns
    messages = [f[4] for f in _found(_lint(root)) if f[3] == "TAX001"]
    assert messages == ["unknown topic 'customer-servicX': no topic page and no alias"]


def test_other_settings_do_not_reuse_results(make_site):
    root = make_site(SITE)
    assert {f[3] for f in _found(_lint(root, select=["TAX001"]))} == {"TAX001"}
    assert {f[3] for f in _found(_lint(root, select=["ENT001"]))} == {"ENT001"}
    assert {f[3] for f in _found(_lint(root, select=["TAX001"]))} == {"TAX001"}


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "wrong-type"])
def test_damaged_cache_files_are_ignored(make_site, damage):
    root = make_site(SITE)
    want = _found(_lint(root))
    for path in (root / ".cxlint_cache").glob("*-*"):
        data = path.read_bytes()
        header = data[: data.index(b"\n") + 1]
        if damage == "truncate":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "garbage":
            path.write_bytes(header + b"\x80\x05not a pickle at all")
        elif damage == "empty":
            path.write_bytes(b"")
        else:
            path.write_bytes(header + pickle.dumps(["a", "list"]))
    assert _found(_lint(root)) == want
    assert _found(_lint(root)) == want  # and the rewritten cache is good again


def test_cache_file_cannot_run_code(make_site, tmp_path):
    root = make_site(SITE)
    want = _found(_lint(root))
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    for path in (root / ".cxlint_cache").glob("*-*"):
        data = path.read_bytes()
        path.write_bytes(data[: data.index(b"\n") + 1] + pickle.dumps({"x": Evil()}))
    assert _found(_lint(root)) == want
    assert not marker.exists()


def _tree(top: Path) -> set[str]:
    return {str(p.relative_to(top)) for p in top.rglob("*")}


def test_cache_writes_only_in_its_folder(make_site, tmp_path):
    root = make_site(SITE)
    before = _tree(tmp_path)
    _lint(root)
    assert {p for p in _tree(tmp_path) - before if not p.startswith("site/.cxlint_cache")} == set()
    elsewhere = tmp_path / "my cache"
    before = _tree(tmp_path)
    _lint(root, cache_dir=elsewhere)
    assert {p for p in _tree(tmp_path) - before if not p.startswith("my cache")} == set()
    assert (elsewhere / ".gitignore").is_file()


def test_symlinked_cache_folder_pointing_out_of_the_site_is_not_used(make_site, tmp_path):
    root = make_site(SITE)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / ".cxlint_cache").symlink_to(outside, target_is_directory=True)
    want = _found(_lint(root, cache=False))
    assert _found(_lint(root)) == want
    assert list(outside.iterdir()) == []


def test_read_only_site_gets_no_cache(make_site):
    root = make_site(SITE)
    want = _found(_lint(root, cache=False))
    root.chmod(0o555)
    try:
        assert _found(_lint(root)) == want
        assert not (root / ".cxlint_cache").exists()
    finally:
        root.chmod(0o755)


def test_cli_cache_options(make_site, tmp_path, capsys, monkeypatch):
    root = make_site(SITE)
    monkeypatch.chdir(root)
    args = ["check", ".", "--format", "json", "--select", ",".join(RULES)]
    assert main(args + ["--no-cache"]) == 1
    cold = json.loads(capsys.readouterr().out)
    assert not (root / ".cxlint_cache").exists()
    assert main(args) == 1
    assert json.loads(capsys.readouterr().out) == cold
    assert (root / ".cxlint_cache" / ".gitignore").is_file()
    assert main(args) == 1  # warm
    assert json.loads(capsys.readouterr().out) == cold
    assert main(args + ["--cache-dir", str(tmp_path / "c")]) == 1
    assert json.loads(capsys.readouterr().out) == cold
    assert (tmp_path / "c" / ".gitignore").is_file()


def _many_pages(n: int, front, body) -> dict[str, str]:
    """A topic with an alias and ``n`` news pages, each with a heading, ``front(i)`` and ``body(i)``."""
    files = {"content/topics/cx/_index.md": "---\ntitle: CX\naliases: [/topics/old/]\n---\n## Top\n"}
    for i in range(n):
        files[f"content/news/p{i:03d}.md"] = f"---\ntitle: P{i}\n{front(i)}---\n## Part {i}\n{body(i)}\n"
    return files


def test_parallel_workers_and_cache_agree_with_one_process(make_site):
    root = make_site(_many_pages(
        400,
        lambda i: f"topics: [{'old' if i % 3 else 'cx'}, nope{i % 5}]\n",
        lambda i: f'It&#8217;s {{{{< ref "p{(i + 1) % 400:03d}.md#part-{(i + 2) % 400}" >}}}}',
    ))
    one = _found(_lint(root, cache=False, jobs=1))
    assert len(one) > 1000
    assert _found(_lint(root, cache=False, jobs=2)) == one
    assert _found(_lint(root, jobs=2)) == one  # cold, writes the cache
    assert _found(_lint(root, jobs=2)) == one  # warm
    (root / "content/news/p005.md").write_text("---\ntitle: moved\n---\n## Other\n", encoding="utf-8")
    assert _found(_lint(root, jobs=2)) == _found(_lint(root, cache=False, jobs=1))


def test_big_site_memory_limits_change_no_result(make_site, monkeypatch):
    """Past MEMO_ALL_PAGES pages the facts memo is bounded and parsed pages beyond the memory
    budget are parsed again for checking: the findings stay the same."""
    root = make_site(_many_pages(
        300,
        lambda i: f"topics: [old, nope{i % 4}]\nexpirydate: {'2001-01-01' if i % 7 == 0 else '2999-01-01'}\n",
        lambda i: f'{{{{< ref "p{(i * 7 + 3) % 300:03d}.md#part-{i}" >}}}} &amp;#8217;',
    ))
    want = _found(_lint(root, cache=False, jobs=1))
    assert len(want) > 600
    monkeypatch.setattr(runmod, "MEMO_ALL_PAGES", 10)
    monkeypatch.setattr(runmod, "MEMO_LARGE_SITE", 7)
    monkeypatch.setattr(runmod, "KEEP_PARSED_MEMORY", 60_000)
    assert _found(_lint(root, cache=False, jobs=1)) == want
    assert _found(_lint(root, cache=False, jobs=2)) == want


def test_a_permalinks_change_in_the_site_config_reaches_cached_pages(make_site):
    """REF005 keeps every page's URL paths in its page facts (computed from the site config
    where pages are parsed): a new ``permalinks`` pattern must not be answered from the cache."""
    files = {
        "content/news/2019-05-02-x.md": "---\ntitle: X\ndate: 2019-05-02\nslug: x\n---\n",
        "content/about.md": "---\ntitle: About\n---\n[x](https://example.gov/2019/05/02/x/) [y](https://example.gov/news/x/)\n",
    }
    root = make_site(files)
    select = ["REF005"]
    before = _same_as_uncached(root, select=select)
    assert [(d[2], "(by permalink)" in d[4]) for d in before] == [(44, True)]  # /news/x/ only
    (root / "config.yml").write_text(
        "baseURL: https://example.gov/\npermalinks:\n  news: /:year/:month/:day/:slug/\n", encoding="utf-8"
    )
    after = _same_as_uncached(root, select=select)
    # now /2019/05/02/x/ is the permalink; /news/x/ still names the page by folder + slug
    assert [(d[2], "(by permalink)" in d[4], "(by slug)" in d[4]) for d in after] == [(5, True, False), (44, False, True)]


def test_malformed_entries_in_a_cache_file_are_dropped(make_site):
    root = make_site(SITE)
    want = _found(_lint(root))
    for path in (root / ".cxlint_cache").glob("*-*"):
        data = path.read_bytes()
        table = pickle.loads(data[data.index(b"\n") + 1 :])
        bad = {}
        for i, key in enumerate(table):
            entry = list(table[key])
            if i % 3 == 0:
                entry = entry[:2]  # too short
            elif i % 3 == 1:
                entry[-1] = b"\x80\x05garbage"  # a blob that is no pickle
            else:
                entry[1] = "not bytes"
            bad[key] = entry
        path.write_bytes(data[: data.index(b"\n") + 1] + pickle.dumps(bad))
    assert _found(_lint(root)) == want


def test_a_failing_worker_is_reported_and_its_share_done_in_the_main_process(make_site, monkeypatch, capfd):
    files = {f"content/news/p{i:03d}.md": f"---\ntitle: P{i}\ntopics: [nope]\n---\nIt&#8217;s {i}\n" for i in range(400)}
    files["content/topics/cx/_index.md"] = "---\ntitle: CX\n---\n"
    root = make_site(files)
    want = _found(_lint(root, cache=False, jobs=1))
    main_pid = os.getpid()
    real = runmod.load_page

    def broken_in_workers(*args, **kwargs):
        if os.getpid() != main_pid:
            raise RuntimeError("worker trouble")
        return real(*args, **kwargs)

    monkeypatch.setattr(runmod, "load_page", broken_in_workers)
    assert _found(_lint(root, cache=False, jobs=2)) == want
    err = capfd.readouterr().err
    assert "worker trouble; parsing its share in the main process" in err


def test_the_code_stamp_covers_every_source_file_and_outside_rule_modules(tmp_path, monkeypatch):
    import sys

    from cxlint import cache as cachemod

    package = Path(cachemod.__file__).resolve().parent
    assert cachemod._source_files(str(package)) == sorted(str(p) for p in package.rglob("*.py"))
    plugin = tmp_path / "my_rules.py"
    plugin.write_text("X = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    import my_rules  # noqa: F401 - a rule module outside the package

    before = cachemod.code_stamp(["my_rules"])
    assert cachemod.code_stamp(["my_rules"]) == before
    assert cachemod.code_stamp([]) != before
    plugin.write_text("X = 22\n", encoding="utf-8")  # an edited plugin: its results are not reused
    assert cachemod.code_stamp(["my_rules"]) != before
    sys.modules.pop("my_rules", None)


def test_where_pages_may_not_all_be_kept_the_smallest_are_by_a_size_limit_from_a_sample():
    """Where the parsed pages do not all fit in KEEP_PARSED_MEMORY, keeping the smallest keeps the
    most (parsing one again costs about the same whatever its size). The limit comes from the
    sizes of an even sample of the pages: the pages up to it take about the budget."""
    rng = __import__("random").Random(5)
    sizes = {f"p{i:05d}.md": rng.choice([50, 700, 1200, 3000, 4100, 9000, 20000]) for i in range(5000)}
    paths = list(sizes)
    budget = 4 << 20
    limit = planning.keep_limit(paths, 2, dict(sizes), budget)
    assert limit is not None
    def memory(upto):  # what one of two workers holds keeping every page up to a size
        return sum(planning.parsed_page_memory(s) for s in sizes.values() if s <= upto) / 2
    assert memory(limit) <= budget * 1.15  # about the budget (the sample's estimate) ...
    bigger = min(s for s in sizes.values() if s > limit)
    assert memory(bigger) > budget * 0.85  # ... and the next size would not fit
    assert planning.keep_limit(paths, 2, dict(sizes), 1) == -1  # nothing fits: keep nothing
    assert planning.keep_limit(paths[:100], 2, dict(sizes), budget) is None  # a site that fits
    queues = planning.parse_queues(paths, 2, sizes)
    assert [p for chunk in queues[0] for p in chunk] == paths and queues[1] == []  # walk order


def test_a_site_whose_pages_all_fit_is_chunked_in_walk_order_without_a_stat(monkeypatch):
    paths = [f"/nowhere/p{i:03d}.md" for i in range(300)]

    def no_stat(path):
        raise AssertionError(f"stat of {path}")

    monkeypatch.setattr(planning, "_size", no_stat)
    assert planning.keep_limit(paths, 2, {}, runmod.KEEP_PARSED_MEMORY) is None
    queues = planning.parse_queues(paths, 2, {})
    assert [p for chunk in queues[0] for p in chunk] == paths
    assert len(queues[0]) == 2 * planning.CHUNKS_PER_WORKER and queues[1] == []
    assert planning.parse_queues(paths[:5], 1, {}) == [[paths[:5]]]  # one worker: one chunk


def test_chunks_keep_the_order_and_weigh_about_the_same():
    sizes = {f"p{i}": (i % 7) * 1000 for i in range(1000)}
    items = [(p, "page", "all") for p in sizes]
    chunks = planning.chunks(items, 4, sizes)
    assert [it for chunk in chunks for it in chunk] == items
    assert len(chunks) == 4 * planning.CHUNKS_PER_WORKER
    weights = [sum(sizes[p] + 2048 for p, _, _ in chunk) for chunk in chunks]
    assert max(weights) < 2 * min(weights)
    assert len(planning.chunks(items, 64, sizes)) <= planning.workers.MAX_CHUNKS
    assert planning.chunks([], 2, {}) == []



def test_facts_a_worker_reused_from_the_cache_file_stay_untrusted(make_site, monkeypatch):
    """A page whose bytes are unchanged but whose signature is not (touched) takes its facts
    from the cache file by content hash: wherever it was parsed, those facts are read back
    with safe_loads (untrusted), never with pickle.loads; freshly parsed ones are trusted."""
    files = {f"content/news/p{i:03d}.md": f"---\ntitle: P{i}\ntopics: [nope]\n---\nbody {i}\n" for i in range(400)}
    files["content/news/changed.md"] = "---\ntitle: old\n---\n"
    root = make_site(files)
    want = _found(_lint(root, jobs=2))
    past = time.time() - 3600
    for page in (root / "content" / "news").glob("*.md"):
        os.utime(page, (past, past))  # same bytes, another signature
    changed = root / "content" / "news" / "changed.md"
    changed.write_text("---\ntitle: new\n---\n", encoding="utf-8")
    os.utime(changed, (past, past))
    runs = []
    execute = runmod.Run.execute

    def keep(self):
        runs.append(self)
        return execute(self)

    monkeypatch.setattr(runmod.Run, "execute", keep)
    assert _found(_lint(root, jobs=2)) == want
    (run,) = runs
    assert {os.path.basename(p) for p in run.fresh} == {"changed.md"}
    assert len({p for p in run.entries if p.endswith(".md")}) == 401


def test_each_workers_list_ends_with_what_another_can_take_over_at_no_extra_cost():
    """Kept parsed pages first, then the pages the worker could not keep (read again wherever
    they are checked), then other files: a worker done early takes over the end of a list."""
    work = [(f"/s/content/p{i}.md", "page", "all") for i in range(8)] + [("/s/data/d.yml", "data", "verify")]
    owner = {f"/s/content/p{i}.md": i % 2 for i in range(8)}
    unkept = {"/s/content/p0.md", "/s/content/p3.md"}
    plan = planning.assign(work, 2, owner, {}, unkept)
    names = [[os.path.basename(path) for path, _, _ in items] for items in plan]
    assert sorted(sum(names, [])) == sorted(os.path.basename(p) for p, _, _ in work)
    assert names[0][:4] == ["p2.md", "p4.md", "p6.md", "p0.md"]
    assert names[1][:4] == ["p1.md", "p5.md", "p7.md", "p3.md"]
    assert "d.yml" in (names[0][4:] + names[1][4:])


def test_a_worker_done_early_takes_over_pages_another_parsed_with_the_same_findings(make_site, monkeypatch):
    """The child checks slowly: the main process takes over most of the child's queue (pages the
    child parsed and kept, which it parses again); every finding is what one process finds."""
    files = {
        f"content/news/p{i:03d}.md": f"---\ntitle: P{i}\ntopics: [nope, cx]\n---\nIt&#8217;s {{{{< ref \"p{(i * 7) % 300:03d}.md#part-{i % 3}\" >}}}}\n## Part {i % 5}\n"
        for i in range(300)
    }
    files["content/topics/cx/_index.md"] = "---\ntitle: CX\n---\n"
    root = make_site(files)
    want = _found(_lint(root, cache=False, jobs=1))
    assert len(want) > 300
    main_pid = os.getpid()
    real = runmod._check_items

    def slow_in_children(items, site_digest):
        if os.getpid() != main_pid:
            time.sleep(0.02)  # per chunk
        return real(items, site_digest)

    parse = runmod._parse_pages

    def slow_parse_here(paths):  # so that the child surely parses a share
        if os.getpid() == main_pid:
            time.sleep(0.005)
        return parse(paths)

    monkeypatch.setattr(runmod, "_check_items", slow_in_children)
    monkeypatch.setattr(runmod, "_parse_pages", slow_parse_here)
    parsed_by_child: set[str] = set()
    checked: list[set[str]] = []
    run_shared = runmod.workers.Pool.run_shared

    def spy(self, func, queues, args):
        got = run_shared(self, func, queues, args)
        if func is runmod._parse_task:
            for _, _, part in got[1][0]:
                parsed_by_child.update(path for path, *_ in pickle.loads(part))
        elif func is runmod._check_task:
            checked.extend(set(out) for out, _ in got)
        return got

    monkeypatch.setattr(runmod.workers.Pool, "run_shared", spy)
    assert _found(_lint(root, cache=False, jobs=2)) == want
    mine, theirs = checked
    assert mine.isdisjoint(theirs) and len(mine | theirs) == 301 and len(mine) > len(theirs)
    assert parsed_by_child and mine & parsed_by_child  # pages the child parsed, checked here


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_run_without_a_cache_counts_its_problems_without_decoding_them(make_site, jobs):
    """A quiet report needs only the counts: they come from where the problems were found,
    and the problems are decoded (and sorted) only when asked for, the same either way."""
    from cxlint.engine import Summary

    files = {
        f"content/news/p{i:03d}.md": f"---\ntitle: P{i}\ntopics: [nope, cx, CX]\n---\nIt&#8217;s &mdash; {i}\n"
        for i in range(400)
    }
    files["content/topics/cx/_index.md"] = "---\ntitle: CX\n---\n"
    files["data/d.json"] = '{"a": 1, "a": 2}'
    root = make_site(files)
    result = _lint(root, cache=False, jobs=jobs, select=RULES + ["DUP001", "TAX002"])
    assert callable(result._diagnostics)  # not decoded yet
    summary = result.summary()
    assert summary == Summary.of(result.diagnostics) and summary.problems > 1200
    assert summary.errors and summary.safe_fixes and summary.files == 401
    assert _found(result) == _found(_lint(root, cache=True, jobs=jobs, select=RULES + ["DUP001", "TAX002"]))


def test_a_fix_that_changes_asked_for_headings_counts_as_an_index_change(make_site):
    """The fixer compares a fixed page's anchors with those a ref asked for (headings are no
    page facts): only a page whose anchors were asked for, and only when they differ."""
    from cxlint.refs import anchors_changed, site_refs
    from cxlint.site import load_page

    root = make_site(SITE)
    linter = Linter(parse_config({"select": ["REF003"]}, None), jobs=1, cwd=root, cache=False)
    result = linter.check([root])
    index = linter.context(result.index).site
    content = root / "content"
    b = load_page(content / "guides/b.md", content)
    assert not anchors_changed(index, "guides/b.md", b)  # no ref tables yet: nothing asked for
    assert site_refs(index).anchors("guides/b.md") == {"setup"}
    assert not anchors_changed(index, "guides/b.md", b)
    renamed = load_page(content / "guides/b.md", content, data=b.text.replace("## Setup", "## Set up").encode())
    assert anchors_changed(index, "guides/b.md", renamed)
    assert site_refs(index).anchors("guides/b.md") == {"set-up"}
    c = load_page(content / "news/c.md", content, data=b"---\ntitle: C\n---\n## Fixed\n")
    assert not anchors_changed(index, "news/c.md", c)  # never asked for: nothing to compare
    assert site_refs(index).anchors("news/c.md") == {"fixed"}  # (the fixed text, not the file's)


@pytest.mark.skipif(not runmod.workers.fork_available(), reason="worker processes need os.fork")
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_large_sites_permalink_table_unpickles_no_pages_facts(make_site, monkeypatch, jobs):
    """On a site of more than MEMO_ALL_PAGES pages the facts are not kept unpickled; REF005's
    table of every page's URL paths is built from the rules' facts the workers sent along
    (Run.extras), not by unpickling every page's whole facts in every process."""
    files = {
        f"content/news/p{i:03d}.md": f"---\ntitle: P{i}\nslug: s{i}\n---\nSee https://example.gov/news/s{(i * 7) % 120}/ now.\n"
        for i in range(120)
    }
    root = make_site(files)
    select = ["REF005", "ENT001"]
    want = _found(_lint(root, cache=False, select=select, jobs=jobs))
    assert len([f for f in want if f[3] == "REF005"]) == 120
    monkeypatch.setattr(runmod, "MEMO_ALL_PAGES", 10)
    from cxlint.refs import permalinks

    unpickled_for_table: list[str] = []
    building = []
    facts = runmod.Run.facts
    build = permalinks.PermalinkMap.__init__

    def counting_facts(self, path):
        if building:
            unpickled_for_table.append(path)
        return facts(self, path)

    def spying_build(self, *args, **kw):
        building.append(True)
        try:
            build(self, *args, **kw)
        finally:
            building.pop()

    monkeypatch.setattr(runmod.Run, "facts", counting_facts)
    monkeypatch.setattr(permalinks.PermalinkMap, "__init__", spying_build)
    assert _found(_lint(root, cache=False, select=select, jobs=jobs)) == want
    assert unpickled_for_table == []  # (in this process: a child's count does not come back)
