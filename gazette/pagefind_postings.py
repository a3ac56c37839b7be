"""A shard's word index kept merged between builds, so one changed page does not re-merge 1,000.

Pagefind's index chunks list, for each word in byte order, its page entries in page order:

    [word, [[page delta, body locations, metadata locations], …], []]

A page's record (gazette/pagefind_words.py) holds the CBOR of its words' locations. Merging the
records of a 1,000-page shard word by word took half a second; a body edit needs that merge again
although one page changed. `Postings` keeps the merged result: every word's CBOR item, back to
back in one buffer (`blob`), and where each word item and each page entry (row) sits in it.
`merge` takes the last build's postings, which pages stay (and their new numbers) and the records
of the pages that are new or changed, and makes the new postings by copying the unchanged runs of
the old buffer and encoding only what differs: the changed pages' entries, the entry after each of
them (its page delta changes), and the item heads of words whose entry count changed. A cold build
is the same call without old postings. `chunk_bytes` gives an index chunk as one slice of the buffer.

The chunks are byte for byte those of the first, word-by-word writer (tests/search_reference.py,
index_chunks), and a merge into the last postings equals a merge from the records alone
(tests/test_search_shard.py, over sequences of edits).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import cbor2
import numpy as np

_OLD, _FRESH, _GEN = 0, 1, 2
"""Where a piece of the new buffer comes from: the old buffer, the changed records' data, or bytes made here."""
_JOIN_RUNS = 50_000
"""Up to this many runs the buffer is joined from slices; beyond (a cold build) gathered with numpy."""


def item_head(word: str, entries: int) -> bytes:
    """The start of a word's item: [word, [entries…  (the entries, then b"\\x80" for its empty variants)."""
    return b"\x83" + cbor2.dumps(word) + head(4, entries)


def head(major: int, n: int) -> bytes:
    """The head of a CBOR item (RFC 8949 §3): major type and argument (here: array lengths)."""
    if n < 24:
        return bytes((major << 5 | n,))
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes((major << 5 | extra,)) + n.to_bytes(size, "big")
    raise ValueError(n)


@dataclass
class Postings:
    """Every word item of a shard's index, merged (words in byte order, each word's pages ascending).

    Rows are page entries, ordered by word and then page; row i is the bytes
    blob[row_start[i]:row_start[i] + row_len[i]], its first head_len[i] bytes the entry's array head
    and page delta, the rest the page's locations for the word. Word j's item starts at
    word_start[j] with an item head of head_size[j] bytes, holds rows word_rows[j]:word_rows[j+1]
    and ends with one byte b"\\x80" (no variants) just before word_start[j + 1]."""

    vocab: list[str]
    word_rows: np.ndarray  # int64, len(vocab) + 1
    word_start: np.ndarray  # int64, len(vocab) + 1 (the last is len(blob))
    head_size: np.ndarray  # int64, len(vocab)
    counts: np.ndarray  # int64, per word: its locations + 1 per page (Pagefind's chunk size measure)
    page: np.ndarray  # int64, per row
    row_start: np.ndarray  # int64, per row
    row_len: np.ndarray  # int64, per row
    head_len: np.ndarray  # int64, per row
    count: np.ndarray  # int64, per row: the page's locations of the word + 1
    blob: bytes
    changed: np.ndarray | None = None
    """Per word, whether its item may differ from the last postings' (None: not known, a cold merge)."""

    def chunk_bytes(self, first: int, last: int) -> bytes:
        """The CBOR of an index chunk holding words first..last (inclusive)."""
        n = last - first + 1
        return b"\x81" + head(4, n) + self.blob[self.word_start[first]:self.word_start[last + 1]]

    def chunks(self, size: int) -> list[tuple[int, int]]:
        """Word ranges of the index chunks: a chunk closes once its words hold `size` locations."""
        out = []
        total = np.cumsum(self.counts)
        base, first, n = 0, 0, len(self.vocab)
        while first < n:
            # The first word at which the chunk's running size reaches `size` closes it.
            last = int(np.searchsorted(total, base + size, side="left"))
            last = min(last, n - 1)
            out.append((first, last))
            base, first = int(total[last]), last + 1
        return out


