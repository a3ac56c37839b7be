"""Finding documents in the body text of a whole issue and reading their header (文号、标题、主送)."""

from __future__ import annotations

import re

from .. import docnumber
from .header import LEAD_IN_RE
from .model import Document, Line, ReportItem
from .text import CJK, ends_colon, ends_sentence, parse_date, squash, title_key

_RED_HEADER_RE = re.compile(rf"^[{CJK}（）()\s]{{2,40}}文\s*件$")
_KIND_END_RE = re.compile(
    r"(?:方案|办法|细则|预案|措施|机制|规定|规划|意见|制度|要点|计划|规则|标准|清单|目录|名单|条例|决定|规范|纲要|章程)"
    r"(?:[（(]\s*试\s*行\s*[）)]|[（(]\s*暂\s*行\s*[）)])?$"
)
_ATTACHMENT_RE = re.compile(r"^附\s*件\s*\d*$")


# A gazette prints the 文号 under the title in brackets, alone or after the date: （五政发〔2024〕17号）,
# （2024年8月2日 五发〔2024〕9号）.
_NOTE_NUMBER_RE = re.compile(r"^[（(]\s*(?:(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*)?(?P<num>[^（()）]+?)\s*[）)]$")


def number_note(text: str) -> tuple[str, str]:
    """(the 文号 as printed, the date YYYY-MM-DD or "") of a number line, its brackets and date taken off."""
    text = re.sub(r"\s*签\s*发\s*人\s*[：:].*$", "", text).strip()
    if (m := _NOTE_NUMBER_RE.match(text)) and docnumber.parse(m["num"]):
        return squash(m["num"]), parse_date(m["date"] or "")
    return squash(text), ""


def doc_number_of(text: str) -> docnumber.DocNumber | None:
    """Parse a line that is a doc number on its own (a 签发人 after it is allowed; in brackets, after a date)."""
    return docnumber.parse(number_note(text)[0])


def _ends_document(text: str) -> bool:
    """True for a line that closes the document before: the 公开 note, a 版记 line (抄送, …印发)."""
    from .closing import is_public_note, is_record

    return is_public_note(text) or is_record(text)


def is_red_header(text: str) -> bool:
    """True for the 版头 of an issued document, e.g. 五台县人民政府办公室文件."""
    return bool(_RED_HEADER_RE.match(text))


def is_decree_start(lines: list[Line], i: int) -> bool:
    """True at the 版头 of a 政府令 in an issue: XX人民政府令 with 第N号 on it or on the next line."""
    text = re.sub(r"\s", "", lines[i].text)
    if not text.endswith("号") and not text.endswith("令"):
        return False
    if text.endswith("令") and i + 1 < len(lines):
        text += re.sub(r"\s", "", lines[i + 1].text)
    m = docnumber.find_decree(text)
    return bool(m and m[0] == 0 and m[1] == len(text) and re.fullmatch(rf"[{CJK}]{{2,30}}", text[:text.index("令")]))


def split_issue(lines: list[Line], titles: list[str] | None = None) -> tuple[list[tuple[list[Line], int, str]], list[Line]]:
    """Cut body lines into documents; return [(lines, index of doc number line, TOC key)], leftover lines.

    titles are the 目录's titles of documents it lists without a 文号 (a rule, a report, a 公告): such a document
    starts where its title is printed (matched on title_key, one to three lines); its number index is -1 and its
    key the title's. A 文号 printed right under such a title makes it a numbered document again (same key)."""
    wanted = {key: t for t in titles or [] if (key := title_key(t))}
    starts: list[tuple[int, int, str]] = []  # (first line, doc number line or last title line, TOC key)
    numbered: set[int] = set()  # starts holding a doc number
    for i, line in enumerate(lines):
        if wanted and (found := _titled_at(lines, i, wanted)):
            del wanted[found[1]]
            starts.append((i, i + found[0] - 1, found[1]))
            continue
        if is_decree_start(lines, i):
            numbered.add(len(starts))
            starts.append((i, i, ""))  # a 政府令 begins with its 版头; it has no title above (GB/T 9704 命令格式)
            continue
        if doc_number_of(line.text) is None:
            continue
        if starts and starts[-1][2] and len(starts) - 1 not in numbered and i - starts[-1][1] <= 2:
            numbered.add(len(starts) - 1)  # listed by title alone, printed with its 文号 under the title
            starts[-1] = (starts[-1][0], i, starts[-1][2])
            continue
        j = i
        while j > 0 and i - j < 4 and not ends_sentence(lines[j - 1].text) \
                and doc_number_of(lines[j - 1].text) is None and not parse_date(lines[j - 1].text) \
                and not (starts and j - 1 <= starts[-1][1]) and not is_red_header(lines[j - 1].text) \
                and not _ends_document(lines[j - 1].text):
            j -= 1
        numbered.add(len(starts))
        starts.append((j, i, ""))
    docs = []
    for k, (start, num, key) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        docs.append((lines[start:end], num - start if k in numbered else -1, key))
    leftover = lines[: starts[0][0]] if starts else list(lines)
    return docs, leftover


