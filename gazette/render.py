"""Render the model through the Jinja layouts into page files.

Layouts read the model; they compute nothing that the model could hold. Every page gets ``root``,
the relative path back to the site root, so the same folder works under any URL prefix and
from file://.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from . import deps, listing, relations, validity, yearindex
from .config import Config
from .model import Department, Document, Issue, Site


def cn_date(value: dt.date | None) -> str:
    """2022-06-13 → 2022年6月13日."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def canonical(url: str) -> str:
    """Directory form of a page URL, as published: 2022-03/x/index.html → 2022-03/x/."""
    return url[: -len("index.html")] if url.endswith("index.html") else url


def root_of(url: str) -> str:
    """Relative prefix from the page at url back to the site root ('' or '../…')."""
    depth = url.count("/")
    return "../" * depth


class Environment(jinja2.Environment):
    """Jinja's environment, noting every layout a page loads (extends, include and import included)."""

    loaded: set[str]

    def get_template(self, name, *args, **kwargs):
        if isinstance(name, str):
            self.loaded.add(name)
        return super().get_template(name, *args, **kwargs)

    # Every attribute a template reads on a model object is noted for deps (obj.attr and obj["attr"]).
    def getattr(self, obj, attribute):
        # deps.note inlined: this runs for every attribute of every page.
        if deps._recording is not None and type(obj) in deps.MODEL_TYPES:
            deps._recording.add((id(obj), attribute))
        try:
            return getattr(obj, attribute)
        except AttributeError:
            return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        if isinstance(argument, str):
            deps.note(obj, argument)
        return super().getitem(obj, argument)


