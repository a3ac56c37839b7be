"""sitemap.xml, robots.txt and feed.xml: well-formed, complete, absolute, deterministic."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from gazette import feeds, pipeline

ROOT = Path(__file__).resolve().parent.parent
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT00:00:00\+08:00$")

ISSUES = {
    "2022-02": "year: 2022\nnumber: 2\ntotal_number: 8\npublished: 2022-05-20\n",
    "2022-03": ("year: 2022\nnumber: 3\ntotal_number: 9\npublished: 2022-07-18\n"
                "period_start: 2022-06-13\nperiod_end: 2022-07-18\n"),
}
DOCS = {
    "2022-02/wzf-2022-10.md": ("五台县人民政府关于印发五台县春季植树工作方案的通知", "五政发〔2022〕10号",
                               "五台县人民政府", "2022-04-02", "县政府文件", 3),
    "2022-03/wzf-2022-22.md": ("五台县人民政府关于调整县政府领导分工的通知", "五政发〔2022〕22号",
                               "五台县人民政府", "2022-06-13", "县政府文件", 1),
    "2022-03/wzbf-2022-31.md": ("五台县人民政府办公室关于进一步加强水污染防治工作的通知", "五政办发〔2022〕31号",
                                "五台县人民政府办公室", "2022-06-07", "县政府办文件", 15),
}
BODY = """各乡（镇）人民政府，县直各局、办：

## 一、总体要求

县财政局牵头，县水利局配合。

### （一）目标

全面完成任务。

### （二）措施