def merge(old: Postings | None, page_map: np.ndarray | None, fresh: list[tuple[int, dict]], pages: int) -> Postings:
    """The postings of a shard of `pages` pages.

    old: the last postings (None: none); page_map: for each of old's pages its new page number, or -1
    when the page is gone or changed; fresh: (page number, record) of every page not carried over.
    The pages carried over must keep their order (page_map increasing where it is not -1).
    """
    fresh = sorted(fresh, key=lambda f: f[0])
    old_vocab = old.vocab if old is not None else []
    index = {w: i for i, w in enumerate(old_vocab)}
    new_words = set(chain.from_iterable(rec["words"] for _, rec in fresh))
    new_words.difference_update(index)
    if new_words:
        vocab = sorted(index.keys() | new_words)
        index = {w: i for i, w in enumerate(vocab)}
        old_to_new = np.fromiter((index[w] for w in old_vocab), np.int64, len(old_vocab))
    else:
        vocab = list(old_vocab)
        old_to_new = np.arange(len(old_vocab), dtype=np.int64)
    span = max(pages, 1)

    # Rows carried over: their word and page renumbered.
    # Pages that keep their numbers (a body edit) keep every page delta but next to a changed page.
    kept_pages = np.flatnonzero(page_map >= 0) if old is not None else np.zeros(0, np.int64)
    renumbered = old is not None and not np.array_equal(page_map[kept_pages], kept_pages)
    if old is not None and len(old.page):
        old_word = np.repeat(np.arange(len(old_vocab), dtype=np.int64), np.diff(old.word_rows))
        new_page = page_map[old.page]
        keep = np.flatnonzero(new_page >= 0)
        removed = np.flatnonzero(new_page < 0)
        k_word, k_page = old_to_new[old_word[keep]], new_page[keep]
        k_start, k_len, k_head = old.row_start[keep], old.row_len[keep], old.head_len[keep]
        k_count = old.count[keep]
        k_delta = _deltas(old_word, old.page)[keep] if renumbered else None
    else:
        k_word = k_page = k_start = k_len = k_head = k_count = k_delta = np.zeros(0, np.int64)
        removed = keep = np.zeros(0, np.int64)
    k_key = k_word * span + k_page

    # Rows of the fresh records.
    fresh_data = b"".join(rec["data"] for _, rec in fresh)
    lengths = [len(rec["words"]) for _, rec in fresh]
    f_word = np.array(list(map(index.__getitem__, chain.from_iterable(rec["words"] for _, rec in fresh))), np.int64)
    f_page = np.repeat(np.array([n for n, _ in fresh], np.int64), np.array(lengths, np.int64))
    rows = sum(lengths)
    f_count = np.fromiter(chain.from_iterable(rec["counts"] for _, rec in fresh), np.int64, rows)
    # Each record's offsets (one more than its words), shifted to where its data lands in fresh_data.
    offsets = np.fromiter(chain.from_iterable(rec["offsets"] for _, rec in fresh), np.int64, rows + len(fresh))
    bases = np.cumsum(np.array([0] + [len(rec["data"]) for _, rec in fresh], np.int64))[:-1]
    sizes = np.array(lengths, np.int64) + 1
    offsets += np.repeat(bases, sizes)
    last = np.cumsum(sizes) - 1  # each record's closing offset
    is_start = np.ones(len(offsets), bool)
    is_start[last] = False
    f_start = offsets[is_start]
    f_len = offsets[np.flatnonzero(is_start) + 1] - f_start
    f_key = f_word * span + f_page
    # Pages come in ascending order and each record's words are distinct: a stable sort by word alone
    # orders rows by (word, page) (a radix sort when word numbers fit in 16 bits).
    order = np.argsort(f_word.astype(np.uint16) if len(vocab) <= 1 << 16 else f_word, kind="stable")
    f_word, f_page, f_start, f_len, f_count, f_key = (a[order] for a in (f_word, f_page, f_start, f_len, f_count, f_key))

    # Both row lists are sorted by (word, page); place the fresh rows among the kept ones.
    if len(k_key) > 1 and not (k_key[1:] > k_key[:-1]).all():
        raise ValueError("pages carried over must keep their order")
    total = len(k_key) + len(f_key)
    is_fresh = np.zeros(total, bool)
    insert_at = np.searchsorted(k_key, f_key)
    is_fresh[insert_at + np.arange(len(f_key))] = True
    kept_at, fresh_at = np.flatnonzero(~is_fresh), np.flatnonzero(is_fresh)

    def placed(kept: np.ndarray, new: np.ndarray) -> np.ndarray:
        return np.insert(kept, insert_at, new).astype(np.int64, copy=False)

    word, page, count = placed(k_word, f_word), placed(k_page, f_page), placed(k_count, f_count)

    def delta_at(rows: np.ndarray, word: np.ndarray = word, page: np.ndarray = page) -> np.ndarray:
        """The page delta of these rows: their page less the row before's if it is of the same word."""
        before = np.maximum(rows - 1, 0)
        same = (rows > 0) & (word[before] == word[rows])
        return page[rows] - np.where(same, page[before], 0)

    # A kept row whose page delta is unchanged is copied as it is (entry head and locations).
    reused = ~is_fresh
    if k_delta is not None:
        reused[kept_at] = k_delta == _deltas(word, page)[kept_at]
    elif len(kept_at):
        # Only a kept row right after a fresh row, or after a removed one, can have a new delta.
        after_fresh = fresh_at + 1
        after_fresh = after_fresh[after_fresh < total]
        after_removed = removed + 1
        after_removed = after_removed[after_removed < len(old.page)]
        after_removed = after_removed[page_map[old.page[after_removed]] >= 0]
        rank = after_removed - np.searchsorted(removed, after_removed)
        check = np.sort(np.concatenate((after_fresh[reused[after_fresh]], kept_at[rank])))
        if len(check) > 1:
            check = check[np.concatenate(([True], check[1:] != check[:-1]))]
        old_index = keep[check - np.searchsorted(fresh_at, check)]
        was_delta = delta_at(old_index, old_word, old.page)
        reused[check[delta_at(check) != was_delta]] = False
    src_start = placed(k_start, f_start)  # of the whole row (kept) or of the locations (fresh)
    src_len = placed(k_len, f_len)
    old_head = placed(k_head, np.zeros(len(f_key), np.int64))
    loc_src = np.where(is_fresh, _FRESH, _OLD)
    loc_start = src_start + old_head  # a kept row's locations follow its old head
    loc_len = src_len - old_head

    # New entry heads: [3-array head][page delta], for the rows not copied whole.
    made = np.flatnonzero(~reused)
    heads, sizes = _entry_heads(delta_at(made))
    head_start = np.zeros(total, np.int64)
    head_len = np.zeros(total, np.int64)
    head_start[made] = np.cumsum(sizes) - sizes
    head_len[made] = sizes
    head_len[reused] = old_head[reused]

    # Words: only those with rows remain; item heads copied when the word and its entry count are old.
    per_word = np.bincount(word, minlength=len(vocab)) if total else np.zeros(len(vocab), np.int64)
    present = np.flatnonzero(per_word)
    final = np.cumsum(per_word > 0) - 1
    word = final[word]
    vocab = [vocab[j] for j in present.tolist()]
    per_word = per_word[present]
    new_to_old = np.full(len(index), -1, np.int64)
    new_to_old[old_to_new] = np.arange(len(old_to_new))
    was = new_to_old[present]
    old_rows = np.diff(old.word_rows)[was] if old is not None and len(old_vocab) else np.zeros(len(was), np.int64)
    head_kept = (was >= 0) & (old_rows == per_word)
    gen = [heads]
    gen_at = len(heads)
    item_start = np.zeros(len(vocab), np.int64)
    item_size = np.zeros(len(vocab), np.int64)
    item_src = np.full(len(vocab), _GEN, np.int64)
    if old is not None and head_kept.any():
        ow = was[head_kept]
        item_src[head_kept] = _OLD
        item_start[head_kept] = old.word_start[ow]
        item_size[head_kept] = old.head_size[ow]
    for j in np.flatnonzero(~head_kept).tolist():
        data = item_head(vocab[j], int(per_word[j]))
        gen.append(data)
        item_start[j], item_size[j] = gen_at, len(data)
        gen_at += len(data)
    gen.append(b"\x80")
    end_src = np.full(len(vocab), _GEN, np.int64)
    end_start = np.full(len(vocab), gen_at, np.int64)
    if old is not None:
        old_word_kept = was >= 0
        end_src[old_word_kept] = _OLD
        end_start[old_word_kept] = old.word_start[was[old_word_kept] + 1] - 1

    rows_before = np.concatenate(([0], np.cumsum(per_word)))
    row_len = head_len + loc_len
    # Where everything lands: word items back to back (head, entries, closing byte).
    row_bytes = np.add.reduceat(row_len, rows_before[:-1]) if total else np.zeros(0, np.int64)
    word_start = np.concatenate(([0], np.cumsum(item_size + row_bytes + 1)))
    before = np.cumsum(row_len) - row_len
    row_start = (word_start[:-1] + item_size - before[rows_before[:-1]])[word] + before if total else before
    counts = np.add.reduceat(count, rows_before[:-1]) if total else np.zeros(0, np.int64)
    gen_bytes = b"".join(gen)
    if old is None or 8 * len(fresh_at) > total:
        blob = _pieces(old, fresh_data, gen_bytes, word, reused, src_start, head_start, head_len, loc_src,
                       loc_start, loc_len, rows_before, item_src, item_start, item_size, end_src, end_start)
    else:
        blob = _splice(old, fresh_data, gen_bytes, vocab, was, head_kept, item_start, item_size, per_word,
                       rows_before, word, made, fresh_at, head_start, head_len, src_start, old_head,
                       loc_start, loc_len, removed, old_to_new, present)
    if len(blob) != word_start[-1]:
        raise AssertionError("postings: the merged buffer does not add up")
    changed = None
    if old is not None:
        changed = ~head_kept
        changed[word[made]] = True
    return Postings(vocab=vocab, word_rows=rows_before, word_start=word_start, head_size=item_size,
                    counts=counts, page=page, row_start=row_start, row_len=row_len,
                    head_len=head_len, count=count, blob=blob, changed=changed)


