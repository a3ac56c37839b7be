"""Pagefind 1.5.2's index files, written from per-document records (gazette/pagefind_words.py).

The browser runs Pagefind's own code (its WebAssembly and JavaScript) on these files; they are
the files Pagefind's indexer writes for the same pages, byte for byte apart from what Pagefind
leaves to chance (page numbering, the order of filter values, file names). The format, as this
module relies on it, is documented in docs/search-index.md. Every data file is
gzip("pagefind_dcd" + CBOR) except the fragments (gzip("pagefind_dcd" + JSON)):

    pagefind-entry.json       {"version", "languages": {"en": {"hash", "wasm", "page_count"}}, "include_characters"}
    pagefind.en_<h>.pf_meta   [version, [[fragment hash, word count]…] by page number,
                               [[from, to, chunk hash]…], [[filter, file hash]…], [[sort, [page…]]…],
                               [metadata field…]]
    index/en_<h>.pf_index     [[[word, [[page number − previous page number, locations, metadata locations]…], []]…]]
    filter/en_<h>.pf_filter   [filter, [[value, [page…]]…]]
    fragment/en_<h>.pf_fragment   the page's JSON: url, content, word_count, filters, meta, anchors
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import cbor2
import deflate

from .pagefind_postings import Postings, merge
from .pagefind_words import INCLUDE_CHARACTERS

VERSION = "1.5.2"
"""The Pagefind release whose format this module writes (and whose runtime the site ships)."""
LANGUAGE = "en"
MAGIC = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
CHUNK_SIZE = 20000
"""Pagefind closes an index chunk once its words hold this many locations (+1 per page)."""


def _data(value: object) -> bytes:
    return MAGIC + cbor2.dumps(value)


GZIP_LEVEL = 5
"""libdeflate's level for the data files: at 5 it takes 30 % less time than at 7 for 0.8 % more
bytes (measured on a 1,000-document shard); zlib at its level 6 took three times as long as level 7."""


def gzip_data(raw: bytes) -> bytes:
    """A data file as stored: gzip with no name and no time, so the same content gives the same bytes.

    Compressed by libdeflate (the `deflate` package): compressing was a fifth of the index step
    with zlib. Any gzip reader (the browser's DecompressionStream, Pagefind's inflate) reads it."""
    return deflate.gzip_compress(raw, GZIP_LEVEL)


def decode(raw: bytes) -> object:
    """A Pagefind data file's content (gzip already undone): CBOR, or JSON for fragments."""
    if not raw.startswith(MAGIC):
        raise ValueError("not a Pagefind data file")
    body = raw[len(MAGIC):]
    return json.loads(body) if body[:1] == b"{" else cbor2.loads(body)


def name_of(sha1: str, taken: set[str], digits: int = 12) -> str:
    """A file name from the SHA-1 (hex) of its content: en_ + the shortest prefix of at least
    `digits` hex digits not yet taken (Pagefind takes 7; 12 make a name safe to reuse across
    builds as the name of its content)."""
    while f"{LANGUAGE}_{sha1[:digits]}" in taken and digits < len(sha1):
        digits += 1
    name = f"{LANGUAGE}_{sha1[:digits]}"
    taken.add(name)
    return name


def fragment_sha1(fragment: str) -> str:
    return hashlib.sha1(fragment.encode("utf-8")).hexdigest()


def _prefixes(a: str, b: str) -> tuple[str, str]:
    common = 0
    for x, y in zip(b, a):
        if x != y:
            break
        common += 1
    return a[:common + 1], b[:common + 1]


@dataclass(frozen=True)
class Page:
    """What a bundle needs of a page besides its words (the fields of its record, see pagefind_words.record)."""

    fragment_sha1: str
    word_count: int
    filters: list
    sort: list
    meta_keys: list


def page_of(rec: dict) -> Page:
    return Page(fragment_sha1(rec["fragment"]), rec["word_count"], rec["filters"], rec["sort"], rec["meta_keys"])


@dataclass
class Bundle:
    """A shard's files before gzip: fragment names by page, the index chunks, the rest by path."""

    fragments: list[str]
    chunks: dict[str, bytes]
    files: dict[str, bytes]
    chunk_sums: dict[tuple[str, str, int], str]
    """Each index chunk's SHA-1 by (first word, last word, number of words), for the next build."""
    tables: Tables


@dataclass(frozen=True)
class Tables:
    """What follows from the pages' filters, sort values and fields alone: each filter's file
    (name, SHA-1 of its content, content), the sorts and the metadata fields of the meta file."""

    filters: list[tuple[str, str, bytes]]
    sorts: list
    fields: list[str]


