"""The header of one issued document (红头文件): 版头, 文号, 标题 and 主送, in whatever order they come."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .. import docnumber
from ..text import HAN
from . import closing
from .marks import CJK, MASTHEAD_RE, cites_number, find_number
from .model import Line, ReportItem
from .text import SALUTATION_RE as _SALUTATION_RE
from .text import ends_colon, ends_sentence, parse_date, squash
from .title import MARKER_RE, ORGAN_RE, TITLE_END_RE, join_title, title_end, title_score, titleish

# A 政府令 版头 with its number on the same line: 重庆市人民政府令第361号, XX人民政府令（第3号）.
_DECREE_LINE_RE = re.compile(rf"^(?P<organ>[{CJK}（）()]{{2,40}})令\s*[（(]?第\s*(?P<n>\d{{1,5}})\s*号[）)]?$")
_FILE_WORD_RE = re.compile(r"^文件$")
_SPLIT_YEAR_RE = re.compile(r"[〔\[［(（【]\s*(?:19|20)\d\d\s*[〕\]］)）】]$")
_ORDER_RE = re.compile(r"^[（(]?第(\d{1,4})号[）)]?$")
_PREAMBLE_RE = re.compile(
    r"^(?:签\s*发\s*人.*|份\s*号.*|\d{4,8}|[★☆].*|(?:特急|加急|急件|特提|平急|绝密|机密|秘密)(?:[★☆\s].*)?"
    r"|[A-Z]{2,8}\s*[-—－]\s*\d{4}(?:\s*[-—－]?\s*\d{1,8})?|[-—_━─=＝*★☆·.…\s]+)$"
)
# GB/T 9704 纪要格式: a 版头 XX纪要 (no 文件), a number without an issuer's prefix, the office and date below it.
_MINUTES_HEAD_RE = re.compile(rf"^[{CJK}（）()]{{2,40}}纪要$")
_MINUTES_NUM_RE = re.compile(r"^(?:[〔\[［(（【]\s*(?:19|20)\d\d\s*[〕\]］)）】]\s*第?\s*\d{1,4}\s*号|第\s*\d{1,4}\s*期)$")
# The serial number of a 公告/通告 under its title (第3号, 2024年第3号, 〔2024〕第3号): no 文号, kept in the body.
_SERIAL_RE = re.compile(r"^[（(]?(?:(?:19|20)\d\d\s*年|[〔\[［](?:19|20)\d\d[〕\]］])?\s*第\s*\d{1,4}\s*号[）)]?$")
_ATTACH_LIST_RE = re.compile(r"^附件[：:]")
_NOTE_RE = re.compile(r"^[（(][^（()）]{2,30}[）)]$")
LEAD_IN_RE = re.compile(r"如下|现将|现就|现予|为了|根据|按照|经研究|特此|通知|决定")
_ITEM_RE = re.compile(r"^\d{1,2}\s*[.．、]")
@dataclass
class Header:
    """What the header of a single document says, and which source lines said it."""

    title: str = ""
    """Title, squashed; "" if none was found."""
    title_lines: list[int] = field(default_factory=list)
    """Source lines of the title."""
    doc_number: str = ""
    """Canonical doc number, or ""."""
    printed_number: str = ""
    """Doc number (or 令 number) as printed, spaces squashed."""
    number_line: int = 0
    """Source line of the doc number (0 if none)."""
    number_lines: list[int] = field(default_factory=list)
    """Every source line the doc number was printed on (a number may be broken after its year)."""
    organs: list[str] = field(default_factory=list)
    """Issuing bodies named by the 版头, e.g. [五台县财政局]."""
    decree: bool = False
    """True for a 政府令 (版头 ends with 令, numbered 第N号)."""
    addressees: str = ""
    """主送 without the trailing colon."""
    body_start: int = 0
    """Index of the first body line (the 主送, if any)."""
    attachments_first: int = 0
    """Lines between the header and the 主送: a 附件 list, notes in brackets (with notes, below)."""
    notes: list[Line] = field(default_factory=list)
    """Notes printed between a title and the 文号 below it (a date, a promulgation note): the body's first lines."""
    dated: tuple[list[str], str] | None = None
    """Issuing office and date printed under a 纪要's number (a 纪要 has no 落款), or None."""
    masthead: list[Line] = field(default_factory=list)
    """版头 lines (发文机关标志, e.g. 五台县人民政府文件): front matter only."""
    removed: list[Line] = field(default_factory=list)
    """Other header lines (and parts of lines) kept out of the body: 签发人, 份号, 缓急."""
    report: list[ReportItem] = field(default_factory=list)
    """Problems found while reading the header."""
    byline: list[str] = field(default_factory=list)
    """Issuing bodies printed alone under a title without 版头 (a gazette's 统计公报: 河东县统计局), or []."""
    number_date: str = ""
    """Date printed beside the 文号 in one note under a gazette's title (（2024年8月2日 河发〔2024〕9号）), or ""."""


