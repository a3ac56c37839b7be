"""One issued document (红头文件) as the drafting office sends it: header, body, 落款, attachments, 版记."""

from __future__ import annotations

import re

from .. import docnumber
from ..text import HAN
from . import cells, closing, documents, reflow
from .header import Header, read_header
from .marks import MASTHEAD_RE, find_number
from .model import Block, Document, Line, ReportItem
from .text import ends_colon, ends_sentence, parse_date, squash, title_form
from .title import title_end

_CATEGORY_BY_ISSUER = [(re.compile(r"县人民政府办公室$"), "县政府办文件"), (re.compile(r"县人民政府$"), "县政府文件")]
_ATTACH_LIST_RE = re.compile(r"^附\s*件\s*[：:]")
_ITEM_RE = re.compile(r"^\d{1,2}\s*[.．、]")
_QUOTED_RE = re.compile(r"^《([^》]{4,60})》")
_QUOTED_ANY_RE = re.compile(r"《([^》]{4,60})》")
_PROMULGATES_RE = re.compile(r"现予(?:以)?公布|现公布|予以公布|现将.{0,12}公布")


def import_document(lines: list[Line]) -> tuple[Document, list[ReportItem]]:
    """Read one document from all the content lines of the source."""
    h = read_header(lines)
    report = list(h.report)
    removed = {x.lineno for x in h.removed + h.masthead if any(x == y for y in lines)}
    first = h.number_line or (h.title_lines[0] if h.title_lines else lines[0].lineno)
    doc = Document(title=h.title, doc_number=h.doc_number, printed_doc_number=h.printed_number,
                   addressees=h.addressees, lineno=first)
    doc.source_lines = [x for x in lines if x.lineno not in removed]
    doc.header_lines = sorted(set(h.title_lines) | set(h.number_lines))
    doc.title_lines = list(h.title_lines)
    if h.masthead:
        report.append(ReportItem("信息", f"版头（发文机关标志）只用于 front matter，不写入正文：{' '.join(squash(x.text) for x in h.masthead)}",
                                 h.masthead[0].lineno))
    for x in h.removed:
        report.append(ReportItem("注意", f"版头内容未写入正文（请核对）：{x.text}", x.lineno))
    blocks, end, note, items = _body(h.notes + lines[h.body_start:], h, reflow.full_lines(lines))
    report += items
    if end is None and h.dated is not None:
        names, doc.date = h.dated
        doc.issuer = "、".join(names) or "、".join(h.organs)
        report.append(ReportItem("注意", f"纪要没有落款：发文机关和日期取自版头下的印发机关和日期（{doc.issuer}，{doc.date or '无日期'}）",
                                 first))
    elif end is None and note is not None and note.issuer:
        doc.issuer, doc.date = _whole_organ(note.issuer, h, report, first), note.date
        doc.printed_doc_number = doc.printed_doc_number or note.number
        doc.doc_number = doc.doc_number or docnumber.decree(doc.issuer + note.number[len(note.issuer):]) or ""
        said = f"公布说明（{note.number}）" if note.number else "题注（通过它的会议）"
        report.append(ReportItem("注意", f"没有落款：发文机关和日期取自标题下的{said}", first))
    elif end is None:
        doc.date = note.date if note else h.number_date
        doc.issuer, where = _issuer_elsewhere(h)
        said = f"发文机关取自{where}：{doc.issuer}" if doc.issuer else "issuer 已留空"
        said += ("；日期取自标题下的题注" if note else "；日期取自文号旁的题注") if doc.date else "；date 已留空"
        report.append(ReportItem("注意", f"找不到落款（发文机关与日期），{said}", first))
    else:
        _fill_issuer(doc, h, end, report)
    doc.blocks = blocks
    if not doc.addressees:
        report = _addressees_in_record(doc, report)
    if not doc.title:
        _title_from_body(doc, report)
    _category(doc, report)
    return doc, report


