"""Reading the source text and removing page furniture (页眉、页码、刊头重复)."""

from __future__ import annotations

import re
from collections import Counter

from . import furniture as furniture_mod
from .model import Line

# Page numbers as pdftotext prints them: "- 3 -", "— 3 —", "第 3 页", or a bare number.
_PAGE_RE = re.compile(r"^[-－—–·•]?\s*(?:第\s*)?\d{1,3}\s*(?:页)?\s*[-－—–·•]?$")
_PAGE_OF_RE = re.compile(r"^第\s*\d{1,3}\s*页\s*[，,/]?\s*共\s*\d{1,3}\s*页$")
_BARE_RE = re.compile(r"^\d{1,3}$")
_PINYIN_RE = re.compile(r"^[A-Z]+(?:\s+[A-Z]+){2,}$")
_MASTHEAD_RE = re.compile(r"^.{2,12}政府公报$")
_ISSUE_RE = re.compile(r"^\d{4}\s*年\s*第\s*\d{1,2}\s*期$")
_SECTION_RE = re.compile(r"^[【\[]\s*(.+?)\s*[】\]]$")
_TOTAL_RE = re.compile(r"^[(（]\s*总\s*第\s*\d+\s*期\s*[)）]$")


def is_furniture(text: str) -> bool:
    """True if a stripped line is page furniture: page number, masthead, pinyin line, issue line."""
    return bool(
        _PAGE_RE.match(text) or _PAGE_OF_RE.match(text) or _PINYIN_RE.match(text) or _MASTHEAD_RE.match(text)
        or _ISSUE_RE.match(text) or _TOTAL_RE.match(text)
    )


def _page_end(raws: list[str], i: int) -> bool:
    """True if raw line i is the last text before a form feed or the end of the source."""
    if "\f" in raws[i]:
        return True
    for raw in raws[i + 1:]:
        if raw.strip(" \t\u3000"):
            return raw.lstrip(" \t\u3000").startswith("\f")
    return True


def read_lines(text: str, single: bool = False) -> tuple[list[Line], list[Line]]:
    """Split source text into non-blank lines; return (content lines, furniture lines).

    Furniture is what repeats at the top or bottom of pages (pages end at form feeds), plus page
    numbers. Without form feeds, a line repeated three times or more that holds the masthead of the
    cover (e.g. a running head 五台县人民政府公报 2022年第3期) is furniture too.
    In a single document (single=True) a bare number is a page number only at a page end, since
    the cells of a table extracted one per line are often bare numbers too.
    """
    content: list[Line] = []
    furniture: list[Line] = []
    raws = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    pages: list[list[tuple[int, str]]] = [[]]
    for lineno, raw in enumerate(raws, start=1):
        if raw.lstrip(" \t\u3000").startswith("\f") and pages[-1]:
            pages.append([])
        stripped = raw.replace("\f", " ").replace("\u3000", " ").strip()
        if stripped:
            pages[-1].append((lineno, stripped))
        if "\f" in raw.rstrip() and not raw.lstrip(" \t\u3000").startswith("\f"):
            pages.append([])
    pages = [p for p in pages if p]
    repeated: set[int] = set()
    if len(pages) > 1:
        repeated = {lineno for lineno, _ in furniture_mod.split_pages(pages)[1]}
    else:
        repeated = _repeated_mastheads(pages[0] if pages else [])
    # Form feeds mark page breaks; they may sit at the start of a line with text after them.
    for lineno, raw in enumerate(raws, start=1):
        stripped = raw.replace("\f", " ").replace("\u3000", " ").strip()
        if not stripped:
            continue
        line = Line(lineno, stripped)
        page = is_furniture(stripped)
        if single and page and _BARE_RE.match(stripped):
            page = _page_end(raws, lineno - 1)
        (furniture if page or lineno in repeated else content).append(line)
    return content, furniture


def _repeated_mastheads(lines: list[tuple[int, str]]) -> set[int]:
    """Lines repeated three times or more that hold the cover's masthead (…公报), without page breaks."""
    key = furniture_mod.key
    head = next((key(t) for _, t in lines[:5] if _MASTHEAD_RE.match(key(t))), "")
    # A running head may also be the name of a TOC section (【县政府办文件】 printed as 县政府办文件).
    sections = {key(m[1]) for _, t in lines if (m := _SECTION_RE.match(t))}
    counts = Counter(key(t) for _, t in lines)
    return {n for n, t in lines if counts[key(t)] >= 3 and (
        (head and head in key(t) and len(key(t)) <= len(head) + 20) or key(t) in sections)}
