"""Search: a Pagefind index that matches Chinese exactly, loadable from a web server and file://.

Pagefind segments Chinese one way when indexing and another in the browser, so words it should
find go missing (Pagefind #1237). We index a shadow copy of each document in which every Chinese
character stands alone ("水 污 染"), and the browser searches a query as a phrase of single
characters; a phrase of characters matches exactly where the text contains the query.

Pagefind's browser code is an ES module that fetches its data, which Chromium blocks on file://
(Pagefind #202, #241). The build therefore rewrites it as a classic script and wraps every data
file in a small script (pagefind/x.pf_index → pagefind/x.pf_index.js) that the page loads with a
<script> tag; the same files serve both the website and the USB copy, so both give the same results.
"""

from __future__ import annotations

import html
import importlib.util
import re
from pathlib import Path

from . import htmltext, metadata
from .model import Document, Site
from .render import cn_date

PAGEFIND_DIR = "pagefind"
_CJK = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff])")
_INLINE_TAG = re.compile(r"</?(?:a|strong|em|b|i|u|span|code|mark|sup|sub|small|abbr|q|cite)(?:\s[^>]*)?>")


_SPACE_BEFORE_PUNCT = re.compile(r"\s+([^\w\s])")
_PUNCT_BEFORE_WORD = re.compile(r"([^\w\s])(?=\w)")
_SPACES = re.compile(r"\s+")
_FULLWIDTH = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}


def spaced(text: str) -> str:
    """Text as the index sees it: each Chinese character a word of its own, punctuation glued on.

    Punctuation stays attached to the word before it, so Pagefind drops it without leaving a gap
    and a query matches across it ("头水" finds "牵头，水污染"). assets/search.js applies the same
    rule to queries; the two must stay in step.
    """
    # (Joining the pieces of a split is twice as fast as sub() with a template, same result.)
    text = " ".join(piece for piece in _CJK.split(text.translate(_FULLWIDTH)) if piece)
    text = _SPACE_BEFORE_PUNCT.sub(lambda m: m[1], text)
    text = _PUNCT_BEFORE_WORD.sub(lambda m: m[1] + " ", text)
    return _SPACES.sub(" ", text).strip()


def _spaced_html(fragment: str) -> str:
    """Space the text of an HTML fragment, keeping its block tags (and heading ids).

    Inline tags go first: Pagefind joins the text on both sides of an inline tag into one word,
    so "<a>县财政局</a>、<a>县…" would index "局、县" as a single word.
    """
    return htmltext.rewrite_text(
        _INLINE_TAG.sub("", fragment),
        lambda text: html.escape(spaced(html.unescape(text)), quote=False) if text.strip() else text)


def _meta(key: str, value: str) -> str:
    # Pagefind splits attribute metadata on commas.
    value = value.replace(",", "，")
    return f'<span data-pagefind-meta="{key}:{html.escape(value)}"></span>'


def _filter(key: str, value: str) -> str:
    return f'<span data-pagefind-filter="{key}:{html.escape(value.replace(",", "，"))}"></span>'


TITLE_MARK = "qz"
_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def title_words(text: str) -> str:
    """Title and doc number again, each word marked, so a search can tell a title match.

    With quoted phrases Pagefind scores every hit alike; search.js searches the marked form of a
    query as well as the query and puts documents whose title or 文号 has it first. A word is
    written as its code points in digits (水 → qz27700), so Pagefind reads each as one plain ASCII
    word on both sides (it splits "qz水" differently in the index and in the browser). The marked
    words sit at the end of the page, away from the excerpts.
    """
    return " ".join(title_word(w) for w in _WORD.findall(text.translate(_FULLWIDTH)))


def title_word(word: str) -> str:
    """One word in the title field's spelling (search.js titleWord must agree)."""
    return TITLE_MARK + "x".join(str(ord(ch)) for ch in word.lower())


def index_page(doc: Document, site: Site) -> str:
    """The shadow page Pagefind indexes for one document."""
    issue = site.issue_by_id[doc.issue_id]
    body = doc.body_path.read_text(encoding="utf-8") if doc.body_path else ""
    heads = [
        _meta("title", doc.title), _meta("doc_number", doc.doc_number), _meta("issue", issue.label),
        _meta("date", cn_date(doc.date)), _meta("day", doc.date.isoformat()), _meta("issuer", doc.issuer),
        _filter("年份", f"{doc.date.year}年"), _filter("期次", f"{issue.label}（总第{issue.total_number}期）"),
        _filter("发文机关", doc.issuer), _filter("类别", doc.category),
        *(_filter(k, v) for k, v in metadata.search_filters(doc)), *(_meta(k, v) for k, v in metadata.search_meta(doc)),
        *(_filter("部门", site.department_by_id[d].name) for d in doc.departments),
        f'<span data-pagefind-sort="date:{doc.date.isoformat()}"></span>',
    ]
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>-</title></head><body>'
        + "".join(heads)
        + '<main data-pagefind-body>'
        + f'<h1 data-pagefind-weight="10">{html.escape(spaced(doc.title))}</h1>'
        + f'<p data-pagefind-weight="10">{html.escape(spaced(doc.doc_number))}</p>'
        + f"<p>{html.escape(spaced(doc.issuer + ' ' + doc.addressees + ' ' + metadata.search_text(doc)))}</p>"
        + _spaced_html(body)
        + f"<p>{html.escape(title_words(doc.title + ' ' + doc.doc_number))}</p>"
        + "</main></body></html>\n"
    )


def pagefind_binary() -> Path | None:
    """Path of the extended Pagefind binary installed from PyPI (pagefind-bin-extended)."""
    spec = importlib.util.find_spec("pagefind_bin_extended")
    if spec is None or not spec.origin:
        return None
    binary = Path(spec.origin).parent / "pagefind_extended"
    return binary if binary.exists() else None
