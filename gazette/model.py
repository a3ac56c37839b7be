"""The gazette as the site sees it: issues, documents, departments and how they relate.

Plain dataclasses, computed once by ``assemble`` and read by the layouts; the small records that a
document holds by the dozen (headings, mentions) are named tuples, quick to pickle and unpickle. Disk paths end in
``_path``; URLs end in ``_url``, are ``/``-separated and relative to the site root.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple


def _plain_tuple(self: tuple) -> tuple:
    """Pickled as the tuple it is: loading then calls tuple.__new__ (C), not the named tuple's
    Python __new__; every cached document holds dozens of these (a third of loading the cache)."""
    return tuple.__new__, (type(self), tuple(self))


class Heading(NamedTuple):
    """A heading in a document body, for the outline."""

    level: int
    """Markdown level (2–6)."""
    text: str
    """Heading text as printed."""
    anchor: str
    """id of the heading element, stable while its text stays the same."""

    __reduce__ = _plain_tuple


class Mention(NamedTuple):
    """Where and how a document names a department."""

    role: str
    """How it is named: 发文机关, 主送, 牵头, 责任单位, 配合, 提及."""
    excerpt: str
    """A short passage around the first mention of that kind."""
    line: int
    """Line of that mention in the source file."""

    __reduce__ = _plain_tuple


Mentioned = tuple[tuple[str, ...], str]
"""How a document names one department, as its page lists it: (roles, most involved first; one
passage, "" if none)."""

ROLES = ("发文机关", "主送", "牵头", "责任单位", "配合", "成员单位", "抄送", "提及", "相关")
"""How a document names a department, the most involved first: the order of its labels on the department's page."""
ROLE_RANK = {role: n for n, role in enumerate(ROLES)}
"""Role → its place in ROLES (and its bit in Mentions' masks)."""

_ROLE_SETS: dict[int, tuple[str, ...]] = {}
"""Bit mask over ROLES → the roles in that order: one shared tuple per combination in a process."""


def _roles_of(mask: int) -> tuple[str, ...]:
    found = _ROLE_SETS.get(mask)
    if found is None:
        found = _ROLE_SETS[mask] = tuple(r for n, r in enumerate(ROLES) if mask >> n & 1)
    return found


class Mentions:
    """Department id → Mentioned: how a document names each department (departments.summary).

    A document names ~40 departments; as a dict of tuples that was ~110 objects a document, most
    of the time spent loading the cache and most of the memory a loaded document holds. Here they
    are four flat values: the ids (one string), a bit mask of roles per id (bytes), every passage
    in one string and where each ends (bytes). Read like a read-only dict.
    """

    __slots__ = ("_ids", "_masks", "_text", "_ends", "_keys")

    def __init__(self, items: dict[str, Mentioned] | None = None):
        items, rank = items or {}, ROLE_RANK
        ids, masks, ends, text, end = [], bytearray(), bytearray(), [], 0
        for dept_id, (roles, passage) in items.items():
            ids.append(dept_id)
            mask = 0
            for role in roles:
                mask |= 1 << rank[role]  # a role outside ROLES is a programming error (KeyError)
            if _roles_of(mask) != tuple(roles):
                raise ValueError(f"roles not in ROLES order: {roles}")
            masks += mask.to_bytes(2, "little")
            text.append(passage)
            end += len(passage)
            ends += end.to_bytes(4, "little")
        self._ids, self._masks, self._text, self._ends = "\n".join(ids), bytes(masks), "".join(text), bytes(ends)
        self._keys: tuple[str, ...] | None = None

    def __reduce__(self):
        return _restore, (self._ids, self._masks, self._text, self._ends)

    def keys(self) -> tuple[str, ...]:
        """The department ids, in the order the document names them (one shared string each)."""
        keys = self._keys
        if keys is None:
            keys = self._keys = tuple(map(sys.intern, self._ids.split("\n"))) if self._ids else ()
        return keys

    def __iter__(self):
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self.keys())

    def __contains__(self, dept_id: object) -> bool:
        return dept_id in self.keys()

    def __getitem__(self, dept_id: str) -> Mentioned:
        try:
            n = self.keys().index(dept_id)
        except ValueError:
            raise KeyError(dept_id) from None
        ends = self._ends
        start = int.from_bytes(ends[4 * n - 4:4 * n], "little") if n else 0
        return (_roles_of(int.from_bytes(self._masks[2 * n:2 * n + 2], "little")),
                self._text[start:int.from_bytes(ends[4 * n:4 * n + 4], "little")])

    def get(self, dept_id: str, default=None):
        return self[dept_id] if dept_id in self.keys() else default

    def items(self) -> list[tuple[str, Mentioned]]:
        return [(k, self[k]) for k in self.keys()]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mentions):
            return NotImplemented
        return (self._ids, self._masks, self._text, self._ends) == (other._ids, other._masks, other._text, other._ends)

    def __hash__(self):
        return hash((self._ids, self._masks, self._ends))

    def __repr__(self) -> str:
        return f"Mentions({dict(self.items())!r})"


