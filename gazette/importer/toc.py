"""Cover/masthead and table of contents (目录) of a whole issue."""

from __future__ import annotations

import re
from dataclasses import replace

from .. import docnumber
from ..text import HAN
from .model import IssueInfo, Line, ReportItem, TocEntry
from .text import fold, squash
from .title import MARKER_RE, TITLE_END_RE

_TOC_HEAD_RE = re.compile(r"^目\s*[录錄次]$")
_CATEGORY_RE = re.compile(r"^[【\[]\s*(.+?)\s*[】\]]$")
_PLAIN_CATEGORY_RE = re.compile(rf"^{HAN}{{2,14}}(?:文件|任免|公告|通告|解读|大事记|信息|动态|其他|规章|文告)$")
_ENTRY_RE = re.compile(r"^(?:[-•·]\s*)?(\d{1,3})\s*[、.．]\s*(.*)$")
_PAGE_END_RE = re.compile(r"[(（]\s*(\d{1,4})\s*[)）]\s*$")
# A page printed after a tab (right-aligned), with or without brackets and leaders: "\t（76）", "\t……76".
_TAB_PAGE_RE = re.compile(r"\t\s*(?:[.…·．\s]{2,})?[(（]?\s*(?P<page>\d{1,4})\s*[)）]?\s*(?=\t|$)")
# A page after dot leaders without brackets: "……76", "....76", "···76".
_LEADER_PAGE_RE = re.compile(r"(?:\.{2,}|…+|·{2,}|．{2,})\s*(?P<page>\d{1,4})\s*$")
_LEADER_RE = re.compile(r"(?:\.{2,}|…+|·{2,}|\.\s*$)")
_ISSUE_RE = re.compile(r"(\d{4})\s*年\s*第\s*(\d{1,2})\s*期")
_TOTAL_RE = re.compile(r"总\s*第\s*(\d+)\s*期")
_DATE = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_PERIOD_RE = re.compile(_DATE + r"\s*[-－—–~～至]+\s*" + _DATE)


def find_toc_start(lines: list[Line]) -> int | None:
    """Index of the 目录 heading line, or None for a source without a TOC."""
    for i, line in enumerate(lines[:80]):
        if _TOC_HEAD_RE.match(line.text):
            return i
    return None


def find_issue_toc(lines: list[Line]) -> int | None:
    """Index of the 目录 of a whole issue: a 目录 heading followed by numbered entries (1、… with a doc
    number, or two of them or more).

    A single document may have a 目录 of its own (a long plan lists 第一章… or 一、…): that is no
    issue, and reading it as one would lose the text before its first doc number.
    """
    at = find_toc_start(lines)
    if at is None:
        return None
    entries, _, _ = parse_toc(lines[at + 1:])
    return at if any(e.doc_number for e in entries) or len(entries) >= 2 else None


def parse_cover(cover: list[Line]) -> tuple[IssueInfo, list[ReportItem]]:
    """Read year, issue number, total number and period from the cover lines."""
    info = IssueInfo()
    report: list[ReportItem] = []
    for line in cover:
        if (m := _ISSUE_RE.search(line.text)) and info.year is None:
            info.year, info.number = int(m[1]), int(m[2])
        if (m := _TOTAL_RE.search(line.text)) and info.total_number is None:
            info.total_number = int(m[1])
        if (m := _PERIOD_RE.search(line.text)) and not info.period_start:
            g = [int(x) for x in m.groups()]
            info.period_start = f"{g[0]:04d}-{g[1]:02d}-{g[2]:02d}"
            info.period_end = f"{g[3]:04d}-{g[4]:02d}-{g[5]:02d}"
    if info.period_end:
        info.published = info.period_end
        report.append(ReportItem("注意", f"出版日期未印出，按收录期截止日期推定为 {info.published}"))
    for name, value in (("年份", info.year), ("期号", info.number), ("总期号", info.total_number),
                        ("收录期", info.period_start)):
        if value is None or value == "":
            report.append(ReportItem("注意", f"刊头中找不到{name}，已留空"))
    return info, report


def parse_toc(lines: list[Line]) -> tuple[list[TocEntry], int, list[ReportItem]]:
    """Parse TOC lines (after 目录); return entries, the index of the first line after the TOC, report."""
    entries: list[TocEntry] = []
    report: list[ReportItem] = []
    category = ""
    pending: list[Line] = []
    i = 0
    while i < len(lines):
        text = lines[i].text
        if not pending:
            if m := _CATEGORY_RE.match(text):
                category = squash(m[1])
                i += 1
                continue
            if _PLAIN_CATEGORY_RE.match(squash(text)) and i + 1 < len(lines) and (
                    _ENTRY_RE.match(lines[i + 1].text) or _unnumbered_entry(lines, i + 1)):
                category = squash(text)  # a section's name printed without 【】 (县政府文件, 人事任免)
                i += 1
                continue
            if not _ENTRY_RE.match(text) and not _unnumbered_entry(lines, i):
                break
        pending.append(lines[i])
        i += 1
        joined = _join_entry(pending)
        if _complete(joined) or len(pending) >= 4:
            entry, problems = _make_entry(pending, category)
            entries.append(replace(entry, number=entry.number or len(entries) + 1))
            report.extend(problems)
            pending = []
    if pending:
        entry, problems = _make_entry(pending, category)
        entries.append(replace(entry, number=entry.number or len(entries) + 1))
        report.extend(problems)
    return entries, i, report


