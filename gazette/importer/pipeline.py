"""The import pipeline: source text → documents → content files and a report (no file system)."""

from __future__ import annotations

import difflib
import re

from .. import docnumber
from . import audit, check, closing, documents, reflow, render, single, toc
from . import furniture as furniture_mod
from .model import Block, Document, ImportResult, IssueInfo, Line, ReportItem
from .source import read_lines
from .text import fold, parse_date, title_form, title_key

_ISSUE_ARG_RE = re.compile(r"^(\d{4})-(\d{2})$")


def build_document(doc_lines: list[Line], num_index: int) -> tuple[Document, list[ReportItem]]:
    """Read one document of a whole issue: header, body blocks and 落款."""
    if num_index < 0 or documents.is_decree_start(doc_lines, num_index):
        # A 政府令 is read as a single document is (its number, the text it promulgates, the 落款 of an official);
        # so is a document the 目录 lists by title alone (a rule with its 题注, a report, a 公告): its category
        # comes from the 目录.
        doc, report = single.import_document(doc_lines)
        return doc, [r for r in report if "单件文件没有目录" not in r.message and "推断类别" not in r.message]
    doc, i, report = documents.read_header(doc_lines, num_index)
    doc.source_lines = list(doc_lines)
    body = doc_lines[i:]
    blocks: list[Block] = []
    n_addr = 0
    if doc.addressees:
        while not body[n_addr].text.rstrip().endswith(("：", ":")):
            n_addr += 1
        n_addr += 1
        text = ""
        for x in body[:n_addr]:
            text = reflow.join(text, x.text)
        blocks.append(Block("para", text, [x.lineno for x in body[:n_addr]]))
    end = closing.find_closing(body, n_addr)
    if end is None and (k := closing.find_bare_date(body, n_addr)) is not None:
        # A 落款 of a date only (the issuer's name under the seal): the issuer is the one the title names.
        end = closing.Closing(k, k + 1, closing.issuers_in_title(doc.title), "", parse_date(body[k].text))
        report.append(ReportItem("注意", f"落款只有日期，发文机关取自标题：{'、'.join(end.issuers) or '（标题中也没有，已留空）'}",
                                 doc.lineno))
    if end is None or not (end.issuers or end.date):
        if doc.date:  # printed beside the 文号: （2024年8月2日 五发〔2024〕9号）
            doc.issuer = "、".join(closing.issuers_in_title(doc.title))
            said = f"发文机关取自标题：{doc.issuer}" if doc.issuer else "发文机关已留空"
            report.append(ReportItem("注意", f"找不到落款，{said}；成文日期取自文号旁的题注", doc.lineno))
        else:
            report.append(ReportItem("注意", "找不到落款（发文机关与日期），发文机关和成文日期已留空", doc.lineno))
        blocks += reflow.reflow(body[n_addr:], reflow.outline_mode(body[n_addr:]))
        doc.blocks = blocks
        return doc, report
    blocks += reflow.reflow(body[n_addr:end.start])
    part = body[end.start:end.end]
    blocks.append(Block("signature", "\n".join(x.text for x in part), [x.lineno for x in part]))
    doc.issuer, doc.date = "、".join(end.issuers), end.date  # joint issuers, one line or several
    rest = body[end.end:]
    n_title = documents.plan_title_length(rest, 0)
    if n_title:
        blocks.append(Block("heading", title_form(" ".join(x.text for x in rest[:n_title])),
                            [x.lineno for x in rest[:n_title]], level=2))
    rest = rest[n_title:]
    for block in reflow.reflow(rest, reflow.outline_mode(rest)):
        if block.kind == "para" and closing.is_printing_line(block.text):
            block.kind = "signature"  # the 印发 line of the 版记 is marked like the 落款 (shared markup)
        blocks.append(block)
    doc.blocks = blocks
    return doc, report


