"""Markdown bodies: render to HTML and, in the same pass, read what the model needs.

One parse per document gives the body HTML (headings anchored, departments linked), the outline,
the department mentions and the names that look like departments but are not registered.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from . import htmltext, markdown_guard
from .departments import Matcher, role_in
from .model import Heading, Mention

EXCERPT_CHARS = 40


def _signature(self, tokens, idx, _options, _env) -> str:
    """The ::: 落款 container (issuer lines and date closing a document) as <div class="signature">."""
    return '<div class="signature">\n' if tokens[idx].nesting == 1 else "</div>\n"


def parser(allow_html: bool) -> MarkdownIt:
    """The Markdown parser every body goes through."""
    md = MarkdownIt("commonmark", {"html": allow_html}).enable("table").use(footnote_plugin)
    md.use(attrs_plugin, allowed=markdown_guard.ATTRIBUTES).use(container_plugin, "落款", render=_signature)
    return markdown_guard.harden(md)


@dataclass
class Body:
    """What one pass over a Markdown body yields."""

    html: str
    """Rendered HTML fragment."""
    outline: list[Heading] = field(default_factory=list)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    """Department id → first mention of each kind."""
    unregistered: list[tuple[int, str]] = field(default_factory=list)
    """(line, name) of department-like names missing from the registry."""
    text_length: int = 0
    """Characters of text in the body."""
    paragraphs: list[tuple[int, str]] = field(default_factory=list)
    """(line, plain text) of every paragraph, heading and cell; read while loading, not kept."""
    notices: list[tuple[int, str, str]] = field(default_factory=list)
    """(line, severity, message) of what the parser refused: text nested too deep, unsafe attributes."""


def anchor_for(text: str, taken: set[str]) -> str:
    """A short ASCII id for a heading, derived from its text so it survives edits elsewhere."""
    base = "s-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    anchor, n = base, 2
    while anchor in taken:
        anchor, n = f"{base}-{n}", n + 1
    taken.add(anchor)
    return anchor


_TYPE = attrgetter("type")
_INLINE = "inline".__eq__
_TEXT_OF = {"text": attrgetter("content"), "code_inline": attrgetter("content"), "hardbreak": lambda _: "\n"}
"""Child token type → its plain text (other children, such as link or emphasis marks, have none)."""


def inline_text(token: Token) -> str:
    """Plain text of an inline token (soft breaks joined without space, as Chinese is)."""
    children = token.children
    if not children:
        return ""
    if len(children) == 1 and children[0].type == "text":
        return children[0].content
    get = _TEXT_OF.get
    return "".join([f(child) for child in children if (f := get(child.type)) is not None])


def excerpt(text: str, start: int, end: int) -> str:
    """The sentence part around text[start:end], trimmed to a few dozen characters."""
    left = max(0, start - EXCERPT_CHARS)
    right = min(len(text), end + EXCERPT_CHARS)
    snippet = text[left:right].replace("\n", " ")
    return ("…" if left > 0 else "") + snippet + ("…" if right < len(text) else "")


SIGNATURE = "div.signature"
"""The 落款 block as rendered (see _signature): issuer and date are never department-linked."""


def link_departments(html: str, matcher: Matcher, prefix: str) -> str:
    """Link every registry name in the text of rendered HTML (not in headings, links or the 落款)."""
    if matcher.pattern is None:
        return html

    def link(text: str) -> str:
        return matcher.pattern.sub(
            lambda m: f'<a href="{prefix}{matcher.by_name[m.group()].url}" class="dept">{m.group()}</a>', text)

    return htmltext.rewrite_text(html, link, skip=("a", "h1", "h2", "h3", "h4", "h5", "h6", SIGNATURE))


def render(md: MarkdownIt, source: str, first_line: int, matcher: Matcher, root: str) -> Body:
    """Render a body whose first line is first_line in its file; links go to root-relative pages."""
    env: dict = {}
    tokens = md.parse(source, env)
    body = Body(html="")
    taken: set[str] = set()
    paragraphs, mentions, unregistered = body.paragraphs, body.mentions, body.unregistered
    find, not_registered = matcher.find, matcher.unregistered
    # Only inline tokens carry text (about one token in five): their positions found in C.
    inline = compress(range(len(tokens)), map(_INLINE, map(_TYPE, tokens)))
    for i in inline:
        token = tokens[i]
        text = inline_text(token)
        line = first_line + (token.map[0] if token.map else 0)
        paragraphs.append((line, text))
        opener = tokens[i - 1]
        if opener.type == "heading_open":
            level = int(opener.tag[1])
            anchor = anchor_for(text, taken)
            opener.attrs["id"] = anchor
            body.outline.append(Heading(level, text, anchor))
        matches = find(text)
        for start, end, dept in matches:
            role = role_in(text, start, end)
            kinds = mentions.get(dept.id)
            if kinds is None:
                mentions[dept.id] = [Mention(role, excerpt(text, start, end), line)]
            elif all(m.role != role for m in kinds):
                kinds.append(Mention(role, excerpt(text, start, end), line))
        if "县" in text:  # (Matcher.unregistered's own first test, saving a call per paragraph)
            unregistered += [(line, name) for name in not_registered(text, matches)]
    body.html = link_departments(md.renderer.render(tokens, md.options, env), matcher, root)
    body.text_length = sum(len(t) for _, t in paragraphs)
    body.notices = [(first_line + line, severity, message) for line, severity, message in env.get(markdown_guard.NOTICES, [])]
    return body
