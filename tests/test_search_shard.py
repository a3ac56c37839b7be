"""A shard rebuilt from its last state (gazette/search_shard.py, gazette/pagefind_postings.py) equals one
written from its records alone, whatever changed: pages edited, added, removed, words new or gone."""

from __future__ import annotations

import hashlib
import random
import shutil
from pathlib import Path

import numpy as np
import pytest
import search_reference

from conftest import build, tree_digest
from gazette import pagefind_format, pagefind_postings, pagefind_words, search, search_chars, search_index, search_shard
from synthetic import available, make_synthetic_site


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> list[dict]:
    """The records of a synthetic archive's 60 documents, in date order (as a shard numbers its pages)."""
    if not available():
        pytest.skip("needs ../shared/bench/make_corpus.py beside the repository")
    root = make_synthetic_site(tmp_path_factory.mktemp("shard") / "site", issues=30, docs_per_issue=2)
    result = build(root)
    assert result.ok, result.problems.errors[:3]
    docs = sorted(result.site.documents, key=lambda d: (d.date, d.issue_id, d.slug))
    out = []
    for doc in docs:
        rec = pagefind_words.record(search_index._url(doc), search.index_source(doc, result.site))
        rec["digest"] = search_index.record_digest(rec)
        out.append(rec)
    return out


def _edited(rec: dict, rng: random.Random) -> dict:
    """Another version of a record: the same URL with the words of another page (a body edit)."""
    return {**rec, "fragment": rec["fragment"] + f"<!-- {rng.random()} -->",
            "digest": hashlib.sha1(f"{rec['digest']}{rng.random()}".encode()).hexdigest()}


