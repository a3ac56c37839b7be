"""Incremental preview rebuilds give exactly the pages a clean preview build gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO, build, make_site, tree_digest
from gazette import data, feeds, pipeline, preview, search_index

DOC = "content/2022-03/wzbf-2022-31.md"
# Written in the background by the preview server (see gazette/preview_extras.py), compared separately.
EXTRAS = ("pagefind/", "data/", "feed.xml", "sitemap.xml", "robots.txt")


def pages(folder: Path) -> dict[str, str]:
    return {k: v for k, v in tree_digest(folder).items() if not k.startswith(EXTRAS)}


def full(root: Path, out: Path, steps=()) -> Path:
    """A clean preview build (drafts, banner) of the same content."""
    result = pipeline.build(root, out, drafts=True, preview=True, steps=steps)
    assert result.ok, "\n".join(map(str, result.problems.errors))
    return out


@pytest.fixture
def site(tmp_path):
    root = make_site(tmp_path / "site", content_from=REPO / "content")
    engine = preview.Preview(root, tmp_path / "work")
    report = engine.rebuild()
    assert report.ok, report.problems.errors
    return root, engine


def assert_same(root: Path, engine: preview.Preview, tmp_path: Path) -> None:
    report = engine.rebuild()
    assert report.ok, report.problems.errors
    expected = pages(full(root, tmp_path / "full"))
    assert pages(engine.out) == expected
    return report


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_initial_preview_equals_full_build(site, tmp_path):
    root, engine = site
    assert pages(engine.out) == pages(full(root, tmp_path / "full"))
    assert engine.rebuild().written == []


def test_body_edit(site, tmp_path):
    root, engine = site
    path = root / DOC
    path.write_text(path.read_text(encoding="utf-8") + "\n预览增量测试新增的一段文字。\n", encoding="utf-8")
    report = assert_same(root, engine, tmp_path)
    assert "2022-03/wzbf-2022-31/index.html" in report.written
    assert len(report.written) < 30, report.written


def test_title_edit(site, tmp_path):
    root, engine = site
    edit(root / DOC, "title: ", "title: 修改后的")
    report = assert_same(root, engine, tmp_path)
    assert "2022-03/index.html" in report.written and "index.html" in report.written


def test_add_and_delete_document(site, tmp_path):
    root, engine = site
    source = (root / DOC).read_text(encoding="utf-8")
    new = re.sub(r"doc_number: .*", 'doc_number: "五政办发〔2022〕99号"', source, count=1)
    new = re.sub(r"index_number: .*", "index_number: 2022-00099", new, count=1)  # 索引号 are unique too
    (root / "content/2022-03/wzbf-2022-99.md").write_text(new.replace("title: ", "title: 新增", 1), encoding="utf-8")
    report = assert_same(root, engine, tmp_path / "a")
    assert "2022-03/wzbf-2022-99/index.html" in report.written
    (root / "content/2022-03/wzbf-2022-99.md").unlink()
    report = assert_same(root, engine, tmp_path / "b")
    assert report.deleted == ["2022-03/wzbf-2022-99/index.html"]
    assert not (engine.out / "2022-03/wzbf-2022-99").exists()


def test_delete_cited_document(site, tmp_path):
    root, engine = site
    for path in sorted((root / "content/2022-03").glob("*.md"))[1:4]:
        path.unlink()
    assert_same(root, engine, tmp_path)


def test_layout_edit(site, tmp_path):
    root, engine = site
    toc = "{{ m.toc(issue, config, root) }}"
    edit(root / "layouts/issue.html", toc, "<p>目录如下</p>\n" + toc)
    report = assert_same(root, engine, tmp_path / "a")
    assert report.written == ["2022-03/index.html"]
    edit(root / "layouts/base.html", "跳到正文", "跳到正文内容")
    report = assert_same(root, engine, tmp_path / "b")
    assert len(report.written) == len(engine.fps)


def test_registry_and_settings_edit(site, tmp_path):
    root, engine = site
    edit(root / "content/departments.yaml", "name: 县财政局", "name: 县财政局\n  aliases: [五台县财政局]")
    assert_same(root, engine, tmp_path / "a")
    edit(root / "site.toml", 'publisher = "五台县人民政府办公室"', 'publisher = "五台县政府办公室"')
    assert_same(root, engine, tmp_path / "b")


def test_error_keeps_last_good_pages(site, tmp_path):
    root, engine = site
    before = pages(engine.out)
    path = root / DOC
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("date: ", "date: 2022-13-45\nx: ", 1), encoding="utf-8")
    report = engine.rebuild()
    assert not report.ok and any(p.path == DOC and p.line for p in report.problems.errors)
    assert pages(engine.out) == before
    path.write_text(good + "\n修正后追加。\n", encoding="utf-8")
    assert_same(root, engine, tmp_path)


def test_draft_only_in_preview(site, tmp_path):
    root, engine = site
    edit(root / DOC, "title: ", "draft: true\ntitle: ")
    assert_same(root, engine, tmp_path / "a")
    page = (engine.out / "2022-03/wzbf-2022-31/index.html").read_text(encoding="utf-8")
    assert "草稿" in page and "draft-badge" in page
    published = build(root, tmp_path / "pub")
    assert published.ok
    assert not (tmp_path / "pub/2022-03/wzbf-2022-31").exists()
    assert "wzbf-2022-31" not in (tmp_path / "pub/2022-03/index.html").read_text(encoding="utf-8")


def test_extras_match_full_build(site, tmp_path):
    from gazette import preview_extras

    root, engine = site
    path = root / DOC
    path.write_text(path.read_text(encoding="utf-8") + "\n追加。\n", encoding="utf-8")
    assert engine.rebuild().ok
    extras = preview_extras.Extras(engine)
    extras.run_once()
    steps = (search_index.write_index, feeds.write_feeds, data.write_data)
    expected = tree_digest(full(root, tmp_path / "full", steps=steps))
    assert tree_digest(engine.out) == expected


@pytest.mark.parametrize("sentence", ["（责任单位：县财政局）", "县生态环境局配合。", "本通知自印发之日起施行。"])
def test_body_edit_naming_departments(site, tmp_path, sentence):
    root, engine = site
    path = root / "content/2022-03/wzf-2022-22.md"
    text = path.read_text(encoding="utf-8")
    head, _, tail = text.partition("\n\n")
    path.write_text(head + "\n\n" + sentence + "\n\n" + tail, encoding="utf-8")
    assert_same(root, engine, tmp_path)


def test_edit_cycle_returns_to_start(site, tmp_path):
    root, engine = site
    path = root / DOC
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "\n临时追加。\n", encoding="utf-8")
    assert engine.rebuild().written == ["2022-03/wzbf-2022-31/index.html"]  # body only: one page
    path.write_text(good, encoding="utf-8")
    edit(root / "content/2022-03/wzf-2022-22.md", "title: ", "title: 改")  # a full pass at the same time
    assert_same(root, engine, tmp_path)
