"""The search index on disk: documents in shards, one Pagefind bundle per shard, cached.

Pagefind's phrase search does work for each candidate page times the number of pages holding the
query's words, and its indexer needs about 1 GB of memory per 1,000 of our documents (one word
per Chinese character). The archive is therefore split into shards of consecutive documents:
closed shards of whole years, at most site.toml's search_shard_size documents (default 1000), then the open
tail, itself split into a settled part (a multiple of a quarter shard) and a small "recent" shard.
A new issue re-indexes only the recent shard; every quarter shard of new documents the settled
part grows once (the small shard merged into a bigger one), and a full tail closes.

The browser searches the shards newest first and shows the first hits while the rest complete
(assets/search.js); the concatenated hits keep the newest-first order without reading any
result's data. A shard whose presence map (its Chinese characters, in the manifest) lacks a
character of the query is not loaded at all.

A shard's bundle depends only on its shadow pages (gazette/search.py), so it is cached under a
digest of them, with the SHA-256 of every file it holds: a cached file is copied (never linked)
into the site only if it still has that hash. The layout of stage/pagefind:

    shards.js                 window.__gazetteSearch = {shards: [{name, chars}, …] newest first,
                              filters, title mark, doc number pattern, CJK ranges: search.py's
                              browser_constants(), one place for these facts}
    pagefind-classic.js       Pagefind's browser code as a classic ES2018 script (one for all shards)
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

FORMAT = "gazette-search-12"
"""Changes whenever the shadow pages or the post-processing change meaning (invalidates caches)."""
MANIFEST = "shards.js"
CACHE_DIR = Path(".gazette-cache") / "search"
SUMS = ".sha256.json"
"""In each cache entry: the SHA-256 of every file, recorded when the entry was made."""
RECENT = "recent"


@dataclass(frozen=True)
class Shard:
    name: str
    documents: tuple[Document, ...]


def plan(documents: list[Document], size: int) -> list[Shard]:
    """Shards of consecutive documents, oldest first (see the module docstring).

    Years before the newest go into closed shards of whole years, at most `size` documents each
    (Pagefind's memory grows with a shard; a single year much larger than `size` is split by date
    into parts named 2022-1, 2022-2, …), so new issues leave them unchanged. The rest, the open tail (what did not
    fill a shard, and the newest year), is cut into parts of `size` documents, then a settled
    part of a multiple of size//4 documents, then the small "recent" shard. A new issue changes
    the recent shard only, except when it completes a quarter (the recent documents merge into
    the settled part) or starts a new year (the tail closes into shards).
    """
    by_year: dict[int, list[Document]] = {}
    for doc in sorted(documents, key=lambda d: (d.date, d.issue_id, d.slug)):
        by_year.setdefault(doc.date.year, []).append(doc)
    shards: list[Shard] = []
    current: list[Document] = []
    years = sorted(by_year)
    for year in years[:-1]:
        docs = by_year[year]
        if len(docs) > size * 3 // 2:
            if current:
                shards.append(Shard(str(current[0].date.year), tuple(current)))
                current = []
            parts = -(-len(docs) // size)
            step = -(-len(docs) // parts)
            shards += [Shard(f"{year}-{k + 1}", tuple(docs[k * step:(k + 1) * step])) for k in range(parts)]
            continue
        if current and len(current) + len(docs) > size:
            shards.append(Shard(str(current[0].date.year), tuple(current)))
            current = []
        current += docs
    tail = current + (by_year[years[-1]] if years else [])
    quarter = max(1, size // 4)
    settled = len(tail) // quarter * quarter
    for k, start in enumerate(range(0, settled, size)):
        part = tail[start:min(start + size, settled)]
        shards.append(Shard(f"{part[0].date.year}-t{k + 1}", tuple(part)))
    if tail[settled:]:
        shards.append(Shard(RECENT, tuple(tail[settled:])))
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
        self.warnings: list[str] = []
        """Things the user should know that did not stop the index (a damaged cache entry, …)."""

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
            # Shard by shard: its shadow pages are written (by a pool of processes) and hashed, and
            # if no cache entry has that digest, Pagefind starts on it while the next shard's pages
            # are written, so both cores stay busy for the whole step.
            _shadow.update(site=site, work=work)
            entries: dict[str, Path] = {}
            chars: dict[str, str] = {}
            pagefind = _Pagefind(self, work)
            for shard in shards:
                _shadow["shard"] = shard
                mapper = workers.parallel_map if self.exclusive else _serial_map
                written = mapper(_write_shadow, list(range(len(shard.documents))))
                chars[shard.name] = "".join(sorted(set("".join(c for _, c in written))))
                digest = hashlib.sha256(f"{FORMAT}\0{self.version}\0{shard.name}\0".encode())
                for url, page_hash in sorted((_shadow_url(d), h) for d, (h, _) in zip(shard.documents, written)):
                    digest.update(f"{url}\0{page_hash}\0".encode())
                entry = entries[shard.name] = self.cache / f"{shard.name}-{digest.hexdigest()[:20]}"
                if entry.exists() and not _verify(entry):
                    self.warnings.append(f"搜索索引缓存 {entry.name} 已损坏，已重新建立该部分索引")
                    shutil.rmtree(entry, ignore_errors=True)
                if entry.exists():
                    shutil.rmtree(work / f"site-{shard.name}")
                elif error := pagefind.start(shard.name, work / f"site-{shard.name}", entry):
                    return error
                if self.stopping.is_set():
                    return "已停止"
            error = pagefind.finish_all()
            if error:
                return error
            out.mkdir(parents=True, exist_ok=True)
            for i, shard in enumerate(reversed(shards)):
                error = _copy_verified(entries[shard.name], out / shard.name, runtime=out if i == 0 else None)
                if error:
                    shutil.rmtree(entries[shard.name], ignore_errors=True)
                    return error
            manifest = {**search.browser_constants(),
                        "shards": [{"name": s.name, "chars": chars[s.name]} for s in reversed(shards)]}
            (out / MANIFEST).write_text(
                "window.__gazetteSearch=" + json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))
                + ";\n", encoding="utf-8")
            keep = {e.name for e in entries.values()}
            for stale in self.cache.iterdir():
                if stale.is_dir() and stale.name not in keep and not stale.name.startswith("."):
                    shutil.rmtree(stale, ignore_errors=True)
            return None
        finally:
            for process in self.processes:  # left running by an error
                if process.poll() is None:
                    process.kill()
                    process.wait()
            shutil.rmtree(work, ignore_errors=True)


class _Pagefind:
    """Pagefind runs on shards, at most one per core at a time; each result goes into the cache."""

    def __init__(self, indexer: Indexer, work: Path):
        self.indexer, self.work = indexer, work
        self.running: list[tuple[subprocess.Popen, str, Path, Path]] = []

    def start(self, name: str, site_dir: Path, entry: Path) -> str | None:
        """Start indexing one shard (after waiting for a free core); return an error message or None."""
        while len(self.running) >= (os.cpu_count() or 1):
            if error := self._wait_one():
                return error
        bundle = self.work / f"bundle-{name}"
        try:
            process = subprocess.Popen(
                [str(self.indexer.binary), "--site", str(site_dir), "--output-path", str(bundle),
                 "--force-language", "en", "--quiet"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                preexec_fn=workers.die_with_parent if self.indexer.exclusive else None)
        except OSError as exc:
            return f"无法运行 Pagefind（{self.indexer.binary}：{exc.strerror}）。请重新安装：pip install -r requirements.txt"
        self.indexer.processes.append(process)
        self.running.append((process, name, bundle, entry))
        return None

    def finish_all(self) -> str | None:
        """Wait for every running Pagefind; return the first error message or None."""
        error = None
        while self.running:
            error = self._wait_one() or error
        if self.indexer.stopping.is_set():
            return error or "已停止"
        return error

    def _wait_one(self) -> str | None:
        process, name, bundle, entry = self.running.pop(0)
        stdout, stderr = process.communicate()
        self.indexer.processes.remove(process)
        try:
            if process.returncode != 0:
                detail = (stderr or stdout).strip()[:500] or f"退出码 {process.returncode}"
                return f"Pagefind 运行失败（{detail}）"
            if not (bundle / "pagefind-entry.json").is_file():
                return "Pagefind 没有写出任何索引文件（磁盘已满，或 Pagefind 安装不完整？请检查后重新构建）"
            try:
                pagefind_bundle.finish(bundle, prefix=name)
                _record_sums(bundle)
            except (OSError, ValueError, KeyError, IndexError) as exc:
                return f"无法处理 Pagefind 写出的索引（{exc}）。请确认安装的是 requirements.txt 中的 Pagefind 版本"
            tmp = entry.with_name(entry.name + ".tmp")
            shutil.rmtree(tmp, ignore_errors=True)
            os.replace(bundle, tmp)
            os.replace(tmp, entry)
            return None
        finally:
            shutil.rmtree(self.work / f"site-{name}", ignore_errors=True)
            shutil.rmtree(bundle, ignore_errors=True)


_shadow: dict = {}
"""What _write_shadow needs; set before the pool forks, so workers inherit it."""


def _write_shadow(number: int) -> tuple[str, str]:
    """Write one document's shadow page under work/site-<shard>/; return its hash and its Chinese characters."""
    shard = _shadow["shard"]
    doc = shard.documents[number]
    url, text = _shadow_url(doc), search.index_page(doc, _shadow["site"])
    target = _shadow["work"] / f"site-{shard.name}" / url
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return hashlib.sha256(text.encode("utf-8")).hexdigest(), search.cjk_chars(text)


