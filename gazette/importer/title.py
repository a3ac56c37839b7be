"""A document's title in print: which lines can be part of it, where it ends, how its lines join."""

from __future__ import annotations

import re

from . import closing
from .marks import CJK, MASTHEAD_RE, cites_number, find_number
from .model import Line
from .text import ends_sentence, parse_date, squash, title_form

ORGAN_RE = re.compile(rf"^[{CJK}（）()]{{2,30}}(?:人民政府|办公室|办公厅|委员会|政府|局|厅|中心|小组|指挥部|委|办|院|部|室|会|署|银行)$")
TITLE_END_RE = re.compile(r"(?:通知|决定|通报|批复|意见|公告|通告|命令|嘉奖令|函|报告|请示|办法|规定|方案|细则|复函|议案|答复|条例"
                           r"|规划|纲要|计划|规则|决议|纪要|通令|公报|指引|措施|要点|清单|名单|目录|标准|说明|指南|导则|守则"
                           r"|预案|制度|章程|规范|公约|倡议书|责任书|公示|讲话|致辞)"
                           r"(?:[（(][^（()）]{1,16}[）)])?$")
# A version note printed on its own line under a title: （试行）, （2024年修订）, （2023—2030年）.
_VERSION_RE = re.compile(r"^[（(](?:试行|暂行|修订|修正|草案|征求意见稿|送审稿|修订稿|第[一二三四五六七八九十]{1,3}批"
                         r"|(?:19|20)\d\d\s*年\s*(?:度|修订|修正)?\s*(?:版|本)?"
                         r"|(?:19|20)\d\d\s*[—–\-－~～至]+\s*(?:19|20)\d\d\s*年?)[）)]$")
_QUOTED_PART_RE = re.compile(r"“[^“”]*(?:”|$)|^[^“”]*”|《[^《》]*(?:》|$)|^[^《》]*》")
_TITLE_LINE_MAX = 45  # characters of one printed title line
_TITLE_MAX = 150  # a title kept on one line (web pages, Word files) may be this long
# Where a title's subject starts after the issuers' names: 关于, or (titles without 关于) 印发, 转发, 批转.
SUBJECT_RE = re.compile(r"关于|印发|转发|批转")
MARKER_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十百]+[章条节]|\d+[.．、])")


def titleish(text: str) -> bool:
    """True for a line that can be part of a title (short, no sentence, no numbering, no date)."""
    t = squash(text)
    longest = _TITLE_MAX if TITLE_END_RE.search(t) else _TITLE_LINE_MAX  # a whole title may stand on one line
    # GB/T 9704: a title uses no punctuation but 、, brackets and the 《》 of a law's name: a comma is a sentence,
    # except inside a quoted slogan or name (“我为群众办实事，争做文明河东人”), which may wrap across lines.
    bare = _QUOTED_PART_RE.sub("", t)
    return (0 < len(t) <= longest and not re.search(r"[。；！？：:，,]", bare)
            and not MARKER_RE.match(t) and not parse_date(t) and not MASTHEAD_RE.match(t)
            and (find_number(t) is None or cites_number(t)) and not ends_sentence(t) and not closing.promulgation(t))


def title_end(lines: list[Line], start: int, stop: int) -> int:
    """End index of the title lines starting at start (no further than stop)."""
    i = start
    while i < stop and titleish(lines[i].text) and i - start < 6:
        first, size = lines[start].size, lines[i].size
        if i > start and first and size and abs(size - first) > 0.12 * first:
            break  # read from a PDF: a line set in another size is no more of the title (an author line under it)
        i += 1
        joined = squash("".join(x.text for x in lines[start:i]))
        nxt = squash(lines[i].text) if i < stop else ""
        # A title goes on after a kind word when the next line is a short tail: 的通知, （试行）的通知, 通知.
        tail = nxt.startswith("的") or TITLE_END_RE.fullmatch(nxt) or _VERSION_RE.match(nxt) or (
            len(nxt) <= 12 and nxt.startswith(("（", "(")) and TITLE_END_RE.search(nxt) and titleish(nxt))
        if TITLE_END_RE.search(joined) and not tail and not _goes_on(lines, i, stop, joined):
            break
    return i


def _goes_on(lines: list[Line], i: int, stop: int, joined: str) -> bool:
    """True when a title wrapped right after a kind word inside it (…五年行动方案 / 任务分工的通知): line i is
    the last line of the title block, ends with a kind word itself, and is no title of its own (no 关于, not
    a name, not the lines above repeated)."""
    if i >= stop or (i + 1 < stop and titleish(lines[i + 1].text)):
        return False
    nxt = squash(lines[i].text)
    return (titleish(nxt) and bool(TITLE_END_RE.search(nxt)) and "关于" not in nxt and not ORGAN_RE.match(nxt)
            and nxt not in joined and len(joined) + len(nxt) <= _TITLE_MAX)


def _title_line(text: str) -> str:
    """One title line in canonical form; joint issuers' names before the subject keep a space between them."""
    parts = text.split()
    names = 0
    while names < len(parts) and ORGAN_RE.match(parts[names]):
        names += 1
    if len(parts) > 1 and names == len(parts):
        return " ".join(parts)
    if len(parts) > names and (names >= 2 or (names == 1 and SUBJECT_RE.search(parts[1][2:])
                                              and not SUBJECT_RE.match(parts[1]))):
        # 甲局 乙局关于… / 甲局 乙局 丙局关于… / 甲办 乙办印发《…》: the last name is glued to 关于 (印发, 转发).
        return " ".join(parts[:names]) + " " + title_form(" ".join(parts[names:]))
    return title_form(text)


def _names_only(text: str) -> bool:
    """True for a title line that holds only issuers' names (joint issuers stacked one or two a line)."""
    parts = text.split()
    return bool(parts) and all(ORGAN_RE.match(p) for p in parts)


def join_title(texts: list[str]) -> str:
    """Title lines joined; joint issuers' names keep a space between them, also from one line to the next."""
    out = ""
    for k, text in enumerate(texts):
        line = _title_line(text)
        if k and _names_only(texts[k - 1]) and (_names_only(text) or " " in line or closing.issuers_in_title(line)):
            out += " "
        out += line
    return out


def title_score(lines: list[Line]) -> int:
    """How much lines look like a document title (发文机关 + 关于 + 事由 + 文种): a kind word at the end, 关于."""
    if not lines:
        return -9
    t = squash("".join(x.text for x in lines))
    return 2 * bool(TITLE_END_RE.search(t)) + ("关于" in t)
