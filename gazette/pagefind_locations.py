"""A page's word locations in Pagefind's CBOR, for all its words at once (numpy).

Most of the index is location lists: about a thousand words per document, each with its
positions. Encoding them one small list at a time (cbor2.dumps per word) cost more than all the
rest of the index, so the positions of all words of a page are grouped, delta-coded and turned
into CBOR integers in a few array operations. The bytes are those cbor2 writes for the same lists
(tests/test_search_format.py checks it); everything else in the index is encoded by cbor2.

For each word, its bytes are the two arrays that follow the page delta in a word's page entry:
[body locations] [metadata locations], where body locations are, per weight (ascending),
-(weight + 1), the first position, then differences to the previous position.
"""

from __future__ import annotations

import numpy as np

_UINT, _NEGINT, _ARRAY = 0x00, 0x20, 0x80


def cbor_items(major: np.ndarray, value: np.ndarray) -> tuple[bytes, np.ndarray]:
    """CBOR heads (RFC 8949 §3.1) for items of the given major types (as the first byte's top bits)
    and arguments (< 2**32): integers, or array heads; return the bytes and each item's end offset."""
    size = 1 + (value >= 24) + (value >= 256) + 2 * (value >= 65536)
    ends = np.cumsum(size)
    buf = np.zeros(int(ends[-1]) if len(ends) else 0, np.uint8)
    one = size == 1
    if one.all():
        buf[:] = major | value
        return buf.tobytes(), ends
    starts = ends - size
    buf[starts[one]] = major[one] | value[one]
    for n, extra in ((2, 24), (3, 25), (5, 26)):
        sel = np.flatnonzero(size == n)
        if not sel.size:
            continue
        at, v = starts[sel], value[sel]
        buf[at] = major[sel] | extra
        for k in range(n - 1):
            buf[at + 1 + k] = (v >> (8 * (n - 2 - k))) & 0xFF
    return buf.tobytes(), ends


def encode(words: np.ndarray, weights: np.ndarray, positions: np.ndarray, meta: dict[int, list[int]],
           count: int) -> tuple[bytes, list[int], list[int]]:
    """Every word's [body locations][metadata locations] bytes, for word numbers 0..count-1.

    words, weights, positions: one row per (word, position) occurrence, in any order; weights
    are below 256 (Pagefind's are at most 10 × 24).
    meta: word number → its metadata locations (already in Pagefind's form).
    Returns (bytes, byte offset where each word starts (count + 1 offsets), each word's number of locations).
    """
    w = np.asarray(words, np.int64)
    g = np.asarray(weights, np.int64)
    p = np.asarray(positions, np.int64)
    n = len(w)
    span = int(p.max()) + 1 if n else 1
    group_key = w * 256 + g
    if count * 256 * span < 2**62:
        key = group_key * span + p
        order = np.argsort(key)
        key = key[order]
        group_key = key // span
        p = key - group_key * span
    else:
        order = np.lexsort((p, g, w))
        p, group_key = p[order], group_key[order]
    w, g = group_key >> 8, group_key & 255
    first = np.ones(n, bool)
    if n > 1:
        first[1:] = group_key[1:] != group_key[:-1]
    values = p.copy()
    if n > 1:
        values[1:] -= p[:-1]
    values[first] = p[first]
    # Body items per word: each row, plus a weight marker before each group.
    rows_per_word = np.bincount(w, minlength=count)
    body_per_word = rows_per_word + np.bincount(w[first], minlength=count)
    meta_words = np.fromiter(meta.keys(), np.int64, len(meta))
    meta_lengths = np.fromiter(map(len, meta.values()), np.int64, len(meta))
    meta_values = np.fromiter((v for locs in meta.values() for v in locs), np.int64, int(meta_lengths.sum()))
    meta_per_word = np.zeros(count, np.int64)
    meta_per_word[meta_words] = meta_lengths
    # Items per word: array head, body items, array head, metadata items.
    per_word = body_per_word + meta_per_word + 2
    word_start = np.concatenate(([0], np.cumsum(per_word)))
    total = int(word_start[-1])
    major = np.zeros(total, np.int64)
    value = np.zeros(total, np.int64)
    heads = word_start[:-1]
    major[heads] = _ARRAY
    value[heads] = body_per_word
    meta_heads = heads + 1 + body_per_word
    major[meta_heads] = _ARRAY
    value[meta_heads] = meta_per_word
    # Row i lands after its word's head, its earlier rows and the markers up to and including its own.
    word_first_row = (np.cumsum(rows_per_word) - rows_per_word)[w]
    row_in_word = np.arange(n) - word_first_row
    group_index = np.cumsum(first)  # 1-based, over all rows
    markers_in_word = group_index - group_index[word_first_row] + 1
    slot = heads[w] + 1 + row_in_word + markers_in_word
    marker_slot = slot[first] - 1
    major[marker_slot] = _NEGINT
    value[marker_slot] = g[first]  # -(weight + 1) as CBOR's negative integer has argument weight
    major[slot] = _UINT
    value[slot] = values
    if len(meta_values):
        first_item = np.repeat(meta_heads[meta_words] + 1, meta_lengths)
        at = first_item + np.arange(len(meta_values)) - np.repeat(np.cumsum(meta_lengths) - meta_lengths, meta_lengths)
        neg = meta_values < 0
        major[at] = np.where(neg, _NEGINT, _UINT)
        value[at] = np.where(neg, -1 - meta_values, meta_values)
    data, ends = cbor_items(major, value)
    byte_start = np.concatenate(([0], ends))[word_start]
    return data, byte_start.tolist(), (body_per_word + meta_per_word + 1).tolist()
