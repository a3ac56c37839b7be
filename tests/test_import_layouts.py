"""Header and body layouts of real-world documents (issue #15), one fixture each, written by the team
after the layouts the issue and GB/T 9704-2012 describe: web-page text (one paragraph per line, title
split over centred lines or kept on one long line), pdftotext output (lines cut at the wrap width,
page numbers, 版记), 政府令 and 规章, joint issuers, a 落款 with only a date under the seal."""

from __future__ import annotations

import pathlib
import re

import pytest
import yaml

from gazette.importer import import_text
from gazette.importer.reflow import full_lines
from gazette.importer.source import read_lines

LAYOUTS = pathlib.Path(__file__).resolve().parent / "importer_fixtures" / "layouts"

# file: (title, doc_number, issuer, date, addressees)
EXPECTED = {
    "web_title_split.txt": ("国务院办公厅关于印发全国森林草原防灭火规划（2023—2030年）的通知", "国办发〔2023〕9号",
                            "国务院办公厅", "2023-03-20", "各省、自治区、直辖市人民政府，国务院各部委、各直属机构"),
    "web_long_title.txt": ("北京市住房和城乡建设委员会 北京市规划和自然资源委员会 北京市发展和改革委员会关于进一步加强本市保障性住房"
                           "建设项目全过程质量管理工作的通知", "京建发〔2023〕112号",
                           "北京市住房和城乡建设委员会、北京市规划和自然资源委员会、北京市发展和改革委员会", "2023-04-03",
                           "各区住房城乡建设委、规划和自然资源分局、发展改革委，经济技术开发区开发建设局，各有关单位"),
    "reply_person.txt": ("关于政协十四届全国委员会第一次会议第01234号（农业水利类100号）提案答复的函", "农办函〔2023〕56号",
                         "农业农村部办公厅", "2023-07-12", "周桂英委员"),
    "decree_one_line.txt": ("山城市城市绿化管理办法", "山城市人民政府令第361号", "山城市人民政府", "2023-05-08", None),
    "rule_guizhang.txt": ("山城市公共场所控制吸烟管理办法", "山城市人民政府令第314号", "山城市人民政府", "2024-12-24", None),
    "pdftext_title_first.txt": ("山城市人民政府办公室关于做好2024年安全生产月活动的通知", "山市府办〔2024〕15号",
                                "山城市人民政府办公室", "2024-05-28", "各县（市、区）人民政府，市政府各部门，各有关单位"),
    "pdftext_joint_one_line.txt": ("山城市财政局 山城市农业农村局关于下达2023年农业保险保费补贴资金的通知", "山财农〔2023〕21号",
                                   "山城市财政局、山城市农业农村局", "2023-06-02", "各县（市、区）财政局、农业农村局"),
    "pdftext_masthead_seal.txt": ("山城县人民政府办公室关于印发山城县2024年春季植树造林工作方案的通知", "山政办发〔2024〕7号",
                                  "山城县人民政府办公室", "2024-03-01", "各乡（镇）人民政府，县直各有关单位"),
    "web_seal_attachment.txt": ("山城市人民政府 山城军分区关于做好2024年度征兵工作的通知", "山政发〔2024〕3号",
                                "山城市人民政府、山城军分区", "2024-01-15", "各县（市、区）人民政府、人民武装部，市直各有关单位"),
    "decision_date_note.txt": ("中共山城市委 山城市人民政府关于全面推进乡村振兴加快农业农村现代化的实施意见", None,
                               "中共山城市委、山城市人民政府", "2023-09-20", None),
    "plan_with_contents.txt": ("山城市人民政府关于印发山城市“十四五”生态环境保护规划的通知", "山政发〔2022〕18号", "山城市人民政府",
                               "2022-03-10", "各县（市、区）人民政府，市政府各部门"),
    "decree_two_lines.txt": ("山城省人民政府关于修改和废止部分省政府规章的决定", "山城省人民政府令第12号", "山城省人民政府", "2023-09-18", None),
    "title_tail_code.txt": ("山城县人民政府办公室关于印发山城县农村供水工程运行管理办法（试行）的通知", "山政办发〔2023〕11号",
                            "山城县人民政府办公室", "2023-04-06", "各乡（镇）人民政府，县直各单位"),
    "web_heading_repeated.txt": ("山城市人民政府关于同意设立山城高新技术产业开发区的批复", "山政函〔2023〕45号", "山城市人民政府",
                                 "2023-08-02", "山城县人民政府"),
    "pdftext_table_in_body.txt": ("山城县财政局关于下达2023年度乡镇财政所业务经费的通知", "山财发〔2023〕5号", "山城县财政局",
                                  "2023-03-15", "各乡（镇）财政所"),
    "decree_wrapped.txt": ("山城县城市供水管理办法", "山城县人民政府令第5号", "山城县人民政府", "2023-05-08", None),
    "web_title_with_number_on_its_line.txt": ("山城县人民政府办公室关于做好2024年春节期间安全防范工作的通知", "山政办明电〔2024〕2号",
                                              "山城县人民政府办公室", "2024-02-01", "各乡（镇）人民政府，县直各有关单位"),
    "web_note_before_addressee.txt": ("国务院办公厅关于加强城市内涝治理的实施意见", "国办发〔2021〕11号", "国务院办公厅", "2021-04-08",
                                      "各省、自治区、直辖市人民政府，国务院各部委、各直属机构"),
}


