"""The government metadata block of a document page (gov.cn's order) and what search learns from it.

索引号 is the site's organisation code (site.toml ``index_code``) and a year-serial the editor writes
once into front matter (``index_number: 2022-00031``): it never depends on the order of documents,
so adding or reordering documents never changes it, and the build checks it is unique. 主题分类 comes
from front matter ``topic``, checked against site.toml ``topics``. 发布日期 is the issue's publication
date unless front matter ``published`` overrides it.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from .config import Config
from .model import Document, Site
from .problems import Problems

INDEX_SERIAL_RE = re.compile(r"^(?P<year>\d{4})-(?P<serial>\d{5})$")
FIELDS = ("索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期", "有效性")
"""The metadata block's fields in the order of gov.cn's 政策文件库 (layouts/document.html follows it)."""
UNFILED = "未分类"
"""What the 主题分类 cell and filter say for a document without ``topic``."""

# Words in a title or text that point to a 主题分类 of gov.cn's list, strongest evidence first.
_TOPIC_WORDS = {
    "城乡建设、环境保护": ("水污染", "污染", "环境", "生态", "自建房", "房屋", "住房", "城乡建设", "人居"),
    "财政、金融、审计": ("财政", "账款", "资金", "金融", "审计", "预算", "税"),
    "市场监管、安全生产监管": ("个体工商户", "市场主体", "市场监管", "安全生产", "消防", "火灾", "食品"),
    "工业、交通": ("货物运输", "运输", "交通", "工业", "企业", "停电", "电力"),
    "商贸、海关、旅游": ("服务业", "商贸", "旅游", "消费", "餐饮"),
    "农业、林业、水利": ("农业", "林业", "水利", "粮食", "农村"),
    "科技、教育": ("教育", "学校", "科技"),
    "卫生、体育": ("卫生", "医疗", "疫情", "体育"),
    "劳动、人事、监察": ("就业", "人事", "工资", "社保"),
    "公安、安全、司法": ("公安", "司法", "治安"),
    "民政、扶贫、救灾": ("民政", "救灾", "扶贫", "养老"),
    "综合政务": ("政务", "分工", "督查", "决策", "执法", "信息化", "应急预案", "工作方案"),
}


def guess_topic(title: str, text: str = "", vocabulary: tuple[str, ...] = ()) -> str:
    """A 主题分类 suggested by the words of a title (and text): for the importer, reported as a guess.

    Title words count ten times as much as words of the text; "" when nothing points anywhere.
    """
    # 人民政府 holds 民政; the issuer's and addressees' names say nothing about the subject.
    title, text = title.replace("人民政府", ""), text.replace("人民政府", "")
    scores: dict[str, int] = {}
    for topic, words in _TOPIC_WORDS.items():
        if vocabulary and topic not in vocabulary:
            continue
        score = sum(10 * title.count(w) + text.count(w) for w in words)
        if score:
            scores[topic] = score
    return max(scores, key=lambda t: (scores[t], -list(_TOPIC_WORDS).index(t))) if scores else ""


def next_serials(content: Path, year: int, count: int) -> list[str]:
    """The next `count` free index serials of a year (2022-00015 …), after every one used under content/."""
    used = 0
    for path in sorted(content.glob("*/*.md")):
        m = _INDEX_LINE.search(path.read_text(encoding="utf-8"))
        if m and m[1].startswith(f"{year}-"):
            used = max(used, int(m[1][5:]))
    return [f"{year}-{used + k:05d}" for k in range(1, count + 1)]


_INDEX_LINE = re.compile(r"^index_number:\s*['\"]?(\d{4}-\d{5})", re.M)


def add_index_numbers(files: dict[str, str], content: Path) -> dict[str, str]:
    """Imported document files with index_number written into their front matter, once.

    A file that already exists under content/ keeps its number (re-importing never renumbers);
    new ones take the next free serials of their issue's year, in the order given (TOC order).
    """
    out = dict(files)
    new = []
    for rel, text in files.items():
        if not rel.endswith(".md") or rel.endswith("/issue.md") or _INDEX_LINE.search(text):
            continue
        old = content / rel
        m = _INDEX_LINE.search(old.read_text(encoding="utf-8")) if old.is_file() else None
        if m:
            out[rel] = _with_index(text, m[1])
        else:
            new.append(rel)
    by_year: dict[int, list[str]] = {}
    for rel in new:
        by_year.setdefault(int(rel[:4]), []).append(rel)
    for year, rels in by_year.items():
        for rel, serial in zip(rels, next_serials(content, year, len(rels))):
            out[rel] = _with_index(files[rel], serial)
    return out


def _with_index(text: str, serial: str) -> str:
    """Front matter text with index_number added as its last key."""
    head, sep, rest = text[4:].partition("\n---\n")
    return f"---\n{head}\nindex_number: {serial}{sep}{rest}" if sep else text


def _check_topic(doc: Document, config: Config, problems: Problems, adopted: bool) -> None:
    if not doc.topic:
        if not adopted:
            return
        guess = guess_topic(doc.title, vocabulary=config.topics)
        hint = f"，建议 topic: {guess}（按标题推测，请核对）" if guess else ""
        problems.info(doc.src, 0, f"没有主题分类（topic），页面显示“{UNFILED}”{hint}")
    elif not config.topics:
        problems.error(doc.src, doc.lines.get("topic", 0), "site.toml 没有设置主题分类 topics，请先在其中列出可用的主题分类")
    elif doc.topic not in config.topics:
        near = difflib.get_close_matches(doc.topic, config.topics, n=1, cutoff=0.3)
        hint = f"是否应为“{near[0]}”？" if near else f"可选：{'、'.join(config.topics)}"
        problems.error(doc.src, doc.lines.get("topic", 0), f'主题分类 "{doc.topic}" 不在 site.toml 的 topics 中；{hint}')


def assign(site: Site, config: Config, problems: Problems) -> None:
    """Fill in each document's 发布日期 and 索引号; check topics and that index numbers are well-formed and unique."""
    # A site that uses topics / index numbers at all is told about each document without one.
    topics_adopted = any(d.topic for d in site.documents)
    owners: dict[str, list[Document]] = {}
    for doc in site.documents:
        doc.published = doc.published or site.issue_by_id[doc.issue_id].published
        _check_topic(doc, config, problems, topics_adopted)
        if not doc.index_serial:
            doc.index_number = ""
            continue
        m = INDEX_SERIAL_RE.match(doc.index_serial)
        if not m or int(m["serial"]) == 0:
            problems.error(doc.src, doc.lines.get("index_number", 0),
                           f'索引号 "{doc.index_serial}" 无效，应为 年份-五位序号，例如 2022-00031（机关代码由 site.toml 的 index_code 给出）')
            continue
        doc.index_number = f"{config.index_code}/{doc.index_serial}" if config.index_code else doc.index_serial
        owners.setdefault(doc.index_serial, []).append(doc)
    for serial, docs in owners.items():
        if len(docs) > 1:
            files = "、".join(d.src for d in docs)
            for doc in docs:
                problems.error(doc.src, doc.lines.get("index_number", 0),
                               f"索引号 {serial} 重复，出现在 {files}；索引号一经发布不再改动，请给后加的文件换一个本年未用的序号")
    if owners:
        _suggest_missing(site, owners, problems)


