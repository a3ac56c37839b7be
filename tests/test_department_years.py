"""Department pages split by year: the newest year first with the year index, one page for each older year."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import make_site
from gazette import check, feeds, pipeline

DOC = """---
title: 五台县人民政府办公室关于{year}年财政工作的通知
doc_number: 五政办发〔{year}〕{n}号
issuer: 五台县人民政府办公室
date: {year}-03-0{n}
category: 县政府办文件
---

各乡（镇）人民政府：

县财政局要做好{year}年的预算工作（第{n}件）。

五台县人民政府办公室

{year}年3月{n}日
"""
ISSUE = "---\nyear: {year}\nnumber: 1\ntotal_number: {total}\npublished: {year}-03-31\n---\n"


def site(root: Path, years: dict[int, int]) -> Path:
    files = {}
    for total, (year, count) in enumerate(sorted(years.items()), 1):
        files[f"content/{year}-01/issue.md"] = ISSUE.format(year=year, total=total)
        for n in range(1, count + 1):
            files[f"content/{year}-01/wzbf-{year}-{n}.md"] = DOC.format(year=year, n=n)
    return make_site(root, files)


def titles(html: str) -> list[str]:
    return re.findall(r'class="mention-title"[^>]*>([^<]+)<', html)


def test_newest_year_first_with_index_and_older_years_on_their_own_pages(tmp_path):
    root = site(tmp_path / "site", {2020: 2, 2021: 1, 2022: 3})
    out = tmp_path / "public"
    result = pipeline.build(root, out, steps=(feeds.write_feeds, check.check_step))
    assert result.ok, result.problems.errors
    first = (out / "departments/czj/index.html").read_text(encoding="utf-8")
    assert "共 6 件" in first
    assert titles(first) == ["五台县人民政府办公室关于2022年财政工作的通知"] * 3
    index = re.search(r'<nav class="year-index".*?</nav>', first, re.S).group()
    assert re.findall(r"(\d{4})年（(\d+)）", index) == [("2022", "3"), ("2021", "1"), ("2020", "2")]
    assert 'href="../../departments/czj/2021/index.html"' in index
    older = (out / "departments/czj/2020/index.html").read_text(encoding="utf-8")
    assert len(titles(older)) == 2 and "2020年财政工作" in titles(older)[0]
    assert '<span aria-current="page">2020年</span>' in older and "2020年公报中涉及本部门的文件 2 件" in older
    assert "gongbao/departments/czj/2020/</loc>" in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_a_new_document_touches_only_its_years_page(tmp_path):
    root = site(tmp_path / "site", {2020: 2, 2021: 1, 2022: 3})
    out = tmp_path / "public"
    assert pipeline.build(root, out).ok
    (root / "content/2022-01/wzbf-2022-4.md").write_text(DOC.format(year=2022, n=4), encoding="utf-8")
    result = pipeline.build(root, out)
    assert result.ok
    department_pages = [u for u in result.written if u.startswith("departments/czj/")]
    assert department_pages == ["departments/czj/index.html"]
    assert not any(u.startswith(("departments/czj/2020", "departments/czj/2021")) for u in result.written)


def test_a_department_with_one_year_has_no_year_index(tmp_path):
    root = site(tmp_path / "site", {2022: 2})
    out = tmp_path / "public"
    assert pipeline.build(root, out).ok
    first = (out / "departments/czj/index.html").read_text(encoding="utf-8")
    assert "year-index" not in first and len(titles(first)) == 2
    assert not (out / "departments/czj/2022").exists()


TWO_ROLES = """---
title: 五台县人民政府办公室关于做好预算执行的通知
doc_number: 五政办发〔2022〕9号
issuer: 五台县人民政府办公室
date: 2022-03-09
category: 县政府办文件
---

各乡（镇）人民政府：

县财政局要按月通报预算执行情况。

一、加强资金监管（责任单位：县财政局、县审计局）。

县审计局也要关注预算执行情况。

五台县人民政府办公室

2022年3月9日
"""


def test_each_document_is_listed_once_with_its_roles_and_one_passage(tmp_path):
    root = site(tmp_path / "site", {2022: 1})
    (root / "content/2022-01/wzbf-2022-9.md").write_text(TWO_ROLES, encoding="utf-8")
    out = tmp_path / "public"
    assert pipeline.build(root, out).ok
    page = (out / "departments/czj/index.html").read_text(encoding="utf-8")
    entry = re.search(r'<li><a class="mention-title"[^>]*>[^<]*预算执行的通知</a>.*?</li>', page).group()
    # Two ways of naming it (责任单位 in a task list, 提及 in a sentence): one entry, both labels,
    # the most involved first, and the passage of the task it is responsible for.
    assert re.findall(r'<span class="role role-[^"]+">([^<]+)</span>', entry) == ["责任单位", "提及"]
    assert re.findall(r"<q>(.*?)</q>", entry) == ["一、加强资金监管（责任单位：县财政局、县审计局）。"]
    assert titles(page).count("五台县人民政府办公室关于做好预算执行的通知") == 1
