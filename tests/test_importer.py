"""Tests of the importer (gazette.importer): seed issue, fixtures, nothing-lost check, overwrite refusal."""

from __future__ import annotations

import pathlib
import re

import yaml

from gazette.importer import command, import_text
from gazette.importer.text import fold

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "importer_fixtures"
SEED = pathlib.Path("/work/shared/seeds/000_3e1c21670e535661.txt")
CONTENT = ROOT / "content" / "2022-03"
FIELDS = ("title", "doc_number", "issuer", "date", "category", "page")


def _split(text: str) -> tuple[dict, str]:
    """Front matter and body of a content file."""
    _, fm, body = text.split("---\n", 2)
    return yaml.safe_load(fm), body


def _corrections() -> list[tuple[str, str, str]]:
    """(file, old, new) from seed_corrections.md."""
    text = (FIXTURES / "seed_corrections.md").read_text(encoding="utf-8")
    out = []
    for section in text.split("\n## ")[1:]:
        name = re.search(r"^文件: (\S+)$", section, re.M)[1]
        old, new = re.findall(r"```\n(.*?)\n```", section, re.S)
        out.append((name, old, new))
    return out


def _seed_result():
    """Import the seed issue."""
    return import_text(SEED.read_text(encoding="utf-8"), "2022-03")


def test_seed_reproduces_committed_content_modulo_corrections():
    result = _seed_result()
    produced = {pathlib.PurePosixPath(k).name: v for k, v in result.files.items()}
    for name, old, new in _corrections():
        assert produced[name].count(old) == 1, name
        produced[name] = produced[name].replace(old, new)
    committed = {p.name: p.read_text(encoding="utf-8") for p in CONTENT.glob("*.md")}
    assert sorted(produced) == sorted(committed)
    assert len(committed) == 15
    # The editor's own keys (issue #12): 索引号 written once at import, 主题分类 confirmed from a guess.
    editors = re.compile(r"^(?:index_number|topic):.*\n", re.M)
    for name, text in committed.items():
        # Other tools may add front matter keys (topic, departments…); what the importer writes must agree,
        # except the topic it only guesses (issue #12: the editor confirms or changes it).
        fm_made, body_made = _split(editors.sub("", produced[name]))
        fm_kept, body_kept = _split(text)
        assert {k: fm_kept.get(k) for k in fm_made} == fm_made, name
        assert body_made == body_kept, name


def test_seed_front_matter():
    result = _seed_result()
    docs = {pathlib.PurePosixPath(k).name: _split(v)[0] for k, v in result.files.items()}
    issue = docs.pop("issue.md")
    assert issue == {"year": 2022, "number": 3, "total_number": 9, "published": __import__("datetime").date(2022, 7, 18),
                     "period_start": __import__("datetime").date(2022, 6, 13),
                     "period_end": __import__("datetime").date(2022, 7, 18)}
    pages = [fm["page"] for fm in sorted(docs.values(), key=lambda fm: fm["page"])]
    assert pages == [1, 6, 7, 15, 22, 31, 38, 55, 59, 69, 76, 84, 94, 105]
    first = docs["wzf-2022-22.md"]
    assert first["doc_number"] == "五政发〔2022〕22号"
    assert first["issuer"] == "五台县人民政府"
    assert str(first["date"]) == "2022-06-13"
    assert first["category"] == "县政府文件"
    assert first["addressees"] == "各乡（镇）人民政府，县直各局、办"
    second = docs["wzf-2022-25.md"]
    assert second["doc_number"] == "五政发〔2022〕25号" and "toc_doc_number" not in second
    assert second["title"] == "五台县人民政府关于对五台县2022年货物运输源头企业及监管人员进行公示的通知"
    assert "公增" in second["toc_title"]
    assert sum(fm["category"] == "县政府文件" for fm in docs.values()) == 3
    assert {fm["issuer"] for fm in docs.values()} == {"五台县人民政府", "五台县人民政府办公室"}


def test_seed_nothing_lost_and_mismatches_reported():
    result = _seed_result()
    assert result.dropped == []
    messages = [r.message for r in result.report]
    assert any("目录标题与正文不同" in m and "目录“增”" in m for m in messages)
    assert any("目录标题与正文不同" in m and "五台县" in m for m in messages)
    assert any(r.line == 249 and "句中结束" in r.message for r in result.report)