def _import(name: str):
    result = import_text((LAYOUTS / name).read_text(encoding="utf-8"), "2023-01")
    docs = [k for k in result.files if not k.endswith("issue.md")]
    assert len(docs) == 1 and len(result.documents) == 1, name
    _, fm, body = result.files[docs[0]].split("---\n", 2)
    return result, yaml.safe_load(fm), body


def test_every_fixture_layout_is_read_as_a_whole_document():
    assert sorted(EXPECTED) == sorted(p.name for p in LAYOUTS.glob("*.txt"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_header_fields_of_real_world_layouts(name):
    result, fm, body = _import(name)
    title, number, issuer, date, addressees = EXPECTED[name]
    got = (fm["title"], fm["doc_number"], fm["issuer"], str(fm["date"]), fm.get("addressees"))
    assert got == (title, number, issuer, date, addressees), name
    assert result.dropped == [] and not [r for r in result.report if r.severity == "错误"], name
    # The title never takes the 主送, the 版头 or a page number with it, and the 主送 is the body's first paragraph.
    assert not re.search(r"^[-—]\s*\d+\s*[-—]$", body, re.M), name
    if addressees:
        assert f"\n{addressees}：\n" in body, name


def test_title_above_the_number_and_a_wrapped_addressee_block():
    """达州 layout: title, 文号, then a 主送 over two lines; the first 主送 line is not taken as the title."""
    _, fm, body = _import("pdftext_title_first.txt")
    assert body.startswith("\n各县（市、区）人民政府，市政府各部门，各有关单位：\n")


def test_numbered_paragraphs_cut_at_the_wrap_width_stay_whole():
    """A numbered line that runs to the wrap width goes on in the next line: no heading plus a stray paragraph."""
    _, _, body = _import("pdftext_title_first.txt")
    assert "\n（一）强化组织领导，落实安全生产工作领导责任和部门监管责任，层层压实，确保各项任务落到实处。\n" in body
    assert "\n2\\.组织应急演练，各地各部门结合实际，组织开展形式多样的应急演练活动。\n" in body
    assert "\n### 一、总体要求\n" in body  # a short heading stays a heading
    lines, _ = read_lines((LAYOUTS / "pdftext_title_first.txt").read_text(encoding="utf-8"), single=True)
    full = full_lines(lines)
    assert any(x.text.startswith("（一）") and x.lineno in full for x in lines)
    assert not any(x.text == "一、总体要求" and x.lineno in full for x in lines)
    # Text with one paragraph per line (web pages) has no wrap width.
    web, _ = read_lines((LAYOUTS / "web_title_split.txt").read_text(encoding="utf-8"), single=True)
    assert full_lines(web) == set()


def test_attachment_list_above_the_addressees_stays_in_the_body_in_order():
    _, _, body = _import("web_long_title.txt")
    assert body.startswith("\n附件：1.保障性住房建设项目质量管理要点\n\n2\\.保障性住房建设项目验收检查表\n\n各区住房城乡建设委")
    assert "::: 落款\n北京市住房和城乡建设委员会\n\n北京市规划和自然资源委员会\n\n北京市发展和改革委员会\n\n2023年4月3日\n:::" in body


def test_decree_number_on_the_masthead_line_and_rule_promulgation_note():
    result, fm, body = _import("decree_one_line.txt")
    assert any("山城市人民政府令第361号" in r.message and "doc_number" in r.message for r in result.report)
    assert "山城市人民政府令" not in body and "\n## 山城市城市绿化管理办法\n" in body
    result, fm, body = _import("rule_guizhang.txt")
    assert any("山城市人民政府令第314号" in r.message for r in result.report)
    # Articles printed with wide spaces are paragraphs, not table rows.
    assert "|" not in body and "\n### 第一章 总 则\n\n第一条 为了减少吸烟造成的危害" in body
    assert body.startswith("\n（2024 年 12 月 24 日山城市人民政府第 314 号令发布 自 2025 年 3 月 1 日起施行)\n")


def test_issuer_from_the_title_when_the_signature_has_only_a_date():
    result, fm, body = _import("web_seal_attachment.txt")
    assert any("发文机关取自标题" in r.message for r in result.report)
    assert "::: 落款\n2024年1月15日\n:::\n\n## 附件1\n" in body
    result, fm, body = _import("decision_date_note.txt")
    assert any("日期取自标题下的题注" in r.message for r in result.report)


def test_version_record_kept_apart_from_the_attached_table():
    _, _, body = _import("pdftext_joint_one_line.txt")
    assert "| 1 | 东城县 | 120 |" in body and "| 合计 |  | 205 |" in body
    assert body.endswith("\n\n公开方式：主动公开\n\n::: 落款\n山城市财政局办公室 2023 年 6 月 5 日印发\n:::\n")
    assert "::: 落款\n山城市财政局 山城市农业农村局\n\n2023 年 6 月 2 日\n:::" in body


def test_a_plan_with_its_own_contents_is_one_document_not_an_issue():
    """A 目录 listing chapters (no numbered entries with doc numbers) is the plan's own: nothing before it is lost."""
    result, _, body = _import("plan_with_contents.txt")
    assert any(r.line == 9 and "按单个文件" in r.message for r in result.report)
    assert "\n目 录\n\n第一章 发展基础与形势……1\n\n第二章 总体要求……5\n" in body
    assert "\n### 第一章 发展基础与形势\n\n“十三五”期间" in body


def test_text_that_cannot_be_placed_is_an_error_saying_which_text_where_and_why():
    text = (LAYOUTS.parent / "mini_issue.txt").read_text(encoding="utf-8")
    stray = "本期另附读者意见征询表一份，请填写后寄回编辑部。"
    text = text.replace("\n忻州市人民政府办公室 关于印发", f"\n{stray}\n\n忻州市人民政府办公室 关于印发", 1)
    result = import_text(text, "2022-01")
    line = text.split("\n").index(stray) + 1
    assert result.dropped == [(line, stray)]
    errors = [r for r in result.report if r.severity == "错误" and "丢失文字" in r.message]
    assert len(errors) == 1 and errors[0].line == line
    assert f"“{stray}”" in errors[0].message and "不属于任何文件" in errors[0].message


def test_registration_code_above_the_masthead_is_kept_out_of_the_title_and_reported():
    result, fm, body = _import("title_tail_code.txt")
    assert any("ＳＣＲＺ－２０２３－０１２３４" in r.message and "未写入正文" in r.message for r in result.report)
    assert "ＳＣＲＺ" not in body and "山城县人民政府办公室文件" not in body


def test_a_page_heading_repeating_the_title_above_it_is_reported_not_taken_twice():
    result, fm, body = _import("web_heading_repeated.txt")
    assert any(r.line == 1 and "未写入正文" in r.message for r in result.report)
    assert "山城高新技术产业开发区的批复" not in body.split("\n\n")[0]


def test_numbered_list_items_in_any_numbering_style_each_start_a_paragraph():
    text = """山城县人民政府办公室关于通报表扬2023年度安全生产先进单位的通知
山政办发〔2023〕30号
各乡（镇）人民政府，县直各单位：
经县政府研究，决定对以下单位予以通报表扬：
1、山城县应急管理局
2、山城县交通运输局
3、山城县住房和城乡建设管理局
①东城镇人民政府
②西川镇人民政府
③南河镇人民政府
希望受表扬的单位再接再厉。
山城县人民政府办公室
2023年12月20日
"""
    result = import_text(text, "2023-01")
    body = next(v for k, v in result.files.items() if not k.endswith("issue.md")).split("---\n", 2)[2]
    for item in ("1、山城县应急管理局", "2、山城县交通运输局", "3、山城县住房和城乡建设管理局", "①东城镇人民政府",
                 "②西川镇人民政府", "③南河镇人民政府"):
        assert f"\n{item}\n" in body, item
    assert result.dropped == []


def test_doc_numbers_and_dates_at_page_edges_are_never_page_furniture():
    """Short documents each on its own page start with their 文号 and end with their date: the masked forms
    repeat on every page like a running head would, but they are the documents' own text."""
    from gazette.importer.furniture import split_pages

    pages = [[(1, "五台县人民政府公报　2023年第1期"), (2, f"五政发〔2023〕{n}号"), (3, "标题"), (4, "正文。"),
              (5, f"2023年3月{n}日"), (6, f"—{n}—")] for n in range(1, 5)]
    pages = [[(lineno + 10 * i, text) for lineno, text in page] for i, page in enumerate(pages)]
    kept, removed = split_pages(pages)
    assert {t for _, t in removed} == {"五台县人民政府公报　2023年第1期", "—1—", "—2—", "—3—", "—4—"}
    assert [t for _, t in kept if "号" in t or "日" in t] == [t for p in pages for _, t in p if "号" in t or "日" in t]


def test_table_extracted_one_cell_per_line_inside_the_body_is_rebuilt():
    result, _, body = _import("pdftext_table_in_body.txt")
    assert ("\n| 序号 | 乡镇 | 人数 | 金额（万元） |\n|---|---|---|---|\n| 1 | 东城镇 | 6 | 12.5 |\n| 2 | 西川镇 | 4 | 9.8 |\n"
            "| 合计 |  | 10 | 22.3 |\n\n请于 2023 年 12 月底前报送经费使用情况。\n") in body
    assert any("已按序号重建" in r.message for r in result.report)


def test_doc_number_wrapped_before_or_after_its_year_is_read_whole():
    head = "山城市人民政府办公室文件\n{}\n山城市人民政府办公室关于加强城市排水防涝工作的通知\n各区人民政府，市政府各部门：\n"
    tail = "为切实做好城市排水防涝工作，现就有关事项通知如下。\n山城市人民政府办公室\n2023年6月1日\n"
    for number in ("山政办发\n〔2023〕14 号", "山政办发〔2023〕\n14 号"):
        result = import_text(head.format(number) + tail, "2023-01")
        doc = result.documents[0]
        assert (doc.doc_number, doc.title) == ("山政办发〔2023〕14号", "山城市人民政府办公室关于加强城市排水防涝工作的通知"), number
        assert result.dropped == [] and doc.addressees == "各区人民政府，市政府各部门"


def test_a_first_sentence_ending_with_a_colon_is_no_addressee():
    text = ("山城市人民政府关于表彰2023年度先进集体的决定\n山政发〔2024〕2号\n为表彰先进，经市政府研究，决定授予以下单位荣誉称号：\n"
            "1、山城市应急管理局\n2、山城市交通运输局\n3、山城市水务局\n山城市人民政府\n2024年1月10日\n")
    result = import_text(text, "2023-01")
    doc = result.documents[0]
    assert doc.addressees == "" and any("addressees" in r.message for r in result.report)
    assert (doc.title, doc.issuer, doc.date) == ("山城市人民政府关于表彰2023年度先进集体的决定", "山城市人民政府", "2024-01-10")
    assert result.dropped == []


def test_a_text_layer_of_rare_code_points_is_refused_real_text_of_either_script_is_not():
    from gazette.importer.inputs import check_characters

    garbage = "\n".join("".join(chr(0x4E00 + (i * 7919 + j * 104729) % 20900) for j in range(30)) for i in range(12))
    _, report = check_characters("山城县人民政府文件\n" + garbage)
    errors = [r for r in report if r.severity == "错误" and "乱码" in r.message]
    assert len(errors) == 1 and errors[0].line == 2 and "常用字只占" in errors[0].message
    for name in sorted(EXPECTED):
        assert not [r for r in check_characters((LAYOUTS / name).read_text(encoding="utf-8"))[1] if "乱码" in r.message]
    traditional = "行政院公報內政部令修正戶籍法施行細則第十條條文自中華民國一百零五年四月一日施行。" * 8
    assert not [r for r in check_characters(traditional)[1] if "乱码" in r.message]


def test_furniture_removed_from_a_whole_issue_is_said_in_the_report():
    result = import_text((LAYOUTS.parent / "mini_issue.txt").read_text(encoding="utf-8"), "2022-01")
    notes = [r.message for r in result.report if "版面文字" in r.message]
    assert notes == ["已移除页眉、页码等版面文字 2 行（第 43、44 行），如“五台县人民政府公报”"]


def test_version_record_at_the_end_of_an_issue_document_is_not_the_next_title():
    text = (LAYOUTS.parent / "mini_issue.txt").read_text(encoding="utf-8")
    end = "各县（市、区）要加强组织领导，落实资金，确保按期完成任务。\n"
    text = text.replace(end, end + "\n（此件公开发布）\n\n抄送：省林业和草原局。\n\n忻州市人民政府办公室 2022年3月1日印发\n")
    result = import_text(text, "2022-01")
    assert [d.title for d in result.documents] == ["忻州市人民政府办公室关于印发忻州市2022年春季造林绿化实施方案的通知",
                                                   "五台县人民政府关于调整五台县城区集中供热价格及收费标准有关事项的通知"]
    body = result.files["2022-01/xzbf-2022-12.md"].split("---\n", 2)[2]
    assert body.endswith("\n（此件公开发布）\n\n抄送：省林业和草原局。\n\n::: 落款\n忻州市人民政府办公室 2022年3月1日印发\n:::\n")
    assert result.dropped == []


def test_joint_signature_of_a_document_in_a_whole_issue():
    text = (LAYOUTS.parent / "mini_issue.txt").read_text(encoding="utf-8")
    text = text.replace("五台县人民政府\n\n2022年3月10日", "五台县人民政府\n\n五台县发展和改革局\n\n2022年3月10日")
    result = import_text(text, "2022-01")
    doc = next(d for d in result.documents if d.doc_number == "五政发〔2022〕9号")
    assert (doc.issuer, doc.date) == ("五台县人民政府、五台县发展和改革局", "2022-03-10")
    assert "::: 落款\n五台县人民政府\n\n五台县发展和改革局\n\n2022年3月10日\n:::" in result.files["2022-01/wzf-2022-9.md"]
    assert result.dropped == []


def test_date_only_signature_of_a_document_in_a_whole_issue_takes_the_issuer_from_the_title():
    text = (LAYOUTS.parent / "mini_issue.txt").read_text(encoding="utf-8")
    text = text.replace("五台县人民政府\n\n2022年3月10日", "2022年3月10日")
    result = import_text(text, "2022-01")
    doc = next(d for d in result.documents if d.doc_number == "五政发〔2022〕9号")
    assert (doc.issuer, doc.date) == ("五台县人民政府", "2022-03-10")
    assert any("发文机关取自标题" in r.message for r in result.report) and result.dropped == []


def test_page_numbers_in_any_dash_or_dot_style_are_furniture():
    from gazette.importer.source import is_furniture

    for page in ("—3—", "- 3 -", "— 3 —", "·3·", "• 3 •", "第3页", "第 3 页 共 12 页"):
        assert is_furniture(page), page
    for text in ("3．加强组织领导", "一、总体要求", "2023年"):
        assert not is_furniture(text), text


def test_a_line_cut_in_mid_word_before_a_number_goes_on_but_contents_lines_do_not():
    """pdftotext cuts every line at the wrap width: "…抢救第 / 一、合理利用…" is one sentence; the lines of a
    plan's own 目录, whose leaders run to the margin, stay one a line."""
    from gazette.importer.model import Line
    from gazette.importer.reflow import reflow

    text = ["各乡（镇）、各有关单位要认真贯彻“保护为主、抢救第", "一、合理利用、传承发展”的工作方针，切实做好保护工作。"]
    # Every line below runs to the same width (49 or 50 columns: a Chinese character takes two).
    contents = [f"第{n}章　{name}" + "…" * (40 - 2 * len(name)) + str(p) for n, name, p in
                (("一", "总则", 1), ("二", "主要目标", 3), ("三", "重点任务", 7))]
    filler = ["为持续改善农村人居环境建设宜居宜业和美乡村特制定本方案。"[-25:]] * 5
    lines = [Line(n, t) for n, t in enumerate(filler + text + contents, start=1)]
    assert len(full_lines(lines)) == len(lines)
    blocks = [b.text for b in reflow(lines)]
    assert "各乡（镇）、各有关单位要认真贯彻“保护为主、抢救第一、合理利用、传承发展”的工作方针，切实做好保护工作。" in blocks
    assert all(c in blocks for c in contents), blocks
