"""Rendering documents and the issue as content files (front matter + Markdown)."""

from __future__ import annotations

import re

import yaml

from .model import Block, Document, IssueInfo
from .text import CJK, squash, title_form

# Pinyin initials of characters met in doc-number prefixes (文号前缀).
INITIALS = {
    "五": "w", "台": "t", "政": "z", "办": "b", "发": "f", "函": "h", "电": "d", "国": "g", "晋": "j",
    "忻": "x", "京": "j", "字": "z", "明": "m", "规": "g", "令": "l", "通": "t", "报": "b", "呈": "c",
    "县": "x", "市": "s", "省": "s", "委": "w", "府": "f", "人": "r", "民": "m", "纪": "j", "综": "z",
    "财": "c", "教": "j", "农": "n", "水": "s", "林": "l", "环": "h", "卫": "w", "安": "a", "应": "y",
    "急": "j", "建": "j", "交": "j", "商": "s", "工": "g", "信": "x", "公": "g", "厅": "t", "部": "b",
    "山": "s", "西": "x", "太": "t", "原": "y", "州": "z", "定": "d", "襄": "x", "代": "d", "繁": "f",
    "峙": "s", "原平": "yp", "审": "s", "批": "p", "统": "t", "计": "j", "价": "j", "税": "s",
}
_FRONT_KEYS = ["title", "doc_number", "issuer", "date", "category", "page", "addressees", "toc_title",
               "toc_doc_number"]


def slug_for(doc_number: str, prefix: str, year: int | None, number: int | None) -> str:
    """Slug from the pinyin initials of the prefix, e.g. 五政办发 2022 31 → wzbf-2022-31; "" if unknown."""
    letters = [INITIALS.get(ch) for ch in prefix]
    if not doc_number or year is None or number is None or not all(letters):
        return ""
    return f"{''.join(letters)}-{year}-{number}"  # type: ignore[arg-type]


def _scalar(value: object) -> str:
    """One YAML scalar, quoted only when YAML needs it."""
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000).strip().removesuffix("\n...").removesuffix("...").strip()


def front_matter(pairs: list[tuple[str, object]]) -> str:
    """Front matter block from (key, value) pairs; dates and numbers are written bare."""
    out = ["---"]
    for key, value in pairs:
        if value is None or value == "":
            out.append(f"{key}:")
        elif isinstance(value, int) or re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
            out.append(f"{key}: {value}")
        else:
            out.append(f"{key}: {_scalar(str(value))}")
    out.append("---")
    return "\n".join(out) + "\n"


def escape_inline(text: str) -> str:
    """Escape characters Markdown reads as inline markup."""
    return re.sub(r"([*_`\\])", r"\\\1", text)


def escape(text: str) -> str:
    """Escape what Markdown would read as markup at the start of a paragraph or inline."""
    text = escape_inline(text)
    text = re.sub(r"^(\d+)([.)])(?!\d)", r"\1\\\2", text)
    return re.sub(r"^([#>+\-=|])", r"\\\1", text)


def _tidy(text: str) -> str:
    """Collapse runs of whitespace to one space (the source's single spaces are kept)."""
    return re.sub(r"\s+", " ", text).strip()


def render_block(block: Block) -> str:
    """Markdown for one block."""
    if block.kind == "heading":
        text = title_form(block.text) if block.level == 2 else _tidy(block.text)
        return "#" * block.level + " " + escape_inline(text)
    if block.kind == "table":
        rows = block.cells or [re.split(r"\t+|\s{2,}", r.strip()) for r in block.text.split("\n")]
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        cell = lambda c: escape(c).replace("|", "\\|")  # noqa: E731
        lines = ["| " + " | ".join(cell(c) for c in rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows[1:]]
        return "\n".join(lines)
    if block.kind == "signature":
        # The 落款 (issuer lines and date, or the 印发 line): one paragraph per printed line.
        lines = [escape(_tidy(x)) for x in block.text.split("\n") if x.strip()]
        return "::: 落款\n" + "\n\n".join(lines) + "\n:::"
    text = _tidy(block.text)
    if block.kind == "item":
        # "组 长：田江波 …" → "组长：田江波 …": the spaces only aligned the label in print.
        text = re.sub(rf"^([{CJK}][{CJK} ]{{0,10}}?)\s*([：:])\s*", lambda m: squash(m[1]) + "：", text)
    return escape(text)


def render_document(doc: Document, issue: str) -> str:
    """The whole content file of a document."""
    values = {
        "title": doc.title, "doc_number": doc.doc_number, "issuer": doc.issuer, "date": doc.date,
        "category": doc.category, "page": doc.page, "addressees": doc.addressees,
        "toc_title": doc.toc_title, "toc_doc_number": doc.toc_doc_number,
    }
    pairs = [(k, values[k]) for k in _FRONT_KEYS if values[k] not in ("", None) or k in _FRONT_KEYS[:5]]
    body = "\n\n".join(render_block(b) for b in doc.blocks)
    return front_matter(pairs) + "\n" + body + "\n"


def render_issue(info: IssueInfo) -> str:
    """The content of issue.md."""
    pairs: list[tuple[str, object]] = [
        ("year", info.year), ("number", info.number), ("total_number", info.total_number),
        ("published", info.published),
    ]
    if info.period_start:
        pairs += [("period_start", info.period_start), ("period_end", info.period_end)]
    return front_matter(pairs)