def _suggest_missing(site: Site, owners: dict[str, list[Document]], problems: Problems) -> None:
    """For documents without 索引号: the next free serials of their year, in TOC order (written once by the editor)."""
    used: dict[int, int] = {}
    for serial in owners:
        year, number = (int(x) for x in serial.split("-"))
        used[year] = max(used.get(year, 0), number)
    for doc in [d for issue in reversed(site.issues) for d in issue.documents]:  # oldest issue first, TOC order
        if doc.index_serial:
            continue
        year = (doc.published or doc.date).year
        used[year] = used.get(year, 0) + 1
        problems.info(doc.src, 0, f"没有索引号（index_number），页面显示“未编号”；建议写入 index_number: {year}-{used[year]:05d}"
                      "（本年尚未使用的下一个序号，写入后不再改动）")


def search_filters(doc: Document) -> list[tuple[str, str]]:
    """Search filter values from the metadata block: 主题分类, and 效力 as its timeline.

    The 效力 values are the document's status changes ("@试行", "2024-07-14@已失效"); the search page
    turns them into the status on the reader's own day (assets/validity.js), never the build's.
    """
    timeline = doc.validity.timeline if doc.validity else []
    return [("主题分类", doc.topic or UNFILED), *(("效力", change.code) for change in timeline)]


def search_meta(doc: Document) -> list[tuple[str, str]]:
    """Metadata a search result shows: 索引号, and the validity timeline its status badge is judged from."""
    return [("index_number", doc.index_number),
            ("validity", doc.validity.timeline_code if doc.validity else "")]


def search_text(doc: Document) -> str:
    """Words a search should find the document by besides its text: the 索引号 and its parts."""
    return f"{doc.index_number} {doc.index_serial}".strip()