def _body(body: list[Line], h: Header, full: set[int]) -> tuple[list[Block], closing.Closing | None, closing.Promulgation | None,
                                                 list[ReportItem]]:
    """Blocks of the text below a header: notes and a 附件 list above the 主送, the 主送, the text, the 落款 and what
    follows it; with the 落款 found (or None) and a promulgation note under the title (or None)."""
    report: list[ReportItem] = []
    # A 附件 list or a note in brackets printed above the 主送 (web pages) stays where it is, one item per line.
    blocks: list[Block] = []
    for x in body[:h.attachments_first]:
        if blocks and blocks[-1].text.lstrip().startswith("——") and _carries_on(blocks[-1].text, x.text):
            # A ——subtitle wrapped at the margin (——2024年1月10日在…第三次会议 / 上) is one paragraph.
            blocks[-1].text = reflow.join(blocks[-1].text, squash(x.text))
            blocks[-1].lines.append(x.lineno)
        else:
            blocks.append(Block("item", x.text, [x.lineno]))
    note = next((p for x in body[:h.attachments_first + 2] if (p := closing.promulgation(x.text))), None)
    body = body[h.attachments_first:]
    n_addr = _addressee_count(body) if h.addressees else 0
    if n_addr:
        blocks.append(Block("para", "".join(x.text for x in body[:n_addr]), [x.lineno for x in body[:n_addr]]))
    end = closing.find_closing(body, n_addr)
    if end is None:
        k = closing.find_bare_date(body, n_addr)
        if k is not None:
            end = closing.Closing(k, k + 1, [], "", parse_date(body[k].text))
    # Without a 落款 (纪要), a 版记 at the end still stands apart from the text.
    stop = end.start if end else next((r for r in range(n_addr, len(body))
                                       if closing.is_record(body[r].text) and len(body) - r <= 8), len(body))
    main, items = _main(body[n_addr:stop], full)
    blocks += main
    report += items
    if end is None and stop < len(body):
        tail, items = _tail(body[stop:], full)
        blocks += tail
        report += items
    if end is not None:
        part = body[end.start:end.end]
        blocks.append(Block("signature", "\n".join(x.text for x in part), [x.lineno for x in part]))
        tail, items = _tail(body[end.end:], full)
        blocks += tail
        report += items
    return blocks, end, note, report


def _carries_on(before: str, text: str) -> bool:
    """True for a line that goes on with the subtitle above it: neither a note in brackets, nor a speaker, nor
    another ——line."""
    t = squash(text)
    return not (t.startswith(("（", "(", "——")) or closing.is_official(text) or ends_sentence(before))


def _forwarded_at(rest: list[Line], i: int) -> bool:
    """True where a forwarded document printed after the 落款 begins: its 版头 (XX文件), or its 文号 standing
    alone on a line with a title of its own right below it."""
    t = squash(rest[i].text)
    if MASTHEAD_RE.match(t):
        return True
    found = find_number(t)
    return bool(found and not found[2] and i + 1 < len(rest) and title_end(rest, i + 1, min(len(rest), i + 5)) > i + 1)


def _forwarded(lines: list[Line], full: set[int]) -> tuple[list[Block], list[ReportItem]]:
    """A forwarded document (转发) printed in full: its header lines kept as printed, its title a ## heading,
    then its own text, 落款 and 版记."""
    h = read_header(lines)
    title = set(h.title_lines)
    blocks: list[Block] = []
    for x in lines[:h.body_start]:
        if x in h.notes:
            continue
        if x.lineno not in title:
            blocks.append(Block("para", x.text, [x.lineno]))
        elif x.lineno == h.title_lines[0]:
            blocks.append(Block("heading", h.title, list(h.title_lines), level=2))
    body, _, _, report = _body(h.notes + lines[h.body_start:], h, full)
    return blocks + body, report


def _addressee_count(body: list[Line]) -> int:
    """Number of lines the 主送 takes at the start of the body."""
    n = 0
    while not ends_colon(body[n].text):
        n += 1
    return n + 1


def _main(lines: list[Line], full: set[int]) -> tuple[list[Block], list[ReportItem]]:
    """Body before the 落款: reflowed text, then the 附件 list one item per line."""
    att = next((i for i, x in enumerate(lines) if _ATTACH_LIST_RE.match(x.text)), len(lines))
    items: list[Block] = []
    for x in lines[att:]:
        if items and not _ITEM_RE.match(x.text) and not ends_sentence(items[-1].text):
            items[-1].text = reflow.join(items[-1].text, squash(x.text))
            items[-1].lines.append(x.lineno)
        else:
            items.append(Block("item", x.text, [x.lineno]))
    blocks, report = _text_and_tables(lines[:att], full)
    return blocks + items, report


