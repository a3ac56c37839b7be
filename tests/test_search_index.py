"""The search index on disk: shards by year, and the cache that re-indexes only changed shards."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from types import SimpleNamespace

import pytest

from conftest import REPO, build, make_site, tree_digest
from gazette import search_index
from synthetic import available, make_synthetic_site


def docs(year: int, count: int) -> list:
    return [SimpleNamespace(date=dt.date(year, 1 + i % 12, 1 + i % 28), issue_id=f"{year}-01", slug=f"d{i:04d}")
            for i in range(count)]


def test_shards_group_consecutive_years_from_the_oldest():
    archive = [d for year in range(2001, 2011) for d in docs(year, 30)]
    shards = search_index.plan(archive, 100)
    assert [s.name for s in shards] == ["2001", "2005", "2009"]
    assert [len(s.documents) for s in shards] == [120, 120, 60]
    assert {d.date.year for d in shards[1].documents} == {2005, 2006, 2007, 2008}
    # A new year only changes the newest shard.
    grown = search_index.plan(archive + docs(2011, 30), 100)
    assert grown[:2] == shards[:2]
    assert [d.date.year for d in grown[2].documents][-1] == 2011


def test_a_very_large_year_is_split_by_date():
    archive = docs(2021, 40) + docs(2022, 250) + docs(2023, 10)
    shards = search_index.plan(archive, 100)
    assert [s.name for s in shards] == ["2021", "2022-1", "2022-2", "2022-3", "2023"]
    assert [len(s.documents) for s in shards] == [40, 84, 84, 82, 10]
    dates = [d.date for s in shards[1:4] for d in s.documents]
    assert dates == sorted(dates)
    assert sum(len(s.documents) for s in shards) == len(archive)


@pytest.mark.skipif(not available(), reason="needs ../shared/bench/make_corpus.py beside the repository")
def test_a_rebuild_reindexes_only_the_shard_that_changed(tmp_path):
    root = make_synthetic_site(tmp_path / "site", issues=30, docs_per_issue=2)
    with (root / "site.toml").open("a", encoding="utf-8") as f:
        f.write("search_shard_size = 20\n")
    first = build(root, search=True)
    assert first.ok, first.problems.errors[:3]
    cache = root / search_index.CACHE_DIR
    before = sorted(p.name for p in cache.iterdir() if p.is_dir())
    shards = re.search(r"\[(.*)\]", (first.out / "pagefind" / search_index.MANIFEST).read_text()).group(1)
    assert len(before) == len(shards.split(",")) >= 3

    newest = max(first.site.documents, key=lambda d: d.date)
    path = newest.source_path
    path.write_text(path.read_text(encoding="utf-8") + "\n新增一段：独一无二的测试词语。\n", encoding="utf-8")
    marks = {p.name: p.stat().st_mtime_ns for p in cache.iterdir() if p.is_dir()}
    second = build(root, search=True)
    assert second.ok
    after = sorted(p.name for p in cache.iterdir() if p.is_dir())
    changed = set(after) - set(before)
    assert len(changed) == 1 and len(after) == len(before)
    assert all(marks[name] == (cache / name).stat().st_mtime_ns for name in set(after) & set(before))

    # The cached result is exactly what a build without any cache makes.
    shutil.rmtree(cache)
    cold = build(root, tmp_path / "cold", search=True)
    assert cold.ok
    assert tree_digest(second.out) == tree_digest(tmp_path / "cold")


def test_an_unusable_cache_folder_costs_time_not_the_build(tmp_path):
    root = make_site(tmp_path / "site", content_from=REPO / "content")
    (root / ".gazette-cache").write_text("not a folder", encoding="utf-8")
    result = build(root, search=True)
    assert result.ok
    assert any("无法使用搜索索引缓存" in str(w) for w in result.problems.warnings)
    assert (result.out / "pagefind" / search_index.MANIFEST).read_text() == 'window.__gazetteShards=["2022"];\n'
    assert (root / ".gazette-cache").read_text(encoding="utf-8") == "not a folder"
