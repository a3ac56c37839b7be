"""Reading what the editor gives the importer: a PDF, or text (a file or stdin), checked character by character."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..text import HAN
from .model import ReportItem
from .text import fix_radicals

_HAN_RE = re.compile(HAN)

# Mojibake: text decoded with the wrong encoding, or glyphs a font had no Unicode mapping for.
_MOJIBAKE_RE = re.compile(
    r"\ufffd|锟斤拷|烫烫烫|屯屯屯|[\ue000-\uf8ff]"  # replacement char, GBK/VC fill patterns, private use area
    r"|[ÃÂâæåäçèéêëìíîïðñòóôõöøùúûüýþ][\u0080-\u00bf\u2018-\u201e\u2020-\u2022\u2026\u2030\u20ac\u2122]"  # UTF-8 read as Latin-1
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_INVISIBLE_RE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")


@dataclass
class Source:
    """The text to import and what was wrong with its characters."""

    text: str = ""
    """The text (for a PDF: the extracted lines, for reference only)."""
    pdf: object | None = None
    """pdf.PdfText when the source is a PDF."""
    report: list[ReportItem] = field(default_factory=list)
    """Problems with the characters; errors stop the import."""


class SourceError(Exception):
    """The source cannot be read at all; the message says why and what to do."""


def _decode(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM allowed); anything else is an error that says how to convert."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(f"{name}：这是二进制文件，不是文本。请给出 PDF 文件，或从 PDF 提取的 UTF-8 文本")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        try:
            data.decode("gb18030")
            hint = "看来是 GBK/GB18030 编码：请用记事本“另存为”并选择 UTF-8，或运行 iconv -f GBK -t UTF-8"
        except UnicodeDecodeError:
            hint = "请确认它是文本文件，并另存为 UTF-8 编码"
        raise SourceError(f"{name}:{line}: 文件不是 UTF-8 编码（第 {exc.start + 1} 个字节无法解码）；{hint}") from None


def _common(ch: str) -> bool:
    """True for one of the most used Chinese characters: GB2312 level 1 (simplified) or Big5 常用字 (traditional)."""
    for codec, first, last in (("gb2312", 0xB0, 0xD7), ("big5", 0xA4, 0xC6)):
        try:
            if first <= ch.encode(codec)[0] <= last:
                return True
        except UnicodeEncodeError:
            pass
    return False


def garbled(lines: list[tuple[int, str]]) -> ReportItem | None:
    """An error when the Chinese characters are mostly rare ones: a text layer whose font had no Unicode
    mapping yields code points spread over the whole CJK block (about a third of them common), where
    real text, simplified or traditional, is over 95% common characters."""
    han = [(n, ch) for n, line in lines for ch in _HAN_RE.findall(line)]
    if len(han) < 200:
        return None
    rare = [(n, ch) for n, ch in han if not _common(ch)]
    if len(rare) <= 0.25 * len(han):
        return None
    first = rare[0][0]
    sample = next(t for n, t in lines if n == first).strip()[:30]
    return ReportItem("错误", f"文字层疑为乱码：{len(han)} 个汉字中常用字只占 {1 - len(rare) / len(han):.0%}（正常文本在 95% "
                      f"以上），如“{sample}”。多为 PDF 字体没有字符映射；请换用排版生成的 PDF 或正确的文本，或先用 OCR 识别",
                      first)


def check_characters(text: str) -> tuple[str, list[ReportItem]]:
    """Control characters and mojibake are errors with their line; radical code points are fixed and noted."""
    report = []
    fixed_lines = []
    radicals = 0
    for lineno, line in enumerate(text.split("\n"), start=1):
        if m := _CONTROL_RE.search(line.replace("\f", "").replace("\r", "").replace("\t", "")):
            report.append(ReportItem("错误", f"含有控制字符 U+{ord(m[0]):04X}（不可见，会破坏网页和订阅）；"
                                     "请删除它，或重新从 PDF 提取文本", lineno))
        if m := _MOJIBAKE_RE.search(line):
            report.append(ReportItem("错误", f"疑似乱码“{line[max(0, m.start() - 6):m.end() + 6].strip()}”：编码错误或字体没有"
                                     "字符映射，文字不可信；请换用原始 PDF 或正确编码的文本", lineno))
        if _INVISIBLE_RE.search(line):
            report.append(ReportItem("注意", "删除了不可见的零宽字符（U+200B 等），它们会妨碍搜索", lineno))
            line = _INVISIBLE_RE.sub("", line)
        line, k = fix_radicals(line)
        radicals += k
        fixed_lines.append(line)
    if radicals:
        report.append(ReportItem("注意", f"{radicals} 个字是康熙部首等形近码位（如 ⼈ 代替 人），已改为标准汉字；"
                                 "这些字在原文本中无法被搜索到"))
    if item := garbled(list(enumerate(fixed_lines, start=1))):
        report.append(item)
    return "\n".join(fixed_lines), report


def _scanned(data: bytes, why: Exception) -> Source:
    """A scanned PDF read by OCR when Tesseract is installed; otherwise (or if OCR finds no text) the error."""
    import tempfile

    from . import ocr
    from .pdf import PdfError

    if not ocr.available():
        raise PdfError(f"{why}（安装 Debian 的 tesseract-ocr 和 tesseract-ocr-chi-sim 后，导入程序会自动识别扫描版）")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(data)
        tmp.flush()
        text = ocr.read(Path(tmp.name))
    if len(_HAN_RE.findall(text)) < 20:
        raise PdfError(f"{why}；OCR 也没有识别出文字（页面是图形而不是文字？）")
    text, report = check_characters(text)
    report.insert(0, ReportItem("注意", "这是扫描版 PDF（没有文字层），文字由 OCR（Tesseract，简体中文模型）识别：会有错字、"
                                "漏行和错标点，数字、文号、日期尤其要对照原件逐字核对（见 README 中测得的识别准确率）"))
    return Source(text, None, report)


def read_source(source: str) -> Source:
    """Read a path (PDF or text) or '-' (stdin: text, or a PDF piped in)."""
    name = "-" if source == "-" else source
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except IsADirectoryError:
        raise SourceError(f"{name}：这是文件夹，请给出 PDF 或文本文件") from None
    except OSError as exc:
        raise SourceError(f"{name}：无法读取源文件（{exc.strerror or exc}）") from None
    if data.startswith(b"%PDF"):
        from . import pdf

        try:
            if source == "-":
                import tempfile

                with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
                    tmp.write(data)
                    tmp.flush()
                    text = pdf.read_pdf(Path(tmp.name))
            else:
                text = pdf.read_pdf(Path(source))
        except pdf.ScannedPdf as exc:
            return _scanned(data, exc)
        report = []
        for x in text.lines:
            for item in check_characters(x.text)[1]:
                if item.severity == "错误":
                    report.append(ReportItem(item.severity, item.message, x.lineno))
        if item := garbled([(x.lineno, x.text) for x in text.lines]):
            report.append(item)
        for page, chars in text.rotated.items():
            shown = chars if len(chars) <= 40 else chars[:40] + "……"
            report.append(ReportItem("注意", f"第 {page} 页有 {len(chars)} 个倾斜排列的字（水印或印章）：“{shown}”，"
                                     "不属于正文的行，未写入；如是正文，请核对原件"))
        if text.radicals:
            report.append(ReportItem("注意", f"{text.radicals} 个字是康熙部首等形近码位（如 ⼈ 代替 人），已改为标准汉字"))
        return Source(text.text, text, report)
    text, report = check_characters(_decode(data, name))
    if not text.strip():
        raise SourceError(f"{name}：源文件没有任何文字，无法导入")
    return Source(text, None, report)
