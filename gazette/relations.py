"""How documents relate: citations, repeals, validity (filled in by the relations work)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Site
from .problems import Problems


@dataclass
class Facts:
    """What one document's own text says about other documents and about itself."""

    citations: list = field(default_factory=list)
    """Doc numbers the text quotes."""


def scan(paragraphs: list[tuple[int, str]], front: dict) -> Facts:
    """Read citations, repeals and validity from a document's paragraphs and front matter."""
    return Facts()


def link(site: Site, problems: Problems) -> None:
    """Resolve citations and repeals across the archive; set each document's status."""
