"""Small text helpers shared by the importer: squashing spaces, punctuation classes, dates."""

from __future__ import annotations

import re

CJK = r"\u3400-\u9fff"
SENTENCE_END = "。；！？;!?"
CLOSERS = "”’）)」』】〕》>"
OPENERS = "（(「『【〔《<“‘"
_PAIRS = {"（": "）", "(": ")", "「": "」", "『": "』", "【": "】", "〔": "〕", "《": "》", "“": "”"}
_FOLD = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "!": "！", "?": "？",
                       "〈": "<", "〉": ">"})
_SQUASH_RE = re.compile(r"\s+")
DATE_RE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")


def squash(text: str) -> str:
    """Remove whitespace except between two ASCII letters or digits."""
    def keep(m: re.Match) -> str:
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        return " " if (before.isascii() and before.isalnum() and after.isascii() and after.isalnum()) else ""
    return _SQUASH_RE.sub(keep, text.strip())


def title_form(text: str) -> str:
    """Canonical spelling of a title: squashed, full-width brackets around Chinese."""
    text = squash(text)
    return re.sub(rf"\(([{CJK}]+)\)", r"（\1）", text)


def fold(text: str) -> str:
    """Fold ASCII punctuation to full width and drop whitespace, for comparisons."""
    return re.sub(r"\s+", "", text.translate(_FOLD))


def ends_sentence(text: str) -> bool:
    """True if text ends with sentence-final punctuation (closing quotes/brackets allowed).

    A trailing parenthetical after a full stop, as in "……。（责任单位：县税务局）", also ends it.
    """
    text = text.rstrip()
    stripped = text.rstrip(CLOSERS)
    if stripped and stripped[-1] in SENTENCE_END and balanced(text):
        return True
    if text.endswith(("）", ")")) and balanced(text):
        depth = 0
        for pos in range(len(text) - 1, -1, -1):
            depth += {"）": 1, ")": 1, "（": -1, "(": -1}.get(text[pos], 0)
            if depth == 0:
                return pos > 0 and text[pos - 1] in SENTENCE_END
    return False


def ends_colon(text: str) -> bool:
    """True if text ends with a colon (full or half width)."""
    return text.rstrip().endswith(("：", ":"))


def balanced(text: str) -> bool:
    """True if every opening bracket in text is closed (ASCII and full width mixed)."""
    depth = 0
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
    return depth == 0


def first_clause(text: str) -> str:
    """Text up to the first punctuation mark or bracket."""
    m = re.search(r"[，。；：、！？,.;:!?（）()“”《》]", text)
    return text[: m.start()] if m else text


def parse_date(text: str) -> str:
    """Convert 2022年6月13日 (spaces allowed) to 2022-06-13, or "" if it is not a date."""
    m = DATE_RE.match(text.strip())
    if not m:
        return ""
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"
