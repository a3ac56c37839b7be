"""Page fingerprints for the preview: a cheap hash of (a superset of) what each page's layout reads.

A document in a list is summed up by its *card*: its source path, a hash of the fields lists may
show (title, doc number, mentions … — not its body) and its status. Its own page uses the hash of
its whole file. Config and registry changes rebuild everything, so they need not be in either.
Fields computed across the archive (prev/next, citations, cited_by, validity …) are serialised for
the document's own page, with any other document in them reduced to its card. Site-wide reads that every page may make (config,
build date, issue metadata) go into a shared part, so changing them re-renders everything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta

from .model import Department, Document, Issue, Site
from .render import Page

_SCALARS = (str, int, float, bool, type(None), dt.date)
# Layouts whose pages read site-wide lists beyond their context.
_READS_ISSUE_COUNTS = {"home.html", "archive.html"}
_KNOWN = {"home.html", "archive.html", "departments.html", "department.html", "search.html", "404.html",
          "year.html", "year-index.html", "issue.html", "document.html"}


def layout_digests(layouts: Path, env: jinja2.Environment) -> tuple[dict[str, int], dict[str, str]]:
    """Layout name → hash of its source and of every layout it extends, includes or imports; and that source."""
    sources = {p.relative_to(layouts).as_posix(): p.read_text(encoding="utf-8")
               for p in sorted(layouts.rglob("*")) if p.is_file()}
    deps: dict[str, set[str]] = {}
    for name, source in sources.items():
        refs = set(jinja2.meta.find_referenced_templates(env.parse(source, name)))
        deps[name] = set(sources) if None in refs else {r for r in refs if r}
    result, text = {}, {}
    for name in sources:
        seen, todo = set(), [name]
        while todo:
            n = todo.pop()
            if n not in seen:
                seen.add(n)
                todo += deps.get(n, ())
        result[name] = hash(tuple((n, sources.get(n)) for n in sorted(seen)))
        text[name] = "\n".join(sources.get(n, "") for n in sorted(seen))
    return result, text


def freeze(value: Any, card=lambda doc: doc.src) -> Any:
    """Hashable form of a model value; documents inside it become card(doc)."""
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, Document):
        return card(value)
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v, card) for v in value)
    if isinstance(value, dict):
        return tuple((k, freeze(v, card)) for k, v in value.items())
    if dataclasses.is_dataclass(value):
        return (type(value).__name__, tuple(freeze(getattr(value, f.name), card) for f in dataclasses.fields(value)))
    return repr(value)


def loaded_digests(doc: Document) -> tuple[int, int]:
    """(listing, assembly) hashes of a freshly loaded document.

    listing: what lists of documents may show (every loaded field but the body and its outline, size,
    source lines and facts). assembly: what building the model reads (every loaded field but the body,
    outline, size, lines and the mentions' details — only which departments it names).
    """
    values = {f.name: getattr(doc, f.name) for f in dataclasses.fields(doc)}
    listing = tuple((k, freeze(v)) for k, v in values.items() if k not in _NOT_LISTED)
    assembly = tuple((k, freeze(v)) for k, v in values.items() if k not in FAST_FIELDS)
    return hash(listing), hash((assembly, tuple(sorted(doc.mentions))))


# Loaded fields that can change without changing the model's structure (see preview._fast).
FAST_FIELDS = frozenset({"body_path", "source_path", "text_length", "outline", "lines", "mentions"})
_NOT_LISTED = frozenset({"body_path", "source_path", "text_length", "outline", "lines", "facts"})


class Fingerprints:
    """Computes page fingerprints for one assembled site."""

    def __init__(self, site: Site, loaded: dict[str, tuple], pristine: dict[int, Document],
                 layouts: dict[str, int], settings: Any):
        self.site, self.loaded, self.pristine, self.layouts = site, loaded, pristine, layouts
        self.cards = {id(d): (d.src, loaded[d.src][1], d.status) for d in site.documents}
        issues = tuple(self._issue_meta(i) for i in site.issues)
        assignment = self.card(site.assignment) if site.assignment else None
        self.shared = hash((settings, issues, site.build_date, site.build_date_source, assignment))

    def card(self, doc: Document | None) -> Any:
        """A listed document: its file's listing hash, and its status."""
        if doc is None:
            return None
        return self.cards.get(id(doc)) or (doc.src, doc.title, doc.url, doc.status)

    def _issue_meta(self, issue: Issue) -> tuple:
        return tuple(self.ser(getattr(issue, f.name)) for f in dataclasses.fields(issue) if f.name != "documents")

    def ser(self, value: Any) -> Any:
        """Hashable form of a model value, other documents reduced to their cards."""
        if isinstance(value, Issue):
            return (self._issue_meta(value), tuple(self.card(d) for d in value.documents))
        if isinstance(value, Department):
            return (value.id, value.name, value.group, tuple(value.aliases), self.ser(value.leaders),
                    tuple(self.card(d) for d in value.documents),
                    tuple((c.id, c.name, tuple(self.card(d) for d in c.sent)) for c in value.collectives))
        return freeze(value, self.card)

    def document(self, doc: Document) -> tuple:
        """Everything a document's own page may read: its file, and whatever building the model set on it."""
        pristine = self.pristine[id(doc)].__dict__
        derived = tuple((k, self.ser(v)) for k, v in doc.__dict__.items() if v is not pristine.get(k))
        return (self.card(doc), self.loaded[doc.src][0], derived)

    def page(self, page: Page) -> int:
        """The fingerprint of one page."""
        site = self.site
        parts: list[Any] = [page.url, page.layout, page.title, page.description, self.shared,
                            self.layouts.get(page.layout)]
        for key, value in page.context.items():
            parts.append((key, self.document(value) if key == "document" else self.ser(value)))
        if page.layout in _READS_ISSUE_COUNTS:
            parts.append((len(site.documents), tuple((i.id, len(i.documents)) for i in site.issues)))
        if page.layout == "departments.html":
            parts.append(tuple((g, tuple((d.id, d.name, len(d.documents)) for d in ds)) for g, ds in site.groups))
        if page.layout not in _KNOWN:
            parts.append(object())  # an unknown layout may read anything: always re-render it
        return hash(tuple(parts))
