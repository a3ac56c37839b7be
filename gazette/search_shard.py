"""One shard's Pagefind bundle, assembled from the last build's merged shard and the pages that changed.

A shard of 1,000 documents was rebuilt from its 1,000 cached records when one of them changed:
reading them, merging their words and compressing every index chunk took ~0.9 s. The cache now
also keeps each shard as it was last written (`State`, `.gazette-cache/search/shards/<name>.bin`):
its pages' document keys, what the bundle needs of each page (fragment digest, word count,
filters, sort key, characters, presence keys) and its merged word index
(gazette/pagefind_postings.py). A rebuild reads that one file, takes the records of the pages
whose key is new, merges them in (`pagefind_postings.merge`), and writes the bundle; a data file
whose content-derived name the published shard already has (the fragments of unchanged pages, the
index chunks no changed word falls in) is hard-linked from there, not compressed again.

A page is carried over only by its document key, which names everything its record is made from
(search_index.document_key), so a state never stands for other content; a damaged or foreign state
file is ignored (the shard is merged from its records). tests/test_search_shard.py checks that a
shard written from a state equals one written from the records alone, over sequences of edits.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import deflate
import numpy as np

from . import pagefind_bundle, pagefind_format, pagefind_postings, search_chars
from .pagefind_postings import Postings

STATE_FORMAT = "gazette-shard-state-4"
_DTYPES = {"word_rows": "<i8", "word_start": "<i8", "head_size": "<i4", "counts": "<i8", "page": "<i4",
           "row_len": "<i4", "head_len": "<u1", "count": "<i4"}
"""How each array of the postings is stored (compact: a state holds ~700,000 rows per 1,000 pages;
row_start follows from the others)."""
_PAGE_FIELDS = ("keys", "digests", "urls", "fragments", "word_counts", "filters", "sorts", "meta_keys", "chars")


@dataclass
class State:
    """A shard as last written: per page (in page order) its document key, record digest, URL, fragment
    SHA-1, word count, filters (sorted (name, value) pairs), sort values, metadata fields, characters
    and presence keys; the shard's presence keys (union) with how many pages have each (holders);
    and the merged word index."""

    keys: list[str]
    digests: list[str]
    urls: list[str]
    fragments: list[str]
    word_counts: list[int]
    filters: list
    sorts: list
    meta_keys: list
    chars: list[str]
    presence: list[bytes]
    union: np.ndarray
    holders: np.ndarray
    postings: Postings
    chunk_sums: dict = field(default_factory=dict)
    tables: pagefind_format.Tables | None = None

    def pages(self) -> list[pagefind_format.Page]:
        return [pagefind_format.Page(*fields) for fields in
                zip(self.fragments, self.word_counts, self.filters, self.sorts, self.meta_keys)]


def load(path: Path) -> State | None:
    """The state saved at path (None: missing, damaged or of another format)."""
    try:
        data = memoryview(path.read_bytes())
        if len(data) < 4 or deflate.crc32(data[4:]).to_bytes(4, "little") != data[:4]:
            return None
        stored = marshal.loads(data[4:])
        if stored.get("format") != STATE_FORMAT:
            return None
        arrays = {name: np.frombuffer(stored["arrays"][name], dtype).astype(np.int64) for name, dtype in _DTYPES.items()}
        postings = Postings(vocab=stored["vocab"], blob=stored["blob"], row_start=_row_start(arrays), **arrays)
        return State(**{name: stored[name] for name in _PAGE_FIELDS}, presence=stored["presence"],
                     union=np.frombuffer(stored["union"], "<u4"), holders=np.frombuffer(stored["holders"], "<i8"),
                     postings=postings, chunk_sums=stored["chunk_sums"],
                     tables=pagefind_format.Tables(*stored["tables"]) if stored["tables"] else None)
    except (OSError, ValueError, EOFError, TypeError, KeyError, AttributeError):
        return None


def save(path: Path, state: State) -> None:
    """Keep the state at path (written aside and renamed: a killed build leaves the old one or none)."""
    p = state.postings
    stored = {"format": STATE_FORMAT, **{name: getattr(state, name) for name in _PAGE_FIELDS},
              "presence": state.presence, "union": state.union.astype("<u4").tobytes(),
              "holders": state.holders.astype("<i8").tobytes(), "vocab": p.vocab, "blob": p.blob,
              "chunk_sums": state.chunk_sums,
              "tables": (state.tables.filters, state.tables.sorts, state.tables.fields) if state.tables else None,
              "arrays": {name: getattr(p, name).astype(dtype).tobytes() for name, dtype in _DTYPES.items()}}
    data = marshal.dumps(stored)
    tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(deflate.crc32(data).to_bytes(4, "little"))
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def write(folder: Path, prefix: str, keys: list[str], record: Callable[[int], dict], old: State | None,
          previous: Path | None) -> State:
    """Write the shard of the documents with these keys (in page order) into folder; return its state.

    record(n): page n's record (read from the cache or computed); called only for the pages whose key
    the old state lacks, and for a carried-over page whose fragment file must be written anew.
    previous: the published shard (its files intact), whose data files are linked by name.
    """
    position = {key: n for n, key in enumerate(old.keys)} if old is not None else {}
    page_map = np.full(len(old.keys) if old is not None else 0, -1, np.int64)
    fresh: list[tuple[int, dict]] = []
    carried: list[int | None] = []
    last = -1
    for n, key in enumerate(keys):
        was = position.get(key)
        if was is None or was < last:  # new, changed, or out of the old order: merged from its record
            fresh.append((n, record(n)))
            carried.append(None)
        else:
            page_map[was] = n
            carried.append(was)
            last = was
    postings = pagefind_postings.merge(old.postings if old is not None else None, page_map, fresh, len(keys))
    union, holders = _union(old, carried, fresh)
    by_page = dict(fresh)

    def per_page(name: str, from_record: Callable[[dict], object]) -> list:
        values = getattr(old, name) if old is not None else []
        return [from_record(by_page[n]) if was is None else values[was] for n, was in enumerate(carried)]

    state = State(keys=list(keys),
                  digests=per_page("digests", lambda r: r["digest"]),
                  urls=per_page("urls", lambda r: r["url"]),
                  fragments=per_page("fragments", lambda r: pagefind_format.fragment_sha1(r["fragment"])),
                  word_counts=per_page("word_counts", lambda r: r["word_count"]),
                  filters=per_page("filters", lambda r: tuple(sorted(map(tuple, r["filters"])))),
                  sorts=per_page("sorts", lambda r: r["sort"]),
                  meta_keys=per_page("meta_keys", lambda r: r["meta_keys"]),
                  chars=per_page("chars", lambda r: r["chars"]),
                  presence=per_page("presence", lambda r: r["presence"]),
                  union=union, holders=holders, postings=postings)
    same_tables = (old is not None and old.tables is not None and old.filters == state.filters
                   and old.sorts == state.sorts and old.meta_keys == state.meta_keys)
    made = pagefind_format.bundle(state.pages(), postings, old.chunk_sums if old is not None else None,
                                  old.tables if same_tables else None)
    state.chunk_sums, state.tables = made.chunk_sums, made.tables
    folder.mkdir(parents=True)
    for sub in ("fragment", "index", "filter"):
        (folder / sub).mkdir()

    was, now = (f"{previous}/" if previous is not None else None), f"{folder}/"

    def put(rel: str, raw: Callable[[], bytes]) -> None:
        target = f"{rel}.js"
        if was is not None:
            try:
                os.link(was + target, now + target)
                return
            except OSError:
                pass
        with open(now + target, "w", encoding="ascii") as f:
            f.write(pagefind_bundle.wrap(pagefind_format.gzip_data(raw()), f"{prefix}/{rel}"))

    for n, name in enumerate(made.fragments):
        rec = by_page.get(n)
        put(f"fragment/{name}.pf_fragment",
            lambda rec=rec, n=n: pagefind_format.MAGIC + (rec or record(n))["fragment"].encode("utf-8"))
    for rel, raw in made.chunks.items():
        put(rel, lambda raw=raw: raw)
    for rel, raw in made.files.items():
        if rel.startswith("filter/"):  # named by content too
            put(rel, lambda raw=raw: raw)
            continue
        data = raw if rel == pagefind_format.ENTRY else pagefind_format.gzip_data(raw)
        (folder / f"{rel}.js").write_text(pagefind_bundle.wrap(data, f"{prefix}/{rel}"), encoding="ascii")
    facets = pagefind_bundle.facets(state.sorts, state.urls, state.filters, made.fragments)
    (folder / f"{pagefind_bundle.FACETS}.js").write_text(pagefind_bundle.wrap(facets, f"{prefix}/{pagefind_bundle.FACETS}"),
                                                          encoding="ascii")
    return state


def _row_start(a: dict[str, np.ndarray]) -> np.ndarray:
    """Where each row starts: after its word's item head and the rows before it in the word."""
    rows = a["word_rows"]
    before = np.cumsum(a["row_len"]) - a["row_len"]
    per_word = np.diff(rows)
    return np.repeat(a["word_start"][:-1] + a["head_size"] - before[rows[:-1]] if len(per_word) else
                     np.zeros(0, np.int64), per_word) + before


