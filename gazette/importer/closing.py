"""The end of an issued document: 落款 (issuer and date, or a signing official), 公开 note, 版记."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text import HAN
from .model import Line
from .text import CJK as _CJK
from .text import parse_date, squash

# Names may carry placeholders (X县, ××市) in templates and anonymised copies.
CJK = _CJK + "X×Ｘ"
_ORGAN_RE = re.compile(rf"^[{CJK}（）()]{{2,30}}(?:人民政府|办公室|办公厅|委员会|政府|局|厅|中心|小组|指挥部|委|办|院|部|会|队|所|站|公司|署|银行)$")
_OFFICIAL_RE = re.compile(rf"^(?:[{CJK}]{{0,10}}(?:[县市区州省镇乡]\s*长|局\s*长|主\s*任|书\s*记|厅\s*长|部\s*长|总\s*理|主\s*席|院\s*长|委\s*员\s*长))\s+[{CJK}](?:\s?[{CJK}]){{1,3}}$")
_DATE_TAIL_RE = re.compile(r"\s*((?:\d\s*){4}年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)$")
_PUBLIC_RE = re.compile(r"^[（(]\s*此\s*件.{0,12}[）)]$")
_RECORD_RE = re.compile(r"^(?:抄\s*送|抄\s*报|分\s*送|主\s*送|主\s*题\s*词|公\s*开\s*方\s*式|印\s*发)\s*[：:]|年.{1,8}日\s*印\s*发$")


# The promulgation note under the title of a 规章 or 条例 (it has no 落款):
# （2024年12月24日北京市人民政府第314号令发布 自2025年3月1日起施行）, （…国务院令第698号公布…）.
_PROMULGATED_RE = re.compile(
    rf"^[（(]\s*(?P<date>(?:\d\s*){{4}}年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)\s*(?P<organ>[{CJK}（）()\s]{{2,40}}?)\s*"
    r"(?:令\s*)?第\s*(?P<n>\d{1,5})\s*号\s*令?\s*(?:发布|公布)")


@dataclass
class Promulgation:
    """Who promulgated a 规章 and when, from the note under its title."""

    issuer: str
    """The promulgating body, e.g. 北京市人民政府."""
    date: str
    """Date of promulgation, YYYY-MM-DD."""
    number: str
    """The decree's number as printed, e.g. 北京市人民政府令第314号."""


_DATE_NOTE_RE = re.compile(r"^[（(]\s*((?:\d\s*){4}年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*[）)]$")
# The note under a title a gazette prints for a rule or plan passed at a meeting:
# （2024年6月7日县人民政府第25次常务会议通过）, （…河东县第十八届人民代表大会常务委员会第二十次会议审议通过）.
_PASSED_RE = re.compile(
    rf"^[（(]\s*(?P<date>(?:\d\s*){{4}}年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)\s*(?P<organ>[{CJK}（）()\s]{{2,40}}?)\s*"
    r"第\s*[\d一二三四五六七八九十百]{1,5}\s*次\s*[^（()）]{0,12}?会议\s*(?:审议|讨论)?\s*(?:通过|批准)[^（()）]{0,20}[）)]$")
# A speech's or report's subtitle in a gazette: ——2024年1月10日在河东县第十八届人民代表大会第三次会议上 (it may wrap).
_SPOKEN_RE = re.compile(r"^[—－-]{1,2}\s*((?:\d\s*){4}年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*在")


def promulgation(text: str) -> Promulgation | None:
    """Read a promulgation note (（2024年12月24日XX人民政府第314号令发布…）) or a date note under a title
    (（2018年9月20日）), or None."""
    if m := _DATE_NOTE_RE.match(text.strip()) or _SPOKEN_RE.match(text.strip()):
        return Promulgation("", parse_date(m[1]), "")
    if m := _PASSED_RE.match(text.strip()):
        # The meeting's body without its term: 河东县第十八届人民代表大会常务委员会 → 河东县人民代表大会常务委员会.
        organ = re.sub(r"第[\d一二三四五六七八九十]{1,4}届", "", squash(m["organ"]))
        return Promulgation(organ, parse_date(m["date"]), "")
    m = _PROMULGATED_RE.match(text.strip())
    if not m:
        return None
    organ = squash(m["organ"])
    return Promulgation(organ, parse_date(m["date"]), f"{organ}令第{m['n']}号")


