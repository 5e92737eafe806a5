"""One ``cxlint check`` run: page facts for the site index, then checks, on every core.

Phase 1 parses the pages whose facts are not in the cache, in chunks each
worker takes as it goes (see :mod:`cxlint.planning`). Every worker keeps the
pages it parsed that are also to be checked (within KEEP_PARSED_MEMORY); only
their facts (small, pickled once) go to the other workers.

Between the phases the parent computes the site digest (a hash of every
page's facts and the site config) and decides, per checked file, what the
cache still answers: nothing (the file changed: every rule runs), the
file-scope rules' results (the file is unchanged but the site changed: the
site-scope rules run again), or everything.

Phase 2 checks what is left, each page in the worker that parsed it unless a
worker done early takes it over; every worker builds the same read-only site
index from all the facts (a forked worker inherits what the parent had, and
gets only the facts parsed elsewhere).
"""

from __future__ import annotations

import itertools
import os
import pickle
import time
from collections.abc import Mapping
from pathlib import Path

from cxlint import workers
from cxlint.planning import assign, chunks, keep_limit, parse_queues, parsed_page_memory
from cxlint import cache as _cache_module
from cxlint.cache import Cache, code_stamp, content_hash, digest, file_signature, safe_loads, shard_of
from cxlint.datafiles import load_data_file
from cxlint.diagnostics import SORT_KEY, Diagnostic
from cxlint.engine import INTERNAL_ERROR, DocumentStore, RunResult, Summary, _apply_suppressions, _timing
from cxlint.rule import Rule
from cxlint.site import CONTENT_SUFFIXES, Page, PageFacts, SiteIndex, content_paths_of, display_path, load_page, suffix_of

_PROTOCOL = pickle.HIGHEST_PROTOCOL
#: memory of parsed pages a process keeps from parsing to checking; pages beyond it
#: are parsed again when checked, which bounds memory on very large sites and never
#: triggers on ordinary ones (the real site's 4,044 pages take ~53 MiB in all). On the
#: real site replicated 10x (40,440 pages, 2 workers) 96 MiB left ~18,000 pages to be
#: parsed again (~1.9 s of CPU); 160 MiB leaves ~9,000 (~1.0 s), for +55 MiB in the
#: largest process (~400 MiB: the issue's bound for that site is 500 MiB)
KEEP_PARSED_MEMORY = 160 << 20  # (see planning.parsed_page_memory)
#: up to this many pages, every page's facts stay unpickled once read (~3 KB each)
MEMO_ALL_PAGES = 20_000
#: on bigger sites, at most this many pages' facts read one by one stay unpickled
MEMO_LARGE_SITE = 4096
_RUN: "Run | None" = None  # the run a forked worker belongs to (inherited, never pickled)

# facts entry: [signature, content hash, facts digest, pickled facts]
SIG, SHA, DIGEST, BLOB = range(4)
# results record: (signature or False (not cacheable), content hash, site digest used,
#                  pickled file-scope diagnostics, pickled site-scope diagnostics); b"" = none


def _pack(diags: list[Diagnostic]) -> bytes:
    return pickle.dumps(diags, protocol=_PROTOCOL) if diags else b""


def _pack_parts(parts: list[bytes]) -> bytes:
    """A remembered run's diagnostics: the files' pickled lists, as they are (see _unpack_parts)."""
    return pickle.dumps(parts, protocol=_PROTOCOL)


def _unpack_parts(blob: bytes) -> list[Diagnostic] | None:
    """The sorted diagnostics of :func:`_pack_parts`'s blob, or None when it is damaged."""
    parts = _list_of(blob, bytes)
    if parts is None:
        return None
    out: list[Diagnostic] = []
    for part in parts:
        got = _unpack_cached(part)
        if got is None:
            return None
        out.extend(got)
    out.sort(key=SORT_KEY)  # (stable: the files' order, as _merged() sorted them)
    return out


def _unpack_cached(blob: bytes) -> list[Diagnostic] | None:
    """Diagnostics from a cache file, or None when the blob is damaged."""
    return _list_of(blob, Diagnostic) if blob else []


def _list_of(blob: bytes, item: type) -> list | None:
    """A list of ``item`` values unpickled from a cache file, or None when it is anything else."""
    try:
        got = safe_loads(blob)
    except Exception:
        return None
    if type(got) is not list or not set(map(type, got)) <= {item}:
        return None
    return got


