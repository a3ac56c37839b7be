"""Small text helpers shared by the importer: squashing spaces, punctuation classes, dates."""

from __future__ import annotations

import re
import unicodedata

from ..text import CJK_CLASS, FULLWIDTH_DIGITS, SENTENCE_END

CJK = CJK_CLASS  # the one vocabulary: gazette/text.py
CLOSERS = "”’）)」』】〕》>"
OPENERS = "（(「『【〔《<“‘"
_PAIRS = {"（": "）", "(": ")", "「": "」", "『": "』", "【": "】", "〔": "〕", "《": "》", "“": "”"}
_FOLD = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "!": "！", "?": "？",
                       "〈": "<", "〉": ">"})
_SQUASH_RE = re.compile(r"\s+")
DATE_RE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_CN_DIGIT = {ch: n for n, chars in enumerate(["〇○零ＯOo0", "一", "二", "三", "四", "五", "六", "七", "八", "九"])
             for ch in chars}
_CN_DATE_RE = re.compile(r"^([〇○零ＯOo0一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$")


def squash(text: str) -> str:
    """Remove whitespace except between two ASCII letters or digits."""
    def keep(m: re.Match) -> str:
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        return " " if (before.isascii() and before.isalnum() and after.isascii() and after.isalnum()) else ""
    return _SQUASH_RE.sub(keep, text.strip())


def title_form(text: str) -> str:
    """Canonical spelling of a title: squashed, full-width brackets around Chinese."""
    text = squash(text)
    # A title set with letter-spacing comes out of a PDF with its digits apart (2 0 2 4年): one number.
    text = re.sub(r"(?<![0-9A-Za-z])\d(?: \d)+(?![0-9A-Za-z])", lambda m: m[0].replace(" ", ""), text)
    return re.sub(rf"\(([{CJK}]+)\)", r"（\1）", text)


_FOLD_MAP = {"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "〈": "<", "〉": ">"}
_FOLD_RE = re.compile(r"[(),:;!?〈〉]|\s+")


# The salutation that opens a speech (同志们：): a paragraph of its own, no 主送 and no label.
SALUTATION_RE = re.compile(r"^(?:同志们|各位代表|各位委员|各位来宾|女士们、先生们|朋友们)[，,、]?(?:同志们|朋友们)?[：:]$")


def fold(text: str) -> str:
    """Fold ASCII punctuation to full width and drop whitespace, for comparisons."""
    return _FOLD_RE.sub(lambda m: _FOLD_MAP.get(m[0], ""), text)


def title_key(text: str) -> str:
    """A title with its punctuation, spaces and character widths left out (NFKC): the 目录's spelling of a title
    (half-width brackets, straight quotes, a space) finds the same title in the body."""
    return re.sub(r"[\W_]", "", unicodedata.normalize("NFKC", text))


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
    """True if every opening bracket in text is closed (ASCII and full width mixed), and every 《 of a title
    quoted (a line cut by the wrap inside 《河东县城区集中供热价格调整方 / 案》 is no heading)."""
    depth = books = 0
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif ch == "《":
            books += 1
        elif ch == "》":
            books = max(0, books - 1)
    return depth == 0 and books == 0


def first_clause(text: str) -> str:
    """Text up to the first punctuation mark or bracket."""
    m = re.search(r"[，。；：、！？,.;:!?（）()“”《》]", text)
    return text[: m.start()] if m else text


def _cn_number(text: str) -> int:
    """Value of a Chinese numeral up to 39 written with 十 (十三, 二十一, 三十)."""
    if "十" not in text:
        return _CN_DIGIT[text] if len(text) == 1 else -1
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return -1
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)


def parse_date(text: str) -> str:
    """Convert 2022年6月13日 or 二〇二二年六月十三日 (spaces allowed) to 2022-06-13, or "" if not a date."""
    compact = re.sub(r"\s+", "", text).translate(FULLWIDTH_DIGITS)
    if m := DATE_RE.match(compact):
        y, mo, d = (int(g) for g in m.groups())
    elif m := _CN_DATE_RE.match(compact):
        y = int("".join(str(_CN_DIGIT[ch]) for ch in m[1]))
        mo, d = _cn_number(m[2]), _cn_number(m[3])
    else:
        return ""
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"


# Kangxi Radicals (U+2F00–U+2FDF) fold to ideographs under NFKC; the CJK Radicals Supplement
# (U+2E80–U+2EFF) does not, so its usual look-alikes are listed (some PDF fonts map glyphs there).
_SUPPLEMENT = str.maketrans({"⺠": "民", "⻓": "长", "⻔": "门", "⻛": "风", "⻢": "马", "⻅": "见", "⻋": "车",
                             "⻉": "贝", "⻆": "角", "⻙": "韦", "⻚": "页", "⻜": "飞", "⻝": "食",
                             "⻠": "饣", "⻡": "钅", "⻥": "鱼", "⻦": "鸟", "⻬": "齐", "⻮": "齿", "⻰": "龙",
                             "⻳": "龟", "⺟": "母", "⺁": "厂", "⺇": "几", "⺌": "小", "⺍": "小",
                             "⺕": "彐", "⺗": "心", "⺢": "水", "⺣": "火", "⺤": "爪", "⺮": "竹", "⻊": "足",
                             "⻌": "辶", "⻍": "辶", "⻎": "辶", "⻏": "阝", "⻖": "阝", "⺼": "月", "⺻": "聿",
                             "⺾": "艹", "⺿": "艹", "⻀": "艹", "⻄": "西", "⻑": "長", "⻘": "青", "⻩": "黄",
                             "⻤": "鬼", "⻨": "麦"})


def fix_radicals(text: str) -> tuple[str, int]:
    """Map radical code points (⼈ U+2F08 → 人, ⺠ → 民) back to ideographs; return the text and the count."""
    count = sum(1 for ch in text if "\u2e80" <= ch <= "\u2fdf")
    if not count:
        return text, 0
    import unicodedata

    out = "".join(unicodedata.normalize("NFKC", ch) if "\u2f00" <= ch <= "\u2fdf" else ch for ch in text)
    return out.translate(_SUPPLEMENT), count
