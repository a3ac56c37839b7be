"""Reading built pages in tests: visible text, links, ids."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.main: list[str] = []
        self.links: list[str] = []
        self.title = ""
        self._in_main = 0
        self._in_title = False
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "main":
            self._in_main += 1
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main -= 1
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._skip:
            return
        self.text.append(data)
        if self._in_main:
            self.main.append(data)


def read(path: Path) -> _Page:
    """Parse a built page."""
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def squash(text: str) -> str:
    """Text without any whitespace, for comparing Chinese prose across line and tag breaks."""
    return re.sub(r"\s+", "", text)


def main_text(path: Path) -> str:
    """Visible text of the page's <main>, whitespace removed."""
    return squash("".join(read(path).main))


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Visible(HTMLParser):
    """Text outside elements marked hidden (what a reader without JavaScript sees)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[bool] = []

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID:
            self.stack.append(any(k == "hidden" for k, _ in attrs) or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag not in _VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.out.append(data)


def visible_text(fragment: str) -> str:
    """Text of an HTML fragment without hidden elements, whitespace runs made one space."""
    parser = _Visible()
    parser.feed(fragment)
    return re.sub(r"\s+", " ", "".join(parser.out))
