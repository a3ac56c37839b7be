"""The search index on disk: documents in shards, one Pagefind bundle per shard, cached per document.

The archive is split into shards of consecutive documents: closed shards of whole years, at most
site.toml's search_shard_size documents (default 1000), then the open tail, itself split into a
settled part (a multiple of a quarter shard) and a small "recent" shard. A new issue changes only
the recent shard; every quarter shard of new documents the settled part grows once (the small shard
merged into a bigger one), and a full tail closes.

The browser searches the shards newest first and shows the first hits while the rest complete
(assets/search.js); the concatenated hits keep the newest-first order without reading any
result's data. A shard whose presence map (its Chinese characters, in the manifest) lacks a
character of the query, or whose presence keys lack a word or a pair of neighbouring words of the
query (gazette/search_presence.py), is not loaded at all.

We write Pagefind's index format ourselves (gazette/pagefind_format.py), from per-document
records (gazette/pagefind_words.py); Pagefind's own binary only supplies its browser code, once
per version. A document's record is computed once, by a pool of processes, and cached under a
key made of what it is read from (the fields its shadow page shows, and the build's digests of its
body, issue and departments: deps.py, the digests every page's reuse is judged by), FORMAT and the
settings; a shard is assembled from the records of its documents. A shard whose
key (the keys of its documents) is that of the same shard in the published site is hard-linked
from there, unread. Nothing in the site is ever linked from the cache. The layout of stage/pagefind:

    shards.js                 window.__gazetteSearch = {shards: [{name, chars}, …] newest first,
                              filters, title mark, doc number pattern, CJK ranges: search.py's
                              browser_constants(), one place for these facts}
    pagefind-classic.js       Pagefind's browser code as a classic ES2018 script (one for all shards)
    wasm.en.pagefind.js       its WebAssembly, wrapped (one for all shards)
    presence/00.js … ff.js    which shards hold each hashed plain word and word pair (gazette/search_presence.py)
    2017/…                    one Pagefind bundle per shard, every data file wrapped as x.js,
                              plus facets.json.gz (each page's filter values, for counts) and
                              gazette-shard.json (its key, presence map and files: for reuse)
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import marshal
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import (
    deps,
    output,
    pagefind_bundle,
    pagefind_format,
    pagefind_words,
    search,
    search_presence,
    search_shard,
    workers,
)
from .config import Config
from .model import Document, Site
from .problems import Problems

FORMAT = "gazette-search-19"
"""Changes whenever a record or a shard changes meaning (invalidates caches and published shards)."""
MANIFEST = "shards.js"
CACHE_DIR = Path(".gazette-cache") / "search"
RECORDS = "documents"
"""Cache subfolder: one record per document key (marshal)."""
DIGESTS = "digests.bin"
"""Cache file: document key → digest of its record (marshal), so a shard's key is known without its records."""
SHARD_INFO = "gazette-shard.json"
RECENT = "recent"
PRESENCE = "presence"
"""Cache subfolder: each shard's presence keys, by shard key (gazette/search_presence.py)."""
STATES = "shards"
"""Cache subfolder: each shard as last written, by shard name (gazette/search_shard.py)."""


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
    part of a multiple of size//4 documents, then the small "recent" shard, which always holds the
    newest issue (when it has at most size//4 documents). A new issue changes the recent shard only,
    except when the one before it completed a quarter (the recent documents merge into the settled
    part) or it starts a new year (the tail closes into shards).
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
    # The newest issue stays in the recent shard (unless it is larger than a quarter shard): the
    # corrections that follow a publication rebuild a small shard, never a settled one.
    newest = next((n for n, d in enumerate(tail) if d.issue_id == tail[-1].issue_id), len(tail))
    if len(tail) - newest <= quarter:
        settled = min(settled, newest // quarter * quarter)
    for k, start in enumerate(range(0, settled, size)):
        part = tail[start:min(start + size, settled)]
        shards.append(Shard(f"{part[0].date.year}-t{k + 1}", tuple(part)))
    if tail[settled:]:
        shards.append(Shard(RECENT, tuple(tail[settled:])))
    return shards


def _url(doc: Document) -> str:
    return f"/{doc.issue_id}/{doc.slug}/"


def document_key(doc: Document, digests: Mapping[str, bytes], version: str) -> str:
    """What a document's record is made from (search.index_source), hashed: the fields its shadow page
    shows, and the build's own digests (deps.py) of its body (its source file's digest; the body is
    rendered from it under the settings version), its issue and its departments (their names are
    filter values). Not the document's whole digest: that holds its status as of the build date,
    which the record does not show (the page judges the timeline on the reader's own day)."""
    key = deps.key_of(doc)
    shown = (doc.title, doc.doc_number, doc.issuer, doc.addressees, doc.date, doc.category, doc.topic,
             doc.index_number, doc.index_serial, doc.validity.timeline_code if doc.validity else "", doc.departments)
    digest = hashlib.blake2b(f"{FORMAT}\0{pagefind_format.VERSION}\0{version}\0{key}\0{shown!r}".encode(),
                             digest_size=16)
    for part in (f"{key}.body_path", f"i:{doc.issue_id}", *(f"p:{d}" for d in doc.departments)):
        digest.update(digests[part])
    return digest.hexdigest()


def shard_key(shard: Shard, digests: list[str]) -> str:
    """What a shard's files are made from: its name and its records' digests (the same on every machine)."""
    digest = hashlib.blake2b(f"{FORMAT}\0{pagefind_format.VERSION}\0{shard.name}\0".encode(), digest_size=16)
    for value in digests:
        digest.update(value.encode("ascii"))
    return digest.hexdigest()


def record_digest(rec: dict) -> str:
    """A digest of what a record puts into the index (its content, not where it was computed)."""
    digest = hashlib.blake2b(rec["fragment"].encode("utf-8"), digest_size=16)
    digest.update("\0".join(rec["words"]).encode("utf-8"))
    digest.update(rec["data"])
    digest.update(repr((rec["sort"], rec["filters"])).encode("utf-8"))
    return digest.hexdigest()


@dataclass
class _Job:
    """What the processes building shards read (inherited when the pool forks)."""

    site: Site
    shards: list[Shard]
    keys: list[list[str]]
    records: Path
    presence: Path
    states: Path
    out: Path
    published: Path | None


def _record(doc: Document, site: Site, key: str, folder: Path) -> dict:
    """A document's record, from the cache or computed (and cached)."""
    path = folder / f"{key}.rec"
    try:
        data = path.read_bytes()
        # A checksum of the file's own bytes: a record damaged on disk is noticed without recomputing it.
        if hashlib.blake2b(data[16:], digest_size=16).digest() == data[:16]:
            rec = marshal.loads(data[16:])
            if rec.get("url") == _url(doc):
                return rec
    except (OSError, ValueError, EOFError, TypeError, AttributeError, KeyError):
        pass  # missing, or damaged: computed again
    source = search.index_source(doc, site)
    rec = pagefind_words.record(_url(doc), source)
    rec["digest"] = record_digest(rec)
    tmp = folder / f".{key}.{os.getpid()}.tmp"
    try:
        data = marshal.dumps(rec)
        tmp.write_bytes(hashlib.blake2b(data, digest_size=16).digest() + data)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
    return rec


def _build_shard(number: int) -> tuple[str, str, list[str], np.ndarray]:
    """Build one shard into out/<name> (in a worker); return its name, presence map, record digests
    and presence keys. Merged from the shard's last state (gazette/search_shard.py) and the records
    of its new or changed documents."""
    job: _Job = workers.shared()
    shard, keys = job.shards[number], job.keys[number]
    previous = job.published / shard.name if job.published else None
    if previous is not None and not _intact(previous):
        previous = None
    folder = job.out / shard.name
    state_path = job.states / f"{shard.name}.bin"
    old = search_shard.load(state_path)
    state = search_shard.write(folder, shard.name, keys,
                               lambda n: _record(shard.documents[n], job.site, keys[n], job.records), old, previous)
    search_shard.save(state_path, state)
    chars = search_shard.chars(state)
    key = shard_key(shard, state.digests)
    info = {"key": key, "chars": chars, "files": _files_digest(_listing(folder))}
    (folder / SHARD_INFO).write_text(json.dumps(info, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    presence = search_shard.presence(state)
    _save_presence(job.presence, key, presence)
    return shard.name, chars, state.digests, presence


def _intact(published: Path) -> bool:
    """Whether a published shard's files are those it was written with (its files may be linked)."""
    try:
        info = json.loads((published / SHARD_INFO).read_text(encoding="utf-8"))
        return _files_digest(_listing(published)) == info.get("files")
    except (OSError, ValueError, AttributeError):
        return False


def _save_presence(folder: Path, key: str, presence: np.ndarray) -> None:
    """A shard's presence keys, kept in the cache by shard key (a reused shard's are read from there)."""
    tmp = folder / f".{key}.{os.getpid()}.tmp"
    try:
        tmp.write_bytes(presence.astype("<u4").tobytes())
        os.replace(tmp, folder / f"{key}.bin")
    except OSError:
        tmp.unlink(missing_ok=True)


def _load_presence(folder: Path, key: str) -> np.ndarray | None:
    try:
        data = (folder / f"{key}.bin").read_bytes()
    except OSError:
        return None
    return np.frombuffer(data, "<u4") if len(data) % 4 == 0 else None


def _files_digest(listing: list[list]) -> str:
    return hashlib.blake2b(json.dumps(listing).encode("utf-8"), digest_size=16).hexdigest()


def _listing(folder: Path) -> list[list]:
    """[relative path, size] of every file of a shard folder but its info file, sorted."""
    found = []
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            found += ([f"{entry.name}/{sub.name}", sub.stat().st_size] for sub in os.scandir(entry.path))
        elif entry.name != SHARD_INFO:
            found.append([entry.name, entry.stat().st_size])
    return sorted(found)


def _reuse(published: Path, out: Path, key: str) -> str | None:
    """Link a published shard whose key is `key` into out; return its presence map (None: not reusable).

    Its files must be those it was written with (a digest of their names and sizes: a file missing or
    cut short is noticed)."""
    try:
        info = json.loads((published / SHARD_INFO).read_text(encoding="utf-8"))
        if info.get("key") != key:
            return None
        listing = _listing(published)
        if _files_digest(listing) != info.get("files"):
            return None
        out.mkdir(parents=True)
        if output.link_unchanged(published, out, [*(f for f, _ in listing), SHARD_INFO]):
            raise FileNotFoundError(published)  # a file went missing since it was listed
        return info["chars"]
    except (OSError, ValueError, TypeError, AttributeError):
        shutil.rmtree(out, ignore_errors=True)
        return None


def build_index(site: Site, out: Path, cache: Path, shard_size: int, digests: Mapping[str, bytes], version: str,
                published: Path | None = None, progress=None) -> dict[str, int]:
    """Write the index of site into out (a fresh folder), reusing published shards; return counts.

    digests and version: the build's input digests and settings version (see document_key).

    Raises pagefind_bundle.Unavailable when Pagefind's browser files are not to be had.
    """
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        classic, wasm = pagefind_bundle.runtime(cache)
        records = cache / RECORDS
        records.mkdir(exist_ok=True)
        # Holding the lock, anything unfinished in the cache was left by a killed build.
        states = cache / STATES
        states.mkdir(exist_ok=True)
        for leftover in [*cache.glob(".runtime-*"), *cache.glob(".*.tmp"), *records.glob(".*.tmp"),
                         *(cache / PRESENCE).glob(".*.tmp"), *states.glob(".*.tmp")]:
            shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink(missing_ok=True)
        shards = plan(site.documents, shard_size)
        keys = [[document_key(d, digests, version) for d in s.documents] for s in shards]
        try:
            known = marshal.loads((cache / DIGESTS).read_bytes())
            assert isinstance(known, dict)
        except (OSError, ValueError, EOFError, TypeError, AssertionError):
            known = {}
        out.mkdir(parents=True, exist_ok=True)
        presence_dir = cache / PRESENCE
        presence_dir.mkdir(exist_ok=True)
        chars: dict[str, str] = {}
        presence: dict[str, np.ndarray] = {}
        shard_keys: dict[str, str] = {}
        todo = []
        for n, shard in enumerate(shards):
            found = None
            digests = [known.get(k) for k in keys[n]]
            if published is not None and None not in digests and (published / shard.name).is_dir():
                key = shard_key(shard, digests)
                kept = _load_presence(presence_dir, key)
                if kept is not None:
                    found = _reuse(published / shard.name, out / shard.name, key)
            if found is None:
                todo.append(n)
            else:
                chars[shard.name], presence[shard.name], shard_keys[shard.name] = found, kept, key
        # Largest first, so the pool's last job is a small one.
        todo.sort(key=lambda n: -len(shards[n].documents))
        job = _Job(site, shards, keys, records, presence_dir, states, out, published)
        for n, (name, found, digests, keys_found) in zip(todo, workers.run(_build_shard, todo, job, threshold=2)):
            chars[name], presence[name] = found, keys_found
            shard_keys[name] = shard_key(shards[n], digests)
            known.update(zip(keys[n], digests))
        newest_first = list(reversed(shards))
        (out / search_presence.PRESENCE_DIR).mkdir()
        for bucket, data in search_presence.tables([presence[s.name] for s in newest_first]).items():
            rel = f"{search_presence.PRESENCE_DIR}/{bucket}"
            (out / f"{rel}.js").write_text(pagefind_bundle.wrap(data, rel), encoding="ascii")
        (out / pagefind_bundle.CLASSIC_SCRIPT).write_text(classic, encoding="utf-8")
        (out / f"{pagefind_bundle.WASM}.js").write_text(wasm, encoding="ascii")
        manifest = {**search.browser_constants(), "presence": search_presence.browser_constants(),
                    "shards": [{"name": s.name, "chars": chars[s.name]} for s in newest_first]}
        (out / MANIFEST).write_text(
            "window.__gazetteSearch=" + json.dumps(manifest, ensure_ascii=False, separators=(",", ":")) + ";\n",
            encoding="utf-8")
        current = {k for ks in keys for k in ks}
        tmp = cache / f".{DIGESTS}.{os.getpid()}.tmp"
        tmp.write_bytes(marshal.dumps({k: v for k, v in known.items() if k in current}))
        os.replace(tmp, cache / DIGESTS)
        wanted = {f"{k}.rec" for k in current}
        for entry in os.scandir(records):
            if entry.name not in wanted:
                os.unlink(entry.path)
        wanted = {f"{k}.bin" for k in shard_keys.values()}
        for entry in os.scandir(presence_dir):
            if entry.name not in wanted:
                os.unlink(entry.path)
        wanted = {f"{s.name}.bin" for s in shards}
        for entry in os.scandir(states):
            if entry.name not in wanted:
                os.unlink(entry.path)
        return {"shards": len(shards), "rebuilt": len(todo),
                "documents_rebuilt": sum(len(shards[n].documents) for n in todo)}


def write_index(site: Site, config: Config, stage: Path, problems: Problems, *, digests: Mapping[str, bytes],
                version: str, published: Path | None = None, use_cache: bool = True) -> None:
    """Pipeline step: the search index of every document into stage/pagefind.

    digests, version: what the build read (deps.site_digests) under which settings; a document's
    record and its shard are reused while their inputs' digests stay the same.

    published: the folder of the site being replaced, whose unchanged shards are linked, not rebuilt.
    use_cache: False for a cold build that leaves no trace (its records go to a temporary folder).
    """
    cache = config.root / CACHE_DIR
    try:
        if not use_cache:
            cache = Path(tempfile.mkdtemp(prefix="gazette-search-cache-"))
        cache.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        problems.warning(CACHE_DIR.as_posix(), 0, f"无法使用搜索索引缓存（{exc.strerror}），本次完整重建搜索索引；"
                                                  "请检查该文件夹可以写入，或删除它")
        cache = Path(tempfile.mkdtemp(prefix="gazette-search-cache-"))
    old = published / search.PAGEFIND_DIR if published is not None else None
    error = None
    try:
        build_index(site, stage / search.PAGEFIND_DIR, cache, config.search_shard_size, digests, version,
                    old if old is not None and old.is_dir() else None)
    except pagefind_bundle.Unavailable as exc:
        error = str(exc)
    except OSError as exc:
        error = f"写入搜索索引时出错：{output.describe(exc)}"
    finally:
        if not cache.is_relative_to(config.root):
            shutil.rmtree(cache, ignore_errors=True)
    if error:
        problems.error(search.PAGEFIND_DIR, 0, f"建立搜索索引失败：{error}")


write_index.reuses_published = True  # pipeline passes published= (the site this build replaces), digests=, version=