def _same(a: pagefind_postings.Postings, b: pagefind_postings.Postings) -> None:
    assert a.vocab == b.vocab
    assert a.blob == b.blob
    for name in ("word_rows", "word_start", "head_size", "counts", "page", "row_start", "row_len", "head_len", "count"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


def test_postings_merge_equals_the_first_writers_merge(records):
    postings = pagefind_postings.merge(None, None, list(enumerate(records)), len(records))
    chunks = [postings.chunk_bytes(a, b) for a, b in postings.chunks(pagefind_format.CHUNK_SIZE)]
    assert chunks == search_reference.index_chunks(records)
    # Small chunks too (many chunks, words at their edges).
    assert [postings.chunk_bytes(a, b) for a, b in postings.chunks(500)] == _reference_chunks(records, 500)


def _reference_chunks(records, size):
    saved = pagefind_format.CHUNK_SIZE
    pagefind_format.CHUNK_SIZE = size
    try:
        return search_reference.index_chunks(records)
    finally:
        pagefind_format.CHUNK_SIZE = saved


def test_postings_merged_into_the_last_equal_postings_merged_from_records(records):
    """Edits of every kind, one after another, each merged into the last postings."""
    rng = random.Random(7)
    pool = list(records[40:])
    pages = list(records[:40])
    old = pagefind_postings.merge(None, None, list(enumerate(pages)), len(pages))
    steps = ["replace", "replace three", "delete", "insert", "append", "swap words", "nothing", "replace half",
             "replace"]
    for step in steps:
        new = list(pages)
        if step == "replace":
            k = rng.randrange(len(new))
            new[k] = pool.pop()
        elif step == "replace three":
            for k in rng.sample(range(len(new)), 3):
                new[k] = pool.pop()
        elif step == "replace half":  # many fresh rows: merged from pieces, not spliced
            for k in range(0, len(new), 2):
                new[k] = _edited(records[k], rng) if k < 40 else new[k]
        elif step == "delete":
            del new[rng.randrange(len(new))]
        elif step == "insert":
            new.insert(rng.randrange(len(new)), pool.pop())
        elif step == "append":
            new += [pool.pop(), pool.pop()]
        elif step == "swap words":
            # A page whose new version drops words only it had and brings words no page had.
            k = rng.randrange(len(new))
            new[k] = _with_unique_words(new[k])
        ids = {id(r): n for n, r in enumerate(pages)}
        page_map = np.full(len(pages), -1, np.int64)
        fresh = []
        for n, rec in enumerate(new):
            if id(rec) in ids:
                page_map[ids[id(rec)]] = n
            else:
                fresh.append((n, rec))
        merged = pagefind_postings.merge(old, page_map, fresh, len(new))
        _same(merged, pagefind_postings.merge(None, None, list(enumerate(new)), len(new)))
        old, pages = merged, new


def _with_unique_words(rec: dict) -> dict:
    """rec with its first word renamed to one no page has (its locations kept): a word gone, a word new."""
    words = list(rec["words"])
    words[0] = "\U0002a6a5" + words[0]
    order = sorted(range(len(words)), key=lambda i: words[i])
    data, offsets, counts = rec["data"], rec["offsets"], rec["counts"]
    parts = [data[offsets[i]:offsets[i + 1]] for i in order]
    new_offsets = np.concatenate(([0], np.cumsum([len(p) for p in parts]))).tolist()
    return {**rec, "words": [words[i] for i in order], "data": b"".join(parts), "offsets": new_offsets,
            "counts": [counts[i] for i in order], "digest": rec["digest"] + "x"}


def _write(folder: Path, records: list[dict], keys: list[str], old, previous=None):
    by_key = dict(zip(keys, records))
    return search_shard.write(folder, "2020", keys, lambda n: by_key[keys[n]], old, previous)


@pytest.mark.parametrize("chunk_size", [pagefind_format.CHUNK_SIZE, 300])
def test_a_shard_written_from_its_state_equals_one_written_from_records(records, tmp_path, monkeypatch, chunk_size):
    """search_shard.write over a sequence of edits: from the state saved by the last write (and the
    last folder's files linked by name, chunk digests kept) it gives the files a write from the
    records alone gives. Small chunks: some hold only words whose entries changed but not their number."""
    monkeypatch.setattr(pagefind_format, "CHUNK_SIZE", chunk_size)
    rng = random.Random(3)
    pages = list(records[:30])
    keys = [r["digest"] for r in pages]
    state_file = tmp_path / "state.bin"
    previous = None
    for step in range(7):
        if step == 1:
            k = rng.randrange(len(pages))
            pages[k] = _edited(pages[k], rng)
        elif step == 2:
            pages.insert(5, records[40])
            del pages[20]
        elif step == 3:
            pages += records[41:44]
        elif step == 4:
            k = rng.randrange(len(pages))
            pages[k] = {**records[50], "url": pages[k]["url"], "digest": records[50]["digest"] + "y"}
        elif step == 5:  # only a filter value changes (another department): the filter files follow
            k = rng.randrange(len(pages))
            pages[k] = {**pages[k], "filters": [*pages[k]["filters"], ["部门", "测试部门"]],
                        "digest": pages[k]["digest"] + "f"}
        keys = [r["digest"] for r in pages]
        out = tmp_path / f"shard-{step}"
        state = _write(out, pages, keys, search_shard.load(state_file), previous)
        search_shard.save(state_file, state)
        cold = tmp_path / f"cold-{step}"
        cold_state = _write(cold, pages, keys, None)
        assert tree_digest(out) == tree_digest(cold), step
        assert state.digests == cold_state.digests == [r["digest"] for r in pages]
        assert search_shard.chars(state) == search_shard.chars(cold_state)
        assert np.array_equal(search_shard.presence(state), search_shard.presence(cold_state))
        assert np.array_equal(state.holders, cold_state.holders)
        previous = out


def test_a_damaged_state_is_not_used(records, tmp_path):
    pages = list(records[:20])
    keys = [r["digest"] for r in pages]
    state_file = tmp_path / "state.bin"
    search_shard.save(state_file, _write(tmp_path / "first", pages, keys, None))
    data = bytearray(state_file.read_bytes())
    data[len(data) * 2 // 3] ^= 0x55  # inside the merged index
    state_file.write_bytes(bytes(data))
    assert search_shard.load(state_file) is None
    state_file.write_bytes(bytes(data[:1000]))
    assert search_shard.load(state_file) is None


def test_character_classes_filled_as_they_come_are_the_rule_per_code_point():
    rng = np.random.default_rng(5)
    for cp in (rng.integers(0, 0x10000, 3000), np.arange(0x10000), np.array([0x20, 0x4E00, 0x2A6A5, 0xFFFF, 0x3000])):
        expected = np.fromiter(map(search_chars._char_class, cp.tolist()), np.uint8, len(cp))
        assert np.array_equal(search_chars.classes(cp.astype(np.uint32)), expected)


@pytest.mark.skipif(not available(), reason="needs ../shared/bench/make_corpus.py beside the repository")
def test_an_edit_rebuilds_a_settled_shard_from_its_state_not_its_records(tmp_path, monkeypatch):
    """A body edit in an older shard reads one record (the edited document's), not the shard's."""
    root = make_synthetic_site(tmp_path / "site", issues=30, docs_per_issue=2)
    with (root / "site.toml").open("a", encoding="utf-8") as f:
        f.write("search_shard_size = 20\n")
    first = build(root, search=True)
    assert first.ok
    shard = search_index.plan(first.site.documents, 20)[0]
    path = shard.documents[7].source_path
    path.write_text(path.read_text(encoding="utf-8") + "\n补充一段：测试用语。\n", encoding="utf-8")
    read = []
    original = search_index._record
    monkeypatch.setattr(search_index, "_record", lambda doc, *a: read.append(doc.slug) or original(doc, *a))
    monkeypatch.setattr(search_index.workers, "PARALLEL_THRESHOLD", 10**6)
    second = build(root, search=True)
    assert second.ok
    assert read == [shard.documents[7].slug]
    shutil.rmtree(root / search_index.CACHE_DIR)
    assert build(root, tmp_path / "cold", search=True).ok
    assert tree_digest(second.out) == tree_digest(tmp_path / "cold")