def _pieces(old, fresh_data, gen, word, reused, src_start, head_start, head_len, loc_src, loc_start, loc_len,
            rows_before, item_src, item_start, item_size, end_src, end_start) -> bytes:
    """The new buffer from pieces in order (a cold build, or many changed pages): per word its head,
    per row its entry head and locations, then the word's closing byte."""
    total, words = len(word), len(item_src)
    n_pieces = 2 * words + 2 * total
    p_src = np.empty(n_pieces, np.int64)
    p_start = np.empty(n_pieces, np.int64)
    p_len = np.empty(n_pieces, np.int64)
    w_idx = np.arange(words, dtype=np.int64)
    head_piece = 2 * w_idx + 2 * rows_before[:-1]
    end_piece = 2 * w_idx + 2 * rows_before[1:] + 1
    entry_piece = 2 * word + 1 + 2 * np.arange(total, dtype=np.int64)
    p_src[head_piece], p_start[head_piece], p_len[head_piece] = item_src, item_start, item_size
    p_src[end_piece], p_start[end_piece], p_len[end_piece] = end_src, end_start, 1
    p_src[entry_piece] = np.where(reused, _OLD, _GEN)
    p_start[entry_piece] = np.where(reused, src_start, head_start)
    p_len[entry_piece] = head_len
    p_src[entry_piece + 1] = loc_src
    p_start[entry_piece + 1] = loc_start
    p_len[entry_piece + 1] = loc_len
    return _assemble((old.blob if old is not None else b"", fresh_data, gen), p_src, p_start, p_len,
                     runs=old is not None)


