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
    for name, text in committed.items():
        assert produced[name] == text, name


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