def page_tables(pages: list[Page]) -> Tables:
    values: dict[str, dict[str, list[int]]] = {}
    for number, page in enumerate(pages):
        for name, value in page.filters:
            pages_with = values.setdefault(name, {}).setdefault(value, [])
            pages_with.append(number)
    filters = []
    for name in sorted(values):
        raw = _data([name, [[v, p] for v, p in sorted(values[name].items())]])
        filters.append((name, hashlib.sha1(raw[len(MAGIC):]).hexdigest(), raw))
    sort_values: dict[str, list[tuple[str, int]]] = {}
    for number, page in enumerate(pages):
        for key, value in page.sort:
            sort_values.setdefault(key, []).append((value, number))
    sorts = [[key, [n for _, n in sorted(pairs, key=lambda p: p[0])]] for key, pairs in sorted(sort_values.items())]
    fields = sorted({key for page in pages for key in page.meta_keys})
    return Tables(filters, sorts, fields)


def bundle(pages: list[Page], postings: Postings, known: dict[tuple[str, str, int], str] | None = None,
           tables: Tables | None = None) -> Bundle:
    """The index files of the pages (in page-number order) whose words are `postings`
    (pagefind_postings.merge). pagefind-entry.json is plain JSON, never compressed.

    known: the last build's chunk_sums; a chunk with the same first and last word and number of
    words, none of them changed since (postings.changed), keeps its SHA-1 without hashing it again.
    tables: page_tables(pages) when the caller has them (the last build's, for the same filters,
    sort values and fields)."""
    taken: set[str] = set()
    fragments = [name_of(p.fragment_sha1, taken) for p in pages]
    spans = postings.chunks(CHUNK_SIZE)
    vocab = postings.vocab
    ranges = [[vocab[a], vocab[b], ""] for a, b in spans]
    for i in range(len(ranges) - 1):
        to, start = _prefixes(ranges[i][1], ranges[i + 1][0])
        if to >= ranges[i][0]:
            ranges[i][1] = to
        ranges[i + 1][0] = start
    chunks: dict[str, bytes] = {}
    sums: dict[tuple[str, str, int], str] = {}
    for i, (a, b) in enumerate(spans):
        raw = MAGIC + postings.chunk_bytes(a, b)
        key = (vocab[a], vocab[b], b - a + 1)
        sha1 = known.get(key) if known and postings.changed is not None and not postings.changed[a:b + 1].any() else None
        sums[key] = sha1 = sha1 or hashlib.sha1(raw[len(MAGIC):]).hexdigest()
        ranges[i][2] = name_of(sha1, taken)
        chunks[f"index/{ranges[i][2]}.pf_index"] = raw
    made = tables if tables is not None else page_tables(pages)
    files: dict[str, bytes] = {}
    filters = []
    for name, sha1, raw in made.filters:
        hashed = name_of(sha1, taken)
        files[f"filter/{hashed}.pf_filter"] = raw
        filters.append([name, hashed])
    sorts, fields = made.sorts, made.fields
    listed = [[name, page.word_count] for name, page in zip(fragments, pages)]
    meta = _data([VERSION, listed, ranges, filters, sorts, fields])
    meta_name = f"{LANGUAGE}_{hashlib.sha1(meta[len(MAGIC):]).hexdigest()[:10]}"
    files[f"pagefind.{meta_name}.pf_meta"] = meta
    entry = {"version": VERSION, "languages": {LANGUAGE: {"hash": meta_name, "wasm": LANGUAGE, "page_count": len(pages)}},
             "include_characters": list(INCLUDE_CHARACTERS)}
    files[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Bundle(fragments, chunks, files, sums, made)


def encode(records: list[dict]) -> tuple[dict[str, bytes], list[str]]:
    """The index of the pages (records, in page-number order): ({path in the bundle: content before
    gzip}, each page's fragment name). pagefind-entry.json is plain JSON, never compressed."""
    made = bundle([page_of(r) for r in records], merge(None, None, list(enumerate(records)), len(records)))
    files = {f"fragment/{name}.pf_fragment": MAGIC + rec["fragment"].encode("utf-8")
             for name, rec in zip(made.fragments, records)}
    return {**files, **made.chunks, **made.files}, made.fragments


def write(records: list[dict], folder: Path) -> None:
    """The index of the pages as Pagefind lays it out in folder (gzip-compressed data files)."""
    files, _ = encode(records)
    for rel, raw in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw if rel == ENTRY else gzip_data(raw))