def test_seed_structure():
    result = _seed_result()
    plan = result.files["2022-03/wzbf-2022-37.md"]
    assert "\n### 1 总则\n" in plan and "\n#### 1.1 编制目的\n" in plan and "\n##### 5.3.1 三级响应\n" in plan
    first = result.files["2022-03/wzf-2022-22.md"]
    assert "\n## 五台县“强督查、抓落实”工作方案\n" in first
    assert "\n组长：田江波 县委常委、常务副县长\n" in first
    assert "\n组长：杨贵太 县政府办四级主任科员\n" in first
    assert "\n#### （一）总分结合，分工负责\n" in first
    measures = result.files["2022-03/wzbf-2022-41.md"]
    assert "\n### 第一章 总 则\n" in measures and "\n第一条 为进一步完善" in measures
    assert "\n1\\. 拓宽创业领域。" in result.files["2022-03/wzbf-2022-32.md"]


def test_red_header_document(tmp_path):
    text = (FIXTURES / "redhead.txt").read_text(encoding="utf-8")
    result = import_text(text, "2022-02")
    assert [d.doc_number for d in result.documents] == ["五政办发〔2022〕6号"]
    fm, body = _split(result.files["2022-02/wzbf-2022-6.md"])
    assert fm["title"] == "五台县人民政府办公室关于做好2022年春节期间安全生产工作的通知"
    assert fm["issuer"] == "五台县人民政府办公室"
    assert str(fm["date"]) == "2022-01-20"
    assert fm["category"] == "县政府办文件"
    assert "- 1 -" not in body and "\f" not in body
    assert "（此件主动公开）" in body
    assert result.dropped == []
    assert any("page" in r.message for r in result.report)


def test_fixture_issue_prefixes_brackets_toc_and_missing_document():
    text = (FIXTURES / "mini_issue.txt").read_text(encoding="utf-8")
    result = import_text(text, "2022-01")
    assert sorted(result.files) == ["2022-01/issue.md", "2022-01/wzf-2022-9.md", "2022-01/xzbf-2022-12.md"]
    fm, _ = _split(result.files["2022-01/xzbf-2022-12.md"])
    assert fm["doc_number"] == "忻政办发〔2022〕12号" and fm["category"] == "市政府文件"
    fm, body = _split(result.files["2022-01/wzf-2022-9.md"])
    assert fm["title"] == "五台县人民政府关于调整五台县城区集中供热价格及收费标准有关事项的通知"
    assert fm["page"] == 8
    assert "\n## 附件\n" in body and "| 居民用户 | 按建筑面积 | 22元/平方米 |" in body
    assert "\n附件：五台县城区集中供热价格表\n" in body
    missing = [r for r in result.report if "在正文中找不到" in r.message]
    assert len(missing) == 1 and "晋政发" in missing[0].message and missing[0].line == 17
    assert result.dropped == []
    assert "五台县人民政府公报" not in result.files["2022-01/xzbf-2022-12.md"].split("---", 2)[2]


def test_nothing_lost_check_catches_a_drop():
    from gazette.importer.check import compare
    from gazette.importer.model import Line
    dropped, added = compare([Line(3, "一、总体要求"), Line(5, "全县上下。")], "### 一、总体要求\n\n全县。")
    assert dropped == [(5, "上下")] and added == []
    assert fold("乡(镇)") == fold("乡（镇）")


def test_overwrite_refused_without_force(tmp_path, capsys):
    source = FIXTURES / "redhead.txt"
    assert command(str(source), "2022-02", tmp_path) == 0
    target = tmp_path / "2022-02" / "wzbf-2022-6.md"
    target.write_text("edited", encoding="utf-8")
    assert command(str(source), "2022-02", tmp_path) == 1
    assert target.read_text(encoding="utf-8") == "edited"
    assert "--force" in capsys.readouterr().err
    assert command(str(source), "2022-02", tmp_path, force=True) == 0
    assert target.read_text(encoding="utf-8").startswith("---\ntitle: 五台县人民政府办公室关于做好")
    assert not list(tmp_path.rglob("*.tmp"))


