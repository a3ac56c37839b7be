"""Typeset content as the printed gazette: HTML laid out like the print, printed to PDF by Chromium.

Test material for the PDF importer, made honestly from the shipped issue: a cover, a 目录 over two
pages, each document on a new page (centred title and 文号, indented paragraphs, right-aligned 落款),
a running head and a page number on every page (Chromium's header and footer templates).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin

CSS = """
@page { size: A4; }
body { font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC', serif; font-size: 16pt; line-height: 1.6; margin: 0; }
.page-break { break-after: page; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.flush { text-indent: 0; }
h1, h2 { font-size: 20pt; text-align: center; font-weight: bold; margin: 0.6em 0; }
h3, h4, h5, h6 { font-size: 16pt; margin: 0; text-indent: 2em; font-weight: bold; }
.number { text-align: center; text-indent: 0; margin: 0.5em 0 1em; }
.signature { margin: 1em 0; }
.signature p { text-align: right; text-indent: 0; padding-right: 2em; }
table { border-collapse: collapse; margin: 0.5em 0; width: 100%; }
td, th { border: 1px solid #000; padding: 2pt 4pt; font-size: 12pt; text-indent: 0; font-weight: normal; }
.cover h1 { font-size: 30pt; margin-top: 4cm; }
.cover p { text-align: center; text-indent: 0; }
.toc p { text-indent: 0; }
.toc .entry { display: flex; }
.toc .title { flex: 1; }
.toc .cat { text-align: center; margin: 0.6em 0; }
.redhead { color: #c00; text-align: center; font-size: 26pt; font-weight: bold; text-indent: 0; }
.record { border-top: 1px solid #000; border-bottom: 1px solid #000; margin-top: 2em; }
.record p { text-indent: 0.5em; }
"""


@dataclass
class Style:
    """How a variant of the print looks."""

    head: str = "五台县人民政府公报　2022年第3期"
    """Running head on every page ("" for none)."""
    footer: str = "—{n}—"
    """Page number format; {n} is the page number."""
    leader: str = "……（{p}）"
    """How a TOC entry ends; {p} is the page."""
    title_first: bool = True
    """Title above the 文号 (as gazettes reprint) or below it (as the red-header original)."""


def _md() -> MarkdownIt:
    def render(self, tokens, idx, _options, _env):
        return '<div class="signature">\n' if tokens[idx].nesting == 1 else "</div>\n"
    return MarkdownIt("commonmark").enable("table").use(container_plugin, "落款", render=render)


def _split(text: str) -> tuple[dict, str]:
    _, fm, body = text.split("---\n", 2)
    return yaml.safe_load(fm), body


def document_html(fm: dict, body: str, style: Style) -> str:
    """One document as printed: title and 文号 centred, 主送 flush left, body, 落款 right-aligned."""
    esc = html.escape
    if m := re.fullmatch(r"(.+令)(第\d+号)", fm.get("doc_number") or ""):
        # A 政府令 (GB/T 9704 命令格式): its 版头 and number; the title is the one of what it promulgates, in the text.
        head = f'<p class="redhead">{esc(m[1])}</p><p class="number">{esc(m[2])}</p>'
        return '<section class="page-break">' + head + _md().render(body) + "</section>"
    head = [f"<h1>{esc(fm['title'])}</h1>"]
    number = f'<p class="number">{esc(fm["doc_number"])}</p>' if fm.get("doc_number") else ""
    head = head + [number] if style.title_first else [number] + head
    rendered = _md().render(body)
    if fm.get("addressees"):
        rendered = rendered.replace("<p>", '<p class="flush">', 1)
    return '<section class="page-break">' + "".join(head) + rendered + "</section>"


def issue_html(folder: Path, style: Style | None = None) -> str:
    """The whole issue: cover, 目录 over two pages, the documents in TOC order."""
    style = style or Style()
    issue, _ = _split((folder / "issue.md").read_text(encoding="utf-8"))
    docs = []
    for path in folder.glob("*.md"):
        if path.name != "issue.md":
            docs.append(_split(path.read_text(encoding="utf-8")))
    docs.sort(key=lambda d: d[0]["page"])
    esc = html.escape
    d = lambda v: f"{v.year}年{v.month}月{v.day}日"  # noqa: E731
    out = [f"<style>{CSS}</style>", '<section class="cover page-break">', "<h1>五台县人民政府公报</h1>",
           "<p>WUTAIXIAN RENMIN ZHENGFU GONGBAO</p>",
           f"<p>{issue['year']}年第{issue['number']}期</p>", f"<p>（总第{issue['total_number']}期）</p>",
           f"<p>五台县人民政府办公室主办　{d(issue['period_start'])}-{d(issue['period_end'])}</p></section>",
           '<section class="toc">', "<h2>目　录</h2>"]
    category = ""
    for n, (fm, _) in enumerate(docs, start=1):
        if fm["category"] != category:
            category = fm["category"]
            out.append(f'<p class="cat">【{esc(category)}】</p>')
        title = fm.get("toc_title") or fm["title"]
        number = fm.get("toc_doc_number") or fm["doc_number"]
        out.append(f'<p>{n}、{esc(title)}　{esc(number)}{esc(style.leader.format(p=fm["page"]))}</p>')
        if n == len(docs) // 2:
            out.append('</section><section class="toc page-break" style="break-before: page">')
    out.append("</section>")
    out += [document_html(fm, body, style) for fm, body in docs]
    return "<!doctype html><html lang='zh-CN'><meta charset='utf-8'>" + "\n".join(out) + "</html>"


def print_pdf(browser, page_html: str, path: Path, style: Style | None = None) -> Path:
    """Print HTML to PDF with the running head and page number of the style."""
    style = style or Style()
    small = "font-size:9pt;width:100%;text-align:center;font-family:'Noto Serif CJK SC',serif"
    footer = html.escape(style.footer).replace("{n}", '<span class="pageNumber"></span>')
    page = browser.new_page()
    try:
        page.set_content(page_html, wait_until="load")
        page.pdf(path=str(path), format="A4", display_header_footer=True,
                 header_template=f'<div style="{small}">{html.escape(style.head)}</div>',
                 footer_template=f'<div style="{small}">{footer}</div>',
                 margin={"top": "3.2cm", "bottom": "3cm", "left": "2.8cm", "right": "2.6cm"})
    finally:
        page.close()
    return path


def plain(text: str) -> str:
    """Whitespace removed, for comparing printed text."""
    return re.sub(r"\s+", "", text)
