"""Header fields of red-header documents the team wrote in GB/T 9704 layouts (tests/importer_fixtures/redheads.py),
typeset to PDF by Chromium and imported four ways: the PDF itself (character positions), the text of
`pdftotext -layout` and of plain `pdftotext` (the README's text route), and the page's text as copied
from the browser (web pages)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from gazette.importer import import_lines, import_text, inputs, ocr

sys.path.insert(0, str(REPO / "tests" / "importer_fixtures"))
from redheads import CSS, SAMPLES, with_marks  # noqa: E402
from typeset import Style, print_pdf  # noqa: E402

ROUTES = ("pdf", "layout", "plain", "web")


@pytest.fixture(scope="module")
def printed(browser, tmp_path_factory) -> Path:
    """Every sample as its own PDF (page numbers — N — at the foot), with pdftotext's two texts beside it, and
    the text a reader copies from the same page in the browser (one paragraph a line, as from a web page)."""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: run tests/run.sh, which installs Debian's poppler-utils")
    folder = tmp_path_factory.mktemp("redheads")
    for sample in SAMPLES:
        pdf = print_pdf(browser, f"<meta charset='utf-8'>{CSS}{sample.html}", folder / f"{sample.name}.pdf",
                        Style(head="", footer="— {n} —"))
        for route, mode in (("layout", ["-layout"]), ("plain", [])):
            subprocess.run(["pdftotext", *mode, str(pdf), str(folder / f"{sample.name}.{route}.txt")], check=True)
        page = browser.new_page()
        page.set_content(f"<meta charset='utf-8'>{CSS}{sample.html}")
        (folder / f"{sample.name}.web.txt").write_text(page.inner_text("body"), encoding="utf-8")
        page.close()
    return folder


def _import(folder: Path, name: str, route: str):
    if route == "pdf":
        src = inputs.read_source(str(folder / f"{name}.pdf"))
        return import_lines(src.pdf.lines, src.pdf.furniture, "2024-01")
    src = inputs.read_source(str(folder / f"{name}.{route}.txt"))
    return import_text(src.text, "2024-01")


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_header_fields_of_printed_red_header_documents(printed, sample, route):
    result = _import(printed, sample.name, route)
    assert len(result.documents) == 1
    doc = result.documents[0]
    got = (doc.title, doc.doc_number, doc.issuer, doc.date, doc.addressees or None)
    assert got == (sample.title, sample.doc_number, sample.issuer, sample.date, sample.addressees)
    assert result.dropped == []
    assert not [r.message for r in result.report if r.severity == "错误"]
    body = next(v for k, v in result.files.items() if not k.endswith("issue.md")).split("---\n", 2)[2]
    # Page numbers and the 版头 stay out of the body, which starts with the 主送 (or the text).
    first = body.strip().split("\n")[0]
    assert not re.search(r"^— \d+ —$", body, re.M)
    assert not re.search(r"(?:文件|令|规章|纪要)$", first) and first not in sample.issuer
    if sample.addressees and "主送：" in sample.html:  # GB/T 9704: the 主送 in the 版记, kept there
        assert f"\n主送：{sample.addressees}。\n" in body
    elif sample.addressees:
        assert first == sample.addressees + "："
    # Every paragraph of the print (numbered or not, however it wrapped) is one paragraph of the body.
    blocks = {re.sub(r"^#+ |\s|\\", "", b) for b in body.split("\n\n")}
    for printed_paragraph in re.findall(r"<p>(.*?)</p>", sample.html):
        assert re.sub(r"\s|　", "", html.unescape(printed_paragraph)) in blocks


@pytest.mark.parametrize("route", ROUTES)
def test_a_forwarded_documents_own_header_stays_in_the_body(printed, route):
    result = _import(printed, "forwarding_with_inner_document", route)
    body = next(v for k, v in result.files.items() if not k.endswith("issue.md")).split("---\n", 2)[2]
    # The forwarded notice follows the forwarding notice's 落款 with its 版头 and 文号 as printed, its title
    # as a heading, its own text and its own 落款.
    inner = ("\n::: 落款\n河东县人民政府办公室\n\n2024年6月3日\n:::\n\n云川市人民政府办公室文件\n\n云政办发〔2024〕15号\n\n"
             "## 云川市人民政府办公室关于加强城镇燃气安全管理工作的通知\n\n各县（市、区）人民政府，市直各有关单位：\n")
    assert inner in body
    assert body.endswith("\n::: 落款\n云川市人民政府办公室\n\n2024年5月20日\n:::\n")
    assert result.dropped == []


@pytest.mark.parametrize("route", ["pdf", "plain"])
def test_watermark_and_seal_characters_stay_out_of_header_and_body(browser, tmp_path, route):
    """PDF: the slanted characters and the upright ones of the seal's colour inside it are reported, not read.
    Plain pdftotext: the mark comes out one character a line (and in pieces after a space at line ends)."""
    sample = next(s for s in SAMPLES if s.name == "office_notice_wrapped_after_guanyu")
    pdf = print_pdf(browser, f"<meta charset='utf-8'>{CSS}{with_marks(sample.html, sample.issuer)}", tmp_path / "m.pdf",
                    Style(head="", footer="— {n} —"))
    subprocess.run(["pdftotext", str(pdf), str(tmp_path / "m.plain.txt")], check=True)
    result = _import(tmp_path, "m", route)
    doc = result.documents[0]
    assert (doc.title, doc.doc_number, doc.issuer, doc.date, doc.addressees) == (
        sample.title, sample.doc_number, sample.issuer, sample.date, sample.addressees)
    body = next(v for k, v in result.files.items() if not k.endswith("issue.md")).split("---\n", 2)[2]
    assert "★" not in body and not re.search(r"^[\u4e00-\u9fff★]{1,3}$", body, re.M), body
    assert "\n附件：1.河东县农村集中供水工程名录\n" in body and "::: 落款\n河东县人民政府办公室 2024年4月10日印发\n:::" in body
    assert result.dropped == [] and not [r for r in result.report if r.severity == "错误"]


def test_minutes_number_without_a_prefix_is_reported_not_taken_for_a_doc_number(printed):
    result = _import(printed, "meeting_minutes", "pdf")
    assert result.documents[0].doc_number == ""
    assert any("纪要编号“〔2024〕5号”" in r.message and "doc_number 已留空" in r.message for r in result.report)


def test_a_scanned_pdf_is_read_by_ocr_and_says_so(browser, tmp_path):
    """An image-only PDF (the page rendered at 288 dpi): Tesseract reads it, the report says the text is OCR's."""
    from measure_ocr import scan

    if not ocr.available():
        pytest.fail("Tesseract is missing: run tests/run.sh, which installs tesseract-ocr and tesseract-ocr-chi-sim")
    sample = next(s for s in SAMPLES if s.name == "reply")
    src = inputs.read_source(str(scan(browser, sample.html, tmp_path / "scan.pdf")))
    assert src.pdf is None and "扫描版 PDF（没有文字层），文字由 OCR" in src.report[0].message
    doc = import_text(src.text, "2024-01").documents[0]
    assert (doc.doc_number, doc.issuer, doc.date, doc.addressees) == (
        sample.doc_number, sample.issuer, sample.date, sample.addressees)