def _preamble(text: str) -> bool:
    """True for a line above the title that is none of its parts: 份号, 密级, 缓急, 签发人, a registration
    code (full-width letters and digits folded, ＣＳＣＲ－２０２２－８７００１), a rule."""
    return bool(_PREAMBLE_RE.match(unicodedata.normalize("NFKC", squash(text))))


def _limit(lines: list[Line]) -> int:
    """Index of the first line that cannot belong to the header (主送 or a sentence)."""
    for i, line in enumerate(lines[:24]):
        t = squash(line.text)
        if ends_colon(t) or "。" in t or (len(t) > 60 and not titleish(t)):
            return i
    return min(len(lines), 24)


def _header_indices(lines: list[Line], limit: int) -> list[int]:
    """Indices of 版头 lines: XX文件 / XX令, with joint issuers' names stacked above them."""
    found: set[int] = set()
    for i in range(limit):
        t = re.sub(r"\s", "", lines[i].text)
        if MASTHEAD_RE.match(t) or _DECREE_LINE_RE.match(t) or (_FILE_WORD_RE.match(t) and i > 0):
            found.add(i)
            j = i - 1
            while j >= 0 and j not in found and ORGAN_RE.match(squash(lines[j].text)) and i - j <= 4:
                found.add(j)
                j -= 1
    return sorted(found)


def _first_text(lines: list[Line], limit: int) -> int:
    """Index of the first line above limit that is not a preamble line (份号, 密级, a rule), or limit."""
    return next((i for i in range(limit) if not _preamble(lines[i].text)), limit)


def _name_masthead(lines: list[Line], limit: int) -> list[int]:
    """A 版头 printed as the issuer's name alone (no 文件), which the title below repeats; or a 纪要's 版头."""
    i = _first_text(lines, limit)
    if i + 1 >= limit:
        return []
    t = squash(lines[i].text)
    if ORGAN_RE.match(t) and _MINUTES_HEAD_RE.match(squash(lines[i + 1].text)) and not ORGAN_RE.match(squash(lines[i + 1].text)):
        return [i, i + 1]  # a 纪要's 版头 over two lines: 河东县人民政府 / 常务会议纪要
    if (ORGAN_RE.match(t) and squash(lines[i + 1].text).startswith(t)) or (
            _MINUTES_HEAD_RE.match(t) and find_number(t) is None):
        return [i]
    return []


