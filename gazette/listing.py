"""The long lists of the site rendered in Python: a department's documents, a document's departments.

At 10,000 documents a department page lists thousands of documents, a document is listed on
about forty department pages and links as many departments, so these lists are built from
strings here rather than through a layout loop (a Jinja expression per field of every entry):
each document's title line and each department's link is made once per folder depth and reused
on every page that shows it. The markup stays in one place, this module; layouts call
``mention_list(department, documents, root)`` and ``department_links(ids, root)``.

What an entry reads is noted for gazette/deps.py as a layout's reads are, also when the title
line comes from the memo: a page depends on the documents it lists and their issues' lookups.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from . import deps
from .model import Department, Document, Site


class Lists:
    """The lists of one build's pages, each entry made once (the memo lives as long as the Renderer)."""

    def __init__(self, site: Site):
        from .render import cn_date  # render imports this module

        self.site, self.cn_date = site, cn_date
        self.heads: dict[tuple[int, str], tuple[str, tuple]] = {}
        """(id of the document, root) → its title line and what making it read."""
        self.links: dict[tuple[str, str], tuple[str, tuple]] = {}
        """(department id, root) → its link and what making it read."""

    def department_links(self, ids: list[str], root: str) -> Markup:
        """One ``<li>`` linking each department, one a line: the departments a document names."""
        recording = deps._recording
        rows = []
        for dept_id in ids:
            found = self.links.get((dept_id, root))
            if found is None:
                table = self.site.department_by_id
                dept = dict.__getitem__(table, dept_id)
                found = self.links[(dept_id, root)] = (
                    f'<li><a href="{escape(root + dept.url)}">{escape(dept.name)}</a></li>',
                    ((id(table), dept_id), (id(dept), "url"), (id(dept), "name")))
            rows.append(found[0])
            if recording is not None:
                recording.update(found[1])
        return Markup("\n".join(rows))

    def head(self, doc: Document, root: str) -> tuple[str, tuple]:
        """A document's title line (title, doc number, date, issue) and the reads behind it."""
        found = self.heads.get((id(doc), root))
        if found is None:
            issues = self.site.issue_by_id
            issue = dict.__getitem__(issues, doc.issue_id)
            html = (f'<li><a class="mention-title" href="{escape(root + doc.url)}">{escape(doc.title)}</a>'
                    f'<span class="doc-meta">{escape(doc.doc_number)} · {self.cn_date(doc.date)} · '
                    f'<a href="{escape(root + issue.url)}">{escape(issue.label)}</a></span>')
            d, i = id(doc), id(issue)
            reads = ((d, "url"), (d, "title"), (d, "doc_number"), (d, "date"), (d, "issue_id"), (d, "mentions"),
                     (id(issues), doc.issue_id), (i, "url"), (i, "label"))
            found = self.heads[(id(doc), root)] = (html, reads)
        return found

    def mention_list(self, department: Department, documents: list[Document], root: str) -> Markup:
        """The ``<ol class="mention-list">`` of a department page: each document once, with the
        roles it gives the department as labels and one passage (departments.summary)."""
        recording = deps._recording
        dept_id = department.id
        labels = _LABELS
        rows = ['<ol class="mention-list">\n']
        for doc in documents:
            head, reads = self.head(doc, root)
            if recording is not None:
                recording.update(reads)
            roles, passage = doc.mentions[dept_id]
            rows.append(f'{head}<p class="mention">{"".join([labels.get(r) or _label(r) for r in roles])}'
                        f'{f"<q>{escape(passage)}</q>" if passage else ""}</p></li>\n')
        if recording is not None:
            recording.add((id(department), "id"))
        rows.append("</ol>")
        return Markup("".join(rows))


_LABELS: dict[str, str] = {}
"""Role → its label's markup, made once."""


def _label(role: str) -> str:
    _LABELS[role] = f'<span class="role role-{escape(role)}">{escape(role)}</span>'
    return _LABELS[role]
