"""Header fields of red-header documents the team wrote in GB/T 9704 layouts (tests/importer_fixtures/redheads.py,
redheads_layouts.py and redheads_titles.py),
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
from redheads_layouts import MORE  # noqa: E402
from redheads_titles import TITLES  # noqa: E402
from typeset import Style, print_pdf  # noqa: E402

ROUTES = ("pdf", "layout", "plain", "web")
ALL = SAMPLES + MORE + TITLES


@pytest.fixture(scope="module")
def printed(browser, tmp_path_factory) -> Path:
    """Every sample as its own PDF (page numbers — N — at the foot), with pdftotext's two texts beside it, and
    the text a reader copies from the same page in the browser (one paragraph a line, as from a web page)."""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: run tests/run.sh, which installs Debian's poppler-utils")
    folder = tmp_path_factory.mktemp("redheads")
    for sample in ALL:
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
@pytest.mark.parametrize("sample", ALL, ids=[s.name for s in ALL])
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
    # (A note, a 公告's serial or an 附件 list printed between the title and the text may come first, as printed.)
    first = next(x for x in body.strip().split("\n") if x and not re.fullmatch(r"（.*）|第\d+号|附件：.*|\d\\?\..*", x))
    assert not re.search(r"^— \d+ —$", body, re.M)
    # (Without a 版头, a gazette may print the issuer's name under the title, as a byline: it stays, as printed.)
    assert not re.search(r"(?:文件|令|规章|纪要)$", first) and (first not in sample.issuer or 'class="red' not in sample.html)
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


def _body(result) -> str:
    return next(v for k, v in result.files.items() if not k.endswith("issue.md")).split("---\n", 2)[2]


@pytest.mark.parametrize("route", ROUTES)
def test_a_ruled_table_in_an_attachment_is_rebuilt_with_its_merged_total_cell(printed, route):
    """From the PDF the rules give the cells (合计 spans two columns: no rule between them in its row); from
    pdftotext -layout the columns of the words; from plain text and a web page the order, reported as a guess."""
    result = _import(printed, "allocation_with_ruled_table_in_attachment", route)
    body = _body(result)
    assert ("\n## 附件\n\n2024年第一批衔接推进乡村振兴补助资金分配表\n\n单位：万元\n\n"
            "| 序号 | 乡（镇） | 金额 | 备注 |\n|---|---|---|---|\n"
            "| 1 | 城关镇 | 120 | 含产业发展项目资金和以工代赈项目资金，按项目进度拨付 |\n"
            "| 2 | 东山乡 | 85 |  |\n| 合计 |  | 205 |  |\n") in body
    if route != "pdf":
        assert any("表格中“合计”一行少 2 格" in r.message for r in result.report)
    assert result.dropped == []


@pytest.mark.parametrize("route", ROUTES)
def test_an_attached_plan_and_the_record_at_the_end_stay_apart(printed, route):
    body = _body(_import(printed, "notice_with_plan_and_record_at_the_end", route))
    # (plain pdftotext puts the 公开 note above the 落款 printed to its right: its order is kept.)
    assert "\n（此件公开发布）\n" in body
    assert ("\n\n## 河东县2024年农村人居环境整治提升行动实施方案\n\n"
            "为持续改善农村人居环境，建设宜居宜业和美乡村，结合我县实际，制定本方案。\n\n### 一、工作目标\n") in body
    assert ("\n（二）加快推进农村生活污水治理。优先治理乡（镇）政府驻地、中心村和水源保护区内村庄的生活污水。\n\n"
            "抄送：县委办公室，县人大常委会办公室，县政协办公室，县纪委监委，县法院，县检察院，县人武部，云川市农业农村局。\n\n"
            "::: 落款\n河东县人民政府办公室 2024年11月6日印发\n:::\n") in body


@pytest.mark.parametrize("route", ROUTES)
def test_without_a_signature_the_issuer_comes_from_the_masthead_and_the_date_from_the_note(printed, route):
    result = _import(printed, "gazette_reprint_date_under_title_no_signature", route)
    assert any("找不到落款" in r.message and "发文机关取自版头：河东县人民政府" in r.message and "日期取自标题下的题注" in r.message
               for r in result.report)
    assert _body(result).startswith("\n（2024年6月20日）\n\n各乡（镇）人民政府，县直各有关单位：\n")
    result = _import(printed, "decision_without_signature_issuer_from_masthead", route)
    assert any("发文机关取自版头：河东县人民政府；date 已留空" in r.message for r in result.report)


@pytest.mark.parametrize("route", ["pdf", "plain"])
def test_a_rule_note_naming_the_city_government_without_its_place_takes_it_from_the_masthead(printed, route):
    result = _import(printed, "rule_note_with_city_decree_number_and_wrapped_title", route)
    doc = result.documents[0]
    assert (doc.issuer, doc.doc_number, doc.printed_doc_number) == ("云川市人民政府", "云川市人民政府令第41号", "市人民政府令第41号")
    # The note, wrapped over two centred lines, is one paragraph.
    assert "\n（2024年9月3日市人民政府令第41号公布 自2024年12月1日起施行）\n" in _body(result)


def test_an_announcements_serial_number_stays_in_the_body_and_is_no_doc_number(printed):
    result = _import(printed, "announcement_numbered_without_guanyu", "plain")
    assert _body(result).startswith("\n第3号\n\n根据《中华人民共和国土地管理法》有关规定")
    assert any("“第3号”是公告（通告）的序号，不是文号" in r.message for r in result.report)


def test_ocr_confusions_of_brackets_in_doc_numbers_and_addressees_are_put_right():
    """Tesseract's usual misreadings on the corpus's scans (tests/importer_fixtures/measure_ocr.py)."""
    assert ocr.tidy("云发改工业【2024j 52号") == "云发改工业〔2024〕52号"
    assert ocr.tidy("河政办发[2024]3]号") == "河政办发〔2024〕31号"
    assert ocr.tidy("河政发（2024]2]号") == "河政发〔2024〕21号"
    assert ocr.tidy("各乡〈镇）人民政府，县直各有关单位：") == "各乡（镇）人民政府，县直各有关单位："
    assert ocr.tidy("《2024年6月20日）") == "（2024年6月20日）"
    # A book-title mark that closes is one, with brackets inside it or not.
    assert ocr.tidy("《河东县管理办法（试行）》") == "《河东县管理办法（试行）》"
    assert ocr.tidy("第41号") == "第41号"
    assert ocr.tidy("河政办发【2024]j 19号") == "河政办发〔2024〕19号"
    assert ocr.tidy("《2024年9月3日市人民政府令第41号公布 自2024年12月]日\n起施行）") == \
        "（2024年9月3日市人民政府令第41号公布自2024年12月1日\n起施行）"
    assert ocr.tidy("实施方案（2024一2027年）") == "实施方案（2024—2027年）"
    assert ocr.tidy("《2024年政府工作报告》") == "《2024年政府工作报告》"


@pytest.mark.parametrize("route", ROUTES)
def test_notes_under_a_gazette_title_give_the_date_and_the_issuer_and_stay_in_the_body(printed, route):
    """No 版头, no 落款: a rule's 题注 names the meeting that passed it (its place taken from the title, said to be
    a guess); a report's ——subtitle gives the date, is one paragraph however it wrapped, and 各位代表： is no 主送."""
    result = _import(printed, "gazette_rule_with_the_meeting_that_passed_it", route)
    assert _body(result).startswith("\n（2024年6月7日县人民政府第25次常务会议通过）\n\n### 第一章 总 则\n")
    assert any("发文机关按标题推测为“河东县人民政府”" in r.message for r in result.report)
    assert any("取自标题下的题注（通过它的会议）" in r.message for r in result.report)
    result = _import(printed, "gazette_government_work_report", route)
    assert _body(result).startswith("\n——2024年1月10日在河东县第十八届人民代表大会第三次会议上\n\n县长 刘建华\n\n各位代表：\n\n")
    # A 统计公报's byline (the bureau's name alone under the title) is its issuer, and stays in the body as printed.
    result = _import(printed, "gazette_statistical_communique_with_its_author_and_date", route)
    assert any("发文机关取自标题下的署名：河东县统计局" in r.message for r in result.report)
    assert _body(result).startswith("\n河东县统计局\n\n（2024年3月20日）\n\n2023年，")
    result = _import(printed, "gazette_opinion_with_date_and_number_in_one_note", route)
    assert any("日期取自文号旁的题注" in r.message for r in result.report)
    assert any("版头内容未写入正文（请核对）：（2024年8月2日）" in r.message for r in result.report)


