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
from pathlib import Path

import cbor2
import deflate

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


def _name(raw: bytes, taken: set[str], digits: int = 12) -> str:
    """en_ + the shortest prefix (at least `digits` hex digits) of the SHA-1 of raw not yet taken
    (Pagefind takes 7 digits; 12 make a name safe to reuse across builds as the name of its content)."""
    full = hashlib.sha1(raw[len(MAGIC):]).hexdigest()
    while f"{LANGUAGE}_{full[:digits]}" in taken and digits < len(full):
        digits += 1
    name = f"{LANGUAGE}_{full[:digits]}"
    taken.add(name)
    return name


def head(major: int, n: int) -> bytes:
    """The head of a CBOR item (RFC 8949 §3): major type and argument. The values themselves are
    encoded by cbor2; the shard writer only joins pre-encoded values into arrays under these heads."""
    if n < 24:
        return bytes((major << 5 | n,))
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes((major << 5 | extra,)) + n.to_bytes(size, "big")
    raise ValueError(n)


_SMALL = [head(4, 3) + head(0, n) for n in range(256)]
"""The start of a page's entry for a word: [page delta, …] with a small delta."""


def _chunk(words: list[str], by_word: dict[str, list]) -> bytes:
    """CBOR of an index chunk: [[[word, [[page delta, locations, metadata locations]…], []]…]]."""
    out = [head(4, 1), head(4, len(words))]
    for word in words:
        parts = by_word[word][1]
        out += (b"\x83", cbor2.dumps(word), head(4, len(parts) // 2))
        out += parts
        out.append(b"\x80")
    return b"".join(out)


def _prefixes(a: str, b: str) -> tuple[str, str]:
    common = 0
    for x, y in zip(b, a):
        if x != y:
            break
        common += 1
    return a[:common + 1], b[:common + 1]


def encode(records: list[dict]) -> tuple[dict[str, bytes], list[str]]:
    """The index of the pages (records, in page-number order): ({path in the bundle: content before
    gzip}, each page's fragment name). pagefind-entry.json is plain JSON, never compressed."""
    files: dict[str, bytes] = {}
    taken: set[str] = set()
    pages = []
    for rec in records:
        raw = MAGIC + rec["fragment"].encode("utf-8")
        name = _name(raw, taken)
        files[f"fragment/{name}.pf_fragment"] = raw
        pages.append([name, rec["word_count"]])
    by_word: dict[str, list] = {}
    for number, rec in enumerate(records):
        data, offsets = rec["data"], rec["offsets"]
        for word, start, end, count in zip(rec["words"], offsets, offsets[1:], rec["counts"]):
            found = by_word.get(word)
            if found is None:
                by_word[word] = [number, [_SMALL[number] if number < 256 else head(4, 3) + head(0, number),
                                          data[start:end]], count]
            else:
                delta = number - found[0]
                found[1] += (_SMALL[delta] if delta < 256 else head(4, 3) + head(0, delta), data[start:end])
                found[0] = number
                found[2] += count
    chunks: list[list[str]] = []
    chunk: list[str] = []
    size = 0
    for word in sorted(by_word):
        size += by_word[word][2]
        chunk.append(word)
        if size >= CHUNK_SIZE:
            chunks.append(chunk)
            chunk, size = [], 0
    if chunk:
        chunks.append(chunk)
    ranges = [[c[0], c[-1], ""] for c in chunks]
    for i in range(len(ranges) - 1):
        to, start = _prefixes(ranges[i][1], ranges[i + 1][0])
        if to >= ranges[i][0]:
            ranges[i][1] = to
        ranges[i + 1][0] = start
    for i, c in enumerate(chunks):
        raw = MAGIC + _chunk(c, by_word)
        ranges[i][2] = _name(raw, taken)
        files[f"index/{ranges[i][2]}.pf_index"] = raw
    values: dict[str, dict[str, list[int]]] = {}
    for number, rec in enumerate(records):
        for name, value in rec["filters"]:
            pages_with = values.setdefault(name, {}).setdefault(value, [])
            pages_with.append(number)
    filters = []
    for name in sorted(values):
        raw = _data([name, [[v, p] for v, p in sorted(values[name].items())]])
        hashed = _name(raw, taken)
        files[f"filter/{hashed}.pf_filter"] = raw
        filters.append([name, hashed])
    sort_values: dict[str, list[tuple[str, int]]] = {}
    for number, rec in enumerate(records):
        for key, value in rec["sort"]:
            sort_values.setdefault(key, []).append((value, number))
    sorts = [[key, [n for _, n in sorted(pairs, key=lambda p: p[0])]] for key, pairs in sorted(sort_values.items())]
    fields = sorted({key for rec in records for key in rec["meta_keys"]})
    meta = _data([VERSION, pages, ranges, filters, sorts, fields])
    meta_name = f"{LANGUAGE}_{hashlib.sha1(meta[len(MAGIC):]).hexdigest()[:10]}"
    files[f"pagefind.{meta_name}.pf_meta"] = meta
    entry = {"version": VERSION, "languages": {LANGUAGE: {"hash": meta_name, "wasm": LANGUAGE, "page_count": len(pages)}},
             "include_characters": list(INCLUDE_CHARACTERS)}
    files[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return files, [name for name, _ in pages]


def write(records: list[dict], folder: Path) -> None:
    """The index of the pages as Pagefind lays it out in folder (gzip-compressed data files)."""
    files, _ = encode(records)
    for rel, raw in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw if rel == ENTRY else gzip_data(raw))
