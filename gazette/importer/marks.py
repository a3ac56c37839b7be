"""The lines that mark a document's header: the 版头 (XX文件, XX令, XX规章) and the 文号 line."""

from __future__ import annotations

import re

from .. import docnumber
from ..text import FULLWIDTH_DIGITS
from .text import CJK as _CJK
from .text import squash

# Names may carry placeholders (X县, ××市) in templates and anonymised copies.
CJK = _CJK + "X×Ｘ"
# A title ending in 命令, 嘉奖令 or 通令 (…关于实施森林防火戒严的命令, 河东县人民政府嘉奖令) is no 政府令's 版头.
MASTHEAD_RE = re.compile(rf"^(?!.*关于)[{CJK}（）()]{{2,60}}(?:文件|(?<![命奖通])令|规章)$")
_DATE_END_RE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
_SIGNER_RE = re.compile(rf"签\s*发\s*人\s*[：:]\s*[{CJK}]{{2,4}}(?:\s*[、，,]\s*[{CJK}]{{2,4}})*")


def find_number(text: str) -> tuple[docnumber.DocNumber, str, str] | None:
    """Doc number in a header line as (parsed, printed, rest of the line such as 签发人), or None."""
    extra = []
    if signer := _SIGNER_RE.search(text):
        extra.append(squash(signer[0]))
        text = text[:signer.start()] + " " + text[signer.end():]
    compact = squash(text).translate(FULLWIDTH_DIGITS)
    m = docnumber.search(compact)
    if not m:
        return None
    # A date before the number in one note (（2024年8月2日 河发〔2024〕9号）) is no part of its prefix.
    if (dated := _DATE_END_RE.search(compact, 0, m.end())) and m.start() < dated.end():
        compact = compact[:dated.end()] + " " + compact[dated.end():]
        m = docnumber.search(compact)
        if not m:
            return None
    # A number printed in brackets, （五政发〔2022〕6号）, takes its brackets with it.
    start, end = m.start(), m.end()
    if start and compact[start - 1] in "（(" and compact[end:end + 1] in ("）", ")"):
        start, end = start - 1, end + 1
    other = squash(compact[:start] + " " + compact[end:])
    parsed = docnumber.DocNumber(m["prefix"], int(m["year"]), int(m["num"]))
    return parsed, compact[m.start():m.end()], " ".join(([other] if other else []) + extra)


def cites_number(text: str) -> bool:
    """True for a title line that names another document's 文号 after its 关于 (…关于废止河政办发〔2019〕12号文件的通知):
    the number is the subject, not the document's own."""
    found = find_number(text)
    if found is None:
        return False
    compact = squash(text).translate(FULLWIDTH_DIGITS)
    # (A 文号's prefix never holds 关于: a greedy match may take the words before it into its prefix.)
    # A number in brackets after the title (…的通知（山政办明电〔2024〕2号）) is the document's own.
    at = compact.find(found[1])
    return at >= 0 and "关于" in compact[:at + len(found[1])] and not compact[:at].endswith(("（", "("))
