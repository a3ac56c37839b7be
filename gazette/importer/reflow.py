"""Reflow: join lines broken inside sentences into paragraphs, headings, list items and tables."""

from __future__ import annotations

import re
from collections import Counter

from .model import Block, Line
from .text import CJK, SALUTATION_RE, balanced, ends_colon, ends_sentence, first_clause, squash

_NUM = "一二三四五六七八九十百"
# Heading markers in order of the content-format table; numbers are Markdown levels.
_MARKERS = [
    (re.compile(rf"^第[{_NUM}]+章"), 3),
    (re.compile(rf"^[{_NUM}]+、"), 3),
    (re.compile(rf"^第[{_NUM}]+节"), 4),
    (re.compile(rf"^[（(]\s*[{_NUM}]+\s*[）)]"), 4),
    (re.compile(r"^\d{1,2}\s*(?:[.．](?!\d)|、)"), 5),
    (re.compile(r"^(?:[（(]\s*\d{1,2}\s*[）)]|[①-⑳])"), 6),
]
# The numbered outline of emergency plans (应急预案): 1 / 1.1 / 1.1.1.
_OUTLINE = [
    (re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}\s+\S"), 5),
    (re.compile(r"^\d{1,2}\.\d{1,2}\s+\S"), 4),
    (re.compile(r"^\d{1,2}\s+[^\d\s]"), 3),
]
_ARTICLE_RE = re.compile(rf"^第[{_NUM}]+条")
_LABEL_RE = re.compile(rf"^([{CJK}][{CJK} ]{{0,10}}?)\s*[：:]")
_PERSON_RE = re.compile(rf"^[{CJK}](?:\s?[{CJK}]){{1,2}}(?:(\s*[（(]兼[）)])(\s+\S.*)?|(\s+\S.*))$")
_TABLE_ROW_RE = re.compile(r"\S(?:\t|\s{2,})\S")
_ATTACHMENT_RE = re.compile(r"^附\s*件\s*\d*$")
_RESPONSIBLE_RE = re.compile(r"^[（(].*(?:责任单位|负责|牵头|配合|责任部门).*[）)]$")
_CONTENTS_LINE_RE = re.compile(r"(?:\.{2,}|…+|·{2,}|．{2,})\s*\d{1,4}$")
_LEAD_RE = re.compile(r"^[^，。；、：,;:]{0,8}[。；]")
PEOPLE_LABELS = {"组长", "副组长", "常务副组长", "成员", "组员", "召集人", "副召集人", "主任", "副主任",
                 "指挥长", "副指挥长", "总指挥", "副总指挥", "顾问"}
HEADING_MAX = {3: 40, 4: 40, 5: 25, 6: 25}


def outline_mode(lines: list[Line]) -> bool:
    """True if the text numbers its headings 1 / 1.1 / 1.1.1 (as 应急预案 do)."""
    first = any(re.match(r"^1\s+[^\d\s]", x.text) and len(x.text) <= 20 for x in lines)
    subs = sum(1 for x in lines if re.match(r"^\d{1,2}\.\d{1,2}(\.\d{1,2})?\s+\S", x.text) and len(x.text) <= 25)
    return first and subs >= 3


def marker_level(text: str, outline: bool) -> int:
    """Heading level suggested by the marker text starts with (0 if none)."""
    for regex, level in (_OUTLINE if outline else []) + _MARKERS:
        if regex.match(text):
            return level
    return 0


def starts_numbered(text: str) -> bool:
    """True for a line that begins with a paragraph number or an article number (一、 （一） 1. ① 第一条)."""
    return bool(marker_level(text, False) or _ARTICLE_RE.match(text))


def label_of(text: str) -> str:
    """The label of a "组 长：…" style line with its spaces removed, or ""."""
    m = _LABEL_RE.match(text)
    label = squash(m[1]) if m else ""
    # "…现通知 / 如下：" is a sentence broken before its colon, not a label.
    return label if 2 <= len(label) <= 8 and not label.endswith("如下") else ""


def is_label_only(text: str) -> bool:
    """True for a line that is just a label and a colon, e.g. "组 长：" or "举报电话："."""
    return bool(label_of(text)) and len(squash(text)) <= 9 and ends_colon(text)


def is_person(text: str) -> bool:
    """True for a person line of a list: name, then role or （兼）."""
    return bool(_PERSON_RE.match(text)) and len(squash(text)) <= 30 and not ends_sentence(text)


def _starts_block(text: str, outline: bool, people: bool) -> bool:
    """True if a line must begin a new block whatever the previous line was."""
    return bool(marker_level(text, outline) or label_of(text) or _ARTICLE_RE.match(text)
                or _ATTACHMENT_RE.match(text) or (people and is_person(text)))


