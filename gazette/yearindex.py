"""The yearly index (年度总目录): every document of a year's issues by category, in 文号 order.

Printed gazettes close each year with one; the page lists issue and page for each document so a
reader can find it in the bound volume, and prints as a bordered table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import docnumber
from .model import Document, Issue, Site


@dataclass
class YearIndex:
    """One year's 年度总目录."""

    year: int
    issues: list[Issue]
    """The year's issues, first issue first."""
    sections: list[tuple[str, list[Document]]] = field(default_factory=list)
    """(category, documents in 文号 order), categories in site.toml order."""

    @property
    def url(self) -> str:
        return f"archive/{self.year}/catalog/index.html"

    @property
    def count(self) -> int:
        return sum(len(docs) for _, docs in self.sections)


def _number_key(doc: Document) -> tuple:
    """文号 order: issuer prefix, year, then serial as a number (五政办发〔2022〕9号 before 31号)."""
    parsed = docnumber.parse(doc.doc_number)
    if parsed is None:
        return (doc.doc_number, 0, 0, doc.slug)
    return (parsed.prefix, parsed.year, parsed.number, doc.slug)


def year_indexes(site: Site, categories: tuple[str, ...]) -> list[YearIndex]:
    """A YearIndex for every year that has issues, newest year first."""
    indexes = []
    for year, issues in site.years():
        docs = [d for i in issues for d in i.documents]
        known = [c for c in categories if any(d.category == c for d in docs)]
        others = sorted({d.category for d in docs} - set(known))
        sections = [(c, sorted((d for d in docs if d.category == c), key=_number_key)) for c in known + others]
        indexes.append(YearIndex(year, sorted(issues, key=lambda i: i.number), sections))
    return indexes
