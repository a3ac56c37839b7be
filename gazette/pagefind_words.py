"""One document's contribution to a Pagefind index, read the way Pagefind 1.5.2's indexer reads it.

Pagefind's indexer (pagefind/src/fossick) parses a page's HTML into a "digest": the text of its
`data-pagefind-body` element, block elements ended with ". " when their text ends in a word
character, headings wrapped in weight markers, elements with an id marked as anchors. It splits
the digest on whitespace; each piece is one word position, indexed under its letters and digits
(lowercased, English-stemmed: the index is built with --force-language en) and, when the piece
has other characters or inner capitals, under its parts as well. Metadata values are indexed
word by word per field. docs/search-index.md describes every rule this module follows; the
test tests/test_search_format.py builds the same documents with Pagefind's own binary and
compares the decoded indexes.

The result is a Record: plain lists, dicts and strings, cached per document (marshal) and
assembled into shards by gazette/pagefind_format.py.
"""

from __future__ import annotations

import functools
import html
import json
import re
import unicodedata

import numpy as np
import snowballstemmer

from . import pagefind_locations, search_chars, search_presence
from .search import IndexSource

INCLUDE_CHARACTERS = ("_", "‿", "⁀", "⁔", "︳", "︴", "﹍", "﹎", "﹏", "＿")
"""Characters Pagefind keeps inside words besides letters and digits (its default, written to pagefind-entry.json)."""

WEIGHT_SCALE = 24
"""Pagefind stores a weight w as the integer w * 24 (1.0 → 24; an h1 heading's 7 → 168)."""

_HEADING_WEIGHTS = {"h1": 7, "h2": 6, "h3": 5, "h4": 4, "h5": 3, "h6": 2}
_SENTENCE = frozenset(("h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section"))
_INLINE = frozenset(("a", "abbr", "acronym", "b", "bdo", "big", "br", "button", "cite", "code", "dfn", "em", "i",
                     "img", "input", "kbd", "label", "map", "object", "output", "q", "samp", "script", "select",
                     "small", "span", "strong", "sub", "sup", "textarea", "time", "tt", "var"))
_REMOVE = frozenset(("head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe",
                     "template"))
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"))
_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>|([^<]+)")
_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_MARKER = re.compile(r"___(?:PAGEFIND_ANCHOR___(\S+)|PAGEFIND_AUTO_WEIGHT___(\S+)|END_PAGEFIND_WEIGHT___)")
_RUST_SPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and not 0x1C <= ord(c) <= 0x1F) + "\u3000"
"""Whitespace as Rust's regex \\s knows it (Python's str.isspace also counts \\x1c-\\x1f)."""
_NEWLINES = re.compile(r"(\n|\r\n)+")
_EXTRA_SPACES = re.compile(r"\s{2,}")
_NEEDS_NORMALIZING = re.compile(r"[&\n\r]|\s\s|^\s|\s$")
_STEMMER = snowballstemmer.stemmer("english")


def normalize_content(text: str) -> str:
    """Pagefind's normalize_content: entities decoded, ends trimmed, runs of spaces made one."""
    if len(text) > 2000:
        return _normalize_long(text)
    if not _NEEDS_NORMALIZING.search(text):
        return text
    text = html.unescape(text).strip(_RUST_SPACE)
    return _EXTRA_SPACES.sub(" ", _NEWLINES.sub(" ", text))


def _normalize_long(text: str) -> str:
    """normalize_content on code points (a page's text: the regular expressions scanned it slowly).

    The same steps: entities decoded; Rust's whitespace trimmed from both ends; then, as the two
    substitutions leave it, every run of two or more whitespace characters becomes one space, and
    so does a lone line feed (a lone carriage return or tab stays)."""
    cp = search_chars.codepoints(html.unescape(text))
    space = search_chars.classes(cp) == search_chars.SPACE
    solid = np.flatnonzero(~(space & ((cp < 0x1C) | (cp > 0x1F))))  # (Rust's \s lacks U+001C–U+001F)
    if not solid.size:
        return ""
    cp, space = cp[solid[0]:solid[-1] + 1], space[solid[0]:solid[-1] + 1]
    before = np.concatenate(([False], space[:-1]))
    after = np.concatenate((space[1:], [False]))
    first = space & ~before
    out = cp.copy()
    out[first & (after | (cp == 0x0A))] = 0x20
    return search_chars.from_codepoints(out[~space | first])


