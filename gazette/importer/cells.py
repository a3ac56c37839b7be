"""Tables whose cells pdftotext put one per line: rebuilt from the 序号 column, or kept line by line."""

from __future__ import annotations

import re

from .model import Block, Line, ReportItem
from .text import squash

_SERIAL_HEAD_RE = re.compile(r"^序\s*号$")
_TOTAL_RE = re.compile(r"^(?:合\s*计|总\s*计|小\s*计)$")
_CELL_MAX = 20


def is_cell(text: str) -> bool:
    """True for a line short enough, and free enough of sentence punctuation, to be one table cell."""
    t = squash(text)
    return 0 < len(t) <= _CELL_MAX and not re.search(r"[。；：:！？]", t)


def _tokens(text: str) -> list[str]:
    return text.split()


def _row_start(text: str, serial: int) -> bool:
    """True for a line that starts a table row: the next serial number, or 合计, then a gap."""
    first = (_tokens(text) or [""])[0]
    return first == str(serial) or bool(_TOTAL_RE.match(first))


def row_run(lines: list[Line], start: int) -> int:
    """End index of a table whose rows pdftotext printed one a line, cells parted by spaces (start if none):
    a 序号 header of three cells or more (it may wrap), rows that start with 1, 2, 3… or 合计, a row's cells
    that wrapped onto a line of their own."""
    head = _tokens(lines[start].text) if start < len(lines) and lines[start].cells is None else []
    if not head or head[0] != "序号" or len(head) < 2 or not all(is_cell(t) for t in head):
        return start
    end = start + 1
    while end < len(lines) and not _row_start(lines[end].text, 1) and is_cell(lines[end].text) and end - start < 3:
        end += 1
    serial = 1
    rows = 0
    while end < len(lines) and lines[end].cells is None:
        text = lines[end].text
        if _row_start(text, serial):
            serial += 0 if _TOTAL_RE.match(_tokens(text)[0]) else 1
            rows += 1
        elif not (rows and is_cell(text) and not _row_start(text, 1)):
            break
        end += 1
    return end if rows >= 2 else start


def rebuild_rows(lines: list[Line]) -> tuple[list[Block], list[ReportItem]]:
    """Rows of a table printed one a line (see row_run): cells are the words between spaces; a row with
    fewer cells than the header is filled with empty cells after its first (合计) or at its end, and said."""
    serial_at = next(i for i, x in enumerate(lines) if i and _row_start(x.text, 1))
    head = [t for x in lines[:serial_at] for t in _tokens(x.text)]
    width = len(head)
    rows: list[list[str]] = []
    starts: list[Line] = []
    report: list[ReportItem] = []
    for x in lines[serial_at:]:
        words = _tokens(x.text)
        if _row_start(x.text, len(rows) + 1 - sum(bool(_TOTAL_RE.match(r[0])) for r in rows)) or not rows:
            rows.append(words)
            starts.append(x)
        else:
            rows[-1] += words
    cells = [head]
    for row, x in zip(rows, starts):
        if len(row) > width:
            row = row[:width - 1] + [" ".join(row[width - 1:])]
        elif len(row) < width:
            report.append(ReportItem("注意", f"表格中“{row[0]}”一行少 {width - len(row)} 格，已按位置补空格，请核对",
                                     x.lineno))
            placed = _by_position(" " * lines[0].indent + lines[0].text, " " * x.indent + x.text, row, width) if serial_at == 1 and _tokens(x.text) == row else None
            if placed is None:
                # 合计 usually spans the 序号 and name columns: one empty cell after it, the rest at the end.
                placed = row[:1] + [""] + row[1:] if _TOTAL_RE.match(row[0]) else row
                placed = placed + [""] * (width - len(placed))
            row = placed
        cells.append(row)
    block = Block("table", "\n".join("\t".join(r) for r in cells), [x.lineno for x in lines])
    block.cells = cells
    report.append(ReportItem("注意", f"表格按空格分列，已重建为 {len(cells)} 行 {width} 列，请核对", lines[0].lineno))
    return [block], report


def _by_position(head: str, text: str, words: list[str], width: int) -> list[str] | None:
    """Words of a short row placed under the header cells they start nearest to (pdftotext -layout keeps
    the columns); 合计 stays first. None when the header's own positions cannot be read."""
    if "\t" in head + text:
        return None  # tab-separated (copied from a web page): no positions
    heads = [m.start() for m in re.finditer(r"\S+", head)]
    at = [m.start() for m in re.finditer(r"\S+", text)]
    if len(heads) != width or len(at) != len(words):
        return None
    out = [""] * width
    col = -1
    for k, (pos, word) in enumerate(zip(at, words)):
        last = width - (len(words) - k)  # leave a column for each word still to come
        if k == 0 and _TOTAL_RE.match(word):
            col = 0
        else:
            col = min(range(col + 1, last + 1), key=lambda c: abs(heads[c] - pos))
        out[col] = word
    return out


def cell_run(lines: list[Line], start: int) -> int:
    """End index of a run of one-cell-per-line lines beginning with a 序号 header at start (start if none),
    or of a table printed one row a line (row_run)."""
    if (rows := row_run(lines, start)) > start:
        return rows
    if start >= len(lines) or not _SERIAL_HEAD_RE.match(lines[start].text.strip()):
        return start
    end = start
    while end < len(lines) and is_cell(lines[end].text):
        end += 1
    return end if end - start >= 6 else start


def rebuild(lines: list[Line]) -> tuple[list[Block], list[ReportItem]]:
    """Rows split where the serial number (1, 2, 3…) or 合计 starts; line by line when that fails."""
    if len(_tokens(lines[0].text)) > 1:
        return rebuild_rows(lines)
    texts = [squash(x.text) for x in lines]
    if "1" not in texts:
        return _line_by_line(lines, "找不到序号 1")
    width = texts.index("1")
    rows: list[list[int]] = []
    expected = 1
    for i in range(width, len(texts)):
        full = not rows or len(rows[-1]) >= max(2, width - 1)
        if (texts[i] == str(expected) and full) or _TOTAL_RE.match(texts[i]):
            rows.append([])
            expected += 0 if _TOTAL_RE.match(texts[i]) else 1
        rows[-1].append(i)
    if any(len(r) > width for r in rows) or width < 2:
        return _line_by_line(lines, "行的格数多于表头")
    report: list[ReportItem] = []
    cells = [texts[:width]]
    for row in rows:
        values = [texts[i] for i in row]
        if len(values) < width:
            report.append(ReportItem("注意", f"表格中“{values[0]}”一行少 {width - len(values)} 格，已补空格，请核对位置",
                                     lines[row[0]].lineno))
            at = 1 if _TOTAL_RE.match(values[0]) else len(values)
            values[at:at] = [""] * (width - len(values))
        cells.append(values)
    block = Block("table", "\n".join("\t".join(r) for r in cells), [x.lineno for x in lines])
    block.cells = cells
    report.append(ReportItem("注意", f"表格的单元格逐行排列，已按序号重建为 {len(cells)} 行 {width} 列，请核对",
                             lines[0].lineno))
    return [block], report


def _line_by_line(lines: list[Line], why: str) -> tuple[list[Block], list[ReportItem]]:
    """Keep every cell as its own line (hard line breaks), so nothing is joined wrongly."""
    blocks = [Block("item", x.text, [x.lineno]) for x in lines]
    return blocks, [ReportItem("注意", f"疑似逐格断行的表格无法重建（{why}），已逐行保留", lines[0].lineno)]
