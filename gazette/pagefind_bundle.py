"""Pagefind's files as the site ships them: loadable from file://, the same bytes every time.

- Its browser code is an ES module that fetches data; Chromium allows neither on file://
  (Pagefind #202, #241). We rewrite it as a classic script whose fetches go to a loader in the
  page, and wrap every data file in a script that hands its bytes to that loader
  (pagefind/2017/index/x.pf_index → …/x.pf_index.js).
- Its browser code uses `?.` and `??`, which older browsers cannot parse: gazette/jslower.py
  rewrites them, so the script is ES2018 like assets/search.js.
- The browser code and WebAssembly come from the installed Pagefind (pagefind-bin-extended):
  its binary writes them once per version into the cache (runtime()); the index itself is written
  by gazette/pagefind_format.py and gazette/search_shard.py, never by the binary.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import deflate

from . import jslower, pagefind_format

CLASSIC_SCRIPT = "pagefind-classic.js"
WASM = f"wasm.{pagefind_format.LANGUAGE}.pagefind"
FACETS = "facets.json.gz"
PACKAGE = "pagefind_bin_extended"
FACETS_LEVEL = 9
"""libdeflate's level for facets.json.gz (zlib's level 9 took 40 ms a shard)."""


class Unavailable(Exception):
    """The installed Pagefind cannot give the browser files this site needs (message in Chinese)."""


def installed_version() -> str | None:
    """The version of the installed pagefind-bin-extended package (None if it is not installed)."""
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return None


def _binary() -> Path | None:
    try:
        files = importlib.metadata.files(PACKAGE) or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for f in files:
        if f.name == "pagefind_extended":
            path = Path(f.locate())
            return path if path.exists() else None
    return None


def runtime(cache: Path) -> tuple[str, str]:
    """(the classic browser script, the wrapped WebAssembly) of the pinned Pagefind version.

    Extracted once per version by running the installed binary on a one-page site; kept in the
    cache with their SHA-256, checked on every use. Raises Unavailable with a message for the user.
    """
    version = installed_version()
    if version != pagefind_format.VERSION:
        raise Unavailable(
            f"搜索索引按 Pagefind {pagefind_format.VERSION} 的格式写出，但安装的是 "
            f"{version or '（未安装）'}。请运行：pip install -r requirements.txt")
    folder = cache / f"runtime-{pagefind_format.VERSION}"
    names = ("pagefind.js", WASM)
    try:
        sums = json.loads((folder / "sums.json").read_text(encoding="utf-8"))
        data = {n: (folder / n).read_bytes() for n in names}
        if all(hashlib.sha256(data[n]).hexdigest() == sums[n] for n in names):
            return _runtime_files(data, folder)
    except (OSError, ValueError, KeyError):
        pass
    data = _extract()
    shutil.rmtree(folder, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=".runtime-", dir=cache))
    for n in names:
        (tmp / n).write_bytes(data[n])
    (tmp / "sums.json").write_text(json.dumps({n: hashlib.sha256(data[n]).hexdigest() for n in names}), encoding="utf-8")
    try:
        os.replace(tmp, folder)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
    return _runtime_files(data)


def _extract() -> dict[str, bytes]:
    binary = _binary()
    if binary is None:
        raise Unavailable("未安装 Pagefind 扩展版（pagefind-bin-extended），请先运行 README 中的安装命令")
    with tempfile.TemporaryDirectory(prefix="gazette-pagefind-") as work:
        site, out = Path(work) / "site", Path(work) / "out"
        site.mkdir()
        (site / "index.html").write_text("<html lang=\"en\"><body><main data-pagefind-body><h1>Pagefind</h1><p>runtime</p></main></body></html>",
                                         encoding="utf-8")
        try:
            run = subprocess.run([str(binary), "--site", str(site), "--output-path", str(out), "--quiet"],
                                 capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise Unavailable(f"无法运行 Pagefind（{binary}：{exc}）。请重新安装：pip install -r requirements.txt") from exc
        if run.returncode != 0:
            detail = (run.stderr or run.stdout).strip()[:500] or f"退出码 {run.returncode}"
            raise Unavailable(f"Pagefind 运行失败（{detail}）")
        try:
            entry = json.loads((out / pagefind_format.ENTRY).read_text(encoding="utf-8"))
            data = {n: (out / n).read_bytes() for n in ("pagefind.js", WASM)}
        except (OSError, ValueError) as exc:
            raise Unavailable("Pagefind 没有写出浏览器所需的文件（磁盘已满，或 Pagefind 安装不完整？请检查后重新构建）") from exc
        if entry.get("version") != pagefind_format.VERSION:
            raise Unavailable(f"Pagefind 程序报告的版本是 {entry.get('version')}，而索引按 {pagefind_format.VERSION} 写出；"
                                "请运行：pip install -r requirements.txt")
        return data


def _runtime_files(data: dict[str, bytes], folder: Path | None = None) -> tuple[str, str]:
    return _classic_kept(data["pagefind.js"], folder), wrap(data[WASM], WASM)


def _classic_kept(module: bytes, folder: Path | None) -> str:
    """classic_script(module), kept in the runtime folder under a digest of the module and of the code
    that rewrites it (rewriting took ~0.1 s in every build process)."""
    digest = hashlib.sha256(module)
    for code in (Path(__file__), Path(jslower.__file__)):
        digest.update(code.read_bytes())
    path = folder / f"classic-{digest.hexdigest()[:32]}.js" if folder is not None else None
    if path is not None:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, ValueError):
            pass
    script = classic_script(module.decode("utf-8"))
    if path is not None:
        tmp = folder / f".{path.name}.{os.getpid()}.tmp"
        try:
            tmp.write_text(script, encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)
    return script


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
        # A search on an instance still setting up polls every 50 ms; the first hits of every shard
        # waited for it (the setup itself takes a few milliseconds once the WebAssembly is in).
        ("async getPtr(){while(this.raw_ptr===null){if(this.initError){throw this.initError;}await asyncSleep(50);}",
         "async getPtr(){while(this.raw_ptr===null){if(this.initError){throw this.initError;}await asyncSleep(4);}"),
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


def wrap(data: bytes, rel: str) -> str:
    """One data file as a script that hands its bytes to the page's loader (rel: its path under pagefind/)."""
    return f'__gazettePagefind("{rel}","{base64.b64encode(data).decode("ascii")}");\n'


def facets(sorts: list, urls: list[str], filters: list, fragments: list[str]) -> bytes:
    """facets.json.gz: each page's filter values, newest page first, for the browser's filters.

    Given per page (in page order) its sort values, URL, filter values ((name, value) pairs, sorted)
    and fragment name.
    {"filters": [[name, value], …], "pages": [[fragment name, [index into filters, …]], …]}, pages
    ordered by date (ISO, newest first), then URL. Pagefind counts filter values only within one
    search, and browsing by filters alone makes it load the whole index; the page does both from
    this file instead (assets/search.js).
    """
    pages = [(dict(sort).get("date", ""), url, name, values)
             for sort, url, values, name in zip(sorts, urls, filters, fragments)]
    pairs = sorted(set().union(*filters))
    index = {pair: i for i, pair in enumerate(pairs)}
    pages.sort(key=lambda p: p[1])
    pages.sort(key=lambda p: p[0], reverse=True)
    data = {"filters": [list(p) for p in pairs], "pages": [[page, [index[p] for p in values]] for _, _, page, values in pages]}
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return deflate.gzip_compress(raw, FACETS_LEVEL)  # a sixth of the size
