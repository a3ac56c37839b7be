"""The search index on disk: shards by year, and the cache that re-indexes only changed shards."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import REPO, build, make_site, tree_digest
from gazette import pagefind_bundle, search_index
from synthetic import available, make_synthetic_site


def docs(year: int, count: int) -> list:
    return [SimpleNamespace(date=dt.date(year, 1 + i % 12, 1 + i % 28), issue_id=f"{year}-01", slug=f"d{i:04d}")
            for i in range(count)]


def test_shards_group_consecutive_years_from_the_oldest():
    archive = [d for year in range(2001, 2011) for d in docs(year, 30)]
    shards = search_index.plan(archive, 100)
    # Closed shards of whole years, at most 100 documents each; the open tail (2007–2009 and the
    # newest year, 2010) as a settled multiple of a quarter shard and a small "recent" shard.
    assert [s.name for s in shards] == ["2001", "2004", "2007-t1", "recent"]
    assert [len(s.documents) for s in shards] == [90, 90, 100, 20]
    assert {d.date.year for d in shards[1].documents} == {2004, 2005, 2006}
    assert sum(len(s.documents) for s in shards) == len(archive)
    # A new year only changes the open tail.
    grown = search_index.plan(archive + docs(2011, 30), 100)
    assert grown[:2] == shards[:2]
    assert [d.date.year for d in grown[-1].documents][-1] == 2011


def test_a_new_issue_mostly_reindexes_only_a_small_recent_shard():
    archive = [d for year in range(2001, 2011) for d in docs(year, 30)]
    shards = search_index.plan(archive, 100)
    merges = 0
    for year in (2011, 2012):
        for n in range(1, 13):
            issue = [SimpleNamespace(date=dt.date(year, n, 28), issue_id=f"{year}-{n:02d}", slug=f"n{k}") for k in range(5)]
            archive += issue
            grown = search_index.plan(archive, 100)
            assert [d for s in grown for d in s.documents] == sorted(archive, key=lambda d: (d.date, d.issue_id, d.slug))
            changed = [s for s in grown if s not in shards]
            if [s.name for s in changed] != ["recent"]:
                merges += 1
            # The newest issue is in the small recent shard: correcting it right after publication is cheap.
            assert grown[-1].name == "recent" and set(map(id, issue)) <= set(map(id, grown[-1].documents))
            assert len(grown[-1].documents) < 25 + len(issue)
            assert all(len(s.documents) <= 150 for s in grown)
            shards = grown
    # 24 issues: the recent shard took most of them; a merge every quarter shard (25 documents)
    # or new year.
    assert merges <= 24 * 5 // 25 + 2


def test_a_very_large_year_is_split_by_date():
    archive = docs(2021, 40) + docs(2022, 250) + docs(2023, 10)
    shards = search_index.plan(archive, 100)
    assert [s.name for s in shards] == ["2021", "2022-1", "2022-2", "2022-3", "recent"]
    assert [len(s.documents) for s in shards] == [40, 84, 84, 82, 10]
    dates = [d.date for s in shards[1:4] for d in s.documents]
    assert dates == sorted(dates)
    assert sum(len(s.documents) for s in shards) == len(archive)
    # A large newest year is cut into parts of the shard size.
    shards = search_index.plan(docs(2021, 40) + docs(2022, 250), 100)
    assert [(s.name, len(s.documents)) for s in shards] == [("2021-t1", 100), ("2022-t2", 100), ("2022-t3", 75),
                                                            ("recent", 15)]


def _inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def _sixty_documents_in_shards_of_twenty(tmp_path: Path):
    """A synthetic archive of 60 documents, indexed in shards of 20: its root and first build."""
    root = make_synthetic_site(tmp_path / "site", issues=30, docs_per_issue=2)
    with (root / "site.toml").open("a", encoding="utf-8") as f:
        f.write("search_shard_size = 20\n")
    first = build(root, search=True)
    assert first.ok, first.problems.errors[:3]
    return root, first


@pytest.mark.skipif(not available(), reason="needs ../shared/bench/make_corpus.py beside the repository")
def test_a_rebuild_reindexes_only_the_shard_that_changed(tmp_path):
    root, first = _sixty_documents_in_shards_of_twenty(tmp_path)
    index = first.out / "pagefind"
    shards = [s["name"] for s in _manifest(index)["shards"]]
    assert len(shards) >= 3
    records = root / search_index.CACHE_DIR / search_index.RECORDS
    assert len(list(records.iterdir())) == 60
    before = {name: _inodes(index / name) for name in shards}
    record_times = {p.name: p.stat().st_mtime_ns for p in records.iterdir()}

    target = max(search_index.plan(first.site.documents, 20), key=lambda s: len(s.documents))
    path = target.documents[len(target.documents) // 2].source_path
    path.write_text(path.read_text(encoding="utf-8") + "\n新增一段：独一无二的测试词语。\n", encoding="utf-8")
    second = build(root, search=True)
    assert second.ok
    after = {name: _inodes(index / name) for name in shards}
    # Only that document's shard was written again; the others are the very files published before.
    assert [name for name in shards if after[name] != before[name]] == [target.name]
    # In it, the other documents' fragments are the published files too, and so are the index
    # chunks none of the new words fall in and the filters (named by their content); the chunks
    # with the new words are new.
    kept = {rel for rel, ino in after[target.name].items() if before[target.name].get(rel) == ino}
    assert {rel.split("/")[0] for rel in kept} <= {"fragment", "index", "filter"}
    assert len([rel for rel in kept if rel.startswith("fragment/")]) == len(target.documents) - 1 >= 4
    assert [rel for rel in after[target.name] if rel.startswith("index/") and rel not in kept]
    # One document's record was computed again.
    changed = [n for n in (p.name for p in records.iterdir()) if record_times.get(n) is None]
    assert len(changed) == 1 and len(list(records.iterdir())) == 60

    # The result is exactly what a build without any cache makes.
    shutil.rmtree(root / search_index.CACHE_DIR)
    cold = build(root, tmp_path / "cold", search=True)
    assert cold.ok
    assert tree_digest(second.out) == tree_digest(tmp_path / "cold")
    # Nothing in the site is ever a link to the cache (there are only records there).
    assert all(p.stat().st_nlink == 1 for p in (tmp_path / "cold" / "pagefind").rglob("*") if p.is_file())


@pytest.mark.skipif(not available(), reason="needs ../shared/bench/make_corpus.py beside the repository")
def test_a_new_issue_and_a_retitled_document_leave_the_other_shards_and_records_alone(tmp_path):
    """Shards are reused by the build's own input digests (deps.py): what a new issue changes in the
    model (issue lists, neighbours, the archive) is not what a record is made of."""
    root, first = _sixty_documents_in_shards_of_twenty(tmp_path)
    index = first.out / "pagefind"
    before = {s.name: (_paths(s), _inodes(index / s.name)) for s in search_index.plan(first.site.documents, 20)}
    records = root / search_index.CACHE_DIR / search_index.RECORDS
    record_times = {p.name: p.stat().st_mtime_ns for p in records.iterdir()}

    newest = max(p for p in (root / "content").iterdir() if p.is_dir())
    year, number = (int(x) for x in newest.name.split("-"))
    year, number = (year + 1, 1) if number >= 12 else (year, number + 1)
    folder = root / "content" / f"{year}-{number:02d}"
    folder.mkdir()
    issue = (newest / "issue.md").read_text(encoding="utf-8")
    issue = re.sub(r"total_number: (\d+)", lambda m: f"total_number: {int(m[1]) + 1}", issue)
    issue = re.sub(r"number: \d+", f"number: {number}", issue, count=1)
    issue = re.sub(r"year: \d+", f"year: {year}", issue)
    issue = re.sub(r"published: \S+", f"published: {year}-{number:02d}-28", issue)
    (folder / "issue.md").write_text(re.sub(r"period_(start|end): .*\n", "", issue), encoding="utf-8")
    source = next(p for p in sorted(newest.glob("*.md")) if p.name != "issue.md")
    text = re.sub(r"doc_number: (.*?)〔\d{4}〕\d+号", lambda m: f"doc_number: {m[1]}〔{year}〕901号",
                  source.read_text(encoding="utf-8"), count=1)
    (folder / "new.md").write_text(re.sub(r"date: \S+", f"date: {year}-{number:02d}-10", text, count=1),
                                   encoding="utf-8")
    oldest = min(first.site.documents, key=lambda d: (d.date, d.issue_id, d.slug)).source_path
    oldest.write_text(oldest.read_text(encoding="utf-8").replace("title: ", "title: 修订", 1), encoding="utf-8")
    second = build(root, search=True)
    assert second.ok, second.problems.errors[:3]
    shards = search_index.plan(second.site.documents, 20)
    kept = [s.name for s in shards if s.name in before and before[s.name][0] == _paths(s)
            and _inodes(index / s.name) == before[s.name][1]]
    same = {s.name for s in shards if s.name in before and before[s.name][0] == _paths(s)
            and oldest not in _paths(s)}
    # Every shard holding the same documents as before, none of them retitled, is the very files
    # published before (the new issue may also move the one before it into a settled shard).
    assert set(kept) == same and len(kept) >= 1
    # Two records were computed: the new document's and the retitled one's.
    new = [p.name for p in records.iterdir() if record_times.get(p.name) is None]
    assert len(new) == 2 and len(list(records.iterdir())) == 61
    shutil.rmtree(root / search_index.CACHE_DIR)
    assert build(root, tmp_path / "cold", search=True).ok
    assert tree_digest(second.out) == tree_digest(tmp_path / "cold")


def _paths(shard) -> list[Path]:
    return [d.source_path for d in shard.documents]


def _manifest(index: Path) -> dict:
    text = (index / search_index.MANIFEST).read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1:].rstrip().rstrip(";"))


def test_an_unusable_cache_folder_costs_time_not_the_build(tmp_path):
    root = make_site(tmp_path / "site", content_from=REPO / "content")
    (root / ".gazette-cache").write_text("not a folder", encoding="utf-8")
    result = build(root, search=True)
    assert result.ok
    assert any("无法使用搜索索引缓存" in str(w) for w in result.problems.warnings)
    assert '"shards":[{"name":"recent","chars":' in (result.out / "pagefind" / search_index.MANIFEST).read_text()
    assert (root / ".gazette-cache").read_text(encoding="utf-8") == "not a folder"


def test_damaged_records_and_shards_are_noticed_and_rebuilt(tmp_path):
    root = make_site(tmp_path / "site", content_from=REPO / "content")
    with (root / "site.toml").open("a", encoding="utf-8") as f:
        f.write("search_shard_size = 8\n")  # 14 documents: shards of 8 and 6
    first = build(root, search=True)
    assert first.ok
    index = first.out / "pagefind"
    assert [s["name"] for s in _manifest(index)["shards"]] == ["2022-t2", "2022-t1"]
    # Records damaged in the cache (a crash, a careless edit) are computed again …
    records = sorted((root / search_index.CACHE_DIR / search_index.RECORDS).iterdir())
    assert len(records) == 14
    for n, victim in enumerate(records):
        data = bytearray(victim.read_bytes())
        if n % 2:
            data[len(data) // 2] ^= 0xFF
        else:
            del data[50:]
        victim.write_bytes(bytes(data))
    # … and a published shard with a file cut short is written again, not linked.
    victim = max((index / "2022-t1").rglob("*.pf_index.js"), key=lambda p: p.stat().st_size)
    victim.write_bytes(victim.read_bytes()[:100])
    newest = max(first.site.documents, key=lambda d: (d.date, d.issue_id, d.slug)).source_path
    newest.write_text(newest.read_text(encoding="utf-8") + "\n新增一段。\n", encoding="utf-8")
    second = build(root, search=True)
    assert second.ok, second.problems.errors
    shutil.rmtree(root / search_index.CACHE_DIR)
    assert build(root, tmp_path / "cold", search=True).ok
    assert tree_digest(second.out) == tree_digest(tmp_path / "cold")


@pytest.mark.parametrize("fault", ["not executable", "writes nothing", "fails"])
def test_a_broken_pagefind_is_one_clear_message_and_the_old_site_stays(tmp_path, monkeypatch, fault):
    root = make_site(tmp_path / "site", content_from=REPO / "content")
    good = build(root, search=True)
    assert good.ok
    before = tree_digest(good.out)
    shutil.rmtree(root / search_index.CACHE_DIR)  # Pagefind's browser files are taken from it again
    doc = good.site.documents[0].source_path
    doc.write_text(doc.read_text(encoding="utf-8") + "\n新增一段。\n", encoding="utf-8")
    fake = tmp_path / "bin" / "pagefind_extended"
    fake.parent.mkdir()
    if fault == "not executable":
        shutil.copy(pagefind_bundle._binary(), fake)
        fake.chmod(0o644)
    else:
        status = 0 if fault == "writes nothing" else 3
        fake.write_text(f"#!/bin/sh\necho 'disk I/O error' >&2\nexit {status}\n", encoding="utf-8")
        fake.chmod(0o755)
    monkeypatch.setattr(pagefind_bundle, "_binary", lambda: fake)
    bad = build(root, search=True)
    assert not bad.ok
    messages = [str(e) for e in bad.problems.errors]
    assert len(messages) == 1 and messages[0].startswith("pagefind: 建立搜索索引失败："), messages
    expected = {"not executable": "无法运行 Pagefind", "writes nothing": "没有写出浏览器所需的文件",
                "fails": "Pagefind 运行失败（disk I/O error）"}[fault]
    assert expected in messages[0]
    assert tree_digest(good.out) == before


def test_the_search_page_reads_shared_facts_from_the_manifest_not_copies(tmp_path):
    script = (REPO / "assets" / "search.js").read_text(encoding="utf-8")
    layout = (REPO / "layouts" / "search.html").read_text(encoding="utf-8")
    constants = search_index.search.browser_constants()
    for name in constants["filters"]:  # (as a string literal: prose may name them)
        assert f'"{name}"' not in script and f'"{name}"' not in layout and f"'{name}'" not in script, name
    for fact in ('"qz"', "4e00", "uff10", "(?:19|20)", "0xfee0"):
        assert fact not in script.lower(), fact
    result = build(make_site(tmp_path / "site", content_from=REPO / "content"), search=True)
    manifest = (result.out / "pagefind" / search_index.MANIFEST).read_text(encoding="utf-8")
    shipped = json.loads(manifest[manifest.index("=") + 1:].rstrip().rstrip(";"))
    assert {k: shipped[k] for k in constants} == constants
    assert [s["name"] for s in shipped["shards"]] == ["recent"]
    assert "水" in shipped["shards"][0]["chars"] and "a" not in shipped["shards"][0]["chars"]


def test_another_build_date_rebuilds_no_shard_and_no_record(tmp_path):
    """A document's status on the build date is in its digest (its page shows it), not in its search
    record (the search page judges the timeline on the reader's day): a new day re-indexes nothing."""
    root = make_site(tmp_path / "site", content_from=REPO / "content")
    first = build(root, search=True, build_date=dt.date(2022, 7, 1))
    assert first.ok, first.problems.errors[:3]
    index = first.out / "pagefind"
    shards = [s["name"] for s in _manifest(index)["shards"]]
    before = {name: _inodes(index / name) for name in shards}
    records = root / search_index.CACHE_DIR / search_index.RECORDS
    record_times = {p.name: p.stat().st_mtime_ns for p in records.iterdir()}
    later = build(root, search=True, build_date=dt.date(2031, 7, 1))
    assert later.ok and later.written  # pages showing a status were rendered again
    assert {name: _inodes(index / name) for name in shards} == before
    assert {p.name: p.stat().st_mtime_ns for p in records.iterdir()} == record_times
