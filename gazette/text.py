"""The vocabulary of Chinese text shared by the build, the search index and the importer.

One place for each fact: which characters are CJK ideographs, how full-width letters and digits
fold to ASCII, where a sentence ends. The search page's script receives the same facts from
here (gazette/search.py writes them into the page), never a copy typed by hand.
"""

from __future__ import annotations

import re

HAN_RANGE = (0x4E00, 0x9FFF)
"""CJK Unified Ideographs: the common ideographs names, doc-number prefixes and headings are made of."""
CJK_RANGES = ((0x3400, 0x4DBF), HAN_RANGE, (0xF900, 0xFAFF), (0x20000, 0x2FFFF))
"""Code point ranges of the ideographs search treats as one word each: Extension A, Unified
Ideographs, Compatibility Ideographs, Extensions B–F."""

FULLWIDTH_RANGES = ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
"""Full-width digits and Latin letters, folded to ASCII (code point - FULLWIDTH_OFFSET)."""
FULLWIDTH_OFFSET = 0xFEE0


def char_class(ranges: tuple[tuple[int, int], ...], js: bool = False) -> str:
    """The inside of a regular-expression character class for the ranges (JavaScript: \\u{…} escapes)."""
    def char(c: int) -> str:
        return (f"\\u{{{c:x}}}" if c > 0xFFFF else f"\\u{c:04x}") if js else chr(c)
    return "".join(f"{char(lo)}-{char(hi)}" for lo, hi in ranges)


CJK_CLASS = char_class(CJK_RANGES)
"""The ranges as the inside of a regular-expression character class."""

HAN_CLASS = char_class((HAN_RANGE,))
"""HAN_RANGE as the inside of a character class (to combine with other characters)."""
HAN = f"[{HAN_CLASS}]"
"""One common ideograph (Unified Ideographs only): what names, doc-number prefixes and headings are made of."""

CJK_RE = re.compile(f"[{CJK_CLASS}]")

FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
"""Full-width digits → ASCII digits (printed doc numbers and dates use both)."""

FULLWIDTH_ALNUM = {c: c - FULLWIDTH_OFFSET for lo, hi in FULLWIDTH_RANGES for c in range(lo, hi + 1)}
"""Full-width digits and Latin letters → ASCII (str.translate table)."""

SENTENCE_END = "。；;！!？?"
"""Characters that end a sentence or a clause standing as one."""

SENTENCE_RE = re.compile(f"[^{SENTENCE_END}\\n]+")
"""A sentence: a run without sentence ends or line breaks."""


_FULLWIDTH_DIGIT_RE = re.compile(f"[{char_class(FULLWIDTH_RANGES[:1])}]")
_FULLWIDTH_ALNUM_RE = re.compile(f"[{char_class(FULLWIDTH_RANGES)}]")


# str.translate looks up every character of a CJK text in the table (~5 µs per 100 characters);
# a search for the characters it would change is ~20 times faster, and most texts hold none.
def fold_digits(text: str) -> str:
    """Full-width digits as ASCII."""
    return text.translate(FULLWIDTH_DIGITS) if _FULLWIDTH_DIGIT_RE.search(text) else text


def fold_alnum(text: str) -> str:
    """Full-width digits and Latin letters as ASCII."""
    return text.translate(FULLWIDTH_ALNUM) if _FULLWIDTH_ALNUM_RE.search(text) else text


def is_cjk(char: str) -> bool:
    """Whether one character is a CJK ideograph."""
    return bool(CJK_RE.match(char))