def _continues(cur: Block, text: str, outline: bool, people: bool, minor: bool = True, wrapped: bool = False) -> bool:
    """Decide whether the next line continues the block being built (wrapped: its last line ran to the margin)."""
    c = cur.text
    if cur.kind in ("table", "closed") or _ATTACHMENT_RE.match(c):
        return False
    if SALUTATION_RE.match(squash(c)):
        return False
    if is_label_only(c):
        return not (label_of(text) or marker_level(text, outline)) and len(squash(text)) <= 40
    if not balanced(c) or c.rstrip()[-1] in "，、,（(“《—-":
        return True
    if ends_sentence(c) or ends_colon(c):
        return False
    starts = _starts_block(text, outline, people)
    if wrapped and cur.kind == "para" and label_of(text) and not marker_level(text, outline) and not _ARTICLE_RE.match(text):
        # "…作如下 / 调整：" cut by the wrap: the line that looks like a label ends the sentence.
        return True
    if wrapped and starts and (marker_level(text, outline) or _ARTICLE_RE.match(text)) and re.search(rf"[{CJK}]$", c) \
            and not _CONTENTS_LINE_RE.search(c):
        # "…保护为主、抢救第 / 一、合理利用…": a line cut by the wrap in mid-word; the next line's 一、 is no number.
        return True
    if wrapped and not starts:
        # A line cut by the wrap: a numbered paragraph goes on, it is no heading.
        return True
    level = marker_level(c, outline)
    if level and (minor or level < 5) and not re.search(r"[。；！？;!?：:]", c) and len(squash(c)) <= HEADING_MAX[level] \
            and len(re.findall(r"[，,]", c)) <= 1:
        # A heading, or the lead-in of a paragraph like "（四）拓宽基层消防力量 / 建设渠道。主动……".
        if _LEAD_RE.match(text) and not starts:
            return True
        return len(squash(text)) <= 4 and not starts and not re.search(r"[，。；：、]", text)
    if cur.kind == "item" and len(squash(c)) <= 20:
        return not starts and (len(squash(text)) <= 20 or len(first_clause(text)) <= 6)
    return not starts


def join(a: str, b: str) -> str:
    """Join two pieces of a broken line: no space, except between two ASCII letters."""
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return f"{a} {b}"
    return a + b


def _finish(block: Block, outline: bool, minor: bool = True) -> Block:
    """Turn a finished block into a heading when it is a short marker line without sentences."""
    if block.kind == "closed":
        block.kind = "para"
    if block.kind != "para":
        return block
    if _CONTENTS_LINE_RE.search(block.text):
        return block  # a line of a document's own 目录 (第一章 总则……1) is no heading
    level = marker_level(block.text, outline)
    text = squash(block.text)
    if level and (minor or level < 5) and not re.search(r"[。；！？：:;]", text) and len(text) <= HEADING_MAX[level] and balanced(text):
        block.kind, block.level = "heading", level
    elif _ATTACHMENT_RE.match(block.text):
        block.kind, block.level = "heading", 2
    return block