def environment(config: Config) -> Environment:
    """The Jinja environment over layouts/, strict about undefined names."""
    env = Environment(
        loader=jinja2.FileSystemLoader(str(config.layouts_path)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.loaded = set()
    env.filters["cn_date"] = cn_date
    env.filters["canonical"] = canonical
    env.globals["status_class"] = validity.STATUS_CLASS
    env.globals["no_longer_in_force"] = validity.NO_LONGER_IN_FORCE
    return env


@dataclass
class Page:
    """One output file: its URL, its layout and what the layout reads."""

    url: str
    """Path of the file relative to the site root."""
    layout: str
    """Template name in layouts/."""
    title: str
    """Page title, without the site name."""
    context: dict = field(default_factory=dict)
    """Objects the layout reads (issue, document, department …)."""
    description: str = ""
    """Meta description."""
    produce: Callable[..., str] | None = None
    """For files that are not layouts (data JSON): a module-level function (site, config, **context) → text."""

    def describe(self) -> bytes:
        """Digest of what the page is, apart from what it reads while rendering."""
        produce = f"{self.produce.__module__}.{self.produce.__qualname__}" if self.produce else ""
        return deps.digest((self.url, self.layout, self.title, self.description, produce,
                            deps.freeze(self.context)))


def site_pages(site: Site, config: Config) -> list[Page]:
    """Every page except document pages (those are rendered one by one, see document_page)."""
    pages = [
        Page("index.html", "home.html", "", {"issue": site.latest}, config.description),
        Page("archive/index.html", "archive.html", "往期目录", {}, f"{config.title}历年各期目录"),
        Page("departments/index.html", "departments.html", "部门索引", {}, f"{config.title}按部门索引的文件"),
        Page("search/index.html", "search.html", "搜索", {}, f"搜索{config.title}"),
        Page("404.html", "404.html", "页面不存在", {}, ""),
    ]
    for year, issues in site.years():
        docs = sorted((d for i in issues for d in i.documents), key=lambda d: (d.date, d.doc_number), reverse=True)
        pages.append(Page(f"archive/{year}/index.html", "year.html", f"{year}年文件", {"year": year, "issues": issues, "documents": docs}, f"{config.title}{year}年刊登的全部文件"))
    for index in yearindex.year_indexes(site, config.categories):
        pages.append(Page(index.url, "year-index.html", f"{index.year}年总目录", {"index": index},
                          f"{config.title}{index.year}年总目录：全年{index.count}件文件按类别和文号排列"))
    for issue in site.issues:
        pages.append(issue_page(issue, config))
    sent_by_year: dict[int, dict[int, list[Document]]] = {}  # shared by the members of each collective
    for dept in site.departments:
        pages += department_pages(dept, config, sent_by_year)
    return pages


def issue_page(issue: Issue, config: Config) -> Page:
    """The TOC page of one issue."""
    return Page(issue.url, "issue.html", f"{issue.label}（总第{issue.total_number}期）", {"issue": issue},
                f"{config.title}{issue.label}（总第{issue.total_number}期）目录，共{len(issue.documents)}件文件")


def department_pages(dept: Department, config: Config,
                     sent_by_year: dict[int, dict[int, list[Document]]] | None = None) -> list[Page]:
    """The pages listing the documents that name one department: the newest year first, one page a year.

    Split by year (of 成文日期) so a new issue touches few pages and no page grows with the archive;
    every page carries the year index. sent_by_year: each collective's documents by year, as grouped
    for an earlier member (the twenty townships share one collective's thousands of documents).
    """
    by_year: dict[int, list[Document]] = {}
    for doc in dept.documents:
        by_year.setdefault(doc.date.year, []).append(doc)
    # Documents sent to a collective the department belongs to (各乡（镇）人民政府 …), by year too.
    sent_by_year = {} if sent_by_year is None else sent_by_year
    for c in dept.collectives:
        if id(c) not in sent_by_year:
            grouped = sent_by_year[id(c)] = {}
            for d in c.sent:
                grouped.setdefault(d.date.year, []).append(d)
    sent_years = {y for c in dept.collectives for y in sent_by_year[id(c)]}
    years = sorted(set(by_year) | sent_years, reverse=True)
    urls = {y: dept.url if n == 0 else f"departments/{dept.id}/{y}/index.html" for n, y in enumerate(years)}
    # Counts only on the first page: an older year's page then changes only with its own year.
    counted = [(y, len(by_year.get(y, [])), urls[y]) for y in years]
    plain = [(y, None, urls[y]) for y in years]
    total = len(dept.documents)
    pages = []
    for n, year in enumerate(years or [None]):
        title = dept.name if n == 0 else f"{dept.name}（{year}年）"
        sent = [(c, sent_by_year[id(c)].get(year, [])) for c in dept.collectives]
        context = {"department": dept, "year": year, "documents": by_year.get(year, []),
                   "years": plain if n else counted, "total": None if n else total,
                   "sent": [(c, docs, None if n else len(c.sent)) for c, docs in sent if docs]}
        pages.append(Page(urls.get(year, dept.url), "department.html", title, context,
                          f"{config.title}中涉及{dept.name}的{year}年文件，共{len(by_year.get(year, []))}件" if n else
                          f"{config.title}中涉及{dept.name}的文件，共{total}件"))
    return pages


def document_page(doc: Document, config: Config) -> Page:
    """The page of one document."""
    return Page(doc.url, "document.html", doc.title, {"document": doc},
                f"{doc.doc_number} {doc.issuer} {cn_date(doc.date)}：{doc.title}")


class Renderer:
    """Writes pages into an output folder."""

    def __init__(self, site: Site, config: Config, out: Path, preview: bool = False, extra: dict | None = None,
                 env: Environment | None = None):
        self.site, self.config, self.out = site, config, out
        self.env = env or environment(config)
        lists = listing.Lists(site)
        self.common = {"site": site, "config": config, "preview": preview, "mention_list": lists.mention_list,
                       "department_links": lists.department_links, **(extra or {})}

    def html(self, page: Page, **more) -> str:
        """Render one page to a string."""
        template = self.env.get_template(page.layout)
        # The 404 page is served at whatever path was asked for, so it links from the site's own path.
        root = urlsplit(self.config.base_url).path if page.url == "404.html" else root_of(page.url)
        return template.render(
            self.common, page=page, root=root, canonical_url=config_url(self.config, page.url),
            **page.context, **more,
        )

    def text(self, page: Page) -> str:
        """The file's text: the layout rendered, or the page's own producer's output."""
        if page.produce is not None:
            with deps.observing():
                return page.produce(self.site, self.config, **page.context)
        more = {}
        if "document" in page.context:
            doc: Document = page.context["document"]
            with deps.observing():
                body = doc.body_path.read_text(encoding="utf-8") if doc.body_path else ""
                more["body"] = relations.link_body(doc, body)
        return self.html(page, **more)

    def write(self, page: Page, index: deps.Index | None = None) -> frozenset[str]:
        """Render one page into a new file (never into an existing one); return the input keys it read."""
        self.env.loaded = set()
        deps.start()
        text = self.text(page)
        keys = frozenset(index.keys(deps.reads()) | {f"l:{n}" for n in self.env.loaded}) if index else frozenset()
        write_new(f"{self.out}/{page.url}", text.encode("utf-8"))
        return keys


def write_new(path: str, data: bytes) -> None:
    """Write a file that replaces whatever is at path, never writing into it (it may be a hard link to
    the published copy): created in place when nothing is there (a cold build: one system call
    instead of a write and a rename), else written beside it and renamed over it."""
    for attempt in (1, 2):
        try:
            with open(path, "xb") as f:
                f.write(data)
            return
        except FileNotFoundError:
            if attempt == 2:
                raise
            os.makedirs(os.path.dirname(path), exist_ok=True)
        except FileExistsError:
            break
    folder, name = os.path.split(path)
    temporary = f"{folder}/.{name}.tmp"
    with open(temporary, "wb") as f:
        f.write(data)
    os.replace(temporary, path)


def config_url(config: Config, url: str) -> str:
    """Absolute published URL of a page."""
    return posixpath.join(config.base_url, canonical(url)) if url != "index.html" else config.base_url
