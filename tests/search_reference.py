"""The index's rules as first written: regular expressions and a word-at-a-time walk (test oracle).

gazette/search_chars.py and gazette/pagefind_words.py compute the same on arrays of code points,
several times faster; tests/test_search_records.py checks that both give the same text and the
same records (the index's bytes), on the shipped issue, a synthetic archive and tricky text.
"""

from __future__ import annotations

import json
import re
from itertools import repeat

import numpy as np

from gazette import pagefind_locations
from gazette.pagefind_postings import head  # CBOR heads (RFC 8949): the writer's, not what the oracle checks
from gazette.pagefind_words import (
    _MARKER,
    WEIGHT_SCALE,
    _meta_locations,
    digest,
    index_words,
    indexable,
    metadata_words,
    normalize_content,
    read_marker,
)
from gazette.search import IndexSource
from gazette.text import CJK_RANGES, FULLWIDTH_ALNUM
from gazette.text import char_class as _class

_NOT_CJK_WORD = f"[^\\W{_class(CJK_RANGES)}]"
_GLUE_WORD = re.compile(f"(?<={_NOT_CJK_WORD}) (?={_NOT_CJK_WORD})")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+(?=[^\w\s])")
_SPACES = re.compile(r"\s+")


def cjk_chars(text: str) -> str:
    """The distinct Chinese characters of a text, sorted (for a shard's presence map)."""
    return "".join(sorted(re.findall(f"[{_class(CJK_RANGES)}]", "".join(set(text)))))


def spaced(text: str) -> str:
    """search.spaced as regular expressions: every character spaced out, Latin words joined back,
    punctuation pulled onto the word before it."""
    text = " ".join(text.translate(FULLWIDTH_ALNUM))
    text = _GLUE_WORD.sub("", text)
    text = _SPACE_BEFORE_PUNCT.sub("", text)
    return _SPACES.sub(" ", text).strip()


_SPLIT_MARKERS = re.compile(r"(?<!\S)(___\S*)")


