"""Which shards can hold a query: hashed words and word pairs, so that absent words cost nothing.

A shard's presence map of characters (the manifest's `chars`) cannot tell that no document has
河长制 when every shard has 河, 长 and 制; so each document also lists the hashes of its "plain"
words (Chinese characters and numbers, whose index form is the word itself: no stemming, no case)
and of every two plain words at consecutive positions. Pagefind finds a quoted phrase only where
its words stand at consecutive positions, so a shard lacking one of a phrase's pairs cannot hold
the phrase and is not loaded (assets/search.js).

All shards' keys go into one table, split by the key's top byte into PRESENCE_BUCKETS files:
a query loads only the few files its keys fall in. A file holds its keys (sorted) and for each
the bit mask of the shards that have it (bit i: the manifest's i-th shard, newest first).
The hash functions are written the same way in assets/search.js (presenceKeys); the tests
compare the two.
"""

from __future__ import annotations

import re

import numpy as np

from .search_chars import distinct
from .text import CJK_RANGES
from .text import char_class as _class

PRESENCE_DIR = "presence"
PRESENCE_BUCKETS = 256
PLAIN_RANGES = ((0x30, 0x39), *(r for r in CJK_RANGES if r != (0xF900, 0xFAFF)))
"""Characters of a plain word: ASCII digits and the ideographs that stay themselves in the index
(compatibility ideographs are decomposed by NFD, so none of them is ever an index word)."""
_PLAIN = re.compile(f"[{_class(PLAIN_RANGES)}]+")
_FNV_OFFSET, _FNV_PRIME, _GOLDEN = 0x811C9DC5, 0x01000193, 0x9E3779B1
_M32 = 0xFFFFFFFF


def browser_constants() -> dict:
    """What assets/search.js needs to compute the same keys (written into the manifest)."""
    return {"dir": PRESENCE_DIR, "buckets": PRESENCE_BUCKETS, "plain": _class(PLAIN_RANGES, js=True)}


def is_plain(word: str) -> bool:
    return _PLAIN.fullmatch(word) is not None


def word_hash(word: str) -> int:
    """FNV-1a (32 bits) over the word's code points."""
    h = _FNV_OFFSET
    for c in word:
        h = ((h ^ ord(c)) * _FNV_PRIME) & _M32
    return h


def _fmix(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's finaliser on uint32 (wrapping multiplication, as Math.imul)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def keys(hashes: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """A page's presence keys (sorted, distinct uint32): every plain word, and every pair of plain
    words at consecutive positions. hashes/positions: one row per plain word at a position."""
    hashes = np.asarray(hashes, np.uint32)
    positions = np.asarray(positions, np.int64)
    order = np.argsort(positions, kind="stable")
    hashes, positions = hashes[order], positions[order]
    # The rows at the next position: positions are sorted, so they are the next group of equal
    # positions if that group's position is one more.
    n = len(positions)
    new = np.ones(n, bool)
    new[1:] = positions[1:] != positions[:-1]
    group_start = np.flatnonzero(new)
    group = np.cumsum(new) - 1
    next_start = np.append(group_start[1:], n)
    follows = np.append(positions[group_start[1:]] == positions[group_start[:-1]] + 1, False)
    next_count = np.where(follows, np.append(next_start[1:], n) - next_start, 0)
    start, count = next_start[group], next_count[group]
    total = int(count.sum())
    first = np.repeat(np.arange(len(hashes)), count)
    second = np.repeat(start, count) + np.arange(total) - np.repeat(np.cumsum(count) - count, count)
    with np.errstate(over="ignore"):
        pairs = _fmix((hashes[first] * np.uint32(_GOLDEN)) ^ hashes[second])
        single = _fmix(hashes)
    return distinct(np.concatenate((single, pairs)))


def tables(shard_keys: list[np.ndarray]) -> dict[str, bytes]:
    """The presence files of the shards (in manifest order): {bucket name: content}.

    A file: the number of keys (uint32), the keys (uint32, ascending), then each key's shard mask
    (ceil(shards / 8) bytes, bit i of byte i // 8 for shard i); little-endian throughout."""
    width = max(1, -(-len(shard_keys) // 8))
    every = distinct(np.concatenate([np.asarray(k, np.uint32) for k in shard_keys] or [np.zeros(0, np.uint32)]))
    masks = np.zeros((len(every), width), np.uint8)
    for i, found in enumerate(shard_keys):
        at = np.searchsorted(every, np.asarray(found, np.uint32))
        masks[at, i // 8] |= np.uint8(1 << (i % 8))
    bucket = (every >> np.uint32(24)).astype(np.int64)
    bounds = np.searchsorted(bucket, np.arange(PRESENCE_BUCKETS + 1))
    files = {}
    for b in range(PRESENCE_BUCKETS):
        lo, hi = bounds[b], bounds[b + 1]
        files[f"{b:02x}"] = (np.uint32(hi - lo).astype("<u4").tobytes() + every[lo:hi].astype("<u4").tobytes()
                             + masks[lo:hi].tobytes())
    return files