def is_official(text: str) -> bool:
    """True for a line naming an official by post and name (县长 刘建华), as under a speech's title or in a 令's 落款."""
    return bool(_OFFICIAL_RE.match(text.strip()))


@dataclass
class Closing:
    """A 落款 found in the body."""

    start: int
    """Index of its first line."""
    end: int
    """Index after its last line (the date line)."""
    issuers: list[str] = field(default_factory=list)
    """Issuing bodies named in it (empty when signed by an official)."""
    official: str = ""
    """Signing official, e.g. 县长 王建国 (政府令)."""
    date: str = ""
    """Date, YYYY-MM-DD."""


def organs_of(text: str) -> list[str]:
    """Issuing bodies on a 落款 line (joint issuers separated by wide spaces), or [] if it is not one."""
    for gap in (r"\s{2,}|\t", r"\s+"):
        parts = [squash(p) for p in re.split(gap, text.strip()) if p.strip()]
        if len(parts) > 1 and all(len(p) >= 3 and _ORGAN_RE.match(p) for p in parts):
            return parts
    whole = squash(text)
    return [whole] if _ORGAN_RE.match(whole) else []


def issuer_and_date(text: str) -> tuple[list[str], str]:
    """Split a line like 五台县人民政府 2022年6月13日 into issuers and date."""
    m = _DATE_TAIL_RE.search(text)
    if not m or m.start() == 0:
        return [], ""
    return organs_of(text[: m.start()]), parse_date(m[1])


def issuers_in_title(title: str) -> list[str]:
    """Issuing bodies named at the start of a title, which GB/T 9704 builds as 发文机关 + 关于 + 事由 + 文种
    (joint issuers' names separated by spaces); [] if the title does not start with them."""
    m = re.match(r"^(.{2,80}?)(?:关于|印发|转发|批转)", title)
    names = m[1].split() if m else []
    if names and (all(organs_of(n) for n in names) or (
            len(names) > 1 and any(organs_of(n) for n in names) and all(re.fullmatch(HAN + "{2,30}", n) for n in names))):
        return names
    return []


def find_closing(lines: list[Line], start: int) -> Closing | None:
    """The first 落款 at or after start: issuer lines + date, issuer and date on one line, or official + date."""
    for k in range(start, len(lines)):
        text = lines[k].text
        if date := parse_date(text):
            j, issuers = k, []
            while j > start and k - j < 5 and (names := organs_of(lines[j - 1].text)):  # up to 5 joint issuers stacked
                issuers = names + issuers
                j -= 1
            if issuers:
                return Closing(j, k + 1, issuers, "", date)
            if j > start and _OFFICIAL_RE.match(lines[k - 1].text.strip()):
                return Closing(k - 1, k + 1, [], squash_official(lines[k - 1].text), date)
        issuers, date = issuer_and_date(text)
        if issuers and date:
            return Closing(k, k + 1, issuers, "", date)
    return None


def find_bare_date(lines: list[Line], start: int) -> int | None:
    """Index of a date standing alone after a finished paragraph (a 落款 whose issuer is only a seal),
    followed by the end, the 公开 note, the 版记 or an attachment."""
    for k in range(start, len(lines)):
        nxt = lines[k + 1].text if k + 1 < len(lines) else ""
        if parse_date(lines[k].text) and (not nxt or is_public_note(nxt) or is_record(nxt)
                                           or re.match(r"^附\s*件\s*\d*\s*$", nxt.strip())):
            return k
    return None


def squash_official(text: str) -> str:
    """县 长  王建国 → 县长 王建国."""
    m = re.match(r"^(.*?[长任记])\s+(.+)$", text.strip())
    return f"{squash(m[1])} {squash(m[2])}" if m else squash(text)


def is_public_note(text: str) -> bool:
    """True for （此件主动公开） / （此件公开发布） and the like."""
    return bool(_PUBLIC_RE.match(text.strip()))


def is_printing_line(text: str) -> bool:
    """True for the 印发 line of the 版记: 五台县人民政府办公室 2022年6月14日印发."""
    return bool(re.search(r"年.{1,8}日\s*印\s*发$", squash(text)))


def is_record(text: str) -> bool:
    """True for a 版记 line: 抄送：…, 公开方式：…, …印发."""
    return bool(_RECORD_RE.search(squash(text)))