def _minutes_lines(lines: list[Line], heads: list[int], limit: int, h: Header) -> set[int]:
    """Under a 纪要's 版头: its number (〔2024〕5号, 第5期), the office that prints it and the date, in any
    order and on one or several lines; they set h.dated and h.printed_number. Indices of those lines."""
    if not heads or heads[-1] - heads[0] > 1 or not _MINUTES_HEAD_RE.match(squash(lines[heads[-1]].text)):
        return set()
    used: set[int] = set()
    names: list[str] = []
    date = ""
    for i in range(heads[-1] + 1, min(limit, heads[-1] + 5)):
        t = squash(lines[i].text)
        issuers, when = closing.issuer_and_date(lines[i].text)
        if _MINUTES_NUM_RE.match(t):
            h.printed_number = t
            h.number_line = lines[i].lineno
            h.report.append(ReportItem("注意", f"纪要编号“{t}”没有机关代字，不是文号，doc_number 已留空", h.number_line))
        elif issuers and when:
            names, date = issuers, when
        elif closing.organs_of(lines[i].text):
            names = closing.organs_of(lines[i].text)
        elif parse_date(t) and len(t) <= 12:
            date = parse_date(t)
        else:
            break
        used.add(i)
    if names or date:
        h.dated = (names, date)
    h.number_lines = [lines[i].lineno for i in sorted(used)]
    return used


def _organs(texts: list[str]) -> list[str]:
    """Issuing bodies named in 版头 lines (文件/令 cut off, joint names split)."""
    names: list[str] = []
    for text in texts:
        text = text.strip()
        if re.fullmatch(r"(?:\S\s)+\S", text):  # letter-spaced: X X 县 人 民 政 府 文 件
            text = re.sub(r"\s", "", text)
        for part in re.split(r"\s{2,}|(?<=[局府室委办厅院部])\s(?=" + HAN + ")", text):
            name = re.sub(r"(?:文件|规章|令(?:[（(]?第\d+号[）)]?)?|(?:常务会议|办公会议|专题会议|工作会议|联席会议|会议)?纪要)$", "",
                          re.sub(r"\s", "", part))
            names += [name] if name else []
    return names


