"""Page furniture (running heads, page numbers) found by repetition in the page margins, not by fixed patterns.

A line is furniture when, with its digits masked, the same text stands among the first or last lines of
many pages: `五台县人民政府公报　2022年第3期`, `—12—`, `- 12 -`, `第12页`, `县政府办文件` alike.
"""

from __future__ import annotations

import re
from collections import Counter

from .. import docnumber
from .model import Line

_EDGE = 2  # lines looked at at the top and at the bottom of each page
_KEY_RE = re.compile(r"\d+")
_WS_RE = re.compile(r"\s+")


def key(text: str) -> str:
    """The repeating form of a line: digits masked, whitespace removed."""
    return _KEY_RE.sub("#", _WS_RE.sub("", text))


def _content_key(k: str) -> bool:
    """True for the masked form of a doc number (XX发〔#〕#号) or a date (#年#月#日)."""
    return bool(docnumber.search(k.replace("#", "2001")) or re.search(r"#年#月#日", k))


def split_pages(pages: list[list[tuple[int, str]]]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Split (lineno, text) lines of each page into (kept, furniture)."""
    counts: Counter[str] = Counter()
    for page in pages:
        edge = {key(t) for _, t in page[:_EDGE] + page[-_EDGE:]}
        counts.update(edge)
    need = max(2, int(len(pages) * 0.3 + 0.5))
    repeated = {k for k, n in counts.items() if n >= need and len(k) <= 60}
    # A 文号 or a date at the top or foot of several pages belongs to the documents that start or end
    # there (its digits differ); a running head or a page number is never one.
    repeated = {k for k in repeated if not _content_key(k)}
    from .source import is_furniture

    kept, removed = [], []
    for page in pages:
        edges = {i for i in range(len(page)) if i < _EDGE or i >= len(page) - _EDGE}
        for i, (lineno, text) in enumerate(page):
            gone = i in edges and (key(text) in repeated or (i in (0, len(page) - 1) and is_furniture(text.strip())))
            (removed if gone else kept).append((lineno, text))
    return kept, removed


# A web page's own lines, copied with a document's text: its publishing line (发布时间：… 来源：… 浏览次数：…)
# and buttons (【字体：大 中 小】, 【打印本页】, 【关闭窗口】). A line is one only when nothing else is on it.
_CHROME_TOKEN_RE = re.compile(
    r"[【\[]?\s*字\s*[体号]\s*[：:]\s*(?:[大中小]\s*){2,3}[】\]]?"
    r"|[【\[]\s*(?:打印本页|打印|关闭窗口|关闭|收藏|返回顶部|分享|纠错|保存)\s*[】\]]|打印本页|关闭窗口|返回顶部"
    r"|(?:发布时间|发布日期|信息来源|来源|浏览次数|访问次数|点击数|阅读次数|责任编辑)\s*[：:]\s*"
    r"[^\s【|｜]+(?:\s\d{1,2}:\d{2}(?::\d{2})?)?")
_CHROME_MARK_RE = re.compile(r"字\s*[体号]|[【\[]\s*(?:打印|关闭)|打印本页|关闭窗口|发布时间|发布日期|浏览次数")


def is_web_chrome(text: str) -> bool:
    """True for a line of a web page's publishing information or buttons, and nothing else."""
    return bool(_CHROME_MARK_RE.search(text)) and not re.sub(r"[\s|｜·]", "", _CHROME_TOKEN_RE.sub("", text))


def split_chrome(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """(lines kept, web page lines removed): a web page's lines are furniture, reported with it."""
    chrome = [x for x in lines if is_web_chrome(x.text)]
    return ([x for x in lines if not is_web_chrome(x.text)], chrome) if chrome else (lines, [])