def _columns(text: str) -> int:
    """Printed width of a line in columns: a Chinese character takes two, a Latin letter, digit or space one."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def full_lines(lines: list[Line]) -> set[int]:
    """Line numbers of plain-text lines that run to the right margin of the print (the wrap width).

    Text extracted from a PDF breaks every line of a paragraph at the same width; a line that reaches
    it was cut by the wrap, not ended by the writer, so it cannot be a heading on its own. The width
    is the one most long lines share (within two columns: digits and spaces are half as wide); text with one paragraph per line has none.
    """
    widths = [_columns(x.text) for x in lines if x.starts is None and x.cells is None]
    long = [w for w in widths if w >= 30]
    if len(long) < 5:
        return set()
    counts = Counter(long)
    near = lambda w: sum(counts[w + d] for d in range(-2, 3))  # noqa: E731
    # Any width may be the centre of the window (first lines, brackets and digits make them differ a little).
    wrap = max(range(min(long), max(long) + 1), key=lambda w: (near(w), w))
    if near(wrap) < 0.3 * len(long) or near(wrap) < 3:
        return set()
    return {x.lineno for x in lines if x.starts is None and x.cells is None and _columns(x.text) >= wrap - 4}


def reflow(lines: list[Line], outline: bool = False, full: set[int] | None = None) -> list[Block]:
    """Build blocks from consecutive source lines; full: the lines cut by the wrap, when the whole document
    was measured (a part of it may have too few long lines to tell the wrap width)."""
    full = full_lines(lines) if full is None else full
    blocks = _reflow(lines, outline, True, full)
    # Where numbered items (1. / （1）) are mostly paragraphs, a short one is a broken paragraph,
    # not a heading: build again without minor headings.
    items = [b for b in blocks if marker_level(b.text, outline) >= 5 and not outline]
    if sum(b.kind == "para" for b in items) > sum(b.kind == "heading" for b in items):
        blocks = _reflow(lines, outline, False, full)
    return _lists(blocks)


def _lists(blocks: list[Block]) -> list[Block]:
    """Three numbered lines or more in a row with no text between them (1、东城镇 / 2、西川镇 …) are the
    items of a list, not minor headings."""
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and blocks[j].kind == "heading" and blocks[j].level >= 5:
            j += 1
        if j - i >= 3:
            for b in blocks[i:j]:
                b.kind, b.level = "item", 0
        i = max(j, i + 1)
    return blocks


def _reflow(lines: list[Line], outline: bool, minor: bool, full: set[int]) -> list[Block]:
    """One pass of reflow; minor=False never starts a 1. / （1） heading; full: lines cut by the wrap."""
    blocks: list[Block] = []
    cur: Block | None = None
    people = False
    after_attachment = False
    for i, line in enumerate(lines):
        text = line.text
        if line.cells is not None:
            # A row of a ruled table read from a PDF: cells are known, no guessing.
            if cur is not None and cur.kind == "table" and cur.cells is not None:
                cur.cells.append(list(line.cells))
                cur.text += "\n" + text
                cur.lines.append(line.lineno)
                continue
            if cur is not None:
                blocks.append(_finish(cur, outline, minor))
            cur = Block("table", text, [line.lineno], cells=[list(line.cells)])
            continue
        if line.starts is not None:
            # The layout of a PDF already made this line one paragraph.
            if cur is not None:
                blocks.append(_finish(cur, outline, minor))
            label = label_of(text)
            people = label in PEOPLE_LABELS if label else (people and is_person(text))
            kind = "item" if (label or people) else "para"
            if after_attachment and len(squash(text)) <= 40 and not ends_sentence(text):
                kind = "closed"
            after_attachment = bool(_ATTACHMENT_RE.match(text))
            cur = Block(kind, text, [line.lineno])
            continue
        row = _table_row(text, outline)
        if row and ((cur and cur.kind == "table") or (i + 1 < len(lines) and _table_row(lines[i + 1].text, outline))):
            if cur and cur.kind == "table":
                cur.text += "\n" + text
                cur.lines.append(line.lineno)
                continue
            if cur:
                blocks.append(_finish(cur, outline, minor))
            cur = Block("table", text, [line.lineno])
            continue
        if cur is not None and _continues(cur, text, outline, people, minor, cur.lines[-1] in full):
            cur.text = join(cur.text, text)
            cur.lines.append(line.lineno)
            continue
        if cur is not None:
            blocks.append(_finish(cur, outline, minor))
        label = label_of(text)
        if label:
            people = label in PEOPLE_LABELS
        elif not (people and is_person(text)):
            people = False
        kind = "item" if (label or people) else "para"
        # The line after "附件1" is the attachment's title: keep it on its own.
        if after_attachment and len(squash(text)) <= 40 and not ends_sentence(text):
            kind = "closed"
        after_attachment = bool(_ATTACHMENT_RE.match(text))
        cur = Block(kind, text, [line.lineno])
    if cur is not None:
        blocks.append(_finish(cur, outline, minor))
    return _merge(blocks)


def _table_row(text: str, outline: bool) -> bool:
    """True for a line of cells set apart by wide gaps (pdftotext -layout); an article, a heading or a
    sentence printed with wide spaces (第一条  为了……。) is not one."""
    return bool(_TABLE_ROW_RE.search(text)) and not (marker_level(text, outline) or _ARTICLE_RE.match(text)
                                                    or ends_sentence(text) or text.startswith(("（", "(")))


def _one_parenthetical(text: str) -> bool:
    """True if text is one bracketed group, （……）, not a numbered item such as （二）……（……负责）."""
    text = squash(text)
    if marker_level(text, False) or not text.startswith(("（", "(")):
        return False
    depth = 0
    for pos, ch in enumerate(text):
        depth += {"（": 1, "(": 1, "）": -1, ")": -1}.get(ch, 0)
        if depth == 0:
            return pos == len(text) - 1
    return False


def _merge(blocks: list[Block]) -> list[Block]:
    """Attach stray 责任单位 parentheticals and one-line lead-ins to their paragraphs."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if prev and prev.kind == "para" and block.kind in ("para", "item") and _one_parenthetical(block.text) \
                and _RESPONSIBLE_RE.match(squash(block.text)) and ends_sentence(prev.text):
            prev.text = join(prev.text, block.text)
            prev.lines += block.lines
            continue
        if prev and prev.kind == "para" and block.kind == "para" \
                and re.fullmatch(r"\d{1,2}\s*[.．]\s*[^。]{1,12}。", squash(prev.text)) \
                and not _starts_block(block.text, False, False):
            prev.text = join(prev.text, block.text)
            prev.lines += block.lines
            continue
        out.append(block)
    return out
