"""The search index on disk: documents in shards by year, one Pagefind bundle per shard, cached.

Pagefind's phrase search does work for each candidate page times the number of pages holding the
query's words (quadratic in the index's size), so one index over a large archive is slow for
common words (5.7 s for 水污染 at 10,000 documents). The archive is therefore split into shards
of consecutive years, about site.toml's search_shard_size documents each (default 2000). The
browser searches them newest first and concatenates the hits (assets/search.js), which also keeps
the newest-first order without reading any result's data; the sizes were measured in
tests/benchmark.py (500 / 1000 / 2000: smaller shards compute less but load more files).

A shard's bundle depends only on its shadow pages (gazette/search.py), so it is cached under a
digest of them: adding an issue re-indexes the newest shard only. The layout of stage/pagefind:

    shards.js                 window.__gazetteShards = ["2017", "2009", …]  (newest first)
    pagefind-classic.js       Pagefind's browser code as a classic script (one for all shards)
    wasm.en.pagefind.js       its WebAssembly, wrapped (one for all shards)
    2017/…                    one Pagefind bundle per shard, every data file wrapped as x.js,
                              plus facets.json.gz (each page's filter values, for counts)
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from . import pagefind_bundle, search, workers
from .config import Config
from .model import Document, Site
from .problems import Problems

FORMAT = "gazette-search-8"
"""Changes whenever the shadow pages or the post-processing change meaning (invalidates caches)."""
MANIFEST = "shards.js"
CACHE_DIR = Path(".gazette-cache") / "search"


@dataclass(frozen=True)
class Shard:
    name: str
    documents: tuple[Document, ...]


def plan(documents: list[Document], size: int) -> list[Shard]:
    """Shards of consecutive years, oldest first, each closed once it holds `size` documents.

    Growing from the oldest year keeps old shards unchanged when new issues arrive. A single year
    much larger than `size` is split by date into parts named 2022-1, 2022-2, …
    """
    by_year: dict[int, list[Document]] = {}
    for doc in sorted(documents, key=lambda d: (d.date, d.issue_id, d.slug)):
        by_year.setdefault(doc.date.year, []).append(doc)
    shards: list[Shard] = []
    current: list[Document] = []
    first = None
    for year, docs in sorted(by_year.items()):
        if len(docs) > size * 3 // 2:
            if current:
                shards.append(Shard(str(first), tuple(current)))
                current, first = [], None
            parts = -(-len(docs) // size)
            step = -(-len(docs) // parts)
            shards += [Shard(f"{year}-{k + 1}", tuple(docs[k * step:(k + 1) * step])) for k in range(parts)]
            continue
        first = year if first is None else first
        current += docs
        if len(current) >= size:
            shards.append(Shard(str(first), tuple(current)))
            current, first = [], None
    if current:
        shards.append(Shard(str(first), tuple(current)))
    return shards


def _shadow_url(doc: Document) -> str:
    return f"{doc.issue_id}/{doc.slug}/index.html"


def _pagefind_version(binary: Path) -> str:
    for dist in binary.parent.parent.glob("pagefind_bin_extended-*.dist-info"):
        return dist.name
    return str(binary.stat().st_size)


class Indexer:
    """Builds stage/pagefind for a site, reusing cached shard bundles; stop() kills a running build."""

    def __init__(self, binary: Path, cache: Path, shard_size: int, stopping: threading.Event | None = None,
                 exclusive: bool = False):
        """exclusive: the caller is a single-threaded build, so the indexer may fork: shadow pages are
        written by a pool of processes, and Pagefind is tied to this process (dies with it, even by
        kill -9). The preview, which has threads, does neither."""
        self.binary, self.cache, self.shard_size, self.exclusive = binary, cache, shard_size, exclusive
        self.version = _pagefind_version(binary)
        self.processes: list[subprocess.Popen] = []
        self.stopping = stopping or threading.Event()

    def stop(self) -> None:
        self.stopping.set()
        for process in list(self.processes):
            if process.poll() is None:
                process.kill()

    def run(self, site: Site, out: Path) -> str | None:
        """Write the index of site into out (a fresh folder); return an error message or None."""
        self.cache.mkdir(parents=True, exist_ok=True)
        with open(self.cache / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            return self._run(site, out)

    def _run(self, site: Site, out: Path) -> str | None:
        shards = plan(site.documents, self.shard_size)
        # Holding the lock, anything unfinished in the cache was left by a killed build.
        for leftover in [*self.cache.glob(".work-*"), *self.cache.glob("*.tmp")]:
            shutil.rmtree(leftover, ignore_errors=True)
        work = self.cache / f".work-{os.getpid()}"
        work.mkdir()
        try:
            # Each document's shadow page is written to work/site-<shard>/… and hashed; a shard's
            # digest covers its pages in order, so any change to any page is a new cache entry.
            _shadow.update(site=site, shards=shards, work=work)
            pairs = [(i, j) for i, shard in enumerate(shards) for j in range(len(shard.documents))]
            hashes = (workers.parallel_map if self.exclusive else _serial_map)(_write_shadow, pairs)
            by_shard: dict[int, list[tuple[str, str]]] = {}
            for (i, j), page_hash in zip(pairs, hashes):
                by_shard.setdefault(i, []).append((_shadow_url(shards[i].documents[j]), page_hash))
            entries, todo = {}, []
            for i, shard in enumerate(shards):
                digest = hashlib.sha256(f"{FORMAT}\0{self.version}\0{shard.name}\0".encode())
                for url, page_hash in sorted(by_shard[i]):
                    digest.update(f"{url}\0{page_hash}\0".encode())
                entry = self.cache / f"{shard.name}-{digest.hexdigest()[:20]}"
                entries[shard.name] = entry
                if entry.exists():
                    shutil.rmtree(work / f"site-{shard.name}")
                else:
                    todo.append((shard.name, work / f"site-{shard.name}", entry))
            error = self._index_all(todo, work)
            if error:
                return error
            out.mkdir(parents=True, exist_ok=True)
            for i, shard in enumerate(reversed(shards)):
                _link_tree(entries[shard.name], out / shard.name, runtime=out if i == 0 else None)
            names = [s.name for s in reversed(shards)]
            (out / MANIFEST).write_text(f"window.__gazetteShards={json.dumps(names)};\n", encoding="ascii")
            keep = {e.name for e in entries.values()}
            for stale in self.cache.iterdir():
                if stale.is_dir() and stale.name not in keep and not stale.name.startswith("."):
                    shutil.rmtree(stale, ignore_errors=True)
            return None
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _index_all(self, todo: list, work: Path) -> str | None:
        """Run Pagefind on the shards in todo, a few at a time; move each result into the cache."""
        running: list[tuple[subprocess.Popen, str, Path, Path]] = []
        pending = list(todo)
        error = None
        while (pending or running) and not self.stopping.is_set():
            while pending and len(running) < (os.cpu_count() or 1) and error is None:
                name, site_dir, entry = pending.pop(0)
                bundle = work / f"bundle-{name}"
                process = subprocess.Popen(
                    [str(self.binary), "--site", str(site_dir), "--output-path", str(bundle),
                     "--force-language", "en", "--quiet"],
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                    preexec_fn=workers.die_with_parent if self.exclusive else None)
                self.processes.append(process)
                running.append((process, name, bundle, entry))
            if not running:
                break
            process, name, bundle, entry = running.pop(0)
            stdout, stderr = process.communicate()
            self.processes.remove(process)
            if process.returncode != 0:
                error = error or (stderr or stdout).strip()[:500] or f"退出码 {process.returncode}"
                continue
            if error is None:
                pagefind_bundle.finish(bundle, prefix=name)
                tmp = entry.with_name(entry.name + ".tmp")
                shutil.rmtree(tmp, ignore_errors=True)
                os.replace(bundle, tmp)
                os.replace(tmp, entry)
            shutil.rmtree(work / f"site-{name}", ignore_errors=True)
            shutil.rmtree(bundle, ignore_errors=True)
        if self.stopping.is_set():
            return error or "已停止"
        return error


_shadow: dict = {}
"""What _write_shadow needs; set before the pool forks, so workers inherit it."""


def _write_shadow(pair: tuple[int, int]) -> str:
    """Write one document's shadow page under work/site-<shard>/; return its hash."""
    shard = _shadow["shards"][pair[0]]
    doc = shard.documents[pair[1]]
    url, text = _shadow_url(doc), search.index_page(doc, _shadow["site"])
    target = _shadow["work"] / f"site-{shard.name}" / url
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _serial_map(func, items: list) -> list:
    return [func(item) for item in items]


