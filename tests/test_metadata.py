"""Issue #12: the metadata block, 索引号, 主题分类, collective addressees, interpretations and corrections,
the yearly index, and the checks that match how gazettes really work."""

from __future__ import annotations

import datetime as dt
import re

from conftest import REPO, make_site, tree_digest
from gazette import metadata, pipeline
from gazette.importer import import_text
from pages import main_text, read, squash, visible_text

ISSUE = "---\nyear: {y}\nnumber: {n}\ntotal_number: {t}\npublished: {p}\n---\n"


def doc(number: str, date: str, extra: str = "", title: str = "五台县人民政府办公室关于某事的通知",
        body: str = "请认真执行。") -> str:
    return (f"---\ntitle: {title}\ndoc_number: {number}\nissuer: 五台县人民政府办公室\ndate: {date}\n"
            f"category: 县政府办文件\naddressees: 各乡（镇）人民政府，县直各局、办\n{extra}---\n\n{body}\n")


def one_issue(**docs: str) -> dict[str, str]:
    files = {"content/2022-03/issue.md": ISSUE.format(y=2022, n=3, t=9, p="2022-07-18")}
    files.update({f"content/2022-03/{slug}.md": text for slug, text in docs.items()})
    return files


def problems(tmp_path, files: dict[str, str]) -> tuple[list[str], pipeline.Result]:
    result = pipeline.build(make_site(tmp_path / "site", files), tmp_path / "out")
    return [str(p) for p in result.problems.sorted() if p.severity != "info" or "索引号" in p.message
            or "主题分类" in p.message], result


# ── the shipped issue ────────────────────────────────────────────────────

def test_eight_fields_in_gov_order_on_every_document_page(real_site):
    out, result = real_site
    numbers = set()
    for d in result.site.documents:
        html = (out / d.url).read_text(encoding="utf-8")
        table = re.search(r'<table class="gov-meta">.*?</table>', html, re.S).group()
        cells = re.findall(r'<th scope="row">([^<]+)</th>\s*<td[^>]*>(.*?)</td>', table, re.S)
        labels = [label for label, _ in cells]
        assert labels[:8] == list(metadata.FIELDS), d.slug
        values = dict((label, squash(visible_text(v))) for label, v in cells)
        assert all(values[f] for f in metadata.FIELDS), d.slug
        assert re.fullmatch(r"140922/2022-000\d\d", values["索引号"]) and values["主题分类"] != metadata.UNFILED
        assert values["发文字号"] == d.doc_number and values["标题"] == d.title
        assert values["发布日期"] == "2022年7月18日", "the issue's publication date, not 成文日期"
        numbers.add(values["索引号"])
    assert len(numbers) == len(result.site.documents) == 14


def test_township_page_lists_all_14_documents_sent_to_townships(real_site):
    out, result = real_site
    html = (out / "departments/baijiazhuang/index.html").read_text(encoding="utf-8")
    section = re.search(r'<section class="dept-sent".*?</section>', html, re.S).group()
    assert "发给全县各乡（镇）的文件（共 14 件）" in visible_text(section)
    listed = set(re.findall(r'<a href="\.\./\.\./([^"]+)">', section))
    assert listed == {d.url for d in result.site.documents}
    assert "共 2 件" in visible_text(html), "the documents naming 白家庄镇 itself are listed as before"


def test_county_department_page_lists_documents_sent_to_county_departments(real_site):
    out, result = real_site
    aliases = ("县直各局、办", "县直各有关单位", "各职能部门")
    expected = {d.url for d in result.site.documents if any(a in d.addressees for a in aliases)}
    html = (out / "departments/czj/index.html").read_text(encoding="utf-8")
    section = re.search(r'<section class="dept-sent".*?</section>', html, re.S).group()
    assert f"发给县直各部门的文件（共 {len(expected)} 件）" in visible_text(section)
    assert set(re.findall(r'<a href="\.\./\.\./([^"]+)">', section)) == expected and len(expected) == 13
    assert 'class="dept-sent"' not in (out / "departments/swj/index.html").read_text(encoding="utf-8"), "驻县单位 are not 县直"


