"""Reading a PDF with positions (PDFium through pypdfium2): characters → printed lines → paragraphs.

Positions tell apart what plain text cannot: page furniture (found by repetition in the page margins),
paragraph starts (indentation), centred titles, right-aligned 落款 and table cells (from ruling lines).
The result is a list of source ``Line``s, one per printed paragraph, that the text pipeline reads.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import furniture, unruled
from .model import Line
from .text import balanced, fix_radicals

# A gap wider than this many ems between two characters may part two table cells.
_CELL_GAP = 1.05
# Fewer characters than this per page means there is no text layer (a scan).
_SCANNED_CHARS_PER_PAGE = 20


class PdfError(Exception):
    """The PDF cannot be imported (unreadable, encrypted, or scanned without a text layer)."""


class ScannedPdf(PdfError):
    """The PDF has no text layer (pages are images)."""


@dataclass
class PrintedLine:
    """One line of print: characters on a common baseline."""

    page: int
    """1-based page number."""
    text: str
    """The characters, with a space where the gap is wider than a letter space and a tab at wide gaps."""
    x0: float
    """Left edge (points)."""
    x1: float
    """Right edge."""
    top: float
    """Top edge, measured from the top of the page."""
    size: float
    """Font size (points)."""
    lineno: int = 0
    """Position in the extracted text (1-based), used as the line of messages."""
    cells: list[str] | None = None
    """Cells, when the line is a row of a ruled table."""
    lead_space: bool = False
    """True when a space was printed at the end of the line before (kept when lines are joined)."""
    spans: list[tuple[float, float, str]] = field(default_factory=list)
    """Pieces of the line set apart by wide gaps, as (left, right, text): the cells of a table without rules."""


@dataclass
class PdfText:
    """What the PDF reader hands to the import pipeline."""

    lines: list[Line]
    """One source line per printed paragraph (or table row), in reading order."""
    furniture: list[Line]
    """Running heads and page numbers removed from the text."""
    pages: dict[int, int] = field(default_factory=dict)
    """Source line → page, for messages."""
    radicals: int = 0
    """Characters mapped from the Kangxi radical blocks back to ideographs."""
    text: str = ""
    """The extracted printed lines, one per line, pages separated by form feeds (what line numbers refer to)."""
    rotated: dict[int, str] = field(default_factory=dict)
    """Page → characters set at an angle (watermarks, seals), kept out of the text and reported."""


def _chars(textpage, rotated: list[str] | None = None) -> list[tuple[str, float, float, float, float, float]]:
    """(char, left, right, top, bottom, size) of every printed, non-space character set upright.

    Characters set at an angle (a diagonal watermark, the ring of a seal) are not text of the lines
    they cross: they go to rotated, to be reported, instead of being mixed into the body.
    """
    import math

    import pypdfium2.raw as raw

    out = []
    space = False
    slanted: list[int] = []
    for i in range(textpage.count_chars()):
        ch = textpage.get_text_range(i, 1)
        if ch == " " or ch == "\u3000":
            # A space glyph of the print (not one PDFium made up from a gap) separates words.
            space = True
            continue
        if not ch or ch.isspace():
            continue
        angle = raw.FPDFText_GetCharAngle(textpage.raw, i)
        if rotated is not None and 0.05 < angle < 2 * math.pi - 0.05:
            rotated.append(ch)
            slanted.append(i)
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        size = raw.FPDFText_GetFontSize(textpage.raw, i) or (top - bottom)
        if ch.isascii():
            # Latin letters: the tight box, so that the gap of a word space shows.
            left, _, right, _ = textpage.get_charbox(i)
        out.append((ch, left, right, top, bottom, size, space, i))
        space = False
    if slanted and rotated is not None:
        out = _off_the_mark(textpage, out, slanted, rotated)
    return [c[:7] for c in out]


def _colour(textpage, i: int) -> tuple[int, int, int]:
    import ctypes

    import pypdfium2.raw as raw

    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    raw.FPDFText_GetFillColor(textpage.raw, i, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a))
    return r.value, g.value, b.value


def _off_the_mark(textpage, chars: list, slanted: list[int], rotated: list[str]) -> list:
    """Upright characters of a seal or watermark (the top of a seal's ring, its star): the colour of the
    slanted ones, inside their box. Black text under a seal is the 落款 and stays."""
    boxes: dict[tuple[int, int, int], list[float]] = {}
    for i in slanted:
        colour = _colour(textpage, i)
        if max(colour) < 90:
            continue  # black text set at an angle is no seal or watermark colour to go by
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        box = boxes.setdefault(colour, [left, bottom, right, top])
        box[:] = [min(box[0], left), min(box[1], bottom), max(box[2], right), max(box[3], top)]
    kept = []
    for c in chars:
        box = boxes.get(_colour(textpage, c[7])) if boxes else None
        if box and box[0] - c[5] <= c[1] and c[2] <= box[2] + c[5] and box[1] - c[5] <= c[4] and c[3] <= box[3] + c[5]:
            rotated.append(c[0])
        else:
            kept.append(c)
    return kept


def _rules(page, height: float) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Thin horizontal (y, x0, x1) and vertical (x, top, bottom) rules drawn on the page, top-down coordinates."""
    import pypdfium2.raw as raw

    hs, vs = [], []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH]):
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        if h <= 2.5 and w >= 8:
            hs.append((height - (top + bottom) / 2, left, right))
        elif w <= 2.5 and h >= 6:
            vs.append(((left + right) / 2, height - top, height - bottom))
    return hs, vs