def read_header(lines: list[Line]) -> Header:
    """Read 版头, 文号, 标题 and 主送 from the first lines of a single document."""
    h = Header()
    limit = _limit(lines)
    heads = _header_indices(lines, limit) or _name_masthead(lines, limit)
    minutes = _minutes_lines(lines, heads, limit, h)
    num_at = next((i for i in range(limit) if i not in heads and find_number(lines[i].text)
                   and not cites_number(lines[i].text)), None)
    # A 文号 wrapped across two lines: after its year (京政发〔2023〕 / 14号) or before it (京政办发 / 〔2023〕14号).
    split = next((i for i in range(min(limit, len(lines) - 1)) if (
        _SPLIT_YEAR_RE.search(lines[i].text.strip())
        or (len(squash(lines[i].text)) <= 12 and not ORGAN_RE.match(squash(lines[i].text)) and re.match(r"^\s*[〔\[［(（【]\s*(?:19|20)\d\d", lines[i + 1].text)))
        and find_number(lines[i].text + lines[i + 1].text) and not find_number(lines[i + 1].text)), None)
    if split is not None and (num_at is None or split < num_at):
        num_at = split
        lines = lines[:split] + [Line(lines[split].lineno, lines[split].text + lines[split + 1].text)] + lines[split + 1:]
    if num_at is not None and not heads and all(ORGAN_RE.match(squash(x.text)) or _preamble(x.text)
                                                for x in lines[:num_at]):
        # 信函格式: the issuer's name alone above the 文号 is the 版头.
        heads = [i for i in range(num_at) if ORGAN_RE.match(squash(lines[i].text))]
    order_at = next((i for i in range(limit) if _ORDER_RE.match(squash(lines[i].text))), None)
    h.organs = _organs([lines[i].text for i in heads])
    h.masthead = [lines[i] for i in heads]
    h.decree = bool(heads) and squash(lines[heads[-1]].text).endswith("令")
    used = set(heads) | minutes
    one_line = next((m for i in heads if (m := _DECREE_LINE_RE.match(re.sub(r"\s", "", lines[i].text)))), None)
    if one_line and num_at is None:
        h.decree = True
        h.printed_number = f"{one_line['organ']}令第{one_line['n']}号"
        h.number_line = next(x.lineno for x in h.masthead if _DECREE_LINE_RE.match(re.sub(r"\s", "", x.text)))
        _decree_number(h)
    elif num_at is not None:
        parsed, printed, rest = find_number(lines[num_at].text)  # type: ignore[misc]
        h.doc_number, h.printed_number, h.number_line = str(parsed), printed, lines[num_at].lineno
        used.add(num_at)
        if num_at == split:
            used.add(num_at + 1)
        h.number_lines = [lines[i].lineno for i in sorted(used - set(heads))]
        if rest:
            h.removed.append(Line(lines[num_at].lineno, rest))
            if (note := closing.promulgation(rest)) and not note.issuer:
                h.number_date = note.date
        if not docnumber.is_canonical(h.doc_number):
            h.report.append(ReportItem("注意", f"文号“{h.doc_number}”的机关代字不在常见写法中，请核对", h.number_line))
    elif order_at is not None and h.decree:
        used.add(order_at)
        h.printed_number = "".join(_organs([lines[heads[-1]].text])) + "令" + squash(lines[order_at].text).strip("（()）")
        h.number_line = lines[order_at].lineno
        h.number_lines = [h.number_line]
        _decree_number(h)
    # The title follows the last 版头/文号 line, or (as reprinted in gazettes) precedes the 文号.
    after = max(used, default=-1) + 1
    signed = any("签发人" in squash(x.text) for x in lines[:after])
    while after < limit and (_preamble(lines[after].text) or (signed and _co_signer(lines[after].text))):
        after += 1
    # A 政府令 has no title of its own above its text (GB/T 9704 命令格式): it is taken from what it promulgates.
    end = after if h.decree else title_end(lines, after, limit)
    if num_at is not None:
        before = max((i for i in used if i < num_at), default=-1) + 1
        while before < num_at and _preamble(lines[before].text):
            before += 1
        # The title is the block that ends right above the 文号 (a line repeated above it, such as a
        # web page's own heading, is left out and reported).
        # A gazette reprint may print the date (（2024年6月20日）) or a promulgation note between the two.
        stop = num_at
        while stop > before and closing.promulgation(squash(lines[stop - 1].text)):
            stop -= 1
        start = next((b for b in range(before, stop) if title_end(lines, b, stop) == stop), stop)
        before, t_end = start, stop
        if t_end > before and title_score(lines[before:t_end]) > title_score(lines[after:end]):
            # Title above the 文号; what follows the number is the 主送 (possibly wrapped), not a title.
            after, end = before, t_end
            h.notes = lines[stop:num_at]
    h.title_lines = [x.lineno for x in lines[after:end]]
    h.title = join_title([x.text for x in lines[after:end]])
    rest = next((x for x in h.removed if x.lineno == h.number_line), None)
    if not h.title and rest is not None and TITLE_END_RE.search(squash(rest.text)) and titleish(rest.text):
        # A title with its 文号 on the same line (web pages, lists): 关于……的通知（河政办发〔2024〕2号）.
        h.removed.remove(rest)
        h.title, h.title_lines = join_title([rest.text]), [h.number_line]
    body = max(end, max(used, default=-1) + 1)
    for i in range(body):
        if i not in used and not (after <= i < end) and lines[i] not in h.notes:
            h.removed.append(lines[i])
    h.body_start = body
    _read_addressees(h, lines)
    h.attachments_first += len(h.notes)
    return h


def _co_signer(text: str) -> bool:
    """True for a line that holds one more 签发人's name alone (GB/T 9704 7.2.4: several signers stacked, one a
    line, the 文号 level with the last; a web page puts the last name on a line of its own)."""
    t = squash(text)
    return bool(re.fullmatch(rf"[{CJK}]{{2,4}}", t)) and not TITLE_END_RE.fullmatch(t) and not ORGAN_RE.match(t)


