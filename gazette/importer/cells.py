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


def cell_run(lines: list[Line], start: int) -> int:
    """End index of a run of one-cell-per-line lines beginning with a 序号 header at start (start if none)."""
    if start >= len(lines) or not _SERIAL_HEAD_RE.match(lines[start].text.strip()):
        return start
    end = start
    while end < len(lines) and is_cell(lines[end].text):
        end += 1
    return end if end - start >= 6 else start


def rebuild(lines: list[Line]) -> tuple[list[Block], list[ReportItem]]:
    """Rows split where the serial number (1, 2, 3…) or 合计 starts; line by line when that fails."""
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
