"""Check a built site: broken links and anchors, titles, duplicate ids, and what an offline copy fetches.

Each HTML file is parsed once; ids are cached per file, so fragments are checked without parsing
a page twice. Offline mode (the USB copy opened through file://) also requires every link to name a
file (file:// has no directory index) and nothing to be requested from outside the folder.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .problems import Problem, Problems

# Attributes that hold URLs, per tag; and whether following them makes the browser fetch something.
URL_ATTRS = {
    "a": ("href",), "area": ("href",), "link": ("href",), "form": ("action",),
    "script": ("src",), "img": ("src",), "iframe": ("src",), "embed": ("src",), "source": ("src",),
    "audio": ("src",), "video": ("src", "poster"), "track": ("src",), "object": ("data",),
}
NAVIGATION = {"a", "area", "form"}
"""Tags whose URL is only followed when the reader clicks."""
NON_FETCHING_RELS = {"canonical", "alternate", "author", "license", "help", "prev", "next", "bookmark", "me"}
"""<link rel> values that name a page without loading it."""
SERVER_ONLY = {"404.html"}
"""Pages only ever shown by a web server; they may link from the server's root path."""
IGNORED_SCHEMES = {"mailto", "tel", "javascript", "data", "blob", "about"}
_CSS_URL = re.compile(r"""@import\s+["']([^"']+)["']|url\(\s*["']?([^"')]+?)["']?\s*\)""")


@dataclass
class Link:
    """One URL found in a page."""

    url: str
    line: int
    tag: str
    fetches: bool
    """The browser requests it by itself (stylesheet, script, image …)."""
    exempt: bool = False
    """Names the page's online address (canonical, alternate) and is never fetched offline."""


