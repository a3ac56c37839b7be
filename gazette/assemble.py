"""Build the model from loaded content: order, link and cross-check issues, documents, departments.

Every relation the layouts show is computed here, once.
"""

from __future__ import annotations

import datetime as dt

from . import metadata, relations
from .config import Config
from .model import Department, Document, Issue, Lookup, Site
from .problems import Problems

# A document printed more than this long after it was written is unusual (a reprint of older
# documents is not wrong, gov.cn does it): a warning the editor confirms with date_confirmed: true.
MAX_AGE = dt.timedelta(days=366)
GROUP_ORDER = ("县委县政府", "县直部门", "乡（镇）", "驻县单位", "其他单位", "统称")


def _toc_key(categories: tuple[str, ...]):
    rank = {c: i for i, c in enumerate(categories)}

    def key(doc: Document):
        return (rank.get(doc.category, len(rank)), doc.page or 10**6, doc.date, doc.doc_number, doc.slug)

    return key


def _check_unique(documents: list[Document], problems: Problems) -> None:
    """Doc numbers and URLs must each belong to one file."""
    for attr, key, what, fix in (
        ("doc_number", "doc_number", "文号", "请核对文号，同一文号只能有一个文件"),
        ("url", "slug", "网址", "请修改其中一个文件的文件名或 slug"),
    ):
        owners: dict[str, list[Document]] = {}
        for doc in documents:
            owners.setdefault(getattr(doc, attr), []).append(doc)
        for value, docs in owners.items():
            if len(docs) > 1:
                files = "、".join(d.src for d in docs)
                for doc in docs:
                    problems.error(doc.src, doc.lines.get(key, 0), f'{what} "{value}" 重复，出现在 {files}；{fix}')


def _check_dates(issue: Issue, problems: Problems) -> None:
    """成文日期 after the issue is surely wrong (error); long before it is only unusual (warning)."""
    for doc in issue.documents:
        if doc.date > issue.published:
            problems.error(doc.src, doc.lines.get("date", 0), f"成文日期 {doc.date} 晚于本期出版日期 {issue.published}，请核对日期或期次")
        elif issue.published - doc.date > MAX_AGE and not doc.date_confirmed:
            problems.warning(doc.src, doc.lines.get("date", 0),
                             f"成文日期 {doc.date} 比本期出版日期 {issue.published} 早一年以上，请核对日期或期次；"
                             "如确为早年文件（补登、转载），请在 front matter 中加 date_confirmed: true")


def _check_totals(issues: list[Issue], problems: Problems) -> None:
    """总期数 are unique (error) and grow with year and number (warning: a misprint or a wrong folder)."""
    totals: dict[int, Issue] = {}
    ordered = sorted(issues, key=lambda i: (i.year, i.number))
    for issue in ordered:
        if issue.total_number in totals:
            problems.error(issue.src, 0, f"总期数 {issue.total_number} 与 {totals[issue.total_number].src} 重复")
        totals[issue.total_number] = issue
    for before, after in zip(ordered, ordered[1:]):
        if after.total_number <= before.total_number:
            problems.warning(after.src, 0, f"总期数 {after.total_number}（{after.label}）不大于前一期 {before.src} 的总期数 "
                             f"{before.total_number}（{before.label}）；总期数应随年份和期次递增，请核对 total_number 或期文件夹名")


def _link_collectives(departments: list[Department]) -> None:
    """Who belongs to which collective, and each collective's documents sent to it: those naming it
    as 主送 or 抄送 (not in passing). Derived afresh on every build, like documents and leaders."""
    by_id = {d.id: d for d in departments}
    for dept in departments:
        dept.collectives = []
    for dept in departments:
        if dept.is_collective:
            dept.sent = [d for d in dept.documents
                         if any(r in ("主送", "抄送") for r in d.mentions.get(dept.id, ((), ""))[0])]
            for member in dept.members:
                if member in by_id:
                    by_id[member].collectives.append(dept)


def fresh(doc: Document) -> Document:
    """A copy to assemble: loaded values shared (nothing mutates them), empty lists and dicts new, derived reset."""
    copy = object.__new__(Document)
    copy.__dict__.update((k, type(v)() if type(v) in (list, dict) and not v else v) for k, v in doc.__dict__.items())
    copy.__dict__.update(citations=[], cited_by=[], repeals=[], repealed_by=None, validity=None, prev=None, next=None)
    return copy


def assemble(config: Config, issues: list[Issue], documents: list[Document], departments: list[Department],
             problems: Problems, drafts: bool = False) -> Site:
    """Put the pieces together into the Site the layouts read."""
    by_id = {issue.id: issue for issue in issues}
    published = [d for d in documents if d.issue_id in by_id and (drafts or not d.draft)]
    _check_unique(published, problems)
    _check_totals(issues, problems)
    key = _toc_key(config.categories)
    for doc in sorted(published, key=key):
        by_id[doc.issue_id].documents.append(doc)
    for issue in issues:
        _check_dates(issue, problems)
        for before, after in zip(issue.documents, issue.documents[1:]):
            before.next, after.prev = after, before
    ordered_issues = sorted(issues, key=lambda i: (i.year, i.number), reverse=True)
    ordered_docs = [d for issue in ordered_issues for d in issue.documents]
    dept_by_id = {d.id: d for d in departments}
    for doc in ordered_docs:
        for dept_id in doc.departments:
            dept_by_id[dept_id].documents.append(doc)
    groups = [(g, [d for d in departments if d.group == g]) for g in GROUP_ORDER]
    others = sorted({d.group for d in departments} - set(GROUP_ORDER))
    groups += [(g, [d for d in departments if d.group == g]) for g in others]
    _link_collectives(departments)
    site = Site(ordered_issues, ordered_docs, departments, [(g, ds) for g, ds in groups if ds], Lookup(by_id),
                Lookup(dept_by_id))
    metadata.assign(site, config, problems)
    relations.link(site, problems, config)
    return site