def test_yearly_index_lists_every_document_by_category_and_number(real_site):
    out, result = real_site
    page = out / "archive/2022/catalog/index.html"
    html = page.read_text(encoding="utf-8")
    rows = re.findall(r'<td class="doc-number">([^<]+)</td>.*?<td>第(\d+)期（总第9期）</td>\s*<td>(\d+)</td>', html, re.S)
    numbers = [n for n, _, _ in rows]
    assert numbers == ["五政发〔2022〕22号", "五政发〔2022〕25号", "五政发〔2022〕26号"] + [
        f"五政办发〔2022〕{n}号" for n in (31, 32, 33, 35, 36, 37, 38, 40, 41, 42, 44)]
    pages = {d.doc_number: str(d.page) for d in result.site.documents}
    assert all(issue == "3" and pages[n] == p for n, issue, p in rows)
    text = main_text(page)
    assert "县政府文件（3件）" in text and "县政府办文件（11件）" in text
    assert "archive/2022/catalog/index.html" in "".join(read(out / "archive/index.html").links)


# ── 索引号 and 主题分类 on fixture sites ──────────────────────────────────

def test_index_numbers_are_checked_unique_and_well_formed(tmp_path):
    found, _ = problems(tmp_path, one_issue(**{
        "wzbf-2022-1": doc("五政办发〔2022〕1号", "2022-07-01", "index_number: 2022-00001\ntopic: 综合政务\n"),
        "wzbf-2022-2": doc("五政办发〔2022〕2号", "2022-07-02", "index_number: 2022-00001\ntopic: 综合政务\n"),
        "wzbf-2022-3": doc("五政办发〔2022〕3号", "2022-07-03", "index_number: 22-1\ntopic: 综合政务\n"),
        "wzbf-2022-4": doc("五政办发〔2022〕4号", "2022-07-04", "topic: 综合治理\n"),
    }))
    both = "content/2022-03/wzbf-2022-1.md、content/2022-03/wzbf-2022-2.md"
    assert found == [
        f"content/2022-03/wzbf-2022-1.md:8: 索引号 2022-00001 重复，出现在 {both}；索引号一经发布不再改动，请给后加的文件换一个本年未用的序号",
        f"content/2022-03/wzbf-2022-2.md:8: 索引号 2022-00001 重复，出现在 {both}；索引号一经发布不再改动，请给后加的文件换一个本年未用的序号",
        'content/2022-03/wzbf-2022-3.md:8: 索引号 "22-1" 无效，应为 年份-五位序号，例如 2022-00031（机关代码由 site.toml 的 index_code 给出）',
        "content/2022-03/wzbf-2022-4.md: 提示：没有索引号（index_number），页面显示“未编号”；建议写入 index_number: 2022-00002（本年尚未使用的下一个序号，写入后不再改动）",
        'content/2022-03/wzbf-2022-4.md:8: 主题分类 "综合治理" 不在 site.toml 的 topics 中；是否应为“综合政务”？',
    ]


def test_adding_a_document_never_changes_other_index_numbers(tmp_path):
    files = one_issue(**{"wzbf-2022-5": doc("五政办发〔2022〕5号", "2022-07-05", "index_number: 2022-00007\ntopic: 综合政务\n")})
    _, before = problems(tmp_path / "a", files)
    files["content/2022-03/wzbf-2022-4.md"] = doc("五政办发〔2022〕4号", "2022-07-04", "index_number: 2022-00008\ntopic: 综合政务\n")
    _, after = problems(tmp_path / "b", files)
    number = {d.slug: d.index_number for d in after.site.documents}
    assert before.site.documents[0].index_number == number["wzbf-2022-5"] == "140922/2022-00007"
    assert number["wzbf-2022-4"] == "140922/2022-00008"


def test_importer_writes_index_numbers_once_and_guesses_a_topic(tmp_path):
    content = tmp_path / "content"
    (content / "2022-03").mkdir(parents=True)
    (content / "2022-03/old.md").write_text("---\nindex_number: 2022-00012\n---\n", encoding="utf-8")
    (content / "2022-04").mkdir()
    (content / "2022-04/a.md").write_text("---\ntitle: x\nindex_number: 2022-00020\n---\n", encoding="utf-8")
    files = {"2022-04/issue.md": "---\nyear: 2022\n---\n", "2022-04/a.md": "---\ntitle: x\n---\nbody\n",
             "2022-04/b.md": "---\ntitle: y\n---\nbody\n", "2022-04/c.md": "---\ntitle: z\n---\nbody\n"}
    written = metadata.add_index_numbers(files, content)
    assert written["2022-04/a.md"] == "---\ntitle: x\nindex_number: 2022-00020\n---\nbody\n", "re-import keeps it"
    assert "index_number: 2022-00021\n" in written["2022-04/b.md"] and "index_number: 2022-00022\n" in written["2022-04/c.md"]
    assert written["2022-04/issue.md"] == files["2022-04/issue.md"]
    seed = (REPO.parent / "shared/seeds/000_3e1c21670e535661.txt")
    if seed.exists():
        result = import_text(seed.read_text(encoding="utf-8"), "2022-03")
        water = result.files["2022-03/wzbf-2022-31.md"]
        assert "topic: 城乡建设、环境保护  # 导入时按标题推测，请核对后删除本注释\n" in water
        assert any("主题分类（topic）按标题推测为“城乡建设、环境保护”" in r.message for r in result.report)


