"""Validity (效力) of a document: recognised from its text or front matter, judged as of the build date.

The rule (judge) lives here only. A document's whole future is worked out at build time as a
timeline of changes (试行 from the start, 已失效 from 2024-07-14 …); the page and the search index
carry it, and assets/validity.js merely looks up the reader's own date in it, so a copy built in
2022 still reads 已失效 when opened in 2027.

The text gives it in a few set phrases: 有效期 3 年 / 有效期两年 / 有效期为2年 / 有效期至2025年12月31日,
自印发之日起施行 / 自2022年7月1日起施行, and 试行 in the title. Front matter ``effective`` and
``valid_until`` override what the text says. Every recognition is reported as an info line so an
editor can check it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .config import resolve_build_date
from .text import HAN, SENTENCE_RE, fold_digits

# Statuses, in the order the search filter lists them.
STATUSES = ("有效", "试行", "尚未施行", "已失效", "已废止")
STATUS_CLASS = {"有效": "valid", "试行": "trial", "尚未施行": "pending", "已失效": "expired", "已废止": "repealed"}
"""CSS class suffix of each status (status-valid …), for the badge and the 效力 section."""
NO_LONGER_IN_FORCE = ("已失效", "已废止")
"""Statuses the top of the document body announces."""

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"[0-9０-９一二两三四五六七八九十]{1,3}"
_DATE = r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
YEARS_RE = re.compile(rf"有效期限?(?:为|是)?\s*(?P<n>{_NUM})\s*年")
UNTIL_RE = re.compile(rf"有效期限?(?:至|到|截至|截止到?)\s*{_DATE}")
EFFECTIVE_RE = re.compile(
    rf"自\s*(?:{_DATE}|(?P<issued>印发|发布|公布|下发|颁布|发文|签发)之日)\s*起(?:施行|实施|执行|生效|试行)"
)
# A sentence about the document itself ("本办法自…", "本机制…有效期两年"), preferred over others.
_SELF_RE = re.compile(r"本(?:" + HAN + r"{0,6}?)(?:办法|规定|细则|方案|预案|机制|通知|意见|制度|文件|决定|措施|规则|标准|政策|规划|公告|条例)")


@dataclass
class Recognised:
    """What a document's text and front matter say about its own validity (before judging it)."""

    effective: dt.date | None = None
    """Date it takes effect (施行), from the text or front matter."""
    valid_until: dt.date | None = None
    """Last day it is valid, from the text or front matter."""
    years: int | None = None
    """有效期 N 年, if the text gives it that way."""
    trial: bool = False
    """试行 in the title."""
    effective_text: str = ""
    """The text's own words for the effective date (自印发之日起施行)."""
    term_text: str = ""
    """The text's own words for the term (有效期两年, 有效期至2025年12月31日)."""
    from_front: tuple[str, ...] = ()
    """Which of effective / valid_until front matter set (a tuple: it pickles alike in every process)."""


@dataclass(frozen=True)
class Change:
    """From one day on, a document has a new status."""

    start: dt.date | None
    """First day of the status; None for the first status (from the beginning)."""
    status: str
    """One of STATUSES."""

    @property
    def code(self) -> str:
        """"2024-07-14@已失效" ("@试行" for the first): how pages and the search index carry it."""
        return f"{self.start.isoformat() if self.start else ''}@{self.status}"


@dataclass
class Validity:
    """A document's status as of the build date, with the dates that decide it."""

    status: str
    """One of STATUSES."""
    as_of: dt.date
    """The build date it is judged at."""
    timeline: list[Change] = field(default_factory=list)
    """Every status the document has, by the day it starts; status is the one in force at as_of."""
    repealed_on: dt.date | None = None
    """Day the repealing document takes effect, if one in the archive repeals it."""
    effective: dt.date | None = None
    valid_until: dt.date | None = None
    years: int | None = None
    trial: bool = False
    repealed_by: Any = None
    """The Document in the archive that repeals it, if any (from repealed_on)."""
    from_front: tuple[str, ...] = ()
    """Which dates front matter set (the others were recognised in the text); a tuple, so it pickles alike in every process."""
    effective_text: str = ""
    term_text: str = ""

    @property
    def timeline_code(self) -> str:
        """The timeline as one attribute value: "@试行 2024-07-14@已失效" (assets/validity.js reads it)."""
        return " ".join(c.code for c in self.timeline)

    @property
    def statuses(self) -> list[str]:
        """Each status the document ever has, in order (the page prepares a wording for each)."""
        return [c.status for c in self.timeline]

    @property
    def css_class(self) -> str:
        return STATUS_CLASS[self.status]


def cn_number(text: str) -> int | None:
    """1–99 written in digits or Chinese numerals (3, 两, 十二); None if it is neither."""
    text = fold_digits(text)
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        t = _CN_DIGITS.get(tens, -1) if tens else 1
        u = _CN_DIGITS.get(units, -1) if units else 0
        return t * 10 + u if t >= 0 and u >= 0 else None
    return _CN_DIGITS.get(text) if len(text) == 1 else None


def add_years(start: dt.date, years: int) -> dt.date:
    """The last day of a period of whole years beginning on start (2022-07-18 + 3 → 2025-07-17)."""
    try:
        end = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + years, day=28) + dt.timedelta(days=1)
    return end - dt.timedelta(days=1)