落实责任。
"""


def make_site(tmp_path: Path, base_url: str | None = None, feed_size: int | None = None) -> Path:
    """A small site: the real settings, layouts and registry, two issues, three documents."""
    root = tmp_path / "site"
    root.mkdir(parents=True)
    toml = (ROOT / "site.toml").read_text(encoding="utf-8")
    if base_url:
        toml = re.sub(r'(?m)^base_url = .*$', f'base_url = "{base_url}"', toml)
    if feed_size:
        toml = re.sub(r'(?m)^feed_size = .*$', f"feed_size = {feed_size}", toml)
    (root / "site.toml").write_text(toml, encoding="utf-8")
    shutil.copytree(ROOT / "layouts", root / "layouts")
    shutil.copytree(ROOT / "assets", root / "assets")
    (root / "content").mkdir()
    shutil.copy(ROOT / "content" / "departments.yaml", root / "content" / "departments.yaml")
    for issue_id, front in ISSUES.items():
        (root / "content" / issue_id).mkdir()
        (root / "content" / issue_id / "issue.md").write_text(f"---\n{front}---\n", encoding="utf-8")
    for path, (title, number, issuer, date, category, page) in DOCS.items():
        front = (f"title: {title}\ndoc_number: {number}\nissuer: {issuer}\ndate: {date}\n"
                 f"category: {category}\npage: {page}\naddressees: 各乡（镇）人民政府，县直各局、办\n")
        (root / "content" / path).write_text(f"---\n{front}---\n{BODY}", encoding="utf-8")
    return root


def build(root: Path, out: Path):
    result = pipeline.build(root, out, steps=(feeds.write_feeds,))
    assert result.ok, result.problems.errors
    return result


def page_file(out: Path, url: str, base_url: str) -> Path:
    """The built file an absolute directory-form URL is served from."""
    assert url.startswith(base_url), url
    rel = url[len(base_url):]
    assert not rel.endswith("index.html"), f"not in directory form: {url}"
    return out / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def test_sitemap_lists_every_page_once(tmp_path):
    root, out = make_site(tmp_path), tmp_path / "out"
    result = build(root, out)
    base = result.config.base_url
    tree = ET.parse(out / "sitemap.xml").getroot()
    assert tree.tag == f"{SM}urlset"
    locs = [u.findtext(f"{SM}loc") for u in tree.findall(f"{SM}url")]
    assert len(locs) == len(set(locs))
    files = {page_file(out, loc, base) for loc in locs}
    assert all(f.is_file() for f in files)
    pages = {p for p in out.rglob("*.html")} - {out / "404.html"}
    assert files == pages
    assert locs[0] == base


def test_sitemap_lastmod_comes_from_content(tmp_path):
    root, out = make_site(tmp_path), tmp_path / "out"
    build(root, out)
    tree = ET.parse(out / "sitemap.xml").getroot()
    lastmod = {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in tree.findall(f"{SM}url")}
    base = "https://www.wutai.gov.cn/gongbao/"
    assert lastmod[base] == "2022-07-18"
    assert lastmod[base + "2022-02/"] == "2022-05-20"
    assert lastmod[base + "2022-02/wzf-2022-10/"] == "2022-05-20"
    assert lastmod[base + "2022-03/wzbf-2022-31/"] == "2022-07-18"
    assert lastmod[base + "departments/czj/"] == "2022-07-18"


def test_robots_names_the_sitemap(tmp_path):
    root, out = make_site(tmp_path), tmp_path / "out"
    build(root, out)
    text = (out / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in text
    assert "Disallow: /" not in text
    assert "Sitemap: https://www.wutai.gov.cn/gongbao/sitemap.xml\n" in text


def test_feed_is_valid_atom_with_documents_and_issues(tmp_path):
    root, out = make_site(tmp_path), tmp_path / "out"
    result = build(root, out)
    base = result.config.base_url
    feed = ET.parse(out / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert feed.findtext(f"{ATOM}updated") == "2022-07-18T00:00:00+08:00"
    self_link = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link[0].get("href") == base + "feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(DOCS) + len(ISSUES)
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert all(RFC3339.match(u) for u in updated)
    assert updated == sorted(updated, reverse=True)
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        assert link == entry.findtext(f"{ATOM}id")
        assert page_file(out, link, base).is_file()
    doc = next(e for e in entries if e.findtext(f"{ATOM}id") == base + "2022-03/wzbf-2022-31/")
    assert doc.findtext(f"{ATOM}title") == "五台县人民政府办公室关于进一步加强水污染防治工作的通知"
    assert doc.findtext(f"{ATOM}updated") == "2022-06-07T00:00:00+08:00"
    summary = doc.findtext(f"{ATOM}summary")
    for part in ("五政办发〔2022〕31号", "发文机关：五台县人民政府办公室", "成文日期：2022年6月7日"):
        assert part in summary
    issue = next(e for e in entries if e.findtext(f"{ATOM}id") == base + "2022-03/")
    assert "2022年第3期" in issue.findtext(f"{ATOM}title")


def test_feed_size_limits_entries(tmp_path):
    root, out = make_site(tmp_path, feed_size=1), tmp_path / "out"
    build(root, out)
    entries = ET.parse(out / "feed.xml").getroot().findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    # the newest document by 成文日期 and the newest issue
    assert ids == ["https://www.wutai.gov.cn/gongbao/2022-03/", "https://www.wutai.gov.cn/gongbao/2022-03/wzf-2022-22/"]


def test_files_are_byte_identical_across_builds(tmp_path):
    root = make_site(tmp_path)
    build(root, tmp_path / "a")
    build(root, tmp_path / "b")
    for name in ("sitemap.xml", "robots.txt", "feed.xml"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_sub_path_and_host_root_base_urls(tmp_path):
    for n, base in enumerate(("https://example.gov.cn/gongbao/", "https://example.gov.cn/")):
        root, out = make_site(tmp_path / str(n), base_url=base), tmp_path / str(n) / "out"
        build(root, out)
        urls = [u.findtext(f"{SM}loc") for u in ET.parse(out / "sitemap.xml").getroot().findall(f"{SM}url")]
        feed = ET.parse(out / "feed.xml").getroot()
        urls += [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")]
        assert all(u.startswith(base) and "//" not in u[len("https://"):] for u in urls)
        assert all(page_file(out, u, base).is_file() for u in urls)
        assert f"Sitemap: {base}sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8")


def test_relative_base_url_is_warned(tmp_path):
    root, out = make_site(tmp_path, base_url="/"), tmp_path / "out"
    result = pipeline.build(root, out, steps=(feeds.write_feeds,))
    assert result.ok
    assert any("base_url" in w.message for w in result.problems.warnings)
