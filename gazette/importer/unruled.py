"""Tables printed without rules, rebuilt from the positions of their cells.

A row of such a table is a printed line broken by wide gaps into pieces (spans). Consecutive lines
whose pieces stand in the same columns, two pieces or more on each line, form a table: the columns
are the x-ranges the pieces of all its rows cover, and a piece that would bridge two columns means
the lines are no table after all (a 落款 with two issuers above a date, say, is one line, not a run).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .pdf import PrintedLine

_MIN_ROWS = 2


def columns(rows: list[PrintedLine]) -> list[tuple[float, float]] | None:
    """The columns (left, right) the pieces of rows fall into, or None when they do not line up."""
    ranges = sorted((a, b) for x in rows for a, b, _ in x.spans)
    merged: list[list[float]] = []
    for a, b in ranges:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    for x in rows:
        taken = [next(i for i, (a, b) in enumerate(merged) if a <= (s0 + s1) / 2 <= b) for s0, s1, _ in x.spans]
        if len(set(taken)) != len(taken):
            return None  # two pieces of one line in one column
    return [(a, b) for a, b in merged] if len(merged) >= 2 else None


def tables(lines: list[PrintedLine]) -> list[PrintedLine]:
    """Give the rows of every table without rules on a page their cells (lines already ruled are kept).

    A run starts and ends with a line of two pieces or more; lines of one piece inside it are rows with
    one cell filled, or, when the rows are set further apart than the lines inside a cell, the next
    line of the cell above (a cell whose text wraps).
    """
    out = list(lines)
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and out[j].cells is None and (len(out[j].spans) >= 2 or j > i) \
                and (j == i or out[j].top - out[j - 1].top < 2.5 * out[j].size):
            j += 1
        while j > i and len(out[j - 1].spans) < 2:
            j -= 1  # a run ends with a line in columns
        run = out[i:j]
        many = sum(len(x.spans) >= 2 for x in run)
        cols = columns(run) if many >= _MIN_ROWS and many * 2 >= len(run) and not _labelled(run) else None
        if cols is None or not _same_size(run):
            i += 1
            continue
        rows = _rows(run, cols)
        out[i:j] = rows
        i += len(rows)
    return out


def _rows(run: list[PrintedLine], cols: list[tuple[float, float]]) -> list[PrintedLine]:
    """The table's rows, a wrapped cell's further lines joined to the row above."""
    pitches = [b.top - a.top for a, b in zip(run, run[1:])]
    row_pitch = max(pitches, default=0)
    rows: list[PrintedLine] = []
    for n, x in enumerate(run):
        cells = [""] * len(cols)
        for s0, s1, text in x.spans:
            k = next(c for c, (a, b) in enumerate(cols) if a <= (s0 + s1) / 2 <= b)
            cells[k] = text.strip()
        wrapped = n > 0 and pitches[n - 1] < 0.85 * row_pitch
        if wrapped:
            above = rows[-1].cells or []
            rows[-1].cells = [_join(a, b) for a, b in zip(above, cells)]
            rows[-1].text = "\t".join(rows[-1].cells)
            continue
        x.cells = cells
        x.text = "\t".join(cells)
        rows.append(x)
    return rows


def _join(a: str, b: str) -> str:
    """A cell's lines joined: no space, except between two Latin words."""
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return f"{a} {b}"
    return a + b


def _same_size(rows: list[PrintedLine]) -> bool:
    """True when the rows are set in one font size (a table is; a heading over a line is not)."""
    sizes = [x.size for x in rows]
    return max(sizes) - min(sizes) < 0.15 * max(sizes)


def _labelled(rows: list[PrintedLine]) -> bool:
    """True for a list of labelled lines set in columns (组　长：王建国　　县长 / 成　员：…): the people
    list of a 领导小组 is paragraphs, as the reflow reads it, not a table."""
    from .reflow import label_of

    return sum(bool(label_of(x.spans[0][2])) for x in rows) * 2 > len(rows)
