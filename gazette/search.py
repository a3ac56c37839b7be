"""Search: a Pagefind index that matches Chinese exactly, loadable from a web server and file://.

Pagefind segments Chinese one way when indexing and another in the browser, so words it should
find go missing (Pagefind #1237). We index a shadow copy of each document in which every Chinese
character stands alone ("水 污 染"), and the browser searches a query as a phrase of single
characters; a phrase of characters matches exactly where the text contains the query.

Pagefind's browser code is an ES module that fetches its data, which Chromium blocks on file://
(Pagefind #202, #241). The build therefore rewrites it as a classic script and wraps every data
file in a small script (pagefind/x.pf_index → pagefind/x.pf_index.js) that the page loads with a
<script> tag; the same files serve both the website and the USB copy, so both give the same results.
"""

from __future__ import annotations

import base64
import html
import importlib.util
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .config import Config
from .model import Document, Site
from .problems import Problems
from .render import cn_date

PAGEFIND_DIR = "pagefind"
CLASSIC_SCRIPT = "pagefind-classic.js"
_CJK = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff])")
_TAG = re.compile(r"(<[^>]+>)")
_INLINE_TAG = re.compile(r"</?(?:a|strong|em|b|i|u|span|code|mark|sup|sub|small|abbr|q|cite)(?:\s[^>]*)?>")
# Files of the Pagefind bundle the site does not use (its own UIs, the worker).
_UNUSED = re.compile(r"^(pagefind-(ui|modular-ui|component-ui|highlight|worker)\.(js|css)|pagefind\.js|wasm\.unknown\.pagefind)$")


_FULLWIDTH = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}


def spaced(text: str) -> str:
    """Text as the index sees it: each Chinese character a word of its own, punctuation glued on.

    Punctuation stays attached to the word before it, so Pagefind drops it without leaving a gap
    and a query matches across it ("头水" finds "牵头，水污染"). assets/search.js applies the same
    rule to queries; the two must stay in step.
    """
    text = _CJK.sub(r" \1 ", text.translate(_FULLWIDTH))
    text = re.sub(r"\s+([^\w\s])", r"\1", text)
    text = re.sub(r"([^\w\s])(?=\w)", r"\1 ", text)
    return re.sub(r"\s+", " ", text).strip()


def _spaced_html(fragment: str) -> str:
    """Space the text of an HTML fragment, keeping its block tags (and heading ids).

    Inline tags go first: Pagefind joins the text on both sides of an inline tag into one word,
    so "<a>县财政局</a>、<a>县…" would index "局、县" as a single word.
    """
    parts = _TAG.split(_INLINE_TAG.sub("", fragment))
    for i in range(0, len(parts), 2):
        parts[i] = html.escape(spaced(html.unescape(parts[i])), quote=False) if parts[i].strip() else parts[i]
    return "".join(parts)


def _meta(key: str, value: str) -> str:
    # Pagefind splits attribute metadata on commas.
    value = value.replace(",", "，")
    return f'<span data-pagefind-meta="{key}:{html.escape(value)}"></span>'


def _filter(key: str, value: str) -> str:
    return f'<span data-pagefind-filter="{key}:{html.escape(value.replace(",", "，"))}"></span>'


def index_page(doc: Document, site: Site) -> str:
    """The shadow page Pagefind indexes for one document."""
    issue = site.issue_by_id[doc.issue_id]
    body = doc.body_path.read_text(encoding="utf-8") if doc.body_path else ""
    heads = [
        _meta("title", doc.title), _meta("doc_number", doc.doc_number), _meta("issue", issue.label),
        _meta("date", cn_date(doc.date)), _meta("issuer", doc.issuer),
        _filter("年份", f"{doc.date.year}年"), _filter("期次", f"{issue.label}（总第{issue.total_number}期）"),
        _filter("发文机关", doc.issuer), _filter("类别", doc.category),
        *(_filter("部门", site.department_by_id[d].name) for d in doc.departments),
    ]
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>-</title></head><body>'
        + "".join(heads)
        + '<main data-pagefind-body>'
        + f'<h1 data-pagefind-weight="10">{html.escape(spaced(doc.title))}</h1>'
        + f'<p data-pagefind-weight="10">{html.escape(spaced(doc.doc_number))}</p>'
        + f"<p>{html.escape(spaced(doc.issuer + ' ' + doc.addressees))}</p>"
        + _spaced_html(body)
        + "</main></body></html>\n"
    )


def pagefind_binary() -> Path | None:
    """Path of the extended Pagefind binary installed from PyPI (pagefind-bin-extended)."""
    spec = importlib.util.find_spec("pagefind_bin_extended")
    if spec is None or not spec.origin:
        return None
    binary = Path(spec.origin).parent / "pagefind_extended"
    return binary if binary.exists() else None


def classic_script(module_source: str) -> str:
    """Pagefind's ES module rewritten as a classic script that defines window.pagefind."""
    src = module_source.replace('typeof import.meta.url!=="undefined"', "false").replace("import.meta.url", '""')
    # The worker cannot be started from file://, and the data loader below lives in the page.
    src = src.replace('typeof Worker!=="undefined"', "false")
    src = re.sub(r"(?<![\w.])fetch\(", "__gazetteFetch(", src)
    m = re.search(r"export\s*\{([^}]*)\};?\s*$", src)
    if not m:
        raise ValueError("pagefind.js has no export list")
    src = src[: m.start()] + f"window.pagefind={{{m.group(1)}}};"
    return "(function(){\n" + src + "\n})();\n"


def _wrap(path: Path, rel: str) -> None:
    """Turn one data file into a script that hands its bytes to the page."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    path.with_name(path.name + ".js").write_text(f'__gazettePagefind("{rel}","{data}");\n', encoding="ascii")
    path.unlink()


def write_index(site: Site, config: Config, stage: Path, problems: Problems) -> None:
    """Pipeline step: index every document into stage/pagefind."""
    binary = pagefind_binary()
    if binary is None:
        problems.error("requirements.txt", 0, "未安装 Pagefind 扩展版（pagefind-bin-extended），请先运行 README 中的安装命令")
        return
    shadow = Path(tempfile.mkdtemp(prefix="gazette-index-"))
    try:
        for doc in site.documents:
            target = shadow / doc.issue_id / doc.slug / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(index_page(doc, site), encoding="utf-8")
        out = stage / PAGEFIND_DIR
        run = subprocess.run(
            [str(binary), "--site", str(shadow), "--output-path", str(out), "--force-language", "en", "--quiet"],
            capture_output=True, text=True,
        )
        if run.returncode != 0:
            problems.error(PAGEFIND_DIR, 0, f"Pagefind 建立搜索索引失败：{(run.stderr or run.stdout).strip()[:500]}")
            return
        module = (out / "pagefind.js").read_text(encoding="utf-8")
        (out / CLASSIC_SCRIPT).write_text(classic_script(module), encoding="utf-8")
        for path in sorted(out.rglob("*")):
            if path.is_file() and _UNUSED.match(path.name) and path.parent == out:
                path.unlink()
            elif path.is_file() and path.name != CLASSIC_SCRIPT:
                _wrap(path, path.relative_to(out).as_posix())
    finally:
        shutil.rmtree(shadow, ignore_errors=True)
