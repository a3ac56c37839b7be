"""sitemap.xml, robots.txt and the Atom feed.xml, written into the staged site.

Everything here is derived from the content alone (dates come from issue.md and the documents'
front matter, never from the clock), so the same content gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape

from . import render
from .config import Config
from .model import Document, Issue, Site
from .problems import Problems

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
TIMEZONE = "+08:00"
"""China Standard Time: dates are printed as local midnight."""
NOT_IN_SITEMAP = {"404.html"}
"""Pages that exist only to be served for missing URLs."""


def rfc3339(day: dt.date) -> str:
    """2022-06-07 → 2022-06-07T00:00:00+08:00."""
    return f"{day.isoformat()}T00:00:00{TIMEZONE}"


def _newest(dates) -> dt.date | None:
    dates = [d for d in dates if d]
    return max(dates) if dates else None


def page_dates(site: Site) -> dict[str, dt.date | None]:
    """Page URL → the content date it last changed on (the date its newest content was published)."""
    newest = site.latest.published if site.latest else None
    dates: dict[str, dt.date | None] = {
        "index.html": newest, "archive/index.html": newest, "search/index.html": newest,
        "departments/index.html": newest,
    }
    for year, issues in site.years():
        dates[f"archive/{year}/index.html"] = _newest(i.published for i in issues)
    for issue in site.issues:
        dates[issue.url] = issue.published
        for doc in issue.documents:
            dates[doc.url] = issue.published
    published = {issue.id: issue.published for issue in site.issues}
    for dept in site.departments:
        dates[dept.url] = _newest(published[d.issue_id] for d in dept.documents)
    return dates


def _xml(root: ET.Element) -> bytes:
    ET.indent(root, space=" ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


def sitemap(site: Site, config: Config) -> bytes:
    """The sitemap: every page in directory form, with lastmod from content dates.

    Written as text (the bytes ElementTree would write: one line an element, one-space indent):
    it has an entry for every page, ~27,000 at 10,000 documents, and building a tree of them took
    most of the feed step.
    """
    dates = page_dates(site)
    urls = [p.url for p in render.site_pages(site, config)] + [d.url for d in site.documents]
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    for url in sorted(set(urls) - NOT_IN_SITEMAP, key=lambda u: (u != "index.html", u)):
        lines += [" <url>", f"  <loc>{escape(render.config_url(config, url))}</loc>"]
        if dates.get(url):
            lines.append(f"  <lastmod>{dates[url].isoformat()}</lastmod>")
        lines.append(" </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(config: Config) -> str:
    """robots.txt allowing everything and naming the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {config.base_url}sitemap.xml\n"


def _doc_summary(doc: Document, issue: Issue) -> str:
    return (f"文号：{doc.doc_number}\n发文机关：{doc.issuer}\n成文日期：{render.cn_date(doc.date)}\n"
            f"刊登于：{issue.label}（总第{issue.total_number}期）")


def _entry(feed: ET.Element, title: str, url: str, updated: dt.date, summary: str,
           author: str = "", category: str = "") -> None:
    entry = ET.SubElement(feed, "entry")
    ET.SubElement(entry, "title").text = title
    ET.SubElement(entry, "id").text = url
    ET.SubElement(entry, "link", rel="alternate", type="text/html", href=url)
    ET.SubElement(entry, "updated").text = rfc3339(updated)
    if author:
        ET.SubElement(ET.SubElement(entry, "author"), "name").text = author
    if category:
        ET.SubElement(entry, "category", term=category)
    ET.SubElement(entry, "summary", type="text").text = summary


def newest_documents(site: Site, count: int) -> list[Document]:
    """The newest count documents by 成文日期 (ties: newer issue, then doc number, then URL)."""
    return sorted(site.documents, key=lambda d: (d.date, d.issue_id, d.doc_number, d.url), reverse=True)[:count]


def feed(site: Site, config: Config) -> bytes:
    """The Atom feed: the newest documents and the newest issues."""
    docs = newest_documents(site, config.feed_size)
    issues = site.issues[: config.feed_size]
    entries: list[tuple[dt.date, int, str, dict]] = []
    for doc in docs:
        issue = site.issue_by_id[doc.issue_id]
        entries.append((doc.date, 0, doc.url, dict(
            title=doc.title, url=render.config_url(config, doc.url), updated=doc.date,
            summary=f"{doc.title}\n{_doc_summary(doc, issue)}", author=doc.issuer, category=doc.category)))
    for issue in issues:
        lines = [f"{config.title}{issue.label}（总第{issue.total_number}期），共{len(issue.documents)}件文件："]
        lines += [f"{d.title}（{d.doc_number}）" for d in issue.documents]
        entries.append((issue.published, 1, issue.url, dict(
            title=f"{config.title}{issue.label}（总第{issue.total_number}期）", url=render.config_url(config, issue.url),
            updated=issue.published, summary="\n".join(lines), author=config.publisher, category="期刊目录")))
    # Newest first; an issue sorts before documents of the same day; then by URL for determinism.
    entries.sort(key=lambda e: (e[0], e[1], e[2]), reverse=True)
    root = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": config.language})
    ET.SubElement(root, "title").text = config.title
    if config.description:
        ET.SubElement(root, "subtitle").text = config.description
    ET.SubElement(root, "id").text = config.base_url
    ET.SubElement(root, "link", rel="self", type="application/atom+xml", href=f"{config.base_url}feed.xml")
    ET.SubElement(root, "link", rel="alternate", type="text/html", href=config.base_url)
    newest = entries[0][0] if entries else dt.date(1980, 1, 1)
    ET.SubElement(root, "updated").text = rfc3339(newest)
    ET.SubElement(ET.SubElement(root, "author"), "name").text = config.publisher or config.title
    for _, _, _, fields in entries:
        _entry(root, **fields)
    return _xml(root)


def check_settings(config: Config, problems: Problems) -> None:
    """What the feeds need from site.toml: a full base_url."""
    if not config.base_url.startswith(("http://", "https://")):
        problems.warning("site.toml", 0, f'base_url "{config.base_url}" 不是完整网址（应以 https:// 开头），'
                         "站点地图和订阅源中的网址将无法被搜索引擎和阅读器使用")


def write_feeds(site: Site, config: Config, stage: Path, problems: Problems) -> None:
    """Pipeline step: write sitemap.xml, robots.txt and feed.xml into the staged site."""
    check_settings(config, problems)
    (stage / "sitemap.xml").write_bytes(sitemap(site, config))
    (stage / "robots.txt").write_bytes(robots(config).encode("utf-8"))
    (stage / "feed.xml").write_bytes(feed(site, config))


# Read by pipeline.run_steps: these files follow from the model and the settings alone, never from a
# document's body, so after an edit of bodies only they are the last build's, and only the check runs.
write_feeds.outputs = ("sitemap.xml", "robots.txt", "feed.xml")
write_feeds.check = check_settings
