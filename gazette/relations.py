"""How documents relate: citations, repeals, validity, and the leaders in charge of departments.

``scan`` reads one document's own text while it is loaded (in a worker); ``link`` resolves what it
found across the archive once every document is in place, and is the only place that needs it all.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from . import docnumber, htmltext, leadership
from . import validity as valid
from .model import Document, Site
from .problems import Problems
from .text import SENTENCE_RE

# "…（五政办发〔2020〕86号）文件同时废止", "…同时废止", "…停止执行": the verb closes the sentence part.
_REPEAL_RE = re.compile(r"(?:同时|予以|即行|一并|自行)?(?:废止|停止执行)")
_TITLE_BEFORE_RE = re.compile(r"《(?P<title>[^《》]{1,200})》\s*[（(]\s*$")
_NUMBER_HINT = re.compile("号")
"""Every doc number ends in 号: text without one has nothing to link (docnumber.find_all)."""
_TITLE_ONLY_RE = re.compile(r"《(?P<title>[^《》]{1,200})》\s*(?:文件)?\s*$")


@dataclass
class Citation:
    """A document one text quotes (or repeals), by doc number and, where the text gives it, title."""

    doc_number: str
    """Canonical doc number; empty when a repeal names only a title."""
    title: str = ""
    """The 《title》 written just before it, if any."""
    line: int = 0
    """Source line of the first mention (0: front matter)."""
    target: Document | None = None
    """The document in the archive, once linked."""
    source: str = "正文"
    """Where it was found: 正文 or front matter."""

    @property
    def label(self) -> str:
        """How a page names it: 《title》（doc number）, or whichever of the two is known."""
        title = f"《{self.title}》" if self.title else ""
        return f"{title}（{self.doc_number}）" if title and self.doc_number else title or self.doc_number


@dataclass
class Facts:
    """What one document's own text says about other documents and about itself."""

    citations: list[Citation] = field(default_factory=list)
    """Doc numbers the text quotes, first mention each, in order; never the document's own."""
    repeals: list[Citation] = field(default_factory=list)
    """Documents it repeals, from front matter (``repeals``) and from the text."""
    validity: valid.Recognised = field(default_factory=valid.Recognised)
    """Effective date, term and 试行, before judging them at the build date."""
    duties: list[leadership.Duty] = field(default_factory=list)
    """For a 领导分工 document: who is in charge of what."""
    interprets: list[Citation] = field(default_factory=list)
    """Documents it is the 政策解读 of (front matter interprets)."""
    corrects: list[Citation] = field(default_factory=list)
    """Documents it corrects (勘误, front matter corrects)."""
    notes: list[tuple[int, str, str]] = field(default_factory=list)
    """(line, severity, message) to report once the document's path is known."""


def _own_numbers(front: dict) -> set[str]:
    return {n for n in (docnumber.normalise(str(front.get(k, ""))) for k in ("doc_number", "toc_doc_number")) if n}


def _citations(paragraphs: list[tuple[int, str]], own: set[str]) -> list[Citation]:
    found: dict[str, Citation] = {}
    for line, text in paragraphs:
        for start, _, number in docnumber.find_all(text):
            key = str(number)
            if key in own:
                continue
            m = _TITLE_BEFORE_RE.search(text[:start])
            title = m["title"].strip() if m else ""
            if key not in found:
                found[key] = Citation(key, title, line)
            elif title and not found[key].title:
                found[key].title = title
    return list(found.values())


def _text_repeals(paragraphs: list[tuple[int, str]], own: set[str]) -> list[Citation]:
    """Documents a sentence says are repealed: the numbers (or a bare 《title》) before 废止/停止执行."""
    found: list[Citation] = []
    for line, text in paragraphs:
        if "废止" not in text and "停止执行" not in text:  # what _REPEAL_RE needs: most paragraphs repeal nothing
            continue
        for sentence in SENTENCE_RE.finditer(text):
            s = sentence.group()
            verb = _REPEAL_RE.search(s)
            if not verb:
                continue
            head = s[: verb.start()]
            numbers = [(st, str(n)) for st, _, n in docnumber.find_all(head) if str(n) not in own]
            for start, number in numbers:
                m = _TITLE_BEFORE_RE.search(head[:start])
                found.append(Citation(number, m["title"].strip() if m else "", line))
            if not numbers:
                m = _TITLE_ONLY_RE.search(head)
                if m:
                    found.append(Citation("", m["title"].strip(), line))
    return found