# ── interpretations and corrections ─────────────────────────────────────

def test_interpretation_and_correction_link_both_ways(tmp_path):
    files = one_issue(**{
        "wzbf-2022-31": doc("五政办发〔2022〕31号", "2022-07-01", title="五台县人民政府办公室关于水污染防治的通知"),
        "jd-31": doc("五政办发〔2022〕50号", "2022-07-05", "interprets: 五政办发〔2022〕31 号\n", title="《关于水污染防治的通知》政策解读"),
        "kw-31": doc("五政办发〔2022〕51号", "2022-07-06", "corrects: [五政办发〔2022〕31号]\n", title="关于水污染防治通知的勘误"),
        "jd-99": doc("五政办发〔2022〕52号", "2022-07-07", "interprets: 五政办发〔2021〕99号\n"),
    })
    found, result = problems(tmp_path, files)
    assert found == ["content/2022-03/jd-99.md:8: 警告：interprets 所指的 五政办发〔2021〕99号 不在本站收录的文件中，"
                     "页面上只显示文号；收录该文件后会自动双向链接"]
    out = result.out
    target = visible_text((out / "2022-03/wzbf-2022-31/index.html").read_text(encoding="utf-8"))
    assert "本文已更正：《关于水污染防治通知的勘误》（五政办发〔2022〕51号）" in target
    assert "本文有解读：《《关于水污染防治的通知》政策解读》（五政办发〔2022〕50号）" in target
    html = (out / "2022-03/jd-31/index.html").read_text(encoding="utf-8")
    assert '本文为政策解读，解读：<a href="../../2022-03/wzbf-2022-31/index.html">' in html
    assert "本文为政策解读，解读：五政办发〔2021〕99号（本站未收录）" in visible_text(
        (out / "2022-03/jd-99/index.html").read_text(encoding="utf-8"))


# ── checks that match real gazettes ─────────────────────────────────────

def test_old_documents_are_a_warning_the_editor_confirms(tmp_path):
    files = one_issue(**{"wzbf-2019-8": doc("五政办发〔2019〕8号", "2019-03-01")})
    found, result = problems(tmp_path / "a", files)
    assert result.ok and found == [
        "content/2022-03/wzbf-2019-8.md:5: 警告：成文日期 2019-03-01 比本期出版日期 2022-07-18 早一年以上，请核对日期或期次；"
        "如确为早年文件（补登、转载），请在 front matter 中加 date_confirmed: true"]
    files["content/2022-03/wzbf-2019-8.md"] = doc("五政办发〔2019〕8号", "2019-03-01", "date_confirmed: true\n")
    found, result = problems(tmp_path / "b", files)
    assert result.ok and found == []


def test_total_numbers_that_do_not_grow_are_a_warning(tmp_path):
    files = one_issue(**{"wzbf-2022-1": doc("五政办发〔2022〕1号", "2022-07-01")})
    files["content/2019-04/issue.md"] = ISSUE.format(y=2019, n=4, t=10, p="2019-12-20")
    files["content/2019-04/wzbf-2019-8.md"] = doc("五政办发〔2019〕8号", "2019-12-01")
    found, result = problems(tmp_path, files)
    assert result.ok and found == [
        "content/2022-03/issue.md: 警告：总期数 9（2022年第3期）不大于前一期 content/2019-04/issue.md 的总期数 10"
        "（2019年第4期）；总期数应随年份和期次递增，请核对 total_number 或期文件夹名"]


