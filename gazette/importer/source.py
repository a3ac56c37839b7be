"""Reading the source text and removing page furniture (页眉、页码、刊头重复)."""

from __future__ import annotations

import re
from collections import Counter

from ..text import HAN, HAN_CLASS
from . import furniture as furniture_mod
from .closing import organs_of
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
        flat = raw.replace("\f", " ").replace("\u3000", " ")
        line = Line(lineno, stripped, indent=len(flat) - len(flat.lstrip()))
        page = is_furniture(stripped)
        if single and page and _BARE_RE.match(stripped):
            page = _page_end(raws, lineno - 1)
        (furniture if page or lineno in repeated else content).append(line)
    marks, chars = _vertical_marks(content)
    if marks:
        furniture += [x for x in content if x.lineno in marks]
        content = [x for x in content if x.lineno not in marks]
        for k, x in enumerate(content):
            if m := _trailing_mark(x.text, chars):
                content[k] = Line(x.lineno, x.text[:m.start()].rstrip())
                furniture.append(Line(x.lineno, m[0].strip()))
        furniture.sort(key=lambda x: x.lineno)
    return content, furniture


def _trailing_mark(text: str, chars: str) -> re.Match | None:
    """Characters of a seal or watermark pdftotext put at the end of a line, after a space (…名录 人民政府办公):
    a piece of the mark's text (read either way), unless the line is a 落款 of names."""
    m = re.search(rf"(?:\s+[{HAN_CLASS}★☆]{{1,12}})+$", text)
    if not m or m.start() == 0:
        return None
    piece = re.sub(r"[\s★☆]", "", m[0])
    if organs_of(text):
        return None  # a 落款 line of joint issuers, whose names may be the mark's
    return m if not piece or piece in chars or piece in chars[::-1] else None


_MARK_CHAR_RE = re.compile(rf"^(?:{HAN}{{1,3}}|[★☆])$")


def _vertical_marks(lines: list[Line]) -> tuple[set[int], str]:
    """Lines of a seal or a watermark as plain pdftotext gives them: a run of four lines or more of one
    character each (the ring of a seal, a slanted watermark, read character by character) whose text,
    read either way, is printed elsewhere in the source (the issuer's name); and short lines of those
    characters next to another such line. Their line numbers (reported with the page furniture) and the
    characters of the runs, as read."""
    text = "".join(x.text for x in lines)
    marks: set[int] = set()
    chars = ""
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and len(lines[j].text) == 1 and _MARK_CHAR_RE.match(lines[j].text):
            j += 1
        run = "".join(x.text for x in lines[i:j])
        word = run.strip("★☆")
        if j - i >= 4 and len(word) >= 3 and (text.count(word) > 1 or text.count(word[::-1]) > 0):
            marks.update(x.lineno for x in lines[i:j])
            chars += run
        i = max(j, i + 1)
    if not chars:
        return set(), ""
    short = [k for k, x in enumerate(lines) if x.lineno not in marks and _MARK_CHAR_RE.match(x.text)
             and (x.text in chars or x.text[::-1] in chars)]
    near = set(short)
    marks.update(lines[k].lineno for k in short if k - 1 in near or k + 1 in near
                 or (k > 0 and lines[k - 1].lineno in marks) or (k + 1 < len(lines) and lines[k + 1].lineno in marks))
    return marks, chars


def _repeated_mastheads(lines: list[tuple[int, str]]) -> set[int]:
    """Lines repeated three times or more that hold the cover's masthead (…公报), without page breaks."""
    key = furniture_mod.key
    head = next((key(t) for _, t in lines[:5] if _MASTHEAD_RE.match(key(t))), "")
    # A running head may also be the name of a TOC section (【县政府办文件】 printed as 县政府办文件).
    sections = {key(m[1]) for _, t in lines if (m := _SECTION_RE.match(t))}
    counts = Counter(key(t) for _, t in lines)
    return {n for n, t in lines if counts[key(t)] >= 3 and (
        (head and head in key(t) and len(key(t)) <= len(head) + 20) or key(t) in sections)}
