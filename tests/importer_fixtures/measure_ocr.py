"""Measure the OCR route on the team's red-header corpus (tests/importer_fixtures/redheads.py and redheads_layouts.py): each document is
rendered by Chromium as a page image at 288 dpi, made an image-only PDF (a scan without noise, skew or
stains: an upper bound), read by Tesseract and imported. Prints character accuracy and header fields.

Run: python3 tests/importer_fixtures/measure_ocr.py   (about 3 s of OCR per page; not part of the test suite)
"""

from __future__ import annotations

import base64
import difflib
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]

from playwright.sync_api import sync_playwright  # noqa: E402
from redheads import CSS, SAMPLES  # noqa: E402
from redheads_layouts import MORE  # noqa: E402
from typeset import Style, print_pdf  # noqa: E402

from gazette.importer import import_text, inputs  # noqa: E402


def scan(browser, page_html: str, path: Path) -> Path:
    """An image-only PDF of the page as printed (A4 width, margins as GB/T 9704), 3 device pixels a CSS pixel."""
    context = browser.new_context(viewport={"width": 794, "height": 1123}, device_scale_factor=3)
    page = context.new_page()
    page.set_content(f"<meta charset='utf-8'>{CSS}<div style='padding:140px 98px 0 106px'>{page_html}</div>")
    png = base64.b64encode(page.screenshot(full_page=True)).decode()
    context.close()
    return print_pdf(browser, f"<img src='data:image/png;base64,{png}' style='width:100%'>", path, Style(head="", footer=""))


def text_of(page_html: str) -> str:
    """The characters of the page (no spaces), what OCR should read."""
    return re.sub(r"\s|　", "", re.sub(r"<[^>]+>", "", re.sub(r"<style.*?</style>", "", page_html, flags=re.S)))


def main() -> None:
    fields = {"标题": 0, "文号": 0, "发文机关": 0, "成文日期": 0, "主送": 0}
    same = total = 0
    with sync_playwright() as p, tempfile.TemporaryDirectory() as folder:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for sample in SAMPLES + MORE:
            src = inputs.read_source(str(scan(browser, sample.html, Path(folder) / f"{sample.name}.pdf")))
            want, got = text_of(sample.html), re.sub(r"\s", "", src.text)
            matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
            same += sum(b.size for b in matcher.get_matching_blocks())
            total += len(want)
            doc = import_text(src.text, "2024-01").documents[0]
            for name, a, b in (("标题", doc.title, sample.title), ("文号", doc.doc_number, sample.doc_number),
                               ("发文机关", doc.issuer, sample.issuer), ("成文日期", doc.date, sample.date),
                               ("主送", doc.addressees or None, sample.addressees)):
                fields[name] += a == b
        browser.close()
    print(f"{len(SAMPLES + MORE)} 件；字符识别准确率 {same / total:.1%}（{same}/{total}，按最长公共子序列计）")
    print("| 字段 | 正确 |\n|---|---:|\n" + "\n".join(f"| {k} | {v}/{len(SAMPLES + MORE)} |" for k, v in fields.items()))


if __name__ == "__main__":
    main()