def test_published_override_and_collectives_in_cc_but_not_in_passing(tmp_path):
    plain = ("---\ntitle: 关于甲事的通知\ndoc_number: 五政办发〔2022〕1号\nissuer: 五台县人民政府办公室\n"
             "date: 2022-07-01\ncategory: 县政府办文件\npublished: 2022-07-20\n---\n\n"
             "县财政局：\n\n请认真执行。\n\n抄送：各乡（镇）人民政府。\n")
    passing = ("---\ntitle: 关于乙事的通知\ndoc_number: 五政办发〔2022〕2号\nissuer: 五台县人民政府办公室\n"
               "date: 2022-07-02\ncategory: 县政府办文件\n---\n\n县财政局：\n\n各乡（镇）要加强领导。\n")
    found, result = problems(tmp_path, one_issue(**{"wzbf-2022-1": plain, "wzbf-2022-2": passing}))
    assert result.ok and found == []
    dates = {d.slug: d.published.isoformat() for d in result.site.documents}
    assert dates == {"wzbf-2022-1": "2022-07-20", "wzbf-2022-2": "2022-07-18"}
    section = re.search(r'<section class="dept-sent".*?</section>',
                        (result.out / "departments/taicheng/index.html").read_text(encoding="utf-8"), re.S).group()
    assert "（共 1 件）" in visible_text(section)
    assert re.findall(r'<a href="\.\./\.\./([^"]+)">', section) == ["2022-03/wzbf-2022-1/index.html"]


# ── the incremental engine keeps up ─────────────────────────────────────

def test_incremental_builds_follow_addressees_interpretations_and_the_day(tmp_path, monkeypatch):
    from test_incremental import STEPS, cold

    from conftest import pin_today

    site = make_site(tmp_path / "site", content_from=REPO / "content")
    out = tmp_path / "public"
    pin_today(monkeypatch, dt.date(2025, 7, 17))
    assert pipeline.build(site, out, steps=STEPS).ok
    water = site / "content/2022-03/wzbf-2022-31.md"
    water.write_text(water.read_text(encoding="utf-8").replace("addressees: 各乡（镇）人民政府，", "addressees: "),
                     encoding="utf-8")
    (site / "content/2022-03/jd-41.md").write_text(doc(
        "五政办发〔2022〕50号", "2022-07-18", "interprets: 五政办发〔2022〕41号\nindex_number: 2022-00050\ntopic: 综合政务\n",
        title="《五台县政务信息化项目建设应用管理办法》政策解读"), encoding="utf-8")
    result = pipeline.build(site, out, steps=STEPS)
    assert result.ok and "departments/baijiazhuang/index.html" in result.written
    assert tree_digest(out) == cold(site, tmp_path / "cold")
    township = visible_text((out / "departments/baijiazhuang/index.html").read_text(encoding="utf-8"))
    assert "发给全县各乡（镇）的文件（共 14 件）" in township, "13 shipped + the interpretation, without 31号"
    assert "本文有解读：《《五台县政务信息化项目建设应用管理办法》政策解读》" in visible_text(
        (out / "2022-03/wzbf-2022-41/index.html").read_text(encoding="utf-8"))
    pin_today(monkeypatch, dt.date(2025, 7, 18))  # the next day: 41号 has run out
    result = pipeline.build(site, out, steps=STEPS)
    assert result.ok and "2022-03/wzbf-2022-41/index.html" in result.written
    assert tree_digest(out) == cold(site, tmp_path / "cold")
    assert "本文件已失效" in visible_text((out / "2022-03/wzbf-2022-41/index.html").read_text(encoding="utf-8"))


def test_township_pages_by_year_and_a_new_document_touches_only_its_year(tmp_path):
    files = {}
    for total, year in enumerate((2020, 2021, 2022), 1):
        files[f"content/{year}-01/issue.md"] = ISSUE.format(y=year, n=1, t=total, p=f"{year}-03-31")
        files[f"content/{year}-01/wzbf-{year}-1.md"] = doc(f"五政办发〔{year}〕1号", f"{year}-03-01")
    root = make_site(tmp_path / "site", files)
    out = tmp_path / "public"
    assert pipeline.build(root, out).ok
    first = visible_text((out / "departments/baijiazhuang/index.html").read_text(encoding="utf-8"))
    assert "发给全县各乡（镇）的文件（共 3 件，本页为2022年的 1 件）" in first
    older = visible_text((out / "departments/baijiazhuang/2020/index.html").read_text(encoding="utf-8"))
    assert "发给全县各乡（镇）的文件（2020年 1 件）" in older and "2020年公报中涉及本部门的文件 0 件" in older
    (root / "content/2022-01/wzbf-2022-2.md").write_text(doc("五政办发〔2022〕2号", "2022-03-02"), encoding="utf-8")
    result = pipeline.build(root, out)
    assert result.ok
    assert [u for u in result.written if u.startswith("departments/baijiazhuang/")] == ["departments/baijiazhuang/index.html"]