def _text_and_tables(lines: list[Line], full: set[int]) -> tuple[list[Block], list[ReportItem]]:
    """Reflowed text, with tables whose cells were extracted one per line (a 序号 header) rebuilt."""
    blocks: list[Block] = []
    report: list[ReportItem] = []
    start = i = 0
    while i < len(lines):
        end = cells.cell_run(lines, i)
        if end == i:
            i += 1
            continue
        blocks += reflow.reflow(lines[start:i], reflow.outline_mode(lines[start:i]), full)
        table, items = cells.rebuild(lines[i:end])
        blocks += table
        report += items
        start = i = end
    return blocks + reflow.reflow(lines[start:], reflow.outline_mode(lines[start:]), full), report


def _fill_issuer(doc: Document, h: Header, end: closing.Closing, report: list[ReportItem]) -> None:
    """Issuer and date from the 落款; from the 版头 when the 落款 names a person or nothing."""
    doc.date = end.date
    if end.issuers:
        doc.issuer = "、".join(end.issuers)
        if h.organs and set(h.organs) != set(end.issuers):
            report.append(ReportItem("注意", f"版头（{'、'.join(h.organs)}）与落款（{doc.issuer}）的发文机关不同，以落款为准",
                                     doc.lineno))
        return
    who = f"签署人“{end.official}”" if end.official else "只有日期"
    doc.issuer, where = _issuer_elsewhere(h)
    if doc.issuer:
        report.append(ReportItem("注意", f"落款为{who}，发文机关取自{where}：{doc.issuer}", doc.lineno))
    else:
        report.append(ReportItem("注意", f"落款为{who}，版头和标题也没有发文机关，issuer 已留空", doc.lineno))


_PLACE_RE = re.compile(rf"^{HAN}{{2,8}}?(?:自治州|自治县|特别行政区|省|市|县|区|州|盟|旗)")


def _whole_organ(organ: str, h: Header, report: list[ReportItem], line: int) -> str:
    """A promulgating body named without its place (市人民政府令第41号) completed from the 版头 (云川市人民政府规章),
    else guessed from the place the title starts with and reported as a guess."""
    if not organ.startswith(("省", "市", "县", "区", "州")):
        return organ
    whole = next((o for o in h.organs if o.endswith(organ) and len(o) > len(organ)), "")
    if whole:
        return whole
    place = _PLACE_RE.match(h.title)
    if place and place[0].endswith(organ[0]):
        report.append(ReportItem("注意", f"公布说明只写“{organ}”，发文机关按标题推测为“{place[0] + organ[1:]}”，请核对", line))
        return place[0] + organ[1:]
    return organ


def _issuer_elsewhere(h: Header) -> tuple[str, str]:
    """Issuer when the 落款 names none: from the 版头, else from the title; ("", "") if neither."""
    if h.organs:
        return "、".join(h.organs), "版头"
    if h.byline:
        return "、".join(h.byline), "标题下的署名"
    names = closing.issuers_in_title(h.title)
    return ("、".join(names), "标题") if names else ("", "")


