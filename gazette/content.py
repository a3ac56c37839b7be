"""Content files → issues and documents, with every problem in them recorded.

Each document is read, checked and rendered once; its body HTML goes to a scratch file so the
model holds only metadata (memory stays flat however large the archive grows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import docnumber, markdown, relations
from . import frontmatter as fm
from . import source as reader
from .config import Config
from .departments import Matcher, summary
from .model import Document, Issue, Mention, Mentions
from .problems import Problem, Problems

ISSUE_FILE = "issue.md"
_ISSUE_DIR_RE = re.compile(r"^(\d{4})-(\d{2})$")
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

ISSUE_SCHEMA = {
    "year": fm.Field(fm.integer, True, "年份"),
    "number": fm.Field(fm.integer, True, "期"),
    "total_number": fm.Field(fm.integer, True, "总期数"),
    "published": fm.Field(fm.date, True, "出版日期"),
    "period_start": fm.Field(fm.date, False, "收录起始日期"),
    "period_end": fm.Field(fm.date, False, "收录截止日期"),
    "pdf": fm.Field(fm.text, False, "印刷版 PDF"),
}

DOCUMENT_SCHEMA = {
    "title": fm.Field(fm.text, True, "标题"),
    "doc_number": fm.Field(fm.text, True, "文号"),
    "issuer": fm.Field(fm.text, True, "发文机关"),
    "date": fm.Field(fm.date, True, "成文日期"),
    "category": fm.Field(fm.text, True, "类别"),
    "page": fm.Field(fm.integer, False, "印刷版页码"),
    "addressees": fm.Field(fm.text, False, "主送"),
    "departments": fm.Field(fm.text_list, False, "相关部门"),
    "toc_title": fm.Field(fm.text, False, "目录中的标题"),
    "toc_doc_number": fm.Field(fm.text, False, "目录中的文号"),
    "slug": fm.Field(fm.text, False, "网址名"),
    "issue": fm.Field(fm.text, False, "期次"),
    "draft": fm.Field(fm.boolean, False, "草稿"),
    # Relations and validity (gazette/relations.py): override what is recognised in the text.
    "repeals": fm.Field(fm.text_list, False, "废止的文件"),
    "effective": fm.Field(fm.date, False, "施行日期"),
    "valid_until": fm.Field(fm.date, False, "有效期至"),
    # Government metadata block (gazette/metadata.py) and plausibility confirmations.
    "index_number": fm.Field(fm.text, False, "索引号"),
    "topic": fm.Field(fm.text, False, "主题分类"),
    "published": fm.Field(fm.date, False, "发布日期"),
    "date_confirmed": fm.Field(fm.boolean, False, "成文日期已核对"),
    "interprets": fm.Field(fm.text_list, False, "解读的文件"),
    "corrects": fm.Field(fm.text_list, False, "更正的文件"),
}


@dataclass
class Tree:
    """The content folder as found on disk."""

    issue_dirs: list[Path]
    """Issue folders, sorted."""
    document_files: list[Path]
    """Document Markdown files, sorted."""


def relative(config: Config, path: Path) -> str:
    """Path relative to the site root, /-separated, for messages."""
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return path.as_posix()


def discover(config: Config, problems: Problems) -> Tree:
    """Find issue folders and document files under content/; report what looks like content but is not read."""
    issue_dirs, files = [], []
    if not reader.exists(config.content_path):
        problems.error("content", 0, "找不到 content/ 文件夹，请创建它并放入各期内容")
        return Tree([], [])
    for entry in reader.list_dir(config.content_path, config.root, problems) or []:
        rel = relative(config, entry)
        if entry.name.startswith("."):
            continue
        if entry.is_symlink() and (why := reader.inspect(entry, config.root, "文件夹", folder=True)):
            if entry.suffix == reader.MARKDOWN_SUFFIX or _ISSUE_DIR_RE.match(entry.name):
                problems.error(rel, 0, why)
            continue
        if not entry.is_dir():
            if entry.suffix == reader.MARKDOWN_SUFFIX or reader.misnamed(entry):
                problems.error(rel, 0, "不在任何期文件夹中，不会发布；请把它移到所属的期文件夹（例如 content/2022-03/）中")
            continue
        if not _ISSUE_DIR_RE.match(entry.name):
            problems.error(rel, 0, f'期文件夹名 "{entry.name}" 无效，应为 年-期，例如 2022-03')
            continue
        issue_dirs.append(entry)
        for path in reader.list_dir(entry, config.root, problems) or []:
            if why := reader.misnamed(path, (ISSUE_FILE,)):
                problems.error(relative(config, path), 0, why)
            elif path.suffix == reader.MARKDOWN_SUFFIX and path.name != ISSUE_FILE:
                files.append(path)
    return Tree(issue_dirs, files)


def load_issue(config: Config, folder: Path, md, problems: Problems) -> Issue | None:
    """Read one issue folder's issue.md."""
    path = folder / ISSUE_FILE
    rel = relative(config, path)
    if not reader.exists(path):
        problems.error(rel, 0, f"缺少 {ISSUE_FILE}：每期文件夹都要有一个写明年份、期、总期数和出版日期的 {ISSUE_FILE}")
        return None
    text = reader.read_text(path, config.root, problems, rel)
    source = fm.split(text, rel, problems) if text is not None else None
    values = fm.read(source, ISSUE_SCHEMA, rel, problems) if source else None
    if values is None:
        return None
    v = {k: x.value for k, x in values.items() if x.value is not None}
    year, number = (int(x) for x in _ISSUE_DIR_RE.match(folder.name).groups())
    if "year" in v and "number" in v and (v["year"], v["number"]) != (year, number):
        problems.error(rel, values["year"].line, f"year/number（{v['year']} 年第 {v['number']} 期）与文件夹名 {folder.name} 不一致，请改正其中之一")
    if any(k not in v for k, f in ISSUE_SCHEMA.items() if f.required):
        return None
    if v.get("period_start") and v.get("period_end") and v["period_start"] > v["period_end"]:
        problems.error(rel, values["period_start"].line, "收录起始日期晚于截止日期")
    if v.get("pdf") and (why := reader.check_pdf(folder, v["pdf"])):
        problems.error(rel, values["pdf"].line, why)
    notes = md.render(source.body) if source.body.strip() else ""
    return Issue(
        id=folder.name, year=v["year"], number=v["number"], total_number=v["total_number"],
        published=v["published"], src=rel, period_start=v.get("period_start"),
        period_end=v.get("period_end"), pdf=v.get("pdf", ""), notes_html=notes,
    )


