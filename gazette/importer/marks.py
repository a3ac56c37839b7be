"""The lines that mark a document's header: the 版头 (XX文件, XX令, XX规章) and the 文号 line."""

from __future__ import annotations

import re

from .. import docnumber
from ..text import FULLWIDTH_DIGITS
from .text import CJK as _CJK
from .text import squash

# Names may carry placeholders (X县, ××市) in templates and anonymised copies.
CJK = _CJK + "X×Ｘ"
MASTHEAD_RE = re.compile(rf"^[{CJK}（）()]{{2,60}}(?:文件|令|规章)$")
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
    # A number printed in brackets, （五政发〔2022〕6号）, takes its brackets with it.
    start, end = m.start(), m.end()
    if start and compact[start - 1] in "（(" and compact[end:end + 1] in ("）", ")"):
        start, end = start - 1, end + 1
    other = squash(compact[:start] + " " + compact[end:])
    parsed = docnumber.DocNumber(m["prefix"], int(m["year"]), int(m["num"]))
    return parsed, compact[m.start():m.end()], " ".join(([other] if other else []) + extra)