def _splice(old, fresh_data, gen, vocab, was, head_kept, item_start, item_size, per_word, rows_before, word,
            made, fresh_at, head_start, head_len, src_start, old_head, loc_start, loc_len, removed,
            old_to_new, present) -> bytes:
    """The new buffer as the old one with edits (a few pages changed): rows of gone pages cut out,
    changed entry heads and word item heads replaced, fresh rows and new words put in.

    An edit is (old position, 0 insert / 1 cut or replace, order among inserts there, old position
    where the old bytes resume, bytes); inserts at one position come in row order, before a cut
    starting there."""
    blob = memoryview(old.blob)
    heads = memoryview(gen)
    data = memoryview(fresh_data)
    edits: list[tuple] = []
    old_start, old_size = old.word_start, old.head_size
    # Rows of gone or changed pages.
    for a, n in zip(old.row_start[removed].tolist(), old.row_len[removed].tolist()):
        edits.append((a, 1, 0, a + n, b""))
    # Kept rows with a new page delta: their entry head.
    fresh = np.zeros(len(word), bool)
    fresh[fresh_at] = True
    reheaded = made[~fresh[made]]
    for a, n, h, k in zip(src_start[reheaded].tolist(), old_head[reheaded].tolist(),
                          head_start[reheaded].tolist(), head_len[reheaded].tolist()):
        edits.append((a, 1, 0, a + n, heads[h:h + k]))
    # Fresh rows go before the next row of their word (a kept one), or before the word's closing byte.
    new_word = was < 0
    word_end = np.where(new_word, -1, old_start[np.maximum(was, 0) + 1] - 1)
    first_row, last_row = rows_before[:-1], rows_before[1:] - 1
    anchor = np.full(len(word), -1, np.int64)
    kept_rows = np.flatnonzero(~fresh)
    anchor[kept_rows] = src_start[kept_rows]
    for r in fresh_at.tolist():
        j = int(word[r])
        if new_word[j]:
            continue
        nxt = r + 1
        while nxt <= last_row[j] and fresh[nxt]:
            nxt += 1
        at = int(anchor[nxt]) if nxt <= last_row[j] else int(word_end[j])
        h, k, a, n = int(head_start[r]), int(head_len[r]), int(loc_start[r]), int(loc_len[r])
        edits.append((at, 0, r, at, bytes(heads[h:h + k]) + bytes(data[a:a + n])))
    # Word item heads: replaced where the entry count changed; gone words lose head and closing byte.
    for j in np.flatnonzero(~head_kept & ~new_word).tolist():
        w = int(was[j])
        a = int(old_start[w])
        h, k = int(item_start[j]), int(item_size[j])
        edits.append((a, 1, 0, a + int(old_size[w]), heads[h:h + k]))
    present_old = np.zeros(len(old_start) - 1, bool)
    present_old[was[~new_word]] = True
    for w in np.flatnonzero(~present_old).tolist():
        a, end = int(old_start[w]), int(old_start[w + 1])
        edits.append((a, 1, 0, a + int(old_size[w]), b""))
        edits.append((end - 1, 1, 0, end, b""))
    # New words: the whole item, where the first old word after it starts.
    if new_word.any():
        for j in np.flatnonzero(new_word).tolist():
            at = int(old_start[np.searchsorted(old_to_new, present[j])])
            parts = [heads[int(item_start[j]):int(item_start[j] + item_size[j])]]
            for r in range(int(first_row[j]), int(last_row[j]) + 1):
                h, k, a, n = int(head_start[r]), int(head_len[r]), int(loc_start[r]), int(loc_len[r])
                parts += (heads[h:h + k], data[a:a + n])
            parts.append(b"\x80")
            edits.append((at, 0, int(first_row[j]), at, b"".join(parts)))
    edits.sort(key=lambda e: e[:3])
    out, cursor = [], 0
    for at, _, _, end, piece in edits:
        if at > cursor:
            out.append(blob[cursor:at])
        out.append(piece)
        cursor = max(cursor, end)
    out.append(blob[cursor:])
    return b"".join(out)