# One issued document per fixture: (file, slug, title, doc_number, issuer, date, addressees, category).
SINGLE = [
    ("county_gov.txt", "dzf-2022-6", "定襄县人民政府关于印发定襄县2022年农村人居环境整治提升工作方案的通知",
     "定政发〔2022〕6号", "定襄县人民政府", "2022-06-13", "各乡（镇）人民政府，县直各有关单位", "县政府文件"),
    ("city_office.txt", "xzbf-2022-12", "忻州市人民政府办公室关于做好2022年防汛工作的通知", "忻政办发〔2022〕12号",
     "忻州市人民政府办公室", "2022-05-20", "各县（市、区）人民政府，市人民政府各委、办、局，各有关单位", None),
    ("dept_table.txt", "wcf-2023-5", "五台县财政局关于下达2023年度乡镇财政所业务经费的通知", "五财发〔2023〕5号",
     "五台县财政局", "2023-03-15", "各乡（镇）财政所", None),
    ("decree.txt", "ling-3", "五台县城市供水管理办法", "五台县人民政府令第3号", "五台县人民政府", "2023-05-08", None, "县政府文件"),
    ("joint.txt", "wnf-2023-12", "五台县农业农村局 五台县财政局关于做好2023年耕地地力保护补贴发放工作的通知",
     "五农发〔2023〕12号", "五台县农业农村局、五台县财政局", "2023-04-10", "各乡（镇）人民政府", None),
    ("numeral_date.txt", "fzbf-2022-31", "繁峙县人民政府办公室关于加强夏季森林防火工作的通知", "繁政办发〔2022〕31号",
     "繁峙县人民政府办公室", "2022-06-13", "各乡镇人民政府，县直各有关单位", "县政府办文件"),
    ("number_first.txt", "wzh-2022-30", "五台县人民政府关于同意县教育科技局实施农村学校校舍维修项目的批复",
     "五政函〔2022〕30号", "五台县人民政府", "2022-07-05", "县教育科技局", "县政府文件"),
    ("request_signer.txt", "wzf-2022-28", "五台县人民政府关于申请省级农业产业化示范园建设资金的请示", "五政发〔2022〕28号",
     "五台县人民政府", "2022-06-20", "忻州市人民政府", "县政府文件"),
]


def _single(name: str):
    """Import one fixture document; return (result, front matter, body)."""
    result = import_text((FIXTURES / name).read_text(encoding="utf-8"), "2023-01")
    docs = [k for k in result.files if not k.endswith("issue.md")]
    assert len(docs) == 1 and len(result.documents) == 1
    fm, body = _split(result.files[docs[0]])
    return result, docs[0], fm, body


def test_single_documents_fields_and_nothing_lost():
    for name, slug, title, number, issuer, date, addressees, category in SINGLE:
        result, path, fm, body = _single(name)
        assert path == f"2023-01/{slug}.md", name
        assert (fm["title"], fm["doc_number"], fm["issuer"], str(fm["date"])) == (title, number, issuer, date), name
        assert fm.get("addressees") == addressees and fm["category"] == category, name
        assert result.dropped == [], name
        assert not [r for r in result.report if r.severity == "错误"], name
        # Empty fields are reported, never guessed.
        for field in ("doc_number", "addressees", "category"):
            if not fm.get(field):
                assert any(field in r.message for r in result.report), (name, field)
        assert not re.search(r"^[-—]\s*\d+\s*[-—]$", body, re.M) and "\f" not in body, name


def test_single_document_structure():
    _, _, _, body = _single("county_gov.txt")
    assert "\n## 定襄县2022年农村人居环境整治提升工作方案\n" in body
    assert "\n#### （一）扎实推进农村厕所革命\n" in body and "\n1\\.严格质量标准。" in body
    assert "\n::: 落款\n定襄县人民政府\n\n2022 年 6 月 13 日\n:::\n\n（此件公开发布）\n" in body
    assert body.endswith("抄送：县委办，县人大办，县政协办。\n\n::: 落款\n定襄县人民政府办公室 2022 年 6 月 14 日印发\n:::\n")
    _, _, _, body = _single("city_office.txt")
    assert "\n附件：1.忻州市2022年防汛重点工程清单\n\n2\\.忻州市防汛抗旱指挥部成员单位职责\n" in body
    assert "\n## 附件1\n" in body and "\n## 附件2\n" in body and body.endswith("公开方式：主动公开\n")
    _, _, _, body = _single("decree.txt")
    assert "\n县 长 王建国\n" in body and "\n## 五台县城市供水管理办法\n" in body
    assert "\n### 第一章 总 则\n\n第一条 为了加强城市供水管理" in body
    _, _, _, body = _single("joint.txt")
    assert "现就有关事项通知如下：\n" in body