@dataclass
class Page:
    """What the checker needs from one parsed file."""

    ids: dict[str, int] = field(default_factory=dict)
    """id (and a[name]) → first line."""
    duplicates: list[tuple[str, int]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    title: str | None = None
    """Text of <title>, None when there is no <title> element."""


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {k: v or "" for k, v in attrs}
        for key in ("id",) + (("name",) if tag == "a" else ()):
            if key in values and values[key]:
                if values[key] in self.page.ids and key == "id":
                    self.page.duplicates.append((values[key], line))
                self.page.ids.setdefault(values[key], line)
        if tag == "title" and self.page.title is None:
            self._in_title = True
            self.page.title = ""
        rels = set(values.get("rel", "").lower().split())
        for attr in URL_ATTRS.get(tag, ()):
            if attr in values:
                fetches = tag not in NAVIGATION and not (tag == "link" and rels and rels <= NON_FETCHING_RELS)
                exempt = tag == "link" and bool(rels & {"canonical", "alternate"})
                self.page.links.append(Link(values[attr].strip(), line, tag, fetches, exempt))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page.title = (self.page.title or "") + data


def parse_html(text: str) -> Page:
    """Ids, links and title of one HTML document."""
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return parser.page


def parse_css(text: str) -> Page:
    """The url(…) and @import references of a stylesheet, as fetching links."""
    page = Page()
    for m in _CSS_URL.finditer(text):
        url = m.group(1) or m.group(2)
        page.links.append(Link(url.strip(), text.count("\n", 0, m.start()) + 1, "css", True))
    return page


def _base_path(folder: Path) -> str:
    """URL path the site is published under, read from the home page's canonical link ('/' if unknown)."""
    try:
        text = (folder / "index.html").read_text(encoding="utf-8")
    except OSError:
        return "/"
    m = re.search(r"""<link[^>]*rel=["']canonical["'][^>]*href=["']([^"']+)["']""", text)
    path = urlsplit(m[1]).path if m else "/"
    return path if path.endswith("/") else path + "/"


class Checker:
    """Checks every page of one output folder."""

    def __init__(self, folder: Path, offline: bool = False, base_path: str | None = None):
        self.folder, self.offline = folder, offline
        self.base_path = base_path or _base_path(folder)
        self.pages: dict[str, Page] = {}
        self.problems = Problems()
        self._kinds: dict[str, str] = {}

    def run(self) -> list[Problem]:
        """Parse every file once, then check each; problems sorted by file and line."""
        files = sorted(p for p in self.folder.rglob("*") if p.suffix in (".html", ".htm", ".css") and p.is_file())
        for path in files:
            rel = path.relative_to(self.folder).as_posix()
            text = path.read_text(encoding="utf-8", errors="replace")
            self.pages[rel] = parse_css(text) if path.suffix == ".css" else parse_html(text)
        for rel, page in self.pages.items():
            self.check_page(rel, page)
        return self.problems.sorted()

    def check_page(self, rel: str, page: Page) -> None:
        """Title, duplicate ids and every link of one page."""
        if not rel.endswith(".css"):
            if page.title is None:
                self.problems.error(rel, 0, "页面缺少 <title>")
            elif not page.title.strip():
                self.problems.error(rel, 0, "页面的 <title> 为空")
        for ident, line in page.duplicates:
            self.problems.error(rel, line, f'id "{ident}" 在本页重复出现（首次在第 {page.ids[ident]} 行）')
        for link in page.links:
            self.check_link(rel, link)

    def kind(self, target: str) -> str:
        """'file', 'dir' or '' for a path relative to the folder; cached."""
        if target not in self._kinds:
            full = self.folder / target
            self._kinds[target] = "file" if full.is_file() else "dir" if full.is_dir() else ""
        return self._kinds[target]

    def check_link(self, rel: str, link: Link) -> None:
        """One URL: external, inside the folder, its file and its fragment."""
        url = link.url
        try:
            parts = urlsplit(url)
        except ValueError:
            self.problems.error(rel, link.line, f'链接 "{url}" 格式无效')
            return
        if parts.scheme.lower() in IGNORED_SCHEMES:
            return
        if parts.scheme or url.startswith("//"):
            if self.offline and not link.exempt:
                if link.fetches:
                    self.problems.error(rel, link.line, f'离线版本不能从网络加载资源 "{url}"，请把它放进网站文件夹并用相对路径引用')
                else:
                    self.problems.warning(rel, link.line, f'链接 "{url}" 指向外部网站，离线时无法打开')
            return
        path = unquote(parts.path)
        if path.startswith("/"):
            if self.offline and rel in SERVER_ONLY:
                return
            if self.offline:
                self.problems.error(rel, link.line, f'链接 "{url}" 以 / 开头，离线（file://）浏览时无法打开，请用相对路径')
                return
            if not path.startswith(self.base_path):
                self.problems.error(rel, link.line, f'链接 "{url}" 不在网站发布路径 {self.base_path} 之下')
                return
            target = path[len(self.base_path):] or "."
        elif not path:
            target = rel  # "#anchor", "?q=…" or "": the page itself
        else:
            target = posixpath.join(posixpath.dirname(rel), path)
        target = posixpath.normpath(target)
        if target == ".." or target.startswith("../"):
            self.problems.error(rel, link.line, f'链接 "{url}" 指向网站文件夹之外')
            return
        kind = self.kind(target)
        if path and (path.endswith("/") or posixpath.basename(path) in (".", "..") or kind == "dir"):
            if self.offline:
                suggest = path + ("" if path.endswith("/") else "/") + "index.html"
                self.problems.error(rel, link.line, f'链接 "{url}" 没有写出文件名，离线（file://）浏览时无法打开，应写成 "{suggest}"')
                return
            target = posixpath.normpath(posixpath.join(target, "index.html"))
            kind = self.kind(target)
        if kind != "file":
            self.problems.error(rel, link.line, f'链接 "{url}" 指向的文件不存在')
            return
        fragment = unquote(parts.fragment)
        if fragment and fragment != "top" and link.tag != "css" and target.endswith((".html", ".htm")):
            page = self.pages.get(target)
            if page is not None and fragment not in page.ids:
                where = "本页" if target == rel else target
                self.problems.error(rel, link.line, f'链接 "{url}" 指向的锚点 #{fragment} 在{where}中不存在')


def check_output(folder: Path, offline: bool = False, base_path: str | None = None) -> list[Problem]:
    """Every problem in the built site under folder; paths relative to folder, lines in the file.

    base_path is the URL path the site is served under (for links starting with /); by default it
    is read from the canonical link of folder/index.html.
    """
    return Checker(Path(folder), offline, base_path).run()


def _check_stage(config, stage: Path, problems: Problems, offline: bool) -> None:
    """Check the staged site; paths are reported under the output folder's name (public/…)."""
    prefix = Path(config.output).name
    for p in check_output(stage, offline, urlsplit(config.base_url).path or "/"):
        problems.add(Problem(f"{prefix}/{p.path}", p.line, p.message, p.severity))


def check_step(site, config, stage: Path, problems: Problems) -> None:
    """Pipeline step (last): check the staged site as served from base_url; errors stop the publish."""
    _check_stage(config, stage, problems, offline=False)


def offline_check_step(site, config, stage: Path, problems: Problems) -> None:
    """Pipeline step (last): check the staged site as opened from a USB stick through file://."""
    _check_stage(config, stage, problems, offline=True)


def check_json(problems) -> str:
    """Problems (a list or a Problems collector) as JSON for `check --json`."""
    items = problems.sorted() if isinstance(problems, Problems) else sorted(problems)
    return json.dumps({
        "ok": not any(p.severity == "error" for p in items),
        "errors": sum(p.severity == "error" for p in items),
        "warnings": sum(p.severity == "warning" for p in items),
        "problems": [p.as_dict() for p in items],
    }, ensure_ascii=False, indent=1) + "\n"
