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
from dataclasses import dataclass
from pathlib import Path

from . import htmltext, metadata, search_chars
from .model import Document, Site
from .render import cn_date
from .text import CJK_RANGES, FULLWIDTH_ALNUM, FULLWIDTH_OFFSET, FULLWIDTH_RANGES, HAN_RANGE
from .text import char_class as _class

PAGEFIND_DIR = "pagefind"

# The facts below are shared with the browser: search_index writes browser_constants() into the
# index's manifest, and assets/search.js reads them there instead of keeping copies.
DOC_NUMBER_QUERY = (rf"^([{_class((HAN_RANGE,), js=True)}]{{1,12}}?)\s*[〔\[［(（【]?\s*((?:19|20)[0-9][0-9])\s*[〕\]］)）】]?"
                    r"\s*第?\s*([0-9]{1,4})\s*号$")
"""A query that is one doc number in any bracket style (same syntax in Python and JavaScript)."""
TITLE_MARK = "qz"
"""Prefix of the marked title words (see title_words)."""
FILTERS = ("年份", "期次", "发文机关", "类别", "主题分类", "部门", "效力")
"""The search page's filter menus, in this order; filter_values gives each document's values."""
NEWEST_FIRST = ("年份", "期次")
"""Filters whose menu lists values newest first (numeric order, descending); others A→Z."""


def filter_values(doc: Document, site: Site) -> list[tuple[str, str]]:
    """A document's (filter, value) pairs: the one place that says what each filter holds."""
    issue = site.issue_by_id[doc.issue_id]
    return [
        ("年份", f"{doc.date.year}年"), ("期次", f"{issue.label}（总第{issue.total_number}期）"),
        ("发文机关", doc.issuer), ("类别", doc.category),
        *metadata.search_filters(doc),  # 主题分类, and 效力 as a timeline judged in the browser
        *(("部门", site.department_by_id[d].name) for d in doc.departments),
    ]


def browser_constants() -> dict:
    """What assets/search.js needs to know from this module, for the manifest."""
    return {"filters": list(FILTERS), "newestFirst": list(NEWEST_FIRST), "titleMark": TITLE_MARK, "docNumber": DOC_NUMBER_QUERY,
            "cjk": _class(CJK_RANGES, js=True), "fullwidth": _class(FULLWIDTH_RANGES, js=True),
            "fullwidthOffset": FULLWIDTH_OFFSET}


_INLINE_TAG = re.compile(r"</?(?:a|strong|em|b|i|u|span|code|mark|sup|sub|small|abbr|q|cite)(?:\s[^>]*)?>")
_FULLWIDTH = FULLWIDTH_ALNUM


def spaced(text: str) -> str:
    """Text as the index sees it: each Chinese character a word of its own, punctuation glued on.

    Punctuation stays attached to the word before it, so Pagefind drops it without leaving a gap
    and a query matches across it ("头水" finds "牵头，水污染"). assets/search.js applies the same
    rule to queries; the two must stay in step. Computed on code points (gazette/search_chars.py;
    tests/search_reference.py keeps the rule as regular expressions, and the tests compare them).
    """
    return search_chars.spaced(text)


def _spaced_html(fragment: str) -> str:
    """Space the text of an HTML fragment, keeping its block tags (and heading ids).

    Inline tags go first: Pagefind joins the text on both sides of an inline tag into one word,
    so "<a>县财政局</a>、<a>县…" would index "局、县" as a single word.
    """
    parts = htmltext.split_text(_INLINE_TAG.sub("", fragment))
    texts = [i for i in range(0, len(parts), 2) if parts[i].strip()]
    # One spaced() over all text runs, separated by NUL (which markdown never leaves in a body):
    # the same result as one call per run, at a fraction of the calls.
    done = spaced(_SEPARATOR.join(html.unescape(parts[i]) for i in texts)).split(_SEPARATOR)
    for i, text in zip(texts, done):
        parts[i] = html.escape(" ".join(text.split()), quote=False)
    return "".join(parts)


_SEPARATOR = "\x00"


_BMP_CJK = _class(CJK_RANGES[:3])
_WORD = re.compile(f"[{_BMP_CJK}]|[^\\W_{_BMP_CJK}]+")


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


@dataclass(frozen=True)
class IndexSource:
    """What the index holds for one document: metadata, filter values, its sort key and its text.

    `main` is the HTML of the page's searchable part: title, doc number, issuer, addressees,
    index number, body and the marked title words, every Chinese character spaced out.
    gazette/pagefind_words.py reads it as Pagefind's indexer would read the shadow page.
    """

    meta: tuple[tuple[str, str], ...]
    filters: tuple[tuple[str, str], ...]
    sort: tuple[tuple[str, str], ...]
    main: str


def _comma(value: str) -> str:
    # Pagefind splits attribute metadata and filters on commas.
    return value.replace(",", "，")


def index_source(doc: Document, site: Site, body: str | None = None) -> IndexSource:
    """The index's view of one document (body: its HTML, read from doc.body_path if not given)."""
    if body is None:
        body = doc.body_path.read_text(encoding="utf-8") if doc.body_path else ""
    meta = (("title", doc.title), ("doc_number", doc.doc_number), ("issue", site.issue_by_id[doc.issue_id].label),
            ("date", cn_date(doc.date)), ("day", doc.date.isoformat()), ("issuer", doc.issuer),
            *metadata.search_meta(doc))
    main = (f'<h1>{html.escape(spaced(doc.title))}</h1>'
            + f'<p>{html.escape(spaced(doc.doc_number))}</p>'
            + f"<p>{html.escape(spaced(doc.issuer))}</p><p>{html.escape(spaced(doc.addressees))}</p>"
            + f"<p>{html.escape(spaced(metadata.search_text(doc)))}</p>"
            + _spaced_html(body)
            + f"<p>{html.escape(title_words(doc.title + ' ' + doc.doc_number))}</p>")
    return IndexSource(tuple((k, _comma(v)) for k, v in meta),
                       tuple((k, _comma(v)) for k, v in filter_values(doc, site)),
                       (("date", doc.date.isoformat()),), main)


def index_page(source: IndexSource) -> str:
    """The shadow page Pagefind's own indexer reads for one document (tests compare its index with ours)."""
    heads = [*(f'<span data-pagefind-meta="{k}:{html.escape(v)}"></span>' for k, v in source.meta),
             *(f'<span data-pagefind-filter="{k}:{html.escape(v)}"></span>' for k, v in source.filters),
             *(f'<span data-pagefind-sort="{k}:{html.escape(v)}"></span>' for k, v in source.sort)]
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>-</title></head><body>'
            + "".join(heads) + '<main data-pagefind-body>' + source.main + "</main></body></html>\n")


def pagefind_binary() -> Path | None:
    """Path of the extended Pagefind binary installed from PyPI (pagefind-bin-extended)."""
    spec = importlib.util.find_spec("pagefind_bin_extended")
    if spec is None or not spec.origin:
        return None
    binary = Path(spec.origin).parent / "pagefind_extended"
    return binary if binary.exists() else None