def _unterminated(doc: Document) -> list[ReportItem]:
    """Warn about paragraphs that end mid-sentence: a sign of lines out of order or text lost."""
    items = []
    for block in doc.blocks:
        text = block.text.rstrip()
        if block.kind == "para" and text and text[-1] in "，、,的和与及发" and not text.endswith("印发"):
            items.append(ReportItem("注意", f"段落在句中结束，疑为错行或漏字：…{text[-12:]}", block.lines[-1]))
    return items


def _match_toc(docs: list[Document], entries: list[toc.TocEntry], keys: dict[int, str]) -> tuple[
        list[Document], list[ReportItem], set[int]]:
    """Put documents in TOC order, take category and page from it, report mismatches. Entries without a 文号 are
    matched on the title that found their document (keys: id of the document → title_key). A document whose body
    prints no title takes the 目录's (its line is in the set returned, so that its error can be withdrawn)."""
    report: list[ReportItem] = []
    by_number: dict[str, Document] = {}
    by_title = {key: doc for doc in docs if (key := keys.get(id(doc)))}
    untitled: set[int] = set()  # lines of documents whose title came from the 目录
    ordered: list[Document] = []
    for doc in docs:
        if id(doc) in keys:
            continue
        if doc.doc_number and doc.doc_number in by_number:
            first = by_number[doc.doc_number]
            report.append(ReportItem("错误", f"文号 {doc.doc_number} 出现两次：第 {first.lineno} 行《{first.title}》和第 "
                                     f"{doc.lineno} 行《{doc.title}》；两件都保留，请核对文号", doc.lineno))
            ordered.append(doc)  # kept, after the TOC's documents
        else:
            by_number[doc.doc_number] = doc
    for entry in entries:
        key = docnumber.normalise(entry.doc_number) or ""
        doc = by_title.pop(title_key(entry.title), None) if not entry.doc_number else None
        if doc is not None:
            key = doc.doc_number
        else:
            doc = by_number.pop(key, None)
        if doc is None:
            report.append(ReportItem("错误", f"目录第 {entry.number} 条《{entry.title}》（{entry.doc_number}）在正文中找不到",
                                     entry.lineno))
            continue
        doc.category, doc.page = entry.category, entry.page
        if not doc.title and entry.title:
            # The body prints no title (its 文号 first): the 目录's is the one there is.
            doc.title = title_form(entry.title)
            untitled.add(doc.lineno)
            report.append(ReportItem("注意", f"正文中没有标题，标题取自目录第 {entry.number} 条：{doc.title}，请核对",
                                     doc.lineno))
        if key != doc.doc_number or (entry.doc_number and docnumber.normalise(entry.doc_number) != doc.doc_number):
            doc.toc_doc_number = entry.doc_number
        if fold(title_form(entry.title)) != fold(doc.title):
            doc.toc_title = entry.title
            why = "只是标点或全角半角不同" if title_key(entry.title) == title_key(doc.title) else "疑似 OCR 错误"
            report.append(ReportItem("注意", f"目录标题与正文不同，以正文为准；{why}：{_diff(entry.title, doc.title)}",
                                     entry.lineno))
        ordered.append(doc)
    dupes = [d for d in ordered if d not in by_number.values()]
    ordered = [d for d in ordered if d in by_number.values()]
    for doc in list(by_number.values()) + dupes:
        if doc in ordered:
            continue
        if doc not in dupes:
            report.append(ReportItem("错误", f"正文中的《{doc.title}》（{doc.doc_number}）不在目录中", doc.lineno))
        ordered.append(doc)
    return ordered, report, untitled