class _Node:
    """An open element while a page is read: its tag, its text so far, the anchors its text goes to."""

    __slots__ = ("tag", "parts", "anchors", "ignored")

    def __init__(self, tag: str, parts: list, anchors: list | None, ignored: bool) -> None:
        self.tag, self.parts, self.anchors, self.ignored = tag, parts, anchors, ignored


def digest(main: str) -> tuple[str, dict[str, str]]:
    """The text Pagefind reads from a data-pagefind-body element's inner HTML, and its anchors' text.

    The digest keeps Pagefind's private markers (weights, anchors) as words of their own.
    """
    root = _Node("main", [], None, False)
    stack = [root]
    anchor_text: dict[str, list[str]] = {}
    counter = 0
    for closing, tag, attributes, text in _TOKEN.findall(main):
        node = stack[-1]
        if text:
            node.parts.append(text)
            if node.anchors and not node.ignored:
                for anchor in node.anchors:
                    anchor_text.setdefault(anchor, []).append(text)
            continue
        tag = tag.lower()
        if closing:
            if len(stack) > 1 and tag == node.tag:
                _close(stack.pop(), stack[-1])
            continue
        found = _ID.search(attributes) if "id" in attributes else None
        anchor = None
        if found:
            element_id = re.sub(r"\s", "", next(g for g in found.groups() if g is not None))
            anchor = f"{counter}:{element_id}"
            node.parts.append(f" ___PAGEFIND_ANCHOR___{tag}:{anchor} ")
            counter += 1
        if tag == "br":
            node.parts.append(" ")
        if tag in _VOID or attributes.endswith("/"):
            continue
        anchors = list(node.anchors) if node.anchors and tag in _INLINE else None
        if anchor:
            anchors = (anchors or []) + [anchor]
        stack.append(_Node(tag, [], anchors, node.ignored or tag in _REMOVE))
    while len(stack) > 1:
        _close(stack.pop(), stack[-1])
    return normalize_content("".join(root.parts)), {k: "".join(v) for k, v in anchor_text.items()}


_normalize_value = functools.lru_cache(maxsize=4096)(normalize_content)
"""normalize_content for short values that recur (filters: department names, years)."""


def _ends_sentence(char: str) -> bool:
    """Pagefind's [\\w'"\\)\\$\\*] in Rust's regex: a letter, mark, decimal or letter number, connector."""
    found = _ENDS.get(char)
    if found is None:
        found = _ENDS[char] = char in "'\")$*" or unicodedata.category(char) in _WORD_CATEGORIES
    return found


_ENDS: dict[str, bool] = {}