def _tail(rest: list[Line], full: set[int]) -> tuple[list[Block], list[ReportItem]]:
    """After the 落款: 公开 note, attached plans or 附件 (tables rebuilt), then the 版记 line by line."""
    record = next((r for r in range(len(rest)) if closing.is_record(rest[r].text) and len(rest) - r <= 8), len(rest))
    blocks: list[Block] = []
    report: list[ReportItem] = []
    segment: list[Line] = []
    i = 0
    while i < record:
        if _forwarded_at(rest, i):
            blocks += _segment(segment, full)
            inner, items = _forwarded(rest[i:], full)
            return blocks + inner, report + items
        end = cells.cell_run(rest[:record], i)
        if closing.is_public_note(rest[i].text) or end > i:
            blocks += _segment(segment, full)
            segment = []
            if end > i:
                table, items = cells.rebuild(rest[i:end])
                blocks += table
                report += items
                i = end
                continue
            blocks.append(Block("para", rest[i].text, [rest[i].lineno]))
        else:
            segment.append(rest[i])
        i += 1
    blocks += _segment(segment, full)
    for x in rest[record:]:
        prev = blocks[-1] if blocks and x.lineno > rest[record].lineno else None
        # A 抄送 line wrapped at the margin goes on until its sentence ends (or the next 版记 line starts).
        if prev is not None and not ends_sentence(prev.text) and prev.kind == "para" and not closing.is_record(x.text) \
                and (prev.text.rstrip()[-1] in "，、," or closing.is_record(prev.text)):
            prev.text = reflow.join(prev.text, squash(x.text))
            prev.lines.append(x.lineno)
        elif prev is not None and prev.kind == "para" and closing.organs_of(prev.text) and re.match(r"^\d{4}\s*年.*印\s*发$", squash(x.text)):
            # 印发机关 and 印发日期 extracted as two lines: one 印发 line, as printed.
            prev.kind, prev.text = "signature", prev.text + " " + x.text
            prev.lines.append(x.lineno)
        else:
            kind = "signature" if closing.is_printing_line(x.text) else "para"
            blocks.append(Block(kind, x.text, [x.lineno]))
    return blocks, report


def _segment(lines: list[Line], full: set[int]) -> list[Block]:
    """Reflow text after the 落款; a plan title at its start becomes a ## heading."""
    if not lines:
        return []
    n = 0 if documents.attachment_heading(lines[0].text) else documents.plan_title_length(lines, 0)
    blocks = [Block("heading", title_form(" ".join(x.text for x in lines[:n])), [x.lineno for x in lines[:n]],
                    level=2)] if n else []
    return blocks + reflow.reflow(lines[n:], reflow.outline_mode(lines[n:]), full)


def _addressees_in_record(doc: Document, report: list[ReportItem]) -> list[ReportItem]:
    """GB/T 9704 puts the 主送 in the 版记, above the 抄送, when it does not stand above the text (纪要, long
    lists): take it from there."""
    for block in doc.blocks[1:]:
        m = re.match(r"^主\s*送\s*[：:]\s*(.+?)[。.]?$", squash(block.text)) if block.kind == "para" else None
        if m:
            doc.addressees = m[1]
            return [r for r in report if not r.message.startswith("找不到主送机关")] + [
                ReportItem("注意", f"主送机关取自版记：{m[1]}", block.lines[0])]
    return report


def _title_from_body(doc: Document, report: list[ReportItem]) -> None:
    """A 政府令 has no title of its own: take the 《…》 it promulgates when the text below carries that title."""
    paras = [b for b in doc.blocks if b.kind == "para"]
    first = squash(paras[0].text) if paras else ""
    # 《XX办法》已经……通过，现予公布 / 现公布《XX办法》，自……起施行 / 现将修订后的《XX条例》公布.
    m = _QUOTED_RE.match(first) or (_QUOTED_ANY_RE.search(first) if _PROMULGATES_RE.search(first) else None)
    if m and any(b.kind in ("heading", "para") and squash(b.text) == m[1] for b in doc.blocks[1:]):
        doc.title = m[1]
        report.append(ReportItem("注意", f"文件没有单独的标题，标题取自所公布的《{m[1]}》", doc.lineno))
    elif m and _PROMULGATES_RE.search(first):
        doc.title = m[1]
        report.append(ReportItem("注意", f"文件没有单独的标题，正文中也没有所公布的文本；标题按公布语推测为《{m[1]}》，请核对",
                                 doc.lineno))
    else:
        report.append(ReportItem("错误", "找不到文件标题，title 已留空", doc.lineno))


def _category(doc: Document, report: list[ReportItem]) -> None:
    """Category from the issuer (县政府文件 / 县政府办文件); empty and reported otherwise."""
    for regex, category in _CATEGORY_BY_ISSUER:
        if doc.issuer and "、" not in doc.issuer and regex.search(doc.issuer):
            doc.category = category
            report.append(ReportItem("注意", f"类别按发文机关推测为“{category}”（单件文件没有目录），请核对", doc.lineno))
            return
    report.append(ReportItem("注意", f"无法从发文机关“{doc.issuer}”推断类别，category 已留空", doc.lineno))
