"""The compact record of what each output read: what is stored is what was recorded, across builds."""

from __future__ import annotations

import pickle

import pytest

from gazette import recorded


def test_round_trip_readers_and_kept_runs():
    first = {"a.html": (b"A" * 12, frozenset({"d:x", "c"})), "b.html": (b"B" * 12, frozenset({"d:y", "c"})),
             "c.html": (b"C" * 12, frozenset())}
    digests = {"d:x": b"1", "d:y": b"2", "c": b"3"}
    _, stored = recorded.decode(recorded.encode(digests, first))
    assert dict(stored.items()) == {u: (d, recorded.Ref(stored, n)) for n, (u, (d, _)) in enumerate(first.items())}
    assert {u: stored[u][1].names() for u in stored} == {u: k for u, (_, k) in first.items()}
    assert recorded.readers(stored, {"d:x"}) == {"a.html"}
    assert recorded.readers(stored, {"c"}) == {"a.html", "b.html"}
    assert recorded.readers(stored, {"d:gone"}) == set()
    # The next build: b.html rendered again (new keys, one never seen), the others kept as runs.
    second = {"a.html": stored["a.html"], "b.html": (b"b" * 12, frozenset({"d:z", "c"})), "c.html": stored["c.html"]}
    assert recorded.readers(second, {"d:z"}) == {"b.html"} and recorded.readers(second, {"d:x"}) == {"a.html"}
    _, again = recorded.decode(recorded.encode(digests, second))
    assert {u: again[u][1].names() for u in again} == {"a.html": first["a.html"][1], "b.html": {"d:z", "c"},
                                                       "c.html": frozenset()}


def test_a_table_of_mostly_unread_keys_starts_again():
    many = {f"p{n}.html": (b"x" * 12, frozenset({f"d:{n}"})) for n in range(3000)}
    _, stored = recorded.decode(recorded.encode({}, many))
    one = {"p0.html": stored["p0.html"]}
    _, small = recorded.decode(recorded.encode({"d:0": b"1"}, one))
    assert small.table == ["d:0"] and small["p0.html"][1].names() == {"d:0"}


def test_a_damaged_record_is_refused():
    digests, table, urls, descriptions, offsets, flat = pickle.loads(
        recorded.encode({}, {"a.html": (b"a" * 12, frozenset({"k"}))}))
    with pytest.raises(ValueError):
        recorded.decode(pickle.dumps((digests, [], urls, descriptions, offsets, flat)))
    with pytest.raises(ValueError):
        recorded.decode(pickle.dumps((digests, table, urls + ["b.html"], descriptions, offsets, flat)))