def record(url: str, source: IndexSource) -> dict:
    """One document's index contribution (a plain dict of lists, strings and bytes: cached with marshal).

    {"url", "fragment": the page's fragment JSON as Pagefind writes it, "word_count",
     "words": [word, …], "data": for each word the CBOR of its [body locations][metadata locations]
     (gazette/pagefind_locations.py), "offsets": where each word's bytes start in data (one more at
     the end), "counts": each word's number of locations + 1 (for chunk sizes),
     "filters": [[name, value], …], "sort": [[key, value], …], "meta_keys": the metadata fields}
    """
    text, anchor_text = digest(source.main)
    if "\u200b" in text:
        text = text.replace("\u200b", "")
    words: list[str] = []
    runs: list[tuple[int, int, int]] = []  # (start, end, weight) of the words between markers
    anchors = []
    weights = [WEIGHT_SCALE]
    pieces = _SPLIT_MARKERS.split(text)
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            found = piece.split()
        else:
            marker = _MARKER.fullmatch(piece)
            if marker is None:
                found = [piece]
            else:
                read_marker(marker, anchor_text, len(words), anchors, weights)
                continue
        if found:
            weight = weights[-1] if weights else 1
            if runs and runs[-1][2] == weight and runs[-1][1] == len(words):
                runs[-1] = (runs[-1][0], len(words) + len(found), weight)
            else:
                runs.append((len(words), len(words) + len(found), weight))
            words += found
    n = len(words)
    tokens = list(dict.fromkeys(words))
    token_id = {t: i for i, t in enumerate(tokens)}
    # Most tokens are one Chinese character, indexed as itself: their words are numbered in bulk.
    found = [index_words(t) for t in tokens]
    keys = [f[0][0] if f else None for f in found]  # the first word of a token is never a part
    vocab = {k: i for i, k in enumerate(dict.fromkeys(k for k in keys if k is not None))}
    primary = np.fromiter(map(vocab.get, keys, repeat(-1)), np.int64, len(keys))
    parts_of: list[tuple[int, int, int]] = []  # (token, word, number of parts)
    for t in [t for t, f in enumerate(found) if len(f) > 1]:
        parts = [key for key, part in found[t] if part]
        share = sum(part for _, part in indexable(tokens[t]))  # Pagefind divides by all its parts
        for key in parts:
            parts_of.append((t, vocab.setdefault(key, len(vocab)), share))
    ids = np.fromiter(map(token_id.__getitem__, words), np.int64, n)
    weight_at = np.full(n, WEIGHT_SCALE, np.int64)
    for start, end, weight in runs:
        if weight != WEIGHT_SCALE:
            weight_at[start:end] = weight
    at = primary[ids]
    keep = at >= 0
    rows_w, rows_g, rows_p = [at[keep]], [weight_at[keep]], [np.nonzero(keep)[0]]
    if parts_of:
        # Every position of a token with parts, once per part (as one set of arrays).
        order = np.argsort(ids, kind="stable")
        bounds = np.concatenate(([0], np.cumsum(np.bincount(ids, minlength=len(tokens)))))
        t, word, parts = (np.asarray(c, np.int64) for c in zip(*parts_of))
        lengths = bounds[t + 1] - bounds[t]
        total = int(lengths.sum())
        first = np.repeat(bounds[t], lengths)
        offset = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        positions = order[first + offset]
        base = weight_at[positions]
        share = np.repeat(parts, lengths)
        rows_w.append(np.repeat(word, lengths))
        rows_g.append(np.where(base > 0, np.maximum(base // share, 1), 0))
        rows_p.append(positions)
    word_count = max(n, 1)
    meta = dict(source.meta)
    fields, meta_at = metadata_words(meta, lambda word: vocab.setdefault(word, len(vocab)))
    data, offsets, counts = pagefind_locations.encode(
        np.concatenate(rows_w), np.concatenate(rows_g), np.concatenate(rows_p),
        {word: _meta_locations(sorted(fields_at)) for word, fields_at in meta_at.items()}, len(vocab))
    filters: dict[str, list[str]] = {}
    for name, value in source.filters:
        filters.setdefault(name, []).append(normalize_content(value))
    filters = dict(sorted(filters.items()))
    fragment = {"url": url, "content": " ".join(words), "word_count": word_count,
                "filters": filters, "meta": dict(sorted(meta.items())), "anchors": anchors}
    rec = {"url": url, "fragment": json.dumps(fragment, ensure_ascii=False, separators=(",", ":")),
           "word_count": word_count, "words": list(vocab), "data": data, "offsets": offsets, "counts": counts,
           "filters": [[name, value] for name, values in filters.items() for value in values],
           "sort": [list(s) for s in source.sort], "meta_keys": sorted(meta)}
    rec["chars"] = cjk_chars(" ".join((rec["fragment"], *(v for _, v in source.meta))))
    return rec


def word_bytes(rec: dict) -> dict[str, bytes]:
    """A record's words and the bytes of their locations, whatever order the record lists them in."""
    data, offsets = rec["data"], rec["offsets"]
    return {word: data[a:b] for word, a, b in zip(rec["words"], offsets, offsets[1:])}


def same_record(a: dict, b: dict) -> bool:
    """Whether two records put the same into the index (their words may be listed in another order)."""
    plain = ("url", "fragment", "word_count", "filters", "sort", "meta_keys", "chars")
    counts = [dict(zip(r["words"], r["counts"])) for r in (a, b)]
    return all(a[k] == b[k] for k in plain) and word_bytes(a) == word_bytes(b) and counts[0] == counts[1]


def index_chunks(records: list[dict]) -> list[bytes]:
    """The CBOR of a shard's index chunks, merged word by word from the records (the first writer's
    way, before gazette/pagefind_postings.py kept the merge between builds)."""
    import cbor2

    from gazette.pagefind_format import CHUNK_SIZE

    by_word: dict[str, list] = {}
    for number, rec in enumerate(records):
        data, offsets = rec["data"], rec["offsets"]
        for word, start, end, count in zip(rec["words"], offsets, offsets[1:], rec["counts"]):
            found = by_word.setdefault(word, [0, [], 0])
            found[1] += (head(4, 3) + head(0, number - found[0]), data[start:end])
            found[0] = number
            found[2] += count
    chunks, chunk, size = [], [], 0
    for word in sorted(by_word):
        size += by_word[word][2]
        chunk.append(word)
        if size >= CHUNK_SIZE:
            chunks.append(chunk)
            chunk, size = [], 0
    if chunk:
        chunks.append(chunk)
    out = []
    for words in chunks:
        parts = [head(4, 1), head(4, len(words))]
        for word in words:
            entries = by_word[word][1]
            parts += (b"\x83", cbor2.dumps(word), head(4, len(entries) // 2), *entries, b"\x80")
        out.append(b"".join(parts))
    return out
