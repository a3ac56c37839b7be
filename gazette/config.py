"""Site settings from site.toml: everything a county changes without touching code."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from . import source as reader
from .problems import Problems

CONFIG_FILE = "site.toml"


@dataclass(frozen=True)
class Config:
    """Settings of one gazette site."""

    root: Path
    """Folder holding site.toml, content/, layouts/ and assets/."""
    title: str
    """Gazette name (刊名), e.g. 五台县人民政府公报."""
    title_latin: str = ""
    """Latin line under the name on the masthead (the pinyin line of the print edition)."""
    publisher: str = ""
    """主办单位."""
    base_url: str = "/"
    """Absolute URL the site is published at, ending in /; used for canonical links, sitemap, feed."""
    language: str = "zh-CN"
    """Value of <html lang>."""
    output: str = "public"
    """Output folder, relative to root unless absolute."""
    categories: tuple[str, ...] = ()
    """Document categories in the order the printed TOC groups them."""
    allow_html: bool = False
    """Whether raw HTML in Markdown bodies is passed through."""
    description: str = ""
    """One sentence describing the site, for search engines and link previews."""
    footer: tuple[str, ...] = ()
    """Footer lines (主办单位, address, contact)."""
    feed_size: int = 30
    """How many newest documents the Atom feed carries."""
    bundle_name: str = "gazette-offline"
    """ASCII name of the USB copy's folder and zip (e.g. wutai-gongbao)."""
    search_shard_size: int = 1000
    """Documents per search shard, about (gazette/search_index.py); smaller answers common words faster."""
    build_date: dt.date | None = None
    """Date documents' status (有效 / 已失效 …) is judged at (resolve_build_date): --build-date, else
    site.toml, else SOURCE_DATE_EPOCH, else the day of the build."""
    build_date_source: str = ""
    """Where build_date came from, for the pages: --build-date, site.toml, SOURCE_DATE_EPOCH or 生成当天."""
    index_code: str = ""
    """Organisation code that starts every 索引号 (统一社会信用代码 of the publisher), e.g. 11140922…."""
    topics: tuple[str, ...] = ()
    """主题分类 vocabulary for front matter ``topic`` (the shipped site.toml has gov.cn's list)."""

    @property
    def content_path(self) -> Path:
        return self.root / "content"

    @property
    def layouts_path(self) -> Path:
        return self.root / "layouts"

    @property
    def assets_path(self) -> Path:
        return self.root / "assets"

    @property
    def output_path(self) -> Path:
        return (self.root / self.output).resolve()


_KEYS = {
    "title": str,
    "title_latin": str,
    "publisher": str,
    "base_url": str,
    "language": str,
    "output": str,
    "categories": list,
    "allow_html": bool,
    "description": str,
    "footer": list,
    "feed_size": int,
    "bundle_name": str,
    "search_shard_size": int,
    "build_date": dt.date,
    "index_code": str,
    "topics": list,
}

def today() -> dt.date:
    """The day of the build, by the machine's clock (tests replace this function to pin the day)."""
    return dt.date.today()


def resolve_build_date(cli: dt.date | None, site_toml: dt.date | None, environ=os.environ) -> tuple[dt.date, str]:
    """The date statuses are judged at, and its source: --build-date > site.toml > SOURCE_DATE_EPOCH > today.

    The only place that decides it. Day granularity: a document that expires at midnight reads
    已失效 from the next day on. SOURCE_DATE_EPOCH (reproducible builds) is taken in UTC.
    """
    if cli is not None:
        return cli, "--build-date"
    if site_toml is not None:
        return site_toml, "site.toml"
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date(), "SOURCE_DATE_EPOCH"
    return today(), "生成当天"


def build_date_from(values: dict, forced: dt.date | None = None) -> tuple[dt.date, str]:
    """The build date for site.toml values and the --build-date option (forced)."""
    toml = values.get("build_date") if isinstance(values.get("build_date"), dt.date) else None
    return resolve_build_date(forced, toml)


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
    return 0


def load(root: Path, problems: Problems, build_date: dt.date | None = None) -> Config:
    """Read root/site.toml; record problems; always return a usable Config.

    build_date is the --build-date option: it wins over site.toml and SOURCE_DATE_EPOCH.
    """
    path = root / CONFIG_FILE
    fallback = Config(root=root, title="政府公报", **dict(zip(("build_date", "build_date_source"),
                                                              build_date_from({}, build_date))))
    if not reader.exists(path):
        problems.error(CONFIG_FILE, 0, f"找不到 {CONFIG_FILE}，请在站点根目录创建它（参见 README）")
        return fallback
    text = reader.read_text(path, root, problems, CONFIG_FILE)
    if text is None:
        return fallback
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        problems.error(CONFIG_FILE, int(m[1]) if m else 0, f"TOML 语法错误：{exc}")
        return fallback
    values: dict = {}
    for key, value in data.items():
        line = _line_of(text, key)
        if key not in _KEYS:
            hint = difflib.get_close_matches(key, list(_KEYS), n=1)
            problems.error(CONFIG_FILE, line, f'未知的设置 "{key}"' + (f"，是否应为 {hint[0]}？" if hint else ""))
            continue
        if not isinstance(value, _KEYS[key]) or (_KEYS[key] is int and isinstance(value, bool)) \
                or (_KEYS[key] is dt.date and isinstance(value, dt.datetime)):
            problems.error(CONFIG_FILE, line, f'设置 "{key}" 的类型不对，应为 {_KEYS[key].__name__}')
            continue
        values[key] = tuple(str(v) for v in value) if isinstance(value, list) else value
    if "title" not in values:
        problems.error(CONFIG_FILE, 0, '缺少设置 "title"（刊名）')
        values["title"] = fallback.title
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", values.get("bundle_name", "gazette-offline")):
        problems.error(CONFIG_FILE, _line_of(text, "bundle_name"), '设置 "bundle_name" 只能用小写字母、数字和连字符（用作 U 盘文件夹名）')
        values.pop("bundle_name")
    if values.get("search_shard_size", 1) < 1:
        problems.error(CONFIG_FILE, _line_of(text, "search_shard_size"), '设置 "search_shard_size" 应为正整数（每个搜索分片的文件数，默认 1000）')
        values.pop("search_shard_size")
    base = values.get("base_url", "/")
    if not base.endswith("/"):
        values["base_url"] = base + "/"
    if not values.get("categories"):
        problems.error(CONFIG_FILE, _line_of(text, "categories"), '设置 "categories"（类别顺序）不能为空')
    if "topics" in values and (not values["topics"] or len(set(values["topics"])) != len(values["topics"])):
        problems.error(CONFIG_FILE, _line_of(text, "topics"), '设置 "topics"（主题分类）不能为空，也不能有重复项')
        values.pop("topics")
    if not re.fullmatch(r"[0-9A-Za-z-]*", values.get("index_code", "")):
        problems.error(CONFIG_FILE, _line_of(text, "index_code"), '设置 "index_code"（索引号前缀）只能用字母、数字和连字符，例如统一社会信用代码')
        values.pop("index_code")
    values["build_date"], values["build_date_source"] = build_date_from(values, build_date)
    return Config(root=root, **values)
