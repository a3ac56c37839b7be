"""The compact record of what each output read: what is stored is what was recorded, across builds."""

from __future__ import annotations

import pickle

import pytest

from gazette import recorded


def test_round_trip_readers_and_kept_runs():
    first = {"a.html": (b"A" * 12, frozenset({"d:x", "c"})), "b.html": (b"B" * 12, frozenset({"d:y", "c"})),
             "c.html": (b"C" * 12, frozenset())}
    digests = {"d:x": b"1", "d:y": b"2", "c": b"3"}
    _, stored = recorded.decode(*recorded.encode(digests, first))
    assert dict(stored.items()) == {u: (d, recorded.Ref(stored, n)) for n, (u, (d, _)) in enumerate(first.items())}
    assert {u: stored[u][1].names() for u in stored} == {u: k for u, (_, k) in first.items()}
    assert recorded.readers(stored, {"d:x"}) == {"a.html"}
    assert recorded.readers(stored, {"c"}) == {"a.html", "b.html"}
    assert recorded.readers(stored, {"d:gone"}) == set()
    # The next build: b.html rendered again (new keys, one never seen), the others kept as runs.
    second = {"a.html": stored["a.html"], "b.html": (b"b" * 12, frozenset({"d:z", "c"})), "c.html": stored["c.html"]}
    assert recorded.readers(second, {"d:z"}) == {"b.html"} and recorded.readers(second, {"d:x"}) == {"a.html"}
    _, again = recorded.decode(*recorded.encode(digests, second))
    assert {u: again[u][1].names() for u in again} == {"a.html": first["a.html"][1], "b.html": {"d:z", "c"},
                                                       "c.html": frozenset()}


def test_a_table_of_mostly_unread_keys_starts_again():
    many = {f"p{n}.html": (b"x" * 12, frozenset({f"d:{n}"})) for n in range(3000)}
    _, stored = recorded.decode(*recorded.encode({}, many))
    one = {"p0.html": stored["p0.html"]}
    _, small = recorded.decode(*recorded.encode({"d:0": b"1"}, one))
    assert small.table == ["d:0"] and small["p0.html"][1].names() == {"d:0"}


def test_a_damaged_record_is_refused():
    digests_blob, outputs_blob = recorded.encode({}, {"a.html": (b"a" * 12, frozenset({"k"}))})
    table, urls, descriptions, offsets, flat = pickle.loads(outputs_blob)
    with pytest.raises(ValueError):
        recorded.decode(digests_blob, pickle.dumps(([], urls, descriptions, offsets, flat)))
    with pytest.raises(ValueError):
        recorded.decode(digests_blob, pickle.dumps((table, urls + ["b.html"], descriptions, offsets, flat)))


def test_outputs_that_read_what_they_read_before_are_unchanged():
    first = {"a.html": (b"A" * 12, frozenset({"d:x", "c"})), "b.html": (b"B" * 12, frozenset({"d:y"}))}
    _, stored = recorded.decode(*recorded.encode({}, first))
    kept = dict(stored.items())
    assert recorded.unchanged(kept, stored)
    assert recorded.unchanged({**kept, "a.html": (b"A" * 12, ("c", "d:x"))}, stored)  # rendered again, same reads
    assert not recorded.unchanged({**kept, "a.html": (b"A" * 12, ("c",))}, stored)  # reads less
    assert not recorded.unchanged({**kept, "a.html": (b"a" * 12, kept["a.html"][1])}, stored)  # another description
    assert not recorded.unchanged({"b.html": kept["b.html"], "a.html": kept["a.html"]}, stored)  # another order
    assert not recorded.unchanged({**kept, "c.html": (b"C" * 12, ())}, stored)  # a new output
    assert not recorded.unchanged(kept, None)


def test_the_cache_keeps_the_outputs_of_a_body_edit_and_rewrites_them_after_a_title_edit(tmp_path):
    import sqlite3

    from conftest import REPO, make_site
    from gazette import cache, pipeline
    from test_incremental import DOC, STEPS, append, cold, edit
    from conftest import tree_digest
    site, out = make_site(tmp_path / "site", content_from=REPO / "content"), tmp_path / "public"

    def stored():
        with sqlite3.connect(site / cache.CACHE_DIR / cache.DB_NAME) as db:
            return db.execute("SELECT build_id, targets.value, outputs.value FROM targets JOIN outputs USING (out)").fetchone()

    assert pipeline.build(site, out, steps=STEPS).ok
    first = stored()
    append(site / DOC, "\n只改正文。\n")
    assert pipeline.build(site, out, steps=STEPS).ok
    second = stored()
    assert second[0] != first[0] and second[1] != first[1] and second[2] == first[2]  # the outputs not rewritten
    edit(site / DOC, "title: ", "title: 改过的")
    assert pipeline.build(site, out, steps=STEPS).ok
    third = stored()
    assert third[2] != second[2]  # pages showing the title are described anew: the outputs written again
    assert tree_digest(out) == cold(site, tmp_path / "cold")
    append(site / DOC, "\n再改正文。\n")  # and the record read back after a title edit still serves a body edit
    result = pipeline.build(site, out, steps=STEPS)
    assert result.written == ["2022-03/wzbf-2022-31/index.html"] and stored()[2] == third[2]
    assert tree_digest(out) == cold(site, tmp_path / "cold")