def _group_lines(page_no: int, chars, height: float) -> list[PrintedLine]:
    """Group characters into lines by their vertical centre, then order lines top-down."""
    rows: list[list] = []
    for ch in sorted(chars, key=lambda c: (-(c[3] + c[4]) / 2, c[1])):
        centre = (ch[3] + ch[4]) / 2
        if rows:
            last = rows[-1]
            c0 = (last[0][3] + last[0][4]) / 2
            if abs(centre - c0) <= max(last[0][5], ch[5]) * 0.45:
                last.append(ch)
                continue
        rows.append([ch])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c[1])
        size = statistics.median(c[5] for c in row)
        text, prev = "", None
        lead_space = row[0][6]
        spans: list[list] = [[row[0][1], row[0][2], ""]]
        for ch in row:
            if prev is not None:
                gap = ch[1] - prev[2]
                if gap > _CELL_GAP * size:
                    # A gap wider than a full-width space may part two cells of a table without rules.
                    spans.append([ch[1], ch[2], ""])
                elif ch[6] or gap > 0.6 * size:
                    spans[-1][2] += " "
                if gap > 1.5 * size:
                    text += "\t"
                elif ch[6] or gap > 0.6 * size:
                    text += " "
            text += ch[0]
            spans[-1][1] = max(spans[-1][1], ch[2])
            spans[-1][2] += ch[0]
            prev = ch
        top = height - max(c[3] for c in row)
        lines.append(PrintedLine(page_no, text, row[0][1], max(c[2] for c in row), top, size, lead_space=lead_space,
                                 spans=[(a, b, t) for a, b, t in spans]))
    lines.sort(key=lambda x: (round(x.top, 0), x.x0))
    return lines


def _tables(lines: list[PrintedLine], chars, hs, vs, height: float) -> list[PrintedLine]:
    """Replace the lines inside each ruled table (vertical rules crossing horizontal ones) by its rows."""
    groups: list[list[tuple[float, float, float]]] = []
    for v in sorted(vs, key=lambda v: v[1]):
        if groups and v[1] <= max(g[2] for g in groups[-1]) + 2:
            groups[-1].append(v)
        else:
            groups.append([v])
    for group in groups:
        top, bottom = min(v[1] for v in group), max(v[2] for v in group)
        left, right = min(v[0] for v in group), max(v[0] for v in group)
        rules = [h for h in hs if top - 2 <= h[0] <= bottom + 2 and h[1] <= right and h[2] >= left]
        lines = _table(lines, chars, rules, group, height)
    return lines