def _candidates(paragraphs: list[tuple[int, str]], pattern: re.Pattern):
    """(preference, line, match) for every match, sentences about the document itself first."""
    found = []
    for line, text in paragraphs:
        if pattern.search(text) is None:  # nothing in the paragraph, so nothing in its sentences (no anchors)
            continue
        for sentence in SENTENCE_RE.finditer(text):
            for m in pattern.finditer(sentence.group()):
                found.append((1 if _SELF_RE.search(sentence.group()) else 0, line, m))
    return found


def _best(found: list):
    """The preferred match: about the document itself, and the last such (closing clauses)."""
    if not found:
        return None
    return max(enumerate(found), key=lambda ic: (ic[1][0], ic[0]))[1]


def recognise(paragraphs: list[tuple[int, str]], front: dict) -> tuple[Recognised, list[tuple[int, str]]]:
    """Read validity from the text and front matter; also (line, message) info notes on what the text said."""
    rec = Recognised(trial="试行" in str(front.get("title", "")))
    notes: list[tuple[int, str]] = []
    issued: dt.date | None = front.get("date")
    best = _best(_candidates(paragraphs, EFFECTIVE_RE))
    if best:
        _, line, m = best
        day = dt.date(int(m["y"]), int(m["m"]), int(m["d"])) if m["y"] else issued
        rec.effective, rec.effective_text = day, re.sub(r"\s+", "", m.group())
        notes.append((line, f"识别到施行日期：{m.group()}（{day.isoformat() if day else '成文日期'}）"))
    best = _best(_candidates(paragraphs, UNTIL_RE))
    if best:
        _, line, m = best
        rec.valid_until, rec.term_text = dt.date(int(m["y"]), int(m["m"]), int(m["d"])), m.group()
        notes.append((line, f"识别到有效期至 {rec.valid_until.isoformat()}"))
    else:
        best = _best([c for c in _candidates(paragraphs, YEARS_RE) if c[0] or _starts_clause(c[2])])
        years = cn_number(best[2]["n"]) if best else None
        if best and years:
            start = rec.effective or issued
            rec.years, rec.term_text = years, m_text(best[2])
            rec.valid_until = add_years(start, years) if start else None
            until = f"（至 {rec.valid_until.isoformat()}）" if rec.valid_until else ""
            notes.append((best[1], f"识别到有效期 {years} 年{until}"))
    for key in ("effective", "valid_until"):
        if front.get(key):
            setattr(rec, key, front[key])
            rec.from_front += (key,)
    if "valid_until" in rec.from_front:
        rec.years, rec.term_text = None, ""
    if "effective" in rec.from_front:
        rec.effective_text = ""
    return rec, notes


def m_text(m: re.Match) -> str:
    """A match's text as printed, with the stray spaces of print removed (有效期 3 年 → 有效期3年)."""
    return re.sub(r"\s+", "", m.group())


def _starts_clause(m: re.Match) -> bool:
    """有效期 at the start of its sentence or right after a comma: it is about the document."""
    before = m.string[: m.start()].rstrip()
    return not before or before[-1] in "，,、：:"


def status_on(rec: Recognised, as_of: dt.date, repealed_on: dt.date | None = None) -> str:
    """The status on one day: 已废止, 已失效, 尚未施行, 试行 or 有效 (the rule, in this order)."""
    if repealed_on is not None and repealed_on <= as_of:
        return "已废止"
    if rec.valid_until and as_of > rec.valid_until:
        return "已失效"
    if rec.effective and as_of < rec.effective:
        return "尚未施行"
    return "试行" if rec.trial else "有效"


def timeline(rec: Recognised, issued: dt.date, repealed_on: dt.date | None = None) -> list[Change]:
    """Every change of status from the day the document was written: the rule evaluated on that day
    and on each later day a date (施行, end of term, repeal) starts a new one."""
    days = sorted({d for d in (rec.effective, repealed_on,
                               rec.valid_until + dt.timedelta(days=1) if rec.valid_until else None) if d and d > issued})
    changes = [Change(None, status_on(rec, issued, repealed_on))]
    for day in days:
        status = status_on(rec, day, repealed_on)
        if status != changes[-1].status:
            changes.append(Change(day, status))
    return changes


def judge(rec: Recognised, issued: dt.date, as_of: dt.date, repealed_by: Any = None,
          repealed_on: dt.date | None = None) -> Validity:
    """The status as of a date, with the document's whole timeline."""
    if repealed_by is None:
        repealed_on = None
    changes = timeline(rec, issued, repealed_on)
    status = [c.status for c in changes if c.start is None or c.start <= as_of][-1]
    return Validity(status, as_of, changes, repealed_on, rec.effective, rec.valid_until, rec.years, rec.trial,
                    repealed_by, rec.from_front, rec.effective_text, rec.term_text)


def build_date(config: Any) -> tuple[dt.date, str]:
    """The date statuses are judged at and where it came from (config.resolve_build_date decided it)."""
    if config is not None and config.build_date is not None:
        return config.build_date, config.build_date_source
    return resolve_build_date(None, None)
