"""Post-processing of Pagefind's output: stable bytes, and loadable from file://.

- Pagefind writes its filter files, and the metadata file that names them, in a different
  order on every run (Pagefind #638). We decode them (CBOR), sort, re-encode and rename them by
  their content, so the same content gives the same bytes.
- Its browser code is an ES module that fetches data; Chromium allows neither on file://
  (Pagefind #202, #241). We rewrite it as a classic script whose fetches go to a loader in the
  page, and wrap every data file in a script that hands its bytes to that loader.
- Its browser code uses `?.` and `??`, which older browsers cannot parse: gazette/jslower.py
  rewrites them, so the script is ES2018 like assets/search.js.
"""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import json
import re
from pathlib import Path

from . import cbor, jslower

CLASSIC_SCRIPT = "pagefind-classic.js"
_MAGIC = b"pagefind_dcd"
# Files of the Pagefind bundle the site does not use (its own UIs, the worker, the ES module).
_UNUSED = re.compile(r"^(pagefind-(ui|modular-ui|component-ui|highlight|worker)\.(js|css)|pagefind\.js|wasm\.unknown\.pagefind)$")


def _read(path: Path) -> object:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_MAGIC):
        raise ValueError(f"{path.name}: not a Pagefind data file")
    return cbor.decode(raw[len(_MAGIC):])


def _write(folder: Path, prefix: str, value: object, digits: int, suffix: str) -> str:
    """Write value as a Pagefind data file named after its content; return the new hash name."""
    raw = _MAGIC + cbor.encode(value)
    name = f"{prefix}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    return name


def stabilise(out: Path) -> None:
    """Make Pagefind's filter and metadata files identical from one run to the next."""
    entry_path = out / "pagefind-entry.json"
    entry = entry_path.read_text(encoding="utf-8")
    for meta_path in sorted(out.glob("pagefind.*.pf_meta")):
        language = meta_path.name.split(".")[1].split("_")[0]
        meta = _read(meta_path)
        renamed = {}
        for _, old in meta[3]:
            path = out / "filter" / f"{old}.pf_filter"
            filter_name, values = _read(path)
            path.unlink()
            renamed[old] = _write(path.parent, language, [filter_name, sorted(values, key=lambda v: v[0])], 7, ".pf_filter")
        meta[3] = sorted(([name, renamed[old]] for name, old in meta[3]), key=lambda f: f[0])
        old_hash = meta_path.name[len("pagefind."):-len(".pf_meta")]
        meta_path.unlink()
        new_hash = _write(out, f"pagefind.{language}", meta, 10, ".pf_meta")[len("pagefind."):]
        entry = entry.replace(f'"{old_hash}"', f'"{new_hash}"')
    entry_path.write_text(entry, encoding="utf-8")


@functools.lru_cache(maxsize=2)
def classic_script(module_source: str) -> str:
    """Pagefind's ES module rewritten as a classic script that defines window.pagefind."""
    src = module_source.replace('typeof import.meta.url!=="undefined"', "false").replace("import.meta.url", '""')
    # The worker cannot be started from file://, and the data loader lives in the page.
    src = src.replace('typeof Worker!=="undefined"', "false")
    src = re.sub(r"(?<![\w.])fetch\(", "__gazetteFetch(", src)
    # Several indexes (shards) share one WebAssembly instance: set it up once, and let every
    # instance wait for that one setup (each setting up its own would pull the memory away from
    # the others' pointers).
    for old, new in (
        ("async loadWasm(language){try{",
         "async loadWasm(language){__gazetteWasm[language]=__gazetteWasm[language]||this.setUpWasm(language);"
         "this.wasm=await __gazetteWasm[language];}async setUpWasm(language){try{"),
        ("this.wasm=await this.backend({module_or_path:final_wasm});",
         "return await this.backend({module_or_path:final_wasm});"),
    ):
        if src.count(old) != 1:
            raise ValueError(f"pagefind.js: expected code not found ({old[:40]}…); was Pagefind upgraded?")
        src = src.replace(old, new)
    m = re.search(r"export\s*\{([^}]*)\};?\s*$", src)
    if not m:
        raise ValueError("pagefind.js has no export list")
    # Pagefind's own JavaScript inflate, for the page to unpack data where the browser has no
    # DecompressionStream (Chrome < 80, Firefox < 113).
    if "var gz_default=" not in src:
        raise ValueError("pagefind.js: gz_default not found; was Pagefind upgraded?")
    src = jslower.lower(src[: m.start()] + f"window.pagefind={{{m.group(1)}}};window.__gazetteGunzip=gz_default;")
    return "(function(){\nvar __gazetteWasm={};\n" + src + "\n})();\n"


def _wrap(path: Path, rel: str) -> None:
    """Turn one data file into a script that hands its bytes to the page."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    path.with_name(path.name + ".js").write_text(f'__gazettePagefind("{rel}","{data}");\n', encoding="ascii")
    path.unlink()


_RUNTIME = re.compile(r"^(pagefind-classic\.js|wasm\.[a-z-]+\.pagefind\.js)$")


def is_runtime(name: str) -> bool:
    """True for the files every shard shares: the browser script and the WebAssembly."""
    return bool(_RUNTIME.match(name))


FACETS = "facets.json.gz"


def write_facets(out: Path) -> None:
    """facets.json.gz: each page's filter values, newest page first, for the browser's filters.

    {"filters": [[name, value], …], "pages": [[page hash, [index into filters, …]], …]}, pages
    ordered by the "day" metadata (ISO date, newest first), then URL. Pagefind counts filter values
    only within one search, and browsing by filters alone makes it load the whole index; the page
    does both from this file instead (assets/search.js).
    """
    pages = []
    for path in sorted((out / "fragment").glob("*.pf_fragment")):
        fragment = json.loads(gzip.decompress(path.read_bytes())[len(_MAGIC):])
        values = sorted((name, value) for name, vs in fragment.get("filters", {}).items() for value in vs)
        pages.append((fragment["meta"].get("day", ""), fragment["url"], path.name[: -len(".pf_fragment")], values))
    pairs = sorted({pair for *_, values in pages for pair in values})
    index = {pair: i for i, pair in enumerate(pairs)}
    pages.sort(key=lambda p: p[1])
    pages.sort(key=lambda p: p[0], reverse=True)
    facets = {"filters": [list(p) for p in pairs],
              "pages": [[page, [index[p] for p in values]] for _, _, page, values in pages]}
    raw = json.dumps(facets, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    (out / FACETS).write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))  # a sixth of the size


def finish(out: Path, prefix: str = "") -> None:
    """Stabilise, convert and wrap a fresh Pagefind bundle in place.

    Data files are named for the loader by their path under pagefind/ (prefix/…); the WebAssembly
    is named without the prefix, as the one copy all shards share.
    """
    stabilise(out)
    write_facets(out)
    module = (out / "pagefind.js").read_text(encoding="utf-8")
    (out / CLASSIC_SCRIPT).write_text(classic_script(module), encoding="utf-8")
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.name == CLASSIC_SCRIPT:
            continue
        rel = path.relative_to(out).as_posix()
        if path.parent == out and _UNUSED.match(path.name):
            path.unlink()
        elif path.parent == out and is_runtime(path.name + ".js"):
            _wrap(path, rel)
        else:
            _wrap(path, f"{prefix}/{rel}" if prefix else rel)
