"""What a Markdown body may not do: drop text by nesting too deep, or carry unsafe attributes.

markdown-it stops parsing a container nested deeper than its ``maxNesting`` and silently drops the
rest of it (with CommonMark's limit of 20, 1,991 of 2,000 nested list items vanished). We raise
the limit to what still parses well within Python's recursion limit, and report the line where
text would still be dropped, as an error.

Attributes written after a link, image or code span (``[x](y){.small}``) are limited to ``id``,
``class`` from a fixed set and ``colspan``/``rowspan``: ``style`` could lay a link over the
whole page, ``srcdoc`` and ``autofocus`` have no place in a gazette. Removed attributes are
reported as warnings with their line.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore

MAX_NESTING = 100
"""Deepest nesting of lists and quotes parsed; each level costs a few Python frames."""
ATTRIBUTES = ("id", "class", "colspan", "rowspan")
"""Attribute names a body may set."""
CLASSES = frozenset({"small", "signature", "text-center", "text-right", "nowrap"})
"""Class names a body may set (styled in assets/site.css or harmless)."""
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")
_SPAN = re.compile(r"[1-9][0-9]?")
NOTICES = "gazette_notices"
"""env key under which parsing leaves (line, severity, message) for the caller to report."""


def harden(md: MarkdownIt) -> MarkdownIt:
    """Raise md's nesting limit, report text past it, and vet attributes; return md."""
    md.options["maxNesting"] = MAX_NESTING
    tokenize = md.block.tokenize

    def guarded(state: StateBlock, start: int, end: int) -> None:
        if state.level >= state.md.options["maxNesting"]:
            line = state.skipEmptyLines(start)
            notices = state.env.setdefault(NOTICES, [])
            if line < end and state.sCount[line] >= state.blkIndent and all(n[1] != "error" for n in notices):
                notices.append((line, "error", (
                    f"列表或引用嵌套超过 {MAX_NESTING} 层，从这一行起的内容无法显示；请减少嵌套层数（例如把深层的条目改为普通段落）")))
        tokenize(state, start, end)

    md.block.tokenize = guarded  # nested calls go through md.block.tokenize, so this sees every level
    md.core.ruler.push("gazette_attributes", _vet_attributes)
    return md


def _vet_attributes(state: StateCore) -> None:
    """Drop attributes outside the allow-list (the attrs plugin already set aside other names)."""
    notices = state.env.setdefault(NOTICES, [])
    if "{" not in state.src:
        return  # no {…} for the attrs plugin: only markdown-it's own attributes, all allowed
    for block in state.tokens:
        line = block.map[0] if block.map else 0
        for token in [block, *(block.children or [])]:
            removed = [name for name in token.meta.get("insecure_attrs", {})] if token.meta else []
            for name, value in list(token.attrs.items()):
                if not _allowed(name, str(value)):
                    del token.attrs[name]
                    removed.append(f'{name}="{value}"')
            if removed:
                notices.append((line, "warning", (
                    f"属性 {'、'.join(removed)} 不允许使用，已忽略；正文中只能写 id、class"
                    f"（{'、'.join(sorted(CLASSES))}）和表格的 colspan、rowspan")))


def _allowed(name: str, value: str) -> bool:
    if name == "id":
        return bool(_ID.fullmatch(value))
    if name == "class":
        return all(c in CLASSES for c in value.split())
    if name in ("colspan", "rowspan"):
        return bool(_SPAN.fullmatch(value))
    return name in ("href", "src", "alt", "title", "start", "style") and _core_attribute(name, value)


def _core_attribute(name: str, value: str) -> bool:
    """Attributes markdown-it itself sets: link targets, image sources, list starts, cell alignment."""
    if name == "style":
        return value in ("text-align:left", "text-align:right", "text-align:center")
    return True