def _restore(ids: str, masks: bytes, text: str, ends: bytes) -> Mentions:
    found = object.__new__(Mentions)
    found._ids, found._masks, found._text, found._ends, found._keys = ids, masks, text, ends, None
    return found


@dataclass
class Document:
    """One official document (文件) as printed in an issue."""

    slug: str
    """ASCII name of the document within its issue; the last part of its URL."""
    issue_id: str
    """Folder name of the issue it belongs to, e.g. 2022-03."""
    title: str
    """Title (标题), as the document itself gives it."""
    doc_number: str
    """文号 in canonical form, e.g. 五政办发〔2022〕31号."""
    issuer: str
    """发文机关."""
    date: dt.date
    """成文日期."""
    category: str
    """Category in the printed TOC (县政府文件 …)."""
    src: str
    """Source path relative to the site root, /-separated."""
    source_path: Path
    """Source file on disk."""
    page: int | None = None
    """Page in the printed issue."""
    addressees: str = ""
    """主送."""
    toc_title: str = ""
    """The TOC's spelling of the title where it differs from the document's own."""
    toc_doc_number: str = ""
    """The TOC's spelling of the doc number where it differs."""
    draft: bool = False
    """Shown only in the preview."""
    extra_departments: list[str] = field(default_factory=list)
    """Departments named in front matter (canonical names)."""
    outline: list[Heading] = field(default_factory=list)
    """Headings of the body, in order."""
    mentions: Mentions = field(default_factory=Mentions)
    """Department id → how this document names it: its roles and one passage (departments.summary)."""
    text_length: int = 0
    """Characters of body text, to tell long documents from short ones."""
    body_path: Path | None = None
    """Rendered body HTML fragment, kept on disk between the stages instead of in memory."""
    lines: dict[str, int] = field(default_factory=dict)
    """Front-matter key → its line in the source, for messages."""
    facts: Any = None
    """What the document's own text says about other documents (relations.Facts)."""
    # ── relations (filled in by relations.link) ──
    citations: list = field(default_factory=list)
    """Documents its text quotes (relations.Citation: doc number, title, target Document or None)."""
    cited_by: list[Document] = field(default_factory=list)
    """Documents in the archive whose text quotes this one, newest first."""
    repeals: list = field(default_factory=list)
    """Documents it repeals (relations.Citation), from front matter and from the text."""
    repealed_by: Document | None = None
    """The document in the archive that repeals this one, if any."""
    validity: Any = None
    """validity.Validity: status (有效 / 试行 / 尚未施行 / 已失效 / 已废止) as of the build date, and its dates."""
    # ── government metadata block (gazette/metadata.py) ──
    index_serial: str = ""
    """索引号 without the organisation code, from front matter index_number: 2022-00031 (written once)."""
    index_number: str = ""
    """Full 索引号: site.toml index_code / year-serial; empty when front matter gives none."""
    topic: str = ""
    """主题分类, one of site.toml topics."""
    published: dt.date | None = None
    """发布日期: the issue's published date unless front matter overrides it."""
    date_confirmed: bool = False
    """The editor confirmed an unusual 成文日期 (printed long after it was written)."""
    interprets: list = field(default_factory=list)
    """Documents this one is the 政策解读 of (relations.Citation), from front matter interprets."""
    corrects: list = field(default_factory=list)
    """Documents this one corrects (勘误, relations.Citation), from front matter corrects."""
    interpreted_by: list[Document] = field(default_factory=list)
    """Documents in the archive that interpret this one."""
    corrected_by: list[Document] = field(default_factory=list)
    """Documents in the archive that correct this one."""
    prev: Document | None = None
    """Previous document in the issue's TOC order."""
    next: Document | None = None
    """Next document in the issue's TOC order."""

    @property
    def url(self) -> str:
        return f"{self.issue_id}/{self.slug}/index.html"

    @property
    def status(self) -> str:
        """效力 as of the build date; empty before relations.link has run."""
        return self.validity.status if self.validity else ""

    @property
    def departments(self) -> list[str]:
        """Ids of the departments this document names, sorted."""
        return sorted(self.mentions)


