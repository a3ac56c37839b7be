"""OCR of a scanned PDF (pages that are only images): Debian's Tesseract with its Simplified Chinese model.

Each page is rendered at 300 dpi by PDFium (pypdfium2, already used to read text layers) and read by
``tesseract … -l chi_sim``; the text goes through the same import as pdftotext's text, pages separated
by form feeds so that running heads and page numbers are found by repetition. Tesseract prints
punctuation half-width (``:`` ``(`` ``[``) and spaces between Chinese characters; both are put back
as a Chinese text has them. Why Tesseract: it is packaged by Debian (tesseract-ocr,
tesseract-ocr-chi-sim, Apache-2.0), runs offline, and needs no Python binding.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..text import CJK_RANGES, char_class

LANGUAGE = "chi_sim"
DPI = 300
# Page segmentation 4 (one column of text of variable sizes): centred titles, right-aligned 落款 and the large
# 版头 are read as lines of their own; 6 (one uniform block) ran a 文号 into the title below it (measured on
# the team's corpus: 29 of 40 header fields right with 4, 22 with 6, on the eight hardest documents).
PSM = "4"
_HAN = char_class(CJK_RANGES[:2])  # Extension A and the Unified Ideographs
_FULL = {":": "：", ";": "；", ",": "，", "?": "？", "!": "！", "(": "（", ")": "）"}


def available() -> bool:
    """True when tesseract and its Simplified Chinese model are installed."""
    if not shutil.which("tesseract"):
        return False
    run = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    return LANGUAGE in run.stdout.split()


def tidy(text: str) -> str:
    """Tesseract's text as a Chinese text is written: no spaces between Chinese characters, full-width
    punctuation next to them, 〔〕 around a doc number's year."""
    # An ideographic space (between joint issuers' names, after 第一条) comes out as a stray quote mark.
    text = "\n".join(line.replace("“”", "  ").replace("”", "  ") if "“" not in line.replace("“”", "") else line
                     for line in text.split("\n"))
    text = re.sub(rf"(?<=[{_HAN}\d)])[ \t]*([:;,?!])", lambda m: _FULL[m[1]], text)
    text = re.sub(rf"\([ \t]*(?=[{_HAN}])|(?<=[{_HAN}])[ \t]*\(", "（", text)
    text = re.sub(rf"(?<=[{_HAN}\d])[ \t]*\)", "）", text)
    # A full-width bracket read as an angle bracket or a book-title mark: 各乡〈镇）, 《2024年6月20日）.
    text = re.sub(r"[〈《](?=[^〉》（\n]*）)", "（", text)
    text = re.sub(r"(?m)^《(?=(?:19|20)\d\d\s*年[^》\n]*$)", "（", text)  # a note in brackets that wraps
    # A 1 read as ] where nothing else fits (年]月, 月]日); a dash read as 一 between years (2024一2027年).
    text = re.sub(r"(?<=年)\](?=月)|(?<=月)\](?=日)", "1", text)
    text = re.sub(r"(?<=\d)一(?=\d)", "—", text)
    # A doc number's year in whatever brackets Tesseract saw (【2024j, [2024], 2024] with the 〔 lost), and a
    # 1 read as ] before 号 (3]号).
    text = re.sub(r"(?<=\d)(?<!19\d\d)(?<!20\d\d)\](?=\d{0,3}[ \t]*号)", "1", text)
    text = re.sub(rf"(?:(?<=[{_HAN}])|[\[［【〔(（])[ \t]*((?:19|20)\d\d)[ \t]*[\]］】〕)）jJ]{{1,2}}[ \t]*(?=\d{{1,4}}[ \t]*号)", r"〔\1〕",
                  text)
    marks = f"{_HAN}，。：；、（）《》“”〔〕"
    text = re.sub(rf"(?<=[{marks}])[ \t](?=[{marks}\d])", "", text)  # a wide gap (joint names) stays
    return re.sub(rf"(?<=\d)[ \t]+(?=[{_HAN}])", "", text)


def read(path: Path) -> str:
    """The text of every page of a scanned PDF, pages separated by form feeds."""
    import pypdfium2 as pdfium

    pages = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        with tempfile.TemporaryDirectory() as folder:
            image = Path(folder) / "page.pgm"
            for page in pdf:
                pixels = page.render(scale=DPI / 72, grayscale=True).to_numpy()
                if pixels.ndim == 3:
                    pixels = pixels[:, :, 0]
                # A binary PGM: what Tesseract (Leptonica) reads without an image library here.
                image.write_bytes(f"P5 {pixels.shape[1]} {pixels.shape[0]} 255\n".encode() + pixels.tobytes())
                run = subprocess.run(["tesseract", str(image), "-", "-l", LANGUAGE, "--psm", PSM],
                                     capture_output=True, text=True)
                pages.append(tidy(run.stdout))
    finally:
        pdf.close()
    return "\f".join(pages)