def _titled_at(lines: list[Line], i: int, wanted: dict[str, str]) -> tuple[int, str] | None:
    """(number of lines, key) when one of the wanted titles is printed from line i on, else None."""
    longest = max(len(k) for k in wanted)
    key = ""
    for n in range(1, 4):
        if i + n > len(lines):
            break
        key += title_key(lines[i + n - 1].text)
        if key in wanted:
            return n, key
        if len(key) >= longest or not any(k.startswith(key) for k in wanted):
            break
    return None


def read_header(doc_lines: list[Line], num_index: int) -> tuple[Document, int, list[ReportItem]]:
    """Read title (the lines above the doc number) and addressees; return the document and first body index."""
    report: list[ReportItem] = []
    num_line = doc_lines[num_index]
    parsed = doc_number_of(num_line.text)
    i = num_index + 1
    title_lines = doc_lines[:num_index]
    header = [num_line.lineno] + [x.lineno for x in title_lines] + [x.lineno for x in doc_lines[:num_index]]
    if not title_lines:
        # The 文号 printed above the title (as on the red-header original): the title follows it.
        from .title import title_end

        end = title_end(doc_lines, i, min(len(doc_lines), i + 6))
        if end > i and end < len(doc_lines) and (ends_colon(doc_lines[end].text) or ends_sentence(doc_lines[end].text)):
            title_lines, i = doc_lines[i:end], end
            header += [x.lineno for x in title_lines]
    from .title import join_title

    title = join_title([x.text for x in title_lines])  # joint issuers' names keep a space between them
    if not title:
        report.append(ReportItem("错误", "找不到文件标题，已留空", num_line.lineno))
    printed, dated = number_note(num_line.text)
    doc = Document(title=title, doc_number=str(parsed) if parsed else "", printed_doc_number=printed,
                   header_lines=sorted(set(header)), lineno=num_line.lineno, date=dated)
    # 主送: up to three lines ending with a colon, right after the header.
    for n in range(1, 4):
        chunk = doc_lines[i:i + n]
        if len(chunk) == n and ends_colon(chunk[-1].text) and not any(ends_sentence(x.text) for x in chunk) \
                and not LEAD_IN_RE.search(squash("".join(x.text for x in chunk))):
            doc.addressees = squash(" ".join(x.text for x in chunk)).rstrip("：:")
            break
    else:
        report.append(ReportItem("注意", "找不到主送机关，已留空", num_line.lineno))
    return doc, i, report


def plan_title_length(lines: list[Line], start: int) -> int:
    """Number of lines at start that form the title of an attached plan (0 if none)."""
    for n in range(1, 4):
        chunk = lines[start:start + n]
        if len(chunk) < n or any(ends_sentence(x.text) or ends_colon(x.text) or len(squash(x.text)) > 40
                                 for x in chunk):
            return 0
        if _KIND_END_RE.search(squash(" ".join(x.text for x in chunk))):
            return n
    return 0


def attachment_heading(text: str) -> bool:
    """True for a standalone 附件 / 附件1 line that starts an attachment's text."""
    return bool(_ATTACHMENT_RE.match(text.strip()))