def _link_tree(src: Path, dst: Path, runtime: Path | None) -> None:
    """Hard-link (or copy) a cached shard bundle into the site; runtime files go to `runtime`."""
    for path in sorted(src.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(src)
        if len(rel.parts) == 1 and pagefind_bundle.is_runtime(rel.name):
            if not runtime:
                continue
            target = runtime / rel.name
        else:
            target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copyfile(path, target)


def write_index(site: Site, config: Config, stage: Path, problems: Problems) -> None:
    """Pipeline step: the search index of every document into stage/pagefind."""
    binary = search.pagefind_binary()
    if binary is None:
        problems.error("requirements.txt", 0, "未安装 Pagefind 扩展版（pagefind-bin-extended），请先运行 README 中的安装命令")
        return
    cache = config.root / CACHE_DIR
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        problems.warning(CACHE_DIR.as_posix(), 0, f"无法使用搜索索引缓存（{exc.strerror}），本次完整重建搜索索引；"
                                                  "请检查该文件夹可以写入，或删除它")
        cache = Path(tempfile.mkdtemp(prefix="gazette-search-cache-"))
    try:
        error = Indexer(binary, cache, config.search_shard_size, exclusive=True).run(site, stage / search.PAGEFIND_DIR)
    finally:
        if not cache.is_relative_to(config.root):
            shutil.rmtree(cache, ignore_errors=True)
    if error:
        problems.error(search.PAGEFIND_DIR, 0, f"Pagefind 建立搜索索引失败：{error}")