def _serial_map(func, items: list) -> list:
    return [func(item) for item in items]


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != SUMS)


def _record_sums(folder: Path) -> None:
    """Write the SHA-256 of every file of a finished bundle into it."""
    sums = {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in _files(folder)}
    (folder / SUMS).write_text(json.dumps(sums, sort_keys=True), encoding="utf-8")


def _sums(entry: Path) -> dict[str, str] | None:
    try:
        sums = json.loads((entry / SUMS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return sums if isinstance(sums, dict) else None


def _verify(entry: Path) -> bool:
    """True if the cache entry holds exactly the files recorded in it, each with its recorded hash."""
    sums = _sums(entry)
    if sums is None or {p.relative_to(entry).as_posix() for p in _files(entry)} != set(sums):
        return False
    try:
        return all(hashlib.sha256((entry / rel).read_bytes()).hexdigest() == h for rel, h in sums.items())
    except OSError:
        return False


def _copy_verified(src: Path, dst: Path, runtime: Path | None) -> str | None:
    """Copy a cached shard bundle into the site, checking every file's hash as it is read.

    Runtime files go to `runtime` (from one shard only). Copies, not hard links: the published
    site must not change when the cache does, nor the cache when someone edits the site.
    """
    sums = _sums(src)
    if sums is None:
        return f"搜索索引缓存 {src.name} 缺少校验记录，已删除；请重新构建"
    for rel, expected in sorted(sums.items()):
        is_runtime = "/" not in rel and pagefind_bundle.is_runtime(rel)
        if is_runtime and not runtime:
            continue
        try:
            data = (src / rel).read_bytes()
        except OSError as exc:
            return f"无法读取搜索索引缓存 {src.name}/{rel}（{exc.strerror}），已删除该缓存；请重新构建"
        if hashlib.sha256(data).hexdigest() != expected:
            return f"搜索索引缓存 {src.name}/{rel} 已损坏，已删除该缓存；请重新构建"
        target = runtime / rel if is_runtime else dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return None


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
    indexer = Indexer(binary, cache, config.search_shard_size, exclusive=True)
    try:
        error = indexer.run(site, stage / search.PAGEFIND_DIR)
    except OSError as exc:
        error = f"写入搜索索引时出错（{exc.strerror}：{exc.filename}）"
    finally:
        if not cache.is_relative_to(config.root):
            shutil.rmtree(cache, ignore_errors=True)
    for warning in indexer.warnings:
        problems.warning(CACHE_DIR.as_posix(), 0, warning)
    if error:
        problems.error(search.PAGEFIND_DIR, 0, f"建立搜索索引失败：{error}")
