"""How the search index spells text: every word is a pair of neighbouring characters, in digits.

Pagefind matches whole words. Chinese has no spaces, and Pagefind segments it one way when
indexing and another in the browser (Pagefind #1237), so we choose the words ourselves:

- A text is cut into tokens: each Chinese character, each run of Latin letters or digits.
  Punctuation and spaces are not tokens, so a query matches across them ("头水" finds "牵头，水").
- Token i is indexed as the pair (token i, token i+1), written as code points in digits:
  水污染 → k27700x27745 k27745x26579 k26579x…  A query of n tokens is the phrase of its n−1 pairs,
  which matches exactly where the text holds those tokens in a row; a one-token query is the
  prefix "k27700x". Pairs are far rarer than single characters, so Pagefind reads short posting
  lists even in a 10,000-document archive.
- Digits and a letter make each word one plain ASCII word that no segmenter or stemmer changes.
- Punctuation stays glued to the word before it: Pagefind ignores it when matching and keeps it
  in the excerpts, which assets/search.js turns back into text (the first token of each word).

assets/search.js builds queries by the same rules; the two must stay in step.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

BODY = "k"
"""Prefix of words from the document's text."""
TITLE = "t"
"""Prefix of words from the title field (title and 文号 again), used to rank title matches first."""

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_TOKEN = re.compile(rf"(?P<tok>[{_CJK}]|[^\W_{_CJK}]+)|(?P<punct>[^\w\s]|_)|(?P<space>\s+)")
_FULLWIDTH = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_TAG = re.compile(r"(<[^>]+>)")
_INLINE_TAG = re.compile(r"</?(?:a|strong|em|b|i|u|span|code|mark|sup|sub|small|abbr|q|cite)(?:\s[^>]*)?>")


@dataclass
class Token:
    """One token and the punctuation around it, as it will be shown in excerpts."""

    text: str
    lead: str = ""
    trail: str = ""


def tokens(text: str) -> list[Token]:
    """The tokens of a text, punctuation attached to the token before (or, at the start, after)."""
    found: list[Token] = []
    lead = ""
    for m in _TOKEN.finditer(text.translate(_FULLWIDTH)):
        if m["tok"]:
            found.append(Token(m["tok"].lower(), lead))
            lead = ""
        elif m["punct"]:
            if found:
                found[-1].trail += m["punct"]
            else:
                lead += m["punct"]
    return found


def code(token: str) -> str:
    """A token in digits: its code points joined by y."""
    return "y".join(str(ord(ch)) for ch in token)


def words(toks: list[Token], prefix: str) -> list[str]:
    """The index words of a run of tokens: each token paired with the next."""
    out = []
    for i, tok in enumerate(toks):
        after = code(toks[i + 1].text) if i + 1 < len(toks) else ""
        out.append(f"{tok.lead}{prefix}{code(tok.text)}x{after}{tok.trail}")
    return out


def title_field(text: str) -> str:
    """The title field: title and 文号 as TITLE words."""
    return " ".join(words(tokens(text), TITLE))


def index_html(fragments: list[str]) -> str:
    """HTML fragments (title, 文号, body …) with their text in index words, tags kept.

    Pairs run on across paragraphs and headings, as the text does. Inline tags are dropped first:
    Pagefind joins the text on both sides of an inline tag into one word.
    """
    parts = _TAG.split(_INLINE_TAG.sub("", "".join(fragments)))
    per_part = {i: tokens(html.unescape(parts[i])) for i in range(0, len(parts), 2)}
    flat = [tok for i in sorted(per_part) for tok in per_part[i]]
    spelled = iter(words(flat, BODY))
    for i, toks in per_part.items():
        if toks:
            parts[i] = " " + html.escape(" ".join(next(spelled) for _ in toks), quote=False) + " "
        elif parts[i].strip():
            parts[i] = " "  # punctuation alone: kept by no token, shown by none
    return "".join(parts)
