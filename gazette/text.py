"""The vocabulary of Chinese text shared by the build, the search index and the importer.

One place for each fact: which characters are CJK ideographs, how full-width letters and digits
fold to ASCII, where a sentence ends. The search page's script receives the same facts from
here (gazette/search.py writes them into the page), never a copy typed by hand.
"""

from __future__ import annotations

import re

CJK_RANGES = (
    ("\u3400", "\u4dbf"),  # Extension A
    ("\u4e00", "\u9fff"),  # Unified Ideographs
    ("\uf900", "\ufaff"),  # Compatibility Ideographs
    ("\U00020000", "\U0002ffff"),  # Extensions B–F (supplementary plane)
)
"""Code point ranges of the ideographs search treats as one word each."""

CJK_CLASS = "".join(f"{lo}-{hi}" for lo, hi in CJK_RANGES)
"""The ranges as the inside of a regular-expression character class."""

HAN = "[\u4e00-\u9fff]"
"""One common ideograph (Unified Ideographs only): what names, doc-number prefixes and headings are made of."""

CJK_RE = re.compile(f"[{CJK_CLASS}]")

FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
"""Full-width digits → ASCII digits (printed doc numbers and dates use both)."""

FULLWIDTH_ALNUM = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
"""Full-width digits and Latin letters → ASCII (str.translate table)."""

SENTENCE_END = "。；;！!？?"
"""Characters that end a sentence or a clause standing as one."""

SENTENCE_RE = re.compile(f"[^{SENTENCE_END}\\n]+")
"""A sentence: a run without sentence ends or line breaks."""


def fold_digits(text: str) -> str:
    """Full-width digits as ASCII."""
    return text.translate(FULLWIDTH_DIGITS)


def fold_alnum(text: str) -> str:
    """Full-width digits and Latin letters as ASCII."""
    return text.translate(FULLWIDTH_ALNUM)


def is_cjk(char: str) -> bool:
    """Whether one character is a CJK ideograph."""
    return bool(CJK_RE.match(char))
