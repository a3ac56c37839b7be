"""One engine that remembers: after any edit, an incremental build gives exactly the bytes of a cold one.

Each test applies a sequence of edits to a copy of the real issue; after every edit the site is
built incrementally (the cache in .gazette-cache/, the last published folder) and cold (no cache,
an empty folder), and every output file is compared. The preview is the same build with
preview=True and an Engine kept between calls.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, make_site, tree_digest
from gazette import content, feeds, pipeline, search_index, serve

DOC = "content/2022-03/wzbf-2022-31.md"
STEPS = (feeds.write_feeds,)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def new_issue(root: Path) -> None:
    """2022年第4期 with two documents copied (new numbers, new titles)."""
    folder = root / "content/2022-04"
    folder.mkdir()
    issue = (root / "content/2022-03/issue.md").read_text(encoding="utf-8")
    issue = re.sub(r"number: 3\b", "number: 4", issue)
    issue = re.sub(r"total_number: 9\b", "total_number: 10", issue)
    issue = re.sub(r"published: .*", "published: 2022-07-29", issue)
    issue = re.sub(r"period_(start|end): .*\n", "", issue)
    (folder / "issue.md").write_text(issue, encoding="utf-8")
    for n, name in enumerate(("wzbf-2022-41", "wzbf-2022-42")):
        text = (root / f"content/2022-03/{name}.md").read_text(encoding="utf-8")
        text = re.sub(r"doc_number: .*", f"doc_number: 五政办发〔2022〕{60 + n}号", text, count=1)
        text = re.sub(r"index_number: .*", f"index_number: 2022-{60 + n:05d}", text, count=1)  # unique too
        text = re.sub(r"date: .*", "date: 2022-07-25", text, count=1)
        text = re.sub(r"page: .*\n", "", text, count=1)
        text = text.replace("title: ", "title: 第四期", 1)
        (folder / f"wzbf-2022-{60 + n}.md").write_text(text, encoding="utf-8")


EDITS = {
    "body": lambda r: append(r / DOC, "\n增量生成测试新增的一段文字。\n"),
    "body naming a department": lambda r: append(r / "content/2022-03/wzf-2022-22.md", "\n（责任单位：县财政局）\n"),
    "title": lambda r: edit(r / DOC, "title: ", "title: 修改后的"),
    "date": lambda r: edit(r / DOC, "date: 2022-06-07", "date: 2022-06-08"),
    "doc number": lambda r: edit(r / "content/2022-03/wzbf-2022-32.md", "〕32号", "〕34号"),
    "new document": lambda r: (r / "content/2022-03/wzbf-2022-99.md").write_text(
        re.sub(r"index_number: .*", "index_number: 2022-00099", re.sub(r"doc_number: .*", "doc_number: 五政办发〔2022〕99号",
               (r / DOC).read_text(encoding="utf-8").replace("title: ", "title: 新增", 1), count=1)), encoding="utf-8"),
    "new issue": new_issue,
    "deleted document": lambda r: (r / "content/2022-03/wzbf-2022-36.md").unlink(),
    "deleted cited documents": lambda r: [p.unlink() for p in sorted((r / "content/2022-03").glob("wzf-*.md"))[:2]],
    "layout": lambda r: edit(r / "layouts/issue.html", "{{ m.toc(issue, config, root) }}",
                             "<p>目录如下</p>\n{{ m.toc(issue, config, root) }}"),
    "base layout": lambda r: edit(r / "layouts/base.html", "跳到正文", "跳到正文内容"),
    "site.toml": lambda r: edit(r / "site.toml", 'publisher = "五台县人民政府办公室"', 'publisher = "五台县政府办公室"'),
    "registry": lambda r: edit(r / "content/departments.yaml", "name: 县财政局", "name: 县财政局\n  aliases: [五台县财政局]"),
    "asset": lambda r: append(r / "assets/site.css", "\n/* edited */\n"),
}


def cold(root: Path, out: Path, **options) -> dict[str, str]:
    shutil.rmtree(out, ignore_errors=True)
    result = pipeline.build(root, out, steps=STEPS, use_cache=False, **options)
    assert result.ok, result.problems.errors
    return tree_digest(out)


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path / "site", content_from=REPO / "content")


def test_edit_sequence_equals_cold_builds(site, tmp_path):
    out = tmp_path / "public"
    first = pipeline.build(site, out, steps=STEPS)
    assert first.ok and len(first.written) > 100
    again = pipeline.build(site, out, steps=STEPS)
    assert again.unchanged and again.written == []
    written = {}
    for name, change in EDITS.items():
        change(site)
        result = pipeline.build(site, out, steps=STEPS)
        assert result.ok, (name, result.problems.errors)
        assert not result.unchanged, name
        written[name] = result.written
        assert tree_digest(out) == cold(site, tmp_path / "cold"), name
    # What each edit re-rendered: exactly the pages that read what changed.
    assert written["body"] == ["2022-03/wzbf-2022-31/index.html"]
    assert "2022-03/index.html" in written["title"] and "index.html" in written["title"]
    assert any(u.startswith("departments/") for u in written["body naming a department"])
    assert written["layout"] == ["2022-03/index.html", "2022-04/index.html"]  # the issue pages, no other
    assert len(written["base layout"]) > 100
    assert written["asset"] == []
    assert "2022-04/index.html" in written["new issue"] and "archive/index.html" in written["new issue"]
    assert "data/issues.json" in written["new issue"]
    # A new issue does not touch the pages of the documents before it (they look their issue up by id).
    old_pages = [u for u in written["new issue"] if u.startswith("2022-03/") and u != "2022-03/index.html"]
    assert old_pages == [], old_pages


def test_body_edit_beside_other_changes_is_not_taken_for_a_body_only_edit(site, tmp_path):
    """A new process takes a body-only edit from the last build's records (pages, descriptions,
    digests); a body edit that comes with a new build date, a layout edit or a settings edit must
    still re-render what those change."""
    out = tmp_path / "public"
    early, late = dt.date(2023, 1, 1), dt.date(2030, 1, 1)  # 41号 (有效期 3 年) expires between them
    assert pipeline.build(site, out, steps=STEPS, build_date=early).ok
    append(site / DOC, "\n只改正文。\n")
    result = pipeline.build(site, out, steps=STEPS, build_date=early)
    assert result.written == ["2022-03/wzbf-2022-31/index.html"]
    assert tree_digest(out) == cold(site, tmp_path / "cold", build_date=early)
    combined = {
        "build date": (lambda r: None, late),
        "layout": (lambda r: edit(r / "layouts/document.html", "</article>", "</article>\n<!-- edited -->"), late),
        "site.toml": (lambda r: edit(r / "site.toml", 'publisher = "五台县人民政府办公室"',
                                     'publisher = "五台县政府办公室"'), late),
    }
    for name, (change, day) in combined.items():
        append(site / DOC, f"\n正文和{name}一起改。\n")
        change(site)
        result = pipeline.build(site, out, steps=STEPS, build_date=day)
        assert result.ok, (name, result.problems.errors)
        assert len(result.written) > 1, name
        assert tree_digest(out) == cold(site, tmp_path / "cold", build_date=day), name


def test_preview_engine_equals_cold_preview_builds(site, tmp_path):
    out = tmp_path / "preview"
    engine = pipeline.Engine(site)
    assert pipeline.build(site, out, steps=STEPS, preview=True, engine=engine).ok
    for name in ("body", "title", "new document", "deleted document", "layout", "registry", "date"):
        EDITS[name](site)
        result = pipeline.build(site, out, steps=STEPS, preview=True, engine=engine)
        assert result.ok, (name, result.problems.errors)
        assert tree_digest(out) == cold(site, tmp_path / "cold", preview=True), name
        if name == "body":
            assert result.written == ["2022-03/wzbf-2022-31/index.html"] and result.reloaded == 1


def test_preview_given_the_watchers_paths_equals_cold_preview_builds(site, tmp_path, monkeypatch):
    """The preview passes the paths its watcher saw change: a save of source files is built from those
    files alone (the tree is not walked again); anything else (a file added or removed, a layout,
    settings) from the whole tree. Every build equals a cold one."""
    out = tmp_path / "preview"
    engine = pipeline.Engine(site)
    seen: list[str] = []
    watcher = serve._Watcher()
    for name in serve.WATCHED:
        watcher.watch(str(site / name), seen.extend)
    assert pipeline.build(site, out, steps=STEPS, preview=True, engine=engine).ok
    discover = content.discover
    page = out / PAGE
    for name in ("body", "title", "date", "new document", "deleted document", "layout", "registry", "body",
                 "new issue", "site.toml", "doc number"):
        EDITS[name](site)
        seen.clear()
        watcher.examine()
        assert seen, name
        walked, shown = [], []
        monkeypatch.setattr(content, "discover", lambda *a, walked=walked: walked.append(1) or discover(*a))
        result = pipeline.build(site, out, steps=STEPS, preview=True, engine=engine, changed=list(seen),
                                on_pages=lambda r, shown=shown: shown.append((
                                    list(r.written), page.read_text(encoding="utf-8"),
                                    (out / "2022-03/index.html").read_text(encoding="utf-8"), (out / GONE).exists())))
        assert result.ok, (name, result.problems.errors)
        structural = name.startswith(("new", "deleted")) or name in ("layout", "site.toml", "registry")
        assert bool(walked) == structural, (name, seen)
        monkeypatch.setattr(content, "discover", discover)
        assert tree_digest(out) == cold(site, tmp_path / "cold", preview=True), name
        if name == "body":
            assert result.written == ["2022-03/wzbf-2022-31/index.html"] and result.reloaded == 1
            assert len(shown) == 1
        if name == "title":  # the saved document's page and its issue's contents first, then everything else
            assert len(shown) == 2 and shown[0][0] == [PAGE, "2022-03/index.html"] and "修改后的" in shown[0][1]
            assert "修改后的" in shown[0][2]
        if name == "deleted document":  # its page gone and its issue's contents without it, at once
            assert shown[0][0] == ["2022-03/index.html", GONE] and len(shown) == 2
            assert "wzbf-2022-36" not in shown[0][2] and not shown[0][3]
        if name == "date":
            assert shown[0][:2] == ([PAGE, "2022-03/index.html"], page.read_text(encoding="utf-8")), \
                "the page as the build then left it"
            assert "2022年6月8日" in shown[0][1]


PAGE = "2022-03/wzbf-2022-31/index.html"
GONE = "2022-03/wzbf-2022-36/index.html"


def test_preview_page_shown_ahead_of_a_failed_build_is_replaced(site, tmp_path):
    """The saved page goes to disk before the model is assembled; if the build then fails (here a
    文号 that another document has), the next good build must not keep that page."""
    out = tmp_path / "preview"
    engine = pipeline.Engine(site)
    assert pipeline.build(site, out, steps=STEPS, preview=True, engine=engine).ok
    original = (site / DOC).read_text(encoding="utf-8")
    edit(site / DOC, "title: ", "title: 临时标题")
    edit(site / DOC, "〕31号", "〕32号")  # 五政办发〔2022〕32号 is wzbf-2022-32's
    shown = []
    failed = pipeline.build(site, out, steps=STEPS, preview=True, engine=engine, changed=[str(site / DOC)],
                            on_pages=lambda r: shown.append((list(r.written), (out / PAGE).read_text(encoding="utf-8"))))
    assert not failed.ok and "重复" in str(failed.problems.errors)
    assert shown[0][0] == [PAGE, "2022-03/index.html"] and "临时标题" in shown[0][1]
    (site / DOC).write_text(original, encoding="utf-8")
    assert pipeline.build(site, out, steps=STEPS, preview=True, engine=engine, changed=[str(site / DOC)]).ok
    assert "临时标题" not in (out / PAGE).read_text(encoding="utf-8")
    assert "临时标题" not in (out / "2022-03/index.html").read_text(encoding="utf-8")
    assert tree_digest(out) == cold(site, tmp_path / "cold", preview=True)


def test_a_page_missing_from_the_published_site_is_rendered_again(site, tmp_path):
    """Unchanged pages are linked from the published folder while the changed ones render; one that
    someone removed from it is rendered again, not left out."""
    out = tmp_path / "public"
    assert pipeline.build(site, out, steps=STEPS).ok
    (out / "2022-03/wzbf-2022-32/index.html").unlink()
    append(site / DOC, "\n另一段。\n")
    result = pipeline.build(site, out, steps=STEPS)
    assert result.ok and result.written == ["2022-03/wzbf-2022-31/index.html", "2022-03/wzbf-2022-32/index.html"]
    assert tree_digest(out) == cold(site, tmp_path / "cold")


def test_deleted_page_is_removed(site, tmp_path):
    out = tmp_path / "public"
    assert pipeline.build(site, out, steps=STEPS).ok
    assert (out / "2022-03/wzbf-2022-36/index.html").exists()
    (site / "content/2022-03/wzbf-2022-36.md").unlink()
    result = pipeline.build(site, out, steps=STEPS)
    assert "2022-03/wzbf-2022-36/index.html" in result.deleted
    assert not (out / "2022-03/wzbf-2022-36").exists()
    assert not (out / "data/documents/2022-03--wzbf-2022-36.json").exists()


def test_error_keeps_last_good_site_and_cache(site, tmp_path):
    out = tmp_path / "public"
    assert pipeline.build(site, out, steps=STEPS).ok
    before = tree_digest(out)
    good = (site / DOC).read_text(encoding="utf-8")
    edit(site / DOC, "date: ", "date: 2022-13-45\nx: ")
    failed = pipeline.build(site, out, steps=STEPS)
    assert not failed.ok and any(p.path == DOC and p.line for p in failed.problems.errors)
    assert tree_digest(out) == before
    (site / DOC).write_text(good + "\n修正后追加。\n", encoding="utf-8")
    assert pipeline.build(site, out, steps=STEPS).ok
    assert tree_digest(out) == cold(site, tmp_path / "cold")


def test_folder_changed_behind_the_cache_is_rebuilt_whole(site, tmp_path):
    """A published folder the cache did not write (or that was tampered with) is never trusted."""
    out = tmp_path / "public"
    assert pipeline.build(site, out, steps=STEPS).ok
    (out / pipeline.MARKER).write_text("foreign\n", encoding="ascii")
    (out / "2022-03/index.html").write_text("tampered", encoding="utf-8")
    append(site / DOC, "\n再追加。\n")
    result = pipeline.build(site, out, steps=STEPS)
    assert len(result.written) > 100
    assert tree_digest(out) == cold(site, tmp_path / "cold")


def test_damaged_cache_is_a_warning_and_a_cold_build(site, tmp_path):
    out = tmp_path / "public"
    assert pipeline.build(site, out, steps=STEPS).ok
    db = site / ".gazette-cache" / "build.sqlite"
    for extra in db.parent.glob("build.sqlite-*"):
        extra.unlink()
    db.write_bytes(b"this is not a database" * 100)
    append(site / DOC, "\n缓存损坏后追加。\n")
    result = pipeline.build(site, out, steps=STEPS)
    assert result.ok
    assert any(".gazette-cache" in p.path for p in result.problems.warnings)
    assert tree_digest(out) == cold(site, tmp_path / "cold")


def test_missing_cached_body_is_reloaded(site, tmp_path):
    out = tmp_path / "public"
    assert pipeline.build(site, out, steps=STEPS).ok
    for body in (site / ".gazette-cache" / "bodies").iterdir():
        body.unlink()
    edit(site / DOC, "title: ", "title: 改")
    result = pipeline.build(site, out, steps=STEPS)
    assert result.ok and result.reloaded == 14
    assert tree_digest(out) == cold(site, tmp_path / "cold")


def test_with_search_index(site, tmp_path):
    steps = (search_index.write_index, feeds.write_feeds)
    out = tmp_path / "public"
    assert pipeline.build(site, out, steps=steps).ok
    for name in ("body", "new document", "deleted document"):
        EDITS[name](site)
        assert pipeline.build(site, out, steps=steps).ok
        shutil.rmtree(tmp_path / "cold", ignore_errors=True)
        assert pipeline.build(site, tmp_path / "cold", steps=steps, use_cache=False).ok
        assert tree_digest(out) == tree_digest(tmp_path / "cold"), name


def test_builds_under_different_hash_seeds_are_byte_identical(site, tmp_path):
    """What the cache records (and the build id) does not depend on the process's string hashing."""
    import os
    import subprocess
    import sys

    edit(site / DOC, "date: ", "effective: 2022-06-10\nvalid_until: 2024-06-09\ndate: ")
    trees = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}"
        shutil.rmtree(site / ".gazette-cache", ignore_errors=True)
        env = dict(os.environ, PYTHONHASHSEED=seed)
        run = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(site), "--out", str(out)],
                             env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        trees.append(tree_digest(out))
    assert trees[0] == trees[1]


def test_a_broken_layout_is_a_problem_with_its_line_and_the_site_stays(site, tmp_path):
    out = tmp_path / "public"
    assert pipeline.build(site, out, steps=STEPS).ok
    before = tree_digest(out)
    edit(site / "layouts/issue.html", "{{ m.toc(issue, config, root) }}", "{{ m.toc(issue, config, root) }}\n{{ issue.no_such_field }}")
    (site / "layouts/year.html").write_text('{% extends "base.html" %}{% include "missing.html" %}', encoding="utf-8")
    result = pipeline.build(site, out, steps=STEPS)
    assert not result.ok
    messages = {(p.path, p.message.split("（")[0]) for p in result.problems.errors}
    assert ("layouts/issue.html", "模板错误") in messages
    assert ("layouts/year.html", "找不到模板") in messages  # where the missing one is included
    assert any("missing.html" in p.message for p in result.problems.errors)
    assert any(p.path == "layouts/issue.html" and p.line > 1 for p in result.problems.errors)
    assert tree_digest(out) == before