@dataclass
class Issue:
    """One issue (期) of the gazette."""

    id: str
    """Folder name, YYYY-NN."""
    year: int
    number: int
    """期: number within the year."""
    total_number: int
    """总第N期."""
    published: dt.date
    src: str
    """issue.md path relative to the site root."""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    pdf: str = ""
    """File name of the print PDF in the issue folder, if any."""
    notes_html: str = ""
    """Rendered 编者按."""
    documents: list[Document] = field(default_factory=list)
    """Documents in printed TOC order."""

    @property
    def url(self) -> str:
        return f"{self.id}/index.html"

    @property
    def label(self) -> str:
        return f"{self.year}年第{self.number}期"

    def sections(self, categories: tuple[str, ...]) -> list[tuple[str, list[Document]]]:
        """Documents grouped by category, in the order the site's categories are printed."""
        return [(c, [d for d in self.documents if d.category == c]) for c in categories if any(d.category == c for d in self.documents)]


@dataclass
class Department:
    """A department or other body in the registry."""

    id: str
    """ASCII id; the last part of its URL."""
    name: str
    """Canonical name."""
    group: str
    """Group on the index page (县直部门, 乡（镇） …)."""
    aliases: list[str] = field(default_factory=list)
    """Other spellings found in documents."""
    documents: list[Document] = field(default_factory=list)
    """Documents that name it, newest first."""
    leaders: list = field(default_factory=list)
    """County leaders in charge of it (leadership.Leader), from the newest 领导分工 document."""
    kind: str = "department"
    """department, or collective: a phrase such as 各乡（镇）人民政府 that stands for its members."""
    members: list[str] = field(default_factory=list)
    """For a collective: ids of the departments it stands for."""
    collectives: list[Department] = field(default_factory=list)
    """Collectives this department is a member of (each page lists the documents sent to them)."""
    sent: list[Document] = field(default_factory=list)
    """For a collective: documents addressed to it (主送 or 抄送), newest first."""

    @property
    def is_collective(self) -> bool:
        return self.kind == "collective"

    @property
    def sent_heading(self) -> str:
        """For a collective: the heading its members' pages use (发给全县各乡（镇）的文件)."""
        return f"发给{self.name}的文件" if self.name.startswith(("县", "全县")) else f"发给全县{self.name}的文件"

    @property
    def url(self) -> str:
        return f"departments/{self.id}/index.html"


class Lookup(dict):
    """An id → issue or department table. A page that looks one entry up depends on that entry, not
    on the whole table, so a new issue does not touch every page: while gazette/deps.py records a
    page's reads, each lookup is noted as (table, id), and any other use of the table as (table, WHOLE)."""

    reads: set | None = None
    """Where reads are noted (deps sets it while recording), else None."""
    WHOLE = "\0whole"

    def __getitem__(self, key):
        if Lookup.reads is not None:
            Lookup.reads.add((id(self), key))
        return dict.__getitem__(self, key)

    def _whole(self) -> None:
        if Lookup.reads is not None:
            Lookup.reads.add((id(self), Lookup.WHOLE))

    def get(self, key, default=None):
        self._whole()
        return dict.get(self, key, default)

    def __contains__(self, key) -> bool:
        self._whole()
        return dict.__contains__(self, key)

    def __iter__(self):
        self._whole()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._whole()
        return dict.__len__(self)

    def keys(self):
        self._whole()
        return dict.keys(self)

    def values(self):
        self._whole()
        return dict.values(self)

    def items(self):
        self._whole()
        return dict.items(self)


@dataclass
class Site:
    """Everything the layouts read."""

    issues: list[Issue]
    """Newest first."""
    documents: list[Document]
    """Newest issue first, TOC order within an issue."""
    departments: list[Department]
    """Registry order."""
    groups: list[tuple[str, list[Department]]]
    """Departments by group, for the index."""
    issue_by_id: Lookup = field(default_factory=Lookup)
    """Issue folder name → issue."""
    department_by_id: Lookup = field(default_factory=Lookup)
    """Department id → department."""
    build_date: dt.date | None = None
    """Date the documents' status is judged at (--build-date, site.toml, SOURCE_DATE_EPOCH or the day of the build)."""
    build_date_source: str = ""
    """Where build_date came from, shown on the pages."""
    assignment: Document | None = None
    """The newest 县政府领导分工 document, which department pages take their leaders from."""

    @property
    def latest(self) -> Issue | None:
        return self.issues[0] if self.issues else None

    def years(self) -> list[tuple[int, list[Issue]]]:
        """Issues grouped by year, newest year first."""
        years: dict[int, list[Issue]] = {}
        for issue in self.issues:
            years.setdefault(issue.year, []).append(issue)
        return sorted(years.items(), reverse=True)
