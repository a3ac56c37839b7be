"""Citations, repeals, validity, township short forms and leaders (gazette/relations.py, issue #7)."""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path

import pytest

from gazette import cli, pipeline
from gazette.departments import load as load_registry
from gazette.problems import Problems

REPO = Path(__file__).resolve().parent.parent
REAL = REPO / "content" / "2022-03"


def make_site(root: Path, files: dict[str, str], real: bool = False) -> Path:
    """A site in root with the project's settings, layouts, assets and registry plus the given files."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "site.toml", root / "site.toml")
    shutil.copytree(REPO / "layouts", root / "layouts")
    shutil.copytree(REPO / "assets", root / "assets")
    (root / "content").mkdir()
    shutil.copy(REPO / "content" / "departments.yaml", root / "content" / "departments.yaml")
    if real:
        shutil.copytree(REAL, root / "content" / "2022-03")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def no_date_overrides(monkeypatch):
    """Builds judge status at the newest content date unless a test says otherwise."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def build(root: Path) -> tuple[Path, pipeline.Result]:
    out = root / "public"
    result = pipeline.build(root, out)
    assert result.ok, "\n".join(map(str, result.problems.errors))
    return out, result


def page(out: Path, url: str) -> str:
    return (out / url).read_text(encoding="utf-8")


def section(html: str, heading_id: str) -> str:
    """The <section> whose heading has this id ('' if there is none)."""
    m = re.search(rf'<section[^>]*>\s*<h2 id="{heading_id}">.*?</section>', html, re.S)
    return m.group() if m else ""


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment))


