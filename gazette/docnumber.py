"""Doc numbers (文号): recognising, normalising and keying them.

A canonical doc number is ``<prefix>〔<year>〕<number>号``, e.g. ``五政办发〔2022〕31号``. A 政府令 (and a
规章 promulgated by one) has no 〔year〕 number: its 发文字号 is the decree's number, canonically
``<机关>令第<N>号`` (``五台县人民政府令第3号``), as gov.cn's 政策文件库 lists it.
Printed text varies: a space before 号, ASCII or full-width brackets, ``第`` before the number,
full-width digits. Everything that reads or compares doc numbers goes through here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import HAN, fold_digits

# Prefix: 2–12 CJK characters ending in a document-kind character (发, 办发, 函, 字, 电…) or one of
# the finance/personnel series letters departments number by (财预, 财农, 政任…).
_PREFIX = HAN + r"{1,12}?(?:发明电|发电|办发|办函|发|函|字|电|规|令|通|呈|报|预|农|建|社|任|复)"
_OPEN = r"[〔\[［(（【]"
_CLOSE = r"[〕\]］)）】]"

#: Finds doc numbers in running text, tolerating the slips print and OCR make.
DOC_NUMBER_RE = re.compile(
    rf"(?P<prefix>{_PREFIX})\s*{_OPEN}\s*(?P<year>(?:19|20)\d\d)\s*{_CLOSE}\s*第?\s*(?P<num>\d{{1,4}})\s*号"
)

# A whole front-matter value is unambiguous, so any issuer's prefix is accepted there (长金管委, 京商生二字 …);
# only in running text must the prefix end like a document kind to be told from the words before it.
_ANY_PREFIX = HAN + r"{1,12}"
_CANONICAL_RE = re.compile(rf"^(?P<prefix>{_ANY_PREFIX})〔(?P<year>(?:19|20)\d\d)〕(?P<num>[1-9]\d{{0,3}})号$")
_WHOLE_RE = re.compile(
    rf"(?P<prefix>{_ANY_PREFIX})\s*{_OPEN}\s*(?P<year>(?:19|20)\d\d)\s*{_CLOSE}\s*第?\s*(?P<num>\d{{1,4}})\s*号"
)

# A decree's number: 五台县人民政府令第3号, printed also 五台县人民政府令 第3号 or 五台县人民政府令（第3号）.
_DECREE_RE = re.compile(rf"(?P<organ>{HAN}{{2,30}}?)令\s*[（(]?\s*第\s*(?P<num>\d{{1,5}})\s*号\s*[）)]?")
_DECREE_CANONICAL_RE = re.compile(rf"^{HAN}{{2,30}}?令第[1-9]\d{{0,4}}号$")


@dataclass(frozen=True, order=True)
class DocNumber:
    """A parsed doc number."""

    prefix: str
    """Issuer prefix, e.g. 五政办发."""
    year: int
    """Year in the brackets."""
    number: int
    """Serial number within the year."""

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.number}号"


#: Prefixes seen in this county's documents and those they cite; used to cut a prefix out of
#: running text, where the regex alone cannot tell "要求和五政办发" from "五政办发".
KNOWN_PREFIXES = frozenset(
    "五政发 五政办发 五政函 五政办函 忻政发 忻政办发 忻政办发电 忻政函 晋政发 晋政办发 晋政函 "
    "国发 国办发 国函 国办函 国办发明电 国令".split()
)
# Characters that end the words before a doc number in prose (conjunctions, verbs of citing).
_LEAD_IN = set("和与及或、，。；：“”‘’《》（）()的按照据依要求在见于对将由经即从并以根")


def trim_prefix(prefix: str) -> str:
    """Cut words of the surrounding sentence off the front of a prefix found in prose."""
    for start in range(len(prefix)):
        if prefix[start:] in KNOWN_PREFIXES:
            return prefix[start:]
    cut = max((i + 1 for i, ch in enumerate(prefix[:-1]) if ch in _LEAD_IN), default=0)
    return prefix[cut:]


def search(text: str) -> re.Match | None:
    """The first doc number in a short text such as a header line, with any issuer prefix."""
    return _WHOLE_RE.search(fold_digits(text))


def parse(text: str) -> DocNumber | None:
    """Parse a doc number written loosely (spaces, other brackets); None if it is not one."""
    cleaned = fold_digits(text).strip()
    m = _WHOLE_RE.fullmatch(cleaned)
    if not m:
        return None
    return DocNumber(m["prefix"], int(m["year"]), int(m["num"]))


def decree(text: str) -> str | None:
    """The canonical spelling of a decree's number written loosely (五台县人民政府令 第3号), or None."""
    m = _DECREE_RE.fullmatch(re.sub(r"\s+", "", fold_digits(text).strip()))
    return f"{m['organ']}令第{int(m['num'])}号" if m and int(m["num"]) else None


def find_decree(text: str) -> tuple[int, int, str] | None:
    """The last decree number in a short text such as a TOC entry, as (start, end, canonical), or None."""
    found = list(_DECREE_RE.finditer(fold_digits(text)))
    if not found or not int(found[-1]["num"]):
        return None
    m = found[-1]
    return m.start(), m.end(), f"{m['organ']}令第{int(m['num'])}号"


def normalise(text: str) -> str | None:
    """Return the canonical spelling of a loosely written doc number (or decree number), or None."""
    parsed = parse(text)
    return str(parsed) if parsed else decree(text)


def is_canonical(text: str) -> bool:
    """True if text is a doc number (or a decree's number) in its canonical spelling."""
    return bool(_CANONICAL_RE.match(text) or _DECREE_CANONICAL_RE.match(text))


_TAIL = rf"{_OPEN}\s*(?:19|20)\d\d\s*{_CLOSE}\s*第?\s*\d{{1,4}}\s*号"
_ANCHOR = re.compile(_TAIL)
"""What follows the prefix of a doc number: a regex that starts at a bracket, quick to search for."""
_LONGEST_PREFIX = 12 + 3
"""Characters of the longest prefix DOC_NUMBER_RE takes: twelve, then a kind such as 发明电."""


def find_all(text: str) -> list[tuple[int, int, DocNumber]]:
    """Every doc number in running text as (start, end, parsed), in order."""
    if "号" not in text:  # most paragraphs cite nothing; skip the regex
        return []
    folded = fold_digits(text)
    found, pos = [], 0
    # DOC_NUMBER_RE.finditer, without trying its prefix at every character: each match ends in a
    # tail (_ANCHOR), and starts at most the prefix and the spaces before the tail's bracket ahead
    # of it (neither holds a bracket), so each search starts just ahead of the next tail.
    while (tail := _ANCHOR.search(folded, pos)) is not None:
        start = tail.start()
        while start > pos and folded[start - 1].isspace():
            start -= 1
        m = DOC_NUMBER_RE.search(folded, max(pos, start - _LONGEST_PREFIX))
        if m is None:
            break
        prefix = trim_prefix(m["prefix"])
        found.append((m.start() + len(m["prefix"]) - len(prefix), m.end(), DocNumber(prefix, int(m["year"]), int(m["num"]))))
        pos = m.end()
    return found
