"""The nothing-lost check: every character of the source must reach exactly one output file."""

from __future__ import annotations

import difflib
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


def _stream(lines: list[Line]) -> tuple[str, list[int]]:
    """Folded characters of source lines and the line number of each character."""
    chars: list[str] = []
    owners: list[int] = []
    for line in lines:
        for ch in fold(line.text).replace("|", ""):
            chars.append(ch)
            owners.append(line.lineno)
    return "".join(chars), owners


def compare(lines: list[Line], output: str) -> tuple[list[tuple[int, str]], list[str]]:
    """Characters of lines missing from output (with their line) and characters output adds."""
    source, owners = _stream(lines)
    produced = fold(strip_markup(output))
    dropped: list[tuple[int, str]] = []
    added: list[str] = []
    matcher = difflib.SequenceMatcher(None, source, produced, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            dropped.append((owners[a1], source[a1:a2]))
        if op in ("insert", "replace"):
            added.append(produced[b1:b2])
    return dropped, added


def check_document(doc: Document, body_markdown: str) -> tuple[list[tuple[int, str]], list[str]]:
    """Compare a document's body lines with its rendered body; header lines are checked by value."""
    header = set(doc.header_lines)
    body_lines = [x for x in doc.source_lines if x.lineno not in header]
    dropped, added = compare(body_lines, body_markdown)
    head_lines = [x for x in doc.source_lines if x.lineno in header]
    wanted = set(doc.title_lines) or {x.lineno for x in head_lines if x.lineno != doc.lineno}
    title_src = "".join(fold(x.text) for x in head_lines if x.lineno in wanted)
    if title_src and not title_src.endswith(fold(doc.title)) and fold(doc.title) != title_src:
        dropped.append((doc.lineno, f"标题：{title_src}"))
    return dropped, added
