"""The honest part of the report: checks on the finished result that say when it is likely wrong."""

from __future__ import annotations

import re

from . import furniture as furniture_mod
from .model import Document, Line, ReportItem
from .text import fold

_SINGLE_RE = re.compile(r"^\S$")


def furniture_left(docs: list[Document], files: dict[str, str], furniture: list[Line]) -> list[ReportItem]:
    """Removed page furniture that still stands in a body line or inside a title (it leaked)."""
    keys = {furniture_mod.key(x.text) for x in furniture if len(furniture_mod.key(x.text)) >= 4}
    report = []
    if not keys:
        return report
    for doc in docs:
        for key in keys:
            # A title names its issuer, which may also be the text of a watermark or a running head.
            if key.replace("#", "") and key in furniture_mod.key(doc.title) and key != furniture_mod.key(doc.title) \
                    and key not in furniture_mod.key(doc.issuer):
                report.append(ReportItem("错误", f"标题中混入了页眉等版面文字“{key.replace('#', '')}”：{doc.title}", doc.lineno))
    for path, text in files.items():
        body = text.split("---\n", 2)[2] if text.startswith("---\n") else ""
        for n, line in enumerate(body.split("\n")):
            if line.strip() and furniture_mod.key(line) in keys:
                report.append(ReportItem("错误", f"{path} 正文中残留页眉/页码“{line.strip()}”（正文第 {n + 1} 行）"))
    return report


def titles_in_source(docs: list[Document]) -> list[ReportItem]:
    """A title that is not in the document's own lines was made up (e.g. taken from a quoted name): say so."""
    report = []
    for doc in docs:
        source = fold("".join(x.text for x in doc.source_lines))
        if doc.title and doc.source_lines and fold(doc.title) not in source:
            report.append(ReportItem("注意", f"标题“{doc.title}”在该文件的原文中找不到原样的一行，系推测，请核对", doc.lineno))
    return report


def ocr_noise(lines: list[Line]) -> list[ReportItem]:
    """Many lines of one character, or letters mixed into Chinese words, suggest an OCR text layer."""
    singles = [x for x in lines if _SINGLE_RE.match(x.text.strip())]
    if len(lines) >= 20 and len(singles) > 0.05 * len(lines):
        where = "、".join(str(x.lineno) for x in singles[:8])
        return [ReportItem("注意", f"{len(singles)} 行只有一个字符（第 {where} 行等）：疑为扫描识别（OCR）的文字层，"
                           "错字可能较多，请逐字核对", singles[0].lineno)]
    return []


def toc_count(entries: int, found: int) -> list[ReportItem]:
    """The number of documents against the TOC, always stated."""
    if entries == found:
        return [ReportItem("信息", f"目录列出 {entries} 件文件，正文中找到 {found} 件，一致")]
    return [ReportItem("错误", f"目录列出 {entries} 件文件，正文中找到 {found} 件，不一致：结果肯定不对，"
                       "请检查源文件是否完整、文号能否识别，并核对上面列出的条目")]