def _unnumbered_entry(lines: list[Line], i: int) -> bool:
    """True where an entry printed without a serial number starts (as 国务院公报 prints them: the title, its 文号
    in brackets, the page after leaders): its lines, at most three, end with a page after leaders or in brackets,
    and it names a document (a 文号, or a title ending with a kind word: 通知, 办法, 报告…). A plan's own contents
    (第一章 总则……1, 前言……1) are no entries of an issue."""
    if MARKER_RE.match(squash(lines[i].text)):
        return False
    for n in range(1, 4):
        chunk = lines[i:i + n]
        if len(chunk) < n or (n > 1 and (_CATEGORY_RE.match(chunk[-1].text) or _ENTRY_RE.match(chunk[-1].text))):
            return False
        joined = _join_entry(chunk).strip()
        if _LEADER_PAGE_RE.search(joined) or (_PAGE_END_RE.search(joined) and _LEADER_RE.search(joined)):
            named = _LEADER_RE.sub("", _PAGE_END_RE.sub("", _LEADER_PAGE_RE.sub("", joined))).strip()
            return bool(docnumber.find_all(named) or TITLE_END_RE.search(squash(named)))
    return False


def _join_entry(lines: list[Line]) -> str:
    """An entry's lines joined with spaces; without them where that is what makes a doc number whole
    (a 文号 wrapped as 五政办 / 发〔2022〕36号)."""
    spaced = " ".join(line.text for line in lines)
    if len(lines) < 2:
        return spaced
    tight = "".join(line.text for line in lines)
    loose = docnumber.find_all(_PAGE_END_RE.sub("", spaced))
    whole = docnumber.find_all(tight)
    # (…的通知（五 / 政发〔2024〕17号）: spaced, the prefix loses the 五 the wrap put on the line above.)
    if whole and (not loose or len(whole[-1][2].prefix) > len(loose[-1][2].prefix)):
        return tight
    return spaced


def _move_page(joined: str) -> str:
    """Move a page number printed apart (after a tab, right-aligned on the entry's first line) to the end."""
    m = _TAB_PAGE_RE.search(joined)
    if m and m.end() < len(joined.rstrip()):
        return (joined[:m.start()] + " " + joined[m.end():]).rstrip() + f" ({m['page']})"
    return joined


def _complete(joined: str) -> bool:
    """True when an entry's lines so far hold its page and end with its doc number or page."""
    joined = joined.strip()
    if _PAGE_END_RE.search(joined) or _LEADER_PAGE_RE.search(joined):
        return True
    moved = _move_page(joined)
    if moved == joined:
        return False
    rest = _PAGE_END_RE.sub("", moved).rstrip()
    found = [(a, b) for a, b, _ in docnumber.find_all(rest)] or [d[:2] for d in [docnumber.find_decree(rest)] if d]
    return bool(found) and found[-1][1] >= len(rest) - 1


def _make_entry(lines: list[Line], category: str) -> tuple[TocEntry, list[ReportItem]]:
    """Build one TOC entry from its (possibly wrapped) lines and check nothing was left over."""
    report: list[ReportItem] = []
    joined = _move_page(_join_entry(lines))
    if not _PAGE_END_RE.search(joined) and (lm := _LEADER_PAGE_RE.search(joined)):
        joined = joined[:lm.start()] + f" ({lm['page']})"
    m = _ENTRY_RE.match(joined)
    number, rest = (int(m[1]), m[2]) if m else (0, joined)
    page = None
    if pm := _PAGE_END_RE.search(rest):
        page = int(pm[1])
        rest = rest[: pm.start()]
    else:
        report.append(ReportItem("注意", "目录条目没有页码", lines[0].lineno))
    rest = _LEADER_RE.sub(" ", rest).strip()
    found = docnumber.find_all(rest)
    doc_no, title = "", squash(rest)
    if found:
        start, end, _ = found[-1]
        doc_no = squash(rest[start:end])
        # A 文号 printed in brackets after the title (…的通知（五政发〔2024〕17号）) takes its brackets with it.
        title = re.sub(r"[（(]\s*[)）]$", "", squash(rest[:start] + rest[end:]))
    elif decree := docnumber.find_decree(rest):
        # A 政府令 is listed by its number: 五台县城市供水管理办法 五台县人民政府令第3号.
        start, end, _ = decree
        doc_no = squash(rest[start:end])
        title = squash(rest[:start] + rest[end:])
    else:
        report.append(ReportItem("注意", "目录条目中找不到文号", lines[0].lineno))
    # Self-check: the parsed parts must account for every character of the entry.
    rebuilt = fold(f"{number or ''}{title}{doc_no}{page or ''}")
    original = fold(_LEADER_RE.sub("", re.sub(r"^[-•·]\s*", "", joined)))
    if sorted(re.sub(r"[、.．（）]", "", rebuilt)) != sorted(re.sub(r"[、.．（）]", "", original)):
        report.append(ReportItem("错误", f"目录条目解析后有字符丢失：{joined}", lines[0].lineno))
    return TocEntry(number, title, doc_no, page, category, lines[0].lineno), report
