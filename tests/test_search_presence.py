"""Absent words cost nothing: the presence keys let the page skip every shard that cannot hold a phrase.

gazette/search_presence.py hashes each document's plain words (Chinese characters, numbers) and
pairs of them at consecutive positions; assets/search.js computes the same keys for a query and
loads only the shards that have all of them. Checked on a synthetic archive in five shards:
the page finds exactly what the text holds, and a phrase that no document holds, although every
shard has its characters, loads no shard at all.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import numpy as np
import pytest
from test_search_browser import search

from conftest import build
from gazette import search_presence
from searchtruth import document_text, matching
from synthetic import available, make_synthetic_site


def test_keys_are_words_and_pairs_at_consecutive_positions():
    h = [search_presence.word_hash(w) for w in ("河", "长", "制", "2024")]
    keys = set(search_presence.keys(np.array(h[:3], np.uint32), np.array([0, 1, 3])).tolist())
    single = set(search_presence.keys(np.array(h[:1], np.uint32), np.array([0])).tolist())
    pair = keys - set().union(*(search_presence.keys(np.array([x], np.uint32), np.array([0])).tolist() for x in h[:3]))
    assert len(single) == 1 and single <= keys
    assert len(pair) == 1  # 河长 (positions 0, 1); 长 and 制 are not neighbours
    assert search_presence.is_plain("2024") and search_presence.is_plain("河") and search_presence.is_plain("𠀀")
    assert not search_presence.is_plain("局、") and not search_presence.is_plain("pm25")
    assert not search_presence.is_plain("\uf900")  # a compatibility ideograph is never an index word
    # The tables: each key once, with the mask of the shards holding it, in the bucket of its top byte.
    a, b = np.array([1, 2 << 24, 5], np.uint32), np.array([5, 7], np.uint32)
    files = search_presence.tables([a, b])
    assert len(files) == search_presence.PRESENCE_BUCKETS
    first = files["00"]
    count = int.from_bytes(first[:4], "little")
    assert count == 3
    assert np.frombuffer(first[4:16], "<u4").tolist() == [1, 5, 7]
    assert list(first[16:19]) == [0b01, 0b11, 0b10]


@pytest.mark.skipif(not available(), reason="needs ../shared/bench/make_corpus.py beside the repository")
def test_a_phrase_no_shard_holds_loads_no_shard(browser, serve, tmp_path):
    root = make_synthetic_site(tmp_path / "site", issues=15, docs_per_issue=20)
    with (root / "site.toml").open("a", encoding="utf-8") as f:
        f.write("search_shard_size = 70\n")
    result = build(root, search=True)
    assert result.ok, result.problems.errors[:5]
    docs = {f"{d.issue_id}/{d.slug}": d for d in result.site.documents}
    texts = {key: document_text(d.source_path) for key, d in docs.items()}
    manifest = json.loads(re.search(r"=(\{.*\});", (result.out / "pagefind" / "shards.js").read_text()).group(1))
    shards = manifest["shards"]
    assert len(shards) >= 4
    # Three common characters that every shard has, in an order no document has.
    common = [c for c, _ in Counter("".join(texts.values())).most_common(60)
              if re.match(r"[\u4e00-\u9fff]", c) and all(c in s["chars"] for s in shards)]
    absent = next(a + b + c for a in common for b in common for c in common
                  if len({a, b, c}) == 3 and not matching(texts, a + b + c))
    base = serve(result.out)
    page = browser.new_page()
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url))
    assert search(page, base, absent) == []
    assert "没有找到" in page.inner_text("#search-status")
    assert not [u for u in loaded if any(f"/pagefind/{s['name']}/" in u for s in shards)], absent
    assert [u for u in loaded if "/pagefind/presence/" in u]

    # A doc number of an older shard loads that shard, not all of them; every phrase still finds
    # exactly the documents holding it.
    old = next(d for d in sorted(result.site.documents, key=lambda d: d.date) if d.doc_number)
    loaded.clear()
    found = search(page, base, old.doc_number)
    assert f"{old.issue_id}/{old.slug}" in found
    touched = {s["name"] for s in shards if any(f"/pagefind/{s['name']}/" in u for u in loaded)}
    assert 1 <= len(touched) < len(shards)
    for query in ("水污染", "县财政局", "30号", "安全生产 消防", absent[:2], absent[1:]):
        expected = matching(texts, query)
        assert set(search(page, base, query)) == expected, query
    page.close()


def test_pairs_equal_those_found_by_binary_search():
    # keys() finds the words at the next position from runs of equal positions; the first version
    # searched for them (np.searchsorted). Random pages with repeated and missing positions.
    def by_search(hashes, positions):
        order = np.argsort(positions, kind="stable")
        hashes, positions = np.asarray(hashes, np.uint32)[order], np.asarray(positions, np.int64)[order]
        start = np.searchsorted(positions, positions + 1, "left")
        count = np.searchsorted(positions, positions + 1, "right") - start
        first = np.repeat(np.arange(len(hashes)), count)
        second = np.repeat(start, count) + np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
        with np.errstate(over="ignore"):
            pairs = search_presence._fmix((hashes[first] * np.uint32(search_presence._GOLDEN)) ^ hashes[second])
            single = search_presence._fmix(hashes)
        return np.unique(np.concatenate((single, pairs)))

    rng = np.random.default_rng(3)
    for _ in range(2000):
        n = int(rng.integers(0, 40))
        positions, hashes = rng.integers(0, 15, n), rng.integers(0, 2**32, n)
        assert np.array_equal(search_presence.keys(hashes, positions), by_search(hashes, positions))