def scan(paragraphs: list[tuple[int, str]], front: dict) -> Facts:
    """Read citations, repeals, validity and (for a 分工 document) duties from one document."""
    own = _own_numbers(front)
    facts = Facts(citations=_citations(paragraphs, own))
    titles = {c.doc_number: c.title for c in facts.citations}
    for item in front.get("repeals") or []:
        number = docnumber.normalise(item)
        if not number:
            facts.notes.append((0, "error", f'repeals 中的 "{item}" 不是有效的文号，应写成 五政办发〔2020〕86号 这样的形式'))
        elif number not in own:
            facts.repeals.append(Citation(number, titles.get(number, ""), 0, source="front matter"))
    for key in ("interprets", "corrects"):
        for item in front.get(key) or []:
            number = docnumber.normalise(item)
            if not number:
                facts.notes.append((0, "error", f'{key} 中的 "{item}" 不是有效的文号，应写成 五政办发〔2022〕31号 这样的形式'))
            elif number not in own:
                getattr(facts, key).append(Citation(number, titles.get(number, ""), 0, source="front matter"))
    listed = {c.doc_number for c in facts.repeals}
    for rep in _text_repeals(paragraphs, own):
        if rep.doc_number and rep.doc_number in listed:
            continue
        listed.add(rep.doc_number)
        facts.repeals.append(rep)
        facts.notes.append((rep.line, "info", f"识别到废止：{rep.label}；如有误，请在 front matter 中用 repeals 写明"))
    facts.validity, notes = valid.recognise(paragraphs, front)
    facts.notes += [(line, "info", msg + "；如有误，请在 front matter 中用 effective / valid_until 改正") for line, msg in notes]
    if leadership.is_assignment(str(front.get("title", ""))):
        facts.duties = leadership.parse(paragraphs)
    return facts


def _resolve(cite: Citation, by_number: dict[str, Document], by_title: dict[str, Document], doc: Document) -> Citation:
    target = by_number.get(cite.doc_number) if cite.doc_number else by_title.get(cite.title)
    return Citation(cite.doc_number, cite.title, cite.line, target if target is not doc else None, cite.source)


def link(site: Site, problems: Problems, config: Any = None) -> None:
    """Resolve citations and repeals across the archive; judge each document's status; assign leaders."""
    by_number = {d.doc_number: d for d in site.documents}
    by_title = {d.title: d for d in site.documents}
    site.build_date, site.build_date_source = valid.build_date(config)
    for doc in site.documents:  # link derives these afresh, whatever a previous run left
        doc.cited_by, doc.repealed_by, doc.interpreted_by, doc.corrected_by = [], None, [], []
    for dept in site.departments:
        dept.leaders = []
    for doc in site.documents:
        facts: Facts = doc.facts or Facts()
        for line, severity, message in facts.notes:
            if severity == "error" and not line:
                line = doc.lines.get(message.split(" ", 1)[0], 0)
            getattr(problems, severity)(doc.src, line, message)
        for key, back in (("interprets", "interpreted_by"), ("corrects", "corrected_by")):
            resolved = [_resolve(c, by_number, by_title, doc) for c in getattr(facts, key)]
            setattr(doc, key, resolved)
            for cite in resolved:
                if cite.target is None:
                    problems.warning(doc.src, doc.lines.get(key, 0), f"{key} 所指的 {cite.doc_number} 不在本站收录的文件中，"
                                     "页面上只显示文号；收录该文件后会自动双向链接")
                else:
                    getattr(cite.target, back).append(doc)
        doc.citations = [_resolve(c, by_number, by_title, doc) for c in facts.citations]
        doc.repeals = [_resolve(c, by_number, by_title, doc) for c in facts.repeals]
        for cite in doc.citations:
            # Once per citing document: only this loop appends doc, so a repeat would be the last entry.
            if cite.target is not None and (not cite.target.cited_by or cite.target.cited_by[-1] is not doc):
                cite.target.cited_by.append(doc)
        for rep in doc.repeals:
            old = rep.target
            if old is not None and (old.repealed_by is None or doc.date < old.repealed_by.date):
                old.repealed_by = doc
    for doc in site.documents:
        facts = doc.facts or Facts()
        repealer = doc.repealed_by
        repealed_on = None
        if repealer is not None:
            repealed_on = (repealer.facts.validity.effective if repealer.facts else None) or repealer.date
        doc.validity = valid.judge(facts.validity, doc.date, site.build_date, repealer, repealed_on)
        doc.cited_by.sort(key=lambda d: (d.date, d.doc_number), reverse=True)
    site.assignment = leadership.assign(site)


def link_body(doc: Document, body: str, root: str = "../../") -> str:
    """The body HTML with doc numbers of documents in the archive turned into links."""
    targets = {c.doc_number: c.target for c in doc.citations if c.target is not None}
    if not targets:
        return body

    def link(text: str) -> str:
        out, pos = [], 0
        for start, end, number in docnumber.find_all(text):
            target = targets.get(str(number))
            if target is None:
                continue
            href = html.escape(f"{root}{target.url}")
            out += [text[pos:start], f'<a class="doc-cite" href="{href}" title="{html.escape(target.title)}">',
                    text[start:end], "</a>"]
            pos = end
        return "".join(out) + text[pos:] if out else text

    return htmltext.rewrite_text(body, link, skip=("a",), hint=_NUMBER_HINT)