@pytest.mark.parametrize("route", ROUTES)
def test_header_lines_that_look_like_other_parts_are_read_for_what_they_are(printed, route):
    # A title ending in 命令 is no 政府令's 版头: the document keeps its 文号 and is no decree.
    result = _import(printed, "order_of_the_county_government", route)
    assert not any("政府令" in r.message for r in result.report)
    # The 文号 a title names (…关于废止河政办发〔2019〕12号文件的通知) is not the document's own.
    doc = _import(printed, "title_naming_another_documents_number", route).documents[0]
    assert (doc.doc_number, doc.printed_doc_number) == ("河政办发〔2024〕61号", "河政办发〔2024〕61号")
    # A web page's publishing line and buttons, between the title and the 文号 and at the end, are furniture.
    result = _import(printed, "web_page_with_its_buttons_and_publishing_line", route)
    assert not re.search(r"字体|发布时间|打印本页|关闭窗口", _body(result))
    assert any("已移除页眉、页码等版面文字" in r.message and "关闭窗口" in r.message for r in result.report)
    # An 附件 list printed above the 主送 stays there, one item a line, and is no 主送.
    body = _body(_import(printed, "gazette_reprint_attachments_listed_before_the_addressees", route))
    assert body.startswith("\n附件：1.河东县2024年度县级行政许可事项清单\n\n2\\.河东县2024年度取消的行政许可事项目录\n\n"
                           "各乡（镇）人民政府，县直各有关单位：\n")
    # Two 签发人 stacked: the second name, level with the 文号 or on a line of its own, is reported, not the title's.
    result = _import(printed, "joint_request_with_two_signers_stacked", route)
    assert "马建国" not in _body(result) and "高志强" not in _body(result)
    assert any(r.message.startswith("版头内容未写入正文") and "马建国" in r.message for r in result.report)
