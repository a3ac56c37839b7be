"""Data passed between the importer's stages: source lines, documents, blocks, report items."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One non-blank line of the source after page furniture is removed."""

    lineno: int
    """1-based line number in the source file."""
    text: str
    """The line, stripped of surrounding whitespace."""
    starts: bool | None = None
    """True when the layout (a PDF's indentation and margins) says the line is a paragraph of its own;
    None for plain text, where paragraphs are found from punctuation."""
    cells: tuple[str, ...] | None = None
    """Cells of a table row read from a PDF's ruling lines (text then holds them joined by tabs)."""
    indent: int = 0
    """Characters of white space before the text in the source (pdftotext -layout keeps columns with them)."""
    size: float = 0.0
    """Font size in points, read from a PDF (0 for text): a title is set larger than what follows it."""


@dataclass(frozen=True)
class ReportItem:
    """One message of the import report."""

    severity: str
    """"信息", "注意" or "错误"."""
    message: str
    """The message, in Chinese."""
    line: int = 0
    """Source line the message is about (0 if none)."""


@dataclass
class TocEntry:
    """One entry of the printed table of contents (目录)."""

    number: int
    """Position in the TOC (1-based), as printed."""
    title: str
    """Title as printed in the TOC (whitespace squashed)."""
    doc_number: str
    """Doc number as printed in the TOC (whitespace squashed)."""
    page: int | None
    """Printed page number."""
    category: str
    """Category header (【…】) the entry is under."""
    lineno: int
    """Source line where the entry starts."""


@dataclass
class Block:
    """A paragraph, heading or table of a document body, built from source lines."""

    kind: str
    """"para", "heading", "table", "item" (one person or label line of a list) or "signature"
    (the 落款 or the 印发 line: printed lines joined by newlines, rendered as a ::: 落款 container)."""
    text: str
    """Reflowed text (for tables: rows joined by newlines, cells by two spaces)."""
    lines: list[int]
    """Source line numbers the block was built from."""
    level: int = 0
    """Markdown heading level (2–6) for headings."""
    cells: list[list[str]] | None = None
    """Rows of cells for a table rebuilt from one-cell-per-line text (header row first)."""


@dataclass
class Document:
    """One document (文件) found in the source, before rendering."""

    title: str
    """Title from the document itself."""
    doc_number: str
    """Canonical doc number, or "" if none was found."""
    printed_doc_number: str
    """Doc number as printed in the body header."""
    issuer: str = ""
    """Issuing body from the 落款."""
    date: str = ""
    """Date from the 落款, YYYY-MM-DD."""
    addressees: str = ""
    """主送 without the trailing colon."""
    category: str = ""
    """Category from the TOC section."""
    page: int | None = None
    """Page from the TOC."""
    toc_title: str = ""
    """TOC spelling of the title when it differs from the body."""
    toc_doc_number: str = ""
    """TOC spelling of the doc number when it differs after normalisation."""
    blocks: list[Block] = field(default_factory=list)
    """Body blocks in order."""
    source_lines: list[Line] = field(default_factory=list)
    """Every source line that belongs to this document (header and body)."""
    header_lines: list[int] = field(default_factory=list)
    """Lines used for title and doc number (front matter only)."""
    title_lines: list[int] = field(default_factory=list)
    """Lines of the title, when known apart from the other header lines."""
    lineno: int = 0
    """Line of the doc number in the source."""


@dataclass
class IssueInfo:
    """Issue metadata from the cover/masthead."""

    year: int | None = None
    """Year (年份)."""
    number: int | None = None
    """Issue number within the year (期)."""
    total_number: int | None = None
    """Running number (总第几期)."""
    published: str = ""
    """Publication date, YYYY-MM-DD."""
    period_start: str = ""
    """First day of the period covered."""
    period_end: str = ""
    """Last day of the period covered."""


@dataclass
class ImportResult:
    """Everything an import produces: files to write and the report."""

    files: dict[str, str]
    """Relative path (``<issue>/<name>.md``) → file content, in write order."""
    report: list[ReportItem]
    """Report items in source order."""
    documents: list[Document]
    """Documents found, in TOC order."""
    dropped: list[tuple[int, str]]
    """Dropped spans as (source line, text); empty when nothing was lost."""
    issue: IssueInfo | None = None
    """Issue metadata, when the source is a whole issue."""
