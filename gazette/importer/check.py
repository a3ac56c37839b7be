"""The nothing-lost check: every character of the source must reach exactly one output file."""

from __future__ import annotations

import bisect
import re

from .model import Document, Line
from .text import fold

_HEADING_RE = re.compile(r"^#{1,6} ", re.M)
_TABLE_RULE_RE = re.compile(r"^\|(?:-+\|)+$", re.M)
_CONTAINER_RE = re.compile(r"^::: ?(?:落款)?$", re.M)


def strip_markup(markdown: str) -> str:
    """Remove the Markdown the renderer added (heading marks, escapes, table pipes)."""
    text = _CONTAINER_RE.sub("", _TABLE_RULE_RE.sub("", markdown))
    text = _HEADING_RE.sub("", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>=])", r"\1", text)
    return text.replace("|", "")


def _stream(lines: list[Line]) -> tuple[str, list[int], list[int]]:
    """Folded characters of source lines, with where each line's characters start and its number."""
    parts: list[str] = []
    starts: list[int] = []
    numbers: list[int] = []
    at = 0
    for line in lines:
        folded = fold(line.text).replace("|", "")
        starts.append(at)
        numbers.append(line.lineno)
        parts.append(folded)
        at += len(folded)
    return "".join(parts), starts, numbers


_K = 8  # length of the anchors that resynchronise the two streams after a difference


def _next(hay: str, needle: str, start: int, window: int) -> int:
    """Position of needle in hay at or after start, looking only window characters ahead (-1 if none)."""
    return hay.find(needle, start, start + window + len(needle)) if window else hay.find(needle, start)


def align(source: str, produced: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans of source missing from produced and spans of produced not in source, in linear time.

    Walks both strings together; after a difference, jumps to the nearest place where a short
    anchor of one side occurs next in the other (searching a window first, then everything).
    Every character is either matched in order to an equal one or reported, so nothing lost can
    go unreported; the cost is linear in the length plus a bounded amount per difference.
    """
    dropped: list[tuple[int, int]] = []
    added: list[tuple[int, int]] = []
    i = j = 0
    n, m = len(source), len(produced)
    while i < n and j < m:
        if source[i] == produced[j]:
            # Skip the equal run in C speed, a block at a time.
            step = 1
            while i + step <= n and j + step <= m and source[i:i + step] == produced[j:j + step]:
                i, j = i + step, j + step
                step = min(step * 2, 65536)
            continue
        best = None
        for window in (4096, 0):
            for step in range(0, 48):
                if best is not None and best[0] <= step:
                    break
                if i + step < n:
                    k = source[i + step:i + step + _K]
                    at = _next(produced, k, j, window)
                    if at >= 0 and (best is None or step + at - j < best[0]):
                        best = (step + at - j, i + step, at)
                if j + step < m:
                    k = produced[j + step:j + step + _K]
                    at = _next(source, k, i, window)
                    if at >= 0 and (best is None or step + at - i < best[0]):
                        best = (step + at - i, at, j + step)
                if window == 0:
                    break
            if best is not None:
                break
        if best is None:
            break
        _, ni, nj = best
        if ni > i:
            dropped.append((i, ni))
        if nj > j:
            added.append((j, nj))
        i, j = ni, nj
    if i < n:
        dropped.append((i, n))
    if j < m:
        added.append((j, m))
    return dropped, added


def compare(lines: list[Line], output: str) -> tuple[list[tuple[int, str]], list[str]]:
    """Characters of lines missing from output (with their line) and characters output adds."""
    source, starts, numbers = _stream(lines)
    produced = fold(strip_markup(output))
    gone, extra = align(source, produced)
    return ([(numbers[bisect.bisect_right(starts, a) - 1], source[a:b]) for a, b in gone],
            [produced[a:b] for a, b in extra])


def check_document(doc: Document, body_markdown: str) -> tuple[list[tuple[int, str]], list[str]]:
    """Compare a document's body lines with its rendered body; header lines are checked by value."""
    header = set(doc.header_lines)
    body_lines = [x for x in doc.source_lines if x.lineno not in header]
    dropped, added = compare(body_lines, body_markdown)
    head_lines = [x for x in doc.source_lines if x.lineno in header]
    wanted = set(doc.title_lines) or {x.lineno for x in head_lines if x.lineno != doc.lineno}
    title_src = "".join(fold(x.text) for x in head_lines if x.lineno in wanted)
    if doc.printed_doc_number and doc.lineno in wanted:
        # The title printed on the 文号's line: the number (in its brackets) is front matter of its own.
        title_src = title_src.replace(fold(doc.printed_doc_number), "").replace("（）", "")
    if title_src and not title_src.endswith(fold(doc.title)) and fold(doc.title) != title_src:
        dropped.append((doc.lineno, f"标题：{title_src}"))
    return dropped, added