def _entry_heads(deltas: np.ndarray) -> tuple[bytes, np.ndarray]:
    """The start of each page entry, [3-array head][page delta as a CBOR unsigned integer], one after
    another; and each one's size."""
    size = 2 + (deltas >= 24) + (deltas >= 256) + 2 * (deltas >= 65536)
    ends = np.cumsum(size)
    buf = np.zeros(int(ends[-1]) if len(ends) else 0, np.uint8)
    at = ends - size
    buf[at] = 0x83
    small = size == 2
    buf[at[small] + 1] = deltas[small]
    for n, extra in ((3, 24), (4, 25), (6, 26)):
        sel = np.flatnonzero(size == n)
        if sel.size:
            where, v = at[sel] + 1, deltas[sel]
            buf[where] = extra
            for k in range(n - 2):
                buf[where + 1 + k] = (v >> (8 * (n - 3 - k))) & 0xFF
    return buf.tobytes(), size


def _deltas(word: np.ndarray, page: np.ndarray) -> np.ndarray:
    """Each row's page delta: its page less the previous row's of the same word (the first: its page)."""
    delta = page.copy()
    if len(page) > 1:
        same = word[1:] == word[:-1]
        delta[1:][same] -= page[:-1][same]
    return delta


def _assemble(sources: tuple[bytes, ...], src: np.ndarray, start: np.ndarray, length: np.ndarray,
              runs: bool = True) -> bytes:
    """The concatenation of the pieces sources[src[i]][start[i]:start[i] + length[i]].

    runs: look for pieces that continue each other (there are none worth finding in a cold merge)."""
    if not len(src):
        return b""
    if runs:
        # Pieces that continue each other in the same source are copied as one run.
        follows = (src[1:] == src[:-1]) & (start[1:] == start[:-1] + length[:-1])
        first = np.flatnonzero(np.concatenate(([True], ~follows)))
        r_src, r_start = src[first], start[first]
        r_len = np.add.reduceat(length, first)
    else:
        first, r_src, r_start, r_len = src, src, start, length
    if len(first) <= _JOIN_RUNS:
        views = [memoryview(s) for s in sources]
        return b"".join([views[s][a:a + n] for s, a, n in zip(r_src.tolist(), r_start.tolist(), r_len.tolist())])
    # Many short runs (a cold build): gather bytes with numpy, a block of runs at a time.
    offsets = np.cumsum([0, *map(len, sources)])
    buf = np.frombuffer(b"".join(sources), np.uint8)
    absolute = r_start + offsets[r_src]
    out = np.empty(int(r_len.sum()), np.uint8)
    out_at = np.cumsum(r_len) - r_len
    block = 1 << 16
    index = np.int32 if len(buf) < 1 << 31 else np.int64  # half the memory traffic
    for a in range(0, len(first), block):
        b = min(a + block, len(first))
        lens = r_len[a:b]
        n = int(lens.sum())
        shift = np.repeat((absolute[a:b] - (out_at[a:b] - out_at[a])).astype(index), lens)
        shift += np.arange(n, dtype=index)
        out[out_at[a]:out_at[a] + n] = buf[shift]
    return out.tobytes()
