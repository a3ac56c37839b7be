"""Search text as arrays of code points: the character classes the index's rules depend on.

The search step reads about 4,000 words per document; doing that a character or a word at a time
in Python cost more than everything else in the index. Here a text becomes a numpy array of its
code points, classified through a table (whitespace as str.isspace / Rust's regex see it, Chinese
ideographs, other word characters as Python's \\w, the rest), so that the spacing of Chinese
text (gazette/search.py:spaced) and the splitting of a page into words
(gazette/pagefind_words.py:record) are a few array operations per document.
"""

from __future__ import annotations

import numpy as np

from .text import CJK_RANGES, FULLWIDTH_OFFSET, FULLWIDTH_RANGES

SPACE, CJK, WORD, OTHER = 0, 1, 2, 3
"""Character classes: whitespace, a Chinese ideograph (one word each), another word character, the rest."""

_BMP = 0x10000


def _char_class(c: int) -> int:
    char = chr(c)
    if char.isspace():
        return SPACE
    if not (char.isalnum() or char == "_"):
        return OTHER  # (an unassigned code point inside a CJK range too: Python's \w says no)
    return CJK if any(lo <= c <= hi for lo, hi in CJK_RANGES) else WORD


_UNKNOWN = 255
_table = np.full(_BMP, _UNKNOWN, np.uint8)
"""_char_class of the code points below 0x10000 seen so far in this process (filled as they come:
a whole table cost 0.05–0.1 s in every process that builds the index; a page brings a few hundred
distinct characters, an archive a few thousand)."""
_ASTRAL: dict[int, int] = {}


def classes(cp: np.ndarray) -> np.ndarray:
    """The class of each code point (SPACE, CJK, WORD or OTHER)."""
    out = _table[np.minimum(cp, _BMP - 1)]
    unknown = out == _UNKNOWN
    if unknown.any():
        for c in distinct(cp[unknown & (cp < _BMP)]).tolist():
            _table[c] = _char_class(c)
        out = _table[np.minimum(cp, _BMP - 1)]
    astral = np.flatnonzero(cp >= _BMP)
    if astral.size:
        for i in astral.tolist():
            c = int(cp[i])
            found = _ASTRAL.get(c)
            if found is None:
                found = _ASTRAL[c] = _char_class(c)
            out[i] = found
    return out


def in_cjk_ranges(cp: np.ndarray) -> np.ndarray:
    """Whether each code point lies in text.CJK_RANGES (assigned or not)."""
    found = np.zeros(cp.shape, bool)
    for lo, hi in CJK_RANGES:
        found |= (cp >= lo) & (cp <= hi)
    return found


def codepoints(text: str) -> np.ndarray:
    """A string's code points (uint32)."""
    return np.frombuffer(text.encode("utf-32-le"), np.uint32)


def from_codepoints(cp: np.ndarray) -> str:
    return cp.astype(np.uint32, copy=False).tobytes().decode("utf-32-le")


def fold(cp: np.ndarray) -> np.ndarray:
    """Full-width digits and Latin letters as ASCII (text.FULLWIDTH_ALNUM, on code points)."""
    out = cp
    for lo, hi in FULLWIDTH_RANGES:
        inside = (cp >= lo) & (cp <= hi)
        if inside.any():
            if out is cp:
                out = cp.copy()
            out[inside] -= FULLWIDTH_OFFSET
    return out


def spaced(text: str) -> str:
    """search.spaced for long texts, on code points (the same result; tests compare the two).

    A space goes before every non-space character except the first, punctuation (glued to the
    word before it), and a word character that directly follows another non-Chinese word
    character; all other whitespace goes.
    """
    cp = fold(codepoints(text))
    if not cp.size:
        return ""
    cls = classes(cp)
    keep = cls != SPACE
    breaks = cls != OTHER
    glued = (cls[1:] == WORD) & (cls[:-1] == WORD)
    breaks[1:] &= ~glued
    kept, breaks = cp[keep], breaks[keep]
    if not kept.size:
        return ""
    breaks[0] = False
    out = np.full(kept.size + int(np.count_nonzero(breaks)), 0x20, np.uint32)
    out[np.arange(kept.size) + np.cumsum(breaks)] = kept
    return from_codepoints(out)


def distinct(values: np.ndarray) -> np.ndarray:
    """np.unique(values) by sorting (np.unique's hashing was twenty times slower on these arrays)."""
    values = np.sort(values)
    if values.size < 2:
        return values
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def distinct_inverse(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(values, return_inverse=True) by sorting."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    new = np.ones(len(values), bool)
    if len(values) > 1:
        new[1:] = ordered[1:] != ordered[:-1]
    inverse = np.empty(len(values), np.int64)
    inverse[order] = np.cumsum(new) - 1
    return ordered[new], inverse