def _check_doc_number(value: str, rel: str, line: int, problems: Problems) -> str:
    if docnumber.is_canonical(value):
        return value
    canonical = docnumber.normalise(value)
    if canonical:
        problems.error(rel, line, f'文号 "{value}" 写法不规范，请改为 "{canonical}"')
        return canonical
    problems.error(rel, line, f'文号 "{value}" 无效，应为 机关代字〔年份〕序号号 的形式，例如 五政办发〔2022〕31号；政府令写作 五台县人民政府令第3号')
    return value


def _header_mentions(matcher: Matcher, issuer: str, addressees: str, values: dict) -> dict[str, list[Mention]]:
    """Departments named as issuer or addressee in the front matter."""
    found: dict[str, list[Mention]] = {}
    for role, text, key in (("发文机关", issuer, "issuer"), ("主送", addressees, "addressees")):
        for _, _, dept in matcher.find(text):
            kinds = found.setdefault(dept.id, [])
            if all(m.role != role for m in kinds):
                kinds.append(Mention(role, text, values[key].line))
    return found


def load_document(config: Config, path: Path, md, matcher: Matcher, scratch: Path, problems: Problems) -> Document | None:
    """Read, check and render one document; its body HTML is written under scratch."""
    rel = relative(config, path)
    issue_id = path.parent.name
    text = reader.read_text(path, config.root, problems, rel)
    source = fm.split(text, rel, problems) if text is not None else None
    values = fm.read(source, DOCUMENT_SCHEMA, rel, problems) if source else None
    if values is None:
        return None
    v = {k: x.value for k, x in values.items() if x.value is not None}
    slug = v.get("slug") or path.stem
    if not _SLUG_RE.match(slug):
        line = values["slug"].line if "slug" in values else 0
        problems.error(rel, line, f'网址名 "{slug}" 无效：文件名（或 slug）只能用小写字母、数字和连字符，例如 wzbf-2022-31')
        slug = ""
    if v.get("issue") and v["issue"] != issue_id:
        problems.error(rel, values["issue"].line, f'issue "{v["issue"]}" 与所在文件夹 {issue_id} 不一致，请删除 issue 键或把文件移到正确的期文件夹')
    if "category" in v and config.categories and v["category"] not in config.categories:
        problems.error(rel, values["category"].line, f'类别 "{v["category"]}" 不在 site.toml 的 categories 中（{"、".join(config.categories)}）')
    if "doc_number" in v:
        v["doc_number"] = _check_doc_number(v["doc_number"], rel, values["doc_number"].line, problems)
    extra = v.get("departments") or []
    for name in extra:
        if name not in matcher.by_name:
            problems.error(rel, values["departments"].line, f'部门 "{name}" 不在部门登记表 content/departments.yaml 中，请先登记')
    if not source.body.strip():
        problems.error(rel, source.body_line, "正文为空：请粘贴文件全文")
        return None
    if not slug or any(k not in v for k, f in DOCUMENT_SCHEMA.items() if f.required):
        return None
    body = markdown.render(md, source.body, source.body_line, matcher, "../../")
    for line, severity, message in body.notices:
        problems.add(Problem(rel, line, message, severity))
    for line, name in body.unregistered:
        problems.warning(rel, line, f'"{name}" 像是部门名称，但不在部门登记表中；如是部门请加入 content/departments.yaml')
    mentions = _header_mentions(matcher, v["issuer"], v.get("addressees", ""), values)
    for dept_id, kinds in body.mentions.items():
        mentions.setdefault(dept_id, []).extend(kinds)
    for dept_id in (matcher.by_name[n].id for n in extra if n in matcher.by_name):
        mentions.setdefault(dept_id, []).append(Mention("相关", "", values["departments"].line))
    body_path = scratch / f"{issue_id}--{slug}.html"
    body_path.write_text(body.html, encoding="utf-8")
    return Document(
        slug=slug, issue_id=issue_id, title=v["title"], doc_number=v["doc_number"], issuer=v["issuer"],
        date=v["date"], category=v["category"], src=rel, source_path=path, page=v.get("page"),
        addressees=v.get("addressees", ""), toc_title=v.get("toc_title", ""),
        toc_doc_number=v.get("toc_doc_number", ""), draft=bool(v.get("draft")),
        extra_departments=[matcher.by_name[n].id for n in extra if n in matcher.by_name],
        outline=body.outline, mentions=Mentions({k: summary(ms) for k, ms in mentions.items()}),
        text_length=body.text_length, body_path=body_path,
        facts=relations.scan(body.paragraphs, v), lines={k: x.line for k, x in values.items()},
        index_serial=v.get("index_number", ""), topic=v.get("topic", ""), published=v.get("published"),
        date_confirmed=bool(v.get("date_confirmed")),
    )
