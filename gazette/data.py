"""Machine-readable copy of the gazette: data/issues.json and one JSON file per document.

Files are written with sorted keys, non-ASCII kept as is, indent 1 and a trailing newline, so the
same content gives byte-identical files and diffs between builds stay small.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

from . import render
from .config import Config
from .model import Document, Issue, Site

DATA_DIR = "data"


def document_file(doc: Document) -> str:
    """Path of a document's JSON file relative to the site root."""
    return f"{DATA_DIR}/documents/{doc.issue_id}--{doc.slug}.json"


def dumps(value) -> str:
    """JSON text as every data file is written: the bytes of
    ``json.dumps(value, sort_keys=True, ensure_ascii=False, indent=1) + "\\n"``.

    Written out here because the json module encodes with indentation in pure Python through
    nested generators, three times slower than this for the 2,000-odd small files of an archive.
    """
    out: list[str] = []
    _emit(value, "\n", out)
    out.append("\n")
    return "".join(out)


def _emit(value, newline: str, out: list[str]) -> None:
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif kind is dict or kind is list or kind is tuple:
        if not value:
            out.append("{}" if kind is dict else "[]")
            return
        inner = newline + " "
        if kind is dict:
            sep = "{" + inner
            for key in sorted(value):
                out += (sep, encode_basestring(key), ": ")
                _emit(value[key], inner, out)
                sep = "," + inner
            out.append(newline + "}")
        else:
            sep = "[" + inner
            for item in value:
                out.append(sep)
                _emit(item, inner, out)
                sep = "," + inner
            out.append(newline + "]")
    elif value is None:
        out.append("null")
    elif value is True or value is False:
        out.append("true" if value else "false")
    elif kind is int:
        out.append(int.__repr__(value))
    else:  # floats, subclasses of str and int: as the json module writes them
        out.append(json.dumps(value, ensure_ascii=False))


def _date(value) -> str | None:
    return value.isoformat() if value else None


def issue_record(issue: Issue, config: Config) -> dict:
    """An issue and the list of its documents, in printed TOC order."""
    period = None
    if issue.period_start or issue.period_end:
        period = {"start": _date(issue.period_start), "end": _date(issue.period_end)}
    return {
        "id": issue.id,
        "label": issue.label,
        "year": issue.year,
        "number": issue.number,
        "total_number": issue.total_number,
        "published": _date(issue.published),
        "period": period,
        "url": render.config_url(config, issue.url),
        "path": issue.url,
        "documents": [
            {"doc_number": d.doc_number, "title": d.title, "category": d.category, "page": d.page,
             "url": render.config_url(config, d.url), "path": d.url, "data": document_file(d)}
            for d in issue.documents
        ],
    }


def document_record(doc: Document, site: Site, config: Config) -> dict:
    """Everything the gazette prints about one document, except its body."""
    issue = site.issue_by_id[doc.issue_id]
    return {
        "doc_number": doc.doc_number,
        "title": doc.title,
        "issuer": doc.issuer,
        "date": _date(doc.date),
        "category": doc.category,
        "page": doc.page,
        "addressees": doc.addressees,
        "issue": {"id": issue.id, "label": issue.label, "total_number": issue.total_number},
        "departments": [{"id": i, "name": site.department_by_id[i].name} for i in doc.departments],
        "url": render.config_url(config, doc.url),
        "path": doc.url,
    }


def issues_json(site: Site, config: Config) -> str:
    """data/issues.json: every issue with its documents."""
    return dumps({"title": config.title, "issues": [issue_record(i, config) for i in site.issues]})


def document_json(site: Site, config: Config, document: Document) -> str:
    """data/documents/<issue-id>--<slug>.json."""
    return dumps(document_record(document, site, config))


def pages(site: Site) -> list[render.Page]:
    """The data files, as outputs of the render stage (rebuilt only when what they read changed)."""
    found = [render.Page(f"{DATA_DIR}/issues.json", "", "", {}, produce=issues_json)]
    found += [render.Page(document_file(d), "", "", {"document": d}, produce=document_json) for d in site.documents]
    return found