def _table(lines: list[PrintedLine], chars, hs, vs, height: float) -> list[PrintedLine]:
    """Replace the lines inside one ruled table by one line per row, its cells read from the rules."""
    if len(hs) < 2 or len(vs) < 2:
        return lines
    ys = sorted({round(y, 0) for y, _, _ in hs})
    xs = sorted({round(x, 0) for x, _, _ in vs})
    top, bottom, left, right = ys[0], ys[-1], xs[0], xs[-1]
    inside = [x for x in lines if top - 1 <= x.top and x.top + x.size <= bottom + 1 and x.x0 >= left - 1]
    if not inside:
        return lines
    rows: list[PrintedLine] = []
    for r in range(len(ys) - 1):
        y0, y1 = ys[r], ys[r + 1]
        # A merged cell (合计 over two columns) has no rule between its columns in this row: its text goes
        # to the first of them, the others stay empty.
        mid = (y0 + y1) / 2
        crossing = {c for c in range(1, len(xs) - 1) if any(abs(x - xs[c]) <= 1.5 and top <= mid <= bottom for x, top, bottom in vs)}
        bounds = [0] + sorted(crossing) + [len(xs) - 1]
        cells = [""] * (len(xs) - 1)
        for a, b in zip(bounds, bounds[1:]):
            x0, x1 = xs[a], xs[b]
            got = [ch for ch in chars if x0 <= (ch[1] + ch[2]) / 2 <= x1 and y0 <= height - (ch[3] + ch[4]) / 2 <= y1]
            got.sort(key=lambda ch: (round(height - ch[3], 0) // max(1, ch[5] * 0.8), ch[1]))
            cells[a] = "".join(ch[0] for ch in got)
        if any(cells):
            size = inside[0].size
            rows.append(PrintedLine(inside[0].page, "\t".join(cells), left, right, y0, size, cells=cells))
    rest = [x for x in lines if x not in inside]
    return sorted(rest + rows, key=lambda x: (round(x.top, 0), x.x0))


def read_printed_lines(path: Path, rotated: dict[int, str] | None = None) -> tuple[list[list[PrintedLine]], float]:
    """Every page's printed lines, and the page width; text set at an angle goes to rotated (page → text)."""
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # pragma: no cover - a broken install
        raise PdfError("缺少 pypdfium2：请运行 sh setup.sh（或 pip install -r requirements.txt）") from exc
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise PdfError(f"无法打开 PDF（文件损坏或加了密码）：{exc}") from None
    pages: list[list[PrintedLine]] = []
    total = 0
    width = 0.0
    try:
        pages_iter = enumerate(pdf, start=1)
        for n, page in pages_iter:
            width, height = page.get_size()
            tilted: list[str] = []
            chars = _chars(page.get_textpage(), tilted)
            total += len(chars) + len(tilted)
            if tilted and rotated is not None:
                rotated[n] = "".join(tilted)
            lines = _group_lines(n, chars, height)
            hs, vs = _rules(page, height)
            pages.append(unruled.tables(_tables(lines, chars, hs, vs, height)))
    except pdfium.PdfiumError as exc:
        raise PdfError(f"PDF 第 {len(pages) + 1} 页无法读取（文件损坏？）：{exc}") from None
    finally:
        pdf.close()
    if total < _SCANNED_CHARS_PER_PAGE * max(1, len(pages)):
        raise ScannedPdf(f"这是扫描版 PDF：{len(pages)} 页中只有 {total} 个文字，没有可提取的文字层。"
                         "请向印刷或排版单位索取排版生成的 PDF（或 Word/WPS 原件），或先用 OCR 软件识别后导入识别出的文本")
    return pages, width


def read_pdf(path: Path) -> PdfText:
    """Read a PDF into paragraphs (source lines), page furniture and the extracted text."""
    rotated: dict[int, str] = {}
    pages, _ = read_printed_lines(path, rotated)
    n = 0
    texts = []
    for page in pages:
        for x in page:
            n += 1
            x.lineno = n
        texts.append("\n".join(x.text for x in page))
    # Table rows are never furniture: a header row repeated on every page of a long table is printed text.
    kept, removed = furniture.split_pages([[(x.lineno, x.text) for x in page if x.cells is None] for page in pages])
    removed_set = {lineno for lineno, _ in removed}
    body = [x for page in pages for x in page if x.lineno not in removed_set]
    radicals = 0
    for x in body:
        x.text, k = fix_radicals(x.text)
        radicals += k
        if x.cells:
            x.cells = [fix_radicals(c)[0] for c in x.cells]
    lines = paragraphs(body)
    by_page = {x.lineno: x.page for page in pages for x in page}
    return PdfText(lines, [Line(lineno, text) for lineno, text in removed], by_page, radicals, "\f".join(texts), rotated)


def paragraphs(lines: list[PrintedLine]) -> list[Line]:
    """Join printed lines into paragraphs: a line continues the previous one when that one runs to the
    right margin and this one starts at the left margin (no indent); everything else starts anew."""
    if not lines:
        return []
    plain = [x for x in lines if x.cells is None]
    # The text block's margins are measured on the lines of the body's size (most characters), so that
    # a 版记 set smaller and indented, or a larger title, does not move them. Left is the leftmost start
    # shared by two lines or more (indented first lines and centred lines start further right).
    sizes: Counter[int] = Counter()
    for x in plain:
        sizes[round(x.size * 2)] += len(x.text)
    body = [x for x in plain if sizes and round(x.size * 2) == sizes.most_common(1)[0][0]] or plain
    starts = Counter(round(x.x0) for x in body)
    left = min((at for at, n in starts.items() if n > 1), default=min(starts, default=0))
    right = sorted(x.x1 for x in body)[int(len(body) * 0.9)] if body else 0
    out: list[Line] = []
    prev: PrintedLine | None = None
    for x in lines:
        em = x.size
        if x.cells is not None:
            out.append(Line(x.lineno, x.text, True, tuple(x.cells)))
            prev = None
            continue
        continues = (prev is not None and prev.x1 >= right - 1.2 * em and abs(x.x0 - left) < 0.5 * em
                     and prev.x0 < left + 2.5 * em and abs(prev.size - x.size) < 0.15 * em
                     and not _numbered_start(prev.text, x.text))
        # A note in brackets wrapped over centred lines (（2024年9月3日…公布 / 起施行）) is one paragraph.
        continues = continues or (prev is not None and out and not balanced(out[-1].text)
                                  and abs((x.x0 + x.x1) / 2 - (left + right) / 2) < em and x.x0 > left + 2.5 * em
                                  and abs(prev.size - x.size) < 0.15 * em and balanced("（" + x.text))
        if continues and out:
            last = out[-1]
            out[-1] = Line(last.lineno, last.text + " " + x.text if x.lead_space else _join(last.text, x.text), True,
                           size=last.size)
        else:
            out.append(Line(x.lineno, x.text, True, size=round(x.size, 1)))
        prev = x
    return out


def _numbered_start(before: str, text: str) -> bool:
    """True when a line printed flush left after a full line still starts a paragraph of its own: it is
    numbered (一、 （一） 1. 第一条 …) and the line before ended a sentence or a clause."""
    from .reflow import starts_numbered
    from .text import ends_colon, ends_sentence

    return (ends_sentence(before) or ends_colon(before)) and starts_numbered(text)


def _join(a: str, b: str) -> str:
    """Join a paragraph's printed lines: no space, except between ASCII words (not inside a number)."""
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum() \
            and not (a[-1].isdigit() and b[0].isdigit()):
        return f"{a} {b}"
    return a + b