def _diff(toc_title: str, body_title: str) -> str:
    """Describe how the TOC spelling differs from the body title, span by span."""
    parts = []
    matcher = difflib.SequenceMatcher(None, body_title, toc_title, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op != "equal":
            parts.append(f"正文“{body_title[a1:a2]}”/目录“{toc_title[b1:b2]}”")
    return "；".join(parts)


def _file_names(docs: list[Document]) -> tuple[list[str], list[ReportItem]]:
    """File name (slug) of each document; fall back to doc-<year>-<num>."""
    names, report = [], []
    for n, doc in enumerate(docs, start=1):
        parsed = docnumber.parse(doc.doc_number) if doc.doc_number else None
        slug = render.slug_for(doc.doc_number, parsed.prefix, parsed.year, parsed.number) if parsed else ""
        if not parsed and (decree := re.search(r"令第(\d+)号$", doc.doc_number)):
            slug = f"ling-{decree[1]}"  # a 政府令's number (五台县人民政府令第3号)
        if not slug:
            slug = f"doc-{parsed.year}-{parsed.number}" if parsed else f"doc-{n:02d}"
            report.append(ReportItem("注意", f"文号前缀无拼音对照，文件名用 {slug}.md", doc.lineno))
        while slug in names:
            slug += "-b"
        names.append(slug)
    return names, report


def _furniture_note(furniture: list[Line]) -> list[ReportItem]:
    """Say which lines were removed as page furniture (running heads, page numbers): never silently."""
    if not furniture:
        return []
    where = "、".join(str(x.lineno) for x in furniture[:12]) + ("……" if len(furniture) > 12 else "")
    kinds = "、".join(sorted({x.text.strip() for x in furniture if not any(ch.isdigit() for ch in x.text)})[:3])
    marks = "（含水印或印章的单字）" if any(len(x.text.strip()) == 1 and not x.text.strip().isdigit() for x in furniture) else ""
    return [ReportItem("信息", f"已移除页眉、页码等版面文字 {len(furniture)} 行{marks}（第 {where} 行）"
                       + (f"，如“{kinds}”" if kinds else ""))]


def import_text(text: str, issue: str, has_issue_md: bool = False) -> ImportResult:
    """Import source text into files under <issue>/; pure: nothing is read or written."""
    lines, furniture = read_lines(text)
    single = None if toc.find_issue_toc(lines) is not None else read_lines(text, single=True)
    return import_lines(lines, furniture, issue, has_issue_md, single)


def import_lines(lines: list[Line], _furniture: list[Line], issue: str, has_issue_md: bool = False,
                 single_lines: tuple[list[Line], list[Line]] | None = None) -> ImportResult:
    """Import source lines (furniture already removed) into files under <issue>/.

    single_lines are the lines to read when the source has no 目录 (a single document), if they
    differ from lines (plain text keeps bare numbers there, as table cells).
    """
    report: list[ReportItem] = []
    lines, chrome = furniture_mod.split_chrome(lines)
    _furniture = sorted(_furniture + chrome, key=lambda x: x.lineno)
    if single_lines is not None:
        kept, chrome = furniture_mod.split_chrome(single_lines[0])
        single_lines = (kept, sorted(single_lines[1] + chrome, key=lambda x: x.lineno))
    m = _ISSUE_ARG_RE.match(issue)
    if not m:
        raise ValueError(f"期号“{issue}”无效，应为 YYYY-NN，例如 2022-03")
    dropped: list[tuple[int, str]] = []
    reasons: list[str] = []  # why each dropped span could not be placed
    toc_entries: int | None = None
    toc_at = toc.find_issue_toc(lines)
    info: IssueInfo | None = None
    if toc_at is not None:
        first_lineno = lines[toc_at].lineno
        cover = [x for x in lines + _furniture if x.lineno < first_lineno]
        furniture = [x for x in _furniture if x.lineno >= first_lineno]  # the cover's are read with it
        info, items = toc.parse_cover(cover)
        report += items
        if cover:
            report.append(ReportItem("信息", f"封面 {len(cover)} 行（第 {min(x.lineno for x in cover)}–{first_lineno - 1} 行）"
                                     "只用于 issue.md 的期号、总期号和收录期，不写入正文", cover[0].lineno))
        entries, used, items = toc.parse_toc(lines[toc_at + 1:])
        toc_entries = len(entries)
        report += items
        body = lines[toc_at + 1 + used:]
        parts, leftover = documents.split_issue(body, [e.title for e in entries if not e.doc_number])
        docs: list[Document] = []
        keys: dict[int, str] = {}  # id of a document found by its 目录 title → that title's key
        for doc_lines, num_index, key in parts:
            doc, items = build_document(doc_lines, num_index)
            docs.append(doc)
            if key:
                keys[id(doc)] = key
            report += items
        docs, items, untitled = _match_toc(docs, entries, keys)
        report = [r for r in report if not (r.line in untitled and r.message.startswith("找不到文件标题"))] + items
        if (info.year, info.number) != (int(m[1]), int(m[2])):
            report.append(ReportItem("错误", f"刊头为 {info.year} 年第 {info.number} 期，与参数 {issue} 不一致"))
    else:
        lines, furniture = single_lines or (lines, _furniture)
        if not lines:
            raise ValueError("源文件没有任何文字，无法导入")
        leftover = []
        doc, items = single.import_document(lines)
        report += items
        if (at := toc.find_toc_start(lines)) is not None:
            report.append(ReportItem("注意", "这里的“目录”后面没有一期公报的目录条目（序号、标题、文号、页码），按单个文件"
                                     "（连同它自己的目录）导入；如果源文件其实是整期公报，请核对目录的格式", lines[at].lineno))
        report.append(ReportItem("注意", "单个文件没有目录，印刷版页码（page）无法确定，已留空", doc.lineno))
        docs = [doc]
        if not has_issue_md:
            info = IssueInfo(year=int(m[1]), number=int(m[2]))
            report.append(ReportItem("注意", "新建 issue.md：总期号（total_number）和出版日期（published）无法确定，已留空"))
    report += _furniture_note(furniture)
    for x in leftover:
        dropped.append((x.lineno, x.text))
        reasons.append("它在目录之后、第一个文件的文号之前，不属于任何文件（文号是否没有识别出来？）")
    names, items = _file_names(docs)
    report += items
    seen: dict[str, Document] = {}
    for doc in docs:
        key = fold(" ".join(b.text for b in doc.blocks))
        if key and key in seen:
            report.append(ReportItem("错误", f"《{doc.title}》（第 {doc.lineno} 行）与《{seen[key].title}》（第 "
                                     f"{seen[key].lineno} 行）正文完全相同：疑为重复收录，请删去一件", doc.lineno))
        seen.setdefault(key, doc)
    files: dict[str, str] = {}
    if info is not None:
        files[f"{issue}/issue.md"] = render.render_issue(info)
    for doc, name in zip(docs, names):
        content = render.render_document(doc, issue)
        files[f"{issue}/{name}.md"] = content
        if render.TOPIC_GUESS_MARK in content:
            topic = content.split("\ntopic: ", 1)[1].split("  ", 1)[0]
            report.append(ReportItem("注意", f"{doc.doc_number or doc.title}：主题分类（topic）按标题推测为“{topic}”，请核对", doc.lineno))
        body_md = content.split("---\n", 2)[2]
        lost, added = check.check_document(doc, body_md)
        dropped += lost
        reasons += ["它是标题所在的行，但与识别出的标题不一致" if span.startswith("标题：")
                    else f"《{doc.title or doc.doc_number}》排成 Markdown 后找不到它（导入程序的缺陷，请报告）" for _, span in lost]
        for extra in added:
            report.append(ReportItem("错误", f"输出中多出源文件没有的文字：{extra}", doc.lineno))
        report += _unterminated(doc)
        said = " ".join(r.message for r in report if r.line == doc.lineno)
        for field in ("issuer", "date", "addressees", "category"):
            if not getattr(doc, field) and field not in said:
                report.append(ReportItem("注意", f"{doc.doc_number or doc.title}：{field} 无法确定，已留空", doc.lineno))
    for (lineno, span), why in zip(dropped, reasons):
        shown = span if len(span) <= 120 else f"{span[:60]}……{span[-40:]}（共 {len(span)} 字）"
        report.append(ReportItem("错误", f"丢失文字“{shown}”：无法放入任何文件，因为{why}", lineno))
    report += audit.furniture_left(docs, files, _furniture) + audit.titles_in_source(docs) + audit.ocr_noise(lines)
    if toc_entries is not None:
        report += audit.toc_count(toc_entries, len(docs))
    report.sort(key=lambda r: r.line)
    return ImportResult(files, report, docs, dropped, info)
