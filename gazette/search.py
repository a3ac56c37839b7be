"""Search: a Pagefind index that matches Chinese exactly, loadable from a web server and file://.

Pagefind segments Chinese one way when indexing and another in the browser, so words it should
find go missing (Pagefind #1237). We index a shadow copy of each document written in words of
our own (gazette/searchtext.py: pairs of neighbouring characters), and the browser searches a
query as a phrase of such words, which matches exactly where the text contains the query.

Pagefind's browser code is an ES module that fetches its data, which Chromium blocks on file://
(Pagefind #202, #241). gazette/pagefind_bundle.py rewrites it as a classic script and wraps every
data file in a small script that the page loads with a <script> tag; the same files serve both
the website and the USB copy, so both give the same results.
"""

from __future__ import annotations

import html
import importlib.util
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import pagefind_bundle, searchtext
from .config import Config
from .model import Document, Site
from .problems import Problems
from .render import cn_date

PAGEFIND_DIR = "pagefind"
NO_VALUE = "-"


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
        _filter("发文机关", doc.issuer), _filter("类别", doc.category), _filter("效力", doc.status or "有效"),
        *(_filter("部门", site.department_by_id[d].name) for d in doc.departments),
        # Every page has a value for every filter, so the search page can ask for "any value" of
        # each and get per-value counts among the results (search.js hides this one).
        *([] if doc.departments else [_filter("部门", NO_VALUE)]),
        f'<span data-pagefind-sort="date:{doc.date.isoformat()}"></span>',
    ]
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>-</title></head><body>'
        + "".join(heads)
        + "<main data-pagefind-body>"
        + searchtext.index_html([
            f"<h1>{html.escape(doc.title)}</h1>", f"<p>{html.escape(doc.doc_number)}</p>",
            f"<p>{html.escape(doc.issuer)} {html.escape(doc.addressees)}</p>", body,
        ])
        # Title and 文号 again in words of their own, so search.js can rank title matches first.
        + f"<p>{html.escape(searchtext.title_field(doc.title + ' ' + doc.doc_number))}</p>"
        + "</main></body></html>\n"
    )


def pagefind_binary() -> Path | None:
    """Path of the extended Pagefind binary installed from PyPI (pagefind-bin-extended)."""
    spec = importlib.util.find_spec("pagefind_bin_extended")
    if spec is None or not spec.origin:
        return None
    binary = Path(spec.origin).parent / "pagefind_extended"
    return binary if binary.exists() else None


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
        pagefind_bundle.finish(out)
    finally:
        shutil.rmtree(shadow, ignore_errors=True)
