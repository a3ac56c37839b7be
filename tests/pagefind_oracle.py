"""Pagefind's own indexer as a test oracle: the same documents indexed by its binary and by our writer.

decoded() reads a Pagefind bundle into structures that do not depend on what Pagefind leaves to
chance (page numbers, file names, the order of filter values and of pages with the same sort
value), so two bundles of the same pages compare equal.
"""

from __future__ import annotations

import gzip
import json
import subprocess
from pathlib import Path

from gazette import pagefind_bundle, pagefind_format, pagefind_words, search, search_index
from gazette.model import Site


def shadow_pages(site: Site, folder: Path) -> list[dict]:
    """Write every document's shadow page under folder (as Pagefind reads it); return our records."""
    records = []
    for doc in site.documents:
        source = search.index_source(doc, site)
        url = search_index._url(doc)
        page = folder / url.strip("/") / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(search.index_page(source), encoding="utf-8")
        records.append(pagefind_words.record(url, source))
    return records


def pagefind_index(shadow: Path, out: Path) -> Path:
    """Index the shadow pages with the installed Pagefind binary (as the site used to be built)."""
    binary = pagefind_bundle._binary()
    subprocess.run([str(binary), "--site", str(shadow), "--output-path", str(out), "--force-language", "en", "--quiet"],
                   check=True, capture_output=True)
    return out


def _read(path: Path) -> object:
    return pagefind_format.decode(gzip.decompress(path.read_bytes()))


def decoded(bundle: Path) -> dict:
    """A bundle's content keyed by page URL instead of page number."""
    entry = json.loads((bundle / pagefind_format.ENTRY).read_text(encoding="utf-8"))
    language = entry.pop("languages")["en"]
    meta = _read(bundle / f"pagefind.{language['hash']}.pf_meta")
    urls, pages = [], {}
    for name, word_count in meta[1]:
        fragment = _read(bundle / "fragment" / f"{name}.pf_fragment")
        urls.append(fragment["url"])
        pages[fragment["url"]] = (word_count, fragment)
    words, chunks = {}, []
    for start, end, name in meta[2]:
        chunk = _read(bundle / "index" / f"{name}.pf_index")[0]
        chunks.append((start, end, [w[0] for w in chunk]))
        for word, entries, variants in chunk:
            number, by_url = 0, {}
            for delta, locations, meta_locations in entries:
                number += delta
                by_url[urls[number]] = (locations, meta_locations)
            words[word] = (by_url, variants)
    filters = {}
    for _, name in meta[3]:
        filter_name, values = _read(bundle / "filter" / f"{name}.pf_filter")
        filters[filter_name] = {value: sorted(urls[p] for p in numbers) for value, numbers in values}
    sorts = {}
    for key, numbers in meta[4]:
        values = [pages[urls[n]][1]["meta"]["day"] for n in numbers]
        assert values == sorted(values), f"{bundle}: pages not in {key} order"
        sorts[key] = sorted(urls[n] for n in numbers)
    return {"version": meta[0], "entry": entry, "page_count": language["page_count"], "pages": pages,
            "words": words, "chunks": chunks, "filters": filters, "sorts": sorts, "fields": meta[5]}


def _never_asked(word: str) -> bool:
    """A word with punctuation, which Pagefind indexes as a compound part and we do not
    (pagefind_words.index_words: no query of the search page can ask for it)."""
    return not all(c.isalnum() or c in pagefind_words.INCLUDE_CHARACTERS for c in word)


def as_we_index(theirs: dict) -> dict:
    """Pagefind's decoded bundle less the words we deliberately leave out; chunk boundaries, which
    follow from the words, are left out of the comparison (ours are checked for order instead)."""
    dropped = {w for w in theirs["words"] if _never_asked(w)}
    return {**theirs, "words": {w: v for w, v in theirs["words"].items() if w not in dropped}, "chunks": None}


def differences(a: dict, b: dict, limit: int = 10) -> list[str]:
    """Readable differences between two decoded bundles (empty: the same index)."""
    if a["chunks"] is None or b["chunks"] is None:
        chunks = b["chunks"] or a["chunks"]
        listed = [w for _, _, words in chunks for w in words]
        assert listed == sorted(listed, key=lambda w: w.encode("utf-8")) and set(listed) == set(b["words"])
        a, b = {**a, "chunks": None}, {**b, "chunks": None}
    found = [f"{k}: {str(a[k])[:200]} ≠ {str(b[k])[:200]}" for k in a if k not in ("pages", "words") and a[k] != b[k]]
    for url in sorted(set(a["pages"]) | set(b["pages"])):
        if a["pages"].get(url) != b["pages"].get(url):
            found.append(f"page {url}: {str(a['pages'].get(url))[:300]} ≠ {str(b['pages'].get(url))[:300]}")
    for word in sorted(set(a["words"]) | set(b["words"])):
        if a["words"].get(word) != b["words"].get(word):
            found.append(f"word {word!r}: {str(a['words'].get(word))[:200]} ≠ {str(b['words'].get(word))[:200]}")
    return found[:limit]
