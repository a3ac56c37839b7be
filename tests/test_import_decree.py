"""A 政府令's number as its 发文字号 (doc_number: 五台县人民政府令第3号): the loader accepts it in canonical form,
the document page shows it, search finds the decree by it, and the importer writes it (slug ling-N)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from test_search_browser import search

from conftest import REPO, build, make_site
from gazette import docnumber

ISSUE = "---\nyear: 2023\nnumber: 2\ntotal_number: 14\npublished: 2023-05-20\n---\n"
DECREE = """---
title: 五台县城市供水管理办法
doc_number: {number}
issuer: 五台县人民政府
date: 2023-05-08
category: 县政府文件
---
《五台县城市供水管理办法》已经2023年4月28日县人民政府第12次常务会议通过，现予公布，自2023年7月1日起施行。

::: 落款
县长 王建国

2023年5月8日
:::

## 五台县城市供水管理办法

第一条 为了加强城市供水管理，保障城市生活、生产用水，制定本办法。
"""
NOTICE = """---
title: 五台县人民政府关于做好城市供水设施维护工作的通知
doc_number: 五政发〔2023〕3号
issuer: 五台县人民政府
date: 2023-05-10
category: 县政府文件
---
各乡（镇）人民政府，县直各有关单位：

请认真执行第3号令公布的办法，做好城市供水设施维护工作。
"""


def test_decree_numbers_are_normalised_like_doc_numbers():
    assert docnumber.normalise("五台县人民政府令 第 3 号") == "五台县人民政府令第3号"
    assert docnumber.normalise("北京市人民政府令（第314号）") == "北京市人民政府令第314号"
    assert docnumber.is_canonical("五台县人民政府令第3号") and not docnumber.is_canonical("五台县人民政府令 第3号")
    assert docnumber.normalise("令第3号") is None and docnumber.normalise("五台县人民政府令第0号") is None
    assert docnumber.parse("五台县人民政府令第3号") is None  # not a 〔year〕 number: no year, no serial


def test_a_decree_page_shows_its_number_and_search_finds_it(browser, tmp_path: Path):
    root = make_site(tmp_path / "site", {"content/2023-02/issue.md": ISSUE,
                                         "content/2023-02/ling-3.md": DECREE.format(number="五台县人民政府令第3号"),
                                         "content/2023-02/wzf-2023-3.md": NOTICE})
    out = tmp_path / "public"
    result = build(root, out, search=True)
    assert result.ok, "\n".join(map(str, result.problems.errors))
    page = (out / "2023-02" / "ling-3" / "index.html").read_text(encoding="utf-8")
    assert '<td class="doc-number">五台县人民政府令第3号</td>' in page
    tab = browser.new_page()
    try:
        assert search(tab, out.as_uri() + "/", "五台县人民政府令第3号")[0] == "2023-02/ling-3"
        # 令第3号 is in the decree's number; the notice only says 第3号令.
        assert search(tab, out.as_uri() + "/", "令第3号") == ["2023-02/ling-3"]
    finally:
        tab.close()


def test_a_decree_number_written_loosely_is_an_error_that_gives_the_canonical_form(tmp_path: Path):
    root = make_site(tmp_path / "site", {"content/2023-02/issue.md": ISSUE,
                                         "content/2023-02/ling-3.md": DECREE.format(number="五台县人民政府令 第3号")})
    result = build(root, tmp_path / "public")
    assert [str(p) for p in result.problems.errors] == [
        'content/2023-02/ling-3.md:3: 文号 "五台县人民政府令 第3号" 写法不规范，请改为 "五台县人民政府令第3号"']


def test_import_writes_the_decree_number_and_the_loader_keeps_it(tmp_path: Path):
    source = REPO / "tests" / "importer_fixtures" / "decree.txt"
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(REPO), "import", str(source),
                          "--issue", "2023-02", "--out", str(tmp_path / "content")], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    written = (tmp_path / "content" / "2023-02" / "ling-3.md").read_text(encoding="utf-8")
    assert "\ndoc_number: 五台县人民政府令第3号\n" in written
    assert "文号" not in "".join(line for line in run.stdout.splitlines() if "生成网站前须补全" in line)


def test_a_decree_in_a_whole_issue_is_listed_found_and_read_by_its_number(browser, tmp_path: Path):
    """The shipped issue with a 政府令 added under 县政府文件: its TOC entry gives the decree's number, the body
    starts at its 版头 (no title above it), and it imports like the others, front matter and text."""
    sys.path.insert(0, str(REPO / "tests" / "importer_fixtures"))
    from typeset import issue_html, print_pdf

    folder = tmp_path / "2022-03"
    shutil.copytree(REPO / "content" / "2022-03", folder)
    decree = DECREE.format(number="五台县人民政府令第3号").replace("2023年5月8日", "2022年6月20日").replace(
        "date: 2023-05-08", "date: 2022-06-20").replace("category: 县政府文件\n", "category: 县政府文件\npage: 10\n")
    (folder / "ling-3.md").write_text(decree, encoding="utf-8")
    pdf = print_pdf(browser, issue_html(folder), tmp_path / "公报.pdf")
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(REPO), "import", str(pdf),
                          "--issue", "2022-03", "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "目录列出 15 件文件，正文中找到 15 件，一致" in run.stdout and "丢失字符数：0" in run.stdout
    assert "五台县人民政府令第3号  五台县城市供水管理办法  第 10 页" in run.stdout, run.stdout
    made = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "2022-03").glob("*.md")}
    assert sorted(made) == sorted(p.name for p in folder.glob("*.md"))
    for name in made:
        if name == "issue.md":
            continue
        _, fm_made, body_made = made[name].split("---\n", 2)
        _, fm_kept, body_kept = (folder / name).read_text(encoding="utf-8").split("---\n", 2)
        made_fm, kept_fm = yaml.safe_load(fm_made), yaml.safe_load(fm_kept)
        keys = ("title", "doc_number", "issuer", "date", "category", "page")
        assert {k: made_fm.get(k) for k in keys} == {k: kept_fm.get(k) for k in keys}, name
        assert [re.sub(r"\s", "", b) for b in body_made.split("\n\n")] == \
               [re.sub(r"\s", "", b) for b in body_kept.split("\n\n")], name