def chars(state: State) -> str:
    """The shard's Chinese characters (its presence map in the manifest)."""
    cp = search_chars.distinct(search_chars.codepoints("".join(state.chars)))
    return search_chars.from_codepoints(cp)


def presence(state: State) -> np.ndarray:
    """The shard's presence keys (gazette/search_presence.py), sorted and distinct."""
    return state.union


def _union(old: State | None, carried: list[int | None], fresh: list[tuple[int, dict]]) -> tuple[np.ndarray, np.ndarray]:
    """The shard's presence keys and, for each, how many of its pages have it: the old ones less the
    pages not carried over, plus the fresh pages' (a page's keys are distinct)."""
    if old is None or not len(old.union):
        keys = np.frombuffer(b"".join(rec["presence"] for _, rec in fresh), "<u4")
        ordered = np.sort(keys)
        starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1]))) if len(ordered) else ordered
        counts = np.diff(np.append(starts, len(ordered)))
        return ordered[starts].astype(np.uint32), counts.astype(np.int64)
    union, holders = old.union, old.holders.copy()
    gone = set(range(len(old.keys))) - {was for was in carried if was is not None}
    if gone:
        keys = np.frombuffer(b"".join(old.presence[was] for was in sorted(gone)), "<u4")
        np.subtract.at(holders, np.searchsorted(union, keys), 1)
    if fresh:
        keys = np.sort(np.frombuffer(b"".join(rec["presence"] for _, rec in fresh), "<u4"))
        at = np.searchsorted(union, keys)
        known = (at < len(union)) & (union[np.minimum(at, len(union) - 1)] == keys)
        np.add.at(holders, at[known], 1)
        new_keys = keys[~known]
        if len(new_keys):
            new_union, new_counts = _union(None, [], [(0, {"presence": new_keys.astype("<u4").tobytes()})])
            where = np.searchsorted(union, new_union)
            union, holders = np.insert(union, where, new_union), np.insert(holders, where, new_counts)
    keep = holders > 0
    return union[keep], holders[keep]
