"""What each output of a build read, kept compactly between builds.

A build of 10,000 documents writes ~27,000 files that read ~1.6 million input keys in all (see
deps.py). Stored as sets of strings, reading and writing them took about a second of every
incremental build. Here the key names are listed once (``table``) and each output's keys are a
run of indexes into it (one flat array), so loading is a few array copies, an output's keys are
decoded only when asked for, and the outputs that read a changed key are found by one pass over
the runs. An output that did not render again keeps its run as it is (a ``Ref``) into the next record.
"""

from __future__ import annotations

import pickle
from array import array
from collections.abc import Iterator, Mapping
from typing import NamedTuple


class Ref(NamedTuple):
    """The keys of output number n as recorded in store (decoded only when needed)."""

    store: Recorded
    n: int

    def names(self) -> frozenset[str]:
        return self.store.names(self.n)


Keys = frozenset | tuple | Ref
"""An output's input keys: as just recorded while rendering (a tuple of distinct names), or as stored by an earlier build."""


class Recorded(Mapping):
    """Output URL → (digest of its description, its keys as a Ref), decoded from the stored form."""

    def __init__(self, table: list[str], urls: list[str], descriptions: list[bytes], offsets: array, flat: array):
        self.table, self.urls, self.descriptions, self.offsets, self.flat = table, urls, descriptions, offsets, flat
        self.position = {url: n for n, url in enumerate(urls)}
        self._index: dict[str, int] | None = None

    @property
    def index(self) -> dict[str, int]:
        """Key name → its number in the table."""
        if self._index is None:
            self._index = {name: n for n, name in enumerate(self.table)}
        return self._index

    def __getitem__(self, url: str) -> tuple[bytes, Ref]:
        n = self.position[url]
        return self.descriptions[n], Ref(self, n)

    def __contains__(self, url: object) -> bool:
        return url in self.position

    def __iter__(self) -> Iterator[str]:
        return iter(self.urls)

    def __len__(self) -> int:
        return len(self.urls)

    def names(self, n: int) -> frozenset[str]:
        table = self.table
        return frozenset(table[k] for k in self.flat[self.offsets[n]:self.offsets[n + 1]])

    def readers(self, changed: set[str]) -> set[int]:
        """Numbers of the outputs that read one of the changed keys."""
        index = self.index
        wanted = {index[k] for k in changed if k in index}
        if not wanted:
            return set()
        offsets, flat, isdisjoint = self.offsets, self.flat, wanted.isdisjoint
        return {n for n in range(len(self.urls)) if not isdisjoint(flat[offsets[n]:offsets[n + 1]])}


def readers(outputs: Mapping[str, tuple[bytes, Keys]], changed: set[str]) -> set[str]:
    """URLs of the outputs whose recorded keys include one of the changed keys."""
    found: set[str] = set()
    stores: dict[int, tuple[Recorded, set[int]]] = {}
    for url, (_, keys) in outputs.items():
        if isinstance(keys, Ref):
            stores.setdefault(id(keys.store), (keys.store, set()))[1].add(keys.n)
        elif not changed.isdisjoint(keys):
            found.add(url)
    for store, numbers in stores.values():
        found.update(store.urls[n] for n in store.readers(changed) & numbers)
    return found


def unchanged(outputs: Mapping[str, tuple[bytes, Keys]], stored: Recorded | None) -> bool:
    """True if every output, its description and the keys it read are as stored says (a body edit
    re-renders a page that reads what it read before): the stored outputs need not be written again."""
    if stored is None or len(outputs) != len(stored.urls):
        return False
    urls, descriptions = stored.urls, stored.descriptions
    for n, (url, (description, keys)) in enumerate(outputs.items()):
        if urls[n] != url or descriptions[n] != description:
            return False
        if isinstance(keys, Ref):
            if keys.store is not stored or keys.n != n:
                return False
        elif frozenset(keys) != stored.names(n):
            return False
    return True


def encode(digests: dict[str, bytes], outputs: Mapping[str, tuple[bytes, Keys]]) -> tuple[bytes, bytes]:
    """The stored form of a build's digests, and of its outputs (runs kept from the newest earlier record are
    copied); two values, so that a build whose outputs read what they read before writes only the first."""
    refs = [keys.store for _, keys in outputs.values() if isinstance(keys, Ref)]
    base = max(refs, key=lambda s: len(s.table)) if refs else None
    if base is not None and len(base.table) > 2 * len(digests) + 1000:
        base = None  # mostly keys no build reads any more: start a new table
    table = list(base.table) if base else []
    index = dict(base.index) if base else {}
    urls, descriptions, offsets, flat = [], [], array("I", [0]), array("I")
    size, start, end = 0, 0, 0  # base.flat[start:end]: kept runs not yet copied (consecutive ones copied at once)
    for url, (description, keys) in outputs.items():
        urls.append(url)
        descriptions.append(description)
        if isinstance(keys, Ref) and keys.store is base:
            a, b = base.offsets[keys.n], base.offsets[keys.n + 1]
            if a != end:
                if end > start:
                    flat.extend(base.flat[start:end])
                start = a
            end = b
            size += b - a
        else:
            if end > start:
                flat.extend(base.flat[start:end])
            start = end = 0
            for name in sorted(keys.names() if isinstance(keys, Ref) else keys):
                number = index.get(name)
                if number is None:
                    number = index[name] = len(table)
                    table.append(name)
                flat.append(number)
                size += 1
        offsets.append(size)
    if end > start:
        flat.extend(base.flat[start:end])
    return (pickle.dumps(digests, protocol=5),
            pickle.dumps((table, urls, descriptions, offsets.tobytes(), flat.tobytes()), protocol=5))


def decode(digests_blob: bytes, outputs_blob: bytes) -> tuple[dict[str, bytes], Recorded]:
    """The digests and outputs of a stored record (ValueError if it is not one)."""
    digests = pickle.loads(digests_blob)
    table, urls, descriptions, offsets_raw, flat_raw = pickle.loads(outputs_blob)
    offsets, flat = array("I"), array("I")
    offsets.frombytes(offsets_raw)
    flat.frombytes(flat_raw)
    if len(offsets) != len(urls) + 1 or len(descriptions) != len(urls) or (offsets and offsets[-1] != len(flat)):
        raise ValueError("inconsistent record of outputs")
    if flat and max(flat) >= len(table):
        raise ValueError("record of outputs names unknown keys")
    return digests, Recorded(table, urls, descriptions, offsets, flat)