class Run:
    def __init__(self, linter, site, found, cache: Cache | None = None):
        self.linter = linter
        self.site = site
        self.found = found
        self.targets = set(found.targets)
        self.extractors = [r for r in linter.rules if type(r).page_facts is not Rule.page_facts]
        for rule in self.extractors:  # before any page is parsed (forked workers inherit it)
            rule.facts_setup(site)
        self.has_site_rules = any(r.scope != "file" for r in linter.rules)
        #: document kinds some site-scope rule checks: only their results depend on the site
        self.site_kinds = {k for r in linter.rules if r.scope != "file" for k in r.targets}
        #: real path -> bytes of an editor's buffer (``--stdin-filename``); such a run keeps no cache
        self.sources = linter.source_bytes()
        #: the site's cache (the caller's, which read the folder listings from it), or None
        self.cache = cache
        self.entries: dict[str, list] = {}  # page path -> facts entry
        self.parsed: dict[str, Page] = {}  # pages this process parsed and will check
        self.kept_memory = 0
        self.tally: _Tally | None = None  # (in a child's check task, without a cache)
        self.keep_limit: int | None = None  # the largest page kept parsed (planning.keep_limit)
        self.pid = os.getpid()
        self.own: dict[str, tuple] = {}  # path -> (file, site) diagnostics this process found
        self.fresh: set[str] = set()  # pages whose facts entry this run computed (trusted)
        self.decoded: dict[str, list] = {}  # path -> diagnostics of a reused cache record
        #: what the children found, counted where found (runs without a cache): see _Tally
        self.tallies: list[_Tally] = []
        #: path -> (blob, facts) of the pages this process parsed: the facts as made, handed to the
        #: site index once instead of unpickled from the blob (on sites of up to MEMO_ALL_PAGES pages)
        self.made_facts: dict[str, tuple[bytes, PageFacts]] = {}
        self.keep_made_facts = len(found.pages) <= MEMO_ALL_PAGES
        #: path -> the rules' page facts (PageFacts.extra) of pages parsed in this run, on sites
        #: larger than MEMO_ALL_PAGES: a site table built from them (REF005's permalinks) then
        #: unpickles no page's whole facts (~0.3 s of every process at 40,000 pages)
        self.extras: dict[str, dict] = {}
        self.records: dict[str, tuple] = {}  # cached results: path -> (sig, sha, site, file, site diags)
        self._ctx = None
        self._index: SiteIndex | None = None
        self._cache_keys: tuple[str, str] | None = None
        self._content_paths: dict[str, str] | None = None
        self._paths_by_cp: dict[str, str] | None = None  # content path -> file path (see _page_sha)
        self.stats: dict[str, os.stat_result] = {}  # path -> stat taken for the memo key, used once
        self.memo_key: str | None = None  # the key the whole result is remembered under
        self.skip_memo = False
        self.cached_facts: dict = {}
        self.stored_facts: dict = {}  # the tables as read from the cache (what save_table compares with)
        self.stored_records: dict = {}
        self.final_records: dict = {}  # path -> the results record each reported file ended with

    # ------------------------------------------------------------------ keys
    def _keys(self) -> tuple[str, str]:
        if self._cache_keys is None:
            self._cache_keys = self._compute_keys()
        return self._cache_keys

    def _compute_keys(self) -> tuple[str, str]:
        linter = self.linter
        modules = [type(r).__module__ for r in linter.rules]
        stamp = code_stamp(modules)
        rules = [(r.code, type(r).__module__, type(r).__qualname__, r.config) for r in linter.rules]
        facts_key = digest(
            "facts", stamp, os.fspath(self.site.content_dir), self.site.config,  # facts_setup() may read the config
            [x for x in rules if x[0] in {e.code for e in self.extractors}],
        )
        run_key = digest(
            "results", stamp, rules, linter.config, linter.pack, linter.build_date,
            os.fspath(linter.cwd), os.fspath(self.site.root), os.fspath(self.site.content_dir),
        )
        return facts_key, run_key

    def _site_digest(self) -> str:
        entries = self.entries
        cps = self.content_paths()
        pairs = "\n".join(f"{cps[p]}\0{entries[p][DIGEST]}" for p in self.found.pages)
        return digest("site", self.site.config, os.fspath(self.site.config_file or ""), pairs.encode("utf-8", "surrogatepass"))

    # ------------------------------------------------------------------ run
    def execute(self) -> RunResult:
        global _RUN
        import gc

        _RUN = self
        # The run builds a large, acyclic heap (pages, facts, diagnostics);
        # the cycle collector would re-scan it over and over for nothing.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._execute()
        finally:
            _RUN = None
            workers.reap_leaving()
            if was_enabled:
                gc.enable()

    def _execute(self) -> RunResult:
        if self.cache is not None and not self.skip_memo:
            self.memo_key = self._memo_key()
            if self.memo_key is not None:
                remembered = _remembered(self.cache.load("run", self.memo_key))
                if remembered is not None:
                    _timing("remembered")
                    summary, blob = remembered
                    return self._result(lambda: self._decode_remembered(blob), {}, lazy_index=True, summary=summary)
        todo, sizes = self._load_facts()
        _timing("cache loaded" if self.cache is not None else "planned")

        pool = None
        try:
            n = workers.worker_count(self.linter.jobs, len(todo))
            owner: dict[str, int] = {}
            unkept: set[str] = set()  # pages to check that their worker could not keep parsed
            #: per worker, what its parsed chunks give the other workers: (path, entry, trusted, extra)
            #: lists (see _shareable), pickled where they were parsed on sites of up to
            #: MEMO_ALL_PAGES pages; for this process's own chunks otherwise just their paths
            shared: list[list] = [[] for _ in range(n)]
            progress = self.linter.progress
            if progress:
                progress("parse", len(self.found.pages))
            if todo:
                pool = workers.Pool(n)
                self.keep_limit = keep_limit(todo, n, sizes, KEEP_PARSED_MEMORY)  # (before the fork)
                queues = parse_queues(todo, n, sizes)
                # On sites of up to MEMO_ALL_PAGES pages each chunk's facts are pickled for the
                # other workers where and when it is parsed (in parallel: pickled at the end by
                # this process they cost ~10 ms of the real site's run while the children wait).
                # On larger sites they go as plain lists, pickled with the message they are in:
                # ~128 pickled chunks held at once left ~25 MB of a large site's heap behind.
                early = self.keep_made_facts
                results = pool.run_shared(_parse_task, queues, [(early and n > 1,)] + [(early,)] * (n - 1))
                for i, got in enumerate(results):
                    if isinstance(got, workers.WorkerError):
                        _warn(f"{got}; parsing its share in the main process")
                    else:
                        self._took_chunks(i, got, queues, owner, unkept, shared)
                results = None  # (the children's pickled chunks: not held while checking)
                left = [p for p in todo if p not in owner]  # a failed worker's chunks
                if left:
                    _parse_pages(left)
                    owner.update(dict.fromkeys(left, 0))
                    unkept.update(_not_kept(left))
                    if n > 1:
                        shared[0].append(left)
            _timing("parsed")
            # the digest keys cached site-scope results: no cache, no digest
            site_digest = self._site_digest() if self.has_site_rules and self.cache is not None else ""
            work, reused = self._plan(site_digest)
            done: dict[str, tuple] = {}
            if progress:
                progress("check", len(work))
            if work:
                if pool is None or pool.size == 1:
                    if pool is not None:
                        pool.close()
                    n = workers.worker_count(self.linter.jobs, len(work))
                    pool = workers.Pool(n)
                    owner = {}
                    shared = [[] for _ in range(n)]  # (forked now: the children have every entry)
                plan = assign(work, pool.size, owner, sizes, unkept)
                shared[0] = [p if type(p) is bytes else _shareable_paths(p, self.keep_made_facts) for p in shared[0]]
                args = []
                for i in range(pool.size):
                    missing = [] if i == 0 else [part for j, parts in enumerate(shared) if j != i for part in parts]
                    args.append((missing, site_digest))
                shared = None  # the arguments hold what each child is sent, until it is sent
                results = pool.run_shared(_check_task, [chunks(items, pool.size, sizes) for items in plan], args)
                for i, got in enumerate(results):
                    if isinstance(got, workers.WorkerError):
                        _warn(f"{got}; checking its share in the main process")
                        continue
                    done.update(got[0])
                    if got[1] is not None:
                        self.tallies.append(got[1])
                left = [item for item in work if item[0] not in done]  # a failed worker's chunks
                if left:
                    done.update(_check_items(left, site_digest))
            _timing("checked")
        finally:
            if pool is not None:
                pool.close(wait=False)  # waited for in execute(), after the merge
        return self._finish(reused, done, site_digest)

    def _took_chunks(self, worker: int, got: tuple, queues: list, owner: dict, unkept: set, shared: list) -> None:
        """Take one worker's parse-task result (see :func:`_parse_task`): who owns which page, the
        pages it could not keep, and what the other workers are to be sent of its chunks."""
        chunks_done, not_kept = got
        unkept.update(not_kept)
        n = len(shared)
        for q, c, part in chunks_done:
            if worker == 0:  # (this process: the entries are in self.entries already)
                owner.update(dict.fromkeys(queues[q][c], 0))
                if n > 1:  # what the children are sent (paths: made shareable when sent)
                    shared[0].append(part if part is not None else queues[q][c])
            else:
                self._took_facts(pickle.loads(part) if type(part) is bytes else part, worker, owner)
                if n > 2:  # (and the other children)
                    shared[worker].append(part)

    def _took_facts(self, got: list, worker: int, owner: dict) -> None:
        """Take the (path, entry, trusted, extra) facts entries a child parsed (and keeps the pages of)."""
        extras = self.extras
        for path, entry, trusted, extra in got:
            self.entries[path] = entry
            if trusted:
                self.fresh.add(path)
            if extra is not None:
                extras[path] = extra
            owner[path] = worker

    def _load_facts(self) -> tuple[list[str], dict[str, int]]:
        """Take the cached facts entries that still match their files; the pages left to parse, with their sizes."""
        cache_facts: dict = {}
        if self.cache is not None:
            facts_key, run_key = self._keys()
            self.stored_facts = self.cache.load_table("facts", facts_key)
            cache_facts = _valid(self.stored_facts, (BLOB,), 4)
            # the records of the files this run reports (a pre-commit run: one shard of them)
            shards = {shard_of(p) for p in self.targets} | {shard_of(p) for p, _ in self.found.others}
            self.stored_records = self.cache.load_table("results", run_key, shards)
            self.records = _valid(self.stored_records, (3, 4), 5)
        self.cached_facts = cache_facts
        todo: list[str] = []
        sizes: dict[str, int] = {}
        for path in self.found.pages:
            entry = cache_facts.get(path)
            if entry is not None:
                st = self._stat(path)
                if st is not None and entry[SIG] is not None and entry[SIG] == file_signature(st):
                    self.entries[path] = entry
                    continue
                sizes[path] = st.st_size if st is not None else 0
            todo.append(path)
        return todo, sizes

    def _stat(self, path: str) -> os.stat_result | None:
        st = self.stats.pop(path, False)  # taken once: a later look must see the file as it is then
        if st is False:
            try:
                st = os.stat(path)
            except OSError:
                st = None
        return st

    def _memo_key(self) -> str | None:
        """The key of this run's whole result: the settings and every file's signature.

        A warm run of an unchanged site answers from one file (no facts, no
        per-file records). None when some file's signature is unknown (missing,
        or written in the last two seconds): such a run is not remembered.
        """
        from array import array

        facts_key, run_key = self._keys()
        targets, stats = self.targets, self.stats
        names = [facts_key, run_key]
        numbers: list[int] = []  # the signatures' numbers, packed at the end: no repr of 5,000 tuples
        # file_signature() inlined (a call per file was a third of this loop): a file changed
        # after ``recent`` has no signature. One clock reading: a file is at most "recent" for
        # a few ms longer than file_signature() would say, which only makes the run unremembered.
        recent = time.time() - _cache_module.RECENT_SECONDS  # (read here: tests move it)
        stat, add, extend = os.stat, names.append, numbers.extend
        for path, mark in itertools.chain(((p, "t" if p in targets else "") for p in self.found.pages), self.found.others):
            try:
                st = stat(path)
            except OSError:
                return None
            if st.st_mtime > recent or st.st_ctime > recent:
                return None
            stats[path] = st
            add(f"{path}\0{mark}")
            extend((st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
        return digest("run", "\n".join(names).encode("utf-8", "surrogatepass"), array("q", numbers).tobytes())

    def _plan(self, site_digest: str) -> tuple[list[tuple], dict[str, tuple]]:
        """What is still to check: (path, kind, which rules) items; and the records the cache answers."""
        work: list[tuple] = []
        reused: dict[str, tuple] = {}
        page_digest = site_digest if "page" in self.site_kinds else ""
        for path in self.found.targets:
            rec = self.records.get(path)
            sha = self.entries[path][SHA]
            if rec is not None and rec[1] == sha:
                if self._digest_holds(rec[2], page_digest) and self._decode(path, rec):
                    reused[path] = rec
                    continue
                work.append((path, "page", "site"))
            else:
                work.append((path, "page", "all"))
        for path, kind in self.found.others:
            rec = self.records.get(path)
            if rec is not None and rec[0] is not None and self._digest_holds(rec[2], self._digest_for(kind, site_digest)):
                st = self._stat(path)
                if st is not None and file_signature(st) == rec[0] and self._decode(path, rec):
                    reused[path] = rec
                    continue
            work.append((path, kind, "verify"))
        return work, reused

    def _digest_holds(self, used: str, digest: str) -> bool:
        """Whether a results record's site-scope results, found under ``used`` (see
        :meth:`with_reads`), still hold where the site digest is ``digest``."""
        if used == digest:
            return True
        head, sep, reads = used.partition("\n")
        if not sep or head != digest:
            return False
        return all(self._page_sha(cp) == sha for cp, _, sha in (line.partition("\0") for line in reads.split("\n")))

    def with_reads(self, digest: str, reads: list[str]) -> str:
        """``digest`` with the content hashes of the pages whose text a site-scope check read
        (:meth:`SiteIndex.read_body`): the record holds while the site digest is the same and
        each of those pages is unchanged (a heading renamed changes no page facts)."""
        return digest + "".join(sorted({f"\n{cp}\0{self._page_sha(cp)}" for cp in reads}))

    def _page_sha(self, content_path: str) -> str:
        """The content hash of the page at ``content_path`` (hex; "-" when there is none)."""
        if self._paths_by_cp is None:
            self._paths_by_cp = {cp: path for path, cp in self.content_paths().items()}
        entry = self.entries.get(self._paths_by_cp.get(content_path, ""))
        return "-" if entry is None else entry[SHA].hex()

    def _decode(self, path: str, rec: tuple) -> bool:
        """Decode a cached record's diagnostics (kept for the report); False when damaged."""
        got = [_unpack_cached(rec[3]), _unpack_cached(rec[4])]
        if got[0] is None or got[1] is None:
            return False
        self.decoded[path] = got[0] + got[1]
        return True

    def _digest_for(self, kind: str, site_digest: str) -> str:
        """The site digest a document's results depend on ("" when no site-scope rule checks its kind)."""
        return site_digest if kind in self.site_kinds else ""

    def _finish(self, reused: dict, done: dict, site_digest: str) -> RunResult:
        records = self.final_records = dict(reused)
        records.update(done)
        if self.cache is None and not reused:
            # Nothing to store: the report may want only the counts (a quiet run), which the
            # children counted where they found the problems; theirs are decoded when asked.
            summary = self._summary(done)
            if summary is not None:
                return self._result(lambda: self._merged(reused, done), {}, summary=summary)
        diagnostics = self._merged(reused, done)
        if self.cache is not None:
            self._save(records, done, diagnostics)
        return self._result(diagnostics, {})

    def _summary(self, done: dict) -> Summary | None:
        """The run's Summary from this process's own diagnostics and the children's counts;
        None when some checked file's problems were counted nowhere."""
        own = [d for path in done for part in self.own.get(path, ()) if part for d in part]
        mine = Summary.of(own)
        paths = {d.path for d in own}
        counts = list(mine)
        counted = sum(1 for path in done if path in self.own)
        for tally in self.tallies:
            counted += tally.files_checked
            for k in (0, 1, 3, 4, 5):
                counts[k] += tally.counts[k]
            paths |= tally.paths
        if counted != len(done):
            return None
        counts[2] = len(paths)
        return Summary(counts)

    def _merged(self, reused: dict, done: dict) -> list[Diagnostic]:
        """Every diagnostic of the run, sorted: this process's own, and those decoded from the
        blobs the children sent or the cache held."""
        diagnostics: list[Diagnostic] = []
        for path in reused:
            diagnostics.extend(self.decoded[path])
        for path, rec in done.items():
            old = self.records.get(path) or (None,) * 5
            mine = self.own.get(path, (None, None))
            for blob, was, objects in ((rec[3], old[3], mine[0]), (rec[4], old[4], mine[1])):
                if objects is not None:
                    diagnostics.extend(objects)
                elif blob:  # a blob from the cache file was checked by the worker that reused it
                    diagnostics.extend(safe_loads(blob) if blob is was else pickle.loads(blob))
        diagnostics.sort(key=SORT_KEY)
        return diagnostics

    def _result(self, diagnostics, loaded: dict, lazy_index: bool = False, summary: Summary | None = None) -> RunResult:
        found, cwd = self.found, self.linter.cwd

        def store() -> dict:
            table = {display_path(p, cwd): (p, "page") for p in found.targets}
            table.update({display_path(p, cwd): (p, kind) for p, kind in found.others})
            return table

        count = len(found.targets) + len(found.others)
        _timing("done")
        return RunResult(
            diagnostics, DocumentStore(store, self.site, cwd, loaded, self.sources, count), self.site,
            self._late_index if lazy_index else self.index, self.linter.rules, summary, self.read_hashes,
            cwd=cwd,
        )

    def read_hashes(self) -> dict[str, bytes]:
        """Display path -> content hash of the bytes this run's diagnostics were found in (the fixer
        reuses them for a file that still holds those bytes)."""
        if not self.entries:  # a remembered run read no facts
            self._late_index()
        cwd = self.linter.cwd
        out = {}
        for path in self.found.targets:
            entry = self.entries.get(path)
            if entry is not None and path not in self.sources:
                out[display_path(path, cwd)] = entry[SHA]
        for path, _ in self.found.others:
            rec = self.final_records.get(path) or self.records.get(path)
            if rec is not None and path not in self.sources:
                out[display_path(path, cwd)] = rec[1]
        return out

    def _decode_remembered(self, blob: bytes) -> list[Diagnostic]:
        got = _unpack_parts(blob)
        if got is None:  # checked by its hash when read: only a bug gets here; run again without it
            self.memo_key, self.skip_memo = None, True
            return self.execute().diagnostics
        return got

    def _late_index(self) -> SiteIndex:
        """The site index after a remembered run (which read no facts): the facts first (the fixer wants it)."""
        global _RUN
        todo, _ = self._load_facts()
        if todo:
            _RUN, was = self, _RUN
            try:
                for path, entry in _parse_pages(todo):
                    self.entries[path] = entry
            finally:
                _RUN = was
        return self.index()

    def _save(self, records: dict, done: dict, diagnostics: list[Diagnostic]) -> None:
        facts_key, run_key = self._keys()
        if self.memo_key is not None and all(rec[0] is not False for rec in done.values()):
            # the records' pickled diagnostics as they are, in _merged()'s order: pickling the
            # merged list again (~10,000 objects, ~0.1 s) was half of what writing a cache cost
            blob = _pack_parts([b for rec in records.values() for b in (rec[3], rec[4]) if b])
            self.cache.save("run", self.memo_key, (tuple(Summary.of(diagnostics)), content_hash(blob), blob))
        pages = set(self.found.pages)
        self.cache.save_table("facts", facts_key, {p: self.entries[p] for p in self.found.pages}, self.stored_facts)
        if done:
            keep = {}
            content = os.fspath(self.site.content_dir) + os.sep
            for path, rec in self.records.items():
                if path in records:
                    continue
                if path.startswith(content) and suffix_of(path) in CONTENT_SUFFIXES:
                    if path in pages:
                        keep[path] = rec
                elif os.path.exists(path):
                    keep[path] = rec
            keep.update({p: r for p, r in records.items() if r[0] is not False})
            self.cache.save_table("results", run_key, keep, self.stored_records)

    # ------------------------------------------------------------------ index
    def facts(self, path: str) -> PageFacts:
        """The page facts of ``path``: as this process made them when it parsed the page (a
        site of up to MEMO_ALL_PAGES pages), else unpickled from its entry (not kept: see
        :class:`FactsView`)."""
        got = self.made_facts.pop(path, None)
        if got is not None and got[0] is self.entries[path][BLOB]:  # (the entry it was pickled into)
            return got[1]
        blob = self.entries[path][BLOB]
        try:  # facts from another worker are trusted; from the cache file, not
            got = pickle.loads(blob) if path in self.fresh else safe_loads(blob)
            if not isinstance(got, PageFacts):
                raise TypeError("not page facts")
        except Exception:  # a damaged entry: read the page again
            page = load_page(path, self.site.content_dir, self.linter.cwd)
            got = PageFacts.of(page, self.extractors)
            self.entries[path][BLOB] = pickle.dumps(got, protocol=_PROTOCOL)
            self.fresh.add(path)
        return got

    def content_paths(self) -> dict[str, str]:
        """File path -> content path of every page (the digest and the index both key by it)."""
        if self._content_paths is None:
            self._content_paths = content_paths_of(self.found.pages, self.site.content_dir)
        return self._content_paths

    def index(self) -> SiteIndex:
        if self._index is None:
            cps = self.content_paths()
            by_cp = {cps[path]: path for path in self.found.pages}
            self._index = SiteIndex(self.site, FactsView(self, by_cp), self.linter.build_date)
        return self._index

    def context(self):
        if self._ctx is None:
            self._ctx = self.linter.context(self.index())
            for rule in self.linter.rules:  # site-wide tables, built once per process
                rule.prepare(self._ctx)
        return self._ctx


class FactsView(Mapping):
    """The site index's ``content path -> PageFacts``, unpickled on access.

    Forty thousand pages' facts as objects take ~110 MB in every process;
    pickled, a third of that. Rules read a few pages at random (memoized
    here) and walk all of them while building site tables (kept only on
    sites of up to MEMO_ALL_PAGES pages: each walk would unpickle them again).
    """

    def __init__(self, run: Run, by_cp: dict[str, str]):
        self._run = run
        self._paths = by_cp  # content path -> file path, in site order
        self._memo: dict[str, PageFacts] = {}
        self._pinned: dict[str, PageFacts] = {}  # put in by the fixer: never forgotten
        # on a big site, rules that look up other pages would end up holding every
        # page's facts: keep a bounded set of recent ones (a miss costs one unpickle)
        self._bounded = len(by_cp) > MEMO_ALL_PAGES

    def __getitem__(self, cp: str) -> PageFacts:
        got = self._memo.get(cp)
        if got is None:
            got = self._pinned.get(cp)
            if got is not None:
                return got
            got = self._run.facts(self._paths[cp])
            if self._bounded and len(self._memo) >= MEMO_LARGE_SITE:
                self._memo.clear()
            self._memo[cp] = got
        return got

    def __setitem__(self, cp: str, facts: PageFacts) -> None:
        """The fixer puts a page's new facts in after editing it."""
        self._paths.setdefault(cp, "")
        self._memo.pop(cp, None)
        self._pinned[cp] = facts

    def __contains__(self, cp) -> bool:
        return cp in self._paths

    def extra_of(self, cp: str, code: str):
        """``self[cp].extra.get(code)``, from :attr:`Run.extras` where the run has the page's
        there (a large site's page not at hand: its whole facts are not unpickled for it)."""
        got = self._pinned.get(cp) or self._memo.get(cp)
        if got is None:
            extra = self._run.extras.get(self._paths[cp])
            if extra is not None:
                return extra.get(code)
            got = self[cp]
        return (getattr(got, "extra", None) or {}).get(code)

    def __iter__(self):
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def values(self):
        for _, facts in self.items():
            yield facts

    def items(self):
        memo, pinned, facts = self._memo, self._pinned, self._run.facts
        keep = not self._bounded  # a small site: every walk after the first is free
        for cp, path in self._paths.items():
            got = memo.get(cp) or pinned.get(cp)
            if got is None:
                got = facts(path)
                if keep:
                    memo[cp] = got
            yield cp, got


# ---------------------------------------------------------------------- tasks
@workers.task
def _parse_task(claims: workers.Claims, queues: list[list[list[str]]], share: bool) -> tuple[list[tuple], list[str]]:
    """Parse the chunks of pages this worker claims (the pages to be checked stay in it): per
    chunk (queue, chunk, its facts entries for the other workers: see :func:`_shareable`;
    pickled if ``share``; None in the main process unless ``share``), and the pages to be
    checked it could not keep (KEEP_PARSED_MEMORY)."""
    run = _RUN
    out = []
    child = os.getpid() != run.pid
    for q, chunk in claims:
        got = _parse_pages(queues[q][chunk])
        out.append((q, chunk, _shareable(got, share) if share or child else None))
    not_kept = _not_kept(p for q, c, _ in out for p in queues[q][c])
    _timing("parse task")
    return out, not_kept


def _not_kept(paths) -> list[str]:
    """Those of ``paths`` (parsed in this process) to be checked that it could not keep parsed."""
    targets, parsed = _RUN.targets, _RUN.parsed
    return [p for p in paths if p in targets and p not in parsed]


def _shareable_paths(paths: list[str], pickled: bool):
    """:func:`_shareable` of pages this process parsed (their entries are in ``_RUN.entries``)."""
    entries = _RUN.entries
    return _shareable([(path, entries[path]) for path in paths], pickled)


def _shareable(got: list[tuple[str, list]], pickled: bool = True):
    """Facts entries as sent between workers: a list of (path, entry, trusted, extra), pickled
    or not. Trusted: parsed in this run (an entry reused from the cache file is read with
    safe_loads wherever it goes). Extra: the page's ``Run.extras`` entry, or None."""
    fresh, extras = _RUN.fresh, _RUN.extras
    items = [(path, entry, path in fresh, extras.get(path)) for path, entry in got]
    return pickle.dumps(items, protocol=_PROTOCOL) if pickled else items


def _parse_pages(paths: list[str]) -> list[tuple[str, list]]:
    """Facts entries for ``paths``; pages to be checked stay in this process (within KEEP_PARSED_MEMORY)."""
    run = _RUN
    linter = run.linter
    content = run.site.content_dir
    out = []
    for path in paths:
        try:
            if path in run.sources:  # an editor's buffer: never from or into the cache
                sig, data = None, run.sources[path]
            else:
                sig, data = _read(path)
        except OSError:
            sig, data = None, None
        sha = content_hash(data) if data is not None and (run.cache is not None or linter.hash_pages) else b""
        cached = run.cached_facts.get(path)
        if cached is not None and data is not None and cached[SHA] == sha:
            entry = run.entries[path] = [sig, sha, cached[DIGEST], cached[BLOB]]
            out.append((path, entry))
            continue
        page = load_page(path, content, linter.cwd, data=data)
        facts = PageFacts.of(page, run.extractors, path)
        blob = pickle.dumps(facts, protocol=_PROTOCOL)
        if data is None:
            sig = None
        if path in run.targets:
            size = len(data or b"")
            cost = parsed_page_memory(size)
            if run.kept_memory + cost <= KEEP_PARSED_MEMORY and (run.keep_limit is None or size <= run.keep_limit):
                run.parsed[path] = page
                run.kept_memory += cost
        if run.keep_made_facts:
            run.made_facts[path] = (blob, facts)
        elif facts.extra:
            run.extras[path] = facts.extra
        # the digest is read by the site digest and the cache only: without a cache, none
        entry = run.entries[path] = [sig, sha, digest(blob) if run.cache is not None else "", blob]
        run.fresh.add(path)
        out.append((path, entry))
    return out


@workers.task
def _check_task(claims: workers.Claims, queues: list[list[list[tuple]]], missing: list, site_digest: str) -> tuple:
    """Check the chunks of items ((path, kind, which)) this worker claims: results records by
    path, and (a child without a cache) the :class:`_Tally` of what it found, else None."""
    run = _RUN
    extras = run.extras
    for part in missing:  # the facts the other workers parsed
        for path, entry, trusted, extra in pickle.loads(part) if type(part) is bytes else part:
            run.entries[path] = entry
            if trusted:
                run.fresh.add(path)
            if extra is not None:
                extras[path] = extra
    missing.clear()  # (the pickled copies: not held while checking)
    out: dict[str, tuple] = {}
    child = os.getpid() != run.pid
    tally = run.tally = _Tally() if child and run.cache is None else None
    if not any(queues):
        return out, tally
    run.context()
    _timing("check context")
    for q, chunk in claims:
        out.update(_check_items(queues[q][chunk], site_digest))
    # pages kept for checking that another worker took over are not needed any more
    run.parsed.clear()
    run.kept_memory = 0
    run.tally = None
    _timing("check task")
    return out, tally


def _check_items(items: list[tuple], site_digest: str) -> dict[str, tuple]:
    """Results records by path of ``items`` ((path, kind, which))."""
    run = _RUN
    linter = run.linter
    ctx = run.context()
    out = {}
    main = os.getpid() == run.pid  # (once: a system call, which per file added up)
    for path, kind, which in items:
        used_digest = run._digest_for(kind, site_digest)
        if kind == "page":
            # let go of the page once checked: the reporter's code frames read just the text again
            # (a 40,000-page site's parsed pages held to the end took ~60 MB of the parent's peak)
            doc = run.parsed.pop(path, None)
            doc = doc or load_page(path, run.site.content_dir, linter.cwd, data=run.sources.get(path))
            sig, sha = run.entries[path][SIG], run.entries[path][SHA]
        else:
            try:
                if path in run.sources:
                    sig, data = None, run.sources[path]
                else:
                    sig, data = _read(path)
                sha = content_hash(data)
            except OSError:
                sig, sha, data = None, b"", None
            rec = run.records.get(path)
            if rec is not None and data is not None and rec[1] == sha and run._digest_holds(rec[2], used_digest) and None not in (
                _unpack_cached(rec[3]), _unpack_cached(rec[4])
            ):
                out[path] = (sig,) + tuple(rec[1:])
                continue
            doc = load_data_file(Path(path), display_path(path, linter.cwd), kind, data=data)
            if data is not None and rec is not None and rec[1] == sha:
                which = "site"
        cacheable = True
        rec = run.records.get(path)
        if which == "site" and rec is not None and _unpack_cached(rec[3]) is not None:
            file_blob = rec[3]
        else:
            file_diags, ok = _check(linter, doc, ctx, "file")
            file_blob = b"" if run.cache is None and main else _pack(file_diags)
            cacheable &= ok
        if run.has_site_rules:
            index = ctx.site  # (its read log is only worth keeping for a cache; _check never raises)
            index.body_reads = [] if run.cache is not None else None
            site_diags, ok = _check(linter, doc, ctx, "site")
            if index.body_reads:
                used_digest = run.with_reads(used_digest, index.body_reads)
            index.body_reads = None
        else:
            site_diags, ok = [], True
        cacheable &= ok
        if run.tally is not None:
            run.tally.add(file_diags, site_diags)
        if main:  # the main process reports these: no need to unpickle them again
            run.own[path] = (None if which == "site" and file_blob is rec[3] else file_diags, site_diags)
            if run.cache is None:  # and nothing to store
                out[path] = (False, sha, used_digest, b"", b"")
                continue
        out[path] = (sig if cacheable else False, sha, used_digest, file_blob, _pack(site_diags))
    return out


class _Tally:
    """What a child found, counted for the run's Summary: problems, errors, -, safe and unsafe
    fixes (Summary's order), the paths with problems, and how many files it checked."""

    __slots__ = ("counts", "paths", "files_checked")

    def __init__(self):
        self.counts = [0, 0, 0, 0, 0, 0]
        self.paths: set[str] = set()
        self.files_checked = 0

    def add(self, *found: list[Diagnostic]) -> None:
        self.files_checked += 1
        diags = [d for part in found for d in part]
        if diags:  # (most files: none)
            counts, got = self.counts, Summary.of(diags)
            for k in (0, 1, 3, 4, 5):
                counts[k] += got[k]
            self.paths.update(d.path for d in diags)


def _read(path: str) -> tuple[tuple | None, bytes]:
    """The file's signature (None in a run without a cache: nothing reads it) and bytes, from
    one open descriptor (no file object: 2x cheaper)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        # without a cache nothing reads the signature: no fstat, and a read shorter than
        # asked is the end of a regular file (pages are smaller than _READ_SIZE)
        st = os.fstat(fd) if _RUN is None or _RUN.cache is not None else None
        data = os.read(fd, _READ_SIZE if st is None else st.st_size + 1)  # (with st: EOF seen too)
        if (len(data) == _READ_SIZE) if st is None else (len(data) != st.st_size):
            # the file goes on, was read short, or grew meanwhile: read to its end
            chunks = [data]
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
            data = b"".join(chunks)
    finally:
        os.close(fd)
    return (None if st is None else file_signature(st)), data


_READ_SIZE = 1 << 16


def _check(linter, doc, ctx, scope: str) -> tuple[list[Diagnostic], bool]:
    """Diagnostics of the rules of one scope; False when a rule crashed (reported as CX999)."""
    kind = ("html" if doc.is_html else "page") if isinstance(doc, Page) else getattr(doc, "kind", "data")
    rules = _rules_for(linter, kind, scope)
    if not rules:
        return [], True
    try:
        if linter.config.per_file_ignores:
            ignored = linter._ignored_codes(doc, ctx.site.site)
            rules = [rule for rule in rules if rule.code not in ignored]
        found: list[Diagnostic] = []
        for rule in rules:
            found.extend(rule.check(doc, ctx))
        return _apply_suppressions(doc, found), True
    except Exception as exc:  # a rule bug must not stop the run: report it, located
        import traceback

        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return [
            Diagnostic(doc.display_path, 1, 1, 1, 1, INTERNAL_ERROR, f"internal error while checking: {detail}", name="internal-error")
        ], False


def _rules_for(linter, kind: str, scope: str) -> list[Rule]:
    table = linter.__dict__.setdefault("_rules_by_kind_scope", {})
    got = table.get((kind, scope))
    if got is None:
        got = table[(kind, scope)] = [
            r for r in linter.rules if kind in r.targets and (r.scope == "file") == (scope == "file")
        ]
    return got


# ---------------------------------------------------------------------- cache data
def _remembered(got) -> tuple[Summary, bytes] | None:
    """A remembered run read from a cache file: its summary and its pickled diagnostics (their
    hash checked: they are decoded only when wanted, too late to fall back); None if malformed."""
    if not (type(got) is tuple and len(got) == 3 and type(got[0]) is tuple and type(got[2]) is bytes):
        return None
    counts, sha, blob = got
    if len(counts) != 6 or set(map(type, counts)) - {int} or sha != content_hash(blob):
        return None
    return Summary(counts), blob


def _valid(table, blobs: tuple[int, ...], size: int) -> dict:
    """The well-formed entries of a table read from a cache file (anything else is dropped).

    An entry is a list or tuple of ``size`` items: a signature (tuple, None or
    False), a content hash (bytes), a digest (str), then bytes at ``blobs``.
    """
    if type(table) is not dict:
        return {}
    first, last = blobs[0], blobs[-1]  # one or two blob columns (no generator per entry)
    out = {}
    for key, value in table.items():
        if (
            type(value) in (list, tuple)
            and len(value) == size
            and type(key) is str
            and type(value[1]) is bytes
            and type(value[2]) is str
            and type(value[first]) is bytes
            and type(value[last]) is bytes
            and (value[0] is None or value[0] is False or type(value[0]) is tuple)
        ):
            out[key] = value
    return out


def _warn(message: str) -> None:
    import sys

    print(f"cxlint: warning: {message}", file=sys.stderr)