_WORD_CATEGORIES = frozenset(("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "Pc"))


def _close(node: _Node, parent: _Node) -> None:
    """An element ends: its text goes to its parent, as Pagefind's parser hands it up."""
    if node.ignored:
        return
    value = "".join(node.parts)
    if node.tag in _SENTENCE:
        value = " " + value
        if _ends_sentence(value[-1]):
            value += "."
        value += " "
    weight = _HEADING_WEIGHTS.get(node.tag)
    if weight:
        value = f" ___PAGEFIND_AUTO_WEIGHT___{weight} {value} ___END_PAGEFIND_WEIGHT___ "
    parent.parts.append(value)


_ASCII_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")


def _cased(c: str) -> tuple[bool, bool]:
    """(is lowercase, is uppercase) as the convert_case crate judges a character."""
    up, low = c.upper(), c.lower()
    if up == low:
        return False, False
    return c == low, c == up


def _case_words(text: str) -> list[str]:
    """convert_case's split of a string into words (its default boundaries), lowercased."""
    words = []
    for chunk in re.split(r"[ \-_]", text):
        if not chunk:
            continue
        start = 0
        n = len(chunk)
        for i in range(1, n):
            a, b = chunk[i - 1], chunk[i]
            a_low, a_up = _cased(a)
            b_low, b_up = _cased(b)
            a_digit, b_digit = a.isascii() and a.isdigit(), b.isascii() and b.isdigit()
            split = ((a_low and b_up) or (a_up and b_digit) or (a_digit and b_up) or (a_digit and b_low)
                     or (a_low and b_digit))
            if not split and a_up and b_up and i + 1 < n and _cased(chunk[i + 1])[0]:
                split = True  # acronym: "HTMLParser" → "HTML Parser"
            if split:
                words.append(chunk[start:i])
                start = i
        words.append(chunk[start:])
    return [w.lower() for w in words if w]


def _stem(word: str) -> str:
    if not word.isascii():
        decomposed = unicodedata.normalize("NFD", word)
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
        if stripped != word:
            word = stripped
        if not _STEMMED.search(word):
            return word  # Snowball's English rules change only words with ASCII letters or apostrophes
    return _STEMMER.stemWord(word)


_STEMMED = re.compile("[A-Za-z']")


_INDEXABLE: dict[str, tuple[tuple[str, bool], ...]] = {}


def indexable(raw: str) -> tuple[tuple[str, bool], ...]:
    """The index words for one whitespace-separated piece: (word, is a compound part), Pagefind's order."""
    found = _INDEXABLE.get(raw)
    if found is not None:
        return found
    normalized = "".join(c.lower() for c in raw if c.isalnum() or c in INCLUDE_CHARACTERS)
    result = []
    if normalized:
        result.append((_stem(normalized), False))
    compound = any(not c.isalnum() for c in raw) or any(c.isupper() for c in raw[1:])
    if compound and normalized:
        parts = " ".join(_case_words(_ASCII_PUNCT.sub(" ", raw)))
        if " " in parts or not normalized.startswith(parts):
            result += [(_stem(part), True) for part in parts.split() if len(part.encode("utf-8")) > 1]
    found = _INDEXABLE[raw] = tuple(result)
    if len(_INDEXABLE) > 500_000:
        _INDEXABLE.clear()
    return found


def index_words(raw: str) -> tuple[tuple[str, bool], ...]:
    """indexable() less the parts that hold punctuation, which the search page can never ask for.

    Pagefind also indexes a piece's parts with their punctuation ("局、" beside "局", "、" of
    "宿)、"); the search page drops punctuation from queries and Pagefind looks a phrase's words up
    exactly, so no search reads them. They were a sixth of the index (docs/search-index.md)."""
    found = _INDEX_WORDS.get(raw)
    if found is None:
        found = _INDEX_WORDS[raw] = tuple(w for w in indexable(raw) if not w[1] or _WORD_ONLY.fullmatch(w[0]))
        if len(_INDEX_WORDS) > 500_000:
            _INDEX_WORDS.clear()
    return found


_INDEX_WORDS: dict[str, tuple[tuple[str, bool], ...]] = {}
_WORD_ONLY = re.compile(f"(?:[^\\W_]|[{''.join(INCLUDE_CHARACTERS)}])+")


def read_marker(marker: re.Match, anchor_text: dict[str, str], position: int, anchors: list[dict],
                weights: list[int]) -> bool:
    """Apply one Pagefind marker (a _MARKER match) found after `position` words: an anchor is added to
    anchors; a weight opens (only the outermost sets a value) or closes, changing weights' top.
    Returns True when the weight changed."""
    if marker.group(1) is not None:
        element, _, anchor_id = marker.group(1).partition(":")
        _, sep, element_id = anchor_id.partition(":")
        if sep:
            anchors.append({"element": element, "id": element_id,
                            "text": normalize_content(normalize_content(anchor_text.get(anchor_id, ""))),
                            "location": position})
        return False
    if marker.group(2) is not None:
        if len(weights) == 1:
            try:
                value = float(marker.group(2))
            except ValueError:
                value = 1.0
            weights.append(int(min(max(value, 0.0), 10.0) * WEIGHT_SCALE))
        else:
            weights.append(weights[-1])
    elif weights:
        weights.pop()
    return True


def metadata_words(meta: dict[str, str], number) -> tuple[list[str], dict[int, list[tuple[int, int]]]]:
    """A page's metadata fields (sorted: its words are numbered by the page's own fields) and, by word
    number (number(word)), the (field, position) of each word of them."""
    fields = sorted(meta)
    meta_at: dict[int, list[tuple[int, int]]] = {}
    for field_id, name in enumerate(fields):
        for index, piece in enumerate((meta[name] or "").split()):
            for word, _ in index_words(piece):
                meta_at.setdefault(number(word), []).append((field_id, index))
    return fields, meta_at


def _meta_locations(fields: list[tuple[int, int]]) -> list[int]:
    """Metadata positions: per field (ascending), -(field number + 1), then positions as differences."""
    out: list[int] = []
    current = None
    previous = 0
    for field, pos in fields:
        if field != current:
            out.append(-field - 1)
            current, previous = field, 0
        out.append(pos - previous)
        previous = pos
    return out


class _Words:
    """Index words numbered for the life of the process (a worker reads thousands of pages with
    mostly the same words): what a token is indexed under is worked out once per process, and
    a one-character token (most of them: a Chinese character) is looked up by code point in bulk."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.names: list[str] = []
        self.numbers: dict[str, int] = {}
        self.tokens: dict[str, tuple[int, tuple[int, ...], int]] = {}
        self.pairs: dict[int, tuple[int, tuple[int, ...], int]] = {}
        self.chars = np.full(0x110000, -2, np.int64)  # -2: not yet known, -1: no word
        self.hashes = np.zeros(4096, np.int64)
        """Each word's presence hash (-1: not a plain word), by number."""
        self.scratch = np.zeros(4096, np.int64)
        """A page's own number of each of its words, by process-wide number (see local())."""

    def number(self, word: str) -> int:
        found = self.numbers.get(word)
        if found is None:
            found = self.numbers[word] = len(self.names)
            self.names.append(word)
            if found >= len(self.hashes):
                self.hashes = np.concatenate((self.hashes, np.zeros(len(self.hashes), np.int64)))
                self.scratch = np.zeros(len(self.hashes), np.int64)
            self.hashes[found] = search_presence.word_hash(word) if search_presence.is_plain(word) else -1
        return found

    def local(self, used: np.ndarray, local: np.ndarray, *numbers: np.ndarray) -> list[np.ndarray]:
        """Process-wide word numbers (each in used) as the page's own (local[k] for used[k])."""
        self.scratch[used] = local
        return [self.scratch[n] for n in numbers]

    def of_token(self, token: str) -> tuple[int, tuple[int, ...], int]:
        """(the number of the word a token is indexed under or -1, the numbers of its parts, the
        number Pagefind divides the parts' weight by)."""
        found = self.tokens.get(token)
        if found is None:
            words = index_words(token)
            primary = self.number(words[0][0]) if words else -1  # the first word is never a part
            share = sum(part for _, part in indexable(token))  # Pagefind divides a weight by all its parts
            found = self.tokens[token] = (primary, tuple(self.number(w) for w, part in words if part), share)
        return found

    def of_pair(self, code: int) -> tuple[int, tuple[int, ...], int]:
        """of_token for a two-character token given as first * 0x110000 + second code point."""
        found = self.pairs[code] = self.of_token(chr(code // 0x110000) + chr(code % 0x110000))
        return found

    def of_chars(self, chars: np.ndarray) -> np.ndarray:
        """The word numbers of one-character tokens given as code points (-1: not indexed, -3: see of_token)."""
        if len(self.names) > 2_000_000:
            self.clear()
        found = self.chars[chars]
        unknown = found == -2
        if unknown.any():
            for c in np.unique(chars[unknown]).tolist():
                primary, parts, _ = self.of_token(chr(c))
                self.chars[c] = -3 if parts else primary  # (with parts: read as a longer token is)
            found = self.chars[chars]
        return found

    def words(self, numbers: np.ndarray) -> list[str]:
        names = self.names
        return [names[k] for k in numbers.tolist()]


_WORDS = _Words()


def record(url: str, source: IndexSource) -> dict:
    """One document's index contribution (a plain dict of lists, strings and bytes: cached with marshal).

    {"url", "fragment": the page's fragment JSON as Pagefind writes it, "word_count",
     "words": [word, …], "data": for each word the CBOR of its [body locations][metadata locations]
     (gazette/pagefind_locations.py), "offsets": where each word's bytes start in data (one more at
     the end), "counts": each word's number of locations + 1 (for chunk sizes),
     "filters": [[name, value], …], "sort": [[key, value], …], "meta_keys": the metadata fields,
     "chars": the Chinese characters of the page's fragment and metadata (for the shard's presence map),
     "presence": the page's presence keys, uint32 little-endian (gazette/search_presence.py)}

    The digest is split into words on code points (gazette/search_chars.py): most words are one
    Chinese character, identified by its code point without making a string of it; only the
    others (punctuation glued on, Latin words, numbers, markers) are looked at one by one.
    """
    text, anchor_text = digest(source.main)
    if "\u200b" in text:
        text = text.replace("\u200b", "")
    cp = search_chars.codepoints(text)
    space = search_chars.classes(cp) == search_chars.SPACE
    solid = ~space
    starts = np.flatnonzero(solid & np.concatenate(([True], space[:-1])))
    ends = np.flatnonzero(solid & np.concatenate((space[1:], [True]))) + 1
    # Pagefind's markers are words of their own that start with "___" (_MARKER says which).
    maybe = np.flatnonzero((ends - starts >= 3) & (cp[starts] == 95))
    is_word = np.ones(len(starts), bool)
    anchors = []
    changes: list[tuple[int, int]] = []  # (word index, weight from there on)
    weights = [WEIGHT_SCALE]
    cut: list[tuple[int, int]] = []  # character spans of the markers, left out of the content
    for i in maybe.tolist():
        a, b = int(starts[i]), int(ends[i])
        piece = text[a:b]
        marker = _MARKER.fullmatch(piece) if piece.startswith("___") else None
        if marker is None:
            continue
        is_word[i] = False
        cut.append((a, b))
        position = i - len(cut) + 1  # words before it
        if read_marker(marker, anchor_text, position, anchors, weights):
            changes.append((position, weights[-1] if weights else 1))
    starts, ends = starts[is_word], ends[is_word]
    n = len(starts)
    weight_at = np.full(n, WEIGHT_SCALE, np.int64)
    for k, (at, weight) in enumerate(changes):
        weight_at[at:changes[k + 1][0] if k + 1 < len(changes) else n] = weight
    # Words are numbered process-wide (_Words); a one-character word by its code point, in bulk.
    vocab = _WORDS
    single = ends - starts == 1
    prim = np.full(n, -1, np.int64)
    chars = cp[starts[single]]
    prim[single] = vocab.of_chars(chars)
    rows_w, rows_g, rows_p = [], [], []
    long = np.flatnonzero(~single | (prim == -3))
    if long.size:
        # A two-character token (mostly a character with punctuation glued on) is known by its
        # code points; a longer one (Latin words, numbers) by its number among them.
        first, last = starts[long], ends[long]
        two = last - first == 2
        code = cp[first].astype(np.int64) * 0x110000 + cp[np.minimum(first + 1, len(cp) - 1)]
        rest = np.flatnonzero(~two)
        longer: list[str] = []
        if rest.size:
            pieces = [text[x:y] for x, y in zip(first[rest].tolist(), last[rest].tolist())]
            number = {p: k for k, p in enumerate(dict.fromkeys(pieces))}
            longer = list(number)
            code[rest] = -1 - np.fromiter(map(number.__getitem__, pieces), np.int64, len(pieces))
        codes, which = search_chars.distinct_inverse(code)
        pairs = vocab.pairs
        found = [vocab.of_token(longer[-1 - c]) if c < 0 else pairs.get(c) or vocab.of_pair(c) for c in codes.tolist()]
        distinct = found
        prim[long] = np.fromiter((f[0] for f in found), np.int64, len(found))[which]
        parts_of = [(k, word, f[2]) for k, f in enumerate(found) for word in f[1]]
        if parts_of:
            # Every position of a token with parts, once per part (as one set of arrays).
            order = np.argsort(which, kind="stable")
            bounds = np.concatenate(([0], np.cumsum(np.bincount(which, minlength=len(distinct)))))
            t, word, share = (np.asarray(c, np.int64) for c in zip(*parts_of))
            lengths = bounds[t + 1] - bounds[t]
            offset = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
            positions = long[order[np.repeat(bounds[t], lengths) + offset]]
            base = weight_at[positions]
            rows_w.append(np.repeat(word, lengths))
            rows_g.append(np.where(base > 0, np.maximum(base // np.repeat(share, lengths), 1), 0))
            rows_p.append(positions)
    keep = prim >= 0
    rows_w.insert(0, prim[keep])
    rows_g.insert(0, weight_at[keep])
    rows_p.insert(0, np.flatnonzero(keep))
    word_count = max(n, 1)
    meta = dict(source.meta)
    fields, meta_at = metadata_words(meta, vocab.number)
    # The page's own word numbers: its words in the order of their process-wide numbers.
    rows = np.concatenate(rows_w)
    meta_words = np.fromiter(meta_at, np.int64, len(meta_at))
    used = search_chars.distinct(np.concatenate((rows, meta_words)))  # (not a mask over all numbers: they only grow)
    # The page's words in byte order (as the index lists them), whatever their process-wide
    # numbers: the same page gives the same record in every process.
    words = vocab.words(used)
    by_order = sorted(range(len(words)), key=words.__getitem__)
    rank = np.empty(len(words), np.int64)
    rank[by_order] = np.arange(len(words))
    words = [words[k] for k in by_order]
    meta_rows = [(word, n + (field + 1) * 1_000_000 + index)
                 for word, fields_at in meta_at.items() for field, index in fields_at]
    local, meta_local_words, meta_words_local = vocab.local(
        used, rank, rows, meta_words, np.asarray([w for w, _ in meta_rows], np.int64))
    meta_local = dict(zip(meta_local_words.tolist(),
                          (_meta_locations(sorted(fields_at)) for fields_at in meta_at.values())))
    positions = np.concatenate(rows_p)
    data, offsets, counts = pagefind_locations.encode(local, np.concatenate(rows_g), positions, meta_local, len(words))
    # Presence keys of the body's words and of the metadata's (each field's pieces numbered after
    # the body, apart, so that no pair spans two fields or a field and the body).
    word_hashes = np.empty(len(words), np.int64)
    word_hashes[rank] = vocab.hashes[used]
    hashes = word_hashes[np.concatenate((local, meta_words_local))]
    at = np.concatenate((positions, np.asarray([q for _, q in meta_rows], np.int64)))
    plain = hashes >= 0
    keys = search_presence.keys(hashes[plain], at[plain])
    filters: dict[str, list[str]] = {}
    for name, value in source.filters:
        filters.setdefault(name, []).append(_normalize_value(value))
    filters = dict(sorted(filters.items()))
    content_cp = _joined(cp, starts, ends)  # the words but the markers, one space apart
    content = search_chars.from_codepoints(content_cp)
    fragment = {"url": url, "content": content, "word_count": word_count,
                "filters": filters, "meta": dict(sorted(meta.items())), "anchors": anchors}
    small = [url, *(k for k in filters), *(v for vs in filters.values() for v in vs), *meta, *meta.values(),
             *(str(a[k]) for a in anchors for k in ("element", "id", "text"))]
    return {"url": url, "fragment": json.dumps(fragment, ensure_ascii=False, separators=(",", ":")),
            "word_count": word_count, "words": words, "data": data, "offsets": offsets, "counts": counts,
            "filters": [[name, value] for name, values in filters.items() for value in values],
            "sort": [list(s) for s in source.sort], "meta_keys": sorted(meta),
            "chars": _chinese(content_cp, "".join(small)),
            "presence": keys.astype("<u4").tobytes()}


def _joined(cp: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The words cp[starts[k]:ends[k]] joined by single spaces (code points): " ".join(words)."""
    lengths = ends - starts
    if not lengths.size:
        return cp[:0]
    at = np.cumsum(lengths + 1) - (lengths + 1)  # where each word starts in the result
    out = np.full(int(lengths.sum()) + len(lengths) - 1, 0x20, cp.dtype)
    inside = np.ones(len(out), bool)
    inside[at[1:] - 1] = False
    out[inside] = cp[np.flatnonzero(inside) + np.repeat(starts - at, lengths)]
    return out


def _chinese(content: np.ndarray, other: str) -> str:
    """The distinct Chinese characters of a page's content (code points) and of other text, sorted."""
    cp = np.concatenate((content, search_chars.codepoints(other)))
    cp = cp[cp >= _CJK_LOWEST]  # (most of a page is Chinese, but this halves what is compared below)
    return search_chars.from_codepoints(search_chars.distinct(cp[search_chars.in_cjk_ranges(cp)]))


_CJK_LOWEST = min(lo for lo, _ in search_chars.CJK_RANGES)