def _decree_number(h: Header) -> None:
    """A 政府令's number is its 发文字号: doc_number in canonical form (五台县人民政府令第3号), reported."""
    h.doc_number = docnumber.decree(h.printed_number) or ""
    said = f"文号（doc_number）写为政府令编号“{h.doc_number}”" if h.doc_number else "doc_number 已留空"
    h.report.append(ReportItem("注意", f"政府令“{h.printed_number}”没有〔年份〕文号，{said}，请核对", h.number_line))


def _attachment_list(lines: list[Line], start: int) -> int:
    """Lines printed between the header and the 主送: a 附件 list (附件：1.… / 2.…, as web pages put it) and
    short notes in brackets (（本文有删减）, a date note); 0 if none."""
    n = 1 if _byline(lines, start) else 0
    while start + n < len(lines) and (_NOTE_RE.match(squash(lines[start + n].text))
                                      or _SERIAL_RE.match(squash(lines[start + n].text))
                                      or closing.is_official(lines[start + n].text)
                                      or squash(lines[start + n].text).startswith("——")):
        n += 1
        if squash(lines[start + n - 1].text).startswith("——"):
            n += _subtitle_wrap(lines, start + n)
    if start + n < len(lines) and _ATTACH_LIST_RE.match(squash(lines[start + n].text)):
        n += 1
        while start + n < len(lines) and _ITEM_RE.match(squash(lines[start + n].text)) \
                and not ends_colon(lines[start + n].text):
            n += 1
    return n


def _byline(lines: list[Line], at: int) -> list[str]:
    """The issuing body a gazette prints alone under a title without 版头 (河东县统计局 over （2024年3月20日）):
    its name(s), when a date note, a ——subtitle or an official follows; else []."""
    if at + 1 >= len(lines):
        return []
    names = closing.organs_of(lines[at].text)
    nxt = squash(lines[at + 1].text)
    follows = closing.promulgation(nxt) or nxt.startswith("——") or closing.is_official(lines[at + 1].text)
    return names if names and follows else []


def _subtitle_wrap(lines: list[Line], at: int) -> int:
    """Lines at `at` that carry on a ——subtitle wrapped at the margin (——2024年1月10日在…第三次会议 / 上): short,
    no sentence, no colon, no speaker's name; 0 if none."""
    n = 0
    while at + n < len(lines) and n < 2:
        t = squash(lines[at + n].text)
        if not t or len(t) > 30 or ends_colon(t) or ends_sentence(t) or closing.is_official(lines[at + n].text) \
                or _NOTE_RE.match(t) or not re.search(r"(?:上|会|讲话|发言|报告)$", t):
            break
        n += 1
    return n


def _read_addressees(h: Header, lines: list[Line]) -> None:
    """Set 主送 from up to five lines ending with a colon right after the header (after a 附件 list, if any);
    a sentence that ends with a colon (现将有关事项通知如下：) is the body, not a 主送."""
    h.attachments_first = _attachment_list(lines, h.body_start)
    h.byline = _byline(lines, h.body_start)
    for x in lines[h.body_start:h.body_start + h.attachments_first]:
        if _SERIAL_RE.match(squash(x.text)) and not h.doc_number:
            h.report.append(ReportItem("注意", f"标题下的编号“{squash(x.text)}”是公告（通告）的序号，不是文号，留在正文，"
                                       "doc_number 已留空", x.lineno))
    first = h.body_start + h.attachments_first
    for n in range(1, 6):
        chunk = lines[first:first + n]
        joined = squash("".join(x.text for x in chunk))
        if _SALUTATION_RE.match(joined):
            break  # 同志们： opens a speech; it names no addressee
        if len(chunk) == n and ends_colon(chunk[-1].text) and not any(ends_sentence(x.text) for x in chunk) \
                and len(joined) <= 200 and not MARKER_RE.match(squash(chunk[0].text)) and not LEAD_IN_RE.search(joined):
            h.addressees = squash(" ".join(x.text for x in chunk)).rstrip("：:")
            return
    h.report.append(ReportItem("注意", "找不到主送机关，addressees 已留空", h.number_line or lines[0].lineno))