def links(fragment: str) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]+)"', fragment)


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """2022年第3期 as shipped, built at its newest date."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        root = make_site(tmp_path_factory.mktemp("real") / "site", {}, real=True)
        return build(root)


# ── the real issue ────────────────────────────────────────────────────────

def test_41_repeals_86_and_cites_it_unresolved(real):
    out, _ = real
    html = page(out, "2022-03/wzbf-2022-41/index.html")
    repeals, cites = section(html, "repeals-heading"), section(html, "citations-heading")
    assert "五政办发〔2020〕86号" in text_of(repeals) and not links(repeals)
    assert "《五台县人民政府办公室关于印发五台县政务信息化项目建设应用管理办法（试行）的通知》（五政办发〔2020〕86号）" in text_of(cites)
    assert "本站未收录" in text_of(cites)
    assert "五政办发〔2022〕41号" not in text_of(cites), "a document's own number is not a citation"
    assert not links(cites)


def test_41_valid_three_years_from_its_date(real):
    out, _ = real
    v = text_of(section(page(out, "2022-03/wzbf-2022-41/index.html"), "validity-heading"))
    assert "有效期 3 年" in v and "有效期至 2025年7月17日" in v and "施行日期：2022年7月18日" in v
    assert v.strip().startswith("效力 有效")


def test_38_valid_two_years_on_trial(real):
    out, _ = real
    v = text_of(section(page(out, "2022-03/wzbf-2022-38/index.html"), "validity-heading"))
    assert "有效期两年" in v and "有效期 2 年" in v and "有效期至 2024年7月13日" in v
    assert "试行" in v


def test_citation_with_stray_space_and_title(real):
    out, _ = real
    cites = text_of(section(page(out, "2022-03/wzbf-2022-42/index.html"), "citations-heading"))
    assert "《2022 年政务公开工作要点》（国办发〔2022〕8号）" in cites


def test_every_document_shows_status_build_date_and_cited_by(real):
    out, result = real
    for doc in result.site.documents:
        html = page(out, doc.url)
        assert doc.status in ("有效", "试行")
        assert "2022年7月18日" in text_of(section(html, "validity-heading"))
        assert "内容中的最新日期" in html
        assert bool(section(html, "cited-by-heading")) == bool(doc.cited_by), "no empty 被以下文件引用 section"


def test_recognitions_are_info_lines_not_warnings(real):
    _, result = real
    infos = [str(p) for p in result.problems.infos]
    assert any(i.startswith("content/2022-03/wzbf-2022-41.md:131: 提示：识别到有效期 3 年（至 2025-07-17）") for i in infos)
    assert any(i.startswith("content/2022-03/wzbf-2022-41.md:13: 提示：识别到废止") for i in infos)
    assert not any(p.severity == "info" for p in result.problems.warnings + result.problems.errors)


def test_finance_bureau_shows_its_leader(real):
    out, _ = real
    leaders = section(page(out, "departments/czj/index.html"), "leaders-heading")
    assert re.search(r"分管</span>\s*田江波（常务副县长）", leaders)
    assert "../../2022-03/wzbf-2022-36/index.html" in links(leaders)
    audit = text_of(section(page(out, "departments/sjj/index.html"), "leaders-heading"))
    assert "分管 贾文柱（县长）" in audit and "协助 田江波（常务副县长）" in audit


def test_leaders_are_not_departments(real):
    _, result = real
    names = {duty.leader for duty in result.site.assignment.facts.duties}
    assert {"田江波", "贾文柱", "朱润生"} <= names
    registry = load_registry(REPO, Problems())
    known = {n for d in registry for n in [d.name, *d.aliases]}
    assert not names & known
    assert not any(name in d.name for d in result.site.departments for name in names)


def _names_doucun(path: Path) -> bool:
    """Whether a document's text names 豆村(镇), not counting 豆村林场 (a different body)."""
    text = "".join(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return "豆村" in text.replace("豆村林场", "")


def test_township_page_lists_exactly_the_documents_naming_it(real):
    out, result = real
    by_src = {d.source_path.name: d for d in result.site.documents}
    expected = {f"../../{by_src[p.name].url}" for p in REAL.glob("*.md") if p.name != "issue.md" and _names_doucun(p)}
    listed = set(re.findall(r'class="mention-title" href="([^"]+)"', page(out, "departments/doucun/index.html")))
    assert listed == expected
    assert "../../2022-03/wzf-2022-22/index.html" in listed, "short form 豆村 in 负责豆村、蒋坊、茹村 3 个乡镇"


def test_short_township_names_need_a_list():
    from gazette import departments

    matcher = departments.matcher(load_registry(REPO, Problems()))
    found = lambda t: [(t[s:e], d.name) for s, e, d in matcher.find(t)]  # noqa: E731
    assert found("负责东冶、建安、阳白 3 个乡镇") == [("东冶", "东冶镇"), ("建安", "建安镇"), ("阳白", "阳白乡")]
    assert found("构建安全生产体系") == []
    assert found("五台县大建安村等村庄") == []
    assert found("豆村林场、台城镇") == [("豆村林场", "豆村林场"), ("台城镇", "台城镇")]


# ── fixture archives ──────────────────────────────────────────────────────

ISSUE = "---\nyear: {y}\nnumber: {n}\ntotal_number: {t}\npublished: {p}\n---\n"


def doc(title: str, number: str, date: str, body: str, extra: str = "") -> str:
    return (f"---\ntitle: {title}\ndoc_number: {number}\nissuer: 五台县人民政府办公室\ndate: {date}\n"
            f"category: 县政府办文件\n{extra}---\n\n{body}\n")


def two_issues() -> dict[str, str]:
    return {
        "content/2020-10/issue.md": ISSUE.format(y=2020, n=10, t=1, p="2020-11-20"),
        "content/2020-10/wzbf-2020-86.md": doc(
            "五台县人民政府办公室关于印发五台县政务信息化项目建设应用管理办法（试行）的通知",
            "五政办发〔2020〕86号", "2020-11-04", "本办法自印发之日起施行，有效期 2 年。"),
        "content/2020-10/wzbf-2020-87.md": doc("五台县人民政府办公室关于某事的通知", "五政办发〔2020〕87号",
                                              "2020-11-05", "请认真执行。"),
        "content/2022-03/issue.md": ISSUE.format(y=2022, n=3, t=2, p="2022-07-18"),
        "content/2022-03/wzbf-2022-41.md": doc(
            "五台县人民政府办公室关于印发五台县政务信息化项目建设应用管理办法的通知", "五政办发〔2022〕41号",
            "2022-07-18",
            "现印发给你们。2020年11月4日《五台县人民政府办公室关于印发五台县政务信息化项目建设应用管理办法（试行）"
            "的通知》（五政办发〔2020〕86号）文件同时废止。\n\n本办法自印发之日起施行，有效期 3 年。",
            "repeals: [五政办发〔2020〕87 号]\n"),
        "content/2022-03/wzbf-2022-42.md": doc(
            "五台县人民政府办公室关于另一事的通知", "五政办发〔2022〕42号", "2022-07-10",
            "根据《五台县人民政府办公室关于印发五台县政务信息化项目建设应用管理办法的通知》（五政办发〔2022〕41 号）"
            "要求，结合本通知（五政办发〔2022〕42号）……"),
    }


def test_later_document_repeals_earlier_one_across_issues(tmp_path):
    out, result = build(make_site(tmp_path / "site", two_issues()))
    old = page(out, "2020-10/wzbf-2020-86/index.html")
    status = section(old, "validity-heading")
    assert "已废止" in text_of(status)
    assert "../../2022-03/wzbf-2022-41/index.html" in links(status)
    new = page(out, "2022-03/wzbf-2022-41/index.html")
    repeals = section(new, "repeals-heading")
    assert {"../../2020-10/wzbf-2020-86/index.html", "../../2020-10/wzbf-2020-87/index.html"} <= set(links(repeals))
    assert "已废止" in text_of(section(page(out, "2020-10/wzbf-2020-87/index.html"), "validity-heading")), "front matter repeals"
    docs = {d.doc_number: d for d in result.site.documents}
    assert docs["五政办发〔2020〕86号"].status == "已废止" and docs["五政办发〔2022〕41号"].status == "有效"


def test_citation_across_issues_links_and_shows_as_cited_by(tmp_path):
    out, _ = build(make_site(tmp_path / "site", two_issues()))
    citing = page(out, "2022-03/wzbf-2022-42/index.html")
    cites = section(citing, "citations-heading")
    assert links(cites) == ["../../2022-03/wzbf-2022-41/index.html"], "own number is not a citation"
    body_links = re.findall(r'<a class="doc-cite" href="([^"]+)"', citing)
    assert body_links == ["../../2022-03/wzbf-2022-41/index.html"]
    for href in body_links + links(cites):
        assert (out / posixpath.normpath(posixpath.join("2022-03/wzbf-2022-42", href))).is_file()
    cited_by = section(page(out, "2022-03/wzbf-2022-41/index.html"), "cited-by-heading")
    assert links(cited_by) == ["../../2022-03/wzbf-2022-42/index.html"]
    old_cited_by = section(page(out, "2020-10/wzbf-2020-86/index.html"), "cited-by-heading")
    assert links(old_cited_by) == ["../../2022-03/wzbf-2022-41/index.html"]


def _expiring(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", {
        "content/2020-10/issue.md": ISSUE.format(y=2020, n=10, t=1, p="2020-11-20"),
        "content/2020-10/wzbf-2020-90.md": doc("五台县人民政府办公室关于某办法的通知", "五政办发〔2020〕90号", "2020-11-04",
                                              "本办法自印发之日起施行，有效期两年。"),
        "content/2020-10/wzbf-2020-91.md": doc("五台县人民政府办公室关于另一办法的通知", "五政办发〔2020〕91号", "2020-11-04",
                                              "本办法自2023年1月1日起施行。", "valid_until: 2030-12-31\n"),
    })


