"""What a search must return, computed from the content: the definition tests hold search to.

A query matches a document when, for every space-separated term, the term's words occur in the
document's text in a row. Words are single Chinese characters and runs of Latin letters or
digits; punctuation and spacing are ignored. So 水污染 matches 水污染防治 and 水，污染, and 31号
matches 第31号 but not 131号. A doc number typed in any bracket style is one term.
"""

from __future__ import annotations

import re
from pathlib import Path

_FULLWIDTH = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_DOC_NUMBER = re.compile(r"^([\u4e00-\u9fff]{1,12}?)\s*[〔\[［(（【]?\s*((?:19|20)\d\d)\s*[〕\]］)）】]?\s*第?\s*(\d{1,4})\s*号$")


def words(text: str) -> list[str]:
    """The words of a text as the index sees them."""
    return [w.lower() for w in _WORD.findall(text.translate(_FULLWIDTH))]


def terms(query: str) -> list[list[str]]:
    """The terms of a query, each as its list of words."""
    q = re.sub(r"\s+", " ", query.translate(_FULLWIDTH).strip())
    m = _DOC_NUMBER.match(q)
    if m:
        return [words(f"{m[1]}{m[2]} {m[3]}号")]
    return [w for w in (words(t) for t in q.split(" ")) if w]


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    first = needle[0]
    return any(haystack[i] == first and haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def document_text(md_path: Path) -> str:
    """The searchable text of a document file: title, doc number, issuer, addressees and body."""
    text = md_path.read_text(encoding="utf-8")
    _, header, body = text.split("---", 2)
    keep = [line.split(":", 1)[1] for line in header.splitlines()
            if line.split(":", 1)[0] in ("title", "doc_number", "issuer", "addressees")]
    body = re.sub(r"^#+\s|\\", "", body, flags=re.M)
    return "\n".join(keep) + "\n" + body


def matching(documents: dict[str, str], query: str) -> set[str]:
    """Keys of the documents (key → searchable text) that the query must find."""
    wanted = terms(query)
    found = set()
    for key, text in documents.items():
        haystack = words(text)
        if wanted and all(_contains(haystack, t) for t in wanted):
            found.add(key)
    return found