def test_single_document_table_cells_one_per_line_rebuilt():
    result, _, _, body = _single("dept_table.txt")
    assert "| 序号 | 乡镇 | 人数 | 金额 |\n|---|---|---|---|\n| 1 | 台城镇 | 6 | 12.5 |" in body
    assert "| 合计 |  | 15 | 32.3 |" in body
    assert any("少 1 格" in r.message for r in result.report)


def test_single_document_header_parts_reported_not_lost():
    result, _, _, body = _single("number_first.txt")
    removed = [r.message for r in result.report if "写入正文" in r.message]
    assert any("000015" in m for m in removed) and any("特急" in m for m in removed)
    assert any("五台县人民政府文件" in m for m in removed)
    result, _, _, body = _single("request_signer.txt")
    assert any("签发人：李明" in r.message for r in result.report) and "签发人" not in body
    result, _, fm, _ = _single("decree.txt")
    assert any("五台县人民政府令第3号" in r.message and "doc_number" in r.message for r in result.report)


def test_single_document_without_anything_recognisable_still_imports():
    result = import_text("关于某事的说明\n\n这是一段正文。\n", "2023-01")
    assert len(result.documents) == 1 and result.dropped == []
    assert any("落款" in r.message for r in result.report)


def _with_furniture(text: str, head: str, footer: str, form_feed: bool, every: int = 37) -> str:
    """The seed with a page number and a running head inserted every few lines, as other extractions print them."""
    lines, out, page = text.split("\n"), [], 1
    for i, line in enumerate(lines):
        out.append(line)
        if i and i % every == 0:
            out += ["", footer.format(n=page), ("\f" if form_feed else "") + head, ""]
            page += 1
    return "\n".join(out)


def test_seed_with_running_heads_page_numbers_and_leaders_imports_the_same():
    """Furniture is found by repetition, whatever its style; TOC pages after any leader style."""
    seed = SEED.read_text(encoding="utf-8")
    expected = _seed_result().files
    variants = [
        _with_furniture(seed, "五台县人民政府公报 2022年第3期", "—{n}—", form_feed=False),
        _with_furniture(seed, "五台县人民政府公报　2022年第3期", "- {n} -", form_feed=True),
        _with_furniture(seed, "县政府办文件", "- {n} -", form_feed=True),
        _with_furniture(seed, "县政府办文件", "第{n}页", form_feed=False),
        seed.replace(" (1)", "……1").replace("...(6)", "……6").replace("(7)", "……7").replace("...(84)", "……84"),
        seed.replace("目 录", "目　次"),
    ]
    for n, text in enumerate(variants):
        result = import_text(text, "2022-03")
        assert result.dropped == [] and not [r for r in result.report if r.severity == "错误"], n
        assert result.files == expected, n


def test_report_counts_documents_against_the_toc_and_flags_leaked_furniture():
    from gazette.importer import audit
    from gazette.importer.model import Document, Line

    seed = SEED.read_text(encoding="utf-8")
    result = _seed_result()
    assert any(r.message == "目录列出 14 件文件，正文中找到 14 件，一致" for r in result.report)
    # Most documents' 文号 lines turned into sentences: far fewer documents than the TOC lists is an error.
    broken = re.sub(r"(五政办?发〔2022〕\d+号)\n", lambda m: m[1] + "。\n", seed[seed.index("目 录"):])
    broken = seed[:seed.index("目 录")] + broken.replace("五政发〔2022〕22号。\n", "五政发〔2022〕22号\n", 1)
    result = import_text(broken, "2022-03")
    assert len(result.documents) < 14
    assert any(r.severity == "错误" and f"目录列出 14 件文件，正文中找到 {len(result.documents)} 件，不一致" in r.message
               for r in result.report)
    doc = Document(title="五台县人民政府公报2022年第3期五台县人民政府关于某事的通知", doc_number="", printed_doc_number="",
                   lineno=7)
    files = {"2022-03/x.md": "---\ntitle: x\n---\n\n正文。\n\n五台县人民政府公报 2022年第4期\n"}
    items = audit.furniture_left([doc], files, [Line(3, "五台县人民政府公报　2022年第3期")])
    assert [i.severity for i in items] == ["错误", "错误"]
    assert "标题中混入" in items[0].message and "残留页眉" in items[1].message