@pytest.mark.parametrize("date, expired, pending", [
    ("2022-11-03", "有效", "尚未施行"), ("2022-11-04", "已失效", "尚未施行"), ("2023-01-01", "已失效", "有效"),
])
def test_status_as_of_build_date(tmp_path, monkeypatch, date, expired, pending):
    root = _expiring(tmp_path)
    out = root / "public"
    assert cli.main(["--root", str(root), "build", "--build-date", date]) == 0
    year, month, day = (int(x) for x in date.split("-"))
    for slug, status in (("wzbf-2020-90", expired), ("wzbf-2020-91", pending)):
        v = text_of(section(page(out, f"2020-10/{slug}/index.html"), "validity-heading"))
        assert v.strip().startswith(f"效力 {status}"), v
        assert f"{year}年{month}月{day}日（依据：--build-date）" in v
    v90 = text_of(section(page(out, "2020-10/wzbf-2020-90/index.html"), "validity-heading"))
    assert "有效期至 2022年11月3日" in v90
    v91 = text_of(section(page(out, "2020-10/wzbf-2020-91/index.html"), "validity-heading"))
    assert "有效期至 2030年12月31日（编辑标注）" in v91


def test_default_build_date_is_reproducible(tmp_path, monkeypatch):
    root = _expiring(tmp_path)
    _, result = build(root)
    assert (result.site.build_date.isoformat(), result.site.build_date_source) == ("2020-11-20", "内容中的最新日期")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 UTC
    _, result = build(root)
    assert (result.site.build_date.isoformat(), result.site.build_date_source) == ("2023-11-14", "SOURCE_DATE_EPOCH")
    assert {d.slug: d.status for d in result.site.documents} == {"wzbf-2020-90": "已失效", "wzbf-2020-91": "有效"}


def test_bad_repeals_entry_is_an_error(tmp_path):
    files = two_issues()
    files["content/2022-03/wzbf-2022-41.md"] = files["content/2022-03/wzbf-2022-41.md"].replace(
        "repeals: [五政办发〔2020〕87 号]", "repeals: [八十七号文]")
    result = pipeline.build(make_site(tmp_path / "site", files), tmp_path / "out")
    assert [str(p) for p in result.problems.errors] == [
        'content/2022-03/wzbf-2022-41.md:7: repeals 中的 "八十七号文" 不是有效的文号，应写成 五政办发〔2020〕86号 这样的形式']
